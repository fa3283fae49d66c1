//! Narratives for synthetic reports, composed from fragments that agree
//! with the structured answers: who is telling it, the product, what
//! happened, the care and how the person is now. The fragments hold no
//! names, places, dates or numbers a scrubber would remove (a test checks).

use super::dice::Dice;
use crate::report::model::NewReport;
use crate::report::options::*;
use crate::report::symptoms::Symptom;

const RELATIVES: &[&str] = &[
    "brother", "son", "partner", "husband", "daughter", "sister", "wife", "father", "roommate",
];
const USE_FOR_SELF: &[&str] = &[
    "I have been taking {p} for a while",
    "I started using {p} a few months ago",
    "I bought {p} and took it the way the label said",
    "I have used {p} most days",
];
const USE_FOR_OTHER: &[&str] = &[
    "My {r} has been using {p} most days",
    "My {r} started taking {p} recently",
    "My {r} bought {p} and took more than usual",
];
const USE_CLINICAL: &[&str] = &[
    "Patient reports regular use of {p}",
    "Adult patient presented after using {p}",
    "Patient describes daily use of {p}",
];
const ACCIDENTAL: &[&str] = &[
    "Our child found {p} that was left on a table and ate some",
    "A toddler got into a bag with {p} in it",
    "A grandparent took {p} by mistake, thinking it was a vitamin",
];
const PROBLEM: &[&str] = &[
    "The new pack looked and smelled different from the last one.",
    "The label did not say how strong each piece was.",
    "Some pieces were broken and a different colour.",
    "The seal on the bottle was already open when we got it.",
];
const ENDINGS: &[&str] = &[
    "I want other people to know this can happen.",
    "Nobody at the shop warned us about this.",
    "We still have the package if anyone needs it.",
    "",
    "",
];

/// A narrative consistent with `r` (1–5 sentences).
pub fn compose(d: &mut Dice, r: &NewReport) -> String {
    let product = r
        .products
        .first()
        .map(|p| p.display_name().to_lowercase())
        .unwrap_or_else(|| "a kratom product".to_owned());
    let relative = d.one(RELATIVES);
    let they = match (r.reporter, r.sex) {
        (ReporterRole::Self_, _) => "I",
        (_, Sex::Male) => "he",
        (_, Sex::Female) => "she",
        _ => "they",
    };
    let opener = match (r.kind, r.reporter) {
        (ReportKind::Accidental, _) => d.one(ACCIDENTAL),
        (_, ReporterRole::Self_) => d.one(USE_FOR_SELF),
        (_, ReporterRole::HealthProfessional) => d.one(USE_CLINICAL),
        _ => d.one(USE_FOR_OTHER),
    };
    let mut text = opener.replace("{p}", &product).replace("{r}", relative);
    text.push_str(reason(r));
    text.push_str(". ");
    if r.kind == ReportKind::ProductProblem {
        text.push_str(d.one(PROBLEM));
        text.push(' ');
    }
    if !r.withdrawal.is_empty() {
        let when = d.one(&[
            "After stopping",
            "A day after cutting down",
            "When the supply ran out",
        ]);
        let what: Vec<String> = r
            .withdrawal
            .iter()
            .take(3)
            .map(|(w, _)| phrase(w.code(), w.label()))
            .collect();
        text.push_str(&format!("{when}, {they} had {}. ", list(&what)));
    }
    if !r.symptoms.is_empty() {
        let what: Vec<String> = r
            .symptoms
            .iter()
            .filter(|s| **s != Symptom::Other)
            .take(3)
            .map(|s| phrase(s.code(), s.label()))
            .collect();
        let when = d.one(&[
            "Soon after a dose",
            "Within an hour",
            "Later that day",
            "After a larger dose than usual",
        ]);
        if !what.is_empty() {
            text.push_str(&format!("{when}, {they} had {}. ", list(&what)));
        }
    }
    text.push_str(care(r));
    if r.current_state == CurrentState::Died {
        text.push_str(" Sadly, the person died.");
    } else {
        text.push_str(match r.current_state {
            CurrentState::Recovered => " Back to normal now.",
            CurrentState::Recovering => " Getting better slowly.",
            CurrentState::NotRecovered => " Still not right.",
            CurrentState::LastingEffects => " Some effects have not gone away.",
            _ => "",
        });
    }
    let ending = d.one(ENDINGS);
    if !ending.is_empty() {
        text.push(' ');
        text.push_str(ending);
    }
    text
}

