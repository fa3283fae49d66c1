//! A case's review as stored, as the pages, the exports and the use cases
//! read it: the triage state kept on the report (`CaseHeader`), the
//! reviewers' notes and the recorded forwards. `db::review` maps its rows
//! into these.

use crate::ids::{CaseNumber, ReportId, UserId};
use chrono::NaiveDateTime;

/// The triage state of one case.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct CaseHeader {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub received_at: NaiveDateTime,
    pub status: String,
    pub seriousness_rank: i32,
    pub queue_rank: i32,
    pub assigned_to: Option<UserId>,
    pub ich_seriousness: Option<String>,
    pub ich_confirmed_by: Option<UserId>,
    pub ich_confirmed_at: Option<NaiveDateTime>,
    pub info_request: Option<String>,
    pub info_requested_at: Option<NaiveDateTime>,
    pub duplicate_of: Option<ReportId>,
    pub emergency: bool,
    pub synthetic: bool,
    pub narrative_confirmed_by: Option<UserId>,
    pub narrative_confirmed_at: Option<NaiveDateTime>,
}

/// A reviewer's note on a case.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct NoteRow {
    pub id: String,
    pub report_id: ReportId,
    pub author_id: UserId,
    pub created_at: NaiveDateTime,
    pub body: String,
}

/// A forward of the case to someone outside Canary, as recorded.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct ForwardRow {
    pub id: String,
    pub report_id: ReportId,
    pub recipient: String,
    pub sent_on: String,
    pub reference: Option<String>,
    pub forwarded_by: UserId,
    pub recorded_at: NaiveDateTime,
}
