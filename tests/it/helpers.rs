//! Test harness: spawn the real server on a free port against a fresh
//! database (a temporary SQLite file, or a fresh PostgreSQL schema dropped
//! afterwards), and talk HTTP to it.

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::Duration;

use canary::config::{Config, DatabaseUrl};
use canary::db::{self, DbConnection};
use canary::startup::Application;
use diesel::connection::SimpleConnection;
use diesel::Connection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server to test against, when configured.
pub fn postgres_base_url() -> Option<String> {
    std::env::var("CANARY_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A fresh database that cleans up after itself.
pub struct TestDb {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    pg_schema: Option<(String, String)>,
}

impl TestDb {
    /// `None` when the backend is PostgreSQL and no server is configured.
    pub fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join("canary.db");
                Some(Self {
                    url: DatabaseUrl::Sqlite(path.to_string_lossy().into_owned()),
                    _dir: Some(dir),
                    pg_schema: None,
                })
            }
            Backend::Postgres => {
                let base = postgres_base_url()?;
                let schema = format!("t_{}", hex::encode(canary::crypto::random_bytes::<6>()));
                let mut conn =
                    diesel::PgConnection::establish(&base).expect("connect to test PostgreSQL");
                conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .expect("create schema");
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
                Some(Self {
                    url: DatabaseUrl::Postgres(url),
                    _dir: None,
                    pg_schema: Some((base, schema)),
                })
            }
        }
    }

    pub fn connect(&self) -> DbConnection {
        db::connect(&self.url).expect("connect")
    }

    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{p}"),
            DatabaseUrl::Postgres(u) => u.clone(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = key_file_for(&self.url_string()) {
            let _ = std::fs::remove_file(path);
        }
        if let Some((base, schema)) = &self.pg_schema {
            if let Ok(mut conn) = diesel::PgConnection::establish(base) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// A running Canary server.
pub struct TestApp {
    pub address: String,
    pub db: std::sync::Arc<TestDb>,
    handle: actix_web::dev::ServerHandle,
    agent: ureq::Agent,
}

pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(|s| s.as_str())
    }
}

/// Where a PostgreSQL test database's key file is (one per schema, in the
/// temporary directory); SQLite keeps the default `canary.key` beside the file.
pub fn key_file_for(url: &str) -> Option<std::path::PathBuf> {
    use sha2::Digest;
    url.starts_with("postgres").then(|| {
        let tag = hex::encode(&sha2::Sha256::digest(url.as_bytes())[..8]);
        std::env::temp_dir().join(format!("canary-test-{tag}.key"))
    })
}

/// `CANARY_KEY_FILE` for a PostgreSQL database URL (nothing for SQLite).
pub fn key_env(url: &str) -> Vec<(String, String)> {
    key_file_for(url)
        .map(|p| {
            (
                "CANARY_KEY_FILE".to_owned(),
                p.to_string_lossy().into_owned(),
            )
        })
        .into_iter()
        .collect()
}

/// The server key of a test database (read from its key file).
pub fn server_secret(db: &TestDb) -> Vec<u8> {
    let path = key_file_for(&db.url_string()).unwrap_or_else(|| match &db.url {
        DatabaseUrl::Sqlite(p) => std::path::Path::new(p).with_file_name("canary.key"),
        DatabaseUrl::Postgres(_) => unreachable!(),
    });
    canary::keyfile::read(&path).unwrap().expect("key file")
}

/// Configuration for tests: random port, no fill-time wait, plain-HTTP cookies.
pub fn test_env(db: &TestDb) -> HashMap<String, String> {
    let mut env = HashMap::from([
        ("CANARY_BIND".into(), "127.0.0.1:0".into()),
        ("CANARY_DATABASE_URL".into(), db.url_string()),
        ("CANARY_COOKIE_SECURE".into(), "false".into()),
        ("CANARY_MIN_FILL_SECONDS".into(), "0".into()),
        ("CANARY_DB_POOL_SIZE".into(), "4".into()),
        ("CANARY_WORKERS".into(), "2".into()),
        // Most tests submit the same sample report again and again: batch
        // alerts only where a test asks for them (tests/it/alerts.rs).
        ("CANARY_ALERT_MIN_REPORTS".into(), "1000".into()),
    ]);
    env.extend(key_env(&db.url_string()));
    env
}

impl TestApp {
    /// Spawn on `backend` with default test settings; `None` if unavailable.
    pub fn spawn(backend: Backend) -> Option<Self> {
        Self::spawn_with(backend, |_| {})
    }

    pub fn spawn_with(
        backend: Backend,
        tweak: impl FnOnce(&mut HashMap<String, String>),
    ) -> Option<Self> {
        let db = std::sync::Arc::new(TestDb::new(backend)?);
        Some(Self::spawn_on(db, tweak))
    }

