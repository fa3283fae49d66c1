//! The reviewers' side of synthetic cases: statuses spread over the
//! workflow (older cases further along), and for about a fifth of cases a
//! synthetic reviewer's assessment — coded reactions, confirmed
//! seriousness, the FDA report type, WHO-UMC and Naranjo causality per
//! suspect product — plus
//! questions to reporters, forwards and notes.
//!
//! Reaction terms and WHO-UMC categories are written as their storage codes
//! here; the typed lists live with the assessment pages (`src/review/`).

use crate::ids::{ReportId, UserId};
use chrono::{NaiveDateTime, TimeDelta};

use super::dice::Dice;
use crate::db::expedited::ExpeditedRow;
use crate::report::model::NewReport;
use crate::report::options::*;
use crate::review::report_type::ReportType;
use crate::review::terms::ReactionTerm;

/// What the synthetic reviewer decided for one case.
pub struct Decision {
    pub status: ReportStatus,
    pub assessed: bool,
}

/// Status for a case received `age_days` ago: the newest are nearly all
/// new, about a fifth of the rest have been assessed.
pub fn decide(d: &mut Dice, age_days: f64) -> Decision {
    let settled = (age_days / 45.0).clamp(0.0, 1.0);
    let looked_at = (age_days / 7.0).clamp(0.0, 1.0);
    if d.chance(0.21 * settled) {
        let status = d.weighted(&[
            (ReportStatus::Assessed, 45),
            (ReportStatus::Forwarded, 20),
            (ReportStatus::Closed, 35),
        ]);
        return Decision {
            status,
            assessed: true,
        };
    }
    let status = d.weighted(&[
        (ReportStatus::New, 62),
        (ReportStatus::InReview, (20.0 * looked_at) as u32),
        (ReportStatus::NeedsInfo, (7.0 * looked_at) as u32),
        (ReportStatus::Spam, 2),
        (ReportStatus::NotAReport, 2),
        (ReportStatus::Closed, (5.0 * settled) as u32),
    ]);
    Decision {
        status,
        assessed: false,
    }
}

/// The synthetic reviewer's FDA report type for the criteria it confirmed:
/// it confirms Canary's proposal (15-day when serious), as the case page
/// offers it. (No dice are thrown, so seeded runs keep their cases.)
pub fn report_type(
    report_id: &ReportId,
    criteria: &[Outcome],
    reviewer: &UserId,
    at: NaiveDateTime,
) -> ExpeditedRow {
    ExpeditedRow {
        report_id: report_id.clone(),
        report_type: ReportType::proposed(!criteria.is_empty()).code().to_owned(),
        reason: None,
        decided_by: reviewer.clone(),
        decided_at: at,
    }
}

/// (term, source) pairs for a report, as the reviewers' coding form
/// suggests them: the same term list, stored sources (`symptom:…`).
pub fn coded_terms(r: &NewReport) -> Vec<(ReactionTerm, String)> {
    crate::review::coding::suggestions(r)
        .into_iter()
        .map(|c| (c.term, c.source.storage()))
        .collect()
}

/// Naranjo points for answer `i` (0-based) of y / n / u (clinical-scales.md §3).
pub fn naranjo_points(i: usize, answer: u8) -> i32 {
    const YES: [i32; 10] = [1, 2, 1, 2, -1, -1, 1, 1, 1, 1];
    const NO: [i32; 10] = [0, -1, 0, -1, 2, 1, 0, 0, 0, 0];
    match answer {
        b'y' => YES.get(i).copied().unwrap_or(0),
        b'n' => NO.get(i).copied().unwrap_or(0),
        _ => 0,
    }
}

pub fn naranjo_score(answers: &str) -> i32 {
    answers
        .bytes()
        .enumerate()
        .map(|(i, a)| naranjo_points(i, a))
        .sum()
}

pub fn naranjo_band(score: i32) -> &'static str {
    match score {
        9.. => "definite",
        5..=8 => "probable",
        1..=4 => "possible",
        _ => "doubtful",
    }
}

