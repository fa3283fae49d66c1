//! `reports.csv`: one row per case. The allow-list of its columns, with
//! their codebook entries.

use super::columns::{ages, any, boolean, codes, flag, opt, zip3s, Column, Kind, Table, BOTH};
use crate::export::rows::ReportOut;
use crate::report::options::*;

/// A report with its co-used substance codes.
pub struct ReportLine {
    pub r: ReportOut,
    pub co_used: Vec<String>,
}

/// Comma-stored codes as the export writes them.
pub fn semi(stored: &str) -> String {
    stored
        .split(',')
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn serious(r: &ReportOut) -> bool {
    r.out_death
        || r.out_life_threatening
        || r.out_hospitalised
        || r.out_disability
        || r.out_birth_defect
        || r.out_intervention
        || r.out_other_serious
}

type C = Column<ReportLine>;

macro_rules! outcome {
    ($name:literal, $field:ident, $meaning:literal) => {
        C {
            name: $name,
            kind: Kind::Boolean,
            allowed: boolean,
            meaning: $meaning,
            profiles: BOTH,
            value: |l| flag(l.r.$field),
        }
    };
}

#[rustfmt::skip]
pub static REPORTS: Table<ReportLine> = Table {
    name: "reports",
    columns: &[
        C { name: "case_number", kind: Kind::CaseNumber, allowed: any, meaning: "Canary's case number (CAN- real, SYN- synthetic); joins the other tables. Not derived from anything about the person.", profiles: BOTH, value: |l| l.r.case_number.to_string() },
        C { name: "received", kind: Kind::Month, allowed: any, meaning: "When Canary received the report (UTC).", profiles: BOTH, value: |l| l.r.received_at.format("%Y-%m").to_string() },
        C { name: "status", kind: Kind::Code, allowed: codes::<ReportStatus>, meaning: "Where the report is in the reviewers' workflow.", profiles: BOTH, value: |l| l.r.status.clone() },
        C { name: "synthetic", kind: Kind::Boolean, allowed: boolean, meaning: "True for generated demonstration data (canary generate), never a real person.", profiles: BOTH, value: |l| flag(l.r.synthetic) },
        C { name: "report_kind", kind: Kind::Code, allowed: codes::<ReportKind>, meaning: "What kind of report this is (form section 1).", profiles: BOTH, value: |l| l.r.report_kind.clone() },
        C { name: "reporter_role", kind: Kind::Code, allowed: codes::<ReporterRole>, meaning: "Who filled in the form.", profiles: BOTH, value: |l| l.r.reporter_role.clone() },
        C { name: "age", kind: Kind::Integer, allowed: ages, meaning: "Age in whole years at the event, a number that can be averaged; empty for ages of 90 and over (age_group 90+, Safe Harbor) and when only an age group was given.", profiles: BOTH, value: |l| super::profile::age_years(l.r.age_years) },
        C { name: "age_group", kind: Kind::Code, allowed: codes::<AgeGroup>, meaning: "Age group: from the exact age when known, else the group the reporter chose; 90+ for every age of 90 and over.", profiles: BOTH, value: |l| super::profile::age_group(l.r.age_years, l.r.age_group.as_deref()) },
        C { name: "sex", kind: Kind::Code, allowed: codes::<Sex>, meaning: "Sex as reported.", profiles: BOTH, value: |l| l.r.sex.clone() },
        C { name: "weight", kind: Kind::Number, allowed: any, meaning: "Body weight as reported, in weight_unit.", profiles: BOTH, value: |l| opt(&l.r.weight_value) },
        C { name: "weight_unit", kind: Kind::Code, allowed: codes::<WeightUnit>, meaning: "Unit of weight.", profiles: BOTH, value: |l| text(&l.r.weight_unit) },
        C { name: "pregnancy", kind: Kind::Code, allowed: codes::<Pregnancy>, meaning: "Pregnant at the time.", profiles: BOTH, value: |l| l.r.pregnancy.clone() },
        C { name: "country", kind: Kind::Code, allowed: codes::<Country>, meaning: "Country where it happened, ISO 3166-1 alpha-2; ZZ = not given (\"Don't know\", or \"Another country\" on reports from before the full list).", profiles: BOTH, value: |l| l.r.country.clone() },
        C { name: "region", kind: Kind::Code, allowed: codes::<Region>, meaning: "State or region, ISO 3166-2 code (US states, DC and territories; Canadian and Mexican subdivisions); empty when not given. A state is allowed under Safe Harbor.", profiles: BOTH, value: |l| text(&l.r.region) },
        C { name: "zip3", kind: Kind::Zip3, allowed: zip3s, meaning: "The ZIP area: first three ZIP digits followed by xx (written as text so a default spreadsheet or data-frame import keeps the leading zeros, e.g. 044xx); under safe-harbor the 17 restricted prefixes (2000 Census, HHS) are 000xx.", profiles: BOTH, value: |l| text(&l.r.zip3) },
        C { name: "health_conditions", kind: Kind::FreeText, allowed: any, meaning: "Other health conditions, as typed; scrubbed of identifiers at intake (and again under safe-harbor).", profiles: BOTH, value: |l| text(&l.r.health_conditions) },
        C { name: "medicines", kind: Kind::FreeText, allowed: any, meaning: "Prescription and other medicines, as typed; scrubbed.", profiles: BOTH, value: |l| text(&l.r.medicines) },
        C { name: "rx_stopped", kind: Kind::Code, allowed: codes::<YesNoUnknown>, meaning: "Whether a prescribed medicine was stopped or changed.", profiles: BOTH, value: |l| l.r.rx_stopped.clone() },
        C { name: "rx_stopped_which", kind: Kind::FreeText, allowed: any, meaning: "Which medicine was stopped or changed; scrubbed.", profiles: BOTH, value: |l| text(&l.r.rx_stopped_which) },
        C { name: "rx_stopped_month", kind: Kind::Month, allowed: any, meaning: "When it was stopped or changed.", profiles: BOTH, value: |l| text(&l.r.rx_stopped_month) },
        C { name: "co_used", kind: Kind::Codes, allowed: codes::<CoUsed>, meaning: "Other substances used around the same time.", profiles: BOTH, value: |l| l.co_used.join(";") },
        C { name: "co_used_other", kind: Kind::FreeText, allowed: any, meaning: "Other co-used substances, as typed; scrubbed.", profiles: BOTH, value: |l| text(&l.r.co_used_other) },
        C { name: "symptoms_other", kind: Kind::FreeText, allowed: any, meaning: "Symptoms not on the list, as typed; scrubbed.", profiles: BOTH, value: |l| text(&l.r.symptoms_other) },
        C { name: "last_dose", kind: Kind::Integer, allowed: any, meaning: "How long before the symptoms the last dose was taken (a relative timing, kept in both profiles).", profiles: BOTH, value: |l| opt(&l.r.last_dose_value) },
        C { name: "last_dose_unit", kind: Kind::Code, allowed: codes::<TimeUnit>, meaning: "Unit of last_dose.", profiles: BOTH, value: |l| text(&l.r.last_dose_unit) },
        C { name: "onset", kind: Kind::Month, allowed: any, meaning: "When the symptoms began.", profiles: BOTH, value: |l| text(&l.r.onset_month) },
        C { name: "onset_after", kind: Kind::Integer, allowed: any, meaning: "Time from the last dose to the first symptom (relative timing).", profiles: BOTH, value: |l| opt(&l.r.onset_after_value) },
        C { name: "onset_after_unit", kind: Kind::Code, allowed: codes::<TimeUnit>, meaning: "Unit of onset_after.", profiles: BOTH, value: |l| text(&l.r.onset_after_unit) },
        C { name: "lasted", kind: Kind::Integer, allowed: any, meaning: "How long the symptoms lasted (relative timing).", profiles: BOTH, value: |l| opt(&l.r.lasted_value) },
        C { name: "lasted_unit", kind: Kind::Code, allowed: codes::<TimeUnit>, meaning: "Unit of lasted.", profiles: BOTH, value: |l| text(&l.r.lasted_unit) },
        C { name: "dechallenge", kind: Kind::Code, allowed: codes::<Dechallenge>, meaning: "Did the problem stop or improve after stopping the product.", profiles: BOTH, value: |l| l.r.dechallenge.clone() },
        C { name: "rechallenge", kind: Kind::Code, allowed: codes::<Rechallenge>, meaning: "Did it come back when the product was used again.", profiles: BOTH, value: |l| l.r.rechallenge.clone() },
        C { name: "serious", kind: Kind::Boolean, allowed: boolean, meaning: "True when the reporter ticked any ICH E2A seriousness outcome below.", profiles: BOTH, value: |l| flag(serious(&l.r)) },
        outcome!("outcome_death", out_death, "Reporter: the person died."),
        outcome!("outcome_life_threatening", out_life_threatening, "Reporter: life-threatening."),
        outcome!("outcome_hospitalised", out_hospitalised, "Reporter: hospitalised or stay prolonged."),
        outcome!("outcome_disability", out_disability, "Reporter: disability or lasting damage."),
        outcome!("outcome_birth_defect", out_birth_defect, "Reporter: birth defect."),
        outcome!("outcome_intervention", out_intervention, "Reporter: treatment needed to prevent lasting harm."),
        outcome!("outcome_other_serious", out_other_serious, "Reporter: other serious or important medical event."),
        C { name: "reviewer_seriousness", kind: Kind::Codes, allowed: codes::<Outcome>, meaning: "Seriousness criteria a reviewer confirmed; empty while unconfirmed (or confirmed not serious: see status).", profiles: BOTH, value: |l| l.r.ich_seriousness.as_deref().map(semi).unwrap_or_default() },
        C { name: "care", kind: Kind::Codes, allowed: codes::<Care>, meaning: "Care received (every level ticked).", profiles: BOTH, value: |l| semi(&l.r.care) },
        C { name: "naloxone", kind: Kind::Code, allowed: codes::<YesNoUnknown>, meaning: "Naloxone (Narcan) given.", profiles: BOTH, value: |l| l.r.naloxone.clone() },
        C { name: "naloxone_helped", kind: Kind::Code, allowed: codes::<NaloxoneHelped>, meaning: "Whether naloxone helped.", profiles: BOTH, value: |l| l.r.naloxone_helped.clone() },
        C { name: "other_treatment", kind: Kind::FreeText, allowed: any, meaning: "Other treatment, as typed; scrubbed.", profiles: BOTH, value: |l| text(&l.r.other_treatment) },
        C { name: "current_state", kind: Kind::Code, allowed: codes::<CurrentState>, meaning: "State at the time of the report.", profiles: BOTH, value: |l| l.r.current_state.clone() },
        C { name: "narrative", kind: Kind::FreeText, allowed: any, meaning: "The reporter's account; identifiers were replaced by placeholders such as [PHONE] before it was stored, and safe-harbor scrubs it again.", profiles: BOTH, value: |l| l.r.narrative.clone() },
    ],
};
