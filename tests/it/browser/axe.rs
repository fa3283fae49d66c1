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

/// Run axe on the page the browser shows now.
pub async fn check(client: &Client) -> Vec<Violation> {
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
