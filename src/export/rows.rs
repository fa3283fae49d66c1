//! The read models of the analyst export: one report, product, reported
//! reaction, coded term, follow-up or causality assessment, holding only
//! the columns an export may write. `db::export` selects them; the CSV
//! tables and the CAERS-shaped CSV format them.

use crate::ids::{CaseNumber, ReportId};
use chrono::NaiveDateTime;
use diesel::Queryable;

/// The report columns an export may read.
#[derive(Debug, Clone, Queryable)]
pub struct ReportOut {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub received_at: NaiveDateTime,
    pub status: String,
    pub synthetic: bool,
    pub report_kind: String,
    pub reporter_role: String,
    pub age_years: Option<i32>,
    pub age_group: Option<String>,
    pub sex: String,
    pub weight_value: Option<f64>,
    pub weight_unit: Option<String>,
    pub pregnancy: String,
    pub country: String,
    pub region: Option<String>,
    pub zip3: Option<String>,
    pub health_conditions: Option<String>,
    pub medicines: Option<String>,
    pub rx_stopped: String,
    pub rx_stopped_which: Option<String>,
    pub rx_stopped_month: Option<String>,
    pub co_used_other: Option<String>,
    pub symptoms_other: Option<String>,
    pub last_dose_value: Option<i32>,
    pub last_dose_unit: Option<String>,
    pub onset_month: Option<String>,
    pub onset_after_value: Option<i32>,
    pub onset_after_unit: Option<String>,
    pub lasted_value: Option<i32>,
    pub lasted_unit: Option<String>,
    pub dechallenge: String,
    pub rechallenge: String,
    pub out_death: bool,
    pub out_life_threatening: bool,
    pub out_hospitalised: bool,
    pub out_disability: bool,
    pub out_birth_defect: bool,
    pub out_intervention: bool,
    pub out_other_serious: bool,
    pub care: String,
    pub naloxone: String,
    pub naloxone_helped: String,
    pub other_treatment: Option<String>,
    pub current_state: String,
    pub narrative: String,
    pub ich_seriousness: Option<String>,
    /// When a reviewer confirmed the scrubbed narrative (Safe Harbor files need it).
    pub narrative_confirmed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable)]
pub struct ProductOut {
    pub report_id: ReportId,
    pub position: i32,
    pub role: String,
    pub substance: String,
    pub substance_other: Option<String>,
    pub brand: Option<String>,
    pub form: String,
    pub strength_mg: Option<f64>,
    pub strength_of: Option<String>,
    pub amount: Option<f64>,
    pub amount_unit: Option<String>,
    pub doses_per_day: Option<i32>,
    pub route: String,
    pub used_for_value: Option<i32>,
    pub used_for_unit: Option<String>,
    pub last_use_month: Option<String>,
    pub where_bought: String,
    pub lot: Option<String>,
    pub reasons: String,
    pub reason_other: Option<String>,
}

#[derive(Debug, Clone, Queryable)]
pub struct ReactionOut {
    pub report_id: ReportId,
    pub code: String,
    pub withdrawal: bool,
    pub severity: Option<String>,
}

/// A reviewer's coded term (who coded it is not exported).
#[derive(Debug, Clone, Queryable)]
pub struct CodingOut {
    pub report_id: ReportId,
    pub term: String,
    pub source: String,
    pub meddra_code: Option<String>,
}

#[derive(Debug, Clone, Queryable)]
pub struct FollowupOut {
    pub report_id: ReportId,
    pub received_at: NaiveDateTime,
    pub current_state: Option<String>,
    pub narrative: String,
}

/// A reviewer's causality assessment with its product's position (who
/// assessed and the rationale are not exported).
#[derive(Debug, Clone, Queryable)]
pub struct CausalityOut {
    pub report_id: ReportId,
    pub position: i32,
    pub event_assessed: String,
    pub who_umc: String,
    pub naranjo_score: i32,
    pub naranjo_band: String,
    pub assessed_at: NaiveDateTime,
}
