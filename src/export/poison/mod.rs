//! The poison-center case summary (poison-centers.md §4): one printed page
//! with what a specialist on the phone needs first — substances and
//! amounts, route, time since exposure, symptoms and their course,
//! treatments and response, current state, co-used substances, follow-ups.
//! Built from the loaded case; rendered as HTML (the page), PDF and plain
//! text (the e-mail) by [`render`]. No reviewer notes, no identity.

mod lines;
pub mod npds;
pub mod render;

use crate::export::case::CaseFile;
use crate::export::medwatch::course;
use crate::export::medwatch::describe as d;
use crate::ids::CaseNumber;
use crate::report::model::Product;
use crate::report::options::*;
use crate::report::symptoms::SymptomGroup;
use lines::*;
use npds::Coding;

/// Printed for a line the case does not answer.
pub const UNKNOWN: &str = "Unknown (not reported)";

/// The fixed banner at the top (poison-centers.md §4, header).
pub fn banner(emergency: &str, poison_help: &str) -> String {
    format!(
        "If the person is unresponsive, not breathing normally or having a seizure, call {emergency} now. For advice, call Poison Help {poison_help}."
    )
}

/// One labelled line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub value: String,
}

/// A titled group of lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub id: &'static str,
    pub title: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub case_number: CaseNumber,
    pub generated: String,
    pub banner: String,
    pub parts: Vec<Part>,
}

struct Lines(Vec<Line>);

impl Lines {
    fn add(&mut self, label: impl Into<String>, value: Option<String>) -> &mut Self {
        self.0.push(Line {
            label: label.into(),
            value: value.unwrap_or_else(|| UNKNOWN.to_owned()),
        });
        self
    }
}

/// Whether a follow-up told of a death.
pub fn died_later(case: &CaseFile) -> bool {
    case.stored
        .followups
        .iter()
        .any(|f| f.current_state == Some(CurrentState::Died))
}

fn list(items: Vec<String>) -> Option<String> {
    (!items.is_empty()).then(|| items.join("; "))
}

