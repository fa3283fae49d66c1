//! The similarity score: identical and unrelated reports, each factor, reasons and ranking.

use std::collections::BTreeSet;

use super::duplicates::*;
use crate::ids::{CaseNumber, ReportId};
use crate::report::options::AgeGroup;

fn base() -> Features {
    Features {
        id: ReportId::from_stored("a".into()),
        case_number: CaseNumber::from_stored("CAN-2026-000001".into()),
        substances: ["7oh".to_owned()].into(),
        brands: [name_key("Brand  One 7-OH")].into(),
        age_years: Some(34),
        age_group: None,
        sex: "male".into(),
        onset: month_number("2025-06"),
        symptoms: ["seizure", "vomiting", "wd:aches"].map(String::from).into(),
        narrative:
            "After stopping the tablets he could not sleep for days and had a seizure on day three."
                .into(),
    }
}

#[test]
fn identical_reports_score_one_and_unrelated_ones_zero() {
    let a = base();
    let same = similarity(
        &a,
        &Features {
            id: ReportId::from_stored("b".into()),
            ..base()
        },
    );
    assert!((same.score - 1.0).abs() < 1e-9, "{same:?}");
    assert!(same
        .reasons
        .contains(&"same substance and brand".to_owned()));
    let other = Features {
        id: ReportId::from_stored("c".into()),
        case_number: CaseNumber::from_stored("CAN-2026-000003".into()),
        substances: ["kratom_leaf".to_owned()].into(),
        brands: ["green vein".to_owned()].into(),
        age_years: Some(70),
        age_group: None,
        sex: "female".into(),
        onset: month_number("2024-01"),
        symptoms: ["rash".to_owned()].into(),
        narrative: "An itchy rash on both arms after a new capsule brand.".into(),
    };
    let far = similarity(&a, &other);
    assert!(far.score < 0.05, "{far:?}");
    assert!(rank(&a, &[other]).is_empty());
}

#[test]
fn each_factor_moves_the_score() {
    let a = base();
    let full = similarity(&a, &base()).score;
    let changes: Vec<(&str, Features)> = vec![
        (
            "substance",
            Features {
                substances: ["x".to_owned()].into(),
                ..base()
            },
        ),
        (
            "brand",
            Features {
                brands: BTreeSet::new(),
                ..base()
            },
        ),
        (
            "age",
            Features {
                age_years: Some(50),
                ..base()
            },
        ),
        (
            "sex",
            Features {
                sex: "female".into(),
                ..base()
            },
        ),
        (
            "onset",
            Features {
                onset: month_number("2025-07"),
                ..base()
            },
        ),
        (
            "symptoms",
            Features {
                symptoms: ["seizure".to_owned()].into(),
                ..base()
            },
        ),
        (
            "narrative",
            Features {
                narrative: "Something else entirely happened here to her.".into(),
                ..base()
            },
        ),
    ];
    for (what, changed) in changes {
        let s = similarity(&a, &changed).score;
        assert!(s < full - 0.04, "{what}: {s}");
    }
    // Partial matches sit between none and full.
    let group = similarity(
        &a,
        &Features {
            age_years: None,
            age_group: Some(AgeGroup::Adult),
            ..base()
        },
    );
    assert!(
        group
            .reasons
            .iter()
            .any(|r| r.starts_with("same age group")),
        "{group:?}"
    );
    let adjacent = similarity(
        &a,
        &Features {
            onset: month_number("2025-05"),
            ..base()
        },
    );
    assert!(adjacent
        .reasons
        .contains(&"adjacent onset months".to_owned()));
    let unknown = Features {
        sex: "unknown".into(),
        ..base()
    };
    assert!(!similarity(&unknown, &unknown)
        .reasons
        .contains(&"same sex".to_owned()));
}

#[test]
fn reasons_count_symptoms_and_ranking_is_best_first() {
    let a = base();
    let b = Features {
        id: ReportId::from_stored("b".into()),
        case_number: CaseNumber::from_stored("CAN-2026-000002".into()),
        symptoms: ["seizure", "vomiting"].map(String::from).into(),
        ..base()
    };
    let c = Features {
        id: ReportId::from_stored("c".into()),
        case_number: CaseNumber::from_stored("CAN-2026-000003".into()),
        ..base()
    };
    let s = similarity(&a, &b);
    assert!(
        s.reasons.contains(&"2 of 3 symptoms shared".to_owned()),
        "{s:?}"
    );
    let others = [b, c, base()];
    let ranked = rank(&a, &others);
    let order: Vec<&str> = ranked.iter().map(|(f, _)| f.id.as_str()).collect();
    assert_eq!(order, ["c", "b"], "itself excluded, best first");
    assert_eq!(month_number("2025-13"), None);
}
