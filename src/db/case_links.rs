//! Queries for what ties cases together on the reviewers' pages: the
//! duplicates linked to a master case, and the "new information" marker a
//! reporter's follow-up (on the case or on a duplicate of it) leaves until
//! a reviewer acts on the case.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{new_information, reports};
use super::{DbConnection, DbError};

/// Mark the case as having new information since `at` (from the duplicate
/// numbered `from_case`, or from its own reporter when `None`).
pub fn flag_new_information(
    conn: &mut DbConnection,
    report_id: &str,
    from_case: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    clear_new_information(conn, report_id)?;
    diesel::insert_into(new_information::table)
        .values((
            new_information::report_id.eq(report_id),
            new_information::since.eq(at),
            new_information::from_case.eq(from_case),
        ))
        .execute(conn)?;
    Ok(())
}

/// A reviewer acted on the case: the marker goes.
pub fn clear_new_information(conn: &mut DbConnection, report_id: &str) -> Result<(), DbError> {
    diesel::delete(new_information::table.filter(new_information::report_id.eq(report_id)))
        .execute(conn)?;
    Ok(())
}

/// Which of `ids` carry the marker: id → (since, from which duplicate).
pub fn new_information_of(
    conn: &mut DbConnection,
    ids: &[&str],
) -> Result<HashMap<String, (NaiveDateTime, Option<String>)>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(new_information::table
        .filter(new_information::report_id.eq_any(ids))
        .select((
            new_information::report_id,
            new_information::since,
            new_information::from_case,
        ))
        .load::<(String, NaiveDateTime, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, since, from)| (id, (since, from)))
        .collect())
}

/// Case numbers of the reports linked as duplicates of `master_id`,
/// oldest first.
pub fn linked_duplicates(conn: &mut DbConnection, master_id: &str) -> Result<Vec<String>, DbError> {
    Ok(reports::table
        .filter(reports::duplicate_of.eq(master_id))
        .order((reports::received_at.asc(), reports::id.asc()))
        .select(reports::case_number)
        .load(conn)?)
}
