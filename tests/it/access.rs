//! Staff access control and abuse resistance: the role matrix over every
//! staff route, CSRF refusals, login throttling, password rules and hashes.

use canary::auth::roles::Permission;
use canary::auth::Role;
use canary::web::all_routes;

use crate::helpers::*;
use crate::staff_helpers::*;

/// A well-formed alert id that names no alert.
const UNKNOWN_ALERT: &str = "00000000-0000-7000-8000-000000000000";

fn email_for(role: Role) -> String {
    format!("{}@example.org", role.code())
}

both_backends! {
    check_50_every_staff_route_with_every_role => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        for role in Role::ALL {
            add_user(&app.db, &email_for(role), role, PASSWORD);
        }
        // Routes with a `{case}` parameter are walked with a real case.
        let (token, idem) = app.fresh_form();
        let (case, _) = app.submit(&full_report(&token, &idem));
        let guarded: Vec<_> = all_routes().filter_map(|r| r.requires().map(|p| (r, p))).collect();
        assert!(guarded.len() >= 3, "the table lists the guarded routes");
        for (route, permission) in &guarded {
            // An alert that does not exist: past the role check it is not found.
            let path = route.path.replace("{case}", &case).replace("{id}", UNKNOWN_ALERT);
            assert!(!path.contains('{'), "unknown parameter in {}", route.path);
            // No session: to the login page, for GET and POST alike.
            let method = route.method.as_str();
            let anonymous = match method {
                "GET" => app.get(&path),
                _ => app.post_form_with(&path, &[], &[("csrf", "x")]),
            };
            assert_eq!(anonymous.status, 303, "{method} {path}");
            assert_eq!(anonymous.header("location"), Some("/staff/login"));
            for role in Role::ALL {
                let cookie = sign_in(&app, &email_for(role), PASSWORD);
                let csrf = csrf_of(&app, &cookie);
                let resp = match method {
                    "GET" => app.get_with_cookie(&path, &cookie),
                    _ => app.post_form_with(&path, &[("Cookie", &cookie)], &[("csrf", &csrf)]),
                };
                let allowed = role.can(*permission);
                // An empty form past the role check is refused as invalid (400, 422).
                let expected: &[u16] = match (allowed, route.path.contains("{id}")) {
                    (true, false) => &[200, 303, 400, 422],
                    (true, true) => &[404],
                    (false, _) => &[403],
                };
                assert!(expected.contains(&resp.status), "{role:?} {method} {path} gave {}", resp.status);
                if allowed && resp.status == 303 {
                    // Not the sign-in redirect (logout also lands there, but clears the cookie).
                    let to_login = resp.header("location") == Some("/staff/login");
                    assert!(!to_login || resp.header("set-cookie").is_some(), "{role:?} {}", path);
                }
            }
        }
        // Least privilege as the home page describes it.
        assert!(!Role::Analyst.can(Permission::Triage) && !Role::Reviewer.can(Permission::Export));
        assert!(!Role::Reviewer.can(Permission::ManageUsers) && !Role::Analyst.can(Permission::ManageUsers));
    };

    check_30_31_csrf_refusals => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let other = sign_in(&app, "rev@example.org", PASSWORD);
        let csrf = csrf_of(&app, &cookie);
        let other_csrf = csrf_of(&app, &other);
        assert_ne!(csrf, other_csrf);
        assert_eq!(logout(&app, &cookie, "", &[]).status, 403, "no token");
        assert_eq!(logout(&app, &cookie, &other_csrf, &[]).status, 403, "another session's token");
        assert_eq!(logout(&app, &cookie, &csrf, &[("Sec-Fetch-Site", "cross-site")]).status, 403);
        assert_eq!(logout(&app, &cookie, &csrf, &[("Origin", "https://evil.example")]).status, 403);
        assert!(signed_in(&app, &cookie), "nothing changed");
        let cross = app.post_form_with("/staff/login", &[("Sec-Fetch-Site", "cross-site")],
            &[("email", "rev@example.org"), ("password", PASSWORD)]);
        assert_eq!(cross.status, 403);
        assert!(cross.header("set-cookie").is_none());
        let same = logout(&app, &cookie, &csrf, &[("Sec-Fetch-Site", "same-origin")]);
        assert_eq!(same.status, 303);
        assert!(!signed_in(&app, &cookie));
    };

    check_41_hard_cap_per_account_whatever_the_source => |backend| {
        let settings = |env: &mut std::collections::HashMap<String, String>| {
            env.insert("CANARY_LOGIN_FAILURES_PER_HOUR".into(), "5".into());
            env.insert("CANARY_LOGIN_BACKOFF_AFTER".into(), "100".into());
        };
        let app = TestApp::spawn_with(backend, settings).unwrap();
        let other = TestApp::spawn_on(app.db.clone(), settings);
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        for i in 0..5 {
            let server = if i % 2 == 0 { &app } else { &other };
            assert_eq!(login_with(server, "rev@example.org", "wrong password here", None).status, 401);
        }
        for server in [&app, &other] {
            let refused = login_with(server, "rev@example.org", PASSWORD, None);
            assert_eq!(refused.status, 429, "even the right password");
            assert!(refused.header("retry-after").unwrap().parse::<u64>().unwrap() > 60);
        }
        // Unknown addresses are throttled the same way (no enumeration).
        for _ in 0..5 {
            assert_eq!(login_with(&app, "nobody@example.org", "wrong password here", None).status, 401);
        }
        assert_eq!(login_with(&app, "nobody@example.org", "wrong password here", None).status, 429);
    };

    check_41_parallel_guesses_cannot_pass_the_cap => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_LOGIN_FAILURES_PER_HOUR".into(), "5".into());
            env.insert("CANARY_LOGIN_BACKOFF_AFTER".into(), "100".into());
        }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let statuses: Vec<u16> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..12)
                .map(|_| s.spawn(|| login_with(&app, "rev@example.org", "wrong password here", None).status))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 5, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 7, "{statuses:?}");
    };

    check_41_exponential_back_off => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_LOGIN_BACKOFF_AFTER".into(), "2".into());
            env.insert("CANARY_LOGIN_BACKOFF_BASE_SECONDS".into(), "1".into());
        }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        assert_eq!(login_with(&app, "rev@example.org", "wrong password here", None).status, 401);
        assert_eq!(login_with(&app, "rev@example.org", "wrong password here", None).status, 401);
        let waiting = login_with(&app, "rev@example.org", PASSWORD, None);
        assert_eq!(waiting.status, 429);
        assert_eq!(waiting.header("retry-after"), Some("1"));
        std::thread::sleep(std::time::Duration::from_millis(1200));
        // Third failure: the wait doubles.
        assert_eq!(login_with(&app, "rev@example.org", "wrong password here", None).status, 401);
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).header("retry-after"), Some("2"));
    };

    login_failures_per_client => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_LOGIN_FAILURES_PER_CLIENT_PER_HOUR".into(), "3".into());
        }).unwrap();
        for i in 0..3 {
            assert_eq!(login_with(&app, &format!("n{i}@example.org"), "wrong password here", None).status, 401);
        }
        assert_eq!(login_with(&app, "n9@example.org", "wrong password here", None).status, 429);
    };

    check_37_38_hashes_and_upgrade => |backend| {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let app = TestApp::spawn(backend).unwrap();
        let out = canary(&app.db, &["user", "add", "--email", "a@example.org", "--role", "admin"], &format!("{PASSWORD}\n"));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stored = |email: &str| canary::db::users::by_email(&mut app.db.connect(), email).unwrap().unwrap().password_hash;
        assert!(stored("a@example.org").starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let weak = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13,
            argon2::Params::new(12288, 3, 1, None).unwrap())
            .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut argon2::password_hash::rand_core::OsRng))
            .unwrap().to_string();
        add_user_with_hash(&app.db, "old@example.org", Role::Reviewer, &weak);
        assert!(stored("old@example.org").starts_with("$argon2id$v=19$m=12288,t=3,p=1$"));
        sign_in(&app, "old@example.org", PASSWORD);
        let upgraded = stored("old@example.org");
        assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
        sign_in(&app, "old@example.org", PASSWORD);
    };
}

