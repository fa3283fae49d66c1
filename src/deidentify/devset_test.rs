//! Development-set score: per-type recall on narratives written independently of the scrubber.
//!
//! Reads `../shared/data/scrubber-dev/narratives-dev.jsonl` beside the repository (or the file
//! named by `CANARY_SCRUBBER_DEV_SET`); nothing of it is vendored. An identifier counts as
//! removed when every whole-word occurrence has all its letters and digits covered by `Found`
//! spans of any kind (a half-removed "Kevin [name]" is a miss). A look-alike counts as kept
//! when no `Found` overlaps any of its whole-word occurrences (checked by position). The gates
//! are issue 15's "Done when"; types listed in [`BELOW_GATE`] are printed but not yet asserted
//! (reported to the lead with their figures).

use super::scrub;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(serde::Deserialize)]
struct Narrative {
    id: String,
    text: String,
    identifiers: Vec<Span>,
    non_identifier_decoys: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Span {
    #[serde(rename = "type")]
    kind: String,
    text: String,
}

fn gate(kind: &str) -> f64 {
    match kind {
        "NAME" => 0.95,
        "CITY" | "FACILITY" | "EMPLOYER" | "HANDLE" | "PLATE" | "DEVICE" => 0.90,
        _ => 0.98,
    }
}

/// Types whose recall is below the issue's gate today: printed, not asserted. Each entry is
/// reported to the lead; shrink this list, never grow it silently.
const BELOW_GATE: &[&str] = &[];

fn path() -> PathBuf {
    std::env::var_os("CANARY_SCRUBBER_DEV_SET")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/scrubber-dev/narratives-dev.jsonl")
        })
}

/// Byte ranges of the whole-word occurrences of `needle` (all occurrences if none is whole).
pub(super) fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let all: Vec<(usize, usize)> = text
        .match_indices(needle)
        .map(|(i, m)| (i, i + m.len()))
        .collect();
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let whole: Vec<(usize, usize)> = all
        .iter()
        .copied()
        .filter(|&(s, e)| edge(text[..s].chars().next_back()) && edge(text[e..].chars().next()))
        .collect();
    if whole.is_empty() {
        all
    } else {
        whole
    }
}

/// Per-type (expected, removed), look-alikes (total, kept), clean narratives (total, changed).
pub(super) struct Score {
    pub per_type: BTreeMap<String, (usize, usize)>,
    pub decoys: (usize, usize),
    pub clean: (usize, usize),
    pub misses: Vec<String>,
}

pub(super) fn score<'a>(
    items: impl Iterator<Item = (&'a str, &'a str, Vec<(String, String)>, &'a [String])>,
) -> Score {
    let mut s = Score {
        per_type: BTreeMap::new(),
        decoys: (0, 0),
        clean: (0, 0),
        misses: Vec::new(),
    };
    for (id, text, ids, decoys) in items {
        let out = scrub(text);
        let covered = |at: usize| out.found.iter().any(|f| f.start <= at && at < f.end);
        if ids.is_empty() {
            s.clean.0 += 1;
            if !out.found.is_empty() {
                s.clean.1 += 1;
                s.misses.push(format!("CHANGED clean {id}: {}", out.text));
            }
        }
        for (kind, value) in &ids {
            let t = s.per_type.entry(kind.clone()).or_default();
            t.0 += 1;
            let removed = occurrences(text, value).iter().all(|&(a, b)| {
                text[a..b]
                    .char_indices()
                    .filter(|(_, c)| c.is_alphanumeric())
                    .all(|(i, _)| covered(a + i))
            });
            if removed {
                t.1 += 1;
            } else {
                s.misses.push(format!("missed {kind} {value:?} in {id}"));
            }
        }
        for d in decoys {
            s.decoys.0 += 1;
            let kept = occurrences(text, d)
                .iter()
                .all(|&(a, b)| !out.found.iter().any(|f| f.start < b && a < f.end));
            if kept {
                s.decoys.1 += 1;
            } else {
                s.misses.push(format!("decoy lost {d:?} in {id}"));
            }
        }
    }
    s
}

pub(super) fn table(title: &str, s: &Score) -> String {
    let mut t = format!("\n{title}\ntype          spans  removed  recall  gate\n");
    for (kind, (n, ok)) in &s.per_type {
        t.push_str(&format!(
            "{kind:<12} {n:>6} {ok:>8}  {:.3}   {:.2}\n",
            *ok as f64 / *n as f64,
            gate(kind)
        ));
    }
    t.push_str(&format!(
        "look-alikes kept {}/{} ({:.3}); clean narratives changed {}/{}\n",
        s.decoys.1,
        s.decoys.0,
        s.decoys.1 as f64 / s.decoys.0.max(1) as f64,
        s.clean.1,
        s.clean.0
    ));
    t
}

#[test]
fn issue_15_dev_set_recall_per_type() {
    let path = path();
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the scrubber development set is missing: cannot read {} ({e}). It lives in \
             shared/data/scrubber-dev beside the repository; set CANARY_SCRUBBER_DEV_SET to its path",
            path.display()
        )
    });
    let narratives: Vec<Narrative> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}", i + 1)))
        .collect();
    assert!(
        narratives.len() >= 300,
        "only {} narratives",
        narratives.len()
    );
    let s = score(narratives.iter().map(|n| {
        let ids = n
            .identifiers
            .iter()
            .map(|i| (i.kind.clone(), i.text.clone()))
            .collect();
        (
            n.id.as_str(),
            n.text.as_str(),
            ids,
            n.non_identifier_decoys.as_slice(),
        )
    }));
    if std::env::var_os("CANARY_SCRUBBER_MISSES").is_some() {
        for m in &s.misses {
            println!("{m}");
        }
    }
    println!(
        "{}",
        table("development set (shared/data/scrubber-dev)", &s)
    );
    let mut failures = Vec::new();
    for (kind, (n, ok)) in &s.per_type {
        let recall = *ok as f64 / *n as f64;
        if recall < gate(kind) && !BELOW_GATE.contains(&kind.as_str()) {
            failures.push(format!("{kind} recall {recall:.3} < {}", gate(kind)));
        }
    }
    let kept = s.decoys.1 as f64 / s.decoys.0.max(1) as f64;
    if kept < 0.98 {
        failures.push(format!("look-alikes kept {kept:.3} < 0.98"));
    }
    if s.clean.1 > 1 {
        failures.push(format!(
            "{} clean narratives changed (at most 1)",
            s.clean.1
        ));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
