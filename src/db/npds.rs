//! A reviewer's NPDS coding of a case (`npds_codes`): reason for exposure,
//! chronicity and medical outcome for the poison-center summary (the use
//! case writing it with its audit events is `review::poison`).

use crate::ids::ReportId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::npds_codes as n;
use super::{DbConnection, DbError};
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
pub fn load(conn: &mut DbConnection, report_id: &ReportId) -> Result<Coding, DbError> {
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

/// Replace the stored coding of `report_id` with `coding`, set by `by`.
pub fn replace(
    conn: &mut DbConnection,
    report_id: &ReportId,
    coding: &Coding,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::delete(n::table.find(report_id)).execute(conn)?;
    diesel::insert_into(n::table)
        .values((
            n::report_id.eq(report_id),
            n::reason.eq(code(coding.reason)),
            n::chronicity.eq(code(coding.chronicity)),
            n::outcome.eq(code(coding.outcome)),
            n::set_by.eq(by),
            n::set_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
