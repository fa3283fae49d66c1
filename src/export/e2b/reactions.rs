//! One reaction (E.i): Canary's term text, the reviewer's MedDRA code when
//! there is one, month-precision start, duration, the seriousness criteria
//! (`true` or nullFlavor NI, never `false`), outcome and country.

use super::model::{Icsr, Reaction};
use super::xml::{Result, Xml};
use super::{oid, SERIOUSNESS};

fn pert(x: &mut Xml, code: &str, system: &str, display: &str) -> Result {
    x.open("outboundRelationship2", &[("typeCode", "PERT")])?;
    x.open("observation", &[("classCode", "OBS"), ("moodCode", "EVN")])?;
    x.empty(
        "code",
        &[
            ("code", code),
            ("codeSystem", system),
            ("displayName", display),
        ],
    )
}

fn pert_close(x: &mut Xml) -> Result {
    x.close("observation")?;
    x.close("outboundRelationship2")
}

pub fn write(x: &mut Xml, r: &Reaction, icsr: &Icsr) -> Result {
    x.open("subjectOf2", &[("typeCode", "SBJ")])?;
    x.open("observation", &[("classCode", "OBS"), ("moodCode", "EVN")])?;
    x.empty("id", &[("root", &r.uuid)])?;
    x.empty(
        "code",
        &[
            ("code", "29"),
            ("codeSystem", &oid::code("19")),
            ("displayName", "reaction"),
        ],
    )?;
    if r.start.is_some() || r.duration.is_some() || r.end.is_some() {
        x.open("effectiveTime", &[("xsi:type", "IVL_TS")])?;
        if let Some(start) = &r.start {
            x.empty("low", &[("value", start)])?; // E.i.4
        }
        if let Some(end) = &r.end {
            x.empty("high", &[("value", end)])?; // E.i.5
        } else if let Some(d) = &r.duration {
            x.empty("width", &[("value", &d.value), ("unit", d.unit)])?; // E.i.6a/b
        }
        x.close("effectiveTime")?;
    }
    let version = icsr.meddra_version.as_deref().unwrap_or("");
    match (&r.meddra_code, version.is_empty()) {
        (Some(code), false) => x.open(
            "value",
            &[
                ("xsi:type", "CE"),
                ("code", code),
                ("codeSystem", oid::MEDDRA),
                ("codeSystemVersion", version),
            ],
        )?,
        (Some(code), true) => x.open(
            "value",
            &[
                ("xsi:type", "CE"),
                ("code", code),
                ("codeSystem", oid::MEDDRA),
            ],
        )?,
        (None, _) => x.open("value", &[("xsi:type", "CE"), ("codeSystem", oid::MEDDRA)])?,
    }
    x.text("originalText", &[("language", "eng")], &r.term)?; // E.i.1.1a/b
    x.close("value")?;
    if let Some(country) = r.country {
        x.open("location", &[("typeCode", "LOC")])?;
        x.open("locatedEntity", &[("classCode", "LOCE")])?;
        x.open(
            "locatedPlace",
            &[("classCode", "COUNTRY"), ("determinerCode", "INSTANCE")],
        )?;
        x.empty("code", &[("code", country), ("codeSystem", oid::COUNTRY)])?; // E.i.9
        x.close("locatedPlace")?;
        x.close("locatedEntity")?;
        x.close("location")?;
    }
    for (outcome, code, system, display) in SERIOUSNESS {
        let system = if system.is_empty() {
            oid::code("19")
        } else {
            system.to_owned()
        };
        pert(x, code, &system, display)?; // E.i.3.2a–f, FDA.E.i.3.2h
        if r.seriousness.contains(&outcome) {
            x.empty("value", &[("xsi:type", "BL"), ("value", "true")])?;
        } else {
            x.empty("value", &[("xsi:type", "BL"), ("nullFlavor", "NI")])?;
        }
        pert_close(x)?;
    }
    pert(x, "27", &oid::code("19"), "outcome")?; // E.i.7
    x.empty(
        "value",
        &[
            ("xsi:type", "CE"),
            ("code", r.outcome.0),
            ("codeSystem", &oid::code("11")),
            ("displayName", r.outcome.1),
        ],
    )?;
    pert_close(x)?;
    x.close("observation")?;
    x.close("subjectOf2")
}
