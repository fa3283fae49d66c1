//! Reads for the streamed analyst export: reports matching an
//! [`AnalysisFilter`] in keyset-paginated batches (by id, never OFFSET),
//! the child rows of one batch, and the export settings an administrator
//! toggles. Only the columns an export can use are selected: follow-up
//! codes, idempotency hashes and reviewer ids never leave this module.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::analysis::matching;
use super::schema::{
    coded_reactions, export_settings, followups, meddra_llts, report_co_used, report_products,
    report_reactions, reports,
};
use super::{DbConnection, DbError};
use crate::export::filter::AnalysisFilter;
use crate::export::rows::{
    CausalityOut, CodingOut, FollowupOut, ProductOut, ReactionOut, ReportOut,
};
use crate::ids::{CaseNumber, ReportId};

/// Number of reports the filter covers.
pub fn count(conn: &mut DbConnection, f: &AnalysisFilter) -> Result<i64, DbError> {
    Ok(matching(f).count().get_result(conn)?)
}

/// The next `limit` matching reports after id `after`, in id order.
pub fn reports_after(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
    after: Option<&ReportId>,
    limit: i64,
) -> Result<Vec<ReportOut>, DbError> {
    let mut q = matching(f);
    if let Some(after) = after {
        q = q.filter(reports::id.gt(after.clone()));
    }
    Ok(q.order(reports::id)
        .limit(limit)
        .select(columns!(
            reports:
            id, case_number, received_at, status, synthetic, report_kind, reporter_role, age_years,
            age_group, sex, weight_value, weight_unit, pregnancy, country, region, zip3,
            health_conditions, medicines, rx_stopped, rx_stopped_which, rx_stopped_month,
            co_used_other, symptoms_other, last_dose_value, last_dose_unit, onset_month,
            onset_after_value, onset_after_unit, lasted_value, lasted_unit, dechallenge,
            rechallenge, out_death, out_life_threatening, out_hospitalised, out_disability,
            out_birth_defect, out_intervention, out_other_serious, care, naloxone, naloxone_helped,
            other_treatment, current_state, narrative, ich_seriousness, narrative_confirmed_at
        ))
        .load(conn)?)
}

/// Products of the given reports, by report then position.
pub fn products_of(conn: &mut DbConnection, ids: &[ReportId]) -> Result<Vec<ProductOut>, DbError> {
    Ok(report_products::table
        .filter(report_products::report_id.eq_any(ids))
        .order((report_products::report_id, report_products::position))
        .select(columns!(
            report_products:
            report_id, position, role, substance, substance_other, brand, form, strength_mg,
            strength_of, amount, amount_unit, doses_per_day, route, used_for_value, used_for_unit,
            last_use_month, where_bought, lot, reasons, reason_other
        ))
        .load(conn)?)
}

/// The MedDRA preferred-term names of the given reports' coded reactions,
/// by report id, sorted and without repeats (each code looked up in the
/// release it was coded in; reactions without a code are left out).
pub fn preferred_terms_of(
    conn: &mut DbConnection,
    ids: &[ReportId],
) -> Result<HashMap<ReportId, Vec<String>>, DbError> {
    let coded: Vec<(ReportId, String, String)> = coded_reactions::table
        .filter(coded_reactions::report_id.eq_any(ids))
        .filter(coded_reactions::meddra_code.is_not_null())
        .filter(coded_reactions::meddra_version.is_not_null())
        .order((coded_reactions::report_id, coded_reactions::id))
        .select((
            coded_reactions::report_id,
            coded_reactions::meddra_code.assume_not_null(),
            coded_reactions::meddra_version.assume_not_null(),
        ))
        .load(conn)?;
    let mut by_version: HashMap<&str, Vec<&str>> = HashMap::new();
    for (_, code, version) in &coded {
        by_version.entry(version).or_default().push(code);
    }
    let mut names: HashMap<(String, String), String> = HashMap::new();
    for (version, codes) in by_version {
        let found: Vec<(String, String)> = meddra_llts::table
            .filter(meddra_llts::version.eq(version))
            .filter(meddra_llts::llt_code.eq_any(codes))
            .select((meddra_llts::llt_code, meddra_llts::pt_name))
            .load(conn)?;
        for (code, pt) in found {
            names.insert((version.to_owned(), code), pt);
        }
    }
    let mut out: HashMap<ReportId, Vec<String>> = HashMap::new();
    for (report, code, version) in coded {
        if let Some(pt) = names.get(&(version, code)) {
            let terms = out.entry(report).or_default();
            if !terms.contains(pt) {
                terms.push(pt.clone());
            }
        }
    }
    out.values_mut().for_each(|terms| terms.sort());
    Ok(out)
}

