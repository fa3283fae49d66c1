//! A report as typed domain values: what the form produces once accepted,
//! what the database stores and what reviewers and exports read back.

use std::collections::BTreeSet;

use super::options::*;
use super::symptoms::{Symptom, WithdrawalSymptom};
use super::values::*;
use crate::deidentify::IdentifierKind;

/// Most products on one report.
pub const MAX_PRODUCTS: usize = 10;
/// Longest narrative, in characters after normalisation.
pub const MAX_NARRATIVE: usize = 5000;

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub role: ProductRole,
    pub substance: Substance,
    /// The substance's name when `substance` is Other.
    pub substance_other: Option<FreeText>,
    pub brand: Option<FreeText>,
    pub form: ProductForm,
    pub strength: Option<Strength>,
    pub amount: Option<Amount>,
    pub doses_per_day: Option<DosesPerDay>,
    pub route: Route,
    pub used_for: Option<Span>,
    pub last_use: Option<YearMonth>,
    pub where_bought: WhereBought,
    pub lot: Option<FreeText>,
    /// The shop or website it was bought from, as typed (shop names kept).
    pub seller: Option<FreeText>,
    pub reasons: Vec<ReasonForUse>,
    pub reason_other: Option<FreeText>,
}

impl Product {
    /// The name a reviewer would use: brand, else the substance.
    pub fn display_name(&self) -> String {
        match (&self.brand, &self.substance_other) {
            (Some(b), _) => b.to_string(),
            (None, Some(o)) => o.to_string(),
            (None, None) => self.substance.label().to_owned(),
        }
    }
}

/// Whether a prescribed medicine was stopped or reduced when the product was
/// started (substances.md §7): a discontinuation signal in its own right.
#[derive(Debug, Clone, PartialEq)]
pub struct MedicineChange {
    pub answer: YesNoUnknown,
    pub which: Option<FreeText>,
    pub when: Option<YearMonth>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    pub kind: ReportKind,
    pub reporter: ReporterRole,
    // The person affected.
    pub age: Option<Age>,
    pub sex: Sex,
    pub weight: Option<Weight>,
    pub pregnancy: Pregnancy,
    pub country: Country,
    pub region: Option<Region>,
    pub zip3: Option<Zip3>,
    pub health_conditions: Option<FreeText>,
    pub medicines: Option<FreeText>,
    pub medicine_change: MedicineChange,
    // Products and co-used substances.
    pub products: Vec<Product>,
    pub co_used: Vec<CoUsed>,
    pub co_used_other: Option<FreeText>,
    // What happened.
    pub symptoms: Vec<Symptom>,
    pub symptoms_other: Option<FreeText>,
    pub withdrawal: Vec<(WithdrawalSymptom, Severity)>,
    pub last_dose: Option<Span>,
    pub onset: Option<YearMonth>,
    pub onset_after: Option<Span>,
    pub lasted: Option<Span>,
    pub dechallenge: Dechallenge,
    pub rechallenge: Rechallenge,
    // Seriousness and care.
    pub outcomes: Vec<Outcome>,
    pub care: Vec<Care>,
    pub naloxone: YesNoUnknown,
    pub naloxone_helped: NaloxoneHelped,
    pub other_treatment: Option<FreeText>,
    pub current_state: CurrentState,
    pub narrative: Option<FreeText>,
    /// Kinds of identifier removed from any free text (never the text itself).
    pub scrubbed: BTreeSet<IdentifierKind>,
}

impl NewReport {
    /// 0 = death, 1 = life-threatening, 2 = hospitalisation … 7 = not serious;
    /// the reviewers' queue is ordered by it.
    pub fn seriousness_rank(&self) -> i32 {
        let mut rank = Outcome::all().len() as i32;
        if self.current_state == CurrentState::Died {
            rank = 0;
        }
        for o in &self.outcomes {
            let r = Outcome::all()
                .iter()
                .position(|x| x == o)
                .unwrap_or(Outcome::all().len()) as i32;
            rank = rank.min(r);
        }
        rank
    }

    pub fn is_serious(&self) -> bool {
        self.seriousness_rank() < Outcome::all().len() as i32
    }

    /// Where the report starts in the reviewers' queue: its seriousness
    /// rank, except that emergency symptoms (a seizure, stopped breathing,
    /// unresponsiveness …) make it at least an important medical event
    /// (ICH E2A) until a reviewer confirms or downgrades it.
    pub fn initial_queue_rank(&self) -> i32 {
        let medically_important = Outcome::all()
            .iter()
            .position(|o| *o == Outcome::OtherSerious)
            .unwrap_or(Outcome::all().len()) as i32;
        if self.needs_urgent_help() {
            self.seriousness_rank().min(medically_important)
        } else {
            self.seriousness_rank()
        }
    }

    /// Symptoms that call for the urgent-help banner to be repeated.
    pub fn needs_urgent_help(&self) -> bool {
        self.symptoms.iter().any(|s| s.is_emergency())
    }

    pub fn suspects(&self) -> impl Iterator<Item = &Product> {
        self.products
            .iter()
            .filter(|p| p.role == ProductRole::Suspect)
    }
}
