//! The audit trail: logins, logouts, failures and account changes append
//! hash-chained events; `canary audit verify` passes on a normal history and
//! names the first altered event; the table refuses UPDATE and DELETE.

use canary::audit::stored::AuditRow;
use canary::auth::Role;
use canary::db::audit::after;
use canary::db::DbConnection;
use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;

use crate::helpers::*;
use crate::staff_helpers::*;

fn events(db: &TestDb) -> Vec<AuditRow> {
    after(&mut db.connect(), 0, 10_000).unwrap()
}

fn verify(db: &TestDb) -> std::process::Output {
    canary(db, &["audit", "verify"], "")
}

/// Some history: an account added by the CLI, a failed and a good login, a logout.
fn history(app: &TestApp) {
    let out = canary(
        &app.db,
        &[
            "user",
            "add",
            "--email",
            "rev@example.org",
            "--role",
            "reviewer",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        login_with(app, "rev@example.org", "hunter2-marker-password", None).status,
        401
    );
    let cookie = sign_in(app, "rev@example.org", PASSWORD);
    let csrf = csrf_of(app, &cookie);
    assert_eq!(logout(app, &cookie, &csrf, &[]).status, 303);
}

both_backends! {
    logins_logouts_and_account_changes_are_recorded => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        history(&app);
        let out = canary(&app.db, &["user", "disable", "--email", "rev@example.org"], "");
        assert!(out.status.success());
        let rows = events(&app.db);
        let actions: Vec<&str> = rows.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["user_added", "login_failed", "login", "logout", "user_disabled"]);
        let seqs: Vec<i64> = rows.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert_eq!(rows[0].prev_hash, "0".repeat(64), "genesis");
        for pair in rows.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        let user_id = rows[0].entity_id.clone().unwrap();
        assert_eq!(rows[1].actor_id, None, "a failed login has no actor");
        assert_eq!(rows[1].entity_id.as_deref(), Some(user_id.as_str()));
        assert_eq!((rows[2].actor_id.as_deref(), rows[2].actor_role.as_str()), (Some(user_id.as_str()), "reviewer"));
        assert_eq!(rows[4].new_value.as_deref(), Some("true"));
        let all = format!("{rows:?}");
        for secret in ["hunter2-marker-password", PASSWORD, "127.0.0.1", "ureq"] {
            assert!(!all.contains(secret), "{secret} in the audit trail");
        }
        let before = rows[0].at_utc;
        assert!(rows.iter().all(|e| e.at_utc >= before), "server time, in order");
    };

    verify_passes_then_names_the_altered_event => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        history(&app);
        let out = verify(&app.db);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("4 events"), "{}", text(&out.stdout));
        // An attacker with database access drops the guard and edits a row.
        let mut conn = app.db.connect();
        let drop = match conn {
            DbConnection::Sqlite(_) => "DROP TRIGGER audit_events_no_update",
            DbConnection::Postgres(_) => "DROP TRIGGER audit_events_no_update ON audit_events",
        };
        conn.batch_execute(drop).unwrap();
        conn.batch_execute("UPDATE audit_events SET new_value = 'admin' WHERE seq = 1").unwrap();
        let out = verify(&app.db);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("seq 1"), "{}", text(&out.stderr));
        // Recomputing the edited row's hash without the server key does not
        // help: the chain is an HMAC under the key.
        let edited = events(&app.db).remove(0);
        let forged = format!("UPDATE audit_events SET hash = '{}' WHERE seq = 1", canary::audit::row_hash(&edited));
        conn.batch_execute(&forged).unwrap();
        let out = verify(&app.db);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("seq 1: contents"), "{}", text(&out.stderr));
    };

    check_63_update_and_delete_fail_through_canarys_connection => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        history(&app);
        let mut conn = canary::db::connect(&app.db.url).unwrap();
        for sql in ["UPDATE audit_events SET action = 'nothing' WHERE seq = 2", "DELETE FROM audit_events WHERE seq = 4", "DELETE FROM audit_events"] {
            let err = diesel::sql_query(sql).execute(&mut conn).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        if let DbConnection::Postgres(_) = conn {
            assert!(conn.batch_execute("TRUNCATE audit_events").is_err());
        }
        assert_eq!(events(&app.db).len(), 4);
        assert!(verify(&app.db).status.success());
    };

    concurrent_appends_keep_the_chain => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        std::thread::scope(|s| {
            for i in 0..20 {
                let app = &app;
                s.spawn(move || {
                    let status = login_with(app, &format!("user{i}@example.org"), "wrong password here", None).status;
                    assert_eq!(status, 401);
                });
            }
        });
        let out = verify(&app.db);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("21 events"));
    };
}
