//! Assessing a case (use cases): the stored report the assessment pages
//! start from, what the causality page reads, saving one causality
//! assessment with its audit event, and the one-line summary of a case's
//! coding, causality and duplicates.

use crate::audit::{self, Actor, Event};
use crate::db::assessment::{self as q, similar};
use crate::db::{Db, DbConnection, DbError};
use crate::ids::{CaseNumber, ReportId};
use crate::report::options::ClosedList;
use crate::report::stored::StoredReport;

use super::causality::{describe, Assessment, CausalityRow, NaranjoBand, SuspectProduct, WhoUmc};
use super::coding::{self, Coding};
use super::AssessmentSummary;

/// The stored report of case `case`, if there is one.
pub async fn stored(db: &Db, case: CaseNumber) -> Result<Option<StoredReport>, DbError> {
    db.read(move |c| crate::db::reports::load_by_case(c, &case))
        .await
}

/// The suspect products of a report, in the order reported.
pub async fn suspect_products(
    db: &Db,
    report_id: ReportId,
) -> Result<Vec<SuspectProduct>, DbError> {
    db.read(move |c| q::suspect_products(c, &report_id)).await
}

/// What the causality page shows: the suspect products, their stored
/// assessments, the coded reactions and a description of each stored
/// coding row that does not parse.
pub struct CausalityFile {
    pub products: Vec<SuspectProduct>,
    pub rows: Vec<CausalityRow>,
    pub codings: Vec<Coding>,
    pub damaged: Vec<String>,
}

pub async fn causality_file(db: &Db, report_id: ReportId) -> Result<CausalityFile, DbError> {
    db.read(move |c| {
        let products = q::suspect_products(c, &report_id)?;
        let rows = q::causality_for_report(c, &report_id)?;
        let (codings, damaged) = coding::load_checked(c, &report_id)?;
        Ok(CausalityFile {
            products,
            rows,
            codings,
            damaged,
        })
    })
    .await
}

/// Store `a` for the product, replacing any earlier assessment, with the
/// audit event recording old and new values, in one transaction.
pub async fn save_causality(
    db: &Db,
    actor: Actor,
    report_id: ReportId,
    product_id: String,
    a: Assessment,
) -> Result<(), DbError> {
    db.write(move |c| save(c, &actor, &report_id, &product_id, &a))
        .await
}

/// Store `a` for the product, replacing any earlier assessment (delete and
/// insert in the caller's transaction), and record old and new values.
fn save(
    conn: &mut DbConnection,
    actor: &Actor,
    report_id: &ReportId,
    product_id: &str,
    a: &Assessment,
) -> Result<(), DbError> {
    let old = q::causality_for_product(conn, product_id)?;
    q::delete_causality(conn, product_id)?;
    let row = CausalityRow {
        product_id: product_id.to_owned(),
        event_assessed: a.event.storage(),
        who_umc: a.who_umc.code().to_owned(),
        naranjo_answers: a.answers.letters(),
        naranjo_score: a.answers.score(),
        naranjo_band: a.answers.band().code().to_owned(),
        rationale: a.rationale.clone(),
        assessed_at: crate::db::now(),
    };
    q::insert_causality(conn, report_id, &row, actor.id.as_deref().unwrap_or(""))?;
    let old = old.map(|o| {
        describe(
            &o.event_assessed,
            &o.who_umc,
            &o.naranjo_answers,
            o.naranjo_score,
            &o.naranjo_band,
        )
    });
    // Logged under the case number, where the case's History looks.
    let case = crate::db::review::case_number_of(conn, report_id)?
        .ok_or_else(|| DbError::Corrupt(format!("no case for report {report_id}")))?;
    let event = Event {
        reason: Some(a.rationale.clone()),
        ..Event::new("causality_assessed", "report", Some(&case)).change(
            &format!("causality:{product_id}"),
            old.as_deref(),
            Some(&a.describe()),
        )
    };
    audit::append(conn, actor, event)?;
    Ok(())
}

/// One line each about the case's coding, causality and duplicates.
pub fn summary(
    conn: &mut DbConnection,
    report_id: &ReportId,
) -> Result<AssessmentSummary, DbError> {
    let coded = q::codings(conn, report_id)?.len();
    let products = q::suspect_products(conn, report_id)?;
    let causality = q::causality_for_report(conn, report_id)?
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
