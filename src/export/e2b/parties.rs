//! The people and organisations of an ICSR: the first sender (C.1.8.2),
//! the reporter (C.2.r, masked: Canary never collects who reported) and the
//! sender (C.3, the operator, from configuration).

use super::model::Icsr;
use super::oid;
use super::xml::{Result, Xml};
use crate::config::E2bSettings;

fn author_open(x: &mut Xml) -> Result {
    x.open("subjectOf2", &[("typeCode", "SUBJ")])?;
    x.open(
        "controlActEvent",
        &[("classCode", "CACT"), ("moodCode", "EVN")],
    )?;
    x.open("author", &[("typeCode", "AUT")])?;
    x.open("assignedEntity", &[("classCode", "ASSIGNED")])
}

fn author_close(x: &mut Xml) -> Result {
    x.close("assignedEntity")?;
    x.close("author")?;
    x.close("controlActEvent")?;
    x.close("subjectOf2")
}

pub fn first_sender(x: &mut Xml) -> Result {
    x.open("outboundRelationship", &[("typeCode", "SPRT")])?;
    x.open(
        "relatedInvestigation",
        &[("classCode", "INVSTG"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "1"),
            ("codeSystem", &oid::code("22")),
            ("displayName", "initialReport"),
        ],
    )?;
    author_open(x)?;
    x.empty(
        "code",
        &[
            ("code", "2"),
            ("codeSystem", &oid::code("3")),
            ("displayName", "other"),
        ],
    )?;
    author_close(x)?;
    x.close("relatedInvestigation")?;
    x.close("outboundRelationship")
}

/// C.2.r: the reporter, masked (Canary never collects who reported).
pub fn reporter(x: &mut Xml, icsr: &Icsr) -> Result {
    x.open("outboundRelationship", &[("typeCode", "SPRT")])?;
    x.empty("priorityNumber", &[("value", "1")])?; // C.2.r.5
    x.open(
        "relatedInvestigation",
        &[("classCode", "INVSTG"), ("moodCode", "EVN")],
    )?;
    x.empty(
        "code",
        &[
            ("code", "2"),
            ("codeSystem", &oid::code("22")),
            ("displayName", "sourceReport"),
        ],
    )?;
    author_open(x)?;
    x.empty("telecom", &[("nullFlavor", "MSK"), ("value", "mailto")])?; // FDA.C.2.r.2.8
    x.open(
        "assignedPerson",
        &[("classCode", "PSN"), ("determinerCode", "INSTANCE")],
    )?;
    x.open("name", &[])?;
    x.empty("given", &[("nullFlavor", "MSK")])?;
    x.empty("family", &[("nullFlavor", "MSK")])?;
    x.close("name")?;
    x.open("asQualifiedEntity", &[("classCode", "QUAL")])?;
    x.empty(
        "code",
        &[
            ("code", icsr.qualification),
            ("codeSystem", &oid::code("6")),
        ],
    )?; // C.2.r.4
    x.close("asQualifiedEntity")?;
    if let Some(country) = icsr.reporter_country {
        location(x, country)?; // C.2.r.3
    }
    x.close("assignedPerson")?;
    author_close(x)?;
    x.close("relatedInvestigation")?;
    x.close("outboundRelationship")
}

/// C.1.10.r: the reports linked to this one (a duplicate's master, or a
/// master's duplicates), by their C.1.1.
pub fn linked(x: &mut Xml, icsr: &Icsr) -> Result {
    for id in &icsr.linked {
        x.open("outboundRelationship", &[("typeCode", "SPRT")])?;
        x.open(
            "relatedInvestigation",
            &[("classCode", "INVSTG"), ("moodCode", "EVN")],
        )?;
        x.empty("code", &[("nullFlavor", "NA")])?;
        x.open("subjectOf2", &[("typeCode", "SUBJ")])?;
        x.open(
            "controlActEvent",
            &[("classCode", "CACT"), ("moodCode", "EVN")],
        )?;
        x.empty("id", &[("extension", id), ("root", &oid::id("2"))])?;
        x.close("controlActEvent")?;
        x.close("subjectOf2")?;
        x.close("relatedInvestigation")?;
        x.close("outboundRelationship")?;
    }
    Ok(())
}

fn location(x: &mut Xml, country: &str) -> Result {
    x.open("asLocatedEntity", &[("classCode", "LOCE")])?;
    x.open(
        "location",
        &[("classCode", "COUNTRY"), ("determinerCode", "INSTANCE")],
    )?;
    x.empty("code", &[("code", country), ("codeSystem", oid::COUNTRY)])?;
    x.close("location")?;
    x.close("asLocatedEntity")
}

/// C.3: the operator, from configuration (C.3.1 = 6 other organisation).
pub fn sender(x: &mut Xml, s: &E2bSettings) -> Result {
    x.open("subjectOf1", &[("typeCode", "SUBJ")])?;
    x.open(
        "controlActEvent",
        &[("classCode", "CACT"), ("moodCode", "EVN")],
    )?;
    x.open("author", &[("typeCode", "AUT")])?;
    x.open("assignedEntity", &[("classCode", "ASSIGNED")])?;
    x.empty(
        "code",
        &[
            ("code", super::SENDER_TYPE),
            ("codeSystem", &oid::code("7")),
        ],
    )?;
    if s.street.is_some() || s.city.is_some() || s.state.is_some() || s.postcode.is_some() {
        x.open("addr", &[])?;
        for (tag, v) in [
            ("streetAddressLine", &s.street),
            ("city", &s.city),
            ("state", &s.state),
            ("postalCode", &s.postcode),
        ] {
            if let Some(v) = v {
                x.text(tag, &[], v)?;
            }
        }
        x.close("addr")?;
    }
    if let Some(p) = &s.phone {
        x.empty("telecom", &[("value", &format!("tel:{p}"))])?;
    }
    if let Some(f) = &s.fax {
        x.empty("telecom", &[("value", &format!("fax:{f}"))])?; // C.3.4.7
    }
    if let Some(e) = &s.email {
        x.empty("telecom", &[("value", &format!("mailto:{e}"))])?;
    }
    x.open(
        "assignedPerson",
        &[("classCode", "PSN"), ("determinerCode", "INSTANCE")],
    )?;
    x.open("name", &[])?;
    if let Some(t) = &s.title {
        x.text("prefix", &[], t)?; // C.3.3.2
    }
    match &s.given_name {
        Some(g) => x.text("given", &[], g)?,
        None => x.empty("given", &[("nullFlavor", "UNK")])?,
    }
    match &s.family_name {
        Some(f) => x.text("family", &[], f)?,
        None => x.empty("family", &[("nullFlavor", "UNK")])?,
    }
    x.close("name")?;
    location(x, &s.country)?;
    x.close("assignedPerson")?;
    if let Some(org) = &s.organisation {
        x.open(
            "representedOrganization",
            &[("classCode", "ORG"), ("determinerCode", "INSTANCE")],
        )?;
        if let Some(d) = &s.department {
            x.text("name", &[], d)?; // C.3.3.1
        }
        x.open("assignedEntity", &[("classCode", "ASSIGNED")])?;
        x.open(
            "representedOrganization",
            &[("classCode", "ORG"), ("determinerCode", "INSTANCE")],
        )?;
        x.text("name", &[], org)?; // C.3.2
        x.close("representedOrganization")?;
        x.close("assignedEntity")?;
        x.close("representedOrganization")?;
    }
    x.close("assignedEntity")?;
    x.close("author")?;
    x.close("controlActEvent")?;
    x.close("subjectOf1")
}
