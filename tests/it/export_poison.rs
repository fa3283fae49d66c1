//! The poison-center summary and "send to poison center": the page and PDF
//! carry what a specialist needs first; the admin sets the address (audited);
//! a reviewer's send goes through the real SMTP sink to that address with an
//! audit event; unconfigured sends are refused with a clear message; CSRF.

use canary::auth::Role;
use canary::db::mail::OutboxRow;
use canary::db::schema::mail_outbox;
use diesel::prelude::*;

use crate::export_medwatch::{get_bytes, pdf_text, squash};
use crate::helpers::*;
use crate::mail::mail_env;
use crate::review::staff;
use crate::smtp_sink::SmtpSink;
use crate::staff_helpers::*;

const PC: &str = "cases@poison.example.org";

fn summary_mails(db: &TestDb) -> Vec<OutboxRow> {
    mail_outbox::table
        .filter(mail_outbox::kind.eq("poison_center_summary"))
        .select(OutboxRow::as_select())
        .load(&mut db.connect())
        .unwrap()
}

/// Submit the full report and add two follow-ups through the public page.
fn case_with_followups(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let (case, code) = app.submit(&full_report(&token, &idem));
    for (state, text) in [
        ("not_recovered", "Still shaky on day five."),
        ("recovered", "Sleeping normally after three weeks."),
    ] {
        let open = app.post_form(
            "/follow-up",
            &[
                ("case".into(), case.clone()),
                ("code".into(), code.clone()),
                ("action".into(), "open".into()),
            ],
        );
        assert_eq!(open.status, 200, "{}", open.body);
        let fields = vec![
            ("case".to_owned(), case.clone()),
            ("code".to_owned(), code.clone()),
            ("idem".to_owned(), hidden(&open.body, "idem").unwrap()),
            ("action".to_owned(), "add".to_owned()),
            ("current_state".to_owned(), state.to_owned()),
            ("narrative".to_owned(), text.to_owned()),
        ];
        assert_eq!(app.post_form("/follow-up", &fields).status, 200);
    }
    case
}

fn set_address(app: &TestApp, cookie: &str, address: &str) -> Resp {
    staff_post(
        app,
        "/staff/settings/poison-center",
        cookie,
        &[
            ("recipient", address),
            ("reason", "regional center's case line"),
        ],
    )
}

