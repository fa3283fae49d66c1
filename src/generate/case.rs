//! One synthetic report as the typed `NewReport` the public form produces:
//! who reported, the person affected (with every "don't know" a reporter
//! may choose), products, symptoms and withdrawal, timing, outcomes and
//! care. Shares follow substances.md §4–§7 loosely; seriousness rises with
//! emergency symptoms and co-use.

use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};

use super::dice::Dice;
use super::person::{self, age, medicine_change, pregnancy, weight};
use super::products::{co_used, pick_text, products};
use super::{narrative, symptoms};
use crate::report::model::NewReport;
use crate::report::options::*;
use crate::report::values::*;

pub fn report(d: &mut Dice, received: NaiveDate, position: f64) -> NewReport {
    let kind = d.weighted(&[
        (ReportKind::Reaction, 60),
        (ReportKind::Withdrawal, 25),
        (ReportKind::Accidental, 7),
        (ReportKind::ProductProblem, 8),
    ]);
    let mut reporter = if kind == ReportKind::Accidental {
        d.weighted(&[
            (ReporterRole::FamilyFriend, 60),
            (ReporterRole::HealthProfessional, 30),
            (ReporterRole::Self_, 5),
            (ReporterRole::Other, 5),
        ])
    } else {
        d.weighted(&[
            (ReporterRole::Self_, 55),
            (ReporterRole::FamilyFriend, 25),
            (ReporterRole::HealthProfessional, 15),
            (ReporterRole::Other, 5),
        ])
    };
    let age = age(d, kind);
    let sex = d.weighted(&[
        (Sex::Male, 70),
        (Sex::Female, 26),
        (Sex::Intersex, 1),
        (Sex::Unknown, 2),
        (Sex::NotSaid, 1),
    ]);
    let onset_date = received
        .checked_sub_months(Months::new(d.weighted(&[(0, 70), (1, 20), (2, 10)])))
        .unwrap_or(received);
    let products = products(d, kind, position, onset_date);
    let co_used = co_used(d);
    let (symptom_list, withdrawal) = symptoms::pick(d, kind);
    let emergency = symptom_list.iter().any(|s| s.is_emergency());
    let pregnancy = pregnancy(d, sex, age);
    let outcomes = symptoms::outcomes(d, emergency, !co_used.is_empty(), pregnancy);
    let died = outcomes.contains(&Outcome::Death);
    if died && reporter == ReporterRole::Self_ {
        reporter = ReporterRole::FamilyFriend;
    }
    let care = symptoms::care(d, &outcomes);
    let naloxone = if symptom_list.contains(&crate::report::symptoms::Symptom::SlowBreathing)
        || symptom_list.contains(&crate::report::symptoms::Symptom::Unresponsive)
    {
        d.weighted(&[
            (YesNoUnknown::Yes, 50),
            (YesNoUnknown::No, 30),
            (YesNoUnknown::Unknown, 20),
        ])
    } else {
        d.weighted(&[
            (YesNoUnknown::No, 80),
            (YesNoUnknown::Unknown, 15),
            (YesNoUnknown::Yes, 5),
        ])
    };
    let naloxone_helped = match naloxone {
        YesNoUnknown::Yes => d.weighted(&[
            (NaloxoneHelped::Yes, 55),
            (NaloxoneHelped::Partly, 20),
            (NaloxoneHelped::No, 10),
            (NaloxoneHelped::Unknown, 15),
        ]),
        _ => NaloxoneHelped::Unknown,
    };
    let current_state = if died {
        CurrentState::Died
    } else {
        d.weighted(&[
            (CurrentState::Recovered, 35),
            (CurrentState::Recovering, 30),
            (CurrentState::NotRecovered, 12),
            (CurrentState::LastingEffects, 5),
            (CurrentState::Unknown, 18),
        ])
    };
    let country = d.weighted(&[
        (Country::Us, 85),
        (Country::Ca, 3),
        (Country::Gb, 2),
        (Country::Au, 2),
        (Country::De, 1),
        (Country::Th, 1),
        (Country::My, 1),
        // With the full ISO list, what was "another country" is a real one;
        // a reporter who does not know the country is rare.
        (Country::Mx, 2),
        (Country::Id, 1),
        (Country::In, 1),
        (Country::Other, 1),
    ]);
    let us = country == Country::Us;
    let withdrawal_kind = kind == ReportKind::Withdrawal;
    let mut report = NewReport {
        kind,
        reporter,
        age,
        sex,
        weight: weight(d, age),
        pregnancy,
        country,
        region: if us {
            pick_text(d, person::REGIONS, 0.5).and_then(|t| {
                Region::all()
                    .iter()
                    .copied()
                    .find(|g| g.label() == t.as_str())
            })
        } else {
            None
        },
        zip3: (us && d.chance(0.6))
            .then(|| Zip3::parse(&format!("{:03}", d.between(10, 999))).ok())
            .flatten(),
        health_conditions: pick_text(d, person::CONDITIONS, 0.4),
        medicines: pick_text(d, person::MEDICINES, 0.35),
        medicine_change: medicine_change(d, onset_date),
        products,
        co_used_other: None,
        co_used,
        symptoms_other: None,
        symptoms: symptom_list,
        withdrawal,
        last_dose: if withdrawal_kind && d.chance(0.7) {
            match d.weighted(&[(0, 60), (1, 40)]) {
                0 => Span::new(d.between(6, 72), TimeUnit::Hours),
                _ => Span::new(d.between(1, 5), TimeUnit::Days),
            }
        } else {
            None
        },
        onset: d.chance(0.8).then(|| YearMonth::of(onset_date)),
        onset_after: (!withdrawal_kind && d.chance(0.6))
            .then(|| match d.weighted(&[(0, 50), (1, 50)]) {
                0 => Span::new(d.between(10, 90), TimeUnit::Minutes),
                _ => Span::new(d.between(1, 6), TimeUnit::Hours),
            })
            .flatten(),
        lasted: d
            .chance(0.5)
            .then(|| match d.weighted(&[(0, 50), (1, 50)]) {
                0 => Span::new(d.between(1, 23), TimeUnit::Hours),
                _ => Span::new(d.between(1, 14), TimeUnit::Days),
            })
            .flatten(),
        dechallenge: d.weighted(&[
            (Dechallenge::Yes, 40),
            (Dechallenge::No, 10),
            (Dechallenge::NotStopped, 20),
            (Dechallenge::Unknown, 30),
        ]),
        rechallenge: d.weighted(&[
            (Rechallenge::Yes, 10),
            (Rechallenge::No, 10),
            (Rechallenge::NotRestarted, 40),
            (Rechallenge::Unknown, 40),
        ]),
        outcomes,
        care,
        naloxone,
        naloxone_helped,
        other_treatment: pick_text(
            d,
            &[
                "IV fluids",
                "Activated charcoal",
                "Clonidine for withdrawal symptoms",
                "Observed overnight",
                "Anti-nausea medicine",
            ],
            0.15,
        ),
        current_state,
        narrative: None,
        scrubbed: BTreeSet::new(),
    };
    if report.co_used.contains(&CoUsed::Other) {
        report.co_used_other = pick_text(
            d,
            &["Energy drinks", "Gabapentin", "Antihistamine", "Phenibut"],
            0.9,
        );
    }
    // Lasting disability is not "recovered", as the form asks.
    if report.outcomes.contains(&Outcome::Disability)
        && report.current_state == CurrentState::Recovered
    {
        report.current_state = CurrentState::LastingEffects;
    }
    if report
        .symptoms
        .contains(&crate::report::symptoms::Symptom::Other)
    {
        report.symptoms_other = pick_text(
            d,
            &[
                "Itchy skin",
                "Blurred vision",
                "Ringing in the ears",
                "Could not stop yawning",
            ],
            0.9,
        );
    }
    if d.chance(0.85) {
        report.narrative = FreeText::from_stored(narrative::compose(d, &report));
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: usize) -> Vec<NewReport> {
        let mut d = Dice::seeded(5);
        let received = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default();
        (0..n)
            .map(|i| report(&mut d, received, i as f64 / n as f64))
            .collect()
    }

    /// Synthetic reports are ones the form would accept: no answers that
    /// disagree (what `canary review contradictions` lists).
    #[test]
    fn generated_answers_agree() {
        for r in sample(3000) {
            assert_eq!(crate::report::agreement::check(&r), vec![], "{r:?}");
        }
    }

    #[test]
    fn free_text_holds_nothing_the_scrubber_would_remove() {
        for r in sample(3000) {
            let mut texts: Vec<&FreeText> = [
                &r.health_conditions,
                &r.medicines,
                &r.medicine_change.which,
                &r.co_used_other,
                &r.symptoms_other,
                &r.other_treatment,
                &r.narrative,
            ]
            .into_iter()
            .flatten()
            .collect();
            for p in &r.products {
                texts.extend(
                    [&p.brand, &p.substance_other, &p.lot, &p.reason_other]
                        .into_iter()
                        .flatten(),
                );
            }
            for t in texts {
                let clean = crate::deidentify::scrub(t.as_str());
                assert_eq!(clean.text, t.as_str(), "scrubber changed generated text");
            }
        }
    }

    #[test]
    fn every_kind_role_and_age_band_appears() {
        let reports = sample(3000);
        for kind in ReportKind::all() {
            assert!(reports.iter().any(|r| r.kind == *kind), "{kind:?}");
        }
        for role in ReporterRole::all() {
            assert!(reports.iter().any(|r| r.reporter == *role), "{role:?}");
        }
        for substance in Substance::all() {
            assert!(reports
                .iter()
                .flat_map(|r| &r.products)
                .any(|p| p.substance == *substance));
        }
        assert!(reports
            .iter()
            .any(|r| r.age == Some(Age::Group(AgeGroup::NinetyPlus))));
        assert!(reports
            .iter()
            .any(|r| r.age == Some(Age::Group(AgeGroup::Unknown))));
        let serious = reports.iter().filter(|r| r.is_serious()).count();
        assert!((450..1200).contains(&serious), "{serious} of 3000 serious");
        assert!(reports
            .iter()
            .all(|r| r.current_state != CurrentState::Died || r.reporter != ReporterRole::Self_));
        assert!(reports.iter().all(|r| (1..=3).contains(&r.products.len())));
        assert!(reports
            .iter()
            .all(|r| r.products[0].role == ProductRole::Suspect));
    }
}
