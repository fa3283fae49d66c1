//! The whole path an operator takes: import the FICTIONAL MedDRA release,
//! generate 600 cases (coded with it by the synthetic reviewer), export
//! every assessed case from the command line. The file is schema-valid,
//! FDA's rules as read by the test-side checker (`e2b_rules`) reject
//! nothing, at most 2% of the cases are refused and each refusal names a
//! rule; and each reaction reads back with the code, version, seriousness,
//! outcome and start date stored for it.

use std::collections::HashMap;

use canary::export::e2b::model;
use canary::export::{case, case_loader};
use canary::report::options::{ClosedList, Outcome};
use roxmltree::{Document, Node};

use crate::e2b_rules::rejections;
use crate::export_e2b::{e2b_env, xmllint};
use crate::helpers::*;
use crate::meddra::import_fictional;
use crate::staff_helpers::*;

const HL7: &str = "urn:hl7-org:v3";

fn cli(db: &TestDb, args: &[&str]) -> std::process::Output {
    let mut env = HashMap::new();
    e2b_env(&mut env);
    let url = db.url_string();
    let mut pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("CANARY_DATABASE_URL", &url));
    run_canary(args, &pairs, "")
}

fn kids<'a>(n: Node<'a, 'a>, name: &str) -> Vec<Node<'a, 'a>> {
    n.descendants()
        .filter(|d| {
            d.is_element() && d.tag_name().name() == name && d.tag_name().namespace() == Some(HL7)
        })
        .collect()
}

fn obs<'a>(n: Node<'a, 'a>, code: &str) -> Option<Node<'a, 'a>> {
    kids(n, "observation").into_iter().find(|o| {
        o.children()
            .any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some(code))
    })
}

fn value<'a>(n: Node<'a, 'a>) -> Node<'a, 'a> {
    n.children()
        .find(|c| c.tag_name().name() == "value")
        .unwrap()
}

