//! Queries for the reviewers' assessments: coded reactions, causality per
//! suspect product, the duplicate link on `reports` (the one status-changing
//! statement, [`set_duplicate`]) and the one-line summary for the case page.
//! Duplicate candidates and decisions are in [`similar`].

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{causality_assessments, coded_reactions, report_products, reports};
use super::{new_id, DbConnection, DbError};
use crate::report::options::{ClosedList, ProductRole, ReportStatus, Substance};
use crate::review::causality::{NaranjoBand, WhoUmc};
use crate::review::AssessmentSummary;

pub mod similar;

/// A coded reaction as stored ('' source = the narrative).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CodingRow {
    pub term: String,
    pub source: String,
    pub meddra_code: Option<String>,
    pub meddra_version: Option<String>,
    /// What the reaction means, as confirmed (NULL outcome: not yet).
    pub seriousness: Option<String>,
    pub outcome: Option<String>,
    pub started: Option<String>,
    pub ended: Option<String>,
}

pub fn codings(conn: &mut DbConnection, report_id: &str) -> Result<Vec<CodingRow>, DbError> {
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

pub fn delete_coding(conn: &mut DbConnection, report_id: &str, term: &str) -> Result<(), DbError> {
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
    report_id: &str,
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
    report_id: &str,
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

/// A causality assessment as stored (without its report and assessor).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CausalityRow {
    pub product_id: String,
    pub event_assessed: String,
    pub who_umc: String,
    pub naranjo_answers: String,
    pub naranjo_score: i32,
    pub naranjo_band: String,
    pub rationale: String,
    pub assessed_at: NaiveDateTime,
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
    report_id: &str,
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
    report_id: &str,
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

/// A suspect product of a report, with the name a reviewer would use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspectProduct {
    pub id: String,
    pub position: i32,
    pub label: String,
}

/// id, position, substance, substance_other, brand.
type ProductNameRow = (String, i32, String, Option<String>, Option<String>);

pub fn suspect_products(
    conn: &mut DbConnection,
    report_id: &str,
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
    report_id: &str,
    duplicate_of: Option<&str>,
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

/// One line each about the case's coding, causality and duplicates.
pub fn summary(conn: &mut DbConnection, report_id: &str) -> Result<AssessmentSummary, DbError> {
    let coded = codings(conn, report_id)?.len();
    let products = suspect_products(conn, report_id)?;
    let causality = causality_for_report(conn, report_id)?
        .into_iter()
        .map(|row| {
            let product = products
                .iter()
                .find(|p| p.id == row.product_id)
                .map_or_else(|| "A product".to_owned(), |p| p.label.clone());
            let who = WhoUmc::from_code(&row.who_umc).map_or("unknown", WhoUmc::label);
            let band =
                NaranjoBand::from_code(&row.naranjo_band).map_or("unknown", NaranjoBand::label);
            (product, who, row.naranjo_score, band)
        })
        .collect();
    let this = similar::case_by_id(conn, report_id)?;
    let duplicate_of = match this.as_ref().and_then(|c| c.duplicate_of.clone()) {
        Some(master) => similar::case_by_id(conn, &master)?.map(|m| m.case_number),
        None => None,
    };
    let duplicate_candidates = match this {
        Some(this) if this.duplicate_of.is_none() => similar::candidates(conn, &this)?.len(),
        _ => 0,
    };
    Ok(AssessmentSummary {
        coded,
        causality,
        duplicate_candidates,
        duplicate_of,
    })
}
