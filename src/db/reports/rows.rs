//! Row structs for the report tables and their conversion to and from the
//! typed report. Closed lists are stored as codes; multi-selects as
//! comma-separated codes; free text already scrubbed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::*;
use crate::db::schema::{report_products, reports};
use crate::ids::{CaseNumber, ReportId};

// `None` is written as NULL, not DEFAULT (the same for these columns): that
// lets SQLite take many rows in one INSERT (`db::synthetic`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reports, treat_none_as_default_value = false)]
pub struct ReportRow {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub idempotency_hash: String,
    pub followup_code_hash: String,
    pub followup_failures: i32,
    pub followup_locked_until: Option<NaiveDateTime>,
    pub received_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub status: String,
    pub seriousness_rank: i32,
    /// Starts as `initial_queue_rank` (emergency symptoms count as an
    /// important medical event); the reviewer's confirmation replaces it.
    pub queue_rank: i32,
    pub emergency: bool,
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
    pub scrubbed_kinds: String,
    /// The scrubber version that cleaned the free text ([`crate::deidentify::VERSION`]).
    pub scrubber_version: i32,
}

impl ReportRow {
    pub fn new(
        id: &ReportId,
        case_number: &CaseNumber,
        r: &NewReport,
        keys: &SubmissionKeys,
        now: NaiveDateTime,
    ) -> Self {
        let (age_years, age_group) = match r.age {
            Some(Age::Years(y)) => (Some(i32::from(y)), None),
            Some(Age::Group(g)) => (None, Some(g.code().to_owned())),
            None => (None, None),
        };
        let out = |o: Outcome| r.outcomes.contains(&o);
        let split_span = |s: Option<Span>| {
            (
                s.map(|s| i32::from(s.value())),
                s.map(|s| s.unit().code().to_owned()),
            )
        };
        let (last_dose_value, last_dose_unit) = split_span(r.last_dose);
        let (onset_after_value, onset_after_unit) = split_span(r.onset_after);
        let (lasted_value, lasted_unit) = split_span(r.lasted);
        Self {
            id: id.clone(),
            case_number: case_number.clone(),
            idempotency_hash: keys.idempotency_hash.clone(),
            followup_code_hash: keys.followup_code_hash.clone(),
            followup_failures: 0,
            followup_locked_until: None,
            received_at: now,
            updated_at: now,
            status: ReportStatus::New.code().to_owned(),
            seriousness_rank: r.seriousness_rank(),
            queue_rank: r.initial_queue_rank(),
            emergency: r.needs_urgent_help(),
            synthetic: false,
            report_kind: r.kind.code().to_owned(),
            reporter_role: r.reporter.code().to_owned(),
            age_years,
            age_group,
            sex: r.sex.code().to_owned(),
            weight_value: r.weight.map(|w| w.value()),
            weight_unit: r.weight.map(|w| w.unit().code().to_owned()),
            pregnancy: r.pregnancy.code().to_owned(),
            country: r.country.code().to_owned(),
            region: r.region.map(|g| g.code().to_owned()),
            zip3: r.zip3.as_ref().map(|z| z.as_str().to_owned()),
            health_conditions: text(r.health_conditions.as_ref()),
            medicines: text(r.medicines.as_ref()),
            rx_stopped: r.medicine_change.answer.code().to_owned(),
            rx_stopped_which: text(r.medicine_change.which.as_ref()),
            rx_stopped_month: month(r.medicine_change.when),
            co_used_other: text(r.co_used_other.as_ref()),
            symptoms_other: text(r.symptoms_other.as_ref()),
            last_dose_value,
            last_dose_unit,
            onset_month: month(r.onset),
            onset_after_value,
            onset_after_unit,
            lasted_value,
            lasted_unit,
            dechallenge: r.dechallenge.code().to_owned(),
            rechallenge: r.rechallenge.code().to_owned(),
            out_death: out(Outcome::Death),
            out_life_threatening: out(Outcome::LifeThreatening),
            out_hospitalised: out(Outcome::Hospitalised),
            out_disability: out(Outcome::Disability),
            out_birth_defect: out(Outcome::BirthDefect),
            out_intervention: out(Outcome::Intervention),
            out_other_serious: out(Outcome::OtherSerious),
            care: join_codes(&r.care),
            naloxone: r.naloxone.code().to_owned(),
            naloxone_helped: r.naloxone_helped.code().to_owned(),
            other_treatment: text(r.other_treatment.as_ref()),
            current_state: r.current_state.code().to_owned(),
            narrative: text(r.narrative.as_ref()).unwrap_or_default(),
            scrubbed_kinds: r
                .scrubbed
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join(","),
            scrubber_version: crate::deidentify::VERSION,
        }
    }

