//! An independent reading of FDA's E2B(R3) rejection rules (e2b-r3.md §8–§9
//! and the FDA-required elements of §5) over the parsed XML, written apart
//! from Canary's exporter and not calling its rule code: what FDA's gateway
//! would reject, found in the file as sent. `rejections` returns
//! (C.1.1 or "batch", rule, detail) for every failure.

use roxmltree::{Document, Node};

const HL7: &str = "urn:hl7-org:v3";
const ICH_OBS: &str = "2.16.840.1.113883.3.989.2.1.1.19";

type Found = Vec<(String, &'static str, String)>;

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(HL7)
}

fn all<'a>(n: Node<'a, 'a>, name: &str) -> Vec<Node<'a, 'a>> {
    n.descendants().filter(|d| is(d, name)).collect()
}

fn child<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| is(c, name))
}

fn path<'a>(n: Node<'a, 'a>, names: &[&str]) -> Option<Node<'a, 'a>> {
    names.iter().try_fold(n, |at, name| child(at, name))
}

/// Observations (and observation events) whose own `code` child has
/// `code` (in the ICH list when `system` is given).
fn observations<'a>(n: Node<'a, 'a>, code: &str, system: Option<&str>) -> Vec<Node<'a, 'a>> {
    n.descendants()
        .filter(|d| is(d, "observation") || is(d, "observationEvent"))
        .filter(|o| {
            child(*o, "code").is_some_and(|c| {
                c.attribute("code") == Some(code)
                    && system.is_none_or(|s| c.attribute("codeSystem") == Some(s))
            })
        })
        .collect()
}

fn digits(v: &str) -> usize {
    v.bytes().take_while(u8::is_ascii_digit).count()
}

fn text_of(n: Option<Node>) -> String {
    n.and_then(|n| n.text()).unwrap_or("").trim().to_owned()
}

