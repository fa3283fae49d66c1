//! What a MedWatch reviewer would miss in a report: each gap named with the
//! FDA Form 3500 item it would fill (medwatch.md §2 and §5), so the reviewer
//! knows what to ask the reporter for. Never invents a value.

use crate::report::model::NewReport;
use crate::report::options::{CurrentState, Dechallenge, ProductRole, Rechallenge, Route, Sex};

/// One missing piece of information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The Form 3500 item, e.g. "A2".
    pub item: &'static str,
    pub what: String,
}

/// The four minimum elements FDA needs for a valid report (an identifiable
/// patient, a reporter, a suspect product, an event) are always present in a
/// Canary report except possibly the patient, which needs at least one of
/// age, sex or weight.
pub fn gaps(r: &NewReport) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let mut add = |item: &'static str, what: String| gaps.push(Gap { item, what });
    if r.age.is_none() && matches!(r.sex, Sex::Unknown | Sex::NotSaid) && r.weight.is_none() {
        add(
            "A2–A4",
            "Nothing identifies the patient (no age, sex or weight): FDA needs at least one for a valid report".into(),
        );
    }
    if r.age.is_none() {
        add("A2", "Age".into());
    }
    if matches!(r.sex, Sex::Unknown | Sex::NotSaid) {
        add("A3", "Sex".into());
    }
    if r.weight.is_none() {
        add("A4", "Weight".into());
    }
    if r.onset.is_none() {
        add("B3", "When the problem started (month)".into());
    }
    if r.narrative.is_none() {
        add("B5", "A description of what happened".into());
    }
    if r.health_conditions.is_none() {
        add("B7", "Other relevant history (health conditions)".into());
    }
    for (i, p) in r.products.iter().enumerate() {
        if p.role != ProductRole::Suspect {
            continue;
        }
        let name = format!("Product {} ({})", i + 1, p.display_name());
        if p.brand.is_none() {
            add("D1", format!("{name}: brand or product name"));
        }
        if p.strength.is_none() {
            add("D1", format!("{name}: strength"));
        }
        if p.lot.is_none() {
            add("D1", format!("{name}: lot number"));
        }
        if p.amount.is_none() {
            add("D2", format!("{name}: amount per dose"));
        }
        if p.doses_per_day.is_none() {
            add("D2", format!("{name}: how often it was taken"));
        }
        if p.route == Route::Unknown {
            add("D2", format!("{name}: how it was taken (route)"));
        }
        if p.used_for.is_none() && p.last_use.is_none() {
            add(
                "D3",
                format!("{name}: how long it was used, or when last used"),
            );
        }
        if p.reasons.is_empty() && p.reason_other.is_none() {
            add("D4", format!("{name}: reason for use"));
        }
    }
    if r.dechallenge == Dechallenge::Unknown {
        add(
            "D7",
            "Whether the problem stopped when the product was stopped".into(),
        );
    }
    if r.rechallenge == Rechallenge::Unknown {
        add(
            "D8",
            "Whether the problem came back when the product was used again".into(),
        );
    }
    if r.current_state == CurrentState::Unknown {
        add("B2", "How the person is now (outcome)".into());
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{MedicineChange, Product};
    use crate::report::options::{
        Country, NaloxoneHelped, Pregnancy, ProductForm, ReportKind, ReporterRole, Substance,
        WhereBought, YesNoUnknown,
    };
    use crate::report::values::Age;

    fn sparse() -> NewReport {
        NewReport {
            kind: ReportKind::Reaction,
            reporter: ReporterRole::Self_,
            age: None,
            sex: Sex::Unknown,
            weight: None,
            pregnancy: Pregnancy::Unknown,
            country: Country::Us,
            region: None,
            zip3: None,
            health_conditions: None,
            medicines: None,
            medicine_change: MedicineChange {
                answer: YesNoUnknown::Unknown,
                which: None,
                when: None,
            },
            products: vec![Product {
                role: ProductRole::Suspect,
                substance: Substance::SevenOh,
                substance_other: None,
                brand: None,
                form: ProductForm::Tablet,
                strength: None,
                amount: None,
                doses_per_day: None,
                route: Route::Unknown,
                used_for: None,
                last_use: None,
                where_bought: WhereBought::Unknown,
                lot: None,
                seller: None,
                reasons: vec![],
                reason_other: None,
            }],
            co_used: vec![],
            co_used_other: None,
            symptoms: vec![],
            symptoms_other: None,
            withdrawal: vec![],
            last_dose: None,
            onset: None,
            onset_after: None,
            lasted: None,
            dechallenge: Dechallenge::Unknown,
            rechallenge: Rechallenge::Unknown,
            outcomes: vec![],
            care: vec![],
            naloxone: YesNoUnknown::Unknown,
            naloxone_helped: NaloxoneHelped::Unknown,
            other_treatment: None,
            current_state: CurrentState::Unknown,
            narrative: None,
            scrubbed: Default::default(),
        }
    }

    #[test]
    fn a_sparse_report_names_each_missing_item() {
        let g = gaps(&sparse());
        let items: Vec<&str> = g.iter().map(|g| g.item).collect();
        for item in [
            "A2–A4", "A2", "A3", "A4", "B3", "B5", "D1", "D2", "D3", "D4", "D7", "D8",
        ] {
            assert!(items.contains(&item), "{item} missing from {items:?}");
        }
        assert!(g.iter().any(|g| g.what.contains("lot number")));
    }

    #[test]
    fn an_age_is_enough_to_identify_the_patient() {
        let mut r = sparse();
        r.age = Age::from_years(34);
        let g = gaps(&r);
        assert!(!g.iter().any(|g| g.item == "A2–A4" || g.item == "A2"));
    }
}
