//! FHIR R4 and R5 Bundles over HTTP and from `canary export fhir`: each
//! validates with fhir.resources (R4: 6.4.0, R5: 8.x, one venv each, found
//! through CANARY_FHIR_R4_PYTHON / CANARY_FHIR_R5_PYTHON), carries the
//! case's reactions, seriousness, outcome and causality, and a Patient with
//! nothing but sex. Also `canary export e2b` on the command line.

use std::path::Path;

use canary::auth::Role;
use serde_json::Value;

use crate::export_e2b::{code_and_assess, e2b_env, staff, submit_with, xmllint};
use crate::helpers::*;
use crate::staff_helpers::*;

const VALIDATOR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fhir/validate.py");

fn python(version: &str) -> String {
    let var = format!("CANARY_FHIR_{}_PYTHON", version.to_uppercase());
    std::env::var(&var).unwrap_or_else(|_| format!("/opt/canary-fhir/{version}/bin/python"))
}

/// Validate with fhir.resources; returns its "valid …" line.
fn validate(version: &str, path: &Path) -> String {
    let py = python(version);
    let out = std::process::Command::new(&py)
        .arg(VALIDATOR)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("{py} (fhir.resources venv, made by .ci/run) cannot run: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} is not a valid FHIR {version} Bundle:\n{stdout}{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let expect = if version == "r4" {
        "valid 4.0.1"
    } else {
        "valid 5.0.0"
    };
    assert!(stdout.starts_with(expect), "{stdout}");
    stdout
}

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn cli(db: &TestDb, args: &[&str]) -> std::process::Output {
    let mut env = std::collections::HashMap::new();
    e2b_env(&mut env);
    let url = db.url_string();
    let mut pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("CANARY_DATABASE_URL", &url));
    run_canary(args, &pairs, "")
}

