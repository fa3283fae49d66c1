//! Batch and seller alerts through the real server: reports naming one lot
//! or seller within the window raise one alert on the queue and one e-mail
//! (real SMTP sink), below the threshold or outside the window none, seller
//! spellings group, a reviewer dismisses with a reason (audited; reports
//! after it raise the alert again), an analyst cannot, and `canary generate
//! --lot-cluster` makes a database that shows an alert.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use canary::auth::Role;
use canary::db::schema::reports;
use diesel::prelude::*;

use crate::helpers::*;
use crate::mail::{mail_env, subscribe, PUBLIC};
use crate::review::{staff, Signed};
use crate::smtp_sink::SmtpSink;
use crate::staff_helpers::*;

const BANNER: &str = "class=\"urgent-line batch-alert\"";

/// Three reports within 30 days raise an alert (the defaults).
fn alert_env(env: &mut HashMap<String, String>) {
    env.insert("CANARY_ALERT_MIN_REPORTS".into(), "3".into());
    env.insert("CANARY_ALERT_WINDOW_DAYS".into(), "30".into());
}

/// Submit a report (not serious, so no other mail) naming `lot` and `seller`
/// on its first product.
fn report(app: &TestApp, lot: Option<&str>, seller: Option<&str>) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    for field in [
        "out_hospitalised",
        "out_other_serious",
        "care_admitted",
        "sym_seizure",
        "p0_lot",
    ] {
        unset(&mut fields, field);
    }
    if let Some(lot) = lot {
        set(&mut fields, "p0_lot", lot);
    }
    if let Some(seller) = seller {
        set(&mut fields, "p0_seller", seller);
    }
    app.submit(&fields).0
}

fn queue_page(app: &TestApp, who: &Signed) -> String {
    let page = app.get_with_cookie("/review", &who.cookie);
    assert_eq!(page.status, 200);
    unescape(&page.body)
}