/// Ten answers consistent with the report: timing mostly fits, de- and
/// rechallenge as reported, other causes when something was co-used, the
/// rest mostly "don't know".
pub fn naranjo_answers(d: &mut Dice, r: &NewReport) -> String {
    let mut a = String::with_capacity(10);
    a.push(d.weighted(&[('y', 60), ('u', 40)]));
    a.push(d.weighted(&[('y', 80), ('u', 15), ('n', 5)]));
    a.push(match r.dechallenge {
        Dechallenge::Yes => 'y',
        Dechallenge::No => 'n',
        _ => 'u',
    });
    a.push(match r.rechallenge {
        Rechallenge::Yes => 'y',
        Rechallenge::No => 'n',
        _ => 'u',
    });
    a.push(if r.co_used.is_empty() {
        d.weighted(&[('n', 50), ('u', 50)])
    } else {
        d.weighted(&[('y', 60), ('u', 40)])
    });
    a.push('u');
    let hospital = r.care.contains(&Care::Admitted);
    a.push(if hospital && d.chance(0.1) { 'y' } else { 'u' });
    a.push(d.weighted(&[('u', 85), ('y', 15)]));
    a.push(d.weighted(&[('u', 80), ('y', 20)]));
    a.push(if hospital && d.chance(0.6) { 'y' } else { 'u' });
    a
}

/// WHO-UMC category that a reviewer would likely pair with a Naranjo band.
pub fn who_umc(d: &mut Dice, band: &str) -> &'static str {
    match band {
        "definite" => d.weighted(&[("certain", 70), ("probably-likely", 30)]),
        "probable" => d.weighted(&[("probably-likely", 75), ("possible", 20), ("certain", 5)]),
        "possible" => d.weighted(&[
            ("possible", 70),
            ("unlikely", 10),
            ("conditional-classified", 10),
            ("unassessable-unclassifiable", 10),
        ]),
        _ => d.weighted(&[("unlikely", 60), ("unassessable-unclassifiable", 40)]),
    }
}

pub fn rationale(d: &mut Dice, r: &NewReport, band: &str) -> String {
    let timing = d.one(&[
        "Onset fits the timing of use.",
        "Timing is plausible from the reporter's account.",
        "Timing is only partly described.",
    ]);
    let other = if r.co_used.is_empty() {
        "No other substance reported."
    } else {
        "Co-used substances could explain part of the event."
    };
    let withdrawal = if r.withdrawal.is_empty() {
        ""
    } else {
        " Withdrawal event: judged mainly on WHO-UMC, Naranjo fits poorly."
    };
    format!("{timing} {other} Naranjo band {band}.{withdrawal}")
}

pub const QUESTIONS: &[&str] = &[
    "Could you tell us how much you took and how often?",
    "Do you still have the package? What does the label say about strength?",
    "Which other medicines or substances were taken that day?",
    "How is the person now?",
];

pub const RECIPIENTS: &[&str] = &[
    "FDA MedWatch",
    "State poison center",
    "State health department",
];

pub const NOTES: &[&str] = &[
    "Label photo would help; asked in the follow-up.",
    "Similar product named in other recent reports.",
    "Checked for duplicates, none found.",
    "Serious case, prioritised.",
];

/// A moment `1..=max_days` days after `from`, never later than `now`.
pub fn later(
    d: &mut Dice,
    from: NaiveDateTime,
    max_days: u32,
    now: NaiveDateTime,
) -> NaiveDateTime {
    let secs = i64::from(d.between(3600, max_days.max(1) * 86_400));
    (from + TimeDelta::seconds(secs)).min(now).max(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naranjo_scores_span_minus_four_to_thirteen() {
        assert_eq!(naranjo_score("uuuuuuuuuu"), 0, "don't know scores 0");
        // The lowest: every answer at its minimum.
        assert_eq!(naranjo_score("nnnnyynnnn"), -4);
        assert_eq!(naranjo_score("yyyynnyyyy"), 13);
        assert_eq!(naranjo_band(13), "definite");
        assert_eq!(naranjo_band(9), "definite");
        assert_eq!(naranjo_band(8), "probable");
        assert_eq!(naranjo_band(5), "probable");
        assert_eq!(naranjo_band(4), "possible");
        assert_eq!(naranjo_band(1), "possible");
        assert_eq!(naranjo_band(0), "doubtful");
        assert_eq!(naranjo_band(-4), "doubtful");
    }

    #[test]
    fn decisions_settle_with_age_and_about_a_fifth_are_assessed() {
        let mut d = Dice::seeded(21);
        let fresh = (0..10_000)
            .filter(|_| decide(&mut d, 0.0).status != ReportStatus::New)
            .count();
        assert!(fresh < 600, "new reports are mostly untouched: {fresh}");
        let assessed = (0..20_000)
            .filter(|_| decide(&mut d, 200.0).assessed)
            .count() as f64
            / 20_000.0;
        assert!((0.19..0.23).contains(&assessed), "{assessed}");
    }
}
