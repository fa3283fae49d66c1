//! The reviewer's part of an ICSR: each drug's role (G.k.1), each causality
//! assessment (G.k.9.i.2.r: source "Canary reviewer", method WHO-UMC or
//! Naranjo, the result as text) and the sender's comment (H.4).

use super::model::Icsr;
use super::oid;
use super::xml::{Result, Xml};

fn product_reference(x: &mut Xml, uuid: &str) -> Result {
    x.open("subject2", &[("typeCode", "SUBJ")])?;
    x.open(
        "productUseReference",
        &[("classCode", "SBADM"), ("moodCode", "EVN")],
    )?;
    x.empty("id", &[("root", uuid)])?;
    x.close("productUseReference")?;
    x.close("subject2")
}

pub fn write(x: &mut Xml, icsr: &Icsr) -> Result {
    for d in &icsr.drugs {
        x.open("component", &[("typeCode", "COMP")])?;
        x.open(
            "causalityAssessment",
            &[("classCode", "OBS"), ("moodCode", "EVN")],
        )?;
        x.empty(
            "code",
            &[
                ("code", "20"),
                ("codeSystem", &oid::code("19")),
                ("displayName", "interventionCharacterization"),
            ],
        )?;
        x.empty(
            "value",
            &[
                ("xsi:type", "CE"),
                ("code", d.role.0),
                ("codeSystem", &oid::code("13")),
                ("displayName", d.role.1),
            ],
        )?;
        product_reference(x, &d.uuid)?;
        x.close("causalityAssessment")?;
        x.close("component")?;
    }
    for d in &icsr.drugs {
        for a in &d.assessments {
            x.open("component", &[("typeCode", "COMP")])?;
            x.open(
                "causalityAssessment",
                &[("classCode", "OBS"), ("moodCode", "EVN")],
            )?;
            x.empty(
                "code",
                &[
                    ("code", "39"),
                    ("codeSystem", &oid::code("19")),
                    ("displayName", "causality"),
                ],
            )?;
            x.text("value", &[("xsi:type", "ST")], &a.result)?; // G.k.9.i.2.r.3
            x.open("methodCode", &[])?;
            x.text("originalText", &[], a.method)?; // G.k.9.i.2.r.2
            x.close("methodCode")?;
            x.open("author", &[("typeCode", "AUT")])?;
            x.open("assignedEntity", &[("classCode", "ASSIGNED")])?;
            x.open("code", &[])?;
            x.text("originalText", &[], super::ASSESSMENT_SOURCE)?; // G.k.9.i.2.r.1
            x.close("code")?;
            x.close("assignedEntity")?;
            x.close("author")?;
            x.open("subject1", &[("typeCode", "SUBJ")])?;
            x.open(
                "adverseEffectReference",
                &[("classCode", "OBS"), ("moodCode", "EVN")],
            )?;
            x.empty("id", &[("root", &a.reaction_uuid)])?;
            x.close("adverseEffectReference")?;
            x.close("subject1")?;
            product_reference(x, &d.uuid)?;
            x.close("causalityAssessment")?;
            x.close("component")?;
        }
    }
    x.open("component1", &[("typeCode", "COMP")])?;
    x.open(
        "observationEvent",
        &[("classCode", "OBS"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "10"),
            ("codeSystem", &oid::code("19")),
            ("displayName", "comment"),
        ],
    )?;
    x.text("value", &[("xsi:type", "ED")], &icsr.sender_comment)?; // H.4
    x.open("author", &[("typeCode", "AUT")])?;
    x.open("assignedEntity", &[("classCode", "ASSIGNED")])?;
    x.empty(
        "code",
        &[
            ("code", "1"),
            ("codeSystem", &oid::code("21")),
            ("displayName", "sender"),
        ],
    )?;
    x.close("assignedEntity")?;
    x.close("author")?;
    x.close("observationEvent")?;
    x.close("component1")
}
