//! Pages of the interchange exports: the refusal listing failed FDA rules,
//! and a batch's refused cases before its file is made.

use askama::Template;

use super::staff::StaffBar;
use super::Layout;

pub struct FailedRule {
    pub case: String,
    pub rule: &'static str,
    pub element: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "export/refused.html")]
pub struct RefusedPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub cases: Vec<String>,
    pub failed: Vec<FailedRule>,
    /// A case number in the request that names no case (nothing exported).
    pub unknown: Option<String>,
    /// A batch: every case in it was refused.
    pub batch: bool,
}

/// A batch with refused cases, before any file is made: each refused case
/// with its rules, and a button for the file of the cases that pass.
#[derive(Template)]
#[template(path = "export/batch_refusals.html")]
pub struct BatchRefusalsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    /// The batch's case numbers as sent, for the form that re-posts them.
    pub cases_field: String,
    pub total: usize,
    /// How many cases the file would hold.
    pub written: usize,
    pub refused_cases: Vec<String>,
    pub refused: Vec<FailedRule>,
}
