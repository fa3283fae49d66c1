//! Fuzz target: raw request body → `RawForm::decode` → the character rules →
//! `report::form::parse`, exactly as `POST /report` runs them. Must never
//! panic; a report it accepts must hold only bounded values and free text in
//! which the scrubber finds nothing left to remove.
#![no_main]

use canary::deidentify::{self, IdentifierKind};
use canary::form::RawForm;
use canary::report::form::{is_multiline, parse};
use canary::report::model::{NewReport, MAX_NARRATIVE, MAX_PRODUCTS};
use canary::report::options::WeightUnit;
use canary::report::values::{Age, FreeText, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let Ok(mut form) = RawForm::decode(body) else {
        return;
    };
    if !form.take_bad_text(is_multiline).is_empty() {
        return;
    }
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 6, 15) else {
        return;
    };
    if let Ok(report) = parse(&form, today) {
        check(&report);
    }
});

fn check(r: &NewReport) {
    assert!(!r.products.is_empty() && r.products.len() <= MAX_PRODUCTS);
    if let Some(Age::Years(y)) = r.age {
        assert!(y <= 89, "age {y} kept as a number");
    }
    if let Some(w) = r.weight {
        let kg = match w.unit() {
            WeightUnit::Kg => w.value(),
            WeightUnit::Lb => w.value() * 0.453_592_37,
        };
        assert!(
            kg.is_finite() && (0.3..=400.0).contains(&kg),
            "weight {w:?}"
        );
    }
    for s in [r.last_dose, r.onset_after, r.lasted].into_iter().flatten() {
        span(s);
    }
    for ym in [r.onset, r.medicine_change.when].into_iter().flatten() {
        assert!((1900..=2026).contains(&ym.year()) && (1..=12).contains(&ym.month()));
    }
    if let Some(z) = &r.zip3 {
        assert!(z.as_str().len() == 3 && z.as_str().bytes().all(|b| b.is_ascii_digit()));
    }
    let mut texts = vec![
        &r.health_conditions,
        &r.medicines,
        &r.medicine_change.which,
        &r.co_used_other,
        &r.symptoms_other,
        &r.other_treatment,
        &r.narrative,
    ];
    for p in &r.products {
        if let Some(s) = p.used_for {
            span(s);
        }
        if let Some(a) = p.amount {
            assert!(a.value() > 0.0 && a.value() <= 10_000.0);
        }
        if let Some(s) = p.strength {
            assert!(s.mg() > 0.0 && s.mg() <= 100_000.0);
        }
        if let Some(d) = p.doses_per_day {
            assert!((1..=100).contains(&d.get()));
        }
        texts.extend([&p.substance_other, &p.brand, &p.lot, &p.reason_other]);
    }
    for t in texts.into_iter().flatten() {
        free_text(t);
    }
}

fn span(s: Span) {
    assert!(u32::from(s.value()) <= Span::MAX);
}

fn free_text(t: &FreeText) {
    let text = t.as_str();
    assert!(!text.trim().is_empty(), "empty free text accepted");
    // The cap counts the typed text (at most MAX_NARRATIVE characters); only
    // placeholders, each replacing at least one character, may add to it.
    let placeholders: Vec<(usize, usize)> = IdentifierKind::ALL
        .iter()
        .map(|k| (text.matches(k.placeholder()).count(), k.placeholder().len()))
        .collect();
    let growth: usize = placeholders.iter().map(|(n, len)| n * (len - 1)).sum();
    assert!(
        text.chars().count() <= MAX_NARRATIVE + growth,
        "free text of {} characters, {growth} from placeholders",
        text.chars().count()
    );
    let again = deidentify::scrub(text);
    assert!(
        again.found.is_empty(),
        "identifier left in accepted text {text:?}: {:?}",
        again.found
    );
}
