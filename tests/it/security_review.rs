//! The independent security review's findings (one test per item, named
//! `security_review_N_…`): the key file, trusted proxies, the keyed and
//! anchored audit chain, turning TOTP off, cross-site and replayed public
//! forms, audited creation and views, and case pages for admins only.

use canary::auth::Role;
use canary::config::Config;
use canary::startup::Application;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::helpers::*;
use crate::staff_helpers::*;
use crate::totp_helpers::*;

/// Try to start a server with `env`; the start-up error, if it failed.
fn start_error(env: &std::collections::HashMap<String, String>) -> Option<String> {
    let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
    actix_web::rt::System::new().block_on(async move {
        match Application::build(config).await {
            Ok(app) => {
                app.handle().stop(false).await;
                None
            }
            Err(e) => Some(format!("{e:#}")),
        }
    })
}

fn legacy_rows(conn: &mut canary::db::DbConnection) -> i64 {
    canary::db::schema::server_secrets::table
        .count()
        .get_result(conn)
        .unwrap()
}

/// Every byte of a SQLite database file and its WAL.
fn sqlite_bytes(path: &str) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap();
    if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
        all.extend(wal);
    }
    all
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn fields(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

both_backends! {
    security_review_1_secret_not_in_database => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        enrol(&app, &cookie);
        let secret = server_secret(&app.db);
        let mut conn = app.db.connect();
        assert_eq!(legacy_rows(&mut conn), 0, "no secret stored in the database");
        let fingerprint = canary::crypto::Keys::derive(&secret).fingerprint();
        let record = canary::db::secrets::record(&mut conn).unwrap().unwrap();
        assert_eq!(record.fingerprint, fingerprint, "only the fingerprint is kept");

        // A copy of the database without its key file does not start, and
        // says which key it expects.
        let copy_dir = tempfile::tempdir().unwrap();
        let copy_url = match &app.db.url {
            canary::config::DatabaseUrl::Sqlite(path) => {
                conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
                let bytes = sqlite_bytes(path);
                assert!(!contains(&bytes, hex::encode(&secret).as_bytes()), "hex secret in the file");
                assert!(!contains(&bytes, &secret), "raw secret in the file");
                let copy = copy_dir.path().join("copy.db");
                std::fs::copy(path, &copy).unwrap();
                format!("sqlite://{}", copy.display())
            }
            canary::config::DatabaseUrl::Postgres(url) => url.clone(),
        };
        let mut env = test_env(&app.db);
        env.insert("CANARY_DATABASE_URL".into(), copy_url.clone());
        env.insert("CANARY_KEY_FILE".into(), copy_dir.path().join("canary.key").display().to_string());
        let refused = start_error(&env).expect("the copy must not start");
        assert!(refused.contains(&fingerprint), "{refused}");
        assert!(!copy_dir.path().join("canary.key").exists(), "no new key was made for the copy");
        // Nor with a key of the attacker's choosing.
        env.insert("CANARY_SECRET".into(), "ab".repeat(32));
        let refused = start_error(&env).expect("a different key must not start");
        assert!(refused.contains(&fingerprint), "{refused}");

        // What the copy holds opens nothing without the key: the sealed
        // TOTP secret and a pending sign-in cookie need it.
        let id = user_id(&app.db, "rev@example.org");
        let sealed = canary::db::totp::get(&mut conn, &id).unwrap().unwrap().secret_sealed;
        let guess = canary::crypto::Keys::derive(&[0xab; 32]);
        assert!(guess.open_totp(&id, &sealed).is_none());
        let changed = canary::db::users::by_id(&mut conn, &id).unwrap().unwrap().password_changed_at;
        let forged = canary::auth::pending::issue(&guess, &id, changed, unix_now());
        let resp = code_step(&app, &format!("canary-pending={forged}"), "000000");
        assert_eq!(resp.status, 401, "a forged pending sign-in is refused");
        assert!(!resp.header("set-cookie").unwrap_or("").contains("canary-session="));
    };

    security_review_2_forwarded_header_trusted_only_from_proxies => |backend| {
        // The test client (127.0.0.1) is not a trusted proxy: its header is ignored.
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_CLIENT_IP_HEADER".into(), "X-Forwarded-For".into());
            env.insert("CANARY_TRUSTED_PROXIES".into(), "10.0.0.0/8".into());
            env.insert("CANARY_SUBMIT_PER_CLIENT_PER_HOUR".into(), "1".into());
        }).unwrap();
        let send = |app: &TestApp, forwarded: &str| {
            let (token, idem) = app.fresh_form();
            let mut form = full_report(&token, &idem);
            set(&mut form, "action", "submit");
            app.post_form_with("/report", &[("X-Forwarded-For", forwarded)], &fields(&form)).status
        };
        assert_eq!(send(&app, "198.51.100.1"), 303);
        assert_eq!(send(&app, "198.51.100.2"), 429, "a new header is not a new client");

        // Behind a trusted proxy: the rightmost address the proxy did not add.
        let proxied = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_CLIENT_IP_HEADER".into(), "X-Forwarded-For".into());
            env.insert("CANARY_TRUSTED_PROXIES".into(), "127.0.0.1/32".into());
            env.insert("CANARY_SUBMIT_PER_CLIENT_PER_HOUR".into(), "1".into());
        }).unwrap();
        assert_eq!(send(&proxied, "203.0.113.9, 198.51.100.1"), 303);
        assert_eq!(send(&proxied, "203.0.113.9, 198.51.100.2"), 303, "another client");
        assert_eq!(send(&proxied, "192.0.2.77, 198.51.100.1"), 429, "a forged left part changes nothing");
    };

    security_review_3_audit_chain_is_keyed_and_anchored => |backend| {
        let anchors = tempfile::tempdir().unwrap();
        let anchor_file = anchors.path().join("anchors.log");
        let app = TestApp::spawn(backend).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        assert_eq!(login_with(&app, "rev@example.org", "wrong password here", None).status, 401);
        sign_in(&app, "rev@example.org", PASSWORD);
        let url = app.db.url_string();
        let file = anchor_file.display().to_string();
        let env = [("CANARY_DATABASE_URL", url.as_str()), ("CANARY_AUDIT_ANCHOR_FILE", file.as_str())];
        let out = run_canary(&["audit", "anchor"], &env, "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let line = std::fs::read_to_string(&anchor_file).unwrap();
        let hash = line.split("hash=").nth(1).unwrap().trim().to_owned();
        assert_eq!(hash.len(), 64);
        assert!(text(&out.stdout).contains(&hash));
        let verify = |anchor: Option<&str>| {
            let mut args = vec!["audit", "verify"];
            args.extend(anchor.map(|a| ["--anchor", a]).into_iter().flatten());
            run_canary(&args, &[("CANARY_DATABASE_URL", url.as_str())], "")
        };
        assert!(verify(Some(&hash)).status.success());
        // The server writes an anchor when it starts (and every 24 hours).
        let at_start = anchors.path().join("server.log");
        let server_file = at_start.display().to_string();
        let _second = TestApp::spawn_on(app.db.clone(), |env| {
            env.insert("CANARY_AUDIT_ANCHOR_FILE".into(), server_file.clone());
        });
        let (head_seq, _) = canary::db::audit::head(&mut app.db.connect()).unwrap().unwrap();
        let mut written = String::new();
        for _ in 0..100 {
            written = std::fs::read_to_string(&at_start).unwrap_or_default();
            if !written.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(written.contains(&format!("seq={head_seq} hash=")), "{written:?}");

        // An attacker with the database (not the key) rewrites the first
        // event and recomputes every hash after it.
        let mut conn = app.db.connect();
        let drop = match conn {
            canary::db::DbConnection::Sqlite(_) => "DROP TRIGGER audit_events_no_update",
            canary::db::DbConnection::Postgres(_) => "DROP TRIGGER audit_events_no_update ON audit_events",
        };
        conn.batch_execute(drop).unwrap();
        let mut rows = canary::db::audit::after(&mut conn, 0, 1000).unwrap();
        rows[0].actor_role = "admin".into();
        let mut prev = "0".repeat(64);
        for row in &mut rows {
            row.prev_hash = prev.clone();
            row.hash = canary::audit::row_hash(row);
            prev = row.hash.clone();
            diesel::sql_query("UPDATE audit_events SET actor_role = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
                .bind::<diesel::sql_types::Text, _>(&row.actor_role)
                .bind::<diesel::sql_types::Text, _>(&row.prev_hash)
                .bind::<diesel::sql_types::Text, _>(&row.hash)
                .bind::<diesel::sql_types::BigInt, _>(row.seq)
                .execute(&mut conn)
                .unwrap();
        }
        let out = verify(None);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        assert!(text(&out.stderr).contains("seq 1"), "{}", text(&out.stderr));
        assert_eq!(verify(Some(&hash)).status.code(), Some(1));
    };

    security_review_4_totp_off_needs_password_and_code_throttled_and_audited => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_LOGIN_BACKOFF_AFTER".into(), "3".into());
            env.insert("CANARY_LOGIN_BACKOFF_BASE_SECONDS".into(), "600".into());
        }).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let key = enrol(&app, &cookie);
        let off = |password: &str, code: &str| {
            staff_post(&app, "/staff/account/totp/off", &cookie, &[("off_password", password), ("off_code", code)])
        };
        let wrong_code = if next_code(&key) == "000000" { "111111" } else { "000000" };
        // Guessing codes with the right password is counted and audited.
        for _ in 0..3 {
            let page = off(PASSWORD, wrong_code);
            assert_eq!(page.status, 422, "{}", errors_in(&page.body));
            assert!(unescape(&page.body).contains("That code is not right"));
        }
        let refused = off(PASSWORD, &next_code(&key));
        assert!(unescape(&refused.body).contains("Too many wrong passwords or codes"), "{}", errors_in(&refused.body));
        assert_eq!(audit_events(&app.db, "totp_off_refused").len(), 3);
        assert!(audit_events(&app.db, "totp_disabled").is_empty());
        // Password and code right, on an account not being guessed at: off, audited.
        let app2 = TestApp::spawn(backend).unwrap();
        add_user(&app2.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app2, "rev@example.org", PASSWORD);
        let key = enrol(&app2, &cookie);
        let done = staff_post(&app2, "/staff/account/totp/off", &cookie, &[("off_password", PASSWORD), ("off_code", &next_code(&key))]);
        assert_eq!(done.status, 303, "{}", errors_in(&done.body));
        assert_eq!(audit_events(&app2.db, "totp_disabled").len(), 1);
    };

    security_review_5_cross_site_posts_and_replayed_tokens => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        set(&mut form, "action", "submit");
        for headers in [[("Sec-Fetch-Site", "cross-site")], [("Origin", "https://evil.example")]] {
            assert_eq!(app.post_form_with("/report", &headers, &fields(&form)).status, 403);
            let follow = [("case", "CAN-2026-000001"), ("code", "AAAA-AAAA-AAAA-AAAA-AAAA")];
            assert_eq!(app.post_form_with("/follow-up", &headers, &follow).status, 403);
        }
        assert_eq!(app.report_count(), 0);

        // One token, one report: the same key shows the same receipt…
        let (case, code) = app.submit(&form);
        assert_eq!(app.submit(&form), (case.clone(), code));
        // …and a new key on the spent token gets the form back, answers kept.
        set(&mut form, "idem", &"e".repeat(32));
        let again = app.post_form("/report", &form);
        assert_eq!(again.status, 409, "{}", errors_in(&again.body));
        assert!(unescape(&again.body).contains("This form has already sent a report"));
        assert!(again.body.contains("value=\"Brand Two Maeng Da\""), "answers kept");
        let fresh = hidden(&again.body, "token").unwrap();
        assert_ne!(fresh, token, "a fresh token");
        assert_eq!(app.report_count(), 1);
        set(&mut form, "token", &fresh);
        set(&mut form, "idem", &hidden(&again.body, "idem").unwrap());
        let (second, _) = app.submit(&form);
        assert_ne!(second, case);
        assert_eq!(app.report_count(), 2);
    };

    security_review_6_creation_and_every_narrative_page_are_audited => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let (case, _) = app.submit(&full_report(&token, &idem));
        let created = audit_events(&app.db, "report_received");
        assert_eq!(created.len(), 1);
        assert_eq!(created[0].actor_role, "public");
        assert_eq!(created[0].entity_id.as_deref(), Some(case.as_str()));
        assert!(created[0].actor_id.is_none() && created[0].new_value.is_none() && created[0].old_value.is_none());
        assert!(created[0].field.is_none() && created[0].reason.is_none(), "no content");

        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        for page in ["", "/reactions", "/duplicates"] {
            let before = audit_events(&app.db, "view").len();
            let resp = app.get_with_cookie(&format!("/review/{case}{page}"), &cookie);
            assert_eq!(resp.status, 200, "{page}");
            assert_eq!(audit_events(&app.db, "view").len(), before + 1, "{page} records a view");
        }
    };

    security_review_8_case_processing_admin_only_closes_case_pages => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let (case, _) = app.submit(&full_report(&token, &idem));
        add_user(&app.db, "analyst@example.org", Role::Analyst, PASSWORD);
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let analyst = sign_in(&app, "analyst@example.org", PASSWORD);
        let reviewer = sign_in(&app, "rev@example.org", PASSWORD);
        let pages = ["", "/reactions", "/causality", "/duplicates"];
        for page in pages {
            assert_eq!(app.get_with_cookie(&format!("/review/{case}{page}"), &analyst).status, 200, "{page}");
        }
        canary::db::export::set_case_processing_admin_only(&mut app.db.connect(), true).unwrap();
        for page in pages {
            let path = format!("/review/{case}{page}");
            let resp = app.get_with_cookie(&path, &analyst);
            assert_eq!(resp.status, 403, "{path}");
            assert!(!resp.body.contains("After stopping the tablets"), "no narrative on {path}");
            assert_eq!(app.get_with_cookie(&path, &reviewer).status, 200, "reviewers still triage: {path}");
        }
        assert_eq!(app.get_with_cookie("/review", &analyst).status, 200, "the queue stays open");
    };
    security_review_7_strangers_cannot_lock_out_the_owner => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_CLIENT_IP_HEADER".into(), "X-Forwarded-For".into());
            env.insert("CANARY_TRUSTED_PROXIES".into(), "127.0.0.1".into());
            env.insert("CANARY_LOGIN_FAILURES_PER_HOUR".into(), "5".into());
            env.insert("CANARY_LOGIN_BACKOFF_AFTER".into(), "100".into());
        }).unwrap();
        let (token, idem) = app.fresh_form();
        let (case, code) = app.submit(&full_report(&token, &idem));
        let open = |from: &str, code: &str| {
            app.post_form_with("/follow-up", &[("X-Forwarded-For", from)], &[("case", case.as_str()), ("code", code)]).status
        };
        let wrong = if code.starts_with('A') { code.replacen('A', "B", 1) } else { format!("A{}", &code[1..]) };
        let statuses: Vec<u16> = (0..8).map(|_| open("203.0.113.5", &wrong)).collect();
        assert_eq!(&statuses[..5], &[403; 5], "{statuses:?}");
        assert!(statuses[5..].iter().all(|s| *s == 429), "the guesser waits: {statuses:?}");
        assert_eq!(open("203.0.113.5", &code), 429, "even with the right code, from the guesser's client");
        assert_eq!(open("198.51.100.7", &code), 200, "the reporter is not locked out");

        // Staff: the owner signed in from this browser before, so it carries
        // a device cookie and keeps its own bucket.
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let first = login_with(&app, "rev@example.org", PASSWORD, None);
        assert_eq!(first.status, 303);
        let device = first.header("set-cookie").unwrap().split(", ")
            .find(|c| c.starts_with("canary-device="))
            .expect("device cookie").split(';').next().unwrap().to_owned();
        for _ in 0..5 {
            assert_eq!(login_with(&app, "rev@example.org", "a stranger guessing", None).status, 401);
        }
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, None).status, 429, "the account's shared bucket is full");
        let owner = login_with(&app, "rev@example.org", PASSWORD, Some(&device));
        assert_eq!(owner.status, 303, "the owner's browser still signs in");
        // A device cookie of another account, or a forged one, is the shared bucket.
        assert_eq!(login_with(&app, "rev@example.org", PASSWORD, Some("canary-device=00.00")).status, 429);
    };
}

