//! Queries for the reviewers' side of a case: the triage state kept on
//! `reports`, notes, forwards, the case's audit history and the queue.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::analysis::start_of;
use super::audit::AuditRow;
use super::schema::{
    audit_events, causality_assessments, report_forwards, report_products, reports, review_notes,
    users,
};
use super::{DbConnection, DbError};
use crate::review::queue::{QueueFilter, PAGE_SIZE};

type Backend = <DbConnection as Connection>::Backend;

diesel::define_sql_function! {
    /// Lower-case text (both backends have it).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The triage state of one case.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
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

pub fn header(conn: &mut DbConnection, case_number: &str) -> Result<Option<CaseHeader>, DbError> {
    Ok(reports::table
        .filter(reports::case_number.eq(case_number))
        .select(CaseHeader::as_select())
        .first(conn)
        .optional()?)
}

pub fn header_by_id(conn: &mut DbConnection, id: &str) -> Result<Option<CaseHeader>, DbError> {
    Ok(reports::table
        .filter(reports::id.eq(id))
        .select(CaseHeader::as_select())
        .first(conn)
        .optional()?)
}

pub fn case_number_of(conn: &mut DbConnection, id: &str) -> Result<Option<String>, DbError> {
    Ok(reports::table
        .filter(reports::id.eq(id))
        .select(reports::case_number)
        .first(conn)
        .optional()?)
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
    id: &str,
    user_id: Option<&str>,
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

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = review_notes)]
pub struct NoteRow {
    pub id: String,
    pub report_id: String,
    pub author_id: String,
    pub created_at: NaiveDateTime,
    pub body: String,
}

