//! The admins' audit page: the filter form, one page of events in plain
//! words, and links to the other pages and the CSV download.

use askama::Template;

use super::options::Opt;
use super::report::FormState;
use super::staff::StaffBar;
use super::Layout;

/// One event as the audit page prints it.
pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub who: String,
    pub role: String,
    /// The case number when the event is about a case.
    pub case: Option<String>,
    pub what: String,
    pub reason: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    pub people: Vec<Opt>,
    pub actions: Vec<Opt>,
    pub lines: Vec<AuditLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// This filter's query string, for the CSV link.
    pub query: String,
}
