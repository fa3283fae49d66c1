//! E2B(R3) downloads over HTTP: every file validates with xmllint against
//! the ICH schema, reads back field by field, carries the reviewer's codes
//! and causality, escapes reporter text, is audited; a case that breaks an
//! FDA rule is refused with the rule named; analysts get 403.

use std::path::{Path, PathBuf};

use canary::auth::Role;
use canary::export::case_loader;
use canary::report::options::{ClosedList, ProductRole};

use crate::helpers::*;
use crate::meddra::fictional_code;
use crate::staff_helpers::*;

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schemas/e2b-r3/multicacheschemas/MCCI_IN200100UV01.xsd"
);
const HL7: &str = "urn:hl7-org:v3";
pub const TRICKY: &str = "Ate 2 < 3 tablets & felt \"odd\" ]]> then 'worse' — café, Größe, 日本";

pub fn e2b_env(env: &mut std::collections::HashMap<String, String>) {
    for (k, v) in [
        ("CANARY_E2B_SENDER_ID", "CANARYTEST"),
        ("CANARY_E2B_ORGANISATION", "Canary Test Service"),
        ("CANARY_E2B_CONTACT_TITLE", "Drug safety officer"),
        ("CANARY_E2B_CONTACT_GIVEN_NAME", "Pat"),
        ("CANARY_E2B_CONTACT_FAMILY_NAME", "Safety"),
        ("CANARY_E2B_STREET", "1 Main St"),
        ("CANARY_E2B_CITY", "Austin"),
        ("CANARY_E2B_STATE", "TX"),
        ("CANARY_E2B_POSTCODE", "78701"),
        ("CANARY_E2B_PHONE", "5125550100"),
        ("CANARY_E2B_FAX", "5125550101"),
        ("CANARY_E2B_EMAIL", "safety@example.org"),
    ] {
        env.insert(k.into(), v.into());
    }
}

pub struct Who {
    pub cookie: String,
    pub csrf: String,
}

pub fn staff(app: &TestApp, role: Role) -> Who {
    let email = format!("{}@example.org", role.code());
    add_user(&app.db, &email, role, PASSWORD);
    let cookie = sign_in(app, &email, PASSWORD);
    let csrf = csrf_of(app, &cookie);
    Who { cookie, csrf }
}

pub fn submit_with(app: &TestApp, change: impl FnOnce(&mut Vec<(String, String)>)) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    change(&mut fields);
    app.submit(&fields).0
}

pub fn post(app: &TestApp, who: &Who, path: &str, fields: &[(&str, &str)]) -> Resp {
    let mut all = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_form_with(path, &[("Cookie", &who.cookie)], &all)
}

/// Code seizure and insomnia to the fictional MedDRA release (imported
/// when it is not yet), and assess product 0.
pub fn code_and_assess(app: &TestApp, who: &Who, case: &str) {
    let status = text(&canary(&app.db, &["meddra", "status"], "").stdout);
    if !status.contains("99.0") {
        crate::meddra::import_fictional(&app.db);
    }
    let (seizure, insomnia) = (fictional_code("Seizure"), fictional_code("Insomnia"));
    let r = post(
        app,
        who,
        &format!("/review/{case}/reactions"),
        &[
            ("rows", "2"),
            ("r0_source", "symptom:seizure"),
            ("r0_term", "seizure"),
            ("r0_meddra", &seizure),
            ("r1_source", "narrative"),
            ("r1_term", "insomnia"),
            ("r1_meddra", &insomnia),
            ("reason", "Checked against the narrative."),
        ],
    );
    assert_eq!(r.status, 303, "coding: {}", r.body);
    let r = post(
        app,
        who,
        &format!("/review/{case}/causality"),
        &[
            ("product", "0"),
            ("c0_event", "term:seizure"),
            ("c0_event_other", ""),
            ("c0_who_umc", "probably-likely"),
            ("c0_q2", "y"),
            ("c0_q3", "y"),
            ("c0_q5", "n"),
            ("c0_q10", "y"),
            ("c0_rationale", "Timing fits; no other cause."),
        ],
    );
    assert_eq!(r.status, 303, "causality: {}", r.body);
    decide(app, who, case, "15-day", "Serious and unexpected.");
}

/// Record the FDA report type (`15-day` or `non-expedited`) on the case page.
pub fn decide(app: &TestApp, who: &Who, case: &str, report_type: &str, reason: &str) {
    let r = post(
        app,
        who,
        &format!("/review/{case}/expedited"),
        &[("report_type", report_type), ("expedited_reason", reason)],
    );
    assert_eq!(r.status, 303, "report type: {}", r.body);
}

