//! Bad input and abuse: oversized, mistyped and malformed bodies, control
//! and direction characters, honeypot, fill time, rate limits, headers.
//! Test names carry the security-checklist.md check numbers they cover.

use crate::helpers::*;

fn submit_body(app: &TestApp) -> Vec<(String, String)> {
    let (token, idem) = app.fresh_form();
    let mut form = full_report(&token, &idem);
    set(&mut form, "action", "submit");
    form
}

both_backends! {
    check_08_09_oversized_bodies_get_413_and_store_nothing => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let form = submit_body(&app);
        let body = encode(&form);
        let limit = canary::web::MAX_BODY;
        // Pad the narrative so the whole body is exactly at the limit: accepted.
        let mut at_limit = form.clone();
        let pad = limit - body.len();
        let narrative = form.iter().find(|(k, _)| k == "narrative").unwrap().1.clone();
        set(&mut at_limit, "narrative", &format!("{narrative}{}", "a".repeat(pad)));
        let exact = encode(&at_limit);
        assert_eq!(exact.len(), limit);
        let page = app.post_raw("/report", "application/x-www-form-urlencoded", exact.as_bytes());
        assert_eq!(page.status, 422, "a body at the limit is read (the narrative is then too long)");
        let over = format!("{exact}a");
        let page = app.post_raw("/report", "application/x-www-form-urlencoded", over.as_bytes());
        assert_eq!(page.status, 413);
        assert!(page.body.contains("too much to send at once"), "friendly page");
        let huge = format!("{body}&x={}", "a".repeat(2 * 1024 * 1024));
        assert_eq!(app.post_raw("/report", "application/x-www-form-urlencoded", huge.as_bytes()).status, 413);
        assert_eq!(app.report_count(), 0);
    };

    check_10_wrong_content_types_get_415 => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let body = encode(&submit_body(&app));
        for ct in ["text/plain", "application/json", "multipart/form-data; boundary=x"] {
            let page = app.post_raw("/report", ct, body.as_bytes());
            assert_eq!(page.status, 415, "{ct}");
        }
        assert_eq!(app.report_count(), 0);
    };

    check_11_invalid_utf8_gets_400 => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let body = encode(&submit_body(&app));
        for bad in [b"&narrative2=%FF".to_vec(), b"&narrative2=\xff".to_vec(), b"&x=%C3%28".to_vec()] {
            let mut raw = body.clone().into_bytes();
            raw.extend_from_slice(&bad);
            let page = app.post_raw("/report", "application/x-www-form-urlencoded", &raw);
            assert_eq!(page.status, 400, "{bad:?}");
            assert!(page.body.contains("not valid text"));
        }
        assert_eq!(app.report_count(), 0);
    };

    check_12_13_14_control_bidi_and_line_breaks_get_400_with_answers_kept => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let cases = [
            ("narrative", "before\u{0}after", "control characters"),
            ("narrative", "before\u{1b}[31m", "control characters"),
            ("narrative", "a\u{85}b", "control characters"),
            ("p0_brand", "abc\u{202E}fed", "text-direction"),
            ("region", "Tex\u{2066}as", "text-direction"),
            ("p0_lot", "\u{200F}RB-1", "text-direction"),
            ("region", "Texas\r\nBcc: x", "one line"),
        ];
        for (field, value, message) in cases {
            let mut form = submit_body(&app);
            set(&mut form, field, value);
            let page = app.post_form("/report", &form);
            assert_eq!(page.status, 400, "{field}={value:?}");
            assert!(page.body.contains(message), "{field}: {}", errors_in(&page.body));
            assert!(page.body.contains(&format!("id=\"e-{field}\"")));
            assert!(page.body.contains("value=\"Brand Two Maeng Da\""), "other answers kept");
            for c in ['\u{202E}', '\u{2066}', '\u{200F}', '\u{0}'] {
                assert!(!page.body.contains(c), "the refused character is not echoed back");
            }
        }
        assert_eq!(app.report_count(), 0);
    };

    check_16_duplicate_fields_get_400 => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let body = format!("{}&narrative=again", encode(&submit_body(&app)));
        let page = app.post_raw("/report", "application/x-www-form-urlencoded", body.as_bytes());
        assert_eq!(page.status, 400);
        assert_eq!(app.report_count(), 0);
    };

    check_17_extra_fields_have_no_effect => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = submit_body(&app);
        for (k, v) in [("status", "closed"), ("id", "1"), ("case_number", "CAN-1999-999999"), ("seriousness_rank", "0")] {
            set(&mut form, k, v);
        }
        let (case, _) = app.submit(&form);
        assert_ne!(case, "CAN-1999-999999");
        let stored = canary::db::reports::load_by_case(&mut app.db.connect(), &case).unwrap().unwrap();
        assert_eq!(stored.status, canary::report::options::ReportStatus::New);
        assert_eq!(stored.report.seriousness_rank(), 2);
    };

    check_23_honeypot_looks_like_success_and_stores_nothing => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = submit_body(&app);
        set(&mut form, "website", "http://spam.example");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 303);
        assert_eq!(page.header("location"), Some("/report/thanks"));
        assert_eq!(app.report_count(), 0);
    };

    check_24_too_fast_is_refused_and_stores_nothing => |backend| {
        let app = TestApp::spawn_with(backend, |env| { env.insert("CANARY_MIN_FILL_SECONDS".into(), "30".into()); }).unwrap();
        let form = submit_body(&app);
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 429);
        assert!(page.header("retry-after").is_some());
        assert!(page.body.contains("quicker than we expected"));
        assert!(page.body.contains("Brand Two Maeng Da"), "answers kept on the check page");
        assert_eq!(app.report_count(), 0);
    };

    check_25_forged_or_expired_tokens_are_refused => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let form = submit_body(&app);
        let token = form.iter().find(|(k, _)| k == "token").unwrap().1.clone();
        let (ts, mac) = token.split_once('.').unwrap();
        let old = format!("{}.{mac}", ts.parse::<i64>().unwrap() - 1);
        let expired = "1000000000.00000000000000000000000000000000".to_owned();
        for bad in [old, expired, "nonsense".to_owned(), String::new()] {
            let mut f = form.clone();
            set(&mut f, "token", &bad);
            let page = app.post_form("/report", &f);
            assert_eq!(page.status, 400, "{bad}");
        }
        let mut f = form.clone();
        set(&mut f, "idem", "not-a-key");
        assert_eq!(app.post_form("/report", &f).status, 400);
        assert_eq!(app.report_count(), 0);
    };

    check_26_per_client_limit_gives_429_with_retry_after => |backend| {
        let app = TestApp::spawn_with(backend, |env| { env.insert("CANARY_SUBMIT_PER_CLIENT_PER_HOUR".into(), "2".into()); }).unwrap();
        app.submit(&submit_body(&app));
        app.submit(&submit_body(&app));
        let page = app.post_form("/report", &submit_body(&app));
        assert_eq!(page.status, 429);
        assert!(page.header("retry-after").unwrap().parse::<u64>().unwrap() > 0);
        assert!(page.body.contains("Please wait a little"));
        assert_eq!(app.report_count(), 2);
    };
}

