//! Identifiers typed into free text never reach the database or a log:
//! the reporter sees the cleaned text before sending, and `canary scrub`
//! does the same for analysts.

use crate::helpers::*;
use crate::privacy::Server;

const NARRATIVE: &str =
    "My name is Ana Lopez, email jane.doe+ae@example.co.uk or call (555) 234-5678. \
SSN 536-22-8741. I read https://reddit.com/r/kratom/comments/abc123 on my laptop at 192.168.1.20. \
On March 14, 2025 I was at 1234 Elm Street, zip 94110. MRN 12345678. Card 4111 1111 1111 1111. \
After two 15 mg tablets my heart raced for 3 hours.";

/// Each identifier in NARRATIVE, as a string that must appear nowhere.
const IDENTIFIERS: &[&str] = &[
    "Ana Lopez",
    "jane.doe",
    "234-5678",
    "536-22-8741",
    "reddit.com",
    "192.168.1.20",
    "March 14",
    "Elm Street",
    "94110",
    "12345678",
    "4111 1111",
];

fn with_identifiers(app_address: &str) -> Vec<(String, String)> {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let page = agent
        .get(&format!("{app_address}/report"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    let mut form = full_report(
        &hidden(&page, "token").unwrap(),
        &hidden(&page, "idem").unwrap(),
    );
    set(&mut form, "narrative", NARRATIVE);
    set(&mut form, "p1_brand", "Maeng Da from 555-867-5309");
    form
}

fn assert_absent(what: &str, text: &str) {
    for id in IDENTIFIERS.iter().chain(&["867-5309"]) {
        assert!(!text.contains(id), "{what} contains {id:?}");
    }
}

both_backends! {
    check_page_shows_the_cleaned_text_and_what_was_removed => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = with_identifiers(&app.address);
        set(&mut form, "action", "check");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 200);
        let text = unescape(&page.body);
        assert!(text.contains("We removed some personal details"));
        for label in ["an email address", "a phone number", "a name"] {
            assert!(text.contains(label), "{label} listed in: {}", text.split("We removed").nth(1).unwrap_or("").split("</p>").next().unwrap_or(""));
        }
        let shown: String = text.split("<dd>").skip(1).map(|d| d.split("</dd>").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
        assert_absent("the answers shown", &shown);
        assert!(shown.contains("[email]") && shown.contains("[phone]") && shown.contains("[name]"), "{shown}");
        assert!(shown.contains("15 mg tablets") && shown.contains("3 hours"), "doses and durations stay");

        let (case, _) = app.submit(&with_identifiers(&app.address));
        let stored = canary::db::reports::load_by_case(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&case).unwrap()).unwrap().unwrap();
        let narrative = stored.report.narrative.unwrap().to_string();
        assert_absent("stored narrative", &narrative);
        assert!(narrative.contains("[ssn]") && narrative.contains("[url]") && narrative.contains("[ip]"), "{narrative}");
        assert_eq!(stored.report.products[1].brand.as_ref().unwrap().as_str(), "Maeng Da from [phone]");
        let kinds: Vec<&str> = stored.report.scrubbed.iter().map(|k| k.code()).collect();
        for kind in ["email", "phone", "ssn", "url", "ip", "date", "address", "zip", "mrn", "name"] {
            assert!(kinds.contains(&kind), "{kind} recorded in {kinds:?}");
        }
    };

    check_21_identifiers_warned_not_stored_then_placeholders_and_nowhere_on_disk => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        let narrative = format!(
            "Write to {} or call {}. SSN {}. I read {} from {} and paid by card {}. After two 15 mg tablets my heart raced.",
            CHECK_21[0].0, CHECK_21[1].0, CHECK_21[2].0, CHECK_21[3].0, CHECK_21[4].0, CHECK_21[5].0,
        );
        set(&mut form, "narrative", &narrative);
        set(&mut form, "action", "check");
        // The first request warns, naming each kind, and stores nothing.
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 200);
        let warning = unescape(&page.body);
        let warning = warning.split("We removed some personal details").nth(1).expect("the identifier warning");
        let warning = warning.split("</p>").next().unwrap();
        for (_, _, label) in CHECK_21 {
            assert!(warning.contains(label), "{label} not named in: {warning}");
        }
        assert_eq!(app.report_count(), 0, "nothing is persisted on the warning request");

        // Sent again unchanged (the check page's own fields).
        let mut again = hidden_fields(&page.body);
        assert!(again.iter().any(|(k, v)| k == "narrative" && *v == narrative), "the page carries the text unchanged");
        set(&mut again, "action", "submit");
        let resp = app.post_form("/report", &again);
        assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));
        assert_eq!(app.report_count(), 1);
        let mut conn = app.db.connect();
        let stored: String = {
            use canary::db::schema::reports;
            use diesel::prelude::*;
            reports::table.select(reports::narrative).first(&mut conn).unwrap()
        };
        for (original, placeholder, _) in CHECK_21 {
            assert!(stored.contains(placeholder), "{placeholder} missing: {stored}");
            assert!(!stored.contains(original), "{original} stored: {stored}");
        }
        assert!(stored.contains("15 mg tablets"), "{stored}");

        // The original text exists nowhere on disk.
        let mut dumps: Vec<(String, String)> = Vec::new();
        match &app.db.url {
            canary::config::DatabaseUrl::Sqlite(path) => {
                drop(conn);
                let dir = std::path::Path::new(path).parent().unwrap();
                for file in std::fs::read_dir(dir).unwrap() {
                    let path = file.unwrap().path();
                    dumps.push((path.display().to_string(), String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned()));
                }
            }
            canary::config::DatabaseUrl::Postgres(_) => {
                for (table, row) in postgres_rows(&mut conn) {
                    dumps.push((table.to_owned(), row));
                }
            }
        }
        assert!(!dumps.is_empty());
        for (what, text) in &dumps {
            for (original, _, _) in CHECK_21 {
                assert!(!text.contains(original), "{what} holds {original:?}");
            }
        }
    };
}

