//! Queries for reports, their products, co-used substances, reactions and
//! follow-ups, and the mapping between typed reports and rows.

use crate::ids::{CaseNumber, ReportId};
use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    case_counters, followups, report_co_used, report_products, report_reactions, reports,
};
use super::{new_id, DbConnection, DbError};
use crate::report::model::{MedicineChange, NewReport, Product};
use crate::report::options::*;
use crate::report::symptoms::{Symptom, WithdrawalSymptom};
use crate::report::values::*;

mod rows;
use crate::report::stored::{Followup, StoredReport};
pub use rows::{ProductRow, ReportRow};

/// What the database keeps about a submission besides the report itself.
pub struct SubmissionKeys {
    pub idempotency_hash: String,
    pub followup_code_hash: String,
}

/// The case number of the report submitted with this idempotency hash, if any.
pub fn case_for_idempotency(
    conn: &mut DbConnection,
    hash: &str,
) -> Result<Option<CaseNumber>, DbError> {
    let found: Vec<String> = reports::table
        .filter(reports::idempotency_hash.eq(hash))
        .select(reports::case_number)
        .load(conn)?;
    Ok(found.into_iter().next().map(CaseNumber::from_stored))
}

/// Mark a form token as having made a report; false when it already had.
/// Tokens past any form's lifetime are forgotten (they are refused anyway).
pub fn spend_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    use super::schema::spent_form_tokens::dsl as t;
    let spent: i64 = t::spent_form_tokens
        .filter(t::token_hash.eq(token_hash))
        .count()
        .get_result(conn)?;
    if spent > 0 {
        return Ok(false);
    }
    let forget_before = now - chrono::TimeDelta::days(SPENT_TOKEN_DAYS);
    diesel::delete(t::spent_form_tokens.filter(t::spent_at.lt(forget_before))).execute(conn)?;
    diesel::insert_into(t::spent_form_tokens)
        .values((t::token_hash.eq(token_hash), t::spent_at.eq(now)))
        .execute(conn)?;
    Ok(true)
}

/// How long a spent token is remembered: longer than any form lives.
const SPENT_TOKEN_DAYS: i64 = 31;

/// Next case number for `year`, e.g. `CAN-2026-000123`. The counter row is
/// updated in the caller's transaction, so numbers are unique across every
/// app instance sharing the database.
fn next_case_number(conn: &mut DbConnection, year: i32) -> Result<CaseNumber, DbError> {
    use case_counters::dsl as c;
    let row = (c::year.eq(year), c::last_value.eq(1));
    // `.get_results` runs the statement to completion: `.get_result` with
    // RETURNING would leave it open and stop SQLite's WAL checkpoints.
    let values: Vec<i32> = match conn {
        DbConnection::Sqlite(conn) => diesel::insert_into(c::case_counters)
            .values(row)
            .on_conflict(c::year)
            .do_update()
            .set(c::last_value.eq(c::last_value + 1))
            .returning(c::last_value)
            .get_results(conn)?,
        DbConnection::Postgres(conn) => diesel::insert_into(c::case_counters)
            .values(row)
            .on_conflict(c::year)
            .do_update()
            .set(c::last_value.eq(c::last_value + 1))
            .returning(c::last_value)
            .get_results(conn)?,
    };
    let n = values
        .into_iter()
        .next()
        .ok_or_else(|| DbError::Corrupt("case counter".into()))?;
    Ok(CaseNumber::numbered(
        "CAN",
        year,
        u64::try_from(n).unwrap_or(0),
        6,
    ))
}

/// Store a report and return its case number. A repeated idempotency hash
/// returns the first report's case number and stores nothing.
pub fn insert(
    conn: &mut DbConnection,
    report: &NewReport,
    keys: &SubmissionKeys,
    now: NaiveDateTime,
) -> Result<CaseNumber, DbError> {
    if let Some(case) = case_for_idempotency(conn, &keys.idempotency_hash)? {
        return Ok(case);
    }
    insert_new(conn, report, keys, now)
}

