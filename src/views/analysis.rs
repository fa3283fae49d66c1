//! The analysis dashboard page: filters, charts with their numbers beside
//! them, and the disproportionality table.

use askama::Template;

use super::options::Opt;
use super::report::FormState;
use super::staff::StaffBar;
use super::Layout;

/// A chart (SVG built by `analysis::charts`, reporter text escaped) and
/// the same numbers as a table.
pub struct ChartView {
    pub id: &'static str,
    pub title: &'static str,
    pub svg: String,
    pub headers: Vec<&'static str>,
    /// First cell is the row header.
    pub rows: Vec<Vec<String>>,
}

/// One row of the disproportionality table, formatted.
pub struct SignalView {
    pub substance: &'static str,
    pub reaction: String,
    pub a: u64,
    pub b: u64,
    pub c: u64,
    pub d: u64,
    pub prr: String,
    pub prr_ci: String,
    pub ror: String,
    pub ror_ci: String,
    pub chi2: String,
    pub flagged: bool,
    pub ic: String,
    /// "IC025–IC975".
    pub ic_ci: String,
    /// IC025 > 0 and a ≥ 3.
    pub ic_flagged: bool,
}

#[derive(Template)]
#[template(path = "analysis/dashboard.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    pub statuses: Vec<Opt>,
    pub seriousness: Vec<Opt>,
    pub substances: &'static [Opt],
    pub total: i64,
    pub charts: Vec<ChartView>,
    pub signals: Vec<SignalView>,
    /// A substance is filtered on: every report has it, nothing to compare.
    pub one_substance: bool,
}

#[derive(Template)]
#[template(path = "analysis/summary.html")]
pub struct SummaryPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    pub substances: &'static [Opt],
    pub s: crate::analysis::periodic::Summary,
    /// The period as a query string, for the download links.
    pub query: String,
    pub flags: Vec<SignalView>,
}
