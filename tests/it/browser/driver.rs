//! The browser under test: a chromedriver process on a free port (started
//! and killed by the test), and one headless Chromium session on a phone-
//! sized 360×740 viewport, with JavaScript on or off.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub const WIDTH: u32 = 360;
pub const HEIGHT: u32 = 740;

/// Find `program` on PATH, or fail the test saying which package gives it.
fn require(program: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "browser tests need `{program}` on PATH: install the Debian package \
                 `{package}` (scripts/test installs them: `apt-get install -y chromium chromium-driver`)"
            )
        })
}

/// A running chromedriver, killed when dropped.
pub struct Chromedriver {
    child: Child,
    pub url: String,
    pub chromium: PathBuf,
}

impl Chromedriver {
    pub fn start() -> Self {
        let chromium = require("chromium", "chromium");
        let driver = require("chromedriver", "chromium-driver");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut running = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
        };
        running.wait_ready(port);
        running
    }

    fn wait_ready(&mut self, port: u16) {
        let started = Instant::now();
        let status = format!("{}/status", self.url);
        loop {
            if let Ok(Some(code)) = self.child.try_wait() {
                panic!("chromedriver exited at start ({code})");
            }
            let ready = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
                && ureq::get(&status)
                    .call()
                    .ok()
                    .and_then(|r| r.into_string().ok())
                    .is_some_and(|body| body.contains("\"ready\":true"));
            if ready {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer on port {port} within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A new headless Chromium session; `javascript: false` turns page
    /// scripts off through the content setting a user or policy would use
    /// (WebDriver's own scripts, such as axe-core, still run). The older
    /// `--blink-settings=scriptEnabled=false` switch makes chromedriver's
    /// clicks hang in Chromium 156. The viewport is `(width, height,
    /// mobile)`: the phone ([`WIDTH`] × [`HEIGHT`]), or a desktop window when
    /// `mobile` is false.
    pub async fn session_sized(&self, javascript: bool, size: (u32, u32, bool)) -> Client {
        let (width, height, mobile) = size;
        let args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-gpu".to_owned(),
            "--lang=en-US".to_owned(),
            "--hide-scrollbars".to_owned(),
            // Headless windows are at least 500 px wide: the phone's
            // viewport comes from device emulation below.
            "--window-size=600,900".to_owned(),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": args,
                "prefs": {
                    "intl.accept_languages": "en-US",
                    // 1 = allow, 2 = block (Settings › Site settings › JavaScript).
                    "profile.managed_default_content_settings.javascript":
                        if javascript { 1 } else { 2 },
                },
                "mobileEmulation": {
                    "deviceMetrics": {
                        "width": width,
                        "height": height,
                        "pixelRatio": 1.0,
                        "mobile": mobile,
                        // chromedriver clicks by emulated taps on a touch
                        // device, and a tap never completes while page
                        // scripts are blocked: without JavaScript the phone
                        // is clicked like a mouse.
                        "touch": javascript && mobile,
                    },
                },
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("start a Chromium session through chromedriver")
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// target/browser-artifacts/<test>/, emptied for this run.
pub fn artifact_dir(test: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("browser-artifacts").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("artifact directory");
    dir
}
