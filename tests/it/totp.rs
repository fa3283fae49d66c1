//! Two-step sign-in over HTTP: enrolment with a code the test computes
//! itself, the code step at login, wrong and replayed codes, the pending
//! sign-in cookie, and the per-role policy that forces enrolment.

use canary::auth::Role;

use crate::helpers::*;
use crate::staff_helpers::*;
use crate::totp_helpers::*;

both_backends! {
    enrol_then_sign_in_with_a_code => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let page = app.get_with_cookie("/staff/account", &cookie);
        assert!(page.body.contains("Off: you sign in with your password only."));
        let key = enrol(&app, &cookie);
        assert_eq!(key.len(), 32, "20 random bytes in base32");
        let page = app.get_with_cookie("/staff/account?done=totp-on", &cookie);
        assert!(page.body.contains("Two-step sign-in is on"));
        assert!(!page.body.contains(&key[..8]), "the key is shown only while setting up");
        // Stored sealed, never as the key itself.
        let stored = canary::db::totp::get(&mut app.db.connect(), &user_id(&app.db, "rev@example.org")).unwrap().unwrap();
        assert!(stored.enabled);
        assert!(!stored.secret_sealed.contains(&hex::encode(base32_decode(&key))));
        let enabled = audit_events(&app.db, "totp_enabled");
        assert_eq!(enabled.len(), 1);
        assert_eq!(enabled[0].new_value.as_deref(), Some("on"));

        // The password alone no longer gives a session.
        let pending = password_step(&app, "rev@example.org");
        assert!(pending.starts_with("canary-pending="));
        let form = app.get_with_cookie("/staff/login/code", &pending);
        assert_eq!(form.status, 200);
        assert!(form.body.contains("autocomplete=\"one-time-code\""));
        let session = session_from(&code_step(&app, &pending, &next_code(&key)));
        assert!(signed_in(&app, &session));
        let login = audit_events(&app.db, "login");
        assert_eq!(login.last().unwrap().new_value.as_deref(), Some("totp"));
    };

    pending_cookie_flags => |backend| {
        let app = TestApp::spawn_with(backend, |env| { env.insert("CANARY_COOKIE_SECURE".into(), "true".into()); }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let key = enrol(&app, &sign_in(&app, "rev@example.org", PASSWORD));
        let resp = login_with(&app, "rev@example.org", PASSWORD, None);
        let set = resp.header("set-cookie").unwrap();
        assert!(set.starts_with("__Host-canary-pending="), "{set}");
        let attrs: Vec<String> = set.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect();
        for wanted in ["secure", "httponly", "samesite=lax", "path=/", "max-age=300"] {
            assert!(attrs.iter().any(|a| a == wanted), "{wanted} missing: {set}");
        }
        assert!(!attrs.iter().any(|a| a.starts_with("domain")), "{set}");
        let pending = set.split(';').next().unwrap();
        let done = code_step(&app, pending, &next_code(&key));
        assert_eq!(done.status, 303);
        let cookies = done.header("set-cookie").unwrap();
        assert!(cookies.contains("__Host-canary-session="), "{cookies}");
        assert!(cookies.contains("__Host-canary-pending=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"), "{cookies}");
    };

    wrong_codes_are_refused_and_throttled => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_LOGIN_FAILURES_PER_HOUR".into(), "4".into());
            env.insert("CANARY_LOGIN_BACKOFF_AFTER".into(), "100".into());
        }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let key = enrol(&app, &sign_in(&app, "rev@example.org", PASSWORD));
        let pending = password_step(&app, "rev@example.org");
        let right = next_code(&key);
        let wrong = if right == "000000" { "000001" } else { "000000" };
        for typed in [wrong, "12345", "abcdef"] {
            let refused = code_step(&app, &pending, typed);
            assert_eq!(refused.status, 401, "{typed}");
            assert!(unescape(&refused.body).contains("That code is not right"));
            assert!(refused.header("set-cookie").is_none(), "no session");
        }
        assert_eq!(audit_events(&app.db, "login_code_failed").len(), 3);
        // The password and three codes used the hour's four tries: even the
        // right code is refused now, and so is the password.
        let locked = code_step(&app, &pending, &right);
        assert_eq!(locked.status, 429);
        assert!(locked.header("retry-after").is_some());
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).status, 429);
    };

    a_used_code_is_refused => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let key = enrol(&app, &sign_in(&app, "rev@example.org", PASSWORD));
        let code = next_code(&key);
        let pending = password_step(&app, "rev@example.org");
        session_from(&code_step(&app, &pending, &code));
        // The same code again, with a fresh password step or the old cookie.
        let again = password_step(&app, "rev@example.org");
        let replay = code_step(&app, &again, &code);
        assert_eq!(replay.status, 401);
        assert!(replay.header("set-cookie").is_none());
        assert_eq!(code_step(&app, &pending, &code).status, 401);
    };

    pending_cookie_expired_or_forged_is_refused => |backend| {
        use canary::auth::pending;
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        add_user(&app.db, "other@example.org", Role::Admin, PASSWORD);
        let key = enrol(&app, &sign_in(&app, "rev@example.org", PASSWORD));
        enrol(&app, &sign_in(&app, "other@example.org", PASSWORD));
        let (rev, other) = (user_id(&app.db, "rev@example.org"), user_id(&app.db, "other@example.org"));
        let real = password_step(&app, "rev@example.org");
        let refused = |cookie: &str| {
            let resp = code_step(&app, cookie, &next_code(&key));
            assert_eq!(resp.status, 401, "{cookie}");
            assert!(unescape(&resp.body).contains("Your sign-in was not finished in time"));
            assert!(!resp.header("set-cookie").unwrap_or("").contains("canary-session="));
        };
        // Another account's id under this account's signature.
        refused(&real.replace(rev.as_str(), other.as_str()));
        // A later expiry under the old signature.
        let value = real.trim_start_matches("canary-pending=");
        let expires: i64 = value.split('.').nth(1).unwrap().parse().unwrap();
        refused(&format!("canary-pending={}", value.replace(&expires.to_string(), &(expires + 3600).to_string())));
        refused("canary-pending=");
        refused("");
        // Rightly signed (the server's own key) but five minutes old.
        let secret = server_secret(&app.db);
        let keys = canary::crypto::Keys::derive(&secret);
        let changed = canary::db::users::by_id(&mut app.db.connect(), &rev).unwrap().unwrap().password_changed_at;
        let old = pending::issue(&keys, &rev, changed, unix_now() - pending::LIFETIME_SECONDS - 1);
        refused(&format!("canary-pending={old}"));
        // The same recipe with the current time works: the refusals above
        // were about the cookie, not the code.
        let fresh = pending::issue(&keys, &rev, changed, unix_now());
        session_from(&code_step(&app, &format!("canary-pending={fresh}"), &next_code(&key)));
    };

    policy_forces_enrolment => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let admin = sign_in(&app, "admin@example.org", PASSWORD);
        let no_reason = staff_post(&app, "/staff/users/policy", &admin, &[("totp_reviewer", "on")]);
        assert_eq!(no_reason.status, 422);
        let set = staff_post(&app, "/staff/users/policy", &admin,
            &[("totp_reviewer", "on"), ("policy_reason", "Reviewers see case details")]);
        assert_eq!(set.status, 303, "{}", errors_in(&set.body));
        let events = audit_events(&app.db, "role_policy_changed");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].entity_id.as_deref(), Some("reviewer"));
        assert_eq!((events[0].old_value.as_deref(), events[0].new_value.as_deref()), (Some("false"), Some("true")));
        assert_eq!(events[0].reason.as_deref(), Some("Reviewers see case details"));
        assert!(app.get_with_cookie("/staff", &admin).status == 200, "admins are not affected");

        let rev = sign_in(&app, "rev@example.org", PASSWORD);
        let home = app.get_with_cookie("/staff", &rev);
        assert_eq!(home.status, 303);
        assert_eq!(home.header("location"), Some("/staff/account"));
        let account = app.get_with_cookie("/staff/account", &rev);
        assert_eq!(account.status, 200);
        assert!(account.body.contains("Your role requires two-step sign-in"));
        let csrf = hidden(&account.body, "csrf").unwrap();
        let post = app.post_form_with("/staff/logout", &[("Cookie", &rev), ("Sec-Fetch-Site", "cross-site")], &[("csrf", &csrf)]);
        assert_eq!(post.status, 403, "the usual CSRF rules still apply");
        let key = enrol(&app, &rev);
        assert_eq!(app.get_with_cookie("/staff", &rev).status, 200, "open once enrolled");
        // Required, so it cannot be turned off.
        let off = staff_post(&app, "/staff/account/totp/off", &rev,
            &[("off_password", PASSWORD), ("off_code", &next_code(&key))]);
        assert_eq!(off.status, 422);
        assert!(unescape(&off.body).contains("cannot be turned off"));
    };

    turning_totp_off_needs_password_and_code => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let key = enrol(&app, &cookie);
        let off = |password: &str, code: &str| staff_post(&app, "/staff/account/totp/off", &cookie,
            &[("off_password", password), ("off_code", code)]);
        assert_eq!(off("wrong password here", &next_code(&key)).status, 422);
        assert_eq!(off(PASSWORD, "000000x").status, 422);
        assert!(audit_events(&app.db, "totp_disabled").is_empty());
        assert_eq!(off(PASSWORD, &next_code(&key)).status, 303);
        assert_eq!(audit_events(&app.db, "totp_disabled").len(), 1);
        sign_in(&app, "rev@example.org", PASSWORD);
    };
}