    /// Spawn another server on an existing database.
    pub fn spawn_on(
        db: std::sync::Arc<TestDb>,
        tweak: impl FnOnce(&mut HashMap<String, String>),
    ) -> Self {
        let mut env = test_env(&db);
        tweak(&mut env);
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("config");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match Application::build(config).await {
                    Ok(app) => {
                        let _ = tx.send(Ok((app.address(), app.handle())));
                        let _ = app.run().await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                    }
                }
            })
        });
        let (address, handle) = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("server start")
            .expect("server build");
        let agent = ureq::AgentBuilder::new()
            .redirects(0)
            .timeout(Duration::from_secs(30))
            .build();
        Self {
            address: format!("http://{address}"),
            db,
            handle,
            agent,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    fn finish(result: Result<ureq::Response, ureq::Error>) -> Resp {
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("request failed: {e}"),
        };
        let status = response.status();
        let headers = response
            .headers_names()
            .into_iter()
            .map(|n| {
                let all = response.all(&n).join(", ");
                (n.to_ascii_lowercase(), all)
            })
            .collect();
        let body = response.into_string().unwrap_or_default();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub fn get(&self, path: &str) -> Resp {
        Self::finish(self.agent.get(&self.url(path)).call())
    }

    pub fn get_with_cookie(&self, path: &str, cookie: &str) -> Resp {
        Self::finish(self.agent.get(&self.url(path)).set("Cookie", cookie).call())
    }

    pub fn request(&self, method: &str, path: &str) -> Resp {
        Self::finish(self.agent.request(method, &self.url(path)).call())
    }

    pub fn post_raw(&self, path: &str, content_type: &str, body: &[u8]) -> Resp {
        Self::finish(
            self.agent
                .post(&self.url(path))
                .set("Content-Type", content_type)
                .send_bytes(body),
        )
    }

    /// A form POST with extra headers (cookies, Origin, Sec-Fetch-Site).
    pub fn post_form_with(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        fields: &[(&str, &str)],
    ) -> Resp {
        let mut req = self
            .agent
            .post(&self.url(path))
            .set("Content-Type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            req = req.set(name, value);
        }
        let fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Self::finish(req.send_bytes(encode(&fields).as_bytes()))
    }

    pub fn post_form(&self, path: &str, fields: &[(String, String)]) -> Resp {
        self.post_raw(
            path,
            "application/x-www-form-urlencoded",
            encode(fields).as_bytes(),
        )
    }

    /// Open the report form and return its (token, idempotency key).
    pub fn fresh_form(&self) -> (String, String) {
        let page = self.get("/report");
        assert_eq!(page.status, 200);
        (
            hidden(&page.body, "token").expect("token"),
            hidden(&page.body, "idem").expect("idem"),
        )
    }

    /// Submit `fields` (with action=submit) and return the receipt's
    /// (case number, follow-up code).
    pub fn submit(&self, fields: &[(String, String)]) -> (String, String) {
        let mut fields = fields.to_vec();
        set(&mut fields, "action", "submit");
        let resp = self.post_form("/report", &fields);
        assert_eq!(resp.status, 303, "submit failed: {}", errors_in(&resp.body));
        assert_eq!(resp.header("location"), Some("/report/receipt"));
        let cookie = resp.header("set-cookie").expect("receipt cookie");
        let cookie = cookie.split(';').next().unwrap_or_default().to_owned();
        let receipt = self.get_with_cookie("/report/receipt", &cookie);
        assert_eq!(receipt.status, 200);
        (
            element_text(&receipt.body, "case-number").expect("case number"),
            element_text(&receipt.body, "followup-code").expect("code"),
        )
    }

    pub fn report_count(&self) -> i64 {
        canary::db::reports::count(&mut self.db.connect()).expect("count")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let _ =
            std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(false)))
                .join();
    }
}

/// Run the real `canary` binary with `args`, extra environment and `stdin`.
pub fn run_canary(args: &[&str], env: &[(&str, &str)], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let keys: Vec<(String, String)> = env
        .iter()
        .find(|(k, _)| *k == "CANARY_DATABASE_URL")
        .filter(|_| !env.iter().any(|(k, _)| *k == "CANARY_KEY_FILE"))
        .map(|(_, url)| key_env(url))
        .unwrap_or_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_canary"))
        .args(args)
        .envs(keys)
        .envs(env.iter().copied())
        .env_remove("CANARY_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run canary");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("canary output")
}

pub fn encode(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

pub fn unset(fields: &mut Vec<(String, String)>, name: &str) {
    fields.retain(|(k, _)| k != name);
}

/// The value of hidden input `name` in a page.
pub fn hidden(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    Some(body[start..].split('"').next()?.to_owned())
}

/// The text of the element with `id`.
pub fn element_text(body: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\">");
    let start = body.find(&marker)? + marker.len();
    Some(body[start..].split('<').next()?.trim().to_owned())
}

