//! The public data page (`/data`, no sign-in): counts of reviewed, real,
//! non-duplicate reports by substance, product form, symptom group, coded
//! reaction, seriousness, outcome, month and state, with small counts
//! suppressed ([`suppression`]), drawn as SVG ([`chart`]) and offered as
//! CSV ([`csv`]). [`page`] is the use case that loads and assembles it.

pub mod chart;
pub mod csv;
pub mod page;
pub mod suppression;
pub mod tables;

use crate::report::options::ReportStatus;

/// Statuses a report has once a reviewer assessed it (the workflow reaches
/// them only through "assessed"). A report counts on the public page only
/// in one of these, with its seriousness confirmed by a reviewer, not
/// synthetic (`canary generate`) and not linked as a duplicate of another.
pub const REVIEWED: [ReportStatus; 3] = [
    ReportStatus::Assessed,
    ReportStatus::Forwarded,
    ReportStatus::Closed,
];