/// Build the summary of `case` with the reviewer's NPDS `coding`;
/// `generated` is the time it is printed.
pub fn summary(case: &CaseFile, coding: &Coding, generated: &str, banner: String) -> Summary {
    let banner = if case.header.synthetic {
        format!("{}\n{banner}", crate::export::SYNTHETIC_BANNER)
    } else {
        banner
    };
    let r = &case.stored.report;
    let mut substances = Lines(Vec::new());
    let mut amounts = Lines(Vec::new());
    let mut ordered: Vec<&Product> = r.suspects().collect();
    ordered.extend(r.products.iter().filter(|p| p.role == ProductRole::CoUsed));
    for (i, p) in ordered.iter().enumerate() {
        substances.add(format!("{}. Product", i + 1), Some(product_line(p)));
        amounts.add(format!("{}. Amount and use", i + 1), amount_line(p));
    }
    if ordered.is_empty() {
        substances.add("Product", None);
    }
    substances.add("Co-exposures", Some(co_exposures(r)));

    let withdrawal_report = npds::reason(r) == npds::Reason::Withdrawal;
    amounts
        .add(
            "Last dose to first symptoms",
            match (r.onset_after, r.last_dose) {
                (Some(s), _) => Some(format!("about {s}")),
                // In withdrawal the first symptoms are the withdrawal's.
                (None, Some(s)) if withdrawal_report => {
                    Some(format!("about {s} (withdrawal symptoms)"))
                }
                _ => None,
            },
        )
        .add(
            "Last dose (stopping) to withdrawal",
            match (withdrawal_report, r.last_dose) {
                (_, Some(s)) => Some(format!("about {s}")),
                (false, None) => Some("Does not apply (not a withdrawal report)".to_owned()),
                (true, None) => None,
            },
        )
        .add("Symptoms began (month)", r.onset.map(d::month))
        .add(
            "Chronicity",
            Some(npds::said(
                coding.chronicity,
                npds::chronicity(r),
                &coding.set_on,
            )),
        );

    let mut reason = Lines(Vec::new());
    let mut routes: Vec<String> = Vec::new();
    for p in &ordered {
        let words = format!(
            "{}: {}",
            npds::route(p.route),
            p.route.label().to_lowercase()
        );
        if !routes.contains(&words) {
            routes.push(words);
        }
    }
    reason
        .add("Route", list(routes))
        .add(
            "Reason for exposure",
            Some(npds::said(coding.reason, npds::reason(r), &coding.set_on)),
        )
        .add("Reasons for use", list(reasons_for_use(&ordered)))
        .add("Prescribed medicine stopped", medicine_change(r));

    let mut clinical = Lines(Vec::new());
    clinical.add("Report kind", Some(r.kind.label().to_owned()));
    for group in SymptomGroup::all() {
        let names: Vec<String> = r
            .symptoms
            .iter()
            .filter(|s| s.group() == *group && **s != crate::report::symptoms::Symptom::Other)
            .map(|s| s.label().to_owned())
            .collect();
        if !names.is_empty() {
            clinical.add(group.label(), Some(names.join("; ")));
        }
    }
    if let Some(o) = &r.symptoms_other {
        clinical.add("Other symptoms described", Some(o.to_string()));
    }
    let withdrawal = course::withdrawal_lines(r);
    if r.symptoms.is_empty() && r.symptoms_other.is_none() && withdrawal.is_empty() {
        clinical.add("Symptoms", None);
    }
    if withdrawal_report || !withdrawal.is_empty() {
        clinical.add("Withdrawal (rated)", list(withdrawal));
    }
    clinical
        .add("Duration of effects", Some(npds::duration(r)))
        .add(
            "Vital signs, withdrawal score",
            Some("Unknown (not collected by Canary)".to_owned()),
        );

    let mut course = Lines(Vec::new());
    course
        .add("Treatment given", Some(course::treatments(r).join("; ")))
        .add("Care received", course::care(r))
        .add("Level of care", Some(npds::level_of_care(r)))
        .add(
            "Medical outcome (NPDS)",
            Some(npds::said(
                coding.outcome,
                npds::outcome(r, &case.seriousness(), died_later(case)),
                &coding.set_on,
            )),
        )
        .add("Seriousness (ICH)", Some(seriousness(case)))
        .add(
            "State when reported",
            Some(r.current_state.label().to_owned()),
        );
    for (i, f) in case.stored.followups.iter().enumerate() {
        let mut v = d::day(&f.received_at);
        if let Some(s) = f.current_state {
            v.push_str(&format!(": now {}", s.label().to_lowercase()));
        }
        if let Some(n) = &f.narrative {
            v.push_str(&format!(". {n}"));
        }
        course.add(format!("Follow-up {}", i + 1), Some(v));
    }

    let mut patient = Lines(Vec::new());
    patient
        .add("Age", d::age(r))
        .add("Sex", d::sex(r.sex))
        .add("Weight", d::weight(r))
        .add("Pregnant", Some(r.pregnancy.label().to_owned()))
        .add(
            "Relevant history",
            r.health_conditions.as_ref().map(|t| t.to_string()),
        )
        .add("Regular medicines", r.medicines.as_ref().map(|t| t.to_string()))
        .add(
            "Reporter",
            Some(format!(
                "{}. No contact details: Canary collects none; for a callback the person calls the poison center.",
                r.reporter.label()
            )),
        );

    let part = |id, title: &str, lines: Lines| Part {
        id,
        title: title.to_owned(),
        lines: lines.0,
    };
    Summary {
        case_number: case.header.case_number.clone(),
        generated: generated.to_owned(),
        banner,
        parts: vec![
            part("substances", "Substances", substances),
            part("timing", "Amount and timing", amounts),
            part("reason", "Route and reason", reason),
            part("clinical", "Clinical picture", clinical),
            part("course", "Treatment and course", course),
            part("patient", "Patient and reporter", patient),
        ],
    }
}