/// The documented two-role set-up: migrations as the owner, the app as a
/// role that may only INSERT and SELECT the audit trail.
#[test]
fn security_review_3_postgres_app_role_cannot_rewrite_the_audit_trail() {
    if postgres_base_url().is_none() {
        eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); not run");
        return;
    }
    let db = TestDb::new(Backend::Postgres).unwrap();
    let schema = db.pg_schema_name().unwrap().to_owned();
    let tag = hex::encode(canary::crypto::random_bytes::<4>());
    let (owner, app_role) = (format!("canary_owner_{tag}"), format!("canary_app_{tag}"));
    let mut admin = db.connect();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {owner} LOGIN; CREATE ROLE {app_role} LOGIN; ALTER SCHEMA {schema} OWNER TO {owner};"
        ))
        .unwrap();
    let cleanup = |admin: &mut canary::db::DbConnection| {
        let _ = admin.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; DROP OWNED BY {app_role}; DROP OWNED BY {owner}; DROP ROLE {app_role}; DROP ROLE {owner};"
        ));
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let as_owner = db.as_role(&owner);
        let mut owner_conn = as_owner.connect();
        canary::db::run_migrations(&mut owner_conn).unwrap();
        let script = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/postgres-roles.sql"
        ))
        .unwrap();
        let script = script
            .replace(":\"schema\"", &format!("\"{schema}\""))
            .replace(":\"owner\"", &format!("\"{owner}\""))
            .replace(":\"app\"", &format!("\"{app_role}\""));
        owner_conn.batch_execute(&script).unwrap();

        // The application runs as the restricted role: it starts, takes
        // reports and signs staff in (each an audit event).
        let app = TestApp::spawn_on(std::sync::Arc::new(db.as_role(&app_role)), |_| {});
        let (token, idem) = app.fresh_form();
        app.submit(&full_report(&token, &idem));
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        sign_in(&app, "rev@example.org", PASSWORD);
        let mut app_conn = app.db.connect();
        let before = canary::db::audit::after(&mut app_conn, 0, 100)
            .unwrap()
            .len();
        assert!(before >= 3, "appends work: {before}");
        for sql in [
            "UPDATE audit_events SET actor_role = 'admin' WHERE seq = 1",
            "DELETE FROM audit_events WHERE seq = 1",
            "TRUNCATE audit_events",
            "DROP TRIGGER audit_events_no_update ON audit_events",
        ] {
            let err = app_conn.batch_execute(sql).unwrap_err().to_string();
            assert!(
                err.contains("permission denied") || err.contains("must be owner"),
                "{sql}: {err}"
            );
        }
        assert_eq!(
            canary::db::audit::after(&mut app_conn, 0, 100)
                .unwrap()
                .len(),
            before
        );
        let out = run_canary(
            &["audit", "verify"],
            &[("CANARY_DATABASE_URL", &app.db.url_string())],
            "",
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }));
    cleanup(&mut admin);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// An older database kept its secret in `server_secrets`: the next start
