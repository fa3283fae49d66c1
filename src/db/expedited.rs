//! A reviewer's FDA report-type decision per case (`expedited_decisions`):
//! stored as the report type's code; `review::expedited` parses it and
//! writes the audit event in the same transaction.

use crate::ids::{ReportId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::expedited_decisions as e;
use super::{DbConnection, DbError};

#[derive(Debug, Clone, PartialEq, Queryable, Insertable)]
#[diesel(table_name = e, treat_none_as_default_value = false)]
pub struct ExpeditedRow {
    pub report_id: ReportId,
    pub report_type: String,
    pub reason: Option<String>,
    pub decided_by: UserId,
    pub decided_at: NaiveDateTime,
}

/// The decision stored for `report_id`, if any.
pub fn load(
    conn: &mut DbConnection,
    report_id: &ReportId,
) -> Result<Option<ExpeditedRow>, DbError> {
    Ok(e::table
        .find(report_id)
        .select((
            e::report_id,
            e::report_type,
            e::reason,
            e::decided_by,
            e::decided_at,
        ))
        .first(conn)
        .optional()?)
}

/// Replace the decision of `row.report_id` (delete then insert: the same
/// statements on both backends).
pub fn set(conn: &mut DbConnection, row: &ExpeditedRow) -> Result<(), DbError> {
    diesel::delete(e::table.find(&row.report_id)).execute(conn)?;
    diesel::insert_into(e::table).values(row).execute(conn)?;
    Ok(())
}