/// Wait (up to a minute) until the queue shows what `done` looks for.
fn wait_queue(app: &TestApp, who: &Signed, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let page = queue_page(app, who);
        if done(&page) {
            return page;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The banners on a queue page, each as its HTML.
fn banners(page: &str) -> Vec<&str> {
    page.split(BANNER)
        .skip(1)
        .map(|b| b.split("</section>").next().unwrap_or(b))
        .collect()
}

fn alert_id(banner: &str) -> String {
    let start = banner.find("/review/alerts/").expect("dismiss form") + "/review/alerts/".len();
    banner[start..start + 36].to_owned()
}

fn batch_mails(sink: &SmtpSink) -> Vec<crate::smtp_sink::Received> {
    sink.received()
        .into_iter()
        .filter(|m| m.subject().is_some_and(|s| s.contains("name the same")))
        .collect()
}

both_backends! {
    reports_naming_one_lot_raise_one_alert_and_one_mail => |backend| {
        let sink = SmtpSink::start();
        let mail = mail_env(&sink);
        let app = TestApp::spawn_with(backend, |env| { mail(env); alert_env(env); }).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        subscribe(&app.db, &user_id(&app.db, "rev@example.org"), true, false);
        // Spelled three ways, one lot.
        let cases: Vec<String> = ["24B117", "lot 24b-117", "Lot# 24B 117"]
            .iter()
            .map(|lot| report(&app, Some(lot), None))
            .collect();
        let page = wait_queue(&app, &rev, "the lot alert", |p| p.contains(BANNER));
        let shown = banners(&page);
        assert_eq!(shown.len(), 1, "{page}");
        let banner = shown[0];
        assert!(banner.contains("3 reports name the same lot, “24B117”"), "{banner}");
        assert!(banner.contains("within 30 days"), "{banner}");
        for case in &cases {
            assert!(banner.contains(&format!("href=\"/review/{case}\"")), "{case}: {banner}");
        }
        let mails = sink.wait_until("the alert mail", |r| r.iter().any(|m| m.subject().is_some_and(|s| s.contains("name the same lot"))));
        let alert_mails: Vec<_> = mails.iter().filter(|m| m.subject().is_some_and(|s| s.contains("name the same"))).collect();
        assert_eq!(alert_mails.len(), 1, "{alert_mails:#?}");
        let body = alert_mails[0].body();
        assert_eq!(alert_mails[0].subject(), Some("Canary: 3 reports name the same lot"));
        assert!(body.contains("Lot (letters and digits as compared): 24B117"), "{body}");
        for case in &cases {
            assert!(body.contains(&format!("{PUBLIC}/review/{case}")), "{case}: {body}");
        }
        // A fourth report updates the same alert: still one banner, no second mail.
        let fourth = report(&app, Some("24b117"), None);
        let page = wait_queue(&app, &rev, "the updated alert", |p| p.contains("4 reports name the same lot"));
        assert_eq!(banners(&page).len(), 1, "{page}");
        assert!(page.contains(&format!("href=\"/review/{fourth}\"")));
        assert_eq!(batch_mails(&sink).len(), 1);
        assert_eq!(audit_events(&app.db, "batch_alert_raised").len(), 1);
        assert_eq!(audit_events(&app.db, "batch_alert_updated").len(), 1);
    };

    below_the_threshold_or_outside_the_window_no_alert => |backend| {
        let app = TestApp::spawn_with(backend, alert_env).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        report(&app, Some("AAA111"), None);
        report(&app, Some("AAA111"), None);
        // Three name OLD999, but the first arrived 31 days ago.
        let old = report(&app, Some("OLD999"), None);
        diesel::update(reports::table.filter(reports::case_number.eq(&old)))
            .set(reports::received_at.eq(canary::db::now() - chrono::TimeDelta::days(31)))
            .execute(&mut app.db.connect())
            .unwrap();
        report(&app, Some("OLD999"), None);
        report(&app, Some("OLD999"), None);
        // A lot that does reach the threshold: once its alert shows, the scan
        // has seen every report above.
        for _ in 0..3 {
            report(&app, Some("CTL777"), None);
        }
        let page = wait_queue(&app, &rev, "the control alert", |p| p.contains("“CTL777”"));
        assert_eq!(banners(&page).len(), 1, "{page}");
        assert!(!page.contains("AAA111") && !page.contains("OLD999"), "{page}");
    };

    seller_spellings_group_together => |backend| {
        let app = TestApp::spawn_with(backend, alert_env).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let cases: Vec<String> = ["WWW.Kratom-King.com/", "kratom king", "Kratom King LLC"]
            .iter()
            .map(|seller| report(&app, None, Some(seller)))
            .collect();
        let page = wait_queue(&app, &rev, "the seller alert", |p| p.contains(BANNER));
        let shown = banners(&page);
        assert_eq!(shown.len(), 1, "{page}");
        // The shop's name and web address are kept as typed.
        assert!(shown[0].contains("3 reports name the same seller, “WWW.Kratom-King.com/”"), "{}", shown[0]);
        for case in &cases {
            assert!(shown[0].contains(&format!("href=\"/review/{case}\"")));
        }
        let case_page = unescape(&app.get_with_cookie(&format!("/review/{}", cases[2]), &rev.cookie).body);
        assert!(case_page.contains("Kratom King LLC"), "seller kept on the case");
    };

    a_dismissal_with_a_reason_is_audited_hides_the_alert_and_new_reports_raise_it_again => |backend| {
        let app = TestApp::spawn_with(backend, alert_env).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        for _ in 0..3 {
            report(&app, Some("RB-0423-17"), None);
        }
        let page = wait_queue(&app, &rev, "the alert", |p| p.contains(BANNER));
        let id = alert_id(banners(&page)[0]);
        let path = format!("/review/alerts/{id}/dismiss");
        let refused = app.post_form_with(&path, &[("Cookie", rev.cookie.as_str())], &[("csrf", rev.csrf.as_str()), ("reason", " ")]);
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("Give a reason for dismissing the alert"), "{}", refused.body);
        let no_csrf = app.post_form_with(&path, &[("Cookie", rev.cookie.as_str())], &[("reason", "x")]);
        assert_eq!(no_csrf.status, 403);
        let reason = "Same batch as the recall already notified";
        let done = app.post_form_with(&path, &[("Cookie", rev.cookie.as_str())], &[("csrf", rev.csrf.as_str()), ("reason", reason)]);
        assert_eq!(done.status, 303);
        assert!(!queue_page(&app, &rev).contains(BANNER), "dismissed alert hidden");
        let events = audit_events(&app.db, "batch_alert_dismissed");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].reason.as_deref(), Some(reason));
        assert_eq!(events[0].actor_id.as_deref(), Some(user_id(&app.db, "rev@example.org").as_str()));
        assert_eq!(events[0].entity_id.as_deref(), Some(id.as_str()));
        // Dismissed twice is not found.
        let again = app.post_form_with(&path, &[("Cookie", rev.cookie.as_str())], &[("csrf", rev.csrf.as_str()), ("reason", reason)]);
        assert_eq!(again.status, 404);
        // A report after the dismissal raises the same alert again.
        let later = report(&app, Some("rb 0423 17"), None);
        let page = wait_queue(&app, &rev, "the re-raised alert", |p| p.contains(BANNER));
        let shown = banners(&page);
        assert_eq!(shown.len(), 1);
        assert_eq!(alert_id(shown[0]), id, "the same alert, not a second one");
        assert!(shown[0].contains("4 reports name the same lot"), "{}", shown[0]);
        assert!(shown[0].contains(&format!("/review/{later}")));
        assert_eq!(audit_events(&app.db, "batch_alert_reraised").len(), 1);
    };

    an_analyst_sees_alerts_but_cannot_dismiss_them => |backend| {
        let app = TestApp::spawn_with(backend, alert_env).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let analyst = staff(&app, "ana@example.org", Role::Analyst);
        for _ in 0..3 {
            report(&app, Some("ZZ-9000"), None);
        }
        let page = wait_queue(&app, &rev, "the alert", |p| p.contains(BANNER));
        let id = alert_id(banners(&page)[0]);
        let seen = queue_page(&app, &analyst);
        assert_eq!(banners(&seen).len(), 1);
        assert!(!seen.contains("Dismiss alert"), "no dismiss form for an analyst");
        let resp = app.post_form_with(
            &format!("/review/alerts/{id}/dismiss"),
            &[("Cookie", analyst.cookie.as_str())],
            &[("csrf", analyst.csrf.as_str()), ("reason", "not mine to dismiss")],
        );
        assert_eq!(resp.status, 403);
        assert_eq!(banners(&queue_page(&app, &rev)).len(), 1, "still open");
        assert!(audit_events(&app.db, "batch_alert_dismissed").is_empty());
    };

    a_generated_lot_cluster_raises_an_alert => |backend| {
        let first = TestApp::spawn(backend).unwrap();
        let out = canary(&first.db, &["generate", "--reports", "40", "--seed", "7", "--lot-cluster", "24B117:4"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        // A server started on the database scans it at once.
        let app = TestApp::spawn_on(first.db.clone(), alert_env);
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let page = wait_queue(&app, &rev, "the generated alert", |p| p.contains("“24B117”"));
        let banner = banners(&page).into_iter().find(|b| b.contains("“24B117”")).unwrap();
        assert!(banner.contains("4 reports name the same lot"), "{banner}");
        assert_eq!(banner.matches("href=\"/review/SYN-").count(), 4, "{banner}");
    };
}
