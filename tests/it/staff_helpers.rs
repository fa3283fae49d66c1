//! Staff test helpers: accounts created through the library or the real
//! `canary` binary, sign-in over HTTP, and the session cookie and CSRF token.

use std::process::Output;

use canary::audit::Actor;
use canary::auth::{passwords, users, Email, Role};
use diesel::Connection;

use crate::helpers::*;

pub const PASSWORD: &str = "correct horse battery";

/// Add an account directly (hashing like the CLI does); returns its id.
pub fn add_user(db: &TestDb, email: &str, role: Role, password: &str) -> canary::ids::UserId {
    let hash = passwords::hash(password).unwrap();
    add_user_with_hash(db, email, role, &hash)
}

pub fn add_user_with_hash(db: &TestDb, email: &str, role: Role, hash: &str) -> canary::ids::UserId {
    let email = Email::parse(email).unwrap();
    let mut conn = db.connect();
    conn.transaction(|c| {
        users::add(c, &Actor::cli(), &email, role, hash).map_err(|e| match e {
            users::UserError::Db(e) => e,
            other => panic!("{other}"),
        })
    })
    .unwrap()
}

/// Run the real `canary` binary against `db` with `stdin`.
pub fn canary(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    run_canary(args, &[("CANARY_DATABASE_URL", &db.url_string())], stdin)
}

pub fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

pub fn login_with(app: &TestApp, email: &str, password: &str, cookie: Option<&str>) -> Resp {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
    app.post_form_with(
        "/staff/login",
        &headers,
        &[("email", email), ("password", password)],
    )
}

/// The `name=value` part of the response's session cookie.
pub fn session_cookie(resp: &Resp) -> Option<String> {
    let set = resp.header("set-cookie")?;
    Some(set.split(';').next()?.trim().to_owned())
}

/// Sign in and return the session cookie.
pub fn sign_in(app: &TestApp, email: &str, password: &str) -> String {
    let resp = login_with(app, email, password, None);
    assert_eq!(resp.status, 303, "sign-in failed: {}", resp.body);
    assert_eq!(resp.header("location"), Some("/staff"));
    session_cookie(&resp).expect("session cookie")
}

/// The CSRF token shown to this session (on the own-account page, which
/// stays open while a second factor must still be set up).
pub fn csrf_of(app: &TestApp, cookie: &str) -> String {
    let page = app.get_with_cookie("/staff/account", cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    hidden(&page.body, "csrf").expect("csrf field")
}

/// True when the cookie's session lets the person in.
pub fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let page = app.get_with_cookie("/staff", cookie);
    match page.status {
        200 => true,
        303 => {
            assert_eq!(page.header("location"), Some("/staff/login"));
            false
        }
        other => panic!("unexpected status {other}"),
    }
}

pub fn logout(app: &TestApp, cookie: &str, csrf: &str, extra: &[(&str, &str)]) -> Resp {
    let mut headers = vec![("Cookie", cookie)];
    headers.extend_from_slice(extra);
    app.post_form_with("/staff/logout", &headers, &[("csrf", csrf)])
}

/// POST a staff form with the session's cookie and CSRF token.
pub fn staff_post(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Resp {
    let csrf = csrf_of(app, cookie);
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_form_with(path, &[("Cookie", cookie)], &all)
}

/// Every audit event with this action, oldest first.
pub fn audit_events(db: &TestDb, action: &str) -> Vec<canary::audit::stored::AuditRow> {
    canary::db::audit::after(&mut db.connect(), 0, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

pub fn user_id(db: &TestDb, email: &str) -> canary::ids::UserId {
    canary::db::users::by_email(&mut db.connect(), email)
        .unwrap()
        .expect("account")
        .id
}
