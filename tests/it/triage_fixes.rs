//! Emergencies first (a seizure-only report is an important medical event
//! by default: first in the queue, alert sent over SMTP, downgradable with
//! a reason), alerts naming every criterion, a CLI that never creates an
//! empty database, a digest made when it is sent, and the smaller fixes:
//! a batch E2B naming an unknown case, queue filters naming bad values,
//! and no settings link that would answer a reviewer 403.

use canary::auth::Role;

use crate::helpers::*;
use crate::mail::{mail_env, subscribe};
use crate::review::{act, queue, staff, submit_with};
use crate::smtp_sink::SmtpSink;
use crate::staff_helpers::*;

/// Only a seizure ticked: no outcome box, no other emergency symptom.
fn seizure_only(app: &TestApp) -> String {
    submit_with(
        app,
        &[],
        &[
            ("sym_fast_heart", ""),
            ("sym_vomiting", ""),
            ("care_emergency", ""),
            ("care_admitted", ""),
        ],
    )
}

fn not_serious(app: &TestApp) -> String {
    submit_with(app, &[], &[("sym_seizure", "")])
}

both_backends! {
    a_seizure_only_report_comes_first_and_sends_an_alert => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        subscribe(&app.db, &user_id(&app.db, "rev@example.org"), true, false);
        let older = not_serious(&app);
        let seizure = seizure_only(&app);
        assert_eq!(queue(&app, &rev, ""), vec![seizure.clone(), older.clone()]);
        let received = sink.wait_for(1);
        assert_eq!(received[0].subject(), Some(format!("Canary: new serious report {seizure}").as_str()));
        let body = received[0].body();
        assert!(body.contains("emergency symptoms"), "{body}");
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert_eq!(sink.received().len(), 1, "no alert for the report that is not serious");
        let page = unescape(&app.get_with_cookie(&format!("/review/{seizure}"), &rev.cookie).body);
        assert!(page.contains("id=\"emergency-default\""), "the page says why");

        // The reviewer downgrades it with a reason: it moves down, audited.
        let reason = "Febrile convulsion in a child, resolved at home; not an adverse reaction.";
        assert_eq!(act(&app, &rev, &seizure, "seriousness", &[("ich_reason", reason)]).status, 303);
        assert_eq!(queue(&app, &rev, ""), vec![older.clone(), seizure.clone()]);
        let page = unescape(&app.get_with_cookie(&format!("/review/{seizure}"), &rev.cookie).body);
        assert!(!page.contains("id=\"emergency-default\""));
        let story = page.split("id=\"history\"").nth(1).unwrap();
        assert!(story.contains(&format!("Confirmed the seriousness: not serious (was not yet confirmed) — reason: {reason}")), "{story}");
    };

    an_alert_names_every_ticked_criterion => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        staff(&app, "rev@example.org", Role::Reviewer);
        subscribe(&app.db, &user_id(&app.db, "rev@example.org"), true, false);
        submit_with(&app, &["hospitalised", "disability", "other_serious"], &[]);
        let body = sink.wait_for(1)[0].body();
        for words in ["hospital admission or a longer stay", "lasting disability or damage", "other serious medical event", "emergency symptoms"] {
            assert!(body.contains(words), "{words} missing: {body}");
        }
    };

    cli_commands_refuse_a_database_that_does_not_exist => |backend| {
        let db = TestDb::new(backend).unwrap();
        for args in [&["audit", "verify"][..], &["user", "list"], &["mail", "digest"]] {
            let out = canary(&db, args, "");
            assert!(!out.status.success(), "{args:?} succeeded");
            let err = text(&out.stderr);
            assert!(err.contains("no database at") || err.contains("holds no Canary data"), "{args:?}: {err}");
        }
        if let canary::config::DatabaseUrl::Sqlite(path) = &db.url {
            assert!(!std::path::Path::new(path).exists(), "no empty database left behind");
        }
        // A fresh install: `user add` creates it, then the others work.
        let out = canary(&db, &["user", "add", "--email", "admin@example.org", "--role", "admin"], &format!("{PASSWORD}\n"));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = canary(&db, &["audit", "verify"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("1 events"));
    };

    the_digest_reaches_people_who_opt_in_later_that_day => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        staff(&app, "early@example.org", Role::Reviewer);
        staff(&app, "late@example.org", Role::Reviewer);
        subscribe(&app.db, &user_id(&app.db, "early@example.org"), false, true);
        not_serious(&app);
        let env = [("CANARY_DATABASE_URL", app.db.url_string())];
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let first = run_canary(&["mail", "digest"], &env, "");
        assert!(text(&first.stdout).contains("queued for 1 account(s)"), "{}", text(&first.stdout));
        // Opting in later that day, after another report arrived.
        subscribe(&app.db, &user_id(&app.db, "late@example.org"), false, true);
        not_serious(&app);
        let second = run_canary(&["mail", "digest"], &env, "");
        assert!(text(&second.stdout).contains("queued for 1 account(s)"), "{}", text(&second.stdout));
        let third = run_canary(&["mail", "digest"], &env, "");
        assert!(text(&third.stdout).contains("already queued"), "{}", text(&third.stdout));
        let got = sink.wait_for(2);
        let late = got.iter().find(|m| m.rcpt_to == ["late@example.org"]).expect("late subscriber's digest");
        assert!(late.body().contains("Reports received in the last 24 hours: 2"), "made when sent: {}", late.body());
        let early = got.iter().find(|m| m.rcpt_to == ["early@example.org"]).unwrap();
        assert!(early.body().contains("Reports received in the last 24 hours: 1"), "{}", early.body());
    };

    smaller_fixes_name_the_problem => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let admin = staff(&app, "admin@example.org", Role::Admin);
        let case = not_serious(&app);
        // A batch naming an unknown case names it.
        let resp = app.post_form_with("/review/export/e2b", &[("Cookie", &rev.cookie)],
            &[("csrf", &rev.csrf), ("cases", &format!("{case}\nCAN-2026-999999"))]);
        assert_eq!(resp.status, 404);
        let body = unescape(&resp.body);
        assert!(body.contains("There is no case CAN-2026-999999"), "{body}");
        assert!(!body.contains("There is no page at this address"));
        // Unknown queue filters are named.
        let bogus = app.get_with_cookie("/review?status=bogus&seriousness=awful", &rev.cookie);
        assert!(bogus.body.contains("Choose a status from the list."), "{}", bogus.body);
        assert!(bogus.body.contains("Choose a seriousness from the list."));
        // No address set: only an admin gets the settings link.
        for path in [format!("/review/{case}/poison-center/send"), format!("/review/{case}/poison-center")] {
            let for_rev = app.get_with_cookie(&path, &rev.cookie).body;
            let note = for_rev.split("id=\"not-configured\"").nth(1).unwrap().split("</p>").next().unwrap();
            assert!(!note.contains("href=\"/staff/settings/poison-center\""), "{note}");
            assert!(note.contains("ask an administrator"), "{note}");
            let for_admin = app.get_with_cookie(&path, &admin.cookie).body;
            let note = for_admin.split("id=\"not-configured\"").nth(1).unwrap().split("</p>").next().unwrap();
            assert!(note.contains("href=\"/staff/settings/poison-center\""), "{note}");
        }
    };
}
