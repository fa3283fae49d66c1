//! Evidence that leaves the building. Every exporter starts from the same
//! case ([`case::CaseFile`], loaded by [`case_loader`]) or from streamed
//! read models ([`rows`]), and never reads a column that is not on its own
//! allow-list. Printable documents share one small PDF writer ([`pdf`]);
//! analysis outputs (CSV, dashboard, periodic summary) share one filter
//! ([`filter`], queried through `db::analysis::matching`) so they count the
//! same cases. The formats are pure; the use cases ([`deliver`],
//! `csv::download`, `csv::archive`, `csv::caers`) read and record, and
//! every export's audit event is written by [`audited`].

pub mod audited;
pub mod case;
pub mod case_loader;
pub mod csv;
pub mod deliver;
pub mod e2b;
pub mod fhir;
pub mod filter;
pub mod medwatch;
pub mod pdf;
pub mod poison;
pub mod rows;

/// Printed at the top of every sheet of a synthetic case (MedWatch,
/// poison center); the CSV, FHIR and E2B outputs mark them their own way.
pub const SYNTHETIC_BANNER: &str =
    "SYNTHETIC TEST CASE: made by canary generate for demonstration or load testing; not a real person or a real report. Never submit it.";