/// Every rejection FDA's rules would give `xml`; `today` is `CCYYMMDD`.
pub fn rejections(xml: &str, today: &str) -> Found {
    let doc = Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    let mut out: Found = Vec::new();
    let mut fail =
        |case: &str, rule: &'static str, what: String| out.push((case.to_owned(), rule, what));
    let batch_sender = path(root, &["sender", "device", "id"])
        .and_then(|i| i.attribute("extension"))
        .unwrap_or("");
    let batch_receiver =
        path(root, &["receiver", "device", "id"]).and_then(|i| i.attribute("extension"));
    if batch_receiver != Some("ZZFDA") {
        fail("batch", "R0004", format!("N.1.4 is {batch_receiver:?}"));
    }
    let created = child(root, "creationTime")
        .and_then(|c| c.attribute("value"))
        .unwrap_or("");
    if digits(created) < 14 {
        fail(
            "batch",
            "GEN-DATE N.1.5",
            format!("{created:?} is not to the second"),
        );
    }
    for message in root.children().filter(|c| is(c, "PORR_IN049016UV")) {
        let Some(event) = all(message, "investigationEvent").into_iter().next() else {
            out.push((
                "batch".into(),
                "GEN-REQ",
                "a message without an ICSR".into(),
            ));
            continue;
        };
        let case = child(event, "id")
            .and_then(|i| i.attribute("extension"))
            .unwrap_or("?")
            .to_owned();
        let mut fail = |rule: &'static str, what: String| out.push((case.clone(), rule, what));
        let sender =
            path(message, &["sender", "device", "id"]).and_then(|i| i.attribute("extension"));
        if sender != Some(batch_sender) || batch_sender.is_empty() {
            fail(
                "R0100",
                format!("N.2.r.2 {sender:?} differs from N.1.3 {batch_sender:?}"),
            );
        }
        if path(message, &["receiver", "device", "id"]).and_then(|i| i.attribute("extension"))
            != Some("CDER")
        {
            fail("R0006", "N.2.r.3 is not CDER".into());
        }
        for (element, value) in [
            (
                "N.2.r.4",
                child(message, "creationTime").and_then(|c| c.attribute("value")),
            ),
            (
                "C.1.2",
                all(message, "controlActProcess")
                    .first()
                    .and_then(|c| child(*c, "effectiveTime"))
                    .and_then(|e| e.attribute("value")),
            ),
            (
                "C.1.4",
                path(event, &["effectiveTime", "low"]).and_then(|l| l.attribute("value")),
            ),
            (
                "C.1.5",
                child(event, "availabilityTime").and_then(|a| a.attribute("value")),
            ),
        ] {
            let v = value.unwrap_or("");
            if digits(v) < 8 {
                fail(
                    "GEN-DATE",
                    format!("{element} {v:?} is less precise than CCYYMMDD"),
                );
            } else if &v[..8] > today {
                fail("GEN-DATE", format!("{element} {v} is in the future"));
            }
        }
        if case.len() > 100 || case == "?" {
            fail("GEN-REQ C.1.1", format!("{case:?}"));
        }
        // C.1.7: true or false, never a nullFlavor (R0011).
        match observations(event, "23", Some(ICH_OBS))
            .first()
            .and_then(|o| child(*o, "value"))
        {
            Some(v) if matches!(v.attribute("value"), Some("true" | "false")) => {}
            _ => fail("R0011", "C.1.7 missing or a nullFlavor".into()),
        }
        // C.2.r: a primary source with country and qualification.
        let primaries: Vec<Node> = all(event, "outboundRelationship")
            .into_iter()
            .filter(|o| child(*o, "priorityNumber").and_then(|p| p.attribute("value")) == Some("1"))
            .collect();
        match primaries.first() {
            None => fail("R0021", "no primary source (C.2.r.5 = 1)".into()),
            Some(p) => {
                let country = all(*p, "asLocatedEntity")
                    .first()
                    .and_then(|l| path(*l, &["location", "code"]))
                    .and_then(|c| c.attribute("code"));
                if !country
                    .is_some_and(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
                {
                    fail("R0019", format!("C.2.r.3 is {country:?}"));
                }
                let qual = all(*p, "asQualifiedEntity")
                    .first()
                    .and_then(|q| child(*q, "code"))
                    .and_then(|c| c.attribute("code"));
                if !matches!(qual, Some("1" | "2" | "3" | "4" | "5")) {
                    fail("R0020", format!("C.2.r.4 is {qual:?}"));
                }
            }
        }
        // C.3: the sender; organisation (R0022) and every FDA-required part.
        match path(
            event,
            &["subjectOf1", "controlActEvent", "author", "assignedEntity"],
        ) {
            None => fail("GEN-REQ C.3", "no sender".into()),
            Some(s) => {
                let org = all(s, "representedOrganization")
                    .into_iter()
                    .filter_map(|o| child(o, "name"))
                    .next_back();
                if text_of(org).is_empty() {
                    fail("R0022", "C.3.2 sender organisation missing".into());
                }
                for (element, tag) in [
                    ("C.3.4.1", "streetAddressLine"),
                    ("C.3.4.2", "city"),
                    ("C.3.4.3", "state"),
                    ("C.3.4.4", "postalCode"),
                    ("C.3.3.2", "prefix"),
                    ("C.3.3.3", "given"),
                    ("C.3.3.5", "family"),
                ] {
                    if text_of(all(s, tag).into_iter().next()).is_empty() {
                        fail("GEN-REQ FDA C.3", format!("{element} missing"));
                    }
                }
                let telecoms: Vec<&str> = s
                    .children()
                    .filter(|c| is(c, "telecom"))
                    .filter_map(|t| t.attribute("value"))
                    .collect();
                for (element, scheme) in [
                    ("C.3.4.6", "tel:"),
                    ("C.3.4.7", "fax:"),
                    ("C.3.4.8", "mailto:"),
                ] {
                    if !telecoms
                        .iter()
                        .any(|t| t.starts_with(scheme) && t.len() > scheme.len())
                    {
                        fail("GEN-REQ FDA C.3", format!("{element} missing"));
                    }
                }
                if all(s, "location").is_empty() {
                    fail("GEN-REQ FDA C.3", "C.3.4.5 missing".into());
                }
            }
        }
        // D: patient, age pair, history text, race and ethnicity.
        match all(event, "primaryRole")
            .first()
            .and_then(|r| path(*r, &["player1", "name"]))
        {
            Some(n) if n.attribute("nullFlavor").is_some() || !text_of(Some(n)).is_empty() => {}
            _ => fail("GEN-REQ D.1", "patient name or nullFlavor missing".into()),
        }
        for age in observations(event, "3", Some(ICH_OBS)) {
            let v = child(age, "value");
            if v.and_then(|v| v.attribute("value")).is_some()
                != v.and_then(|v| v.attribute("unit")).is_some()
            {
                fail(
                    "R0029/R0030",
                    "D.2.2 age without its unit (or unit alone)".into(),
                );
            }
        }
        let history = observations(event, "18", Some(ICH_OBS));
        if history.is_empty()
            || text_of(history.first().and_then(|h| child(*h, "value"))).is_empty()
        {
            fail("R0035", "D.7.2 history text missing and no D.7.1".into());
        }
        // D.9.2.r: each reported cause with its MedDRA pair and text (R0042–R0044).
        for cause in observations(event, "32", Some(ICH_OBS)) {
            let v = child(cause, "value");
            let code = v.and_then(|v| v.attribute("code"));
            let version = v.and_then(|v| v.attribute("codeSystemVersion"));
            if code.is_some() != version.is_some() {
                fail("R0042/R0043", format!("D.9.2.r.1a/b {version:?} {code:?}"));
            }
            if code.is_some() && text_of(v.and_then(|v| child(v, "originalText"))).is_empty() {
                fail("R0044", "D.9.2.r.2 text missing with a coded cause".into());
            }
        }
        for (code, what) in [
            ("C17049", "FDA.D.11 race"),
            ("C16564", "FDA.D.12 ethnicity"),
        ] {
            if observations(event, code, None).is_empty() {
                fail("GEN-REQ FDA.D.11/12", format!("{what} missing"));
            }
        }
        // E.i: reactions, each coded, with seriousness and outcome.
        let reactions = observations(event, "29", Some(ICH_OBS));
        if reactions.is_empty() {
            fail("GEN-REQ E.i", "no reaction".into());
        }
        let mut versions: Vec<&str> = Vec::new();
        for r in &reactions {
            let value = child(*r, "value");
            let code = value.and_then(|v| v.attribute("code")).unwrap_or("");
            if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
                fail("GEN-REQ E.i.2.1b", format!("MedDRA LLT code {code:?}"));
            }
            let version = value
                .and_then(|v| v.attribute("codeSystemVersion"))
                .unwrap_or("");
            let ok = version.split_once('.').is_some_and(|(a, b)| {
                (1..=2).contains(&a.len())
                    && b.len() == 1
                    && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
            });
            if !ok {
                fail("GEN-REQ E.i.2.1a", format!("MedDRA version {version:?}"));
            }
            if !versions.contains(&version) {
                versions.push(version);
            }
            let verbatim = value.and_then(|v| child(v, "originalText"));
            if verbatim.is_some_and(|t| t.attribute("language").is_none()) {
                fail("R0058", "E.i.1.1b language missing".into());
            }
            if text_of(verbatim).chars().count() > 250 {
                fail("GEN-LEN E.i.1.1a", "longer than 250".into());
            }
            for criterion in ["34", "21", "33", "35", "12", "26"] {
                let v = observations(*r, criterion, Some(ICH_OBS))
                    .first()
                    .and_then(|o| child(*o, "value"));
                let fine = v.is_some_and(|v| {
                    v.attribute("value") == Some("true") || v.attribute("nullFlavor") == Some("NI")
                });
                if !fine {
                    fail(
                        "GEN-REQ E.i.3.2",
                        format!("criterion {criterion} missing, false or wrong nullFlavor"),
                    );
                }
            }
            let outcome = observations(*r, "27", Some(ICH_OBS))
                .first()
                .and_then(|o| child(*o, "value"))
                .and_then(|v| v.attribute("code"));
            if !matches!(outcome, Some("0" | "1" | "2" | "3" | "4" | "5")) {
                fail("GEN-REQ E.i.7", format!("outcome {outcome:?}"));
            }
            if let Some(start) = child(*r, "effectiveTime")
                .and_then(|e| child(e, "low"))
                .and_then(|l| l.attribute("value"))
            {
                if start.len() >= 6 && start[..6] > today[..6] {
                    fail("GEN-DATE E.i.4", format!("{start} is in the future"));
                }
            }
        }
        if versions.len() > 1 {
            fail("ICH one MedDRA version", format!("{versions:?}"));
        }
        // Number–unit pairs and their lengths: E.i.6, G.k.4.r.1/2/6, G.k.9.i.3.
        for (tag, max, element) in [
            ("width", 5, "E.i.6a / G.k.4.r.6a"),
            ("doseQuantity", 8, "G.k.4.r.1a"),
            ("period", 4, "G.k.4.r.2"),
            ("pauseQuantity", 5, "G.k.9.i.3.x"),
        ] {
            for q in all(event, tag) {
                let (value, unit) = (q.attribute("value"), q.attribute("unit"));
                if value.is_some() != unit.is_some() {
                    fail("R0059-R0091 pair", format!("{element}: {value:?} {unit:?}"));
                }
                if value.is_some_and(|v| v.chars().count() > max) {
                    fail(
                        "GEN-LEN",
                        format!("{element} value {value:?} is longer than {max}"),
                    );
                }
            }
        }
        // G.k: product names (the drug's own kindOfProduct, not the dose
        // form's inside a dosage) and lots.
        let products: Vec<Node> = all(event, "kindOfProduct")
            .into_iter()
            .filter(|k| {
                k.ancestors()
                    .filter(|a| is(a, "substanceAdministration"))
                    .count()
                    == 1
            })
            .collect();
        if products.is_empty() {
            fail("GEN-REQ G.k", "no product".into());
        }
        for p in products {
            let name = text_of(child(p, "name"));
            if name.is_empty() || name.chars().count() > 250 {
                fail("GEN-REQ G.k.2.2", format!("product name {name:?}"));
            }
        }
        for lot in all(event, "lotNumberText") {
            if text_of(Some(lot)).chars().count() > 35 {
                fail("GEN-LEN G.k.4.r.7", "lot longer than 35".into());
            }
        }
        // H.1: the narrative.
        let narrative = text_of(child(event, "text"));
        if narrative.is_empty() || narrative.chars().count() > 100_000 {
            fail(
                "GEN-REQ H.1",
                format!("narrative of {} characters", narrative.chars().count()),
            );
        }
    }
    out
}