/// Every row of Canary's report tables as JSON text (PostgreSQL), for
/// searching stored data the way an attacker with a dump would.
pub fn postgres_rows(conn: &mut DbConnection) -> Vec<(&'static str, String)> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Json {
        #[diesel(sql_type = diesel::sql_types::Text)]
        value: String,
    }
    let tables = [
        "reports",
        "report_products",
        "report_co_used",
        "report_reactions",
        "followups",
        "case_counters",
    ];
    let mut rows = Vec::new();
    for table in tables {
        let sql = format!("SELECT row_to_json(t)::text AS value FROM {table} t");
        for row in diesel::sql_query(sql)
            .load::<Json>(conn)
            .expect("dump table")
        {
            rows.push((table, row.value));
        }
    }
    rows
}

/// Undo askama's HTML escaping, for comparing page text with messages.
pub fn unescape(body: &str) -> String {
    body.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The error summary's messages, for assertion failures.
pub fn errors_in(body: &str) -> String {
    body.split("<li><a href=\"#f-")
        .skip(1)
        .map(|s| s.split("</a>").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A complete report with two products, as a browser would send it.
pub fn full_report(token: &str, idem: &str) -> Vec<(String, String)> {
    let pairs: &[(&str, &str)] = &[
        ("token", token),
        ("idem", idem),
        ("products", "2"),
        ("kind", "withdrawal"),
        ("reporter", "family_friend"),
        ("age", "34"),
        ("sex", "male"),
        ("weight", "180"),
        ("weight_unit", "lb"),
        ("pregnancy", "not_applicable"),
        ("country", "US"),
        ("region", "US-TX"),
        ("zip3", "787"),
        ("health_conditions", "Chronic back pain and depression"),
        ("medicines", "Sertraline 50 mg daily"),
        ("rx_stopped", "yes"),
        ("rx_stopped_which", "Buprenorphine"),
        ("rx_stopped_month", "2025-01"),
        ("p0_role", "suspect"),
        ("p0_substance", "7oh"),
        ("p0_brand", "Brand One 7-OH Extra"),
        ("p0_form", "tablet"),
        ("p0_strength", "15"),
        ("p0_strength_of", "7oh"),
        ("p0_amount", "2"),
        ("p0_amount_unit", "tablet"),
        ("p0_doses_per_day", "4"),
        ("p0_route", "swallowed"),
        ("p0_used_for", "8"),
        ("p0_used_for_unit", "months"),
        ("p0_last_use", "2025-06"),
        ("p0_where", "smoke_shop"),
        ("p0_lot", "RB-0423-17"),
        ("p0_reason_pain", "on"),
        ("p0_reason_taper_medicine", "on"),
        ("p1_role", "co_used"),
        ("p1_substance", "kratom_leaf"),
        ("p1_brand", "Brand Two Maeng Da"),
        ("p1_form", "leaf_powder"),
        ("p1_amount", "3.5"),
        ("p1_amount_unit", "g"),
        ("p1_route", "mixed_in"),
        ("p1_where", "online"),
        ("p1_reason_energy", "on"),
        ("co_alcohol", "on"),
        ("co_benzodiazepines", "on"),
        ("co_used_other", "energy drinks"),
        ("sym_fast_heart", "on"),
        ("sym_vomiting", "on"),
        ("sym_seizure", "on"),
        ("symptoms_other", "Could not stop yawning"),
        ("wd_aches", "severe"),
        ("wd_runny_nose", "mild"),
        ("wd_craving", "moderate"),
        ("last_dose", "18"),
        ("last_dose_unit", "hours"),
        ("onset", "2025-06"),
        ("onset_after", "18"),
        ("onset_after_unit", "hours"),
        ("lasted", "9"),
        ("lasted_unit", "days"),
        ("dechallenge", "not_stopped"),
        ("rechallenge", "yes"),
        ("out_hospitalised", "on"),
        ("out_other_serious", "on"),
        ("care_emergency", "on"),
        ("care_admitted", "on"),
        ("naloxone", "yes"),
        ("naloxone_helped", "partly"),
        ("other_treatment", "IV fluids and clonidine"),
        ("current_state", "recovering"),
        ("narrative", "After stopping the tablets he could not sleep for days, had a seizure on day 3 and spent two nights in hospital."),
    ];
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Run `test` against each configured backend (PostgreSQL when
/// CANARY_TEST_POSTGRES_URL is set; CI always sets it).
macro_rules! both_backends {
    ($($name:ident => $body:expr;)+) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(#[test] fn $name() { ($body)(crate::helpers::Backend::Sqlite) })+
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(#[test] fn $name() {
                if crate::helpers::postgres_base_url().is_none() {
                    eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); not run");
                    return;
                }
                ($body)(crate::helpers::Backend::Postgres)
            })+
        }
    };
}
pub(crate) use both_backends;

impl TestDb {
    /// The same PostgreSQL schema reached as another role (this handle does
    /// not drop the schema; the original does).
    pub fn as_role(&self, role: &str) -> TestDb {
        TestDb {
            url: DatabaseUrl::Postgres(format!("{}&user={role}", self.url_string())),
            _dir: None,
            pg_schema: None,
        }
    }

    /// The PostgreSQL schema of this database.
    pub fn pg_schema_name(&self) -> Option<&str> {
        self.pg_schema.as_ref().map(|(_, s)| s.as_str())
    }
}
