//! Queries for the reviewers' side of a case: the triage state kept on
//! `reports`, notes, forwards and the case's audit history. The queue is
//! [`queue`].

use crate::ids::{CaseNumber, ReportId, UserId};
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::AUDIT_ROW;
use super::schema::{
    audit_events, causality_assessments, report_forwards, reports, review_notes, users,
};
use super::{DbConnection, DbError};
use crate::audit::stored::AuditRow;
use crate::review::record::{CaseHeader, ForwardRow, NoteRow};

pub mod queue;

columns!(
    /// The columns of a [`CaseHeader`], in its fields' order.
    const HEADER = reports:
    id, case_number, received_at, status, seriousness_rank, queue_rank, assigned_to,
    ich_seriousness, ich_confirmed_by, ich_confirmed_at, info_request, info_requested_at,
    duplicate_of, emergency, synthetic, narrative_confirmed_by, narrative_confirmed_at
);

pub fn header(
    conn: &mut DbConnection,
    case_number: &CaseNumber,
) -> Result<Option<CaseHeader>, DbError> {
    Ok(reports::table
        .filter(reports::case_number.eq(case_number.as_str()))
        .select(HEADER)
        .first(conn)
        .optional()?)
}

pub fn header_by_id(conn: &mut DbConnection, id: &ReportId) -> Result<Option<CaseHeader>, DbError> {
    Ok(reports::table
        .filter(reports::id.eq(id))
        .select(HEADER)
        .first(conn)
        .optional()?)
}

pub fn case_number_of(
    conn: &mut DbConnection,
    id: &ReportId,
) -> Result<Option<CaseNumber>, DbError> {
    Ok(reports::table
        .filter(reports::id.eq(id))
        .select(reports::case_number)
        .first::<String>(conn)
        .optional()?
        .map(CaseNumber::from_stored))
}

pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set((reports::status.eq(status), reports::updated_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

pub fn set_info_request(
    conn: &mut DbConnection,
    id: &str,
    question: Option<&str>,
    at: Option<NaiveDateTime>,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set((
            reports::info_request.eq(question),
            reports::info_requested_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_duplicate_of(
    conn: &mut DbConnection,
    id: &str,
    master: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set(reports::duplicate_of.eq(master))
        .execute(conn)?;
    Ok(())
}

pub fn set_assignee(
    conn: &mut DbConnection,
    id: &ReportId,
    user_id: Option<&UserId>,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set(reports::assigned_to.eq(user_id))
        .execute(conn)?;
    Ok(())
}

/// Record the reviewer's ICH seriousness decision; the queue sorts on it.
pub fn set_seriousness(
    conn: &mut DbConnection,
    id: &str,
    criteria: &str,
    by: &str,
    at: NaiveDateTime,
    queue_rank: i32,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set((
            reports::ich_seriousness.eq(criteria),
            reports::ich_confirmed_by.eq(by),
            reports::ich_confirmed_at.eq(at),
            reports::queue_rank.eq(queue_rank),
        ))
        .execute(conn)?;
    Ok(())
}

type NoteColumns = (
    review_notes::id,
    review_notes::report_id,
    review_notes::author_id,
    review_notes::created_at,
    review_notes::body,
);

/// The columns of a [`NoteRow`], in its fields' order.
const NOTE: NoteColumns = (
    review_notes::id,
    review_notes::report_id,
    review_notes::author_id,
    review_notes::created_at,
    review_notes::body,
);

pub fn insert_note(conn: &mut DbConnection, row: &NoteRow) -> Result<(), DbError> {
    diesel::insert_into(review_notes::table)
        .values((
            review_notes::id.eq(&row.id),
            review_notes::report_id.eq(&row.report_id),
            review_notes::author_id.eq(&row.author_id),
            review_notes::created_at.eq(row.created_at),
            review_notes::body.eq(&row.body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Notes on a case, oldest first, with the author's e-mail address.
pub fn notes(
    conn: &mut DbConnection,
    report_id: &ReportId,
) -> Result<Vec<(NoteRow, String)>, DbError> {
    Ok(review_notes::table
        .inner_join(users::table)
        .filter(review_notes::report_id.eq(report_id))
        .order((review_notes::created_at.asc(), review_notes::id.asc()))
        .select((NOTE, users::email))
        .load(conn)?)
}

type ForwardColumns = (
    report_forwards::id,
    report_forwards::report_id,
    report_forwards::recipient,
    report_forwards::sent_on,
    report_forwards::reference,
    report_forwards::forwarded_by,
    report_forwards::recorded_at,
);

/// The columns of a [`ForwardRow`], in its fields' order.
const FORWARD: ForwardColumns = (
    report_forwards::id,
    report_forwards::report_id,
    report_forwards::recipient,
    report_forwards::sent_on,
    report_forwards::reference,
    report_forwards::forwarded_by,
    report_forwards::recorded_at,
);

/// A forward recorded now by `forwarded_by` (a user id), with a new id.
pub fn new_forward(
    report_id: &ReportId,
    recipient: String,
    sent_on: String,
    reference: Option<String>,
    forwarded_by: UserId,
    recorded_at: NaiveDateTime,
) -> ForwardRow {
    ForwardRow {
        id: super::new_id(),
        report_id: report_id.to_owned(),
        recipient,
        sent_on,
        reference,
        forwarded_by,
        recorded_at,
    }
}

pub fn insert_forward(conn: &mut DbConnection, row: &ForwardRow) -> Result<(), DbError> {
    diesel::insert_into(report_forwards::table)
        .values((
            report_forwards::id.eq(&row.id),
            report_forwards::report_id.eq(&row.report_id),
            report_forwards::recipient.eq(&row.recipient),
            report_forwards::sent_on.eq(&row.sent_on),
            report_forwards::reference.eq(&row.reference),
            report_forwards::forwarded_by.eq(&row.forwarded_by),
            report_forwards::recorded_at.eq(row.recorded_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn forwards(conn: &mut DbConnection, report_id: &ReportId) -> Result<Vec<ForwardRow>, DbError> {
    Ok(report_forwards::table
        .filter(report_forwards::report_id.eq(report_id))
        .order(report_forwards::recorded_at.asc())
        .select(FORWARD)
        .load(conn)?)
}

/// Audit events about one case, oldest first: those recorded under its
/// case number and the older ones recorded under its internal id.
pub fn history(
    conn: &mut DbConnection,
    case_number: &CaseNumber,
    report_id: &ReportId,
) -> Result<Vec<AuditRow>, DbError> {
    Ok(audit_events::table
        .filter(audit_events::entity.eq("report"))
        .filter(audit_events::entity_id.eq_any([case_number.as_str(), report_id]))
        .order(audit_events::seq.asc())
        .select(AUDIT_ROW)
        .load(conn)?)
}

pub fn causality_count(conn: &mut DbConnection, report_id: &ReportId) -> Result<i64, DbError> {
    Ok(causality_assessments::table
        .filter(causality_assessments::report_id.eq(report_id))
        .count()
        .get_result(conn)?)
}

/// E-mail address of every account, by id (for "assigned to" and authors).
pub fn staff_emails(conn: &mut DbConnection) -> Result<HashMap<UserId, String>, DbError> {
    Ok(users::table
        .select((users::id, users::email))
        .load::<(UserId, String)>(conn)?
        .into_iter()
        .collect())
}

/// Record that a reviewer read the scrubbed narrative and found nothing identifying in it.
pub fn confirm_narrative(
    conn: &mut DbConnection,
    id: &str,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set((
            reports::narrative_confirmed_by.eq(by),
            reports::narrative_confirmed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
