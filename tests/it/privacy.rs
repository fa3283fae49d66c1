//! Nothing leaked: after real submissions, the database files and the
//! server's own log hold no client address, no user agent, and no
//! narrative text in any log line.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

const USER_AGENT: &str = "CanaryPrivacyProbe/7.3 (X11; Linux)";
const FORWARDED: &str = "203.0.113.77";
const MARKER: &str = "zebra-marker-4417";

/// The real binary, logging at debug level into a file.
pub(crate) struct Server {
    child: Child,
    pub(crate) address: String,
    log: std::path::PathBuf,
}

impl Server {
    pub(crate) fn start(db_url: &str, dir: &std::path::Path) -> Self {
        let log = dir.join("canary.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_canary"))
            .env("CANARY_DATABASE_URL", db_url)
            .envs(crate::helpers::key_env(db_url))
            .env("CANARY_BIND", "127.0.0.1:0")
            .env("CANARY_COOKIE_SECURE", "false")
            .env("CANARY_MIN_FILL_SECONDS", "0")
            .env("CANARY_LOG", "debug")
            .env("CANARY_SUBMIT_PER_CLIENT_PER_HOUR", "1000")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let log_path = log.clone();
        // Copy every log line to the file, and report the port once it is printed.
        std::thread::spawn(move || {
            let mut file = std::fs::File::create(&log_path).unwrap();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                use std::io::Write;
                let _ = writeln!(file, "{line}");
                if let Some(port) = line.split("port=").nth(1) {
                    let _ = tx.send(port.split_whitespace().next().unwrap_or("").to_owned());
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("server printed its port");
        Self {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    pub(crate) fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::thread::sleep(Duration::from_millis(200));
        std::fs::read_to_string(&self.log).unwrap()
    }
}

fn submit_as_browser(address: &str, n: usize) {
    let agent = ureq::AgentBuilder::new()
        .redirects(0)
        .user_agent(USER_AGENT)
        .build();
    let get = |path: &str| {
        agent
            .get(&format!("{address}{path}"))
            .set("X-Forwarded-For", FORWARDED)
            .call()
            .unwrap()
            .into_string()
            .unwrap()
    };
    for i in 0..n {
        let page = get("/report");
        let mut form = full_report(
            &hidden(&page, "token").unwrap(),
            &hidden(&page, "idem").unwrap(),
        );
        set(
            &mut form,
            "narrative",
            &format!("{MARKER} number {i}: felt dizzy after two capsules."),
        );
        set(&mut form, "action", "submit");
        let resp = agent
            .post(&format!("{address}/report"))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .set("X-Forwarded-For", FORWARDED)
            .set("Referer", "https://referrer.example/secret-path")
            .send_string(&encode(&form));
        let status = match resp {
            Ok(r) => r.status(),
            Err(ureq::Error::Status(s, _)) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(status, 303);
    }
    // Follow-up pages and errors are logged too.
    get("/follow-up");
    let _ = agent
        .get(&format!("{address}/no-such-page?narrative={MARKER}"))
        .call();
}

fn assert_clean(what: &str, haystack: &[u8]) {
    let text = String::from_utf8_lossy(haystack);
    for needle in [
        "127.0.0.1",
        "::1",
        FORWARDED,
        "CanaryPrivacyProbe",
        "referrer.example",
    ] {
        assert!(!text.contains(needle), "{what} contains {needle:?}");
    }
}

#[test]
fn check_32_33_34_no_address_or_user_agent_in_sqlite_files_or_logs() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("canary.db");
    let server = Server::start(&format!("sqlite://{}", db_path.display()), dir.path());
    submit_as_browser(&server.address, 100);
    let started = Instant::now();
    let log = server.stop();
    assert!(started.elapsed() < Duration::from_secs(10));

    assert!(
        log.contains("report received"),
        "the log is captured: {log}"
    );
    let mut found = 0;
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let path = file.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if path.to_string_lossy().contains("canary.db") {
            found += 1;
        }
        assert_clean(&path.display().to_string(), &bytes);
    }
    assert!(found >= 1, "database files were searched");
    for line in log.lines() {
        assert!(
            !line.contains(MARKER),
            "narrative text in a log line: {line}"
        );
        assert!(
            !line.contains("felt dizzy"),
            "narrative text in a log line: {line}"
        );
    }
}

#[test]
fn no_address_or_user_agent_in_postgres_rows_or_logs() {
    let Some(test_db) = TestDb::new(Backend::Postgres) else {
        eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&test_db.url_string(), dir.path());
    submit_as_browser(&server.address, 20);
    let log = server.stop();
    assert_clean("log", log.as_bytes());
    assert!(!log.contains(MARKER));
    let rows = postgres_rows(&mut test_db.connect());
    for (table, row) in &rows {
        assert_clean(table, row.as_bytes());
    }
    assert!(rows.len() >= 20);
}
