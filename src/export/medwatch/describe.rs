//! Wording shared by both MedWatch forms (and the poison-center summary):
//! month-precision dates in the form's style, products, doses, the
//! dechallenge answers and the person. The course of the event is in
//! [`super::course`].

use chrono::NaiveDateTime;

use crate::report::model::{NewReport, Product};
use crate::report::options::*;
use crate::report::values::YearMonth;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Jun-2025`: the current forms print `dd-mmm-yyyy`; Canary keeps months.
pub fn month(ym: YearMonth) -> String {
    let name = MONTHS
        .get(usize::from(ym.month().saturating_sub(1)))
        .copied()
        .unwrap_or("???");
    format!("{name}-{:04}", ym.year())
}

/// `27-Nov-2026`, for dates Canary itself recorded.
pub fn day(t: &NaiveDateTime) -> String {
    t.format("%d-%b-%Y").to_string()
}

/// "Unknown (the reporter did not know)": never turned into a "no".
pub const UNKNOWN: &str = "Unknown (the reporter did not know)";

/// The product's name as labelled, with the substance when they differ.
pub fn product_name(p: &Product) -> String {
    let substance = match &p.substance_other {
        Some(o) => o.to_string(),
        None => p.substance.label().to_owned(),
    };
    match &p.brand {
        Some(b) => format!("{b} ({substance})"),
        None => format!("{substance} (brand not reported)"),
    }
}

pub fn form_of(p: &Product) -> Option<String> {
    (p.form != ProductForm::Unknown).then(|| p.form.label().to_owned())
}

pub fn where_bought(p: &Product) -> Option<String> {
    match p.where_bought {
        WhereBought::Unknown => None,
        w => Some(w.label().to_owned()),
    }
}

/// Amount per use, e.g. "2 tablets".
pub fn quantity(p: &Product) -> Option<String> {
    p.amount.map(|a| a.to_string())
}

/// Uses per day, e.g. "4 times a day".
pub fn frequency(p: &Product) -> Option<String> {
    p.doses_per_day.map(|d| match d.get() {
        1 => "once a day".to_owned(),
        n => format!("{n} times a day"),
    })
}

pub fn route(p: &Product) -> Option<String> {
    (p.route != Route::Unknown).then(|| p.route.label().to_owned())
}

/// "2 tablets, 4 times a day, Swallowed (…)": what the forms call dose.
pub fn dose_line(p: &Product) -> Option<String> {
    let parts: Vec<String> = [quantity(p), frequency(p), route(p)]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "Used for 8 months; last use Jun-2025".
pub fn usage(p: &Product) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(s) = p.used_for {
        parts.push(format!("used for {s}"));
    }
    if let Some(m) = p.last_use {
        parts.push(format!("last use {}", month(m)));
    }
    let text = parts.join("; ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| format!("{}{}", c.to_uppercase(), chars.as_str()))
}

pub fn reasons(p: &Product) -> Option<String> {
    let mut out: Vec<String> = p
        .reasons
        .iter()
        .filter(|r| **r != ReasonForUse::NotSaid && **r != ReasonForUse::Other)
        .map(|r| r.label().to_owned())
        .collect();
    if let Some(o) = &p.reason_other {
        out.push(o.to_string());
    } else if p.reasons.contains(&ReasonForUse::Other) {
        out.push("Another reason (not described)".to_owned());
    }
    if out.is_empty() && p.reasons.contains(&ReasonForUse::NotSaid) {
        return Some("The reporter preferred not to say".to_owned());
    }
    (!out.is_empty()).then(|| out.join("; "))
}

pub fn dechallenge(d: Dechallenge) -> String {
    match d {
        Dechallenge::Yes => "Yes".to_owned(),
        Dechallenge::No => "No".to_owned(),
        Dechallenge::NotStopped => "Doesn't apply (the product was not stopped)".to_owned(),
        Dechallenge::Unknown => UNKNOWN.to_owned(),
    }
}

pub fn rechallenge(r: Rechallenge) -> String {
    match r {
        Rechallenge::Yes => "Yes".to_owned(),
        Rechallenge::No => "No".to_owned(),
        Rechallenge::NotRestarted => "Doesn't apply (not started again)".to_owned(),
        Rechallenge::Unknown => UNKNOWN.to_owned(),
    }
}

pub fn sex(s: Sex) -> Option<String> {
    match s {
        Sex::Female | Sex::Male | Sex::Intersex => Some(s.label().to_owned()),
        Sex::Unknown => Some(UNKNOWN.to_owned()),
        Sex::NotSaid => None,
    }
}

/// Age in years or a group; "don't know" stays unknown.
pub fn age(r: &NewReport) -> Option<String> {
    r.age.map(|a| match a {
        crate::report::values::Age::Group(AgeGroup::Unknown) => UNKNOWN.to_owned(),
        a => a.to_string(),
    })
}

pub fn weight(r: &NewReport) -> Option<String> {
    r.weight.map(|w| match w.unit() {
        WeightUnit::Kg => format!("{} kg", w.value()),
        WeightUnit::Lb => format!("{} lb ({:.0} kg)", w.value(), w.value() * 0.453_592_37),
    })
}

/// Co-used products and substances, one line each (concomitant products).
pub fn concomitant(r: &NewReport) -> Vec<String> {
    let mut out: Vec<String> = r
        .products
        .iter()
        .filter(|p| p.role == ProductRole::CoUsed)
        .map(|p| match dose_line(p) {
            Some(d) => format!("{}: {d}", product_name(p)),
            None => product_name(p),
        })
        .collect();
    for c in &r.co_used {
        match c {
            CoUsed::Other => {}
            CoUsed::Unknown => {
                out.push("Possibly other substances (the reporter was not sure)".to_owned())
            }
            c => out.push(c.label().to_owned()),
        }
    }
    if let Some(o) = &r.co_used_other {
        out.push(o.to_string());
    } else if r.co_used.contains(&CoUsed::Other) {
        out.push("Something else (not named)".to_owned());
    }
    out
}