both_backends! {
    six_hundred_generated_cases_export_with_no_rejection_and_read_back => |backend| {
        // Only `serve`, `generate` and `user add` create a database.
        let app = TestApp::spawn(backend).unwrap();
        let db = &app.db;
        import_fictional(db);
        let out = canary(db, &["generate", "--reports", "600", "--seed", "16"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let assessed = canary::db::interchange::assessed_cases(&mut db.connect()).unwrap();
        assert!(assessed.len() >= 60, "only {} assessed", assessed.len());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("all.xml");
        let out = cli(db, &["export", "e2b", "--out", file.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert!(out.status.success(), "{err}");
        xmllint(&file);
        let xml = std::fs::read_to_string(&file).unwrap();
        let today = chrono::Utc::now().format("%Y%m%d").to_string();
        let found = rejections(&xml, &today);
        assert!(found.is_empty(), "{} rejections, first: {:?}", found.len(), &found[..found.len().min(5)]);

        let refused: Vec<&str> = err.lines().filter(|l| l.starts_with("refused ")).collect();
        for line in &refused {
            assert!(line.contains("(FDA rule "), "a refusal without its rule: {line}");
        }
        let mut refused_cases: Vec<&str> = refused.iter().filter_map(|l| l.split(' ').nth(1)).map(|c| c.trim_end_matches(':')).collect();
        refused_cases.dedup();
        assert!(refused_cases.len() * 50 <= assessed.len(), "{} of {} refused: {refused:?}", refused_cases.len(), assessed.len());
        eprintln!("e2b batch: {} assessed, {} refused: {refused:?}", assessed.len(), refused_cases.len());

        // Round trip: every written case, every reaction, as stored.
        let doc = Document::parse(&xml).unwrap();
        let messages: Vec<Node> = kids(doc.root_element(), "PORR_IN049016UV");
        assert_eq!(messages.len(), assessed.len() - refused_cases.len());
        let mut conn = db.connect();
        let mut checked = 0;
        let mut deaths = 0;
        for m in messages {
            let event = kids(m, "investigationEvent")[0];
            let id = event.children().find(|c| c.tag_name().name() == "id").unwrap().attribute("extension").unwrap();
            let number = id.rsplit("CANARYTEST-").next().unwrap();
            let stored = case_loader::load(&mut conn, &canary::ids::CaseNumber::parse(number).unwrap()).unwrap().unwrap();
            let serious = stored.seriousness();
            let outcome = model_outcome(&stored);
            // C.1.7 follows the synthetic reviewer's decision (its proposal).
            let decided = stored.report_type.unwrap_or_else(|| panic!("{number}: no report type"));
            assert_eq!(decided.expedited(), !serious.is_empty(), "{number}: 15-day when serious");
            let c_1_7 = kids(event, "observationEvent").into_iter()
                .find(|o| o.children().any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some("23")))
                .unwrap();
            assert_eq!(value(c_1_7).attribute("value") == Some("true"), decided.expedited(), "{number}: C.1.7");
            let reactions: Vec<Node> = kids(event, "observation").into_iter().filter(|o| {
                o.children().any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some("29"))
            }).collect();
            assert_eq!(reactions.len(), stored.codings.len(), "{number}: one E.i per coded reaction");
            let died = serious.contains(&Outcome::Death) || outcome == "5";
            assert_eq!(!kids(event, "deceasedTime").is_empty(), died, "{number}: D.9 when the patient died");
            if died {
                deaths += 1;
            }
            for coding in &stored.codings {
                let label = canary::review::terms::ReactionTerm::from_code(&coding.term).unwrap().label();
                let r = reactions.iter().find(|r| {
                    kids(**r, "originalText").first().and_then(|t| t.text()) == Some(label)
                }).unwrap_or_else(|| panic!("{number}: {label} not sent"));
                let v = value(*r);
                assert_eq!(v.attribute("code"), coding.meddra_code.as_deref(), "{number} {label}");
                assert_eq!(v.attribute("codeSystemVersion"), coding.meddra_version.as_deref());
                for (criterion, code) in [(Outcome::Death, "34"), (Outcome::LifeThreatening, "21"), (Outcome::Hospitalised, "33"), (Outcome::Disability, "35"), (Outcome::BirthDefect, "12"), (Outcome::OtherSerious, "26")] {
                    let sent = value(obs(*r, code).unwrap());
                    assert_eq!(sent.attribute("value") == Some("true"), serious.contains(&criterion), "{number} {label} {code}");
                }
                assert_eq!(value(obs(*r, "27").unwrap()).attribute("code"), Some(outcome), "{number} {label}");
                let start = kids(*r, "low").first().and_then(|l| l.attribute("value")).map(str::to_owned);
                assert_eq!(start, stored.stored.report.onset.map(model::month), "{number} {label}");
                checked += 1;
            }
        }
        assert!(checked >= 60, "only {checked} reactions compared");
        eprintln!("e2b batch: {checked} reactions compared, {deaths} deaths with D.9");
    };

    each_reaction_carries_its_own_seriousness_outcome_and_dates => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        import_fictional(&app.db);
        let rev = crate::export_e2b::staff(&app, canary::auth::Role::Reviewer);
        let case = crate::export_e2b::submit_with(&app, |_| {});
        let (seizure, insomnia) = (crate::meddra::fictional_code("Seizure"), crate::meddra::fictional_code("Insomnia"));
        let path = format!("/review/{case}/reactions");
        let form = |end: &'static str| vec![
            ("rows", "2"),
            ("r0_source", "symptom:seizure"), ("r0_term", "seizure"), ("r0_meddra", seizure.as_str()),
            ("r0_s_death", "on"), ("r0_outcome", "died"), ("r0_start", "2025-06"), ("r0_end", "2025-07"),
            ("r1_source", "narrative"), ("r1_term", "insomnia"), ("r1_meddra", insomnia.as_str()),
            ("r1_outcome", "recovered"), ("r1_start", "2025-05"), ("r1_end", end),
            ("reason", "Each reaction as the narrative tells it."),
        ];
        let bad = crate::export_e2b::post(&app, &rev, &path, &form("2025-04"));
        assert_eq!(bad.status, 422);
        let body = unescape(&bad.body);
        assert!(body.contains("The reaction cannot end before it started."), "{body}");
        assert!(body.contains(r#"value="2025-04""#) && body.contains(r#"name="r0_s_death" value="on" checked"#), "answers kept");
        let saved = crate::export_e2b::post(&app, &rev, &path, &form(""));
        assert_eq!(saved.status, 303, "{}", saved.body);
        let page = app.get_with_cookie(&path, &rev.cookie).body;
        assert_eq!(page.matches(r#"_s_death" value="on" checked"#).count(), 1, "the death criterion is on the seizure only");
        crate::export_e2b::decide(&app, &rev, &case, "15-day", "Serious and unexpected.");
        let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(resp.status, 200, "{}", resp.body);
        let today = chrono::Utc::now().format("%Y%m%d").to_string();
        assert_eq!(rejections(&resp.body, &today), vec![]);
        let doc = Document::parse(&resp.body).unwrap();
        let reactions: Vec<Node> = kids(doc.root_element(), "observation").into_iter()
            .filter(|o| o.children().any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some("29")))
            .collect();
        let find = |code: &str| *reactions.iter().find(|r| value(**r).attribute("code") == Some(code)).unwrap();
        for (r, death, outcome, low, high) in [(find(&seizure), true, "5", "202506", Some("202507")), (find(&insomnia), false, "1", "202505", None)] {
            assert_eq!(value(obs(r, "34").unwrap()).attribute("value") == Some("true"), death);
            assert_eq!(value(obs(r, "33").unwrap()).attribute("nullFlavor"), Some("NI"), "the case's hospital stay is not this reaction's");
            assert_eq!(value(obs(r, "27").unwrap()).attribute("code"), Some(outcome));
            assert_eq!(kids(r, "low")[0].attribute("value"), Some(low));
            assert_eq!(kids(r, "high").first().and_then(|h| h.attribute("value")), high);
        }
    };

    a_death_rechallenge_dont_know_and_seven_doses_a_day_mean_what_was_reported => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = crate::export_e2b::staff(&app, canary::auth::Role::Reviewer);
        let case = crate::export_e2b::submit_with(&app, |f| {
            set(f, "out_death", "on");
            set(f, "current_state", "died");
            set(f, "rechallenge", "unknown");
            set(f, "p0_doses_per_day", "7");
        });
        crate::export_e2b::code_and_assess(&app, &rev, &case);
        let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(resp.status, 200, "{}", resp.body);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("death.xml");
        std::fs::write(&path, &resp.body).unwrap();
        xmllint(&path);
        let today = chrono::Utc::now().format("%Y%m%d").to_string();
        assert_eq!(rejections(&resp.body, &today), vec![]);
        let doc = Document::parse(&resp.body).unwrap();
        let root = doc.root_element();
        // D.9: no date known (UNK), the coded reactions as reported causes.
        let died = kids(root, "deceasedTime");
        assert_eq!(died.len(), 1);
        assert_eq!(died[0].attribute("nullFlavor"), Some("UNK"));
        let causes: Vec<(String, String)> = kids(root, "observation").into_iter()
            .filter(|o| o.children().any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some("32")))
            .map(|o| {
                let v = value(o);
                (v.attribute("code").unwrap().to_owned(), kids(v, "originalText")[0].text().unwrap().to_owned())
            })
            .collect();
        let mut causes = causes;
        causes.sort();
        assert_eq!(causes, vec![
            (crate::meddra::fictional_code("Seizure"), "Seizure".to_owned()),
            (crate::meddra::fictional_code("Insomnia"), "Trouble sleeping (insomnia)".to_owned()),
        ]);
        // Rechallenge "don't know": no G.k.9.i.4 (observation 31).
        assert!(obs(root, "31").is_none(), "recurrence sent for don't know");
        // Seven doses a day: every 206 minutes, not 3.429 hours.
        let period = kids(root, "period");
        assert!(period.iter().any(|p| p.attribute("value") == Some("206") && p.attribute("unit") == Some("min")),
            "{:?}", period.iter().map(|p| (p.attribute("value"), p.attribute("unit"))).collect::<Vec<_>>());
    };
}

/// E.i.7 as the reporter's latest answer means it (ICH codes 0–5).
fn model_outcome(c: &case::CaseFile) -> &'static str {
    use canary::report::options::CurrentState as S;
    match model::latest_state(c) {
        S::Recovered => "1",
        S::Recovering => "2",
        S::NotRecovered => "3",
        S::LastingEffects => "4",
        S::Died => "5",
        S::Unknown => "0",
    }
}
