//! Reading the audit trail for the admins' audit page: events matching a
//! filter (case, person, action, dates), newest first, a page at a time or
//! all of them for the CSV download. Only reads; rows are never changed.

use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;

use super::analysis::start_of;
use super::audit::AUDIT_ROW;
use super::schema::{audit_events, reports};
use super::{DbConnection, DbError};
use crate::audit::filter::{AuditFilter, Person, AUDIT_PAGE, CSV_CAP};
use crate::audit::stored::AuditRow;
use crate::review::workflow::looks_like_case_number;

type Backend = <DbConnection as Connection>::Backend;

fn filtered(f: &AuditFilter) -> audit_events::BoxedQuery<'_, Backend> {
    let mut q = audit_events::table.into_boxed();
    if let Some((number, id)) = &f.case {
        q = q
            .filter(audit_events::entity.eq("report"))
            .filter(audit_events::entity_id.eq_any([number.as_str(), id.as_str()]));
    }
    match &f.person {
        Some(Person::Staff(id)) => q = q.filter(audit_events::actor_id.eq(id)),
        Some(Person::Reporter) => {
            q = q
                .filter(audit_events::actor_id.is_null())
                .filter(audit_events::actor_role.eq("public"))
        }
        Some(Person::CommandLine) => {
            q = q
                .filter(audit_events::actor_id.is_null())
                .filter(audit_events::actor_role.eq("cli"))
        }
        None => {}
    }
    if let Some(action) = &f.action {
        q = q.filter(audit_events::action.eq(action));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_events::at_utc.ge(start_of(from)));
    }
    if let Some(to) = f.to.and_then(|d| d.succ_opt()) {
        q = q.filter(audit_events::at_utc.lt(start_of(to)));
    }
    q
}

/// One page of matching events, newest first, and how many match.
pub fn page(conn: &mut DbConnection, f: &AuditFilter) -> Result<(Vec<AuditRow>, i64), DbError> {
    let total: i64 = filtered(f).count().get_result(conn)?;
    let rows = filtered(f)
        .order(audit_events::seq.desc())
        .limit(AUDIT_PAGE)
        .offset((f.page.max(1) - 1) * AUDIT_PAGE)
        .select(AUDIT_ROW)
        .load(conn)?;
    Ok((rows, total))
}

/// Every matching event (up to [`CSV_CAP`]), oldest first.
pub fn all(conn: &mut DbConnection, f: &AuditFilter) -> Result<Vec<AuditRow>, DbError> {
    Ok(filtered(f)
        .order(audit_events::seq.asc())
        .limit(CSV_CAP)
        .select(AUDIT_ROW)
        .load(conn)?)
}

/// The actions recorded so far, for the filter's list.
pub fn actions(conn: &mut DbConnection) -> Result<Vec<String>, DbError> {
    Ok(audit_events::table
        .select(audit_events::action)
        .distinct()
        .order(audit_events::action.asc())
        .load(conn)?)
}

/// Case numbers of the reports among `ids` (older events name the report by
/// its internal id), by id.
pub fn case_numbers(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, DbError> {
    let ids: BTreeSet<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| !looks_like_case_number(id))
        .collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        out.extend(
            reports::table
                .filter(reports::id.eq_any(chunk))
                .select((reports::id, reports::case_number))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}