/// moves it to the key file (mode 0600) and erases it from the database;
/// a key file others can read stops the start.
#[test]
fn security_review_1_stored_secret_moves_to_the_key_file() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::new(Backend::Sqlite).unwrap();
    let canary::config::DatabaseUrl::Sqlite(path) = db.url.clone() else {
        unreachable!()
    };
    let path = path.as_str();
    let old_secret = "5e".repeat(32);
    let mut conn = db.connect();
    canary::db::run_migrations(&mut conn).unwrap();
    conn.batch_execute(&format!(
        "INSERT INTO server_secrets (name, value) VALUES ('hmac', '{old_secret}'); PRAGMA wal_checkpoint(TRUNCATE);"
    ))
    .unwrap();
    assert!(contains(&sqlite_bytes(path), old_secret.as_bytes()));
    drop(conn);

    let app = TestApp::spawn_on(std::sync::Arc::new(db), |_| {});
    let key_file = std::path::Path::new(path).with_file_name("canary.key");
    assert_eq!(
        std::fs::read_to_string(&key_file).unwrap().trim(),
        old_secret
    );
    assert_eq!(
        std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(legacy_rows(&mut app.db.connect()), 0);
    assert!(
        !contains(&sqlite_bytes(path), old_secret.as_bytes()),
        "erased, not just unlinked"
    );
    // Sessions and codes made with the old secret still work: the key is the same.
    assert_eq!(server_secret(&app.db), hex::decode(&old_secret).unwrap());

    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = start_error(&test_env(&app.db)).expect("a readable key file must stop the start");
    assert!(refused.contains("chmod 600"), "{refused}");
}
