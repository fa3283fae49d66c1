//! What happened in a synthetic report: ticked symptoms (weights after the
//! poison-centre series in substances.md §4), withdrawal symptoms with a
//! severity each, MedWatch outcomes and the care received, consistent with
//! each other (a death was also life-threatening and hospital care …).

use super::dice::Dice;
use crate::report::options::*;
use crate::report::symptoms::{Symptom, WithdrawalSymptom};

use Symptom as S;

const REACTION: &[(Symptom, u32)] = &[
    (S::FastHeart, 20),
    (S::Agitation, 18),
    (S::Drowsy, 14),
    (S::Nausea, 14),
    (S::Vomiting, 11),
    (S::Confusion, 8),
    (S::Sweating, 8),
    (S::Shaking, 6),
    (S::HighBloodPressure, 5),
    (S::Seizure, 5),
    (S::Hallucinations, 4),
    (S::SlowBreathing, 3),
    (S::Unresponsive, 3),
    (S::Headache, 6),
    (S::Dizziness, 6),
    (S::Constipation, 5),
    (S::Anxiety, 6),
    (S::TroubleSleeping, 4),
    (S::Jaundice, 2),
    (S::DarkUrine, 2),
    (S::StomachPain, 4),
    (S::ChestPain, 2),
    (S::ShortOfBreath, 2),
    (S::Fainting, 2),
    (S::Rash, 1),
    (S::SkinDarkening, 1),
    (S::WeightLoss, 1),
    (S::Dependence, 6),
    (S::LowMood, 3),
    (S::Other, 2),
];

const ACCIDENTAL: &[(Symptom, u32)] = &[
    (S::Drowsy, 30),
    (S::Vomiting, 25),
    (S::SlowBreathing, 10),
    (S::Unresponsive, 8),
    (S::FastHeart, 10),
    (S::Agitation, 8),
    (S::Seizure, 4),
];

const ALONG_WITH_WITHDRAWAL: &[(Symptom, u32)] = &[
    (S::Anxiety, 30),
    (S::TroubleSleeping, 30),
    (S::Dependence, 30),
    (S::LowMood, 15),
    (S::Seizure, 3),
];

const PRODUCT_PROBLEM: &[(Symptom, u32)] = &[
    (S::Nausea, 30),
    (S::Vomiting, 20),
    (S::StomachPain, 20),
    (S::Headache, 10),
    (S::Dizziness, 10),
];

/// Symptoms and withdrawal symptoms for a report of `kind`.
pub fn pick(d: &mut Dice, kind: ReportKind) -> (Vec<Symptom>, Vec<(WithdrawalSymptom, Severity)>) {
    let (symptoms, withdrawal) = match kind {
        ReportKind::Reaction => (d.some(REACTION, 1, 5), d.chance(0.08)),
        ReportKind::Withdrawal => (d.some(ALONG_WITH_WITHDRAWAL, 0, 2), true),
        ReportKind::Accidental => (d.some(ACCIDENTAL, 1, 3), false),
        ReportKind::ProductProblem => (d.some(PRODUCT_PROBLEM, 0, 2), false),
    };
    let withdrawal = if withdrawal {
        withdrawal_symptoms(d, kind)
    } else {
        Vec::new()
    };
    (symptoms, withdrawal)
}

fn withdrawal_symptoms(d: &mut Dice, kind: ReportKind) -> Vec<(WithdrawalSymptom, Severity)> {
    let table: Vec<(WithdrawalSymptom, u32)> = WithdrawalSymptom::all()
        .iter()
        .map(|w| {
            let weight = match w {
                WithdrawalSymptom::Aches
                | WithdrawalSymptom::Restless
                | WithdrawalSymptom::NoSleep
                | WithdrawalSymptom::Craving
                | WithdrawalSymptom::AnxiousIrritable => 10,
                WithdrawalSymptom::RunnyNose
                | WithdrawalSymptom::Sweating
                | WithdrawalSymptom::Diarrhoea
                | WithdrawalSymptom::HotFlushes
                | WithdrawalSymptom::Chills => 6,
                _ => 3,
            };
            (*w, weight)
        })
        .collect();
    let (min, max) = if kind == ReportKind::Withdrawal {
        (3, 10)
    } else {
        (1, 3)
    };
    d.some(&table, min, max)
        .into_iter()
        .map(|w| {
            let severity = d.weighted(&[
                (Severity::Mild, 35),
                (Severity::Moderate, 40),
                (Severity::Severe, 23),
                (Severity::None, 2),
            ]);
            (w, severity)
        })
        .collect()
}

