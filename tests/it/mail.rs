//! E-mail through a real SMTP conversation with the test sink: alerts for
//! serious reports, retries while the server is down or refusing, header
//! injection (check 59), one sender per message across two instances, the
//! daily digest, the notification settings page and `canary mail test`.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use canary::auth::Role;
use canary::db::mail::OutboxRow;
use canary::db::schema::mail_outbox;
use diesel::prelude::*;

use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use crate::staff_helpers::*;

pub const PUBLIC: &str = "https://canary.example.org";
const MARKER: &str = "xyzzyplugh narrative marker";

/// Settings that point the app at `sink` and keep the outbox quick.
pub fn mail_env(sink: &SmtpSink) -> impl Fn(&mut HashMap<String, String>) + Clone {
    let url = sink.url();
    move |env| {
        env.insert("CANARY_SMTP_URL".into(), url.clone());
        env.insert("CANARY_PUBLIC_URL".into(), PUBLIC.into());
        env.insert(
            "CANARY_MAIL_FROM".into(),
            "canary@canary.example.org".into(),
        );
        env.insert("CANARY_MAIL_POLL_MS".into(), "50".into());
        env.insert("CANARY_MAIL_RETRY_BASE_MS".into(), "100".into());
        env.insert("CANARY_DIGEST_HOUR".into(), "off".into());
    }
}

pub fn subscribe(db: &TestDb, user_id: &str, serious: bool, digest: bool) {
    canary::db::users::set_notifications(&mut db.connect(), user_id, serious, digest).unwrap();
}

pub fn outbox(db: &TestDb) -> Vec<OutboxRow> {
    mail_outbox::table
        .select(OutboxRow::as_select())
        .load(&mut db.connect())
        .unwrap()
}