/// A role that requires the code cannot reach any other staff route before
/// enrolment (the extractor decides, so every route in the table is checked).
#[test]
fn policy_closes_every_other_staff_route() {
    use canary::web::all_routes;
    let app = TestApp::spawn(Backend::Sqlite).unwrap();
    add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
    add_user(&app.db, "other@example.org", Role::Admin, PASSWORD);
    let other = sign_in(&app, "other@example.org", PASSWORD);
    let set = staff_post(
        &app,
        "/staff/users/policy",
        &other,
        &[
            ("totp_admin", "on"),
            ("policy_reason", "All admins use two-step sign-in"),
        ],
    );
    assert_eq!(set.status, 303);
    let cookie = sign_in(&app, "admin@example.org", PASSWORD);
    let csrf = hidden(&app.get_with_cookie("/staff/account", &cookie).body, "csrf").unwrap();
    for route in all_routes().filter(|r| r.requires().is_some()) {
        let open = route.path.starts_with("/staff/account") || route.path == "/staff/logout";
        if open {
            continue;
        }
        let resp = match route.method.as_str() {
            "GET" => app.get_with_cookie(route.path, &cookie),
            _ => app.post_form_with(route.path, &[("Cookie", &cookie)], &[("csrf", &csrf)]),
        };
        let expected = if route.method.as_str() == "GET" {
            303
        } else {
            403
        };
        assert_eq!(
            resp.status,
            expected,
            "{} {}",
            route.method.as_str(),
            route.path
        );
    }
    assert_eq!(
        app.get_with_cookie("/staff/users", &cookie)
            .header("location"),
        Some("/staff/account")
    );
}
