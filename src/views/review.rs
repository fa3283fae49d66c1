//! Pages of the reviewers' workspace: the triage queue and the case page.

use askama::Template;

use super::options::Opt;
use super::report::FormState;
use super::staff::StaffBar;
use super::summary::Section;
use super::Layout;
use crate::review::completeness::Gap;

/// One line of the queue, ready to print.
pub struct QueueRow {
    pub case_number: String,
    pub received: String,
    pub waiting: String,
    pub seriousness: &'static str,
    pub confirmed: bool,
    pub serious: bool,
    pub status: &'static str,
    pub products: String,
    pub assigned: String,
    pub emergency: bool,
    /// A reporter added information no reviewer has acted on yet.
    pub new_information: bool,
    /// Another report may repeat this one and nobody has decided yet.
    pub possible_duplicate: bool,
}

#[derive(Template)]
#[template(path = "review/queue.html")]
pub struct QueuePage {
    pub layout: Layout,
    pub bar: StaffBar,
    /// The filter form (values from the query string, problems named).
    pub f: FormState,
    pub statuses: Vec<Opt>,
    pub seriousness: Vec<Opt>,
    pub substances: &'static [Opt],
    pub rows: Vec<QueueRow>,
    pub total: i64,
    /// More than `total` cases match (the count stops there).
    pub capped: bool,
    pub page: i64,
    pub pages: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Reviewers and admins get the E2B(R3) batch form.
    pub can_export: bool,
    /// Open batch and seller alerts, shown above the queue.
    pub alerts: Vec<super::alerts::AlertBanner>,
    /// Reviewers and admins may dismiss an alert.
    pub can_dismiss: bool,
}

pub struct FollowupView {
    pub received: String,
    pub state: Option<&'static str>,
    pub narrative: Option<String>,
    /// The duplicate whose reporter added it, on the master's page.
    pub via: Option<String>,
}

pub struct NoteView {
    pub at: String,
    pub author: String,
    pub body: String,
}

pub struct ForwardView {
    pub recipient: String,
    pub sent_on: String,
    pub reference: Option<String>,
    pub by: String,
}

pub struct HistoryView {
    pub at: String,
    pub who: String,
    pub what: String,
    pub reason: Option<String>,
}

/// Who opened a case, how often, and when last.
pub struct ViewSummary {
    pub who: String,
    pub times: usize,
    pub last: String,
}

/// The triage state shown at the top of a case.
pub struct CaseSummary {
    pub case_number: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub received: String,
    pub reported_seriousness: &'static str,
    /// Labels of the ICH criteria the reviewer confirmed; `None` = not yet.
    pub confirmed: Option<Vec<&'static str>>,
    pub confirmed_by: Option<String>,
    pub assigned: Option<String>,
    pub info_request: Option<String>,
    pub duplicate_of: Option<String>,
    /// Case numbers linked as duplicates of this one.
    pub duplicates: Vec<String>,
    /// Unresolved duplicate candidates (0 for a linked duplicate).
    pub candidates: usize,
    /// New information from a reporter no reviewer has acted on yet:
    /// (since, from which duplicate).
    pub new_information: Option<(String, Option<String>)>,
    pub emergency: bool,
    /// Emergency symptoms made it an important medical event until a
    /// reviewer confirms or downgrades the seriousness.
    pub emergency_default: bool,
    pub synthetic: bool,
    /// Who confirmed the scrubbed narrative and when; `None` = not yet (kept out of Safe Harbor files).
    pub narrative_confirmed: Option<String>,
    /// The FDA report type decided: (label, "who at when", reason).
    pub report_type: Option<(&'static str, String, Option<String>)>,
    /// The report type Canary proposes, and whether the case counts as serious.
    pub proposed_report_type: &'static str,
    pub serious: bool,
}

#[derive(Template)]
#[template(path = "review/case.html")]
pub struct CasePage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub case: CaseSummary,
    pub can_triage: bool,
    /// Values and problems of whichever form was just sent.
    pub f: FormState,
    /// What was just saved, for the confirmation line.
    pub saved: Option<&'static str>,
    pub next_statuses: Vec<Opt>,
    pub reviewers: Vec<Opt>,
    pub me: String,
    pub criteria: Vec<Opt>,
    /// FDA report types (15-day or not).
    pub report_types: Vec<Opt>,
    pub sections: Vec<Section>,
    pub followups: Vec<FollowupView>,
    pub gaps: Vec<Gap>,
    pub notes: Vec<NoteView>,
    pub forwards: Vec<ForwardView>,
    pub history: Vec<HistoryView>,
    pub views: Vec<ViewSummary>,
}

impl CasePage {
    /// Whether the status form offers `code`.
    pub fn offers(&self, code: &str) -> bool {
        self.next_statuses.iter().any(|o| o.code == code)
    }
}
