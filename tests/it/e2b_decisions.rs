//! The reviewer's part of an E2B batch: the FDA report type is decided on
//! the case page (refused until then, reviewers only, audited, in
//! History) and the file's C.1.7 / FDA.C.1.7.1 follow each decision; a
//! web batch with a refused case shows it first and downloads the others.

use canary::auth::Role;
use roxmltree::{Document, Node};

use crate::export_e2b::{code_and_assess, decide, e2b_env, post, staff, submit_with, xmllint};
use crate::helpers::*;
use crate::staff_helpers::*;

const HL7: &str = "urn:hl7-org:v3";

/// (C.1.7 value, FDA.C.1.7.1 code) of the only message in `xml`.
fn report_type(xml: &str) -> (String, String) {
    let doc = Document::parse(xml).unwrap();
    let value_of = |code: &str| -> Node {
        let obs = doc
            .descendants()
            .filter(|n| {
                n.tag_name().name() == "observationEvent" && n.tag_name().namespace() == Some(HL7)
            })
            .find(|o| {
                o.children()
                    .any(|c| c.tag_name().name() == "code" && c.attribute("code") == Some(code))
            })
            .unwrap_or_else(|| panic!("no observation {code}"));
        obs.children()
            .find(|c| c.tag_name().name() == "value")
            .unwrap()
    };
    (
        value_of("23").attribute("value").unwrap().to_owned(),
        value_of("C54588").attribute("code").unwrap().to_owned(),
    )
}

fn validated(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.xml");
    std::fs::write(&path, xml).unwrap();
    xmllint(&path);
}

