//! The patient (D): masked name, sex, age or age group, weight, FDA race
//! and ethnicity (not collected: UNK), medical history text; then the
//! reactions and the drugs, which E2B hangs under the patient, and the
//! reviewer's assessments of the whole case.

use super::model::{Icsr, SexCode};
use super::xml::{Result, Xml};
use super::{assessment, drug_xml, oid, reactions};

pub fn obs_open(x: &mut Xml, code: &str, system: &str, display: &str) -> Result {
    x.open("subjectOf2", &[("typeCode", "SBJ")])?;
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

pub fn obs_close(x: &mut Xml) -> Result {
    x.close("observation")?;
    x.close("subjectOf2")
}

/// `adverseEventAssessment`: everything about the patient and the event.
pub fn write_assessment(x: &mut Xml, icsr: &Icsr) -> Result {
    x.open(
        "adverseEventAssessment",
        &[("classCode", "INVSTG"), ("moodCode", "EVN")],
    )?;
    x.open("subject1", &[("typeCode", "SBJ")])?;
    x.open("primaryRole", &[("classCode", "INVSBJ")])?;
    player(x, icsr)?;
    let p = &icsr.patient;
    if let Some(age) = &p.age {
        obs_open(x, "3", &oid::code("19"), "age")?; // D.2.2a/b
        x.empty(
            "value",
            &[
                ("xsi:type", "PQ"),
                ("value", &age.value),
                ("unit", age.unit),
            ],
        )?;
        obs_close(x)?;
    }
    if let Some((code, label)) = p.age_group {
        obs_open(x, "4", &oid::code("19"), "ageGroup")?; // D.2.3
        x.empty(
            "value",
            &[
                ("xsi:type", "CE"),
                ("code", code),
                ("codeSystem", &oid::code("9")),
                ("displayName", label),
            ],
        )?;
        obs_close(x)?;
    }
    if let Some(kg) = &p.weight_kg {
        obs_open(x, "7", &oid::code("19"), "bodyWeight")?; // D.3
        x.empty(
            "value",
            &[("xsi:type", "PQ"), ("value", kg), ("unit", "kg")],
        )?;
        obs_close(x)?;
    }
    if let Some(death) = &p.death {
        for (code, version, text) in &death.causes {
            obs_open(x, "32", &oid::code("19"), "reportedCauseOfDeath")?; // D.9.2.r
            x.open(
                "value",
                &[
                    ("xsi:type", "CE"),
                    ("code", code),
                    ("codeSystem", oid::MEDDRA),
                    ("codeSystemVersion", version),
                ],
            )?;
            x.text("originalText", &[], text)?;
            x.close("value")?;
            obs_close(x)?;
        }
    }
    for (code, label) in [("C17049", "Race"), ("C16564", "Ethnic Group")] {
        obs_open(x, code, oid::NCI, label)?; // FDA.D.11.r, FDA.D.12
        x.empty("value", &[("xsi:type", "CE"), ("nullFlavor", "UNK")])?;
        obs_close(x)?;
    }
    x.open("subjectOf2", &[("typeCode", "SBJ")])?;
    x.open(
        "organizer",
        &[("classCode", "CATEGORY"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "1"),
            ("codeSystem", &oid::code("20")),
            (
                "displayName",
                "relevantMedicalHistoryAndConcurrentConditions",
            ),
        ],
    )?;
    x.open("component", &[("typeCode", "COMP")])?;
    x.open("observation", &[("classCode", "OBS"), ("moodCode", "EVN")])?;
    x.empty(
        "code",
        &[
            ("code", "18"),
            ("codeSystem", &oid::code("19")),
            ("displayName", "historyAndConcurrentConditionText"),
        ],
    )?;
    x.text("value", &[("xsi:type", "ED")], &p.history)?; // D.7.2
    x.close("observation")?;
    x.close("component")?;
    x.close("organizer")?;
    x.close("subjectOf2")?;
    for r in &icsr.reactions {
        reactions::write(x, r, icsr)?;
    }
    let ids: Vec<&str> = icsr.reactions.iter().map(|r| r.uuid.as_str()).collect();
    drug_xml::write_organizer(x, &icsr.drugs, &ids)?;
    x.close("primaryRole")?;
    x.close("subject1")?;
    assessment::write(x, icsr)?;
    x.close("adverseEventAssessment")
}

fn player(x: &mut Xml, icsr: &Icsr) -> Result {
    x.open(
        "player1",
        &[("classCode", "PSN"), ("determinerCode", "INSTANCE")],
    )?;
    x.empty("name", &[("nullFlavor", "MSK")])?; // D.1
    match icsr.patient.sex {
        SexCode::Code(c) => x.empty(
            "administrativeGenderCode",
            &[("code", c), ("codeSystem", oid::SEX)],
        )?,
        SexCode::Null(n) => x.empty("administrativeGenderCode", &[("nullFlavor", n)])?,
    }
    if icsr.patient.death.is_some() {
        x.empty("deceasedTime", &[("nullFlavor", "UNK")])?; // D.9.1
    }
    x.close("player1")
}
