//! The MedWatch answer sheet over HTTP: items filled from the submitted
//! report (outcome boxes, dose, route, dates, lot), missing items marked,
//! the reviewer's confirmed seriousness used, both forms, the PDF read back
//! with `pdftotext`, the export audited, and who may open it.

use std::io::Read;

use canary::auth::Role;

use crate::helpers::*;
use crate::review::{act, staff};
use crate::staff_helpers::*;

/// One item of the sheet as the page shows it.
#[derive(Debug)]
pub struct ItemView {
    pub number: String,
    pub answer: Option<String>,
    pub checks: Vec<(String, bool)>,
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    Some(&s[from..from + s[from..].find(end)?])
}

/// Parse the sheet's items out of the page: each `div.item` with its number,
/// its answer paragraph and its checkbox list.
pub fn items(body: &str) -> Vec<ItemView> {
    body.split("<div class=\"item\" data-item=\"")
        .skip(1)
        .map(|chunk| {
            let chunk = &chunk[..chunk.find("</div>").expect("item closes")];
            let number = chunk[..chunk.find('"').unwrap()].to_owned();
            let answer = chunk.find("<p class=\"answer").map(|i| {
                let rest = &chunk[i..];
                unescape(between(rest, ">", "</p>").unwrap())
            });
            let checks = chunk
                .split("<li data-ticked=\"")
                .skip(1)
                .map(|li| {
                    let ticked = li.starts_with("yes");
                    let label = between(li, "</span> ", "<").unwrap_or_default();
                    (unescape(label.trim()), ticked)
                })
                .collect();
            ItemView {
                number,
                answer,
                checks,
            }
        })
        .collect()
}

pub fn item<'a>(all: &'a [ItemView], number: &str) -> &'a ItemView {
    all.iter()
        .find(|i| i.number == number)
        .unwrap_or_else(|| panic!("no item {number}: {all:#?}"))
}

pub fn answer(all: &[ItemView], number: &str) -> String {
    item(all, number)
        .answer
        .clone()
        .unwrap_or_else(|| panic!("item {number} has no answer"))
}

pub fn ticked(all: &[ItemView], number: &str) -> Vec<String> {
    item(all, number)
        .checks
        .iter()
        .filter(|(_, t)| *t)
        .map(|(l, _)| l.clone())
        .collect()
}

/// GET raw bytes (a PDF) with a session cookie: (status, content type, body).
pub fn get_bytes(app: &TestApp, path: &str, cookie: &str) -> (u16, String, Vec<u8>) {
    let response = match ureq::get(&app.url(path)).set("Cookie", cookie).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("request failed: {e}"),
    };
    let status = response.status();
    let kind = response.content_type().to_owned();
    let mut body = Vec::new();
    response.into_reader().read_to_end(&mut body).unwrap();
    (status, kind, body)
}

/// The text of a PDF as Poppler's `pdftotext` reads it.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is missing: install Debian's poppler-utils (listed in .ci/run)");
    assert!(
        out.status.success(),
        "pdftotext refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Collapse runs of whitespace, so wrapped PDF lines compare as prose.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn submit_full(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    app.submit(&full_report(&token, &idem)).0
}

