//! Evidence that leaves the building. Every exporter starts from the same
//! loaded case ([`case::CaseFile`]) or from a streamed query, and never
//! reads a column that is not on its own allow-list. Printable documents
//! share one small PDF writer ([`pdf`]); analysis outputs (CSV, dashboard,
//! periodic summary) share one filter ([`filter`], queried through
//! `db::analysis::matching`) so they count the same cases.

pub mod audited;
pub mod case;
pub mod csv;
pub mod deliver;
pub mod e2b;
pub mod fhir;
pub mod filter;
pub mod medwatch;
pub mod pdf;
pub mod poison;