/// Wait (up to a minute) until `done` holds for the outbox rows.
pub fn wait_outbox(db: &TestDb, what: &str, done: impl Fn(&[OutboxRow]) -> bool) -> Vec<OutboxRow> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let rows = outbox(db);
        if done(&rows) {
            return rows;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {rows:#?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Submit a serious report (hospitalisation) whose narrative holds MARKER.
fn serious(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    set(
        &mut fields,
        "narrative",
        &format!("He was admitted. {MARKER}."),
    );
    app.submit(&fields).0
}

fn not_serious(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    // No serious outcome and no emergency symptom (a seizure would make it
    // an important medical event).
    for field in [
        "out_hospitalised",
        "out_other_serious",
        "care_admitted",
        "sym_seizure",
    ] {
        unset(&mut fields, field);
    }
    app.submit(&fields).0
}

fn recipients(received: &[crate::smtp_sink::Received]) -> BTreeSet<String> {
    received.iter().flat_map(|m| m.rcpt_to.clone()).collect()
}

/// Accounts: two subscribed who should get alerts, and three who should not.
fn staff(db: &TestDb) {
    let hash = canary::auth::passwords::hash(PASSWORD).unwrap();
    let add = |email: &str, role| add_user_with_hash(db, email, role, &hash);
    subscribe(db, &add("rev1@example.org", Role::Reviewer), true, false);
    subscribe(db, &add("admin@example.org", Role::Admin), true, true);
    add("rev2@example.org", Role::Reviewer);
    subscribe(db, &add("analyst@example.org", Role::Analyst), true, true);
    let gone = add("gone@example.org", Role::Reviewer);
    subscribe(db, &gone, true, true);
    canary::db::users::set_disabled(&mut db.connect(), &gone, true).unwrap();
}

both_backends! {
    serious_report_mails_exactly_the_subscribed_reviewers => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        staff(&app.db);
        let case = serious(&app);
        let received = sink.wait_for(2);
        let expected: BTreeSet<String> = ["admin@example.org", "rev1@example.org"].map(String::from).into();
        assert_eq!(recipients(&received), expected);
        for m in &received {
            assert_eq!(m.rcpt_to.len(), 1, "one recipient per message");
            assert_eq!(m.mail_from, "canary@canary.example.org");
            assert_eq!(m.subject(), Some(format!("Canary: new serious report {case}").as_str()));
            assert!(m.body().contains(&format!("Case: {case}")), "{}", m.data);
            assert!(m.body().contains("hospital admission"), "{}", m.data);
            assert!(m.body().contains(&format!("{PUBLIC}/review/{case}")), "{}", m.data);
            for secret in ["xyzzyplugh", "Brand One", "Brand Two", "Sertraline"] {
                assert!(!m.data.contains(secret) && !m.body().contains(secret), "{secret} in {}", m.data);
            }
        }
        let rows = wait_outbox(&app.db, "rows marked sent", |r| r.iter().all(|m| m.sent_at.is_some()));
        assert!(rows.iter().all(|m| m.body.is_empty()), "bodies dropped once sent");
    };

    non_serious_report_mails_nobody => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        staff(&app.db);
        not_serious(&app);
        // Alerts are queued with the report or never.
        assert!(outbox(&app.db).is_empty(), "nothing queued");
        let case = serious(&app);
        let received = sink.wait_for(2);
        assert_eq!(received.len(), 2);
        assert!(received.iter().all(|m| m.subject().is_some_and(|s| s.ends_with(&case))));
    };

    report_is_acknowledged_while_the_mail_server_is_down => |backend| {
        let mut sink = SmtpSink::down();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        staff(&app.db);
        // The receipt comes although no mail can go out.
        let case = serious(&app);
        assert_eq!(app.report_count(), 1);
        wait_outbox(&app.db, "a failed attempt", |r| r.len() == 2 && r.iter().all(|m| m.attempts >= 1));
        assert!(sink.received().is_empty());
        let rows = outbox(&app.db);
        assert!(rows.iter().all(|m| m.sent_at.is_none() && m.failed_at.is_none()));
        for row in &rows {
            let error = row.last_error.as_deref().unwrap_or_default();
            assert!(!error.contains("example.org"), "no address in {error}");
        }
        // Up again, but refusing the first message once more: both still arrive, once each.
        sink.refuse_next(1);
        sink.come_up();
        let received = sink.wait_for(2);
        wait_outbox(&app.db, "all sent", |r| r.iter().all(|m| m.sent_at.is_some()));
        let received_now = sink.received();
        assert_eq!(received_now.len(), 2, "{received:#?}");
        assert_eq!(recipients(&received_now).len(), 2);
        assert!(received_now.iter().all(|m| m.body().contains(&case)));
    };

    check_59_injected_headers_never_reach_a_message => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        let good = add_user(&app.db, "rev1@example.org", Role::Reviewer, PASSWORD);
        subscribe(&app.db, &good, true, false);
        // An address that bypassed validation, straight into the database.
        let now = canary::db::now();
        let bad = canary::db::users::UserRow {
            id: canary::ids::UserId::fresh(),
            email: "rev2@example.org\r\nBcc: attacker@evil.example".into(),
            password_hash: "x".into(),
            role: "reviewer".into(),
            disabled: false,
            created_at: now,
            password_changed_at: now,
        };
        canary::db::users::insert(&mut app.db.connect(), &bad).unwrap();
        subscribe(&app.db, &bad.id, true, false);
        // The reset form with the same trick: no account, no mail.
        let forgot = app.post_form_with("/staff/password/forgot", &[],
            &[("email", "rev1@example.org\r\nBcc: attacker@evil.example")]);
        assert_ne!(forgot.status, 200);
        serious(&app);
        let rows = wait_outbox(&app.db, "both alerts handled", |r| {
            r.len() == 2 && r.iter().all(|m| m.sent_at.is_some() || m.failed_at.is_some())
        });
        let failed: Vec<_> = rows.iter().filter(|m| m.failed_at.is_some()).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].last_error.as_deref(), Some("invalid recipient address"));
        let received = sink.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].rcpt_to, vec!["rev1@example.org".to_owned()]);
        for m in &received {
            assert!(!m.data.to_ascii_lowercase().contains("bcc:"), "{}", m.data);
            assert!(!m.data.contains("evil.example") && !m.body().contains("evil.example"), "{}", m.data);
        }
    };

    two_instances_send_each_message_once => |backend| {
        let sink = SmtpSink::start();
        let env = mail_env(&sink);
        let first = TestApp::spawn_with(backend, env.clone()).unwrap();
        let second = TestApp::spawn_on(first.db.clone(), env);
        staff(&first.db);
        for i in 0..4 {
            serious(if i % 2 == 0 { &first } else { &second });
        }
        let rows = wait_outbox(&first.db, "8 sent", |r| r.len() == 8 && r.iter().all(|m| m.sent_at.is_some()));
        assert!(rows.iter().all(|m| m.attempts == 1), "each row claimed once");
        let received = sink.wait_for(8);
        let distinct: BTreeSet<_> = received.iter().map(|m| (m.rcpt_to.clone(), m.subject().map(str::to_owned))).collect();
        assert_eq!(distinct.len(), 8);
        assert_eq!(sink.received().len(), 8);
    };

    daily_digest_goes_out_once_a_day => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        staff(&app.db);
        serious(&app);
        not_serious(&app);
        // Alerts for the serious report first, so the digest count is clear.
        sink.wait_for(2);
        let env = [("CANARY_DATABASE_URL", app.db.url_string()), ("CANARY_PUBLIC_URL", PUBLIC.to_owned())];
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let once = run_canary(&["mail", "digest"], &env, "");
        assert!(once.status.success(), "{}", text(&once.stderr));
        assert!(text(&once.stdout).contains("queued for 2 account(s)"), "{}", text(&once.stdout));
        let twice = run_canary(&["mail", "digest"], &env, "");
        assert!(twice.status.success(), "{}", text(&twice.stderr));
        assert!(text(&twice.stdout).contains("already queued"), "{}", text(&twice.stdout));
        let received = sink.wait_until("two digests", |r| {
            r.iter().filter(|m| m.subject().is_some_and(|s| s.starts_with("Canary: daily summary"))).count() >= 2
        });
        let digests: Vec<_> = received.iter().filter(|m| m.subject().is_some_and(|s| s.starts_with("Canary: daily summary"))).collect();
        let to: BTreeSet<String> = digests.iter().flat_map(|m| m.rcpt_to.clone()).collect();
        let expected: BTreeSet<String> = ["admin@example.org", "analyst@example.org"].map(String::from).into();
        assert_eq!(to, expected);
        for m in &digests {
            let body = m.body();
            assert!(body.contains("Reports received in the last 24 hours: 2"), "{body}");
            assert!(body.contains("hospital admission or a longer stay: 1"), "{body}");
            assert!(body.contains("not serious: 1"), "{body}");
            assert!(body.contains("Reports waiting in status \"new\": 2"), "{body}");
            assert!(body.contains(&format!("{PUBLIC}/review")), "{body}");
            assert!(!body.contains("xyzzyplugh"));
        }
        let queued = outbox(&app.db).into_iter().filter(|m| m.kind == "daily_digest").count();
        assert_eq!(queued, 2, "one digest per subscriber, however often asked");
    };

}

