//! Account management on `/staff/users` and on the own-account page: add,
//! change role, disable, re-enable, reset two-step sign-in, change one's
//! own password; each audited with a reason and ending sessions as it must.

use canary::auth::Role;

use crate::helpers::*;
use crate::staff_helpers::*;
use crate::totp_helpers::*;

fn change(
    app: &TestApp,
    admin: &str,
    account: &str,
    action: &str,
    new_role: &str,
    reason: &str,
) -> Resp {
    staff_post(
        app,
        "/staff/users/change",
        admin,
        &[
            ("account", account),
            ("action", action),
            ("new_role", new_role),
            ("change_reason", reason),
        ],
    )
}

both_backends! {
    admin_adds_an_account => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
        let admin = sign_in(&app, "admin@example.org", PASSWORD);
        let add = |email: &str, password: &str, reason: &str| staff_post(&app, "/staff/users/add", &admin, &[
            ("email", email), ("role", "analyst"), ("password", password), ("add_reason", reason),
        ]);
        let short = add("new@example.org", "elevenchars", "New analyst");
        assert_eq!(short.status, 422);
        assert!(unescape(&short.body).contains("Use at least 12 characters."));
        assert!(!short.body.contains("elevenchars"), "the password is not sent back");
        assert_eq!(add("new@example.org", "a fine long passphrase", "").status, 422, "a reason is needed");
        assert_eq!(add("not an address", "a fine long passphrase", "New analyst").status, 422);
        let added = add("New@Example.org", "a fine long passphrase", "New analyst");
        assert_eq!(added.status, 303, "{}", errors_in(&added.body));
        let dup = add("new@example.org", "a fine long passphrase", "Again");
        assert_eq!(dup.status, 422);
        assert!(unescape(&dup.body).contains("already exists"));
        let events = audit_events(&app.db, "user_added");
        let event = events.last().unwrap();
        assert_eq!(event.actor_id.as_deref(), Some(user_id(&app.db, "admin@example.org").as_str()));
        assert_eq!(event.new_value.as_deref(), Some("analyst"));
        assert_eq!(event.reason.as_deref(), Some("New analyst"));
        let analyst = sign_in(&app, "new@example.org", "a fine long passphrase");
        assert_eq!(app.get_with_cookie("/staff/users", &analyst).status, 403);
        let list = app.get_with_cookie("/staff/users", &admin);
        assert!(list.body.contains("new@example.org"));
    };

    role_change_and_disable_end_sessions_at_once => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let admin = sign_in(&app, "admin@example.org", PASSWORD);
        let rev_id = user_id(&app.db, "rev@example.org");
        let target = sign_in(&app, "rev@example.org", PASSWORD);

        assert_eq!(change(&app, &admin, &rev_id, "role", "analyst", "").status, 422, "no reason");
        assert!(signed_in(&app, &target));
        assert_eq!(change(&app, &admin, &rev_id, "role", "analyst", "Moved to analysis").status, 303);
        assert!(!signed_in(&app, &target), "session ended with the role change");
        let event = audit_events(&app.db, "user_role_changed").pop().unwrap();
        assert_eq!((event.old_value.as_deref(), event.new_value.as_deref()), (Some("reviewer"), Some("analyst")));
        assert_eq!(event.reason.as_deref(), Some("Moved to analysis"));
        assert_eq!(event.entity_id.as_deref(), Some(rev_id.as_str()));

        let target = sign_in(&app, "rev@example.org", PASSWORD);
        assert_eq!(change(&app, &admin, &rev_id, "disable", "", "Left the team").status, 303);
        assert!(!signed_in(&app, &target), "session ended with the account");
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).status, 401);
        let event = audit_events(&app.db, "user_disabled").pop().unwrap();
        assert_eq!((event.old_value.as_deref(), event.new_value.as_deref()), (Some("false"), Some("true")));
        assert_eq!(event.reason.as_deref(), Some("Left the team"));
        assert_eq!(change(&app, &admin, &rev_id, "disable", "", "Twice").status, 422, "already disabled");

        assert_eq!(change(&app, &admin, &rev_id, "enable", "", "Came back").status, 303);
        let event = audit_events(&app.db, "user_enabled").pop().unwrap();
        assert_eq!((event.old_value.as_deref(), event.new_value.as_deref()), (Some("true"), Some("false")));
        let back = sign_in(&app, "rev@example.org", PASSWORD);
        assert!(app.get_with_cookie("/staff", &back).body.contains("(Analyst)"));
    };

    an_admin_cannot_disable_or_demote_themself => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
        let admin = sign_in(&app, "admin@example.org", PASSWORD);
        let own = user_id(&app.db, "admin@example.org");
        for (action, role) in [("disable", ""), ("role", "reviewer")] {
            let refused = change(&app, &admin, &own, action, role, "Testing");
            assert_eq!(refused.status, 422, "{action}");
            assert!(unescape(&refused.body).contains("You cannot disable or demote your own account"));
        }
        assert!(signed_in(&app, &admin));
        assert!(app.get_with_cookie("/staff/users", &admin).status == 200, "still an admin");
        assert!(audit_events(&app.db, "user_disabled").is_empty());
        assert!(audit_events(&app.db, "user_role_changed").is_empty());
    };

    admin_resets_two_step_sign_in => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let admin = sign_in(&app, "admin@example.org", PASSWORD);
        enrol(&app, &sign_in(&app, "rev@example.org", PASSWORD));
        password_step(&app, "rev@example.org");
        let rev_id = user_id(&app.db, "rev@example.org");
        assert!(app.get_with_cookie("/staff/users", &admin).body.contains("<td>On</td>"));
        assert_eq!(change(&app, &admin, &rev_id, "reset_totp", "", "Lost phone").status, 303);
        let event = audit_events(&app.db, "totp_reset").pop().unwrap();
        assert_eq!(event.reason.as_deref(), Some("Lost phone"));
        // The password alone signs in again, so the person can set it up anew.
        sign_in(&app, "rev@example.org", PASSWORD);
        // On the server, for an admin locked out with no other admin.
        let admin_key = enrol(&app, &admin);
        assert!(!admin_key.is_empty());
        assert_eq!(login_with(&app, "admin@example.org", PASSWORD, None).header("location"), Some("/staff/login/code"));
        let args = ["user", "reset-totp", "--email", "admin@example.org", "--reason", "Lost phone, only admin"];
        let out = canary(&app.db, &args, "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("1 session(s) ended"), "{}", text(&out.stdout));
        assert!(!signed_in(&app, &admin));
        sign_in(&app, "admin@example.org", PASSWORD);
        let again = canary(&app.db, &args, "");
        assert!(!again.status.success());
        assert!(text(&again.stderr).contains("has no two-step sign-in"));
        let event = audit_events(&app.db, "totp_reset").pop().unwrap();
        assert_eq!((event.actor_role.as_str(), event.reason.as_deref()), ("cli", Some("Lost phone, only admin")));
    };

    reviewers_and_analysts_cannot_manage_accounts => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "admin@example.org", Role::Admin, PASSWORD);
        let admin_id = user_id(&app.db, "admin@example.org");
        for role in [Role::Reviewer, Role::Analyst] {
            let email = format!("{}@example.org", role.code());
            add_user(&app.db, &email, role, PASSWORD);
            let cookie = sign_in(&app, &email, PASSWORD);
            let posts: [(&str, Vec<(&str, &str)>); 3] = [
                ("/staff/users/add", vec![("email", "x@example.org"), ("role", "admin"), ("password", "a fine long passphrase"), ("add_reason", "r")]),
                ("/staff/users/change", vec![("account", &admin_id), ("action", "disable"), ("change_reason", "r")]),
                ("/staff/users/policy", vec![("totp_admin", "on"), ("policy_reason", "r")]),
            ];
            for (path, fields) in posts {
                assert_eq!(staff_post(&app, path, &cookie, &fields).status, 403, "{role:?} {path}");
            }
        }
        assert!(canary::db::users::by_email(&mut app.db.connect(), "x@example.org").unwrap().is_none());
        assert!(signed_in(&app, &sign_in(&app, "admin@example.org", PASSWORD)));
        assert!(audit_events(&app.db, "role_policy_changed").is_empty());
    };

    changing_own_password_ends_other_sessions_and_sends_a_notice => |backend| {
        let sink = crate::smtp_sink::SmtpSink::start();
        let app = TestApp::spawn_with(backend, crate::mail::mail_env(&sink)).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let here = sign_in(&app, "rev@example.org", PASSWORD);
        let elsewhere = sign_in(&app, "rev@example.org", PASSWORD);
        let new = "a brand new passphrase";
        let post = |current: &str, again: &str| staff_post(&app, "/staff/account/password", &here, &[
            ("current_password", current), ("new_password", new), ("new_password_again", again),
        ]);
        let wrong = post("not my password at all", new);
        assert_eq!(wrong.status, 422);
        assert!(unescape(&wrong.body).contains("That is not your current password."));
        assert_eq!(post(PASSWORD, "a different passphrase").status, 422);
        assert!(signed_in(&app, &elsewhere), "nothing changed yet");
        let changed = post(PASSWORD, new);
        assert_eq!(changed.status, 303);
        assert_eq!(changed.header("location"), Some("/staff/account?done=password"));
        assert!(signed_in(&app, &here), "this session goes on");
        assert!(!signed_in(&app, &elsewhere), "the other session ended");
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).status, 401);
        sign_in(&app, "rev@example.org", new);
        let event = audit_events(&app.db, "password_changed").pop().unwrap();
        assert_eq!((event.old_value.as_deref(), event.new_value.as_deref()), (None, None));
        let all = canary::db::audit::after(&mut app.db.connect(), 0, 10_000).unwrap();
        let text = format!("{:?}", all.iter().map(|e| (&e.field, &e.old_value, &e.new_value, &e.reason)).collect::<Vec<_>>());
        assert!(!text.contains(new) && !text.contains(PASSWORD), "no password in the audit trail");
        // The account hears of it by mail, without the password.
        let subject = Some("Canary: your password was changed");
        let mails = sink.wait_until("the change notice", |r| r.iter().any(|m| m.subject() == subject));
        let notice = mails.iter().find(|m| m.subject() == subject).unwrap();
        assert_eq!(notice.rcpt_to, vec!["rev@example.org".to_owned()]);
        assert!(!notice.body().contains(new) && !notice.body().contains(PASSWORD));
        assert_eq!(mails.iter().filter(|m| m.subject() == subject).count(), 1);
    };
}
