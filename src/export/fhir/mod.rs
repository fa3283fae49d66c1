//! FHIR AdverseEvent Bundles (JSON), R4 (4.0.1) and R5 (5.0.0): per case a
//! de-identified Patient (sex only: Canary has no birth date and FHIR's
//! Patient has no age, so the age goes in the event's text), one Substance
//! per product, and one AdverseEvent per reaction with seriousness,
//! outcome and the reviewer's causality. The version-specific shapes are
//! in [`r4`] and [`r5`]; what they share is here.

mod r4;
mod r5;

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::export::case::CaseFile;
use crate::export::e2b::{drugs, model};
use crate::report::options::{ClosedList, CurrentState, Sex};
use crate::report::values::{Age, YearMonth};
use crate::review::causality::{NaranjoBand, WhoUmc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    R4,
    R5,
}

pub const SERIOUSNESS: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
pub const OUTCOME: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
pub const CAUSALITY: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess";
pub const METHOD: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-method";
pub const MEDDRA: &str = "http://terminology.hl7.org/CodeSystem/mdr";
pub const CASE_SYSTEM: &str = "urn:canary:case";
/// R4 AdverseEvent has no `note`: the same text goes in this extension.
pub const NOTE_EXTENSION: &str = "urn:canary:fhir:adverse-event-note";
/// `meta.tag` of synthetic cases: HL7's "test health data".
pub const ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

/// What both versions say about one case.
pub struct Facts<'a> {
    pub case: &'a CaseFile,
    pub icsr: model::Icsr,
    pub patient_url: String,
    /// (fullUrl, name) of each suspect product's Substance.
    pub substances: Vec<(String, String, usize)>,
}

fn urn(case: &str, what: &str, n: usize) -> String {
    let id = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("canary-fhir:{case}:{what}:{n}").as_bytes(),
    );
    format!("urn:uuid:{id}")
}

pub fn ym(v: YearMonth) -> String {
    v.to_string()
}

pub fn gender(s: Sex) -> Option<&'static str> {
    match s {
        Sex::Female => Some("female"),
        Sex::Male => Some("male"),
        Sex::Intersex => Some("other"),
        Sex::Unknown => Some("unknown"),
        Sex::NotSaid => None,
    }
}

pub fn outcome_code(s: CurrentState) -> &'static str {
    match s {
        CurrentState::Recovered => "resolved",
        CurrentState::Recovering => "recovering",
        CurrentState::NotRecovered => "ongoing",
        CurrentState::LastingEffects => "resolvedWithSequelae",
        CurrentState::Died => "fatal",
        CurrentState::Unknown => "unknown",
    }
}

pub fn coding(system: &str, code: &str) -> Value {
    json!({"coding": [{"system": system, "code": code}]})
}

/// The reaction as a CodeableConcept: the reviewer's term, and the MedDRA
/// LLT with the version it was coded in when there is one.
pub fn reaction_concept(reaction: &model::Reaction) -> Value {
    let mut concept = json!({"text": reaction.term});
    if let Some(code) = &reaction.meddra_code {
        let mut c = json!({"system": MEDDRA, "code": code});
        if let Some(v) = &reaction.meddra_version {
            c["version"] = json!(v);
        }
        concept["coding"] = json!([c]);
    }
    concept
}

/// `meta` marking a synthetic case as test data, if it is one.
pub fn meta(case: &CaseFile) -> Option<Value> {
    case.header.synthetic.then(|| {
        json!({"tag": [{"system": ACT_REASON, "code": "HTEST", "display": "test health data (synthetic case made by canary generate)"}]})
    })
}

