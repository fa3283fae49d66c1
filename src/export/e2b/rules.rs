//! Canary's own check of the FDA E2B(R3) rejection and warning rules that
//! can apply to a consumer report (e2b-r3.md §8–§9), run on the [`Icsr`]
//! model before anything is written. The XSD cannot see these. Pairs
//! (number + unit, MedDRA version + code) are single values in the model,
//! so rules like R0029/R0030 cannot fail and are not repeated here.
//! Rule ids are FDA's; `GEN-*` are FDA's generic checks (required element,
//! maximum length, future date, code format), named by element.

use chrono::NaiveDateTime;

use super::model::Icsr;
use crate::config::E2bSettings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// FDA would reject the ICSR: Canary refuses to write it.
    Reject,
    /// FDA would accept it with a warning: written, and named in the file.
    Warn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub element: &'static str,
    pub severity: Severity,
    pub message: String,
}

fn reject(rule: &'static str, element: &'static str, message: impl Into<String>) -> Finding {
    Finding {
        rule,
        element,
        severity: Severity::Reject,
        message: message.into(),
    }
}

fn warn(rule: &'static str, element: &'static str, message: impl Into<String>) -> Finding {
    Finding {
        rule,
        element,
        severity: Severity::Warn,
        message: message.into(),
    }
}

/// Rules on the batch and the sender (configuration).
pub fn check_batch(s: &E2bSettings, cases: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    if cases == 0 {
        out.push(reject("GEN-REQ", "N.2.r", "The batch holds no case."));
    }
    match s.sender_id.as_deref() {
        None => out.push(reject(
            "R0100",
            "N.1.3 / N.2.r.2",
            "No sender identifier is configured (CANARY_E2B_SENDER_ID); the message sender must equal the batch sender and be approved by FDA.",
        )),
        Some(id) if id.chars().count() > 60 => out.push(reject(
            "GEN-LEN",
            "N.1.3",
            "The sender identifier is longer than 60 characters.",
        )),
        Some(_) => {}
    }
    match s.organisation.as_deref() {
        None => out.push(reject(
            "R0022",
            "C.3.2",
            "The sender's organisation is required when the sender type is not a patient (CANARY_E2B_ORGANISATION).",
        )),
        Some(o) if o.chars().count() > 100 => out.push(reject(
            "GEN-LEN",
            "C.3.2",
            "The sender's organisation is longer than 100 characters.",
        )),
        Some(_) => {}
    }
    let contact = [
        (
            "C.3.3.2",
            "contact title (CANARY_E2B_CONTACT_TITLE)",
            &s.title,
        ),
        (
            "C.3.3.3",
            "contact given name (CANARY_E2B_CONTACT_GIVEN_NAME)",
            &s.given_name,
        ),
        (
            "C.3.3.5",
            "contact family name (CANARY_E2B_CONTACT_FAMILY_NAME)",
            &s.family_name,
        ),
        ("C.3.4.1", "street (CANARY_E2B_STREET)", &s.street),
        ("C.3.4.2", "city (CANARY_E2B_CITY)", &s.city),
        ("C.3.4.3", "state (CANARY_E2B_STATE)", &s.state),
        ("C.3.4.4", "postcode (CANARY_E2B_POSTCODE)", &s.postcode),
        ("C.3.4.6", "telephone (CANARY_E2B_PHONE)", &s.phone),
        ("C.3.4.7", "fax (CANARY_E2B_FAX)", &s.fax),
        ("C.3.4.8", "e-mail (CANARY_E2B_EMAIL)", &s.email),
    ];
    for (element, what, value) in contact {
        if value.is_none() {
            out.push(reject(
                "GEN-REQ",
                element,
                format!("FDA requires the sender's {what}."),
            ));
        }
    }
    if s.country.len() != 2 || !s.country.bytes().all(|b| b.is_ascii_uppercase()) {
        out.push(reject(
            "GEN-CODE",
            "C.3.4.5",
            "The sender's country must be an ISO 3166-1 alpha-2 code like US (CANARY_E2B_COUNTRY).",
        ));
    }
    out
}

fn too_long(out: &mut Vec<Finding>, element: &'static str, text: &str, max: usize) {
    if text.chars().count() > max {
        out.push(reject(
            "GEN-LEN",
            element,
            format!("Longer than the {max} characters E2B allows."),
        ));
    }
}

fn meddra_version_ok(v: &str) -> bool {
    matches!(v.split_once('.'), Some((a, b)) if !a.is_empty() && a.len() <= 2 && b.len() == 1
        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()))
}