/// The `value` of the hidden input `name` in a page.
fn hidden(body: &str, name: &str) -> String {
    let re = regex::Regex::new(&format!(r#"type="hidden" name="{name}" value="([^"]*)""#)).unwrap();
    re.captures(body)
        .unwrap_or_else(|| panic!("no hidden {name}"))[1]
        .to_owned()
}

/// The message ids (N.2.r.1) of a batch file.
fn messages(xml: &str) -> Vec<String> {
    let doc = Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "PORR_IN049016UV")
        .filter_map(|m| m.children().find(|c| c.tag_name().name() == "id"))
        .filter_map(|id| id.attribute("extension").map(str::to_owned))
        .collect()
}

both_backends! {
    the_fda_report_type_is_a_reviewers_decision_and_the_file_follows_it => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let analyst = staff(&app, Role::Analyst);
        // Hospitalisation reported: serious, so Canary proposes 15-day.
        let case = submit_with(&app, |_| {});
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).body;
        let form = page.split(&format!(r#"action="/review/{case}/expedited""#)).nth(1).expect("the report-type form").split("</form>").next().unwrap();
        assert!(form.contains(&format!(r#"name="csrf" value="{}""#, rev.csrf)), "CSRF token in the form");
        assert!(form.contains(r#"value="15-day" checked"#), "the proposal is preselected: {form}");
        assert!(unescape(&page).contains("Not decided: E2B(R3) files refuse this case"), "{page}");

        // Nobody decided: the pre-check refuses with the rule and a plain reason.
        let export = format!("/review/{case}/export/e2b.xml");
        let refused = app.get_with_cookie(&export, &rev.cookie);
        assert_eq!(refused.status, 422, "{}", refused.body);
        let body = unescape(&refused.body);
        assert!(body.contains("FDA.C.1.7.1") && body.contains("No reviewer has decided whether this is a 15-day report"), "{body}");

        // Analysts read the case but cannot decide; a missing token is refused.
        let seen = app.get_with_cookie(&format!("/review/{case}"), &analyst.cookie);
        assert_eq!(seen.status, 200);
        assert!(!seen.body.contains("/expedited\""), "analysts get no form");
        let denied = post(&app, &analyst, &format!("/review/{case}/expedited"), &[("report_type", "15-day")]);
        assert_eq!(denied.status, 403);
        let forged = app.post_form_with(&format!("/review/{case}/expedited"), &[("Cookie", &rev.cookie)], &[("report_type", "15-day")]);
        assert_eq!(forged.status, 403);
        assert!(audit_events(&app.db, "expedited").is_empty(), "a refused decision was recorded");
        assert_eq!(app.get_with_cookie(&export, &rev.cookie).status, 422, "still undecided");

        // Going against the proposal needs a reason; the answer is kept.
        let bare = post(&app, &rev, &format!("/review/{case}/expedited"), &[("report_type", "non-expedited"), ("expedited_reason", "")]);
        assert_eq!(bare.status, 422);
        assert!(unescape(&bare.body).contains("say why it is not expedited"), "{}", bare.body);
        assert!(bare.body.contains(r#"value="non-expedited" checked"#));

        // Confirming the proposal: 15-day, C.1.7 true.
        decide(&app, &rev, &case, "15-day", "");
        let file = app.get_with_cookie(&export, &rev.cookie);
        assert_eq!(file.status, 200, "{}", file.body);
        validated(&file.body);
        assert_eq!(report_type(&file.body), ("true".to_owned(), "1".to_owned()));

        // Overriding it with a reason: non-expedited, C.1.7 false.
        let reason = "Reaction listed on the label; goes in the periodic report.";
        decide(&app, &rev, &case, "non-expedited", reason);
        let file = app.get_with_cookie(&export, &rev.cookie);
        assert_eq!(file.status, 200, "{}", file.body);
        validated(&file.body);
        assert_eq!(report_type(&file.body), ("false".to_owned(), "2".to_owned()));

        // Both decisions are in the audit trail and the case's History.
        let events: Vec<(Option<String>, Option<String>, Option<String>)> = audit_events(&app.db, "expedited")
            .into_iter()
            .filter(|e| e.entity_id.as_deref() == Some(case.as_str()))
            .map(|e| (e.old_value, e.new_value, e.reason))
            .collect();
        assert_eq!(events, vec![
            (None, Some("15-day".to_owned()), None),
            (Some("15-day".to_owned()), Some("non-expedited".to_owned()), Some(reason.to_owned())),
        ]);
        let page = unescape(&app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).body);
        let history = page.split("id=\"history\"").nth(1).unwrap();
        assert!(history.contains("Decided the FDA report type: 15-day expedited report (was not decided)"), "{history}");
        assert!(history.contains(&format!("Decided the FDA report type: Not expedited (non-expedited report) (was 15-day expedited report) — reason: {reason}")), "{history}");
        assert!(page.contains("Decided: <strong>Not expedited (non-expedited report)</strong>, by reviewer@example.org"), "{page}");
    };

    a_web_batch_shows_its_refused_case_and_downloads_the_others => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let (first, second) = (submit_with(&app, |_| {}), submit_with(&app, |_| {}));
        code_and_assess(&app, &rev, &first);
        code_and_assess(&app, &rev, &second);
        // With the release loaded, an uncoded reaction is refused (E.i.2.1b).
        let bad = submit_with(&app, |_| {});
        decide(&app, &rev, &bad, "15-day", "");
        let id = |c: &str| format!("US-CANARYTEST-{c}");

        let cases = format!("{first}\n{bad}\n{second}");
        let page = post(&app, &rev, "/review/export/e2b", &[("cases", &cases)]);
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.header("content-type").unwrap_or_default().contains("text/html"));
        assert!(page.header("content-disposition").is_none(), "no file yet");
        let body = unescape(&page.body);
        let table = body.split("id=\"refused-cases\"").nth(1).unwrap().split("</table>").next().unwrap();
        assert!(table.contains(&format!(">{bad}</a></td><td>E.i.2.1b</td><td>GEN-REQ</td><td>")) && table.contains("reaction(s) have no MedDRA code"), "{table}");
        assert!(!table.contains(&first) && !table.contains(&second), "only the refused case is listed");
        assert!(body.contains("Download the file with 2 cases"), "{body}");
        assert!(audit_events(&app.db, "export").is_empty(), "nothing exported yet");

        // The page's form re-posts the same cases with the accept flag.
        assert_eq!(hidden(&page.body, "csrf"), rev.csrf);
        assert_eq!(hidden(&page.body, "accept_refusals"), "1");
        let again = hidden(&page.body, "cases");
        let forged = app.post_form_with("/review/export/e2b", &[("Cookie", &rev.cookie)], &[("cases", again.as_str()), ("accept_refusals", "1")]);
        assert_eq!(forged.status, 403, "the form needs its CSRF token");
        let file = post(&app, &rev, "/review/export/e2b", &[("cases", &again), ("accept_refusals", "1")]);
        assert_eq!(file.status, 200, "{}", file.body);
        assert!(file.header("content-disposition").unwrap_or_default().starts_with("attachment"));
        validated(&file.body);
        assert_eq!(messages(&file.body), vec![id(&first), id(&second)], "the others, not the refused case");
        let exported: Vec<String> = audit_events(&app.db, "export").into_iter().filter_map(|e| e.entity_id).collect();
        assert_eq!(exported, vec![first.clone(), second.clone()], "audited as before: the cases written");

        // Everything refused: the page says nothing could be written.
        let none = post(&app, &rev, "/review/export/e2b", &[("cases", &bad)]);
        assert_eq!(none.status, 422);
        let body = unescape(&none.body);
        assert!(body.contains("Nothing could be written") && body.contains("E.i.2.1b"), "{body}");
        // Nothing refused: the file at once.
        let direct = post(&app, &rev, "/review/export/e2b", &[("cases", &first)]);
        assert_eq!(direct.status, 200);
        assert!(direct.header("content-type").unwrap_or_default().contains("xml"));
        assert_eq!(messages(&direct.body), vec![id(&first)]);
        assert_eq!(audit_events(&app.db, "export").len(), 3);
    };
}