/// The event's plain description: the term plus what FHIR has no element
/// for (age, co-used substances, treatment).
pub fn note(f: &Facts<'_>) -> String {
    let r = &f.case.stored.report;
    let mut parts = Vec::new();
    match r.age {
        Some(Age::Years(y)) => parts.push(format!("Age at onset {y} years.")),
        Some(Age::Group(g)) => parts.push(format!("Age group: {}.", g.label())),
        None => {}
    }
    let criteria: Vec<&str> = f.icsr.seriousness.iter().map(|o| o.label()).collect();
    if !criteria.is_empty() {
        parts.push(format!("Seriousness criteria: {}.", criteria.join("; ")));
    }
    let mut names: Vec<String> = r
        .products
        .iter()
        .filter(|p| p.role != crate::report::options::ProductRole::Suspect)
        .map(|p| p.display_name())
        .collect();
    names.extend(r.co_used.iter().map(|c| c.label().to_owned()));
    if !names.is_empty() {
        parts.push(format!("Also used: {}.", names.join("; ")));
    }
    let care: Vec<&str> = r.care.iter().map(|c| c.label()).collect();
    if !care.is_empty() {
        parts.push(format!("Care received: {}.", care.join("; ")));
    }
    if let Some(span) = r.last_dose.or(r.onset_after) {
        parts.push(format!("Onset {span} after the last dose."));
    }
    parts.join(" ")
}

/// (WHO-UMC code, WHO-UMC label, Naranjo text) of the reviewer's
/// assessment of the product at `index` for `term`, if any.
pub fn causality(case: &CaseFile, index: usize, term: &str) -> Option<(String, String, String)> {
    case.causality_of(index).into_iter().find_map(|c| {
        let label =
            crate::review::causality::AssessedEvent::from_storage(&c.event_assessed).label();
        (label == term).then(|| {
            let who = WhoUmc::from_code(&c.who_umc);
            let band = NaranjoBand::from_code(&c.naranjo_band)
                .map_or(c.naranjo_band.as_str(), |b| b.label());
            (
                who.map_or(c.who_umc.clone(), |w| w.code().to_owned()),
                who.map_or(c.who_umc.clone(), |w| w.label().to_owned()),
                format!("{band} (score {})", c.naranjo_score),
            )
        })
    })
}

/// The Bundle for `cases` as pretty JSON.
pub fn bundle(cases: &[CaseFile], version: Version, now: NaiveDateTime) -> Vec<u8> {
    let mut entries = Vec::new();
    for case in cases {
        let number = &case.header.case_number;
        let facts = Facts {
            case,
            icsr: model::Icsr::from_case(case, "CANARY", "US"),
            patient_url: urn(number, "patient", 0),
            substances: case
                .suspect_indexes()
                .into_iter()
                .map(|i| {
                    let p = &case.stored.report.products[i];
                    let name = match drugs::substance_name(p) {
                        Some(s) if s != p.display_name() => format!("{} ({s})", p.display_name()),
                        _ => p.display_name(),
                    };
                    (urn(number, "substance", i), name, i)
                })
                .collect(),
        };
        let mut patient = json!({"resourceType": "Patient"});
        if let Some(g) = gender(case.stored.report.sex) {
            patient["gender"] = json!(g);
        }
        if let Some(m) = meta(case) {
            patient["meta"] = m;
        }
        entries.push(json!({"fullUrl": facts.patient_url, "resource": patient}));
        for (url, name, _) in &facts.substances {
            let substance = match version {
                Version::R4 => json!({"resourceType": "Substance", "code": {"text": name}}),
                Version::R5 => {
                    json!({"resourceType": "Substance", "instance": false, "code": {"concept": {"text": name}}})
                }
            };
            entries.push(json!({"fullUrl": url, "resource": substance}));
        }
        for (i, reaction) in facts.icsr.reactions.iter().enumerate() {
            let event = match version {
                Version::R4 => r4::adverse_event(&facts, reaction, i),
                Version::R5 => r5::adverse_event(&facts, reaction, i),
            };
            let mut event = event;
            if let Some(m) = meta(case) {
                event["meta"] = m;
            }
            entries.push(json!({"fullUrl": urn(number, "event", i), "resource": event}));
        }
    }
    let doc = json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "entry": entries,
    });
    serde_json::to_vec_pretty(&doc).unwrap_or_default()
}
