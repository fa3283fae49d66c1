//! Staff sign-in and sessions over HTTP: cookies, renewal at login, logout,
//! timeouts, revocation, sessions shared between servers. Test names carry
//! the security-checklist.md check numbers they cover.

use canary::auth::Role;

use crate::helpers::*;
use crate::staff_helpers::*;

both_backends! {
    login_and_logout => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let page = app.get("/staff/login");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("type=\"password\""));
        // Addresses are matched without regard to case or spaces.
        let cookie = sign_in(&app, "  Rev@Example.ORG ", PASSWORD);
        let home = app.get_with_cookie("/staff", &cookie);
        assert_eq!(home.status, 200);
        assert!(home.body.contains("rev@example.org"));
        assert_eq!(home.header("cache-control"), Some("no-store"));
        let csrf = hidden(&home.body, "csrf").unwrap();
        let out = logout(&app, &cookie, &csrf, &[]);
        assert_eq!(out.status, 303);
        assert_eq!(out.header("location"), Some("/staff/login"));
        assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    };

    check_42_cookie_flags => |backend| {
        let app = TestApp::spawn_with(backend, |env| { env.insert("CANARY_COOKIE_SECURE".into(), "true".into()); }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let resp = login_with(&app, "rev@example.org", PASSWORD, None);
        assert_eq!(resp.status, 303);
        let set = resp.header("set-cookie").unwrap();
        assert!(set.starts_with("__Host-canary-session="), "{set}");
        let attrs: Vec<String> = set.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect();
        for wanted in ["secure", "httponly", "samesite=lax", "path=/"] {
            assert!(attrs.iter().any(|a| a == wanted), "{wanted} missing: {set}");
        }
        assert!(!attrs.iter().any(|a| a.starts_with("domain")), "{set}");
        let value = session_cookie(&resp).unwrap();
        assert!(value.len() >= 43 + "__Host-canary-session=".len(), "32 random bytes");
        assert!(signed_in(&app, &value));
    };

    check_43_new_session_at_login_and_old_cookie_dead => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let first = sign_in(&app, "rev@example.org", PASSWORD);
        let again = login_with(&app, "rev@example.org", PASSWORD, Some(&first));
        assert_eq!(again.status, 303);
        let second = session_cookie(&again).unwrap();
        assert_ne!(first, second);
        assert!(!signed_in(&app, &first), "the cookie sent with the login no longer works");
        assert!(signed_in(&app, &second));
    };

    check_44_replay_after_logout => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let csrf = csrf_of(&app, &cookie);
        assert_eq!(logout(&app, &cookie, &csrf, &[]).status, 303);
        assert!(!signed_in(&app, &cookie));
        let replay = logout(&app, &cookie, &csrf, &[]);
        assert_eq!(replay.status, 303);
        assert_eq!(replay.header("location"), Some("/staff/login"));
    };

    check_45_idle_timeout => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_SESSION_IDLE_SECONDS".into(), "2".into());
        }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        assert!(signed_in(&app, &cookie));
        std::thread::sleep(std::time::Duration::from_millis(2600));
        assert!(!signed_in(&app, &cookie), "idle session refused");
    };

    check_45_absolute_timeout => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_SESSION_IDLE_SECONDS".into(), "2".into());
            env.insert("CANARY_SESSION_ABSOLUTE_SECONDS".into(), "3".into());
        }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        // Active all along (never idle for 2 s), yet ended 3 s after login.
        for _ in 0..2 {
            std::thread::sleep(std::time::Duration::from_millis(1100));
            assert!(signed_in(&app, &cookie));
        }
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(!signed_in(&app, &cookie), "session past its absolute limit refused");
    };

    check_47_disabling_a_user_ends_their_sessions => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let a = sign_in(&app, "rev@example.org", PASSWORD);
        let b = sign_in(&app, "rev@example.org", PASSWORD);
        assert!(signed_in(&app, &a) && signed_in(&app, &b));
        let out = canary(&app.db, &["user", "disable", "--email", "rev@example.org"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("2 session(s) ended"));
        assert!(!signed_in(&app, &a) && !signed_in(&app, &b));
        // The right password no longer signs in, with the usual refusal.
        let refused = login_with(&app, "rev@example.org", PASSWORD, None);
        assert_eq!(refused.status, 401);
        let listed = canary(&app.db, &["user", "list"], "");
        assert!(text(&listed.stdout).contains("rev@example.org\treviewer\tdisabled"));
    };

    check_46_password_change_ends_sessions => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let id = add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let hash = canary::auth::passwords::hash("a brand new passphrase").unwrap();
        let mut conn = app.db.connect();
        let ended = diesel::Connection::transaction(&mut conn, |c| {
            canary::auth::users::change_password(c, &canary::audit::Actor::cli(), &id, &hash)
                .map_err(|e| match e { canary::auth::users::UserError::Db(e) => e, o => panic!("{o}") })
        }).unwrap();
        assert_eq!(ended, 1);
        assert!(!signed_in(&app, &cookie));
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).status, 401);
        sign_in(&app, "rev@example.org", "a brand new passphrase");
    };

    check_40_unknown_user_and_wrong_password_look_the_same => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let wrong = login_with(&app, "rev@example.org", "not the password at all", None);
        let unknown = login_with(&app, "nobody@example.org", "not the password at all", None);
        let junk = login_with(&app, "not an address", "x", None);
        assert_eq!(wrong.status, 401);
        assert_eq!(unknown.status, wrong.status);
        assert_eq!(junk.status, wrong.status);
        assert_eq!(unknown.body, wrong.body);
        assert_eq!(junk.body, wrong.body);
        assert!(wrong.header("set-cookie").is_none());
        assert!(!wrong.body.contains("rev@example.org"), "the address is not echoed");
    };
}

/// The acceptance: any app instance on the same PostgreSQL accepts
/// a session, and a logout on one ends it on the other.
#[test]
fn a_session_from_one_server_works_on_another() {
    if postgres_base_url().is_none() {
        eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); not run");
        return;
    }
    let first = TestApp::spawn(Backend::Postgres).unwrap();
    let second = TestApp::spawn_on(first.db.clone(), |_| {});
    add_user(&first.db, "rev@example.org", Role::Reviewer, PASSWORD);
    let cookie = sign_in(&first, "rev@example.org", PASSWORD);
    assert!(signed_in(&second, &cookie));
    let csrf = csrf_of(&second, &cookie);
    assert_eq!(logout(&second, &cookie, &csrf, &[]).status, 303);
    assert!(!signed_in(&first, &cookie));
}
