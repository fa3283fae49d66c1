//! The drug information organizer (G.k): one `substanceAdministration` per
//! product or co-used substance, with its dosage, time to onset,
//! recurrence, indication and action taken, in the element order of FDA's
//! example instances.

use super::model::{Drug, Quantity};
use super::oid;
use super::xml::{Result, Xml};

pub fn write_organizer(x: &mut Xml, drugs: &[Drug], reactions: &[&str]) -> Result {
    if drugs.is_empty() {
        return Ok(());
    }
    x.open("subjectOf2", &[("typeCode", "SBJ")])?;
    x.open(
        "organizer",
        &[("classCode", "CATEGORY"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "4"),
            ("codeSystem", &oid::code("20")),
            ("displayName", "drugInformation"),
        ],
    )?;
    for d in drugs {
        x.open("component", &[("typeCode", "COMP")])?;
        drug(x, d, reactions)?;
        x.close("component")?;
    }
    x.close("organizer")?;
    x.close("subjectOf2")
}

fn drug(x: &mut Xml, d: &Drug, reactions: &[&str]) -> Result {
    x.open(
        "substanceAdministration",
        &[("classCode", "SBADM"), ("moodCode", "EVN")],
    )?;
    x.empty("id", &[("root", &d.uuid)])?;
    x.open("consumable", &[("typeCode", "CSM")])?;
    x.open("instanceOfKind", &[("classCode", "INST")])?;
    x.open(
        "kindOfProduct",
        &[("classCode", "MMAT"), ("determinerCode", "KIND")],
    )?;
    x.text("name", &[], &d.name)?; // G.k.2.2
    if let Some(s) = &d.substance {
        x.open("ingredient", &[("classCode", "ACTI")])?;
        x.open(
            "ingredientSubstance",
            &[("classCode", "MMAT"), ("determinerCode", "KIND")],
        )?;
        x.text("name", &[], s)?; // G.k.2.3.r.1
        x.close("ingredientSubstance")?;
        x.close("ingredient")?;
    }
    x.close("kindOfProduct")?;
    x.close("instanceOfKind")?;
    x.close("consumable")?;
    if let Some(q) = &d.last_dose_to_onset {
        for reaction in reactions {
            x.open("outboundRelationship1", &[("typeCode", "SAE")])?; // G.k.9.i.3.2a/b
            x.empty("pauseQuantity", &[("value", &q.value), ("unit", q.unit)])?;
            act_reference(x, "actReference", reaction)?;
            x.close("outboundRelationship1")?;
        }
    }
    dosage(x, d)?;
    if let Some(code) = d.recurrence {
        for reaction in reactions {
            x.open("outboundRelationship2", &[("typeCode", "PERT")])?; // G.k.9.i.4
            x.open("observation", &[("classCode", "OBS"), ("moodCode", "EVN")])?;
            x.empty(
                "code",
                &[
                    ("code", "31"),
                    ("codeSystem", &oid::code("19")),
                    ("displayName", "recurranceOfReaction"),
                ],
            )?;
            x.empty(
                "value",
                &[
                    ("xsi:type", "CE"),
                    ("code", code),
                    ("codeSystem", &oid::code("16")),
                ],
            )?;
            x.open("outboundRelationship1", &[("typeCode", "REFR")])?;
            act_reference(x, "actReference", reaction)?;
            x.close("outboundRelationship1")?;
            x.close("observation")?;
            x.close("outboundRelationship2")?;
        }
    }
    for indication in &d.indications {
        x.open("inboundRelationship", &[("typeCode", "RSON")])?; // G.k.7.r.1
        x.open("observation", &[("classCode", "OBS"), ("moodCode", "EVN")])?;
        x.empty(
            "code",
            &[
                ("code", "19"),
                ("codeSystem", &oid::code("19")),
                ("displayName", "indication"),
            ],
        )?;
        x.open("value", &[("xsi:type", "CE"), ("codeSystem", oid::MEDDRA)])?;
        x.text("originalText", &[], indication)?;
        x.close("value")?;
        x.close("observation")?;
        x.close("inboundRelationship")?;
    }
    if let Some(code) = d.action {
        x.open("inboundRelationship", &[("typeCode", "CAUS")])?; // G.k.8
        x.open("act", &[("classCode", "ACT"), ("moodCode", "EVN")])?;
        x.empty("code", &[("code", code), ("codeSystem", &oid::code("15"))])?;
        x.close("act")?;
        x.close("inboundRelationship")?;
    }
    x.close("substanceAdministration")
}