/// Rules on one case; `meddra_loaded`: an uncoded reaction is a rejection
/// (a release is there to code it with), else a "not submittable" warning.
pub fn check(icsr: &Icsr, now: NaiveDateTime, meddra_loaded: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    too_long(&mut out, "C.1.1", &icsr.case_id, 100);
    if icsr.expedited.is_none() {
        out.push(reject(
            "FDA.C.1.7.1",
            "C.1.7 / FDA.C.1.7.1",
            "No reviewer has decided whether this is a 15-day report; decide the FDA report type on the case page.",
        ));
    }
    if icsr.reporter_country.is_none() {
        out.push(reject(
            "R0019",
            "C.2.r.3",
            "The primary reporter's country is required.",
        ));
    }
    too_long(&mut out, "D.7.2", &icsr.patient.history, 10_000);
    too_long(&mut out, "H.1", &icsr.narrative, 100_000);
    if icsr.reactions.is_empty() {
        out.push(reject(
            "GEN-REQ",
            "E.i",
            "At least one reaction or event is required: code a reaction or ask the reporter which symptoms they had.",
        ));
    }
    let this_month = format!("{}", now.format("%Y%m"));
    let mut uncoded = 0;
    for r in &icsr.reactions {
        too_long(&mut out, "E.i.1.1a", &r.term, 250);
        if r.start.as_deref().is_some_and(|s| s > this_month.as_str()) {
            out.push(reject(
                "GEN-DATE",
                "E.i.4",
                "The reaction starts in the future.",
            ));
        }
        match &r.meddra_code {
            None => uncoded += 1,
            Some(code) => {
                if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
                    out.push(reject(
                        "GEN-CODE",
                        "E.i.2.1b",
                        format!("MedDRA code {code:?} is not 8 digits."),
                    ));
                }
                match r.meddra_version.as_deref() {
                    None => out.push(reject(
                        "R0029-R0099 pair",
                        "E.i.2.1a",
                        format!("MedDRA code {code} was saved without the version it belongs to; search for the term again so it is coded in the active release."),
                    )),
                    Some(v) if !meddra_version_ok(v) => out.push(reject(
                        "GEN-CODE",
                        "E.i.2.1a",
                        format!("MedDRA version {v:?} is not written like 27.1."),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    if icsr.meddra_versions.len() > 1 {
        out.push(reject(
            "ICH one version",
            "E.i.2.1a",
            format!(
                "Reactions are coded in MedDRA {}; an ICSR uses one version, so re-code them in the active release.",
                icsr.meddra_versions.join(" and ")
            ),
        ));
    }
    if uncoded > 0 && meddra_loaded {
        out.push(reject(
            "GEN-REQ",
            "E.i.2.1b",
            format!("{uncoded} reaction(s) have no MedDRA code; code each one on the case's reactions page."),
        ));
    } else if uncoded > 0 {
        out.push(warn(
            "GEN-REQ",
            "E.i.2.1b",
            format!("NOT SUBMITTABLE: {uncoded} reaction(s) have no MedDRA code (FAERS requires one); code them with the organisation's MedDRA release first."),
        ));
    }
    if icsr.drugs.is_empty() {
        out.push(reject(
            "GEN-REQ",
            "G.k",
            "At least one product is required.",
        ));
    }
    if let Some(first) = icsr.drugs.first() {
        if !matches!(first.role.0, "1" | "3") {
            out.push(warn(
                "W0005",
                "G.k.1",
                "The first product should be suspect or interacting; this case has no suspect product.",
            ));
        }
    }
    for d in &icsr.drugs {
        too_long(&mut out, "G.k.2.2", &d.name, 250);
        for (element, value, max) in [
            ("G.k.2.3.r.1", &d.substance, 250),
            ("G.k.4.r.7", &d.lot, 35),
            ("G.k.4.r.8", &d.dosage_text, 2000),
            ("G.k.4.r.9.1", &d.form, 60),
            ("G.k.4.r.10.1", &d.route, 60),
        ] {
            if let Some(v) = value {
                too_long(&mut out, element, v, max);
            }
        }
        for i in &d.indications {
            too_long(&mut out, "G.k.7.r.1", i, 250);
        }
        if d.last_use
            .as_deref()
            .is_some_and(|s| s > this_month.as_str())
        {
            out.push(reject(
                "GEN-DATE",
                "G.k.4.r.5",
                "The last use is in the future.",
            ));
        }
        for a in &d.assessments {
            too_long(&mut out, "G.k.9.i.2.r.3", &a.result, 60);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configured() -> E2bSettings {
        let v = |s: &str| Some(s.to_owned());
        E2bSettings {
            sender_id: v("ORG"),
            organisation: v("Org"),
            department: None,
            title: v("Safety officer"),
            given_name: v("A"),
            family_name: v("B"),
            street: v("1 St"),
            city: v("C"),
            state: v("TX"),
            postcode: v("1"),
            country: "US".into(),
            phone: v("1"),
            fax: v("2"),
            email: v("a@b.c"),
        }
    }

    #[test]
    fn a_configured_sender_passes_and_each_gap_is_named() {
        assert!(check_batch(&configured(), 1).is_empty());
        let mut s = configured();
        s.organisation = None;
        s.email = None;
        s.country = "usa".into();
        let rules: Vec<_> = check_batch(&s, 0)
            .into_iter()
            .map(|f| (f.rule, f.element))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("GEN-REQ", "N.2.r"),
                ("R0022", "C.3.2"),
                ("GEN-REQ", "C.3.4.8"),
                ("GEN-CODE", "C.3.4.5")
            ]
        );
    }

    #[test]
    fn meddra_versions_are_written_like_ich_wants() {
        for ok in ["27.1", "9.0"] {
            assert!(meddra_version_ok(ok), "{ok}");
        }
        for bad in ["27", "27.10", "v27.1", ".1", "271.0"] {
            assert!(!meddra_version_ok(bad), "{bad}");
        }
    }
}