both_backends! {
    the_summary_has_what_the_specialist_needs_first => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let case = case_with_followups(&app);
        let page = app.get_with_cookie(&format!("/review/{case}/poison-center"), &rev.cookie);
        assert_eq!(page.status, 200, "{}", page.body);
        let body = unescape(&page.body);
        for expected in [
            "Poison Help", "Brand One 7-OH Extra", "labelled strength: 15 mg of 7-OH per unit", "lot RB-0423-17",
            "2 tablets, 4 times a day, Swallowed", "Brand Two Maeng Da", "3.5 grams",
            "about 18 hours",
        ] {
            assert!(body.contains(expected), "{expected:?} missing");
        }
        assert!(body.contains("Aching bones, joints or muscles (severe); Strong craving to use (moderate); Runny nose (mild)"), "withdrawal, worst first");
        assert!(body.contains("Seizure (fit)") && body.contains("Vomiting"));
        assert!(body.contains("Naloxone was given; it helped: partly; Other treatment: IV fluids and clonidine"));
        assert!(body.contains("Urgent care or emergency room; Admitted to hospital"));
        assert!(body.contains("State when reported</dt><dd>Getting better"));
        assert!(body.contains("Alcohol; Benzodiazepines or \"bars\"; energy drinks"));
        let first = body.find("Still shaky on day five").expect("first follow-up");
        let second = body.find("Sleeping normally after three weeks").expect("second follow-up");
        assert!(first < second, "follow-ups in order");
        assert!(body.contains("A family member or friend. No contact details: Canary collects none"));
        // Nobody configured an address yet: the page says who can.
        assert!(body.contains("An administrator must set one"));

        let (status, kind, bytes) = get_bytes(&app, &format!("/review/{case}/poison-center.pdf"), &rev.cookie);
        assert_eq!((status, kind.as_str()), (200, "application/pdf"));
        let text = squash(&pdf_text(&bytes));
        for expected in [case.as_str(), "Poison Help", "Brand One 7-OH Extra", "about 18 hours", "Naloxone was given", "page 1 of 1"] {
            assert!(text.contains(expected), "{expected:?} missing from the PDF: {text}");
        }
    };

    a_send_goes_to_the_configured_address_and_is_audited => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        let admin = staff(&app, "admin@example.org", Role::Admin);
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let (case, _) = app.submit(&full_report(&token, &idem));

        // The admin sets the address; a bad one is refused and named.
        let bad = set_address(&app, &admin.cookie, "not an address");
        assert_eq!(bad.status, 422);
        assert!(unescape(&bad.body).contains("Enter an e-mail address"));
        assert_eq!(set_address(&app, &admin.cookie, PC).status, 303);
        let settings = app.get_with_cookie("/staff/settings/poison-center", &admin.cookie);
        assert_eq!(element_text(&settings.body, "current").as_deref(), Some(PC));
        let changed = audit_events(&app.db, "poison_center_address_changed");
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].new_value.as_deref(), Some(PC));

        // The confirmation page says this forwards case content, and to whom.
        let confirm = app.get_with_cookie(&format!("/review/{case}/poison-center/send"), &rev.cookie);
        assert_eq!(confirm.status, 200);
        assert_eq!(element_text(&confirm.body, "recipient").as_deref(), Some(PC));
        assert!(unescape(&confirm.body).contains("This forwards case content outside Canary."));

        // CSRF: no token, another session's token, a cross-site request.
        let path = format!("/review/{case}/poison-center/send");
        let other = staff(&app, "rev2@example.org", Role::Reviewer);
        for (headers, csrf) in [
            (vec![("Cookie", rev.cookie.as_str())], ""),
            (vec![("Cookie", rev.cookie.as_str())], other.csrf.as_str()),
            (vec![("Cookie", rev.cookie.as_str()), ("Sec-Fetch-Site", "cross-site")], rev.csrf.as_str()),
        ] {
            let resp = app.post_form_with(&path, &headers, &[("csrf", csrf), ("reason", "asked by the center")]);
            assert_eq!(resp.status, 403);
        }
        // A reason is needed.
        let no_reason = app.post_form_with(&path, &[("Cookie", &rev.cookie)], &[("csrf", &rev.csrf), ("reason", " ")]);
        assert_eq!(no_reason.status, 422);
        assert!(summary_mails(&app.db).is_empty(), "nothing queued by refused sends");

        let sent = app.post_form_with(&path, &[("Cookie", &rev.cookie)], &[("csrf", &rev.csrf), ("reason", "the center asked for the case")]);
        assert_eq!(sent.status, 303, "{}", errors_in(&sent.body));
        assert_eq!(sent.header("location"), Some(format!("/review/{case}/poison-center?sent=1").as_str()));
        let received = sink.wait_for(1);
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].rcpt_to, vec![PC.to_owned()]);
        assert!(received[0].subject().unwrap().contains(&case));
        let body = received[0].body();
        assert!(body.contains(&case) && body.contains("Brand One 7-OH Extra") && body.contains("Naloxone was given"), "{body}");
        let events = audit_events(&app.db, "poison_center_sent");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].entity_id.as_deref(), Some(case.as_str()));
        assert_eq!(events[0].new_value.as_deref(), Some(PC));
        assert_eq!(events[0].reason.as_deref(), Some("the center asked for the case"));
        let after = app.get_with_cookie(&format!("/review/{case}/poison-center?sent=1"), &rev.cookie);
        assert!(after.body.contains("id=\"sent\""));
        // The case lists the send with its other forwards.
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie);
        let list = page.body.split("id=\"forwards\">").nth(1).and_then(|s| s.split("</ul>").next()).unwrap_or_default();
        let forwards = unescape(&list.replace("<li>", "").replace("</li>", "\n"));
        let today = chrono::Utc::now().date_naive().to_string();
        assert!(forwards.contains(&format!("To Poison center ({PC}), sent from Canary on {today}")), "{forwards}");
        assert!(forwards.contains("rev@example.org"), "{forwards}");
    };

    without_an_address_nothing_is_sent_and_the_page_says_why => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let (case, _) = app.submit(&full_report(&token, &idem));
        let path = format!("/review/{case}/poison-center/send");
        let confirm = app.get_with_cookie(&path, &rev.cookie);
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains("id=\"not-configured\""));
        assert!(!confirm.body.contains("name=\"reason\""), "no send form");
        let resp = app.post_form_with(&path, &[("Cookie", &rev.cookie)], &[("csrf", &rev.csrf), ("reason", "urgent")]);
        assert_eq!(resp.status, 422);
        assert!(unescape(&resp.body).contains("An administrator must set one"));
        assert!(summary_mails(&app.db).is_empty());
        assert!(audit_events(&app.db, "poison_center_sent").is_empty());
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(sink.received().is_empty());
    };

    only_reviewers_and_admins_send_and_only_admins_set_the_address => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let (case, _) = app.submit(&full_report(&token, &idem));
        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        for path in [format!("/review/{case}/poison-center"), format!("/review/{case}/poison-center.pdf"), format!("/review/{case}/poison-center/send")] {
            assert_eq!(app.get_with_cookie(&path, &analyst.cookie).status, 403, "{path}");
        }
        let send = app.post_form_with(&format!("/review/{case}/poison-center/send"), &[("Cookie", &analyst.cookie)], &[("csrf", &analyst.csrf), ("reason", "x")]);
        assert_eq!(send.status, 403);
        assert_eq!(app.get_with_cookie("/staff/settings/poison-center", &rev.cookie).status, 403);
        assert_eq!(set_address(&app, &rev.cookie, PC).status, 403);
        assert!(audit_events(&app.db, "poison_center_address_changed").is_empty());
    };
}