/// Validate with xmllint against the ICH schema; panics with its message.
pub fn xmllint(path: &Path) {
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema", SCHEMA])
        .arg(path)
        .output()
        .expect("xmllint is needed (apt-get install libxml2-utils)");
    assert!(
        out.status.success(),
        "{} is not schema-valid:\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn save(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

fn el<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    n.descendants()
        .filter(|d| {
            d.is_element() && d.tag_name().name() == name && d.tag_name().namespace() == Some(HL7)
        })
        .collect()
}

/// The observation whose `code` child has `code`.
fn coded<'a>(n: roxmltree::Node<'a, 'a>, tag: &str, code: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    el(n, tag)
        .into_iter()
        .filter(|o| {
            o.children()
                .any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some(code))
        })
        .collect()
}

fn value_of<'a>(n: roxmltree::Node<'a, 'a>) -> roxmltree::Node<'a, 'a> {
    n.children()
        .find(|c| c.tag_name().name() == "value")
        .unwrap()
}

both_backends! {
    e2b_file_validates_and_reads_back_field_by_field => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |f| set(f, "narrative", TRICKY));
        code_and_assess(&app, &rev, &case);
        let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(resp.status, 200, "{}", resp.body);
        assert!(resp.header("content-disposition").unwrap_or("").contains("e2b-r3.xml"));
        let dir = tempfile::tempdir().unwrap();
        xmllint(&save(dir.path(), "case.xml", &resp.body));

        let file = case_loader::load(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&case).unwrap()).unwrap().unwrap();
        let r = &file.stored.report;
        let doc = roxmltree::Document::parse(&resp.body).unwrap();
        let root = doc.root_element();
        // C.1.1 and the receivers FDA wants.
        let ids: Vec<_> = el(root, "id").into_iter().filter_map(|i| i.attribute("extension")).collect();
        assert!(ids.contains(&format!("US-CANARYTEST-{case}").as_str()), "{ids:?}");
        assert!(ids.contains(&"ZZFDA") && ids.contains(&"CDER"));
        // H.1: the reporter's narrative, escaped going out, exact coming back.
        let narrative = el(root, "text")[0].text().unwrap();
        let stored = r.narrative.as_ref().unwrap().to_string();
        assert!(stored.contains("]]>") && stored.contains('<'), "scrubber changed the test text: {stored}");
        assert!(narrative.contains(&stored), "narrative: {narrative}");
        assert!(!resp.body.contains("2 < 3") && resp.body.contains("2 &lt; 3"));
        // D: sex, age, weight in kg.
        assert_eq!(el(root, "administrativeGenderCode")[0].attribute("code"), Some("1"));
        let age = value_of(coded(root, "observation", "3")[0]);
        assert_eq!((age.attribute("value"), age.attribute("unit")), (Some("34"), Some("a")));
        let weight = value_of(coded(root, "observation", "7")[0]);
        assert_eq!(weight.attribute("value"), Some("81.6"));
        // E.i: the reviewer's terms with the codes chosen in the release.
        let reactions = coded(root, "observation", "29");
        let terms: Vec<(String, Option<String>)> = reactions
            .iter()
            .map(|o| {
                let v = value_of(*o);
                let t = v.children().find(|c| c.tag_name().name() == "originalText").unwrap();
                (t.text().unwrap().to_owned(), v.attribute("code").map(str::to_owned))
            })
            .collect();
        let mut sorted = terms.clone();
        sorted.sort();
        assert_eq!(sorted, vec![
            ("Seizure".to_owned(), Some(fictional_code("Seizure"))),
            ("Trouble sleeping (insomnia)".to_owned(), Some(fictional_code("Insomnia"))),
        ]);
        let seizure = terms.iter().position(|t| t.0 == "Seizure").unwrap();
        assert_eq!(value_of(reactions[seizure]).attribute("codeSystemVersion"), Some("99.0"));
        // C.1.4 / C.1.5 to the day; C.3 sender title and fax.
        let received = file.stored.received_at.format("%Y%m%d").to_string();
        let first = el(root, "low").into_iter().find(|l| l.parent().and_then(|p| p.parent()).map(|p| p.tag_name().name()) == Some("investigationEvent")).unwrap();
        assert_eq!(first.attribute("value"), Some(received.as_str()));
        assert_eq!(el(root, "availabilityTime")[0].attribute("value"), Some(received.as_str()));
        assert_eq!(el(root, "prefix")[0].text(), Some("Drug safety officer"));
        assert!(resp.body.contains("value=\"fax:5125550101\""));
        let low = el(reactions[0], "low")[0].attribute("value");
        assert_eq!(low, Some("202506"));
        // Seriousness: hospitalised and other serious true, the rest NI.
        for (code, serious) in [("34", false), ("21", false), ("33", true), ("35", false), ("12", false), ("26", true)] {
            let v = value_of(coded(reactions[0], "observation", code)[0]);
            if serious {
                assert_eq!(v.attribute("value"), Some("true"), "criterion {code}");
            } else {
                assert_eq!(v.attribute("nullFlavor"), Some("NI"), "criterion {code}");
            }
        }
        let outcome = value_of(coded(reactions[0], "observation", "27")[0]);
        assert_eq!(outcome.attribute("code"), Some("2"));
        // G.k: products (suspect first), names, lot, co-used substances.
        let names: Vec<&str> = el(root, "kindOfProduct")
            .into_iter()
            .flat_map(|k| k.children().filter(|c| c.tag_name().name() == "name").filter_map(|c| c.text()))
            .collect();
        let suspect = r.products.iter().find(|p| p.role == ProductRole::Suspect).unwrap();
        assert_eq!(names[0], suspect.display_name());
        assert!(names.contains(&"Brand Two Maeng Da") && names.contains(&"Alcohol"), "{names:?}");
        let lots: Vec<&str> = el(root, "lotNumberText").into_iter().filter_map(|l| l.text()).collect();
        assert_eq!(lots, vec!["RB-0423-17"]);
        // G.k.9.i.2.r: WHO-UMC and Naranjo results.
        let results: Vec<(String, String)> = coded(root, "causalityAssessment", "39")
            .into_iter()
            .map(|c| {
                let method = el(c, "methodCode")[0].children().find(|x| x.tag_name().name() == "originalText").unwrap();
                (method.text().unwrap().to_owned(), value_of(c).text().unwrap().to_owned())
            })
            .collect();
        assert_eq!(results[0], ("WHO-UMC".to_owned(), "Probable / likely".to_owned()));
        assert_eq!(results[1].0, "Naranjo");
        assert!(results[1].1.contains("(score "), "{:?}", results[1]);
        // Audited, naming the case and the format.
        let events = audit_events(&app.db, "export");
        assert!(events.iter().any(|e| e.entity_id.as_deref() == Some(case.as_str())
            && e.new_value.as_deref() == Some("e2b-r3")), "no export event");
    };

    case_breaking_an_fda_rule_is_refused_and_a_batch_writes_the_others => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        // With a release loaded, an uncoded reaction is a rejection (E.i.2.1b).
        crate::meddra::import_fictional(&app.db);
        let case = submit_with(&app, |_| {});
        let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(resp.status, 422);
        let body = unescape(&resp.body);
        assert!(body.contains("E.i.2.1b") && body.contains("GEN-REQ") && body.contains(&case), "{body}");
        assert!(audit_events(&app.db, "export").is_empty(), "a refused export was audited as made");
        // In a batch the other case is written and the refused one listed.
        let good = submit_with(&app, |_| {});
        code_and_assess(&app, &rev, &good);
        let cases = format!("{good}\n{case}");
        let page = post(&app, &rev, "/review/export/e2b", &[("cases", &cases)]);
        assert!(page.header("content-type").unwrap_or_default().contains("html"), "the refused case is shown first");
        assert!(audit_events(&app.db, "export").is_empty(), "nothing exported before the reviewer accepts");
        let resp = post(&app, &rev, "/review/export/e2b", &[("cases", &cases), ("accept_refusals", "1")]);
        assert_eq!(resp.status, 200, "{}", resp.body);
        assert_eq!(resp.header("canary-refused-cases"), Some(case.as_str()));
        let doc = roxmltree::Document::parse(&resp.body).unwrap();
        assert_eq!(el(doc.root_element(), "PORR_IN049016UV").len(), 1);
        assert!(resp.body.contains(&format!("{case}: E.i.2.1b (GEN-REQ)")), "the comment lists the refusal");
        let dir = tempfile::tempdir().unwrap();
        xmllint(&save(dir.path(), "batch.xml", &resp.body));
        let exported: Vec<_> = audit_events(&app.db, "export").into_iter().filter_map(|e| e.entity_id).collect();
        assert_eq!(exported, vec![good], "only the written case is audited as exported");
    };

    unconfigured_sender_is_refused_and_analysts_get_403 => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(resp.status, 422);
        let body = unescape(&resp.body);
        for rule in ["R0100", "R0022", "C.3.4.8"] {
            assert!(body.contains(rule), "{rule} not named: {body}");
        }
        let analyst = staff(&app, Role::Analyst);
        for path in ["e2b.xml", "fhir-r4.json", "fhir-r5.json"] {
            let resp = app.get_with_cookie(&format!("/review/{case}/export/{path}"), &analyst.cookie);
            assert_eq!(resp.status, 403, "{path}");
        }
        let resp = post(&app, &analyst, "/review/export/e2b", &[("cases", &case)]);
        assert_eq!(resp.status, 403);
    };

    generated_reports_all_validate_or_are_refused_for_a_named_rule => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let out = canary(&app.db, &["generate", "--reports", "40", "--seed", "7"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut conn = app.db.connect();
        let cases: Vec<String> = {
            use canary::db::schema::reports;
            use diesel::prelude::*;
            reports::table.select(reports::case_number).order(reports::case_number).load(&mut conn).unwrap()
        };
        assert_eq!(cases.len(), 40);
        let dir = tempfile::tempdir().unwrap();
        let mut good = Vec::new();
        for c in &cases {
            if case_loader::load(&mut conn, &canary::ids::CaseNumber::parse(c).unwrap()).unwrap().unwrap().report_type.is_none() {
                // The FDA report type is a reviewer's decision (FDA.C.1.7.1).
                let refused = app.get_with_cookie(&format!("/review/{c}/export/e2b.xml"), &rev.cookie);
                assert_eq!(refused.status, 422, "{c}: exported without a report type");
                assert!(refused.body.contains("FDA.C.1.7.1"), "{c}: rule not named");
                decide(&app, &rev, c, "non-expedited", "Decided for the export check.");
            }
            let file = case_loader::load(&mut conn, &canary::ids::CaseNumber::parse(c).unwrap()).unwrap().unwrap();
            let resp = app.get_with_cookie(&format!("/review/{c}/export/e2b.xml"), &rev.cookie);
            let r = &file.stored.report;
            let no_reaction = file.codings.is_empty() && file.causality.is_empty() && r.symptoms.is_empty()
                && r.withdrawal.is_empty() && r.symptoms_other.is_none();
            if no_reaction {
                assert_eq!(resp.status, 422, "{c}");
                assert!(resp.body.contains("<td>E.i</td>"), "{c}: E.i not named");
                continue;
            }
            if r.country == canary::report::options::Country::Other {
                // "Don't know" is no country: FDA needs the primary reporter's (R0019).
                assert_eq!(resp.status, 422, "{c}");
                assert!(resp.body.contains("R0019"), "{c}: R0019 not named");
                continue;
            }
            assert_eq!(resp.status, 200, "{c}: {}", resp.body);
            xmllint(&save(dir.path(), &format!("{c}.xml"), &resp.body));
            let doc = roxmltree::Document::parse(&resp.body).unwrap();
            let reactions = coded(doc.root_element(), "observation", "29").len();
            assert!(reactions >= 1, "{c} has no reaction");
            let drugs = coded(doc.root_element(), "causalityAssessment", "20").len();
            let co_used = r.co_used.iter().filter(|x| x.code() != "unknown").count();
            assert_eq!(drugs, r.products.len() + co_used, "{c}");
            good.push(c.clone());
        }
        assert!(good.len() >= 20, "only {} of 40 exportable", good.len());
        let resp = post(&app, &rev, "/review/export/e2b", &[("cases", &good.join("\n"))]);
        assert_eq!(resp.status, 200, "{}", resp.body);
        let path = save(dir.path(), "batch.xml", &resp.body);
        xmllint(&path);
        let doc = roxmltree::Document::parse(&resp.body).unwrap();
        assert_eq!(el(doc.root_element(), "PORR_IN049016UV").len(), good.len());
    };

    check_57_e2b_with_lt_amp_cdata_end_and_u0001_parses_strictly_and_validates => |backend| {
        use canary::db::schema::{report_products, reports};
        use diesel::prelude::*;
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |f| set(f, "narrative", TRICKY));
        // The public form refuses U+0001 (check 12), so it is written
        // through the database layer, as an imported or older row could
        // hold it: into the narrative and into a product's brand.
        let narrative = format!("{TRICKY} \u{1}end of text");
        {
            let mut conn = app.db.connect();
            let id: String = reports::table.filter(reports::case_number.eq(&case)).select(reports::id).first(&mut conn).unwrap();
            diesel::update(reports::table.filter(reports::id.eq(&id)))
                .set(reports::narrative.eq(&narrative))
                .execute(&mut conn).unwrap();
            let n = diesel::update(report_products::table.filter(report_products::report_id.eq(&id)))
                .set(report_products::brand.eq("Brand\u{1} <One> & ]]>"))
                .execute(&mut conn).unwrap();
            assert!(n >= 1);
        }
        code_and_assess(&app, &rev, &case);
        let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(resp.status, 200, "{}", resp.body);
        for bad in ["\u{1}", "&#1;", "&#x1;", "&#01;"] {
            assert!(!resp.body.contains(bad), "{bad:?} in the file");
        }
        // roxmltree is a strict parser: any unescaped `<`, `&` or a control
        // character is an error.
        let doc = roxmltree::Document::parse(&resp.body).expect("well-formed XML");
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.iter().any(|t| t.contains("2 < 3 tablets & felt") && t.contains("]]> then") && t.contains("end of text")), "narrative lost");
        assert!(texts.iter().any(|t| t.contains("Brand <One> & ]]>")), "brand lost: {texts:?}");
        let dir = tempfile::tempdir().unwrap();
        xmllint(&save(dir.path(), "case.xml", &resp.body));
    };

    check_58_every_export_is_an_attachment_with_a_server_generated_name => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let admin = staff(&app, Role::Admin);
        let case = submit_with(&app, |_| {});
        code_and_assess(&app, &admin, &case);
        let m = chrono::Utc::now().format("%Y-%m").to_string();
        // Parameters a client might try to steer the name or type with.
        let odd = "filename=evil.html&name=..%2F..%2Fetc%2Fpasswd&format=html&download=0&ext=.exe&x=%22%0D%0AX-Injected%3A%201";
        let get = |path: &str| app.get_with_cookie(&format!("{path}?{odd}"), &admin.cookie);
        let post_to = |path: &str, fields: &[(&str, &str)]| post(&app, &admin, &format!("{path}?{odd}"), fields);
        let summary_q = format!("from={m}&to={m}&{odd}");
        let cases: Vec<(&str, Resp, String)> = vec![
            ("CSV zip", post_to("/analysis/export/csv", &[("profile", "safe-harbor"), ("filename", "evil.html")]),
                r"canary-analyst-safe-harbor-\d{8}-\d{6}\.zip".to_owned()),
            ("CAERS CSV", post_to("/analysis/export/caers", &[("profile", "safe-harbor"), ("filename", "evil.html")]),
                r"canary-caers-safe-harbor-\d{8}-\d{6}\.csv".to_owned()),
            ("E2B", get(&format!("/review/{case}/export/e2b.xml")), format!("{case}-e2b-r3\\.xml")),
            ("E2B batch", post_to("/review/export/e2b", &[("cases", &case), ("filename", "evil.html")]),
                r"canary-e2b-r3-batch-1\.xml".to_owned()),
            ("FHIR R4", get(&format!("/review/{case}/export/fhir-r4.json")), format!("{case}-fhir-r4\\.json")),
            ("FHIR R5", get(&format!("/review/{case}/export/fhir-r5.json")), format!("{case}-fhir-r5\\.json")),
            ("MedWatch PDF", get(&format!("/review/{case}/medwatch.pdf")), format!("{case}-medwatch-3500b\\.pdf")),
            ("poison-center PDF", get(&format!("/review/{case}/poison-center.pdf")), format!("{case}-poison-center\\.pdf")),
            ("summary CSV", app.get_with_cookie(&format!("/analysis/summary.csv?{summary_q}"), &admin.cookie),
                format!("canary-summary-{m}-{m}\\.csv")),
            ("summary PDF", app.get_with_cookie(&format!("/analysis/summary.pdf?{summary_q}"), &admin.cookie),
                format!("canary-summary-{m}-{m}\\.pdf")),
        ];
        for (what, resp, name) in &cases {
            assert_eq!(resp.status, 200, "{what}: {}", resp.body);
            let cd = resp.header("content-disposition").unwrap_or_default();
            let re = regex::Regex::new(&format!("^attachment; filename=\"{name}\"$")).unwrap();
            assert!(re.is_match(cd), "{what}: {cd:?} is not attachment; filename=\"{name}\"");
            assert!(resp.header("x-injected").is_none(), "{what}");
            let kind = resp.header("content-type").unwrap_or_default();
            assert!(!kind.contains("html"), "{what}: served as {kind}");
        }
    };
}