#[test]
fn check_01_03_04_05_07_headers_on_every_response() {
    let app = TestApp::spawn(Backend::Sqlite).unwrap();
    let form = encode(&submit_body(&app));
    let responses = vec![
        ("/", app.get("/")),
        ("/report", app.get("/report")),
        ("/privacy", app.get("/privacy")),
        ("/follow-up", app.get("/follow-up")),
        ("/healthz", app.get("/healthz")),
        ("404", app.get("/no-such-page")),
        ("405", app.request("PUT", "/report")),
        ("TRACE", app.request("TRACE", "/")),
        (
            "413",
            app.post_raw(
                "/report",
                "application/x-www-form-urlencoded",
                &vec![b'a'; 70_000],
            ),
        ),
        (
            "415",
            app.post_raw("/report", "text/plain", form.as_bytes()),
        ),
        (
            "422",
            app.post_raw(
                "/report",
                "application/x-www-form-urlencoded",
                form.replace("kind=withdrawal", "kind=").as_bytes(),
            ),
        ),
    ];
    for (what, r) in &responses {
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{what}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "default-src 'self'",
        ] {
            assert!(csp.contains(part), "{what}: {csp}");
        }
        assert!(
            r.header("strict-transport-security")
                .unwrap_or_default()
                .contains("max-age=31536000"),
            "{what}"
        );
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .contains("charset=utf-8"),
            "{what}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{what}");
        assert!(
            r.header("server").is_none() && r.header("x-powered-by").is_none(),
            "{what}"
        );
        assert!(r.header("access-control-allow-origin").is_none(), "{what}");
    }
    assert_eq!(responses[5].1.status, 404);
    assert!(matches!(responses[6].1.status, 404 | 405));
    assert!(matches!(responses[7].1.status, 404 | 405));
    assert_eq!(app.report_count(), 0);
}

#[test]
fn every_page_shows_where_to_get_urgent_help() {
    let app = TestApp::spawn_with(Backend::Sqlite, |env| {
        env.insert("CANARY_EMERGENCY_NUMBER".into(), "112".into());
        env.insert("CANARY_POISON_HELP".into(), "0800 123 456".into());
    })
    .unwrap();
    for path in [
        "/",
        "/report",
        "/privacy",
        "/follow-up",
        "/no-such-page",
        "/report/receipt",
        "/report/thanks",
    ] {
        let page = app.get(path);
        assert!(page.body.contains("call 112 now"), "{path}");
        assert!(
            page.body
                .contains("Poison Help <a href=\"tel:0800 123 456\">"),
            "{path}"
        );
        assert!(page.body.contains("does not give medical advice"), "{path}");
    }
}

#[test]
fn unknown_database_schemes_are_refused_and_create_no_file() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "sqlit://canary.db",
        "canary.db",
        "mysql://x/y",
        "sqlite:canary.db",
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_canary"))
            .current_dir(dir.path())
            .env("CANARY_DATABASE_URL", url)
            .env("CANARY_BIND", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{url}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("must start with sqlite://"),
            "{url}: {stderr}"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file was created"
    );
}

#[test]
fn check_06_database_faults_get_a_generic_page_with_a_reference() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn_with(Backend::Sqlite, |env| {
        env.insert("CANARY_POISON_HELP".into(), "0800 123 456".into());
    })
    .unwrap();
    app.db
        .connect()
        .batch_execute("PRAGMA foreign_keys = OFF; DROP TABLE reports;")
        .unwrap();
    let page = app.get("/healthz");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("Something went wrong"));
    let reference = page
        .header("x-canary-reference")
        .expect("reference header")
        .to_owned();
    assert!(page.body.contains(&format!("quote reference {reference}")));
    assert!(
        page.body.contains("0800 123 456"),
        "the deployment's help numbers"
    );
    for leak in [
        "no such table",
        "DatabaseError",
        "SELECT",
        "diesel",
        ".rs:",
        "/tmp/",
    ] {
        assert!(!page.body.contains(leak), "500 page shows {leak:?}");
    }
}