pub fn insert_note(conn: &mut DbConnection, row: &NoteRow) -> Result<(), DbError> {
    diesel::insert_into(review_notes::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Notes on a case, oldest first, with the author's e-mail address.
pub fn notes(conn: &mut DbConnection, report_id: &str) -> Result<Vec<(NoteRow, String)>, DbError> {
    Ok(review_notes::table
        .inner_join(users::table)
        .filter(review_notes::report_id.eq(report_id))
        .order((review_notes::created_at.asc(), review_notes::id.asc()))
        .select((NoteRow::as_select(), users::email))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_forwards)]
pub struct ForwardRow {
    pub id: String,
    pub report_id: String,
    pub recipient: String,
    pub sent_on: String,
    pub reference: Option<String>,
    pub forwarded_by: String,
    pub recorded_at: NaiveDateTime,
}

impl ForwardRow {
    /// A forward recorded now by `forwarded_by` (a user id).
    pub fn new(
        report_id: &str,
        recipient: String,
        sent_on: String,
        reference: Option<String>,
        forwarded_by: String,
        recorded_at: NaiveDateTime,
    ) -> Self {
        Self {
            id: super::new_id(),
            report_id: report_id.to_owned(),
            recipient,
            sent_on,
            reference,
            forwarded_by,
            recorded_at,
        }
    }
}

pub fn insert_forward(conn: &mut DbConnection, row: &ForwardRow) -> Result<(), DbError> {
    diesel::insert_into(report_forwards::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn forwards(conn: &mut DbConnection, report_id: &str) -> Result<Vec<ForwardRow>, DbError> {
    Ok(report_forwards::table
        .filter(report_forwards::report_id.eq(report_id))
        .order(report_forwards::recorded_at.asc())
        .select(ForwardRow::as_select())
        .load(conn)?)
}

/// Audit events about one case, oldest first: those recorded under its
/// case number and the older ones recorded under its internal id.
pub fn history(
    conn: &mut DbConnection,
    case_number: &str,
    report_id: &str,
) -> Result<Vec<AuditRow>, DbError> {
    Ok(audit_events::table
        .filter(audit_events::entity.eq("report"))
        .filter(audit_events::entity_id.eq_any([case_number, report_id]))
        .order(audit_events::seq.asc())
        .select(AuditRow::as_select())
        .load(conn)?)
}

pub fn causality_count(conn: &mut DbConnection, report_id: &str) -> Result<i64, DbError> {
    Ok(causality_assessments::table
        .filter(causality_assessments::report_id.eq(report_id))
        .count()
        .get_result(conn)?)
}

/// E-mail address of every account, by id (for "assigned to" and authors).
pub fn staff_emails(conn: &mut DbConnection) -> Result<HashMap<String, String>, DbError> {
    Ok(users::table
        .select((users::id, users::email))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// One line of the queue.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct QueueLine {
    pub id: String,
    pub case_number: String,
    pub received_at: NaiveDateTime,
    pub status: String,
    pub report_kind: String,
    pub queue_rank: i32,
    pub ich_seriousness: Option<String>,
    pub emergency: bool,
    pub assigned_to: Option<String>,
}

/// A product as the queue lists it: (substance code, substance other, brand).
pub type QueueProduct = (String, Option<String>, Option<String>);

pub struct QueuePage {
    pub lines: Vec<(QueueLine, Vec<QueueProduct>)>,
    /// Matching cases, counted up to [`COUNT_CAP`].
    pub total: i64,
    /// More than [`COUNT_CAP`] cases match (`total` is then the cap).
    pub capped: bool,
}

/// The queue counts matching cases up to this many: an exact count of a
/// large backlog costs a scan of it on every page view, and "more than
/// 1,000" tells a reviewer as much.
pub const COUNT_CAP: i64 = 1000;

/// How a query will use the status filter (see [`queue`]).
#[derive(Clone, Copy, PartialEq)]
enum Use {
    /// Counting: the status index answers it.
    Count,
    /// One page in queue order.
    Page,
}

/// The filter as SQL; built twice (page and count) from the same code.
fn filtered<'a>(f: &'a QueueFilter, me: &'a str, usage: Use) -> reports::BoxedQuery<'a, Backend> {
    let mut q = reports::table.into_boxed();
    if let Some(statuses) = f.status.statuses() {
        let codes: Vec<&'static str> = statuses
            .iter()
            .map(|s| crate::report::options::ClosedList::code(*s))
            .collect();
        // A page of several statuses ("open") is fastest walking the queue
        // index in order and skipping the few closed cases; an indexable
        // `status IN (…)` makes both engines fetch every open case and sort
        // them all. `status || ''` is the same test that no index serves.
        // One status is an equality the (status, order) index serves in order.
        q = if usage == Use::Page && codes.len() > 1 {
            q.filter(reports::status.concat("").eq_any(codes))
        } else {
            q.filter(reports::status.eq_any(codes))
        };
    }
    if let Some(s) = f.seriousness {
        let (lo, hi) = s.ranks();
        q = q.filter(reports::queue_rank.between(lo, hi));
    }
    if let Some(substance) = f.substance {
        let code = crate::report::options::ClosedList::code(substance);
        // Correlated, so a page stops at its 50th case in queue order.
        q = q.filter(diesel::dsl::exists(
            report_products::table
                .filter(report_products::report_id.eq(reports::id))
                .filter(report_products::substance.eq(code)),
        ));
    }
    if let Some(from) = f.received_from {
        q = q.filter(reports::received_at.ge(start_of(from)));
    }
    if let Some(to) = f.received_to.and_then(|d| d.succ_opt()) {
        q = q.filter(reports::received_at.lt(start_of(to)));
    }
    if f.mine {
        q = q.filter(reports::assigned_to.eq(me));
    }
    if let Some(search) = &f.search {
        let escaped = search
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        q = q.filter(
            lower(reports::case_number)
                .like(pattern.clone())
                .escape('\\')
                .or(reports::id.eq_any(
                    report_products::table
                        .filter(
                            lower(report_products::brand.assume_not_null())
                                .like(pattern.clone())
                                .escape('\\')
                                .or(lower(report_products::substance_other.assume_not_null())
                                    .like(pattern)
                                    .escape('\\')),
                        )
                        .select(report_products::report_id),
                )),
        );
    }
    q
}

/// One page of the queue: most serious first, then oldest first (then by
/// id, so pages never overlap). The order is the `reports_queue` index.
pub fn queue(conn: &mut DbConnection, f: &QueueFilter, me: &str) -> Result<QueuePage, DbError> {
    let counted = filtered(f, me, Use::Count)
        .select(reports::id)
        .limit(COUNT_CAP + 1)
        .load::<String>(conn)?
        .len() as i64;
    let lines: Vec<QueueLine> = filtered(f, me, Use::Page)
        .order((
            reports::queue_rank.asc(),
            reports::received_at.asc(),
            reports::id.asc(),
        ))
        .limit(PAGE_SIZE)
        .offset((f.page.max(1) - 1) * PAGE_SIZE)
        .select(QueueLine::as_select())
        .load(conn)?;
    let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    let products: Vec<(String, String, Option<String>, Option<String>)> = if ids.is_empty() {
        Vec::new()
    } else {
        report_products::table
            .filter(report_products::report_id.eq_any(&ids))
            .order((report_products::report_id, report_products::position))
            .select((
                report_products::report_id,
                report_products::substance,
                report_products::substance_other,
                report_products::brand,
            ))
            .load(conn)?
    };
    let mut by_report: HashMap<String, Vec<QueueProduct>> = HashMap::new();
    for (report_id, substance, other, brand) in products {
        by_report
            .entry(report_id)
            .or_default()
            .push((substance, other, brand));
    }
    let lines = lines
        .into_iter()
        .map(|l| {
            let p = by_report.remove(&l.id).unwrap_or_default();
            (l, p)
        })
        .collect();
    Ok(QueuePage {
        lines,
        total: counted.min(COUNT_CAP),
        capped: counted > COUNT_CAP,
    })
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
