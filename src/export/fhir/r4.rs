//! The R4 (4.0.1) AdverseEvent: `event`, `date`, one `outcome`, a
//! Reference `instance` and a list of causalities (WHO-UMC as the
//! assessment, Naranjo as a probability scale).

use serde_json::{json, Value};

use super::*;
use crate::export::e2b::model::Reaction;

pub fn adverse_event(f: &Facts<'_>, reaction: &Reaction, i: usize) -> Value {
    let r = &f.case.stored.report;
    let event = reaction_concept(reaction);
    let serious = if f.icsr.seriousness.is_empty() {
        "non-serious"
    } else {
        "serious"
    };
    let mut ae = json!({
        "resourceType": "AdverseEvent",
        "identifier": {"system": CASE_SYSTEM, "value": format!("{}#{}", f.case.header.case_number, i + 1)},
        "actuality": "actual",
        "event": event,
        "subject": {"reference": f.patient_url},
        "recordedDate": ym(crate::report::values::YearMonth::of(f.case.stored.received_at.date())),
        "seriousness": coding(SERIOUSNESS, serious),
        "outcome": coding(OUTCOME, outcome_code(model::latest_state(f.case))),
    });
    if let Some(onset) = r.onset {
        ae["date"] = json!(ym(onset));
    }
    let text = note(f);
    if !text.is_empty() {
        ae["extension"] = json!([{"url": NOTE_EXTENSION, "valueString": text}]);
    }
    let suspects: Vec<Value> = f
        .substances
        .iter()
        .map(|(url, _, index)| {
            let mut entity = json!({"instance": {"reference": url}});
            if let Some((code, label, naranjo)) = causality(f.case, *index, &reaction.term) {
                entity["causality"] = json!([
                    {"assessment": {"coding": [{"system": CAUSALITY, "code": code, "display": label}]},
                     "method": {"text": "WHO-UMC"}},
                    {"productRelatedness": naranjo,
                     "method": {"coding": [{"system": METHOD, "code": "probability-scale"}], "text": "Naranjo"}}
                ]);
            }
            entity
        })
        .collect();
    if !suspects.is_empty() {
        ae["suspectEntity"] = json!(suspects);
    }
    ae
}
