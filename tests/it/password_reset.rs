//! Password reset by e-mail (check 48): the same answer for known and
//! unknown addresses, links built from CANARY_PUBLIC_URL whatever the Host
//! header, single-use and expiring tokens, sessions ended, a notice sent.

use canary::auth::Role;
use canary::db::schema::password_resets;
use diesel::prelude::*;

use crate::helpers::*;
use crate::mail::{mail_env, PUBLIC};
use crate::smtp_sink::{Received, SmtpSink};
use crate::staff_helpers::*;

const NEW_PASSWORD: &str = "a completely new passphrase";

fn forgot(app: &TestApp, email: &str) -> Resp {
    app.post_form_with(
        "/staff/password/forgot",
        &[("Host", "evil.example")],
        &[("email", email)],
    )
}

/// The path of the reset link in `mail` (checking its host on the way).
fn link_path(mail: &Received) -> String {
    let prefix = format!("{PUBLIC}/staff/password/reset/");
    let body = mail.body();
    let link = body
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no link from {PUBLIC} in {}", mail.data));
    link.trim()[PUBLIC.len()..].to_owned()
}

fn reset_mails(sink: &SmtpSink, n: usize) -> Vec<Received> {
    let is_reset = |m: &&Received| m.subject() == Some("Canary: reset your password");
    sink.wait_until(&format!("{n} reset mail(s)"), |r| {
        r.iter().filter(is_reset).count() >= n
    })
    .iter()
    .filter(is_reset)
    .cloned()
    .collect()
}

fn choose(app: &TestApp, path: &str, password: &str, confirm: &str) -> Resp {
    app.post_form_with(path, &[], &[("password", password), ("confirm", confirm)])
}

both_backends! {
    check_48_reset_by_mail_works_once_and_ends_sessions => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        let login_page = app.get("/staff/login");
        assert!(login_page.body.contains("href=\"/staff/password/forgot\""), "linked from sign-in");
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let old_session = sign_in(&app, "rev@example.org", PASSWORD);

        let known = forgot(&app, "rev@example.org");
        let unknown = forgot(&app, "nobody@example.org");
        assert_eq!(known.status, 200);
        assert_eq!((known.status, &known.body), (unknown.status, &unknown.body), "same answer");

        let mails = reset_mails(&sink, 1);
        assert_eq!(mails[0].rcpt_to, vec!["rev@example.org".to_owned()]);
        assert!(!mails[0].data.contains("evil.example") && !mails[0].body().contains("evil.example"));
        let path = link_path(&mails[0]);
        let token = path.rsplit('/').next().unwrap().to_owned();
        assert!(token.len() >= 43, "32 random bytes: {path} in {}", mails[0].data);
        // Stored only as its hash.
        let stored: Vec<String> = password_resets::table.select(password_resets::token_hash)
            .load(&mut app.db.connect()).unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0], token);

        let page = app.get(&path);
        assert_eq!(page.status, 200);
        assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
        assert!(page.body.contains("type=\"password\""));
        assert_eq!(choose(&app, &path, NEW_PASSWORD, "something else entirely").status, 422);
        let short = choose(&app, &path, "too short", "too short");
        assert_eq!(short.status, 422);
        assert!(unescape(&short.body).contains("at least 12"));

        let done = choose(&app, &path, NEW_PASSWORD, NEW_PASSWORD);
        assert_eq!(done.status, 200, "{}", done.body);
        assert!(done.body.contains("id=\"reset-done\""));
        assert_eq!(done.header("referrer-policy"), Some("no-referrer"));
        assert!(!signed_in(&app, &old_session), "old sessions end");
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).status, 401);
        sign_in(&app, "rev@example.org", NEW_PASSWORD);

        // Single use.
        let again = choose(&app, &path, "yet another long passphrase", "yet another long passphrase");
        assert_eq!(again.status, 404);
        assert!(again.body.contains("id=\"reset-invalid\""));
        assert_eq!(app.get(&path).status, 404);
        sign_in(&app, "rev@example.org", NEW_PASSWORD);

        let notice = sink.wait_until("the change notice", |r| {
            r.iter().any(|m| m.subject() == Some("Canary: your password was changed"))
        });
        let notice = notice.iter().find(|m| m.subject() == Some("Canary: your password was changed")).unwrap();
        assert_eq!(notice.rcpt_to, vec!["rev@example.org".to_owned()]);
        assert!(!notice.body().contains(&token) && !notice.body().contains("/reset/"));
        assert!(!notice.body().contains(NEW_PASSWORD));

        let events = canary::db::audit::after(&mut app.db.connect(), 0, 1000).unwrap();
        assert_eq!(events.iter().filter(|e| e.action == "password_reset").count(), 1);
        for e in &events {
            let text = format!("{e:?}");
            assert!(!text.contains(&token) && !text.contains(NEW_PASSWORD) && !text.contains("$argon2"), "{text}");
        }
        // Only one reset mail: the unknown address got none.
        assert_eq!(reset_mails(&sink, 1).len(), 1);
    };

    check_48_expired_token_is_refused => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        assert_eq!(forgot(&app, "rev@example.org").status, 200);
        let path = link_path(&reset_mails(&sink, 1)[0]);
        let past = canary::db::now() - chrono::TimeDelta::minutes(1);
        diesel::update(password_resets::table)
            .set(password_resets::expires_at.eq(past))
            .execute(&mut app.db.connect())
            .unwrap();
        assert_eq!(app.get(&path).status, 404);
        let refused = choose(&app, &path, NEW_PASSWORD, NEW_PASSWORD);
        assert_eq!(refused.status, 404);
        assert!(refused.body.contains("id=\"reset-invalid\""));
        sign_in(&app, "rev@example.org", PASSWORD);
        assert_eq!(login_with(&app, "rev@example.org", NEW_PASSWORD, None).status, 401);
        // A made-up token is refused the same way.
        assert_eq!(app.get("/staff/password/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status, 404);
    };
}