both_backends! {
    the_3500b_sheet_is_filled_from_the_report_and_marks_what_is_missing => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let case = submit_full(&app);
        let page = app.get_with_cookie(&format!("/review/{case}/medwatch"), &rev.cookie);
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(element_text(&page.body, "case-number").as_deref(), Some(case.as_str()));
        let all = items(&page.body);

        // Outcomes: the reporter's two boxes, nothing else.
        assert_eq!(ticked(&all, "A2"), vec!["Hospitalization (admitted or stayed longer)", "Other serious or important medical event"]);
        assert_eq!(item(&all, "A2").checks.len(), 7);
        assert_eq!(ticked(&all, "A1"), vec!["Hurt or had a bad side effect (including new or worse symptoms)"]);
        assert_eq!(answer(&all, "A3"), "Jun-2025");
        let story = answer(&all, "A4");
        assert!(story.starts_with("After stopping the tablets"), "{story}");
        assert!(story.contains("Aching bones, joints or muscles (severe)"), "{story}");
        assert!(story.contains("Naloxone was given; it helped: partly"), "{story}");

        // The suspect product: name, lot, strength, dose, route, dates.
        assert!(answer(&all, "C1").contains("Brand One 7-OH Extra"));
        assert_eq!(answer(&all, "C6"), "RB-0423-17");
        assert_eq!(answer(&all, "C8"), "15 mg of 7-OH per unit");
        assert_eq!(answer(&all, "C9"), "2 tablets");
        assert_eq!(answer(&all, "C10"), "4 times a day");
        assert!(answer(&all, "C11").starts_with("Swallowed"));
        assert_eq!(answer(&all, "C12"), "Used for 8 months; last use Jun-2025");
        assert_eq!(answer(&all, "C14"), "Pain; To come off a prescribed medicine");
        assert_eq!(answer(&all, "C16"), "Yes");
        // The co-used product is concomitant, not a second suspect.
        assert_eq!(all.iter().filter(|i| i.number == "C1").count(), 1);
        let other = answer(&all, "E10");
        assert!(other.contains("Brand Two Maeng Da") && other.contains("Alcohol") && other.contains("energy drinks"), "{other}");

        // The person.
        assert_eq!(answer(&all, "E2"), "Male");
        assert_eq!(answer(&all, "E3"), "34 years");
        assert_eq!(answer(&all, "E5"), "180 lb (82 kg)");
        assert_eq!(answer(&all, "E11"), "Sertraline 50 mg daily");

        // What the report does not say is marked, not invented.
        for missing in ["A5", "B1", "B2", "C3", "C5", "C7", "E1", "E4", "E6", "E8"] {
            assert_eq!(answer(&all, missing), "Not reported", "{missing}");
        }
        // The four minimum elements: three from the case, the reporter never.
        let minimum = between(&page.body, "id=\"minimum\">", "</ul>").unwrap();
        let marks: Vec<bool> = minimum.split("<li data-ticked=\"").skip(1).map(|li| li.starts_with("yes")).collect();
        assert_eq!(marks, vec![true, true, true, false]);
        // No reporter identity: the section says why.
        let f = between(&page.body, "id=\"section-F\"", "</section>").unwrap();
        assert!(unescape(f).contains("Canary holds no reporter identity"), "{f}");
    };

    the_reviewers_confirmed_seriousness_and_the_3500_form => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let case = submit_full(&app);
        let resp = act(&app, &rev, &case, "seriousness", &[("ich_life_threatening", "on"), ("ich_reason", "seizure in hospital")]);
        assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));

        let consumer = items(&app.get_with_cookie(&format!("/review/{case}/medwatch"), &rev.cookie).body);
        assert_eq!(ticked(&consumer, "A2"), vec!["Life-threatening"]);

        let page = app.get_with_cookie(&format!("/review/{case}/medwatch?form=3500"), &rev.cookie);
        assert_eq!(page.status, 200);
        assert!(page.body.contains("data-form=\"3500\""));
        let all = items(&page.body);
        assert_eq!(ticked(&all, "B2"), vec!["Life-threatening"]);
        assert_eq!(item(&all, "B2").checks.len(), 7);
        assert_eq!(ticked(&all, "B1"), vec!["Adverse event"]);
        assert_eq!(answer(&all, "B3"), "Jun-2025");
        assert_eq!(answer(&all, "A2"), "34 years");
        assert_eq!(answer(&all, "A5"), "Not reported");
        let d2 = answer(&all, "D2");
        assert!(d2.starts_with("2 tablets, 4 times a day, Swallowed"), "{d2}");
        assert!(all.iter().any(|i| i.number == "D1" && i.answer.as_deref() == Some("RB-0423-17")), "lot");
        assert_eq!(answer(&all, "D3"), "Used for 8 months; last use Jun-2025");
        assert!(answer(&all, "D7").starts_with("Doesn't apply: the problem is withdrawal"), "a withdrawal report");
        assert_eq!(answer(&all, "D8"), "Yes");
        assert!(answer(&all, "F").contains("Benzodiazepines"));
        // A family member reported: that says nothing about being a health professional.
        assert_eq!(answer(&all, "G2"), "Not reported");
        assert_eq!(answer(&all, "G1"), "Not reported");
        assert!(unescape(&page.body).contains("Canary holds no reporter identity"));
        assert!(app.get_with_cookie(&format!("/review/{case}/medwatch?form=3500x"), &rev.cookie).status == 400);
    };

    unknown_answers_stay_unknown_and_gaps_are_marked => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let mut fields = full_report(&token, &idem);
        for f in ["p0_lot", "p0_strength", "p0_strength_of", "onset", "age", "weight", "p0_doses_per_day"] {
            unset(&mut fields, f);
        }
        set(&mut fields, "dechallenge", "unknown");
        set(&mut fields, "rechallenge", "unknown");
        set(&mut fields, "sex", "not_said");
        set(&mut fields, "age_group", "unknown");
        let case = app.submit(&fields).0;
        let all = items(&app.get_with_cookie(&format!("/review/{case}/medwatch"), &rev.cookie).body);
        for missing in ["A3", "C6", "C8", "C10", "E2", "E5"] {
            assert_eq!(answer(&all, missing), "Not reported", "{missing}");
        }
        assert_eq!(answer(&all, "E3"), "Unknown (the reporter did not know)");
        assert!(answer(&all, "C15").starts_with("Doesn't apply: the problem is withdrawal"), "a withdrawal report");
        assert_eq!(answer(&all, "C16"), "Unknown (the reporter did not know)");
        assert_eq!(answer(&all, "C9"), "2 tablets");
    };

    the_pdf_carries_the_case_and_its_key_items_and_is_audited => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let case = submit_full(&app);
        let (status, kind, bytes) = get_bytes(&app, &format!("/review/{case}/medwatch.pdf"), &rev.cookie);
        assert_eq!(status, 200);
        assert_eq!(kind, "application/pdf");
        let text = squash(&pdf_text(&bytes));
        for expected in [case.as_str(), "Form FDA 3500B", "A2. Did any of the following happen?", "RB-0423-17",
            "15 mg of 7-OH per unit", "2 tablets", "4 times a day", "Jun-2025", "Not reported",
            "Canary holds no reporter identity", "Brand One 7-OH Extra"] {
            assert!(text.contains(expected), "{expected:?} missing from the PDF text: {text}");
        }
        let (_, _, pro) = get_bytes(&app, &format!("/review/{case}/medwatch.pdf?form=3500"), &rev.cookie);
        let pro = squash(&pdf_text(&pro));
        assert!(pro.contains("Form FDA 3500 (health professional)") && pro.contains(&case));
        assert!(pro.contains("Hospitalization – initial or prolonged") && pro.contains("B5. Describe event"), "{pro}");

        let formats: Vec<String> = audit_events(&app.db, "export").into_iter()
            .filter(|e| e.entity_id.as_deref() == Some(case.as_str()))
            .filter_map(|e| e.new_value).collect();
        assert_eq!(formats, vec!["medwatch-3500b-pdf", "medwatch-3500-pdf"]);
    };

    reviewers_and_admins_may_open_it_analysts_may_not => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let case = submit_full(&app);
        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        let admin = staff(&app, "admin@example.org", Role::Admin);
        for path in [format!("/review/{case}/medwatch"), format!("/review/{case}/medwatch.pdf?form=3500")] {
            assert_eq!(app.get_with_cookie(&path, &analyst.cookie).status, 403, "{path}");
            assert_eq!(app.get_with_cookie(&path, &admin.cookie).status, 200, "{path}");
            assert_eq!(app.get(&path).status, 303, "{path}: to sign-in");
        }
        assert_eq!(app.get_with_cookie("/review/CAN-2026-999999/medwatch", &admin.cookie).status, 404);
        assert!(audit_events(&app.db, "export").iter().all(|e| e.actor_role == "admin"), "refused views are not exports");
        // The case page links the exports for those who may use them.
        let case_page = app.get_with_cookie(&format!("/review/{case}"), &admin.cookie);
        assert!(case_page.body.contains(&format!("href=\"/review/{case}/medwatch.pdf\"")));
        let analyst_page = app.get_with_cookie(&format!("/review/{case}"), &analyst.cookie);
        assert!(!analyst_page.body.contains("id=\"exports\""));
    };
}
