//! The person affected in a synthetic report: age (with the 90+ group and
//! "don't know"), weight, pregnancy, where they live, their conditions and
//! medicines, and whether a prescribed medicine was stopped.

use chrono::{Months, NaiveDate};

use super::dice::Dice;
use super::products::pick_text;
use crate::report::model::MedicineChange;
use crate::report::options::*;
use crate::report::values::*;

pub const REGIONS: &[&str] = &[
    "Texas",
    "Florida",
    "Ohio",
    "Oregon",
    "Idaho",
    "Missouri",
    "Georgia",
    "Alabama",
    "Washington",
    "California",
    "Tennessee",
    "Colorado",
];
pub const CONDITIONS: &[&str] = &[
    "Chronic back pain",
    "Depression",
    "Anxiety",
    "High blood pressure",
    "Type 2 diabetes",
    "Past opioid use disorder",
    "ADHD",
    "Asthma",
    "Fibromyalgia",
    "Chronic back pain and depression",
];
pub const MEDICINES: &[&str] = &[
    "Sertraline daily",
    "Gabapentin",
    "Lisinopril",
    "Metformin",
    "Bupropion",
    "Buprenorphine",
    "Ibuprofen when needed",
    "Clonazepam at night",
];
const STOPPED: &[&str] = &[
    "Buprenorphine",
    "Sertraline",
    "Clonazepam",
    "Methadone",
    "Oxycodone",
    "Venlafaxine",
];

/// A whole report received on `received` (a date in the period);
/// `position` is how far through the period it is (0 = start, 1 = now).
pub fn age(d: &mut Dice, kind: ReportKind) -> Option<Age> {
    if kind == ReportKind::Accidental && d.chance(0.8) {
        return Some(match d.weighted(&[(0, 60), (1, 20), (2, 20)]) {
            0 => Age::Years(d.between(1, 6) as u8),
            1 => Age::Group(AgeGroup::Infant),
            _ => Age::Group(AgeGroup::Child),
        });
    }
    Some(
        match d.weighted(&[(0, 80), (1, 3), (2, 3), (3, 4), (4, 3), (5, 7)]) {
            // Adults: a peak in the thirties, a tail to the late eighties.
            0 => Age::from_years(
                18 + (d.between(0, 24) + d.between(0, 24) + d.between(0, 24)) * 2 / 3,
            )?,
            1 => Age::Years(d.between(14, 17) as u8),
            2 => Age::Group(AgeGroup::NinetyPlus),
            3 => Age::Group(AgeGroup::Adult),
            4 => Age::Years(d.between(65, 89) as u8),
            _ => Age::Group(AgeGroup::Unknown),
        },
    )
}

pub fn weight(d: &mut Dice, age: Option<Age>) -> Option<Weight> {
    if !d.chance(0.6) {
        return None;
    }
    let child = matches!(
        age,
        Some(Age::Years(0..=11)) | Some(Age::Group(AgeGroup::Infant | AgeGroup::Child))
    );
    let kg = if child {
        d.between(8, 35)
    } else {
        d.between(48, 130)
    };
    if d.chance(0.7) {
        Weight::new((f64::from(kg) * 2.204_62).round(), WeightUnit::Lb)
    } else {
        Weight::new(f64::from(kg), WeightUnit::Kg)
    }
}

pub fn pregnancy(d: &mut Dice, sex: Sex, age: Option<Age>) -> Pregnancy {
    let could = matches!(
        age,
        Some(Age::Years(12..=50)) | Some(Age::Group(AgeGroup::Adult))
    );
    match sex {
        Sex::Female if could => d.weighted(&[
            (Pregnancy::No, 80),
            (Pregnancy::Yes, 3),
            (Pregnancy::Unknown, 17),
        ]),
        Sex::Male => Pregnancy::NotApplicable,
        _ => d.weighted(&[(Pregnancy::NotApplicable, 60), (Pregnancy::Unknown, 40)]),
    }
}

pub fn medicine_change(d: &mut Dice, onset: NaiveDate) -> MedicineChange {
    let answer = d.weighted(&[
        (YesNoUnknown::Yes, 12),
        (YesNoUnknown::No, 55),
        (YesNoUnknown::Unknown, 33),
    ]);
    if answer != YesNoUnknown::Yes {
        return MedicineChange {
            answer,
            which: None,
            when: None,
        };
    }
    MedicineChange {
        answer,
        which: pick_text(d, STOPPED, 0.85),
        when: d
            .chance(0.6)
            .then(|| onset.checked_sub_months(Months::new(d.between(1, 6))))
            .flatten()
            .map(YearMonth::of),
    }
}
