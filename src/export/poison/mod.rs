//! The poison-center case summary (poison-centers.md §4): one printed page
//! with what a specialist on the phone needs first — substances and
//! amounts, route, time since exposure, symptoms and their course,
//! treatments and response, current state, co-used substances, follow-ups.
//! Built from the loaded case; rendered as HTML (the page), PDF and plain
//! text (the e-mail) by [`render`]. No reviewer notes, no identity.

pub mod render;

use crate::export::case::CaseFile;
use crate::export::medwatch::course;
use crate::export::medwatch::describe as d;
use crate::report::model::Product;
use crate::report::options::*;
use crate::report::symptoms::SymptomGroup;

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
    pub case_number: String,
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

fn list(items: Vec<String>) -> Option<String> {
    (!items.is_empty()).then(|| items.join("; "))
}

/// Build the summary of `case`; `generated` is the time it is printed.
pub fn summary(case: &CaseFile, generated: &str, banner: String) -> Summary {
    let banner = if case.header.synthetic {
        format!("{}\n{banner}", crate::export::SYNTHETIC_BANNER)
    } else {
        banner
    };
    let r = &case.stored.report;
    let mut patient = Lines(Vec::new());
    patient
        .add("Age", d::age(r))
        .add("Sex", d::sex(r.sex))
        .add("Weight", d::weight(r))
        .add(
            "Pregnant",
            (r.pregnancy != Pregnancy::Unknown).then(|| r.pregnancy.label().to_owned()),
        )
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

    let mut substances = Lines(Vec::new());
    let mut ordered: Vec<&Product> = r.suspects().collect();
    ordered.extend(r.products.iter().filter(|p| p.role == ProductRole::CoUsed));
    for (i, p) in ordered.iter().enumerate() {
        substances.add(format!("{}. Product", i + 1), Some(product_line(p)));
        substances.add("   Amount, route, use", amount_line(p));
    }
    substances.add("Also used at the same time", list(co_used(r)));

    let mut timing = Lines(Vec::new());
    timing
        .add("Symptoms began (month)", r.onset.map(d::month))
        .add(
            "Onset after a dose",
            r.onset_after.map(|s| format!("about {s}")),
        )
        .add(
            "Last dose to withdrawal",
            r.last_dose.map(|s| format!("about {s}")),
        )
        .add("Symptoms lasted", r.lasted.map(|s| s.to_string()));

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
    if r.symptoms.is_empty() && r.symptoms_other.is_none() {
        clinical.add("Symptoms", None);
    }
    let withdrawal = course::withdrawal_lines(r);
    if r.kind == ReportKind::Withdrawal || !withdrawal.is_empty() {
        clinical.add("Withdrawal (rated)", list(withdrawal));
    }
    clinical.add(
        "Vital signs, withdrawal score",
        Some("Not collected by Canary".to_owned()),
    );

    let mut course = Lines(Vec::new());
    course
        .add("Treatment given", Some(course::treatments(r).join("; ")))
        .add("Care received", course::care(r))
        .add("Seriousness", Some(seriousness(case)))
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
            part("substances", "Substances, amounts and route", substances),
            part("timing", "Time since exposure", timing),
            part("clinical", "Symptoms", clinical),
            part("course", "Treatment and course", course),
            part("patient", "Patient and reporter", patient),
        ],
    }
}

fn product_line(p: &Product) -> String {
    let mut parts = vec![d::product_name(p)];
    parts.push(format!(
        "role: {}",
        match p.role {
            ProductRole::Suspect => "suspected cause",
            ProductRole::CoUsed => "used at the same time",
        }
    ));
    if let Some(f) = d::form_of(p) {
        parts.push(format!("form: {f}"));
    }
    if let Some(s) = p.strength {
        parts.push(format!("labelled strength: {s}"));
    }
    if let Some(w) = d::where_bought(p) {
        parts.push(format!("bought: {w}"));
    }
    if let Some(l) = &p.lot {
        parts.push(format!("lot {l}"));
    }
    parts.join("; ")
}

fn amount_line(p: &Product) -> Option<String> {
    let mut parts: Vec<String> = d::dose_line(p).into_iter().collect();
    if let Some(u) = d::usage(p) {
        parts.push(u);
    }
    list(parts)
}

fn co_used(r: &crate::report::model::NewReport) -> Vec<String> {
    // Co-used products are listed above with their amounts.
    let mut out: Vec<String> = r
        .co_used
        .iter()
        .filter(|c| **c != CoUsed::Other)
        .map(|c| c.label().to_owned())
        .collect();
    if let Some(o) = &r.co_used_other {
        out.push(o.to_string());
    }
    out
}

fn seriousness(case: &CaseFile) -> String {
    let outcomes = case.seriousness();
    let words = if outcomes.is_empty() {
        "not serious".to_owned()
    } else {
        outcomes
            .iter()
            .map(|o| o.label())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let source = if case.confirmed_seriousness().is_some() {
        "confirmed by a reviewer"
    } else {
        "as reported, not yet confirmed"
    };
    format!("{words} ({source})")
}