/// A reporter's later update for a follow-up.
pub fn followup(d: &mut Dice, state: Option<CurrentState>) -> String {
    let first = match state {
        Some(CurrentState::Recovered) => "Update: fully recovered now.",
        Some(CurrentState::Recovering) => "Update: doing better than last week.",
        Some(CurrentState::NotRecovered) => "Update: still having symptoms.",
        Some(CurrentState::LastingEffects) => "Update: some problems remain.",
        _ => "Update with more detail.",
    };
    let more = d.one(&[
        "Found the package and the lot number is on it.",
        "The doctor said the blood tests were normal.",
        "Stopped using the product completely.",
        "Cut down slowly over two weeks instead.",
        "",
    ]);
    format!("{first} {more}").trim_end().to_owned()
}

fn reason(r: &NewReport) -> &'static str {
    let reasons = r
        .products
        .first()
        .map(|p| p.reasons.as_slice())
        .unwrap_or(&[]);
    match reasons.first() {
        Some(ReasonForUse::Pain) => " for pain",
        Some(ReasonForUse::OpioidWithdrawal) => " to get off pain pills",
        Some(ReasonForUse::Energy) => " for energy at work",
        Some(ReasonForUse::Anxiety) => " for anxiety",
        Some(ReasonForUse::Sleep) => " to help with sleep",
        Some(ReasonForUse::LowMood) => " for low mood",
        _ => "",
    }
}

fn care(r: &NewReport) -> &'static str {
    if r.care.contains(&Care::Icu) {
        "Spent time in intensive care."
    } else if r.care.contains(&Care::Admitted) {
        "Was admitted to hospital for observation."
    } else if r.care.contains(&Care::Emergency) {
        "Went to the emergency room."
    } else if r.naloxone == YesNoUnknown::Yes {
        "Naloxone was given at home."
    } else if r.care.contains(&Care::PoisonCenter) {
        "Called poison control for advice."
    } else if r.symptoms.contains(&Symptom::Dependence) {
        "Finding it hard to stop."
    } else {
        "Did not see a doctor."
    }
}

/// A checklist item as a noun phrase for "… had {phrase}": the symptom
/// (or withdrawal symptom) code's own wording where its label is not one,
/// else the label in lower case without its bracketed aside.
fn phrase(code: &str, label: &str) -> String {
    let own = match code {
        "slow_breathing" => "slow, shallow breathing",
        "short_of_breath" => "trouble breathing",
        "fast_heart" => "a racing heart",
        "unresponsive" => "periods of not responding",
        "drowsy" => "drowsiness",
        "shaking" => "shaking",
        "headache" => "a headache",
        "jaundice" => "yellow skin",
        "agitation" => "agitation",
        "anxiety" | "anxious_irritable" => "anxiety",
        "hallucinations" => "hallucinations",
        "dependence" => "a feeling of being unable to stop",
        "rash" => "a rash",
        "skin_darkening" => "darker skin",
        "yawning" => "constant yawning",
        "aches" => "aching muscles",
        "restless" => "restlessness",
        "nausea" => "nausea",
        "diarrhoea" => "diarrhoea",
        "twitching" => "restless legs",
        "craving" => "strong cravings",
        "no_sleep" | "trouble_sleeping" => "trouble sleeping",
        _ => "",
    };
    if !own.is_empty() {
        return own.to_owned();
    }
    label.split(" (").next().unwrap_or(label).to_lowercase()
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
