//! Naranjo scoring, its bands, unanswered questions and stored events.

use super::causality::*;
use super::terms::ReactionTerm;
use crate::form::RawForm;

fn answers(letters: &str) -> Answers {
    Answers::from_letters(letters).unwrap()
}

#[test]
fn extremes_of_the_scale() {
    // Max: yes everywhere except q5 and q6 (no scores there).
    assert_eq!(answers("yyyynnyyyy").score(), 13);
    // Min: q2 and q4 no, q5 and q6 yes, everything else no or don't know.
    assert_eq!(answers("nnnnyynnnn").score(), -4);
    assert_eq!(answers("uuuuuuuuuu").score(), 0, "don't know scores 0");
    let brute = (0..3i32.pow(10)).map(|mut n| {
        let letters: String = (0..10)
            .map(|_| {
                let c = ["y", "n", "u"][(n % 3) as usize];
                n /= 3;
                c
            })
            .collect();
        answers(&letters).score()
    });
    let (lo, hi) = brute.fold((i32::MAX, i32::MIN), |(l, h), s| (l.min(s), h.max(s)));
    assert_eq!((lo, hi), (-4, 13));
}

#[test]
fn band_edges() {
    for (score, band) in [
        (13, NaranjoBand::Definite),
        (9, NaranjoBand::Definite),
        (8, NaranjoBand::Probable),
        (5, NaranjoBand::Probable),
        (4, NaranjoBand::Possible),
        (1, NaranjoBand::Possible),
        (0, NaranjoBand::Doubtful),
        (-4, NaranjoBand::Doubtful),
    ] {
        assert_eq!(NaranjoBand::of(score), band, "{score}");
    }
    // A known set: q2 yes (+2), q3 yes (+1), q5 no (+2), q10 yes (+1) = 6.
    let a = answers("uyyunuuuuy");
    assert_eq!((a.score(), a.band()), (6, NaranjoBand::Probable));
}

#[test]
fn unanswered_questions_are_dont_know() {
    let mut form = RawForm::default();
    form.set("c0_event", "term:seizure");
    form.set("c0_who_umc", "possible");
    form.set("c0_q2", "y");
    form.set("c0_rationale", "Timing fits; alcohol also used.");
    let a = parse(&form, 0).unwrap();
    assert_eq!(a.answers.letters(), "uyuuuuuuuu");
    assert_eq!(a.answers.score(), 2);
    form.set("c0_rationale", " ");
    let errors = parse(&form, 0).unwrap_err();
    assert!(errors.get("c0_rationale").is_some());
    assert!(Answers::from_letters("yyyyyyyyy").is_none(), "nine letters");
}

#[test]
fn stored_events_read_back() {
    for e in [
        AssessedEvent::Term(ReactionTerm::Seizure),
        AssessedEvent::Text("jaw pain: odd".into()),
    ] {
        assert_eq!(AssessedEvent::from_storage(&e.storage()), e);
    }
}
