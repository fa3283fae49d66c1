//! The gaps of sparse and complete reports, and the rule that a gap is
//! listed once.

use super::*;
use crate::report::model::{MedicineChange, Product};
use crate::report::options::*;
use crate::report::values::{Amount, Span};

fn product(role: ProductRole) -> Product {
    Product {
        role,
        substance: Substance::SevenOh,
        substance_other: None,
        brand: None,
        form: ProductForm::Unknown,
        strength: None,
        amount: None,
        doses_per_day: None,
        route: Route::Unknown,
        used_for: None,
        last_use: None,
        where_bought: WhereBought::Unknown,
        seller: None,
        lot: None,
        reasons: vec![],
        reason_other: None,
    }
}

/// Everything "Don't know" or left empty that the form allows.
fn sparse() -> NewReport {
    NewReport {
        kind: ReportKind::Reaction,
        reporter: ReporterRole::Self_,
        age: Some(Age::Group(AgeGroup::Unknown)),
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
        products: vec![product(ProductRole::Suspect)],
        co_used: vec![],
        co_used_other: None,
        symptoms: vec![crate::report::symptoms::Symptom::Vomiting],
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

fn complete() -> NewReport {
    let mut r = sparse();
    r.sex = Sex::Female;
    r.products[0].form = ProductForm::Capsule;
    r.products[0].amount = Amount::new(2.0, AmountUnit::Capsules);
    r.onset_after = Span::new(2, TimeUnit::Hours);
    r.current_state = CurrentState::Recovering;
    r
}

#[test]
fn a_sparse_report_lists_each_gap_minimum_elements_first() {
    assert_eq!(
        gaps(&sparse()),
        vec![
            Gap::Patient,
            Gap::ProductForm(0),
            Gap::Amount(0),
            Gap::Onset { withdrawal: false },
            Gap::Outcome,
        ]
    );
}

#[test]
fn a_complete_report_has_no_gap() {
    assert_eq!(gaps(&complete()), vec![]);
}

#[test]
fn any_one_of_age_age_group_sex_or_weight_identifies_the_patient() {
    let patient = |r: &NewReport| gaps(r).contains(&Gap::Patient);
    let mut r = sparse();
    r.sex = Sex::NotSaid;
    assert!(patient(&r), "prefer not to say is not an answer to use");
    r.age = Some(Age::Group(AgeGroup::Teen));
    assert!(!patient(&r));
    r.age = Age::from_years(40);
    assert!(!patient(&r));
    r.age = None;
    assert!(patient(&r));
    r.sex = Sex::Intersex;
    assert!(!patient(&r));
    r.sex = Sex::Unknown;
    r.weight = crate::report::values::Weight::new(70.0, WeightUnit::Kg);
    assert!(!patient(&r));
}

#[test]
fn an_outcome_or_a_withdrawal_symptom_is_an_event_but_severity_none_is_not() {
    let event = |r: &NewReport| gaps(r).contains(&Gap::Event);
    let mut r = complete();
    r.symptoms.clear();
    assert!(event(&r));
    r.withdrawal = vec![(
        crate::report::symptoms::WithdrawalSymptom::Aches,
        Severity::None,
    )];
    assert!(event(&r));
    r.withdrawal[0].1 = Severity::Mild;
    assert!(!event(&r));
    r.withdrawal.clear();
    r.outcomes = vec![Outcome::Hospitalised];
    assert!(!event(&r));
}

#[test]
fn only_suspect_products_are_asked_about_and_none_is_a_gap() {
    let mut r = complete();
    r.products.push(product(ProductRole::CoUsed));
    assert_eq!(gaps(&r), vec![], "a co-used product's form does not matter");
    r.products[0].role = ProductRole::CoUsed;
    assert_eq!(gaps(&r), vec![Gap::SuspectProduct]);
    r.products[1].role = ProductRole::Suspect;
    assert_eq!(gaps(&r), vec![Gap::ProductForm(1), Gap::Amount(1)]);
}

#[test]
fn withdrawal_timing_is_the_time_since_the_last_dose() {
    let mut r = complete();
    r.kind = ReportKind::Withdrawal;
    r.onset_after = None;
    assert_eq!(gaps(&r), vec![Gap::Onset { withdrawal: true }]);
    r.last_dose = Span::new(18, TimeUnit::Hours);
    assert_eq!(gaps(&r), vec![]);
    r.kind = ReportKind::Reaction;
    assert_eq!(gaps(&r), vec![Gap::Onset { withdrawal: false }]);
}

#[test]
fn change_links_open_the_field_of_the_right_form_block() {
    // Product 0 came from block 2 (blocks 0 and 1 were left empty).
    let blocks = [2];
    assert_eq!(Gap::Amount(0).field(&blocks), "p2_amount");
    assert_eq!(Gap::ProductForm(0).field(&blocks), "p2_form");
    assert_eq!(Gap::SuspectProduct.field(&blocks), "p2_role");
    assert_eq!(Gap::Patient.field(&blocks), "age");
    assert_eq!(Gap::Onset { withdrawal: true }.field(&blocks), "last_dose");
    assert_eq!(Gap::Outcome.section(), "care");
}

#[test]
fn a_gap_is_listed_once_then_summed_up() {
    let first = guidance(&gaps(&sparse()), "");
    assert_eq!(first.new.len(), 5);
    assert_eq!(first.left, 0);
    assert_eq!(first.seen, "amount0 form0 onset outcome patient");

    // Back from the form with the sex given and a second product added.
    let mut r = sparse();
    r.sex = Sex::Male;
    r.products.push(product(ProductRole::Suspect));
    let second = guidance(&gaps(&r), &first.seen);
    assert_eq!(second.new, vec![Gap::ProductForm(1), Gap::Amount(1)]);
    assert_eq!(
        second.left, 4,
        "form0, amount0, onset and outcome, shown before"
    );
    assert_eq!(
        second.seen,
        "amount0 amount1 form0 form1 onset outcome patient"
    );

    // A third look lists nothing new.
    let third = guidance(&gaps(&r), &second.seen);
    assert_eq!(third.new, vec![]);
    assert_eq!(third.left, 6);
}

#[test]
fn the_seen_field_keeps_codes_only() {
    let g = guidance(&[Gap::Outcome], "outcome <script> patient");
    assert_eq!(g.seen, "outcome patient");
    assert_eq!(g.new, vec![]);
    assert_eq!(g.left, 1);
}
