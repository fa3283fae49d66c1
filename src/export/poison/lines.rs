//! The wording of single summary lines: products, amounts, co-exposures,
//! reasons for use and seriousness, each a complete statement that cannot
//! contradict another line.

use super::list;
use crate::export::case::CaseFile;
use crate::export::medwatch::describe as d;
use crate::report::model::{NewReport, Product};
use crate::report::options::*;

pub(super) fn reasons_for_use(products: &[&Product]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in products {
        for r in &p.reasons {
            let words = match (r, &p.reason_other) {
                (ReasonForUse::Other, Some(o)) => o.to_string(),
                _ => r.label().to_owned(),
            };
            if !out.contains(&words) {
                out.push(words);
            }
        }
    }
    out
}

pub(super) fn medicine_change(r: &NewReport) -> Option<String> {
    let m = &r.medicine_change;
    match m.answer {
        YesNoUnknown::Yes => Some(format!(
            "Yes: {}{}",
            m.which
                .as_ref()
                .map_or("medicine not named".to_owned(), |w| w.to_string()),
            m.when
                .map(|w| format!(", {}", d::month(w)))
                .unwrap_or_default()
        )),
        YesNoUnknown::No => Some("No".to_owned()),
        YesNoUnknown::Unknown => None,
    }
}

pub(super) fn product_line(p: &Product) -> String {
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

pub(super) fn amount_line(p: &Product) -> Option<String> {
    let mut parts: Vec<String> = d::dose_line(p).into_iter().collect();
    if let Some(u) = d::usage(p) {
        parts.push(u);
    }
    list(parts)
}

/// Every co-exposure in one statement: the co-used products listed above,
/// the substances ticked, and whether the reporter was unsure of others —
/// never "unknown" beside a list.
pub(super) fn co_exposures(r: &NewReport) -> String {
    let mut named: Vec<String> = r
        .products
        .iter()
        .filter(|p| p.role == ProductRole::CoUsed)
        .map(d::product_name)
        .collect();
    named.extend(
        r.co_used
            .iter()
            .filter(|c| !matches!(c, CoUsed::Other | CoUsed::Unknown))
            .map(|c| c.label().to_owned()),
    );
    if let Some(o) = &r.co_used_other {
        named.push(o.to_string());
    }
    let unsure = r.co_used.contains(&CoUsed::Unknown);
    match (named.is_empty(), unsure) {
        (true, true) => "Unknown (the reporter was not sure what else was taken)".to_owned(),
        (true, false) => "None named by the reporter".to_owned(),
        (false, true) => format!(
            "{}; the reporter was not sure whether anything else was taken",
            named.join("; ")
        ),
        (false, false) => named.join("; "),
    }
}

pub(super) fn seriousness(case: &CaseFile) -> String {
    let outcomes = case.seriousness();
    let died = case.stored.report.current_state == CurrentState::Died;
    let words = if outcomes.is_empty() && died {
        "no seriousness box ticked, but the person died".to_owned()
    } else if outcomes.is_empty() {
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
