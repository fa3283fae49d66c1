//! The course of the event in words, shared by both MedWatch forms and the
//! poison-center summary: symptoms, rated withdrawal, timing, treatments,
//! care, follow-ups, and the event description built from them.

use super::describe::{day, month};
use crate::export::case::CaseFile;
use crate::report::model::NewReport;
use crate::report::options::*;
use crate::report::stored::Followup;
use crate::report::values::Span;

/// Longest description the forms take (a transcription says 4,000).
pub const MAX_DESCRIPTION: usize = 4000;

/// Withdrawal symptoms with the reporter's severity, worst first.
pub fn withdrawal_lines(r: &NewReport) -> Vec<String> {
    let mut rated: Vec<_> = r
        .withdrawal
        .iter()
        .filter(|(_, s)| *s != Severity::None)
        .collect();
    rated.sort_by_key(|w| std::cmp::Reverse(w.1));
    rated
        .iter()
        .map(|(w, s)| format!("{} ({})", w.label(), s.label().to_lowercase()))
        .collect()
}

pub fn symptom_lines(r: &NewReport) -> Vec<String> {
    let mut out: Vec<String> = r
        .symptoms
        .iter()
        .filter(|s| **s != crate::report::symptoms::Symptom::Other)
        .map(|s| s.label().to_owned())
        .collect();
    if let Some(o) = &r.symptoms_other {
        out.push(o.to_string());
    }
    out
}

fn span(s: Option<Span>) -> Option<String> {
    s.map(|s| s.to_string())
}

/// Timing in words: "about 18 hours after the last dose".
pub fn timing(r: &NewReport) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = r.onset {
        out.push(format!("Began in {}", month(m)));
    }
    if let Some(s) = span(r.onset_after) {
        out.push(format!("symptoms began about {s} after a dose"));
    }
    if let Some(s) = span(r.last_dose) {
        out.push(format!(
            "first withdrawal symptoms about {s} after the last dose"
        ));
    }
    if let Some(s) = span(r.lasted) {
        out.push(format!("lasted {s}"));
    }
    out
}

/// Treatments given for the event: naloxone and its effect, anything else.
pub fn treatments(r: &NewReport) -> Vec<String> {
    let mut out = Vec::new();
    match r.naloxone {
        YesNoUnknown::Yes => out.push(match r.naloxone_helped {
            NaloxoneHelped::Unknown => {
                "Naloxone was given; whether it helped is not known".to_owned()
            }
            h => format!(
                "Naloxone was given; it helped: {}",
                h.label().to_lowercase()
            ),
        }),
        YesNoUnknown::No => out.push("Naloxone was not given".to_owned()),
        YesNoUnknown::Unknown => out.push("Naloxone: not known whether it was given".to_owned()),
    }
    if let Some(t) = &r.other_treatment {
        out.push(format!("Other treatment: {t}"));
    }
    out
}