both_backends! {
    fhir_bundles_validate_and_carry_the_case => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        code_and_assess(&app, &rev, &case);
        let dir = tempfile::tempdir().unwrap();
        for version in ["r4", "r5"] {
            let resp = app.get_with_cookie(&format!("/review/{case}/export/fhir-{version}.json"), &rev.cookie);
            assert_eq!(resp.status, 200, "{}", resp.body);
            let path = dir.path().join(format!("{version}.json"));
            std::fs::write(&path, &resp.body).unwrap();
            let line = validate(version, &path);
            assert!(line.contains("Patient Substance AdverseEvent AdverseEvent"), "{line}");
            let bundle: Value = serde_json::from_str(&resp.body).unwrap();
            // De-identified: the Patient holds sex only; no region, ZIP or narrative.
            let patients = resources(&bundle, "Patient");
            assert_eq!(patients[0].as_object().unwrap().len(), 2, "{}", patients[0]);
            assert_eq!(patients[0]["gender"], "male");
            for secret in ["Texas", "US-TX", "\"787\"", "two nights in hospital"] {
                assert!(!resp.body.contains(secret), "{secret} leaked into {version}");
            }
            let substance = &resources(&bundle, "Substance")[0]["code"];
            let name = if version == "r4" { &substance["text"] } else { &substance["concept"]["text"] };
            assert!(name.as_str().unwrap().contains("Brand One 7-OH Extra"), "{name}");
            let events = resources(&bundle, "AdverseEvent");
            let term = |e: &Value| {
                let key = if version == "r4" { "event" } else { "code" };
                e[key]["text"].as_str().unwrap().to_owned()
            };
            let mut terms: Vec<String> = events.iter().map(|e| term(e)).collect();
            terms.sort();
            assert_eq!(terms, vec!["Seizure", "Trouble sleeping (insomnia)"]);
            let seizure = events.iter().find(|e| term(e) == "Seizure").unwrap();
            assert_eq!(seizure["seriousness"]["coding"][0]["code"], "serious");
            // The MedDRA LLT with its version; age, every criterion and co-used products kept.
            let concept = if version == "r4" { &seizure["event"] } else { &seizure["code"] };
            let coding = &concept["coding"][0];
            assert_eq!(coding["system"], "http://terminology.hl7.org/CodeSystem/mdr");
            assert_eq!(coding["code"].as_str(), Some(crate::meddra::fictional_code("Seizure").as_str()));
            assert_eq!(coding["version"], "99.0");
            let note = if version == "r4" {
                seizure["extension"][0]["valueString"].as_str().unwrap_or_default().to_owned()
            } else {
                seizure["note"].as_array().unwrap().iter().filter_map(|n| n["text"].as_str()).collect::<Vec<_>>().join(" ")
            };
            for want in ["Age at onset 34 years", "Seriousness criteria: They were admitted to hospital", "Another serious or important medical event", "Also used: ", "Brand Two Maeng Da", "Alcohol"] {
                assert!(note.contains(want), "{version}: {want:?} not in {note:?}");
            }
            let outcome = if version == "r4" { &seizure["outcome"] } else { &seizure["outcome"][0] };
            assert_eq!(outcome["coding"][0]["code"], "recovering");
            let causality = if version == "r4" {
                &seizure["suspectEntity"][0]["causality"][0]["assessment"]
            } else {
                &seizure["suspectEntity"][0]["causality"]["entityRelatedness"]
            };
            assert_eq!(causality["coding"][0]["code"], "probably-likely");
            assert!(resp.body.contains("(score "), "Naranjo missing from {version}");
            assert!(audit_events(&app.db, "export").iter().any(|e| e.entity_id.as_deref() == Some(case.as_str())
                && e.new_value.as_deref() == Some(&format!("fhir-{version}"))));
        }
    };

    command_line_exports_validate_or_name_the_failed_rule => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let good = submit_with(&app, |f| set(f, "narrative", crate::export_e2b::TRICKY));
        let bad = submit_with(&app, |_| {});
        // Imports the fictional release: the uncoded `bad` breaks E.i.2.1b.
        code_and_assess(&app, &rev, &good);
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("good.xml");
        let out = cli(&app.db, &["export", "e2b", "--out", xml.to_str().unwrap(), "--case", &good]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        xmllint(&xml);
        assert!(std::fs::read_to_string(&xml).unwrap().contains(&good));
        let both = dir.path().join("both.xml");
        let out = cli(&app.db, &["export", "e2b", "--out", both.to_str().unwrap(), "--case", &good, "--case", &bad]);
        let err = text(&out.stderr);
        assert!(out.status.success(), "one case could be written: {err}");
        assert!(err.contains(&format!("refused {bad}: E.i.2.1b (FDA rule GEN-REQ)")), "{err}");
        assert!(err.contains("1 case(s) written") && err.contains("1 refused"), "{err}");
        xmllint(&both);
        let refused = dir.path().join("bad.xml");
        let out = cli(&app.db, &["export", "e2b", "--out", refused.to_str().unwrap(), "--case", &bad]);
        assert!(!out.status.success(), "nothing could be written");
        assert!(text(&out.stderr).contains("E.i.2.1b"));
        assert!(!refused.exists(), "a refused export left a file");
        for version in ["r4", "r5"] {
            let json = dir.path().join(format!("{version}.json"));
            let out = cli(&app.db, &["export", "fhir", "--version", version, "--out", json.to_str().unwrap(), "--case", &good, "--case", &bad]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            validate(version, &json);
        }
        // Without --case: every assessed case (the generated ones include some).
        let out = canary(&app.db, &["generate", "--reports", "30", "--seed", "3"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let all = dir.path().join("all.json");
        let out = cli(&app.db, &["export", "fhir", "--version", "r5", "--out", all.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        validate("r5", &all);
        let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&all).unwrap()).unwrap();
        assert!(resources(&bundle, "AdverseEvent").len() >= 2);
        assert!(audit_events(&app.db, "export").iter().any(|e| e.actor_role == "cli"));
    };
}
