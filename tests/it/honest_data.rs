//! Generated data a reviewer could have stored, and pages that survive the
//! data they cannot read: `canary generate` with the FICTIONAL MedDRA
//! release loaded stores only terms, sources and causality events the
//! reviewer screens store, coded with the release; synthetic cases say so in
//! the MedWatch sheet, FHIR (`meta.tag` HTEST) and the E2B narrative; a
//! damaged coded-reaction row gives the reactions and causality pages 200
//! with a message naming it, never a 500.

use canary::auth::Role;
use canary::db::schema::{causality_assessments, coded_reactions, reports, users};
use canary::report::options::ClosedList;
use canary::review::coding::CodingSource;
use canary::review::terms::ReactionTerm;
use diesel::prelude::*;

use crate::export_e2b::{e2b_env, staff, submit_with};
use crate::helpers::*;
use crate::meddra::import_fictional;
use crate::staff_helpers::*;

both_backends! {
    generated_cases_store_what_the_screens_store_coded_with_the_release => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        import_fictional(&app.db);
        let out = canary(&app.db, &["generate", "--reports", "150", "--seed", "20"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut conn = app.db.connect();
        let rows: Vec<(String, String, Option<String>, Option<String>)> = coded_reactions::table
            .select((coded_reactions::term, coded_reactions::source, coded_reactions::meddra_code, coded_reactions::meddra_version))
            .load(&mut conn).unwrap();
        assert!(rows.len() >= 20, "only {} coded reactions", rows.len());
        let llts = String::from_utf8_lossy(&std::fs::read(format!("{}/llt.asc", crate::meddra::FICTIONAL)).unwrap()).into_owned();
        for (term, source, code, version) in &rows {
            assert!(ReactionTerm::from_code(term).is_some(), "term {term:?} is not on the list");
            assert!(CodingSource::parse(source).is_some(), "source {source:?} does not parse");
            let code = code.as_deref().unwrap_or_else(|| panic!("{term} uncoded"));
            assert!(llts.contains(&format!("\r\n{code}$")) || llts.starts_with(&format!("{code}$")), "{code} is not in the release");
            assert_eq!(version.as_deref(), Some("99.0"));
        }
        let events: Vec<String> = causality_assessments::table.select(causality_assessments::event_assessed).load(&mut conn).unwrap();
        assert!(!events.is_empty());
        for e in &events {
            let code = e.strip_prefix("term:").unwrap_or_else(|| panic!("event {e:?} without term:"));
            assert!(ReactionTerm::from_code(code).is_some(), "{e}");
        }

        // Synthetic cases say so in every sheet and file.
        let rev = staff(&app, Role::Reviewer);
        // A coded (so exportable) synthetic case.
        let coded: String = coded_reactions::table.select(coded_reactions::report_id).first(&mut conn).unwrap();
        let (case, synthetic): (String, bool) = reports::table.filter(reports::id.eq(&coded)).select((reports::case_number, reports::synthetic)).first(&mut conn).unwrap();
        assert!(synthetic);
        let sheet = app.get_with_cookie(&format!("/review/{case}/medwatch"), &rev.cookie);
        assert!(sheet.body.contains("id=\"synthetic-banner\"") && sheet.body.contains("SYNTHETIC TEST CASE"), "{}", sheet.body);
        let fhir = app.get_with_cookie(&format!("/review/{case}/export/fhir-r4.json"), &rev.cookie);
        let bundle: serde_json::Value = serde_json::from_str(&fhir.body).unwrap();
        let tagged = bundle["entry"].as_array().unwrap().iter()
            .filter(|e| e["resource"]["resourceType"] == "AdverseEvent")
            .all(|e| e["resource"]["meta"]["tag"][0]["code"] == "HTEST");
        assert!(tagged, "{}", fhir.body);
        let xml = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(xml.status, 200, "{}", xml.body);
        assert!(xml.body.contains("SYNTHETIC TEST REPORT"));
    };

    a_damaged_coded_reaction_row_is_named_not_a_500 => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let mut conn = app.db.connect();
        let id: String = reports::table.filter(reports::case_number.eq(&case)).select(reports::id).first(&mut conn).unwrap();
        let someone: String = users::table.select(users::id).first(&mut conn).unwrap();
        diesel::insert_into(coded_reactions::table).values((
            coded_reactions::id.eq("damaged-row-1"),
            coded_reactions::report_id.eq(&id),
            coded_reactions::term.eq("confusional_state"),
            coded_reactions::source.eq("confusion"),
            coded_reactions::coded_by.eq(&someone),
            coded_reactions::coded_at.eq(canary::db::now()),
        )).execute(&mut conn).unwrap();
        for page in ["reactions", "causality"] {
            let resp = app.get_with_cookie(&format!("/review/{case}/{page}"), &rev.cookie);
            assert_eq!(resp.status, 200, "{page}: {}", resp.body);
            let body = unescape(&resp.body);
            assert!(body.contains("1 stored coded reaction could not be read"), "{page}: {body}");
            assert!(body.contains("term “confusional_state” read from “confusion”"), "{page}: {body}");
        }
        let xml = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert!(!xml.body.contains("confusional_state"), "a damaged row is never sent");
    };
}