fn act_reference(x: &mut Xml, tag: &str, id: &str) -> Result {
    x.open(tag, &[("classCode", "OBS"), ("moodCode", "EVN")])?;
    x.empty("id", &[("root", id)])?;
    x.close(tag)
}

fn pq(x: &mut Xml, tag: &str, q: &Quantity) -> Result {
    x.empty(tag, &[("value", &q.value), ("unit", q.unit)])
}

/// G.k.4.r: dosage text, frequency, last use, duration, route, dose, lot, form.
fn dosage(x: &mut Xml, d: &Drug) -> Result {
    let interval = d.last_use.is_some() || d.duration.is_some();
    let any = d.dosage_text.is_some()
        || d.period.is_some()
        || interval
        || d.route.is_some()
        || d.dose.is_some()
        || d.lot.is_some()
        || d.form.is_some();
    if !any {
        return Ok(());
    }
    x.open("outboundRelationship2", &[("typeCode", "COMP")])?;
    x.open(
        "substanceAdministration",
        &[("classCode", "SBADM"), ("moodCode", "EVN")],
    )?;
    if let Some(t) = &d.dosage_text {
        x.text("text", &[], t)?; // G.k.4.r.8
    }
    let ivl = |x: &mut Xml, attrs: &[(&str, &str)]| -> Result {
        x.open(
            if attrs.len() > 1 {
                "comp"
            } else {
                "effectiveTime"
            },
            attrs,
        )?;
        if let Some(w) = &d.duration {
            pq(x, "width", w)?; // G.k.4.r.6a/b
        }
        if let Some(last) = &d.last_use {
            x.empty("high", &[("value", last)])?; // G.k.4.r.5
        }
        x.close(if attrs.len() > 1 {
            "comp"
        } else {
            "effectiveTime"
        })
    };
    match (&d.period, interval) {
        (Some(p), true) => {
            x.open("effectiveTime", &[("xsi:type", "SXPR_TS")])?;
            x.open("comp", &[("xsi:type", "PIVL_TS")])?;
            pq(x, "period", p)?; // G.k.4.r.2/r.3
            x.close("comp")?;
            ivl(x, &[("xsi:type", "IVL_TS"), ("operator", "A")])?;
            x.close("effectiveTime")?;
        }
        (Some(p), false) => {
            x.open("effectiveTime", &[("xsi:type", "PIVL_TS")])?;
            pq(x, "period", p)?;
            x.close("effectiveTime")?;
        }
        (None, true) => ivl(x, &[("xsi:type", "IVL_TS")])?,
        (None, false) => {}
    }
    if let Some(route) = &d.route {
        x.open("routeCode", &[])?;
        x.text("originalText", &[], route)?; // G.k.4.r.10.1
        x.close("routeCode")?;
    }
    if let Some(dose) = &d.dose {
        pq(x, "doseQuantity", dose)?; // G.k.4.r.1a/b
    }
    if d.lot.is_some() || d.form.is_some() {
        x.open("consumable", &[("typeCode", "CSM")])?;
        x.open("instanceOfKind", &[("classCode", "INST")])?;
        if let Some(lot) = &d.lot {
            x.open(
                "productInstanceInstance",
                &[("classCode", "MMAT"), ("determinerCode", "INSTANCE")],
            )?;
            x.text("lotNumberText", &[], lot)?; // G.k.4.r.7
            x.close("productInstanceInstance")?;
        }
        x.open(
            "kindOfProduct",
            &[("classCode", "MMAT"), ("determinerCode", "KIND")],
        )?;
        if let Some(form) = &d.form {
            x.open("formCode", &[])?;
            x.text("originalText", &[], form)?; // G.k.4.r.9.1
            x.close("formCode")?;
        }
        x.close("kindOfProduct")?;
        x.close("instanceOfKind")?;
        x.close("consumable")?;
    }
    x.close("substanceAdministration")?;
    x.close("outboundRelationship2")
}
