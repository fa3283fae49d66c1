//! The envelope: the batch (N.1), one message per case (N.2.r), and the
//! case-level parts of each ICSR (C.1 identification and the FDA regional
//! case elements; the parties are in `parties`), in the order of FDA's
//! example instances.

use super::model::Icsr;
use super::xml::{Result, Xml};
use super::{oid, parties, Batch, ICH};

fn id(x: &mut Xml, root: &str, ext: &str) -> Result {
    x.empty("id", &[("extension", ext), ("root", root)])
}

fn device(x: &mut Xml, tag: &str, type_code: &str, root: &str, ext: &str) -> Result {
    x.open(tag, &[("typeCode", type_code)])?;
    x.open(
        "device",
        &[("classCode", "DEV"), ("determinerCode", "INSTANCE")],
    )?;
    id(x, root, ext)?;
    x.close("device")?;
    x.close(tag)
}

/// The whole batch file.
pub fn write_batch(x: &mut Xml, batch: &Batch<'_>) -> Result {
    x.open(
        "MCCI_IN200100UV01",
        &[
            ("xmlns", "urn:hl7-org:v3"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("ITSVersion", "XML_1.0"),
        ],
    )?;
    id(x, &oid::id("22"), &batch.number)?; // N.1.2
    x.empty("creationTime", &[("value", &batch.created)])?; // N.1.5
    x.empty("responseModeCode", &[("code", "D")])?;
    x.empty(
        "interactionId",
        &[
            ("extension", "MCCI_IN200100UV01"),
            ("root", "2.16.840.1.113883.1.6"),
        ],
    )?;
    x.empty(
        "name",
        &[
            ("code", "1"),
            ("codeSystem", &oid::code("1")),
            ("displayName", "ichicsr"),
        ],
    )?;
    for icsr in batch.icsrs {
        write_message(x, icsr, batch)?;
    }
    device(x, "receiver", "RCV", &oid::id("14"), super::BATCH_RECEIVER)?; // N.1.4
    device(x, "sender", "SND", &oid::id("13"), batch.sender_id)?; // N.1.3
    x.close("MCCI_IN200100UV01")
}

fn write_message(x: &mut Xml, icsr: &Icsr, batch: &Batch<'_>) -> Result {
    x.open("PORR_IN049016UV", &[])?;
    id(x, &oid::id("1"), &icsr.case_id)?; // N.2.r.1
    x.empty("creationTime", &[("value", &batch.created)])?; // N.2.r.4
    x.empty(
        "interactionId",
        &[
            ("extension", "PORR_IN049016UV"),
            ("root", "2.16.840.1.113883.1.6"),
        ],
    )?;
    x.empty("processingCode", &[("code", "P")])?;
    x.empty("processingModeCode", &[("code", "I")])?;
    x.empty("acceptAckCode", &[("code", "AL")])?;
    device(
        x,
        "receiver",
        "RCV",
        &oid::id("12"),
        super::MESSAGE_RECEIVER,
    )?; // N.2.r.3
    device(x, "sender", "SND", &oid::id("11"), batch.sender_id)?; // N.2.r.2
    x.open(
        "controlActProcess",
        &[("classCode", "CACT"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "PORR_TE049016UV"),
            ("codeSystem", "2.16.840.1.113883.1.18"),
        ],
    )?;
    x.empty("effectiveTime", &[("value", &batch.created)])?; // C.1.2
    x.open("subject", &[("typeCode", "SUBJ")])?;
    x.open(
        "investigationEvent",
        &[("classCode", "INVSTG"), ("moodCode", "EVN")],
    )?;
    id(x, &oid::id("1"), &icsr.case_id)?; // C.1.1
    id(x, &oid::id("2"), &icsr.case_id)?; // C.1.8.1
    x.empty(
        "code",
        &[
            ("code", "PAT_ADV_EVNT"),
            ("codeSystem", "2.16.840.1.113883.5.4"),
        ],
    )?;
    x.text("text", &[], &icsr.narrative)?; // H.1
    x.empty("statusCode", &[("code", "active")])?;
    x.open("effectiveTime", &[])?;
    x.empty("low", &[("value", &icsr.first_received)])?; // C.1.4
    x.close("effectiveTime")?;
    x.empty("availabilityTime", &[("value", &icsr.most_recent)])?; // C.1.5
    x.open("component", &[("typeCode", "COMP")])?;
    super::patient::write_assessment(x, icsr)?;
    x.close("component")?;
    case_observation(x, "1", ICH, "additionalDocumentsAvailable", ("BL", "false"))?; // C.1.6.1
    let expedited = icsr.expedited == Some(true); // `None` never gets here: the pre-check refuses it
    let c_1_7 = if expedited { "true" } else { "false" };
    case_observation(x, "23", ICH, "localCriteriaForExpedited", ("BL", c_1_7))?; // C.1.7
    fda_report_type(x, expedited)?; // FDA.C.1.7.1
    case_observation(
        x,
        "C156384",
        oid::NCI,
        "Combination Product Report Indicator",
        ("BL", "false"),
    )?; // FDA.C.1.12
    parties::first_sender(x)?; // C.1.8.2
    parties::reporter(x, icsr)?; // C.2.r
    parties::linked(x, icsr)?; // C.1.10.r
    parties::sender(x, batch.settings)?; // C.3
    characteristic(x, "1", ("CE", "1"))?; // C.1.3 spontaneous
    characteristic(x, "2", ("BL", ""))?; // C.1.9.1: NI
    x.close("investigationEvent")?;
    x.close("subject")?;
    x.close("controlActProcess")?;
    x.close("PORR_IN049016UV")
}

fn case_observation(
    x: &mut Xml,
    code: &str,
    system: &str,
    display: &str,
    (kind, value): (&str, &str),
) -> Result {
    x.open("component", &[("typeCode", "COMP")])?;
    x.open(
        "observationEvent",
        &[("classCode", "OBS"), ("moodCode", "EVN")],
    )?;
    let system = if system == ICH {
        oid::code("19")
    } else {
        system.to_owned()
    };
    x.empty(
        "code",
        &[
            ("code", code),
            ("codeSystem", &system),
            ("displayName", display),
        ],
    )?;
    x.empty("value", &[("xsi:type", kind), ("value", value)])?;
    x.close("observationEvent")?;
    x.close("component")
}

fn fda_report_type(x: &mut Xml, expedited: bool) -> Result {
    let (code, label) = if expedited {
        ("1", "15-Day")
    } else {
        ("2", "Non-Expedited AE")
    };
    x.open("component", &[("typeCode", "COMP")])?;
    x.open(
        "observationEvent",
        &[("classCode", "OBS"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "C54588"),
            ("codeSystem", oid::NCI),
            ("displayName", "localCriteriaReportType"),
        ],
    )?;
    x.empty(
        "value",
        &[
            ("xsi:type", "CE"),
            ("code", code),
            ("codeSystem", oid::FDA_REPORT_TYPE),
            ("displayName", label),
        ],
    )?;
    x.close("observationEvent")?;
    x.close("component")
}

fn characteristic(x: &mut Xml, code: &str, (kind, value): (&str, &str)) -> Result {
    x.open("subjectOf2", &[("typeCode", "SUBJ")])?;
    x.open(
        "investigationCharacteristic",
        &[("classCode", "OBS"), ("moodCode", "EVN")],
    )?;
    x.empty("code", &[("code", code), ("codeSystem", &oid::code("23"))])?;
    if value.is_empty() {
        x.empty("value", &[("xsi:type", kind), ("nullFlavor", "NI")])?;
    } else {
        x.empty(
            "value",
            &[
                ("xsi:type", kind),
                ("code", value),
                ("codeSystem", &oid::code("2")),
                ("displayName", "Spontaneous report"),
            ],
        )?;
    }
    x.close("investigationCharacteristic")?;
    x.close("subjectOf2")
}