#[test]
fn mail_test_command_sends_through_the_configured_server() {
    let sink = SmtpSink::start();
    let db = TestDb::new(Backend::Sqlite).unwrap();
    let url = db.url_string();
    let smtp = sink.url();
    let env = [
        ("CANARY_DATABASE_URL", url.as_str()),
        ("CANARY_SMTP_URL", smtp.as_str()),
    ];
    let sent = run_canary(&["mail", "test", "--to", "ops@example.org"], &env, "");
    assert!(sent.status.success(), "{}", text(&sent.stderr));
    let received = sink.wait_for(1);
    assert_eq!(received[0].rcpt_to, vec!["ops@example.org".to_owned()]);
    assert_eq!(received[0].subject(), Some("Canary: test message"));
    let injected = run_canary(
        &[
            "mail",
            "test",
            "--to",
            "ops@example.org\r\nBcc: attacker@evil.example",
        ],
        &env,
        "",
    );
    assert!(!injected.status.success());
    let unset = run_canary(
        &["mail", "test", "--to", "ops@example.org"],
        &[("CANARY_DATABASE_URL", url.as_str())],
        "",
    );
    assert!(text(&unset.stderr).contains("CANARY_SMTP_URL is not set"));
    assert_eq!(sink.received().len(), 1);
}
