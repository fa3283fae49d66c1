//! Accessibility: axe-core (the npm package pinned in
//! tests/browser/package-lock.json, installed by `npm ci`) injected into a
//! page through WebDriver and run at WCAG 2.1 A and AA.

use std::path::Path;
use std::sync::OnceLock;

use fantoccini::Client;
use serde_json::{json, Value};

/// The WCAG levels checked: 2.0 and 2.1, A and AA.
pub const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

fn source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}. Install axe-core for the browser tests with \
                 `npm ci --prefix tests/browser` (scripts/test does this)",
                path.display()
            )
        })
    })
}

/// One rule broken on a page, with the elements that break it.
#[derive(Debug)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} — at {}",
            self.rule,
            self.impact,
            self.help,
            self.targets.join(" | ")
        )
    }
}

/// With page scripts blocked, WebDriver's own scripts still run and their
/// promises settle, but timers never fire. axe-core waits on zero-delay
/// timers between rules; the longer ones only guard against hangs. This
/// runs the zero-delay ones as microtasks and drops the guards, until
/// `REAL_TIMERS` puts the browser's own back (chromedriver's clicks use them).
const TIMERS_WITHOUT_PAGE_SCRIPTS: &str =
    "window.canaryTimers = [window.setTimeout, window.clearTimeout];\
    window.setTimeout = (fn, ms, ...args) => {\
        if (!(ms > 1)) { Promise.resolve().then(() => fn(...args)); }\
        return 0;\
    };\
    window.clearTimeout = () => {};";
const REAL_TIMERS: &str = "if (window.canaryTimers) {\
        [window.setTimeout, window.clearTimeout] = window.canaryTimers;\
        delete window.canaryTimers;\
    }";

/// Run axe on the page the browser shows now; `javascript` tells whether
/// page scripts run in this browser.
pub async fn check(client: &Client, javascript: bool) -> Vec<Violation> {
    if !javascript {
        client
            .execute(TIMERS_WITHOUT_PAGE_SCRIPTS, vec![])
            .await
            .expect("timers for axe-core");
    }
    client
        .execute(source(), vec![])
        .await
        .expect("inject axe-core");
    let options = json!({
        "runOnly": { "type": "tag", "values": TAGS },
        "resultTypes": ["violations"],
    });
    let script = "const done = arguments[arguments.length - 1];\
        axe.run(document, arguments[0])\
          .then(r => done({ ok: r.violations }))\
          .catch(e => done({ error: String(e) }));";
    let result = client
        .execute_async(script, vec![options])
        .await
        .expect("run axe-core");
    if !javascript {
        client
            .execute(REAL_TIMERS, vec![])
            .await
            .expect("restore the timers");
    }
    if let Some(error) = result.get("error") {
        panic!("axe-core failed: {error}");
    }
    let Some(Value::Array(violations)) = result.get("ok") else {
        panic!("axe-core gave no result: {result}");
    };
    violations
        .iter()
        .map(|v| Violation {
            rule: text(&v["id"]),
            impact: text(&v["impact"]),
            help: text(&v["help"]),
            targets: v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| n["target"].to_string())
                .collect(),
        })
        .collect()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or("?").to_owned()
}
