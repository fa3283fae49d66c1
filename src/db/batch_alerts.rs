//! Queries for batch and seller alerts: the lots and sellers named by recent
//! reports, the alerts (one row per lot or seller key, ever) and the cases
//! each lists.

use crate::ids::{CaseNumber, ReportId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{batch_alert_cases, batch_alerts, report_products, reports};
use super::{DbConnection, DbError};

/// One product of a recent report that names a lot or a seller.
#[derive(Debug, Clone, Queryable)]
pub struct Naming {
    pub report_id: ReportId,
    pub case_number: CaseNumber,
    pub received_at: NaiveDateTime,
    pub lot: Option<String>,
    pub seller: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = batch_alerts, treat_none_as_default_value = false)]
pub struct AlertRow {
    pub id: String,
    pub kind: String,
    pub alert_key: String,
    pub label: String,
    pub status: String,
    pub raised_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub dismissed_at: Option<NaiveDateTime>,
    pub dismissed_by: Option<String>,
    pub dismiss_reason: Option<String>,
}

/// An alert's cases: case number and received time.
pub type AlertCases = Vec<(String, NaiveDateTime)>;

pub const OPEN: &str = "open";
pub const DISMISSED: &str = "dismissed";

/// Products naming a lot or seller, of reports received since `since`,
/// oldest report first.
pub fn named_since(conn: &mut DbConnection, since: NaiveDateTime) -> Result<Vec<Naming>, DbError> {
    Ok(report_products::table
        .inner_join(reports::table)
        .filter(reports::received_at.ge(since))
        .filter(
            report_products::lot
                .is_not_null()
                .or(report_products::seller.is_not_null()),
        )
        .order((reports::received_at.asc(), reports::id.asc()))
        .select((
            reports::id,
            reports::case_number,
            reports::received_at,
            report_products::lot,
            report_products::seller,
        ))
        .load(conn)?)
}

pub fn find(conn: &mut DbConnection, kind: &str, key: &str) -> Result<Option<AlertRow>, DbError> {
    Ok(batch_alerts::table
        .filter(batch_alerts::kind.eq(kind))
        .filter(batch_alerts::alert_key.eq(key))
        .select(AlertRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_id(conn: &mut DbConnection, id: &str) -> Result<Option<AlertRow>, DbError> {
    Ok(batch_alerts::table
        .find(id)
        .select(AlertRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConnection, row: &AlertRow) -> Result<(), DbError> {
    diesel::insert_into(batch_alerts::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The report ids an alert lists.
pub fn report_ids(conn: &mut DbConnection, alert_id: &str) -> Result<Vec<ReportId>, DbError> {
    Ok(batch_alert_cases::table
        .filter(batch_alert_cases::alert_id.eq(alert_id))
        .select(batch_alert_cases::report_id)
        .load(conn)?)
}

pub fn add_cases(
    conn: &mut DbConnection,
    alert_id: &str,
    report_ids: &[ReportId],
    at: NaiveDateTime,
) -> Result<(), DbError> {
    for report_id in report_ids {
        diesel::insert_into(batch_alert_cases::table)
            .values((
                batch_alert_cases::alert_id.eq(alert_id),
                batch_alert_cases::report_id.eq(report_id),
                batch_alert_cases::added_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Mark the alert open (again) and updated at `at`; a re-raised alert
/// forgets its dismissal here, the audit trail keeps it.
pub fn open(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(batch_alerts::table.find(id))
        .set((
            batch_alerts::status.eq(OPEN),
            batch_alerts::updated_at.eq(at),
            batch_alerts::dismissed_at.eq(None::<NaiveDateTime>),
            batch_alerts::dismissed_by.eq(None::<String>),
            batch_alerts::dismiss_reason.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Dismiss an open alert; false when it was not open.
pub fn dismiss(
    conn: &mut DbConnection,
    id: &str,
    by: &str,
    reason: &str,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        batch_alerts::table
            .find(id)
            .filter(batch_alerts::status.eq(OPEN)),
    )
    .set((
        batch_alerts::status.eq(DISMISSED),
        batch_alerts::updated_at.eq(at),
        batch_alerts::dismissed_at.eq(Some(at)),
        batch_alerts::dismissed_by.eq(Some(by)),
        batch_alerts::dismiss_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Open alerts, most recently updated first, each with its cases (case
/// number and received time, oldest first).
pub fn open_with_cases(conn: &mut DbConnection) -> Result<Vec<(AlertRow, AlertCases)>, DbError> {
    let alerts: Vec<AlertRow> = batch_alerts::table
        .filter(batch_alerts::status.eq(OPEN))
        .order((batch_alerts::updated_at.desc(), batch_alerts::id.asc()))
        .select(AlertRow::as_select())
        .load(conn)?;
    let mut out = Vec::with_capacity(alerts.len());
    for alert in alerts {
        let cases = cases_of(conn, &alert.id)?;
        out.push((alert, cases));
    }
    Ok(out)
}

/// The cases an alert lists: case number and received time, oldest first.
pub fn cases_of(
    conn: &mut DbConnection,
    alert_id: &str,
) -> Result<Vec<(String, NaiveDateTime)>, DbError> {
    Ok(batch_alert_cases::table
        .inner_join(reports::table)
        .filter(batch_alert_cases::alert_id.eq(alert_id))
        .order((reports::received_at.asc(), reports::case_number.asc()))
        .select((reports::case_number, reports::received_at))
        .load(conn)?)
}
