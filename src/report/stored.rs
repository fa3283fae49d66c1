//! A report as it was stored: the typed report with its case number, when
//! it arrived, its status, the reporter's follow-ups and the reviewer's
//! open question. `db::reports` loads it; review pages render it and the
//! exporters format it.

use crate::ids::{CaseNumber, ReportId};
use chrono::NaiveDateTime;

use super::model::NewReport;
use super::options::{CurrentState, ReportStatus};
use super::values::FreeText;

/// A stored report with its bookkeeping.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub received_at: NaiveDateTime,
    pub status: ReportStatus,
    pub report: NewReport,
    pub followups: Vec<Followup>,
    /// The reviewer's question while the status is "needs information".
    pub info_request: Option<String>,
}

/// A reporter's follow-up: how the person is now and what they added.
#[derive(Debug, Clone, PartialEq)]
pub struct Followup {
    pub received_at: NaiveDateTime,
    pub current_state: Option<CurrentState>,
    pub narrative: Option<FreeText>,
}
