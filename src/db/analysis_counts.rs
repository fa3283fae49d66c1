//! GROUP BY counts behind the dashboard and the periodic summary. Every
//! query starts from `analysis::matching`, so each counts the same reports
//! as the CSV export (linked duplicates once); child rows are counted as
//! distinct reports.

use diesel::dsl::{count, count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::analysis::{filter_reports, matching};
use super::schema::{report_products, report_reactions, reports};

use super::{DbConnection, DbError};
use crate::export::filter::AnalysisFilter;
use crate::report::options::{ClosedList, ProductRole};

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    report_products::substance,
    report_reactions::code,
    report_reactions::withdrawal,
);

/// `YYYY-MM` of `received_at`, in each backend's own dialect (the only
/// per-backend SQL here).
pub(crate) fn month_sql(conn: &DbConnection) -> &'static str {
    match conn {
        DbConnection::Sqlite(_) => "strftime('%Y-%m', reports.received_at)",
        DbConnection::Postgres(_) => "to_char(reports.received_at, 'YYYY-MM')",
    }
}

/// Reports matching the filter.
pub fn total(conn: &mut DbConnection, f: &AnalysisFilter) -> Result<i64, DbError> {
    Ok(matching(f).count().get_result(conn)?)
}

/// Reactions that count: every symptom, and withdrawal symptoms rated above "none".
macro_rules! counted_reaction {
    () => {
        report_reactions::withdrawal
            .eq(false)
            .or(report_reactions::severity.ne("none"))
    };
}

/// (month `YYYY-MM`, queue rank, reports), oldest month first.
pub fn by_month_and_rank(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, i32, i64)>, DbError> {
    let month = month_sql(conn);
    let q = reports::table
        .group_by(sql::<Text>(&format!("{month}, reports.queue_rank")))
        .select((
            sql::<Text>(month),
            sql::<Integer>("reports.queue_rank"),
            count_star(),
        ))
        .into_boxed();
    Ok(filter_reports!(q, f)
        .order_by(sql::<Text>(month))
        .load(conn)?)
}

/// (current state code, reports).
pub fn by_current_state(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, i64)>, DbError> {
    let q = reports::table
        .group_by(reports::current_state)
        .select((reports::current_state, count_star()))
        .into_boxed();
    Ok(filter_reports!(q, f).load(conn)?)
}

/// (substance code, reports naming it in any role).
pub fn by_substance(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, i64)>, DbError> {
    let q = report_products::table
        .inner_join(reports::table)
        .group_by(report_products::substance)
        .select((
            report_products::substance,
            count(report_products::report_id).aggregate_distinct(),
        ))
        .into_boxed();
    Ok(filter_reports!(q, f).load(conn)?)
}

/// (product form code, reports naming a product of that form).
pub fn by_form(conn: &mut DbConnection, f: &AnalysisFilter) -> Result<Vec<(String, i64)>, DbError> {
    let q = report_products::table
        .inner_join(reports::table)
        .group_by(report_products::form)
        .select((
            report_products::form,
            count(report_products::report_id).aggregate_distinct(),
        ))
        .into_boxed();
    Ok(filter_reports!(q, f).load(conn)?)
}

/// (reaction code, withdrawal?, reports) — withdrawal symptoms rated
/// "none" are not reactions and are left out.
pub fn by_reaction(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, bool, i64)>, DbError> {
    let q = report_reactions::table
        .inner_join(reports::table)
        .group_by((report_reactions::code, report_reactions::withdrawal))
        .select((
            report_reactions::code,
            report_reactions::withdrawal,
            count(report_reactions::report_id).aggregate_distinct(),
        ))
        .into_boxed();
    Ok(filter_reports!(q, f)
        .filter(counted_reaction!())
        .load(conn)?)
}

/// (withdrawal symptom code, severity code, reports).
pub fn withdrawal_severity(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, String, i64)>, DbError> {
    let q = report_reactions::table
        .inner_join(reports::table)
        .group_by((report_reactions::code, report_reactions::severity))
        .select((
            report_reactions::code,
            report_reactions::severity,
            count(report_reactions::report_id).aggregate_distinct(),
        ))
        .into_boxed();
    let rows: Vec<(String, Option<String>, i64)> = filter_reports!(q, f)
        .filter(report_reactions::withdrawal.eq(true))
        .filter(report_reactions::severity.ne("none"))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, s, n)| Some((c, s?, n)))
        .collect())
}

/// (suspect substance code, reports with it as a suspect).
pub fn suspect_substances(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, i64)>, DbError> {
    let q = report_products::table
        .inner_join(reports::table)
        .group_by(report_products::substance)
        .select((
            report_products::substance,
            count(report_products::report_id).aggregate_distinct(),
        ))
        .into_boxed();
    Ok(filter_reports!(q, f)
        .filter(report_products::role.eq(ProductRole::Suspect.code()))
        .load(conn)?)
}

/// (suspect substance code, reaction code, withdrawal?, reports with both).
pub fn substance_reaction_pairs(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
) -> Result<Vec<(String, String, bool, i64)>, DbError> {
    let q = report_products::table
        .inner_join(reports::table)
        .inner_join(
            report_reactions::table.on(report_reactions::report_id.eq(report_products::report_id)),
        )
        .group_by((
            report_products::substance,
            report_reactions::code,
            report_reactions::withdrawal,
        ))
        .select((
            report_products::substance,
            report_reactions::code,
            report_reactions::withdrawal,
            count(report_products::report_id).aggregate_distinct(),
        ))
        .into_boxed();
    Ok(filter_reports!(q, f)
        .filter(report_products::role.eq(ProductRole::Suspect.code()))
        .filter(counted_reaction!())
        .load(conn)?)
}
