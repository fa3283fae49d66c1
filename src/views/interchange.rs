//! Pages of the interchange exports: the refusal listing failed FDA rules.

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
}
