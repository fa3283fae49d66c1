//! The R5 (5.0.0) AdverseEvent: `status`, `code`, `occurrenceDateTime`, a
//! list of outcomes, `instanceReference`, one causality (WHO-UMC related-
//! ness; Naranjo in the notes), treatments as mitigating actions.

use serde_json::{json, Value};

use super::*;
use crate::export::e2b::model::Reaction;
use crate::report::options::YesNoUnknown;

pub fn adverse_event(f: &Facts<'_>, reaction: &Reaction, i: usize) -> Value {
    let r = &f.case.stored.report;
    let code = reaction_concept(reaction);
    let serious = if f.icsr.seriousness.is_empty() {
        "non-serious"
    } else {
        "serious"
    };
    let mut ae = json!({
        "resourceType": "AdverseEvent",
        "identifier": [{"system": CASE_SYSTEM, "value": format!("{}#{}", f.case.header.case_number, i + 1)}],
        "status": "completed",
        "actuality": "actual",
        "code": code,
        "subject": {"reference": f.patient_url},
        "recordedDate": ym(crate::report::values::YearMonth::of(f.case.stored.received_at.date())),
        "seriousness": coding(SERIOUSNESS, serious),
        "outcome": [coding(OUTCOME, outcome_code(model::latest_state(f.case)))],
    });
    if let Some(onset) = r.onset {
        ae["occurrenceDateTime"] = json!(ym(onset));
    }
    let mut notes = vec![note(f)];
    let suspects: Vec<Value> = f
        .substances
        .iter()
        .map(|(url, name, index)| {
            let mut entity = json!({"instanceReference": {"reference": url}});
            if let Some((code, label, naranjo)) = causality(f.case, *index, &reaction.term) {
                entity["causality"] = json!({
                    "assessmentMethod": {"text": "WHO-UMC"},
                    "entityRelatedness": {"coding": [{"system": CAUSALITY, "code": code, "display": label}]}
                });
                notes.push(format!("Naranjo for {name}: {naranjo}."));
            }
            entity
        })
        .collect();
    if !suspects.is_empty() {
        ae["suspectEntity"] = json!(suspects);
    }
    let mut actions = Vec::new();
    if r.naloxone == YesNoUnknown::Yes {
        actions.push(format!(
            "Naloxone given (helped: {})",
            r.naloxone_helped.label()
        ));
    }
    if let Some(t) = &r.other_treatment {
        actions.push(t.to_string());
    }
    if !actions.is_empty() {
        ae["mitigatingAction"] = json!(actions
            .into_iter()
            .map(|a| json!({"itemCodeableConcept": {"text": a}}))
            .collect::<Vec<_>>());
    }
    let notes: Vec<Value> = notes
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| json!({"text": n}))
        .collect();
    if !notes.is_empty() {
        ae["note"] = json!(notes);
    }
    ae
}