/// Reported symptoms of the given reports: ticked ones before withdrawal
/// symptoms, each by code.
pub fn reactions_of(
    conn: &mut DbConnection,
    ids: &[ReportId],
) -> Result<Vec<ReactionOut>, DbError> {
    Ok(report_reactions::table
        .filter(report_reactions::report_id.eq_any(ids))
        .order((
            report_reactions::report_id,
            report_reactions::withdrawal,
            report_reactions::code,
        ))
        .select(columns!(
            report_reactions:
            report_id, code, withdrawal, severity
        ))
        .load(conn)?)
}

pub fn codings_of(conn: &mut DbConnection, ids: &[ReportId]) -> Result<Vec<CodingOut>, DbError> {
    Ok(coded_reactions::table
        .filter(coded_reactions::report_id.eq_any(ids))
        .order((coded_reactions::report_id, coded_reactions::term))
        .select(columns!(
            coded_reactions:
            report_id, term, source, meddra_code
        ))
        .load(conn)?)
}

pub fn followups_of(
    conn: &mut DbConnection,
    ids: &[ReportId],
) -> Result<Vec<FollowupOut>, DbError> {
    Ok(followups::table
        .filter(followups::report_id.eq_any(ids))
        .order((followups::report_id, followups::received_at))
        .select(columns!(
            followups:
            report_id, received_at, current_state, narrative
        ))
        .load(conn)?)
}

/// When each of the given reports' narrative was confirmed by a reviewer (confirmed ones only).
pub fn narrative_confirmations(
    conn: &mut DbConnection,
    ids: &[ReportId],
) -> Result<HashMap<ReportId, NaiveDateTime>, DbError> {
    let rows: Vec<(ReportId, Option<NaiveDateTime>)> = reports::table
        .filter(reports::id.eq_any(ids))
        .filter(reports::narrative_confirmed_at.is_not_null())
        .select((reports::id, reports::narrative_confirmed_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| at.map(|at| (id, at)))
        .collect())
}

/// Co-used substance codes of the given reports, by report.
pub fn co_used_of(
    conn: &mut DbConnection,
    ids: &[ReportId],
) -> Result<HashMap<ReportId, Vec<String>>, DbError> {
    let rows: Vec<(ReportId, String)> = report_co_used::table
        .filter(report_co_used::report_id.eq_any(ids))
        .order((report_co_used::report_id, report_co_used::substance))
        .select((report_co_used::report_id, report_co_used::substance))
        .load(conn)?;
    let mut out: HashMap<ReportId, Vec<String>> = HashMap::new();
    for (id, code) in rows {
        out.entry(id).or_default().push(code);
    }
    Ok(out)
}

/// Name of the setting that keeps the case-processing profile for admins.
pub const CASE_PROCESSING_ADMIN_ONLY: &str = "case_processing_admin_only";

/// Whether only administrators may export the case-processing profile.
pub fn case_processing_admin_only(conn: &mut DbConnection) -> Result<bool, DbError> {
    let rows: Vec<bool> = export_settings::table
        .filter(export_settings::name.eq(CASE_PROCESSING_ADMIN_ONLY))
        .select(export_settings::enabled)
        .load(conn)?;
    Ok(rows.into_iter().next().unwrap_or(false))
}

pub fn set_case_processing_admin_only(conn: &mut DbConnection, on: bool) -> Result<(), DbError> {
    diesel::update(
        export_settings::table.filter(export_settings::name.eq(CASE_PROCESSING_ADMIN_ONLY)),
    )
    .set(export_settings::enabled.eq(on))
    .execute(conn)?;
    Ok(())
}

/// Ids and case numbers of the next `limit` matching reports after `after`.
pub fn ids_after(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
    after: Option<&ReportId>,
    limit: i64,
) -> Result<Vec<(ReportId, CaseNumber)>, DbError> {
    let mut q = matching(f);
    if let Some(after) = after {
        q = q.filter(reports::id.gt(after.clone()));
    }
    Ok(q.order(reports::id)
        .limit(limit)
        .select((reports::id, reports::case_number))
        .load(conn)?)
}

/// Causality assessments of the given reports, by case and product order.
pub fn causality_of(
    conn: &mut DbConnection,
    ids: &[ReportId],
) -> Result<Vec<CausalityOut>, DbError> {
    use super::schema::causality_assessments as c;
    Ok(c::table
        .inner_join(report_products::table)
        .filter(c::report_id.eq_any(ids))
        .order((c::report_id, report_products::position, c::assessed_at))
        .select((
            c::report_id,
            report_products::position,
            c::event_assessed,
            c::who_umc,
            c::naranjo_score,
            c::naranjo_band,
            c::assessed_at,
        ))
        .load(conn)?)
}
