//! Bulk storage of synthetic reports (`canary generate`): row structs for
//! every table a generated case touches, and one multi-row INSERT per table
//! and chunk instead of one statement per row. Callers wrap a whole batch in
//! one transaction.

use crate::ids::{ReportId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::reports::{ProductRow, ReportRow};
use super::schema::{
    causality_assessments, coded_reactions, expedited_decisions, followups, report_co_used,
    report_forwards, report_products, report_reactions, reports, review_notes,
};
use super::{DbConnection, DbError};

/// Prefix of synthetic case numbers (`SYN-2026-0000123`); real ones start `CAN-`.
pub const CASE_PREFIX: &str = "SYN";
/// Digits of the sequence part; the highest stored one is found by string order.
pub const SEQUENCE_DIGITS: usize = 7;

/// A report row with the reviewers' columns, which `ReportRow` leaves out.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports, treat_none_as_default_value = false)]
pub struct SyntheticReportRow {
    #[diesel(embed)]
    pub base: ReportRow,
    pub assigned_to: Option<UserId>,
    pub ich_seriousness: Option<String>,
    pub ich_confirmed_by: Option<UserId>,
    pub ich_confirmed_at: Option<NaiveDateTime>,
    pub info_request: Option<String>,
    pub info_requested_at: Option<NaiveDateTime>,
    pub duplicate_of: Option<ReportId>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = report_co_used)]
pub struct CoUsedRow {
    pub id: String,
    pub report_id: ReportId,
    pub substance: &'static str,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = report_reactions, treat_none_as_default_value = false)]
pub struct ReactionRow {
    pub id: String,
    pub report_id: ReportId,
    pub code: &'static str,
    pub withdrawal: bool,
    pub severity: Option<&'static str>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = followups, treat_none_as_default_value = false)]
pub struct FollowupRow {
    pub id: String,
    pub report_id: ReportId,
    pub idempotency_hash: String,
    pub received_at: NaiveDateTime,
    pub current_state: Option<&'static str>,
    pub narrative: String,
    pub scrubbed_kinds: &'static str,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = coded_reactions, treat_none_as_default_value = false)]
pub struct CodedReactionRow {
    pub id: String,
    pub report_id: ReportId,
    pub term: &'static str,
    pub source: String,
    pub meddra_code: Option<String>,
    pub meddra_version: Option<String>,
    /// NULL: the synthetic reviewer keeps the reporter's case-level answers.
    pub outcome: Option<String>,
    pub coded_by: UserId,
    pub coded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = causality_assessments)]
pub struct CausalityRow {
    pub id: String,
    pub report_id: ReportId,
    pub product_id: String,
    pub event_assessed: String,
    pub who_umc: &'static str,
    pub naranjo_answers: String,
    pub naranjo_score: i32,
    pub naranjo_band: &'static str,
    pub rationale: String,
    pub assessed_by: UserId,
    pub assessed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = report_forwards, treat_none_as_default_value = false)]
pub struct ForwardRow {
    pub id: String,
    pub report_id: ReportId,
    pub recipient: &'static str,
    pub sent_on: String,
    pub reference: Option<String>,
    pub forwarded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = review_notes)]
pub struct NoteRow {
    pub id: String,
    pub report_id: ReportId,
    pub author_id: UserId,
    pub created_at: NaiveDateTime,
    pub body: &'static str,
}

/// Every row of a batch of generated cases, parents before children.
#[derive(Debug, Default)]
pub struct Batch {
    pub reports: Vec<SyntheticReportRow>,
    pub products: Vec<ProductRow>,
    pub co_used: Vec<CoUsedRow>,
    pub reactions: Vec<ReactionRow>,
    pub followups: Vec<FollowupRow>,
    pub coded: Vec<CodedReactionRow>,
    pub causality: Vec<CausalityRow>,
    pub forwards: Vec<ForwardRow>,
    pub notes: Vec<NoteRow>,
    pub expedited: Vec<super::expedited::ExpeditedRow>,
}

/// Insert a whole batch on a concrete connection. Each table goes in
/// statements of a fixed number of rows (`&[T; N]` has a static query id,
/// so diesel prepares each statement once and reuses it), the remainder in
/// one more statement.
macro_rules! insert_all {
    ($conn:expr, $b:expr) => {{
        let conn = $conn;
        let b = $b;
        insert_all!(@one conn, reports::table, b.reports, 100);
        insert_all!(@one conn, report_products::table, b.products, 300);
        insert_all!(@one conn, report_co_used::table, b.co_used, 1000);
        insert_all!(@one conn, report_reactions::table, b.reactions, 1000);
        insert_all!(@one conn, followups::table, b.followups, 300);
        insert_all!(@one conn, coded_reactions::table, b.coded, 300);
        insert_all!(@one conn, causality_assessments::table, b.causality, 300);
        insert_all!(@one conn, report_forwards::table, b.forwards, 300);
        insert_all!(@one conn, review_notes::table, b.notes, 300);
        insert_all!(@one conn, expedited_decisions::table, b.expedited, 300);
    }};
    (@one $conn:expr, $table:expr, $rows:expr, $n:literal) => {{
        let mut chunks = $rows.chunks_exact($n);
        for chunk in &mut chunks {
            let rows: &[_; $n] = chunk
                .try_into()
                .map_err(|_| DbError::Corrupt("batch chunk".into()))?;
            diesel::insert_into($table).values(rows).execute($conn)?;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            diesel::insert_into($table).values(rest).execute($conn)?;
        }
    }};
}

/// Insert a whole batch (in the caller's transaction). Diesel's
/// `MultiConnection` has no multi-row INSERT, so this is written once and
/// run on the concrete connection of each backend.
pub fn insert_batch(conn: &mut DbConnection, b: &Batch) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(c) => insert_all!(c, b),
        DbConnection::Postgres(c) => insert_all!(c, b),
    }
    Ok(())
}

/// The highest synthetic sequence number stored (0 when there is none), so
/// a second run continues the series instead of colliding with it.
pub fn last_sequence(conn: &mut DbConnection) -> Result<u64, DbError> {
    let pattern = format!("{CASE_PREFIX}-%");
    // `SYN-YYYY-` is 9 characters; the fixed-width sequence sorts as text.
    let highest: Option<String> = reports::table
        .filter(reports::synthetic.eq(true))
        .filter(reports::case_number.like(pattern))
        .select(diesel::dsl::max(
            diesel::dsl::sql::<diesel::sql_types::Text>("substr(case_number, 10)"),
        ))
        .first(conn)?;
    match highest {
        None => Ok(0),
        Some(s) => s
            .parse()
            .map_err(|_| DbError::Corrupt(format!("synthetic case sequence {s:?}"))),
    }
}

/// Per-connection settings for a long bulk load on SQLite: a page cache
/// large enough for the indexes being appended to (256 MiB), and a WAL
/// checkpoint every 256 MiB instead of every 4 MiB (each checkpoint costs
/// fsyncs). Commits stay durable (`synchronous` is unchanged).
pub fn tune_for_bulk(conn: &mut DbConnection) -> Result<(), DbError> {
    use diesel::connection::SimpleConnection;
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute(
            "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 65536;",
        )?;
    }
    Ok(())
}

/// Undo [`tune_for_bulk`] and fold the WAL back into the database file.
pub fn end_bulk(conn: &mut DbConnection) -> Result<(), DbError> {
    use diesel::connection::SimpleConnection;
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute(
            "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = -2000;",
        )?;
    }
    Ok(())
}
