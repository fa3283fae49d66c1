//! Queries behind the public data page: counts over the reports it may
//! publish — reviewed (`public_data::REVIEWED`, seriousness confirmed),
//! not synthetic, not linked as a duplicate. Counts only: no free text and
//! no case number leaves this module.

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::analysis_counts::month_sql;
use super::schema::{coded_reactions, meddra_llts, report_products, report_reactions, reports};
use super::{DbConnection, DbError};
use crate::public_data::REVIEWED;
use crate::report::options::ClosedList;

fn reviewed_codes() -> Vec<&'static str> {
    REVIEWED.iter().map(|s| s.code()).collect()
}

/// Keep only the reports the public page may count, in a query whose FROM
/// clause includes `reports`.
macro_rules! publishable {
    ($query:expr) => {
        $query
            .filter(reports::synthetic.eq(false))
            .filter(reports::duplicate_of.is_null())
            .filter(reports::status.eq_any(reviewed_codes()))
            .filter(reports::ich_seriousness.is_not_null())
    };
}

/// Reports the page counts.
pub fn total(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(publishable!(reports::table).count().get_result(conn)?)
}

/// (queue rank, reports): the rank of the most serious confirmed outcome.
pub fn by_rank(conn: &mut DbConnection) -> Result<Vec<(i32, i64)>, DbError> {
    Ok(publishable!(reports::table)
        .group_by(reports::queue_rank)
        .select((reports::queue_rank, count_star()))
        .load(conn)?)
}

/// (current state code, reports).
pub fn by_current_state(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, DbError> {
    Ok(publishable!(reports::table)
        .group_by(reports::current_state)
        .select((reports::current_state, count_star()))
        .load(conn)?)
}

/// (region code or none, reports).
pub fn by_region(conn: &mut DbConnection) -> Result<Vec<(Option<String>, i64)>, DbError> {
    Ok(publishable!(reports::table)
        .group_by(reports::region)
        .select((reports::region, count_star()))
        .load(conn)?)
}

/// (month received `YYYY-MM`, reports).
pub fn by_month(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, DbError> {
    let month = month_sql(conn);
    Ok(publishable!(reports::table)
        .group_by(sql::<Text>(month))
        .select((sql::<Text>(month), count_star()))
        .load(conn)?)
}

/// Distinct (report id, substance code) pairs.
pub fn substances(conn: &mut DbConnection) -> Result<Vec<(String, String)>, DbError> {
    Ok(
        publishable!(report_products::table.inner_join(reports::table))
            .select((report_products::report_id, report_products::substance))
            .distinct()
            .load(conn)?,
    )
}

/// Distinct (report id, product form code) pairs.
pub fn forms(conn: &mut DbConnection) -> Result<Vec<(String, String)>, DbError> {
    Ok(
        publishable!(report_products::table.inner_join(reports::table))
            .select((report_products::report_id, report_products::form))
            .distinct()
            .load(conn)?,
    )
}

/// (report id, symptom code, withdrawal?) of every reaction that counts:
/// ticked symptoms, and withdrawal symptoms rated above "none".
pub fn reactions(conn: &mut DbConnection) -> Result<Vec<(String, String, bool)>, DbError> {
    Ok(
        publishable!(report_reactions::table.inner_join(reports::table))
            .filter(
                report_reactions::withdrawal
                    .eq(false)
                    .or(report_reactions::severity.ne("none")),
            )
            .select((
                report_reactions::report_id,
                report_reactions::code,
                report_reactions::withdrawal,
            ))
            .distinct()
            .load(conn)?,
    )
}

/// Distinct (report id, MedDRA PT name) of reactions coded to an LLT of the
/// release they were coded in.
pub fn coded_terms(conn: &mut DbConnection) -> Result<Vec<(String, String)>, DbError> {
    Ok(publishable!(coded_reactions::table
        .inner_join(reports::table)
        .inner_join(
            // A NULL code or version matches nothing, as in SQL.
            meddra_llts::table.on(meddra_llts::llt_code
                .eq(coded_reactions::meddra_code.assume_not_null())
                .and(meddra_llts::version.eq(coded_reactions::meddra_version.assume_not_null()))),
        ))
    .select((coded_reactions::report_id, meddra_llts::pt_name))
    .distinct()
    .load(conn)?)
}