/// Store a report whose idempotency hash the caller has just checked is new
/// (in the same transaction) and return its case number.
pub fn insert_new(
    conn: &mut DbConnection,
    report: &NewReport,
    keys: &SubmissionKeys,
    now: NaiveDateTime,
) -> Result<CaseNumber, DbError> {
    let case_number = next_case_number(conn, now.year())?;
    let id = ReportId::fresh();
    let row = ReportRow::new(&id, &case_number, report, keys, now);
    diesel::insert_into(reports::table)
        .values(&row)
        .execute(conn)?;
    for (position, product) in report.products.iter().enumerate() {
        let row = ProductRow::new(&id, position, product);
        diesel::insert_into(report_products::table)
            .values(&row)
            .execute(conn)?;
    }
    for substance in &report.co_used {
        let row = (
            report_co_used::id.eq(new_id()),
            report_co_used::report_id.eq(&id),
            report_co_used::substance.eq(substance.code()),
        );
        diesel::insert_into(report_co_used::table)
            .values(row)
            .execute(conn)?;
    }
    let reactions = report
        .symptoms
        .iter()
        .map(|s| (s.code(), false, None))
        .chain(
            report
                .withdrawal
                .iter()
                .map(|(w, sev)| (w.code(), true, Some(sev.code()))),
        );
    for (code, withdrawal, severity) in reactions {
        let row = (
            report_reactions::id.eq(new_id()),
            report_reactions::report_id.eq(&id),
            report_reactions::code.eq(code),
            report_reactions::withdrawal.eq(withdrawal),
            report_reactions::severity.eq(severity),
        );
        diesel::insert_into(report_reactions::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(case_number)
}

/// Load a whole report by case number.
pub fn load_by_case(
    conn: &mut DbConnection,
    case_number: &CaseNumber,
) -> Result<Option<StoredReport>, DbError> {
    let rows: Vec<ReportRow> = reports::table
        .filter(reports::case_number.eq(case_number.as_str()))
        .select(ReportRow::as_select())
        .load(conn)?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let products: Vec<ProductRow> = report_products::table
        .filter(report_products::report_id.eq(&row.id))
        .order(report_products::position)
        .select(ProductRow::as_select())
        .load(conn)?;
    let co_used: Vec<String> = report_co_used::table
        .filter(report_co_used::report_id.eq(&row.id))
        .select(report_co_used::substance)
        .load(conn)?;
    let reactions: Vec<(String, bool, Option<String>)> = report_reactions::table
        .filter(report_reactions::report_id.eq(&row.id))
        .select((
            report_reactions::code,
            report_reactions::withdrawal,
            report_reactions::severity,
        ))
        .load(conn)?;
    let followups: Vec<(NaiveDateTime, Option<String>, String)> = followups::table
        .filter(followups::report_id.eq(&row.id))
        .order(followups::received_at)
        .select((
            followups::received_at,
            followups::current_state,
            followups::narrative,
        ))
        .load(conn)?;
    let followups = followups
        .into_iter()
        .map(|(received_at, state, narrative)| {
            Ok(Followup {
                received_at,
                current_state: state.as_deref().map(code::<CurrentState>).transpose()?,
                narrative: FreeText::from_stored(narrative),
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let status = row.status.clone();
    let id = row.id.clone();
    let mut stored = row.into_stored(products, co_used, reactions, followups)?;
    if status == ReportStatus::NeedsInfo.code() {
        stored.info_request = reports::table
            .filter(reports::id.eq(&id))
            .select(reports::info_request)
            .first(conn)?;
    }
    Ok(Some(stored))
}

/// Database ids of a report's products, in the report's product order.
pub fn product_ids(conn: &mut DbConnection, report_id: &ReportId) -> Result<Vec<String>, DbError> {
    Ok(report_products::table
        .filter(report_products::report_id.eq(report_id))
        .order(report_products::position)
        .select(report_products::id)
        .load(conn)?)
}

/// Bookkeeping needed to check a follow-up code.
pub struct CodeCheck {
    pub report_id: ReportId,
    pub code_hash: String,
    pub failures: i32,
    pub locked_until: Option<NaiveDateTime>,
}

pub fn code_check(
    conn: &mut DbConnection,
    case_number: &CaseNumber,
) -> Result<Option<CodeCheck>, DbError> {
    let rows: Vec<(ReportId, String, i32, Option<NaiveDateTime>)> = reports::table
        .filter(reports::case_number.eq(case_number))
        .select((
            reports::id,
            reports::followup_code_hash,
            reports::followup_failures,
            reports::followup_locked_until,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .next()
        .map(|(report_id, code_hash, failures, locked_until)| CodeCheck {
            report_id,
            code_hash,
            failures,
            locked_until,
        }))
}

/// Record the outcome of a code check: count failures, lock after too many.
pub fn record_code_attempt(
    conn: &mut DbConnection,
    report_id: &ReportId,
    failures: i32,
    locked_until: Option<NaiveDateTime>,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(report_id)))
        .set((
            reports::followup_failures.eq(failures),
            reports::followup_locked_until.eq(locked_until),
        ))
        .execute(conn)?;
    Ok(())
}

/// Add a reporter's follow-up; a repeated idempotency hash stores nothing.
/// True when it was stored now.
pub fn insert_followup(
    conn: &mut DbConnection,
    report_id: &ReportId,
    idempotency_hash: &str,
    followup: &Followup,
    scrubbed_kinds: &str,
) -> Result<bool, DbError> {
    let exists: Vec<String> = followups::table
        .filter(followups::idempotency_hash.eq(idempotency_hash))
        .select(followups::id)
        .load(conn)?;
    if !exists.is_empty() {
        return Ok(false);
    }
    let row = (
        followups::id.eq(new_id()),
        followups::report_id.eq(report_id),
        followups::idempotency_hash.eq(idempotency_hash),
        followups::received_at.eq(followup.received_at),
        followups::current_state.eq(followup.current_state.map(|s| s.code())),
        followups::narrative.eq(followup
            .narrative
            .as_ref()
            .map(|n| n.as_str())
            .unwrap_or("")),
        followups::scrubbed_kinds.eq(scrubbed_kinds),
    );
    diesel::insert_into(followups::table)
        .values(row)
        .execute(conn)?;
    diesel::update(reports::table.filter(reports::id.eq(report_id)))
        .set(reports::updated_at.eq(followup.received_at))
        .execute(conn)?;
    Ok(true)
}

/// A cheap query touching the reports table (for the health check).
pub fn ping(conn: &mut DbConnection) -> Result<(), DbError> {
    let _: Vec<String> = reports::table.select(reports::id).limit(1).load(conn)?;
    Ok(())
}

/// Number of stored reports.
pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(reports::table.count().get_result(conn)?)
}

/// Number of reports in each workflow status (statuses with none are absent).
pub fn count_by_status(conn: &mut DbConnection) -> Result<Vec<(ReportStatus, i64)>, DbError> {
    let rows: Vec<(String, i64)> = reports::table
        .group_by(reports::status)
        .select((reports::status, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(|(status, n)| Ok((code(&status)?, n)))
        .collect()
}

/// Parse a stored code back into its closed list.
fn code<T: ClosedList>(value: &str) -> Result<T, DbError> {
    T::from_code(value).ok_or_else(|| DbError::Corrupt(format!("unknown code {value:?}")))
}

fn codes<T: ClosedList>(value: &str) -> Result<Vec<T>, DbError> {
    value
        .split(',')
        .filter(|c| !c.is_empty())
        .map(code)
        .collect()
}

fn join_codes<T: ClosedList>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.code())
        .collect::<Vec<_>>()
        .join(",")
}

fn text(value: Option<&FreeText>) -> Option<String> {
    value.map(|t| t.as_str().to_owned())
}

fn stored_text(value: Option<String>) -> Option<FreeText> {
    value.and_then(FreeText::from_stored)
}

fn month(value: Option<YearMonth>) -> Option<String> {
    value.map(|m| m.to_string())
}

fn stored_month(value: Option<String>) -> Result<Option<YearMonth>, DbError> {
    let far_future = chrono::NaiveDate::MAX;
    value
        .map(|v| {
            YearMonth::parse(&v, far_future)
                .map_err(|e| DbError::Corrupt(format!("month {v:?}: {e}")))
        })
        .transpose()
}

fn span(value: Option<i32>, unit: Option<String>) -> Result<Option<Span>, DbError> {
    match (value, unit) {
        (Some(v), Some(u)) => Span::new(v as u32, code(&u)?)
            .map(Some)
            .ok_or_else(|| DbError::Corrupt(format!("span {v}"))),
        _ => Ok(None),
    }
}

/// Every case number, in order (for checks that read each report).
pub fn case_numbers(conn: &mut DbConnection) -> Result<Vec<CaseNumber>, DbError> {
    Ok(reports::table
        .select(reports::case_number)
        .order(reports::case_number)
        .load::<String>(conn)?
        .into_iter()
        .map(CaseNumber::from_stored)
        .collect())
}