    pub fn into_stored(
        self,
        products: Vec<ProductRow>,
        co_used: Vec<String>,
        reactions: Vec<(String, bool, Option<String>)>,
        followups: Vec<Followup>,
    ) -> Result<StoredReport, DbError> {
        let age = match (self.age_years, &self.age_group) {
            (Some(y), _) => Some(Age::Years(y as u8)),
            (None, Some(g)) => Some(Age::Group(code(g)?)),
            _ => None,
        };
        let weight = match (self.weight_value, &self.weight_unit) {
            (Some(v), Some(u)) => Weight::new(v, code(u)?),
            _ => None,
        };
        let flags = [
            (self.out_death, Outcome::Death),
            (self.out_life_threatening, Outcome::LifeThreatening),
            (self.out_hospitalised, Outcome::Hospitalised),
            (self.out_disability, Outcome::Disability),
            (self.out_birth_defect, Outcome::BirthDefect),
            (self.out_intervention, Outcome::Intervention),
            (self.out_other_serious, Outcome::OtherSerious),
        ];
        let mut symptoms = Vec::new();
        let mut withdrawal = Vec::new();
        for (c, is_withdrawal, severity) in reactions {
            if is_withdrawal {
                let sev = severity
                    .as_deref()
                    .map(code::<Severity>)
                    .transpose()?
                    .unwrap_or(Severity::None);
                withdrawal.push((code::<WithdrawalSymptom>(&c)?, sev));
            } else {
                symptoms.push(code::<Symptom>(&c)?);
            }
        }
        symptoms.sort();
        withdrawal.sort();
        let mut co_used = co_used
            .iter()
            .map(|c| code::<CoUsed>(c))
            .collect::<Result<Vec<_>, _>>()?;
        co_used.sort();
        let report = NewReport {
            kind: code(&self.report_kind)?,
            reporter: code(&self.reporter_role)?,
            age,
            sex: code(&self.sex)?,
            weight,
            pregnancy: code(&self.pregnancy)?,
            country: code(&self.country)?,
            region: self.region.as_deref().map(code).transpose()?,
            zip3: self
                .zip3
                .as_deref()
                .map(Zip3::parse)
                .transpose()
                .map_err(|e| DbError::Corrupt(e.into()))?,
            health_conditions: stored_text(self.health_conditions),
            medicines: stored_text(self.medicines),
            medicine_change: MedicineChange {
                answer: code(&self.rx_stopped)?,
                which: stored_text(self.rx_stopped_which),
                when: stored_month(self.rx_stopped_month)?,
            },
            products: products
                .into_iter()
                .map(ProductRow::into_product)
                .collect::<Result<_, _>>()?,
            co_used,
            co_used_other: stored_text(self.co_used_other),
            symptoms,
            symptoms_other: stored_text(self.symptoms_other),
            withdrawal,
            last_dose: span(self.last_dose_value, self.last_dose_unit)?,
            onset: stored_month(self.onset_month)?,
            onset_after: span(self.onset_after_value, self.onset_after_unit)?,
            lasted: span(self.lasted_value, self.lasted_unit)?,
            dechallenge: code(&self.dechallenge)?,
            rechallenge: code(&self.rechallenge)?,
            outcomes: flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, o)| *o)
                .collect(),
            care: codes(&self.care)?,
            naloxone: code(&self.naloxone)?,
            naloxone_helped: code(&self.naloxone_helped)?,
            other_treatment: stored_text(self.other_treatment),
            current_state: code(&self.current_state)?,
            narrative: FreeText::from_stored(self.narrative),
            scrubbed: self
                .scrubbed_kinds
                .split(',')
                .filter_map(crate::deidentify::IdentifierKind::from_code)
                .collect(),
        };
        Ok(StoredReport {
            id: self.id,
            case_number: self.case_number,
            received_at: self.received_at,
            status: code(&self.status)?,
            report,
            followups,
            info_request: None,
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_products, treat_none_as_default_value = false)]
pub struct ProductRow {
    pub id: String,
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
    pub seller: Option<String>,
}

impl ProductRow {
    pub fn new(report_id: &ReportId, position: usize, p: &Product) -> Self {
        Self {
            id: new_id(),
            report_id: report_id.to_owned(),
            position: position as i32,
            role: p.role.code().to_owned(),
            substance: p.substance.code().to_owned(),
            substance_other: text(p.substance_other.as_ref()),
            brand: text(p.brand.as_ref()),
            form: p.form.code().to_owned(),
            strength_mg: p.strength.map(|s| s.mg()),
            strength_of: p.strength.map(|s| s.of().code().to_owned()),
            amount: p.amount.map(|a| a.value()),
            amount_unit: p.amount.map(|a| a.unit().code().to_owned()),
            doses_per_day: p.doses_per_day.map(|d| i32::from(d.get())),
            route: p.route.code().to_owned(),
            used_for_value: p.used_for.map(|s| i32::from(s.value())),
            used_for_unit: p.used_for.map(|s| s.unit().code().to_owned()),
            last_use_month: month(p.last_use),
            where_bought: p.where_bought.code().to_owned(),
            lot: text(p.lot.as_ref()),
            reasons: join_codes(&p.reasons),
            reason_other: text(p.reason_other.as_ref()),
            seller: text(p.seller.as_ref()),
        }
    }

    fn into_product(self) -> Result<Product, DbError> {
        let strength = match (self.strength_mg, &self.strength_of) {
            (Some(mg), Some(of)) => Strength::new(mg, code(of)?),
            _ => None,
        };
        let amount = match (self.amount, &self.amount_unit) {
            (Some(v), Some(u)) => Amount::new(v, code(u)?),
            _ => None,
        };
        Ok(Product {
            role: code(&self.role)?,
            substance: code(&self.substance)?,
            substance_other: stored_text(self.substance_other),
            brand: stored_text(self.brand),
            form: code(&self.form)?,
            strength,
            amount,
            doses_per_day: self.doses_per_day.and_then(|d| DosesPerDay::new(d as u32)),
            route: code(&self.route)?,
            used_for: span(self.used_for_value, self.used_for_unit)?,
            last_use: stored_month(self.last_use_month)?,
            where_bought: code(&self.where_bought)?,
            lot: stored_text(self.lot),
            reasons: codes(&self.reasons)?,
            reason_other: stored_text(self.reason_other),
            seller: stored_text(self.seller),
        })
    }
}