pub fn care(r: &NewReport) -> Option<String> {
    (!r.care.is_empty()).then(|| {
        r.care
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn followup_line(f: &Followup) -> String {
    let mut line = format!("Follow-up {}", day(&f.received_at));
    if let Some(s) = f.current_state {
        line.push_str(&format!(": now {}", s.label().to_lowercase()));
    }
    if let Some(n) = &f.narrative {
        line.push_str(&format!(". {n}"));
    }
    line
}

/// The event description: the scrubbed narrative, then the structured
/// answers in sentences, cut to [`MAX_DESCRIPTION`] characters.
pub fn description(case: &CaseFile) -> String {
    let r = &case.stored.report;
    let mut parts: Vec<String> = Vec::new();
    if let Some(n) = &r.narrative {
        parts.push(n.to_string());
    }
    parts.push(format!(
        "Reported to Canary as: {}.",
        r.kind.label().to_lowercase()
    ));
    let symptoms = symptom_lines(r);
    if !symptoms.is_empty() {
        parts.push(format!("Symptoms: {}.", symptoms.join("; ")));
    }
    let withdrawal = withdrawal_lines(r);
    if !withdrawal.is_empty() {
        parts.push(format!(
            "Withdrawal symptoms (severity as the reporter rated it): {}.",
            withdrawal.join("; ")
        ));
    }
    if is_withdrawal(r) {
        parts.push(
            "Course: the product was stopped or cut down, and the withdrawal symptoms described here followed."
                .to_owned(),
        );
    }
    let timing = timing(r);
    if !timing.is_empty() {
        parts.push(format!("{}.", timing.join("; ")));
    }
    parts.push(format!("{}.", treatments(r).join(". ")));
    if let Some(c) = care(r) {
        parts.push(format!("Care received: {c}."));
    }
    parts.push(format!(
        "State when reported: {}.",
        r.current_state.label().to_lowercase()
    ));
    for f in &case.stored.followups {
        parts.push(followup_line(f));
    }
    let text = parts.join("\n");
    if text.chars().count() <= MAX_DESCRIPTION {
        return text;
    }
    let cut: String = text.chars().take(MAX_DESCRIPTION - 1).collect();
    format!("{cut}…")
}

/// Whether the problem is withdrawal: it began after use was stopped or
/// cut down, so "did it stop after use stopped?" does not apply.
pub fn is_withdrawal(r: &NewReport) -> bool {
    r.kind == ReportKind::Withdrawal || (!r.withdrawal.is_empty() && r.last_dose.is_some())
}

/// The dechallenge answer in plain words. For withdrawal, stopping is what
/// started the problem, so it never reads as "got better after stopping".
pub fn dechallenge(r: &NewReport) -> String {
    if !is_withdrawal(r) {
        return super::describe::dechallenge(r.dechallenge);
    }
    let after = r
        .last_dose
        .map(|s| format!(", about {s} after the last dose"))
        .unwrap_or_default();
    format!(
        "Doesn't apply: the problem is withdrawal, which began after use was stopped or cut down{after}; stopping did not make it better."
    )
}

/// The month of death, when the case says the person died: the month the
/// death was first reported in (the report or a follow-up), or the months
/// it lies between (after the symptoms began, or after the first report
/// when a follow-up told of it). Canary stores no day.
pub fn death_month(case: &CaseFile) -> Option<String> {
    let r = &case.stored.report;
    let mon = |t: &chrono::NaiveDateTime| t.format("%b-%Y").to_string();
    let said_at_report =
        r.current_state == CurrentState::Died || case.seriousness().contains(&Outcome::Death);
    let (after, by, why) = if said_at_report {
        let onset = r.onset.map(super::describe::month);
        (
            onset,
            mon(&case.stored.received_at),
            "after the symptoms began, by the time it was reported",
        )
    } else {
        let f = case
            .stored
            .followups
            .iter()
            .find(|f| f.current_state == Some(CurrentState::Died))?;
        (
            Some(mon(&case.stored.received_at)),
            mon(&f.received_at),
            "after the first report, by the follow-up that told of it",
        )
    };
    Some(match after {
        Some(a) if a != by => format!("between {a} and {by} ({why}); Canary stores no day"),
        _ => format!("{by} (month only: Canary stores no day)"),
    })
}

/// The outcome note with the date of death when the person died.
pub fn outcome_note(case: &CaseFile) -> String {
    let mut note = seriousness_source(case);
    if let Some(m) = death_month(case) {
        note.push_str(&format!(" Date of death: {m}."));
    }
    note
}

/// Where the ticked outcomes come from, said under the checkboxes.
pub fn seriousness_source(case: &CaseFile) -> String {
    match (&case.header.ich_seriousness, &case.header.ich_confirmed_at) {
        (Some(_), Some(at)) => format!(
            "Ticked from the seriousness a reviewer confirmed on {}.",
            day(at)
        ),
        (Some(_), None) => "Ticked from the seriousness a reviewer confirmed.".to_owned(),
        (None, _) => {
            "Ticked from the reporter's answers; no reviewer has confirmed the seriousness yet."
                .to_owned()
        }
    }
}
