//! Queries for the reviewers' assessments: coded reactions, causality per
//! suspect product, the duplicate link on `reports` (the one status-changing
//! statement, [`set_duplicate`]).
//! Duplicate candidates and decisions are in [`similar`].

use crate::ids::ReportId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{causality_assessments, coded_reactions, report_products, reports};
use super::{new_id, DbConnection, DbError};
use crate::report::options::{ClosedList, ProductRole, ReportStatus, Substance};
use crate::review::causality::{CausalityRow, SuspectProduct};
use crate::review::reaction_details::CodingRow;

pub mod similar;

pub fn codings(conn: &mut DbConnection, report_id: &ReportId) -> Result<Vec<CodingRow>, DbError> {
    Ok(coded_reactions::table
        .filter(coded_reactions::report_id.eq(report_id))
        .order((coded_reactions::coded_at, coded_reactions::term))
        .select((
            coded_reactions::term,
            coded_reactions::source,
            coded_reactions::meddra_code,
            coded_reactions::meddra_version,
            coded_reactions::seriousness,
            coded_reactions::outcome,
            coded_reactions::started,
            coded_reactions::ended,
        ))
        .load(conn)?)
}

pub fn delete_coding(
    conn: &mut DbConnection,
    report_id: &ReportId,
    term: &str,
) -> Result<(), DbError> {
    diesel::delete(
        coded_reactions::table
            .filter(coded_reactions::report_id.eq(report_id))
            .filter(coded_reactions::term.eq(term)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn update_coding(
    conn: &mut DbConnection,
    report_id: &ReportId,
    row: &CodingRow,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        coded_reactions::table
            .filter(coded_reactions::report_id.eq(report_id))
            .filter(coded_reactions::term.eq(&row.term)),
    )
    .set((
        coded_reactions::source.eq(&row.source),
        coded_reactions::meddra_code.eq(&row.meddra_code),
        coded_reactions::meddra_version.eq(&row.meddra_version),
        coded_reactions::seriousness.eq(&row.seriousness),
        coded_reactions::outcome.eq(&row.outcome),
        coded_reactions::started.eq(&row.started),
        coded_reactions::ended.eq(&row.ended),
        coded_reactions::coded_by.eq(by),
        coded_reactions::coded_at.eq(at),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn insert_coding(
    conn: &mut DbConnection,
    report_id: &ReportId,
    row: &CodingRow,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(coded_reactions::table)
        .values((
            coded_reactions::id.eq(new_id()),
            coded_reactions::report_id.eq(report_id),
            coded_reactions::term.eq(&row.term),
            coded_reactions::source.eq(&row.source),
            coded_reactions::meddra_code.eq(&row.meddra_code),
            coded_reactions::meddra_version.eq(&row.meddra_version),
            coded_reactions::seriousness.eq(&row.seriousness),
            coded_reactions::outcome.eq(&row.outcome),
            coded_reactions::started.eq(&row.started),
            coded_reactions::ended.eq(&row.ended),
            coded_reactions::coded_by.eq(by),
            coded_reactions::coded_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

type CausalityColumns = (
    causality_assessments::product_id,
    causality_assessments::event_assessed,
    causality_assessments::who_umc,
    causality_assessments::naranjo_answers,
    causality_assessments::naranjo_score,
    causality_assessments::naranjo_band,
    causality_assessments::rationale,
    causality_assessments::assessed_at,
);

const CAUSALITY: CausalityColumns = (
    causality_assessments::product_id,
    causality_assessments::event_assessed,
    causality_assessments::who_umc,
    causality_assessments::naranjo_answers,
    causality_assessments::naranjo_score,
    causality_assessments::naranjo_band,
    causality_assessments::rationale,
    causality_assessments::assessed_at,
);

pub fn causality_for_report(
    conn: &mut DbConnection,
    report_id: &ReportId,
) -> Result<Vec<CausalityRow>, DbError> {
    Ok(causality_assessments::table
        .filter(causality_assessments::report_id.eq(report_id))
        .select(CAUSALITY)
        .load(conn)?)
}

pub fn causality_for_product(
    conn: &mut DbConnection,
    product_id: &str,
) -> Result<Option<CausalityRow>, DbError> {
    let rows: Vec<CausalityRow> = causality_assessments::table
        .filter(causality_assessments::product_id.eq(product_id))
        .select(CAUSALITY)
        .load(conn)?;
    Ok(rows.into_iter().next())
}

pub fn delete_causality(conn: &mut DbConnection, product_id: &str) -> Result<(), DbError> {
    diesel::delete(
        causality_assessments::table.filter(causality_assessments::product_id.eq(product_id)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn insert_causality(
    conn: &mut DbConnection,
    report_id: &ReportId,
    row: &CausalityRow,
    by: &str,
) -> Result<(), DbError> {
    diesel::insert_into(causality_assessments::table)
        .values((
            causality_assessments::id.eq(new_id()),
            causality_assessments::report_id.eq(report_id),
            causality_assessments::product_id.eq(&row.product_id),
            causality_assessments::event_assessed.eq(&row.event_assessed),
            causality_assessments::who_umc.eq(&row.who_umc),
            causality_assessments::naranjo_answers.eq(&row.naranjo_answers),
            causality_assessments::naranjo_score.eq(row.naranjo_score),
            causality_assessments::naranjo_band.eq(&row.naranjo_band),
            causality_assessments::rationale.eq(&row.rationale),
            causality_assessments::assessed_by.eq(by),
            causality_assessments::assessed_at.eq(row.assessed_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// id, position, substance, substance_other, brand.
type ProductNameRow = (String, i32, String, Option<String>, Option<String>);

pub fn suspect_products(
    conn: &mut DbConnection,
    report_id: &ReportId,
) -> Result<Vec<SuspectProduct>, DbError> {
    let rows: Vec<ProductNameRow> = report_products::table
        .filter(report_products::report_id.eq(report_id))
        .filter(report_products::role.eq(ProductRole::Suspect.code()))
        .order(report_products::position)
        .select((
            report_products::id,
            report_products::position,
            report_products::substance,
            report_products::substance_other,
            report_products::brand,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, position, substance, other, brand)| {
            let label = brand.or(other).unwrap_or_else(|| {
                Substance::from_code(&substance).map_or(substance, |s| s.label().to_owned())
            });
            SuspectProduct {
                id,
                position,
                label: format!("Product {}: {label}", position + 1),
            }
        })
        .collect())
}

/// Set a report's status and the case it duplicates (NULL to unlink). The
/// workflow module will later own status changes; callers audit them.
pub fn set_duplicate(
    conn: &mut DbConnection,
    report_id: &ReportId,
    duplicate_of: Option<&ReportId>,
    status: ReportStatus,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(reports::table.filter(reports::id.eq(report_id)))
        .set((
            reports::duplicate_of.eq(duplicate_of),
            reports::status.eq(status.code()),
            reports::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
