//! One test per false-positive trap of the reference (§6) and the issue: none may be flagged.

use super::scrub;

fn assert_clean(texts: &[&str]) {
    for t in texts {
        let s = scrub(t);
        assert!(s.found.is_empty(), "{t:?} was scrubbed to {:?}", s.text);
    }
}

#[test]
fn doses_and_amounts() {
    assert_clean(&[
        "took 15 mg at noon",
        "2 capsules twice",
        "0.5 ml of the tincture",
        "10000 mg of powder",
        "5-10 g a day",
        "800mg/160mg tablets",
        "7.5 mg",
        "1.5 g",
        "tomó 20000 mg",
        "12345 mg total",
    ]);
}

#[test]
fn times_of_day_and_durations() {
    assert_clean(&[
        "around 3 pm",
        "at 10:30 she woke",
        "by 14:00",
        "for 2 hours",
        "24 hours after the last dose",
    ]);
}

#[test]
fn public_service_numbers() {
    assert_clean(&[
        "we called 911",
        "I texted 988",
        "Poison Help 1-800-222-1222 told us",
        "called 1 (800) 222-1222",
        "llamé al 911",
    ]);
}

#[test]
fn relative_timings_and_frequencies() {
    assert_clean(&[
        "on day 3 the rash",
        "by week 2",
        "x3 days",
        "q6h",
        "3 days in a row",
        "for 8 months",
    ]);
}

#[test]
fn blood_pressure() {
    assert_clean(&[
        "BP 170/100",
        "BP 120/80 at triage",
        "pressure was 90/60",
        "BP on arrival 150/95",
    ]);
}

#[test]
fn fractions_and_ratings() {
    assert_clean(&[
        "1/2 tablet",
        "3/4 of a teaspoon",
        "10/10 pain",
        "pain 6/10",
        "20/20 vision",
        "since 3/4 of a bag",
        "on 1/2 a pill",
    ]);
}

#[test]
fn lot_expiry_and_ndc_codes() {
    assert_clean(&[
        "RB-0423-17 on the label",
        "lot 24B117",
        "Lot#: 2401170",
        "exp 06/2026",
        "NDC 12345-678-90",
        "batch 2024-0456",
        "lote 230915",
        "exp 06/30/2026",
    ]);
}

#[test]
fn products_and_substances() {
    assert_clean(&[
        "7-OH tablets",
        "Mitragynine extract",
        "OPMS gold shots",
        "MIT45 capsules",
        "Kratom powder",
        "Feel Free tonic",
        "Green Maeng Da",
        "Red Bali kratom",
    ]);
}

#[test]
fn ages_years_and_month_year() {
    assert_clean(&[
        "34 years old",
        "a 17-year-old",
        "March 2025",
        "marzo de 2025",
        "in 2023",
        "born in 1985",
        "since June 2024",
    ]);
}

#[test]
fn modal_may() {
    assert_clean(&[
        "may 3 times a day",
        "I may 2x the dose",
        "2 may help",
        "it may 4 hours later",
    ]);
}

#[test]
fn street_suffix_words() {
    assert_clean(&[
        "before seeing the Dr",
        "took 2 Advil. Dr said to rest",
        "the Dr said 3 more days",
    ]);
}

#[test]
fn vitals_and_scores() {
    assert_clean(&[
        "HR 120",
        "SpO2 92%",
        "temp 38.5",
        "COWS 14",
        "RR 22",
        "glucose 145",
        "GCS 15",
        "O2 sat 88%",
    ]);
}

#[test]
fn non_name_capitalised_words() {
    assert_clean(&[
        "I'm fine",
        "I'm Dr",
        "I'm Not sure",
        "I am Hispanic",
        "Poison Control said to wait",
        "This is Kratom",
    ]);
}