#[test]
fn no_identifier_reaches_sqlite_files_or_logs() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("canary.db");
    let server = Server::start(&format!("sqlite://{}", db_path.display()), dir.path());
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    for _ in 0..3 {
        let mut form = with_identifiers(&server.address);
        set(&mut form, "action", "submit");
        let resp = agent
            .post(&format!("{}/report", server.address))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .send_string(&encode(&form));
        assert!(matches!(resp, Err(ureq::Error::Status(303, _)) | Ok(_)));
    }
    let log = server.stop();
    assert!(log.contains("report received"));
    assert_absent("log", &log);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let path = file.unwrap().path();
        assert_absent(
            &path.display().to_string(),
            &String::from_utf8_lossy(&std::fs::read(&path).unwrap()),
        );
    }
    let mut conn = canary::db::connect(&canary::config::DatabaseUrl::Sqlite(
        db_path.display().to_string(),
    ))
    .unwrap();
    assert_eq!(canary::db::reports::count(&mut conn).unwrap(), 3);
}

#[test]
fn no_identifier_reaches_postgres_rows() {
    let Some(app) = TestApp::spawn(Backend::Postgres) else {
        eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); not run");
        return;
    };
    app.submit(&with_identifiers(&app.address));
    for (table, row) in postgres_rows(&mut app.db.connect()) {
        assert_absent(table, &row);
    }
}

fn scrub_cli(args: &[&str], input: &str) -> String {
    let out = run_canary(&[&["scrub"], args].concat(), &[], input);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn scrub_command_cleans_stdin_and_reports_byte_offsets() {
    let input = "Écrit par Ana Lopez: call (555) 234-5678 after 15 mg.";
    let text = scrub_cli(&[], input);
    assert!(
        !text.contains("Ana Lopez") && !text.contains("234-5678"),
        "{text}"
    );
    assert!(text.contains("[phone]") && text.contains("15 mg"));

    let json: serde_json::Value = serde_json::from_str(&scrub_cli(&["--json"], input)).unwrap();
    assert_eq!(json["text"].as_str(), Some(text.as_str()));
    let found = json["found"].as_array().unwrap();
    let spans: Vec<(String, &str)> = found
        .iter()
        .map(|f| {
            let (start, end) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            (f["kind"].as_str().unwrap().to_owned(), &input[start..end])
        })
        .collect();
    assert!(
        spans
            .iter()
            .any(|(k, s)| k == "phone" && s.contains("234-5678")),
        "{spans:?}"
    );
    assert!(
        spans.iter().any(|(k, s)| k == "name" && s.contains("Ana")),
        "{spans:?}"
    );
}

/// One identifier of each kind check 21 names, with its placeholder.
const CHECK_21: &[(&str, &str, &str)] = &[
    ("sam.r@example.com", "[email]", "an email address"),
    ("(512) 555-0147", "[phone]", "a phone number"),
    ("536-22-8741", "[ssn]", "a Social Security number"),
    (
        "https://kratom-forum.example.net/t/42",
        "[url]",
        "a web address",
    ),
    ("203.0.113.45", "[ip]", "an IP address"),
    ("4111 1111 1111 1111", "[card]", "a payment card number"),
];

/// The hidden fields of the check page: what "Send report" posts.
fn hidden_fields(body: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"<input type="hidden" name="([^"]*)" value="([^"]*)">"#).unwrap();
    re.captures_iter(body)
        .map(|c| (unescape(&c[1]), unescape(&c[2])))
        .collect()
}