/// MedWatch outcomes: about a quarter of reports are serious, more with
/// emergency symptoms or co-use (substances.md §5–§6).
pub fn outcomes(d: &mut Dice, emergency: bool, co_used: bool, pregnant: Pregnancy) -> Vec<Outcome> {
    let mut p = 0.15;
    if emergency {
        p += 0.45;
    }
    if co_used {
        p += 0.1;
    }
    if !d.chance(p) {
        return Vec::new();
    }
    let first = d.weighted(&[
        (Outcome::Hospitalised, 45),
        (Outcome::OtherSerious, 25),
        (Outcome::LifeThreatening, 15),
        (Outcome::Intervention, 10),
        (Outcome::Disability, 3),
        (Outcome::Death, 2),
        (
            Outcome::BirthDefect,
            if pregnant == Pregnancy::Yes { 10 } else { 0 },
        ),
    ]);
    let mut out = vec![first];
    match first {
        Outcome::Death | Outcome::LifeThreatening => {
            out.push(Outcome::Hospitalised);
            if first == Outcome::Death || d.chance(0.3) {
                out.push(Outcome::LifeThreatening);
            }
        }
        Outcome::Hospitalised if d.chance(0.25) => out.push(Outcome::OtherSerious),
        _ => {}
    }
    out.sort_by_key(|o| Outcome::all().iter().position(|x| x == o));
    out.dedup();
    out
}

/// The care received, in line with the outcomes.
pub fn care(d: &mut Dice, outcomes: &[Outcome]) -> Vec<Care> {
    if outcomes.contains(&Outcome::Hospitalised) {
        let mut care = vec![Care::Emergency, Care::Admitted];
        if outcomes.contains(&Outcome::LifeThreatening) || d.chance(0.15) {
            care.push(Care::Icu);
        }
        if d.chance(0.2) {
            care.insert(0, Care::PoisonCenter);
        }
        return care;
    }
    if !outcomes.is_empty() {
        return d.some(
            &[
                (Care::Emergency, 60),
                (Care::Doctor, 30),
                (Care::PoisonCenter, 20),
            ],
            1,
            2,
        );
    }
    match d.weighted(&[(0, 40), (1, 20), (2, 15), (3, 15), (4, 10)]) {
        0 => vec![Care::None],
        1 => vec![Care::Doctor],
        2 => vec![Care::PoisonCenter],
        3 => vec![Care::Emergency],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serious_outcomes_come_with_matching_care() {
        let mut d = Dice::seeded(11);
        for _ in 0..5000 {
            let emergency = d.chance(0.5);
            let out = outcomes(&mut d, emergency, false, Pregnancy::No);
            assert!(
                !out.contains(&Outcome::BirthDefect),
                "no birth defect without pregnancy"
            );
            if out.contains(&Outcome::Death) {
                assert!(
                    out.contains(&Outcome::LifeThreatening) && out.contains(&Outcome::Hospitalised)
                );
            }
            let care = care(&mut d, &out);
            if out.contains(&Outcome::Hospitalised) {
                assert!(care.contains(&Care::Admitted));
            }
            assert!(!(care.contains(&Care::None) && care.len() > 1), "{care:?}");
        }
    }

    #[test]
    fn emergency_symptoms_raise_the_serious_share() {
        let mut d = Dice::seeded(12);
        let share = |d: &mut Dice, emergency| {
            (0..20_000)
                .filter(|_| !outcomes(d, emergency, false, Pregnancy::No).is_empty())
                .count() as f64
                / 20_000.0
        };
        let calm = share(&mut d, false);
        let urgent = share(&mut d, true);
        assert!((0.13..0.17).contains(&calm), "{calm}");
        assert!((0.57..0.63).contains(&urgent), "{urgent}");
    }

    #[test]
    fn withdrawal_reports_always_rate_withdrawal_symptoms() {
        let mut d = Dice::seeded(13);
        for _ in 0..2000 {
            let (_, w) = pick(&mut d, ReportKind::Withdrawal);
            assert!((3..=10).contains(&w.len()), "{w:?}");
            let (s, _) = pick(&mut d, ReportKind::Reaction);
            assert!(!s.is_empty());
        }
    }
}
