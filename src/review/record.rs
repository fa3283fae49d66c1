//! A case's review as stored, as the pages, the exports and the use cases
//! read it: the triage state kept on the report (`CaseHeader`), the
//! reviewers' notes and the recorded forwards. `db::review` maps its rows
//! into these.

use chrono::NaiveDateTime;

/// The triage state of one case.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct CaseHeader {
    pub id: String,
    pub case_number: String,
    pub received_at: NaiveDateTime,
    pub status: String,
    pub seriousness_rank: i32,
    pub queue_rank: i32,
    pub assigned_to: Option<String>,
    pub ich_seriousness: Option<String>,
    pub ich_confirmed_by: Option<String>,
    pub ich_confirmed_at: Option<NaiveDateTime>,
    pub info_request: Option<String>,
    pub info_requested_at: Option<NaiveDateTime>,
    pub duplicate_of: Option<String>,
    pub emergency: bool,
    pub synthetic: bool,
    pub narrative_confirmed_by: Option<String>,
    pub narrative_confirmed_at: Option<NaiveDateTime>,
}

/// A reviewer's note on a case.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct NoteRow {
    pub id: String,
    pub report_id: String,
    pub author_id: String,
    pub created_at: NaiveDateTime,
    pub body: String,
}

/// A forward of the case to someone outside Canary, as recorded.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct ForwardRow {
    pub id: String,
    pub report_id: String,
    pub recipient: String,
    pub sent_on: String,
    pub reference: Option<String>,
    pub forwarded_by: String,
    pub recorded_at: NaiveDateTime,
}