#[test]
fn check_39_49_password_rules_and_no_default_accounts() {
    let app = TestApp::spawn(Backend::Sqlite).unwrap();
    assert!(
        canary::db::users::list(&mut app.db.connect())
            .unwrap()
            .is_empty(),
        "no seeded account"
    );
    let add = |email: &str, password: &str| {
        canary(
            &app.db,
            &["user", "add", "--email", email, "--role", "reviewer"],
            &format!("{password}\n"),
        )
    };
    let short = add("a@example.org", "elevenchars");
    assert!(!short.status.success());
    assert!(text(&short.stderr).contains("at least 12"));
    assert!(
        !add("b@example.org", "Password1234").status.success(),
        "common password"
    );
    let sixty_four = format!("my dog 🐕 likes long walks {}", "x".repeat(64 - 26));
    assert_eq!(sixty_four.chars().count(), 64);
    assert!(add("c@example.org", &sixty_four).status.success());
    let max = format!("{} 🦜 {}", "word ".repeat(24), "y".repeat(5));
    assert_eq!(max.chars().count(), 128);
    assert!(add("d@example.org", &max).status.success());
    assert!(
        !add("e@example.org", &format!("{max}z")).status.success(),
        "129 characters"
    );
    sign_in(&app, "d@example.org", &max);
    let listed = text(&canary(&app.db, &["user", "list"], "").stdout);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    // Never from an argument: clap refuses a --password flag.
    assert!(!canary(
        &app.db,
        &[
            "user",
            "add",
            "--email",
            "f@example.org",
            "--role",
            "admin",
            "--password",
            "x"
        ],
        ""
    )
    .status
    .success());
}
