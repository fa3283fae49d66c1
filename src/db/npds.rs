//! A reviewer's NPDS coding of a case (`npds_codes`): reason for exposure,
//! chronicity and medical outcome for the poison-center summary. Each
//! change is written with its audit event in the same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::npds_codes as n;
use super::{DbConnection, DbError};
use crate::audit::{self, Actor, Event};
use crate::export::poison::npds::{Chronicity, Coding, MedicalOutcome, Reason};
use crate::report::options::ClosedList;

#[derive(Queryable)]
struct Row {
    reason: Option<String>,
    chronicity: Option<String>,
    outcome: Option<String>,
    set_at: NaiveDateTime,
}

/// The reviewer's coding of `report_id`; all `None` when nobody set one.
pub fn load(conn: &mut DbConnection, report_id: &str) -> Result<Coding, DbError> {
    let row: Option<Row> = n::table
        .find(report_id)
        .select((n::reason, n::chronicity, n::outcome, n::set_at))
        .first(conn)
        .optional()?;
    Ok(row.map_or_else(Coding::default, |r| Coding {
        reason: r.reason.as_deref().and_then(Reason::from_code),
        chronicity: r.chronicity.as_deref().and_then(Chronicity::from_code),
        outcome: r.outcome.as_deref().and_then(MedicalOutcome::from_code),
        set_on: Some(r.set_at.format("%Y-%m-%d").to_string()),
    }))
}

fn code<T: ClosedList>(v: Option<T>) -> Option<&'static str> {
    v.map(T::code)
}

/// Replace the coding of `report_id` (case `case_number`), auditing each
/// field that changed; returns whether anything changed.
pub fn set(
    conn: &mut DbConnection,
    actor: &Actor,
    report_id: &str,
    case_number: &str,
    coding: &Coding,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let old = load(conn, report_id)?;
    let fields = [
        ("npds_reason", code(old.reason), code(coding.reason)),
        (
            "npds_chronicity",
            code(old.chronicity),
            code(coding.chronicity),
        ),
        ("npds_outcome", code(old.outcome), code(coding.outcome)),
    ];
    let changed: Vec<_> = fields.iter().filter(|(_, a, b)| a != b).collect();
    if changed.is_empty() {
        return Ok(false);
    }
    diesel::delete(n::table.find(report_id)).execute(conn)?;
    diesel::insert_into(n::table)
        .values((
            n::report_id.eq(report_id),
            n::reason.eq(code(coding.reason)),
            n::chronicity.eq(code(coding.chronicity)),
            n::outcome.eq(code(coding.outcome)),
            n::set_by.eq(actor.id.clone().unwrap_or_default()),
            n::set_at.eq(at),
        ))
        .execute(conn)?;
    for (field, old, new) in changed {
        let event = Event::new("npds_coded", "report", Some(case_number)).change(field, *old, *new);
        audit::append(conn, actor, event)?;
    }
    Ok(true)
}
