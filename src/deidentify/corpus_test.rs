//! Corpus test: per-kind recall and the false-positive rate on look-alike snippets.
//!
//! Each corpus line is `lang<TAB>snippet`, with identifiers marked inline as `{{kind:text}}`;
//! a snippet without markup is a look-alike that must come out untouched. Lines starting with
//! `#` are comments. Definitions:
//! - **recall** (the gate): an expected span counts as found when some `Found` of the same kind
//!   overlaps it by at least one byte.
//! - **full**: stricter, reported for information: every alphanumeric character of the expected
//!   span is covered by same-kind `Found`s, so nothing identifying is left behind.
//! - **false positive**: a look-alike snippet for which `scrub` reports anything at all.
//! - **spurious**: a `Found` in a positive snippet that overlaps no expected span of any kind.

use super::{scrub, Found, IdentifierKind};
use std::collections::BTreeMap;

const CORPUS: &str = include_str!("../../tests/deidentify/corpus.tsv");

struct Expected {
    kind: IdentifierKind,
    start: usize,
    end: usize,
}

struct Case {
    line: usize,
    lang: String,
    text: String,
    expected: Vec<Expected>,
}

fn parse(line: usize, raw: &str) -> Case {
    let (lang, marked) = raw
        .split_once('\t')
        .unwrap_or_else(|| panic!("line {line}: no tab"));
    let mut text = String::new();
    let mut expected = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("{{") {
        text.push_str(&rest[..open]);
        let inner = &rest[open + 2..];
        let close = inner
            .find("}}")
            .unwrap_or_else(|| panic!("line {line}: unclosed {{{{"));
        let (code, value) = inner[..close]
            .split_once(':')
            .unwrap_or_else(|| panic!("line {line}: no kind"));
        let kind = IdentifierKind::from_code(code)
            .unwrap_or_else(|| panic!("line {line}: unknown kind {code}"));
        assert!(!value.is_empty(), "line {line}: empty span");
        expected.push(Expected {
            kind,
            start: text.len(),
            end: text.len() + value.len(),
        });
        text.push_str(value);
        rest = &inner[close + 2..];
    }
    text.push_str(rest);
    Case {
        line,
        lang: lang.to_owned(),
        text,
        expected,
    }
}

fn cases() -> Vec<Case> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| parse(i + 1, l))
        .collect()
}

fn fully_covered(text: &str, e: &Expected, found: &[Found]) -> bool {
    text[e.start..e.end]
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .all(|(i, _)| {
            let at = e.start + i;
            found
                .iter()
                .any(|f| f.kind == e.kind && f.start <= at && at < f.end)
        })
}

fn gate(kind: IdentifierKind) -> f64 {
    match kind {
        IdentifierKind::Name | IdentifierKind::Place | IdentifierKind::Facility => 0.90,
        IdentifierKind::Card => 0.95,
        _ => 0.98,
    }
}

#[derive(Default)]
struct Tally {
    expected: usize,
    overlap: usize,
    full: usize,
}

#[test]
fn check_22_corpus_recall_per_entity_and_false_positives() {
    let cases = cases();
    let mut per_kind: BTreeMap<IdentifierKind, Tally> = BTreeMap::new();
    let (mut negatives, mut false_pos, mut spurious, mut positives) =
        (0usize, 0usize, 0usize, 0usize);
    let mut notes = Vec::new();
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    for case in &cases {
        *langs.entry(case.lang.clone()).or_default() += 1;
        let s = scrub(&case.text);
        let again = scrub(&s.text);
        assert!(
            again.found.is_empty() && again.text == s.text,
            "line {}: not idempotent: {:?}",
            case.line,
            s.text
        );
        if case.expected.is_empty() {
            negatives += 1;
            if !s.found.is_empty() {
                false_pos += 1;
                notes.push(format!("FALSE POSITIVE line {}: {}", case.line, s.text));
            }
            continue;
        }
        positives += 1;
        for e in &case.expected {
            let t = per_kind.entry(e.kind).or_default();
            t.expected += 1;
            if s.found
                .iter()
                .any(|f| f.kind == e.kind && f.start < e.end && e.start < f.end)
            {
                t.overlap += 1;
                if fully_covered(&case.text, e, &s.found) {
                    t.full += 1;
                } else {
                    notes.push(format!(
                        "partial {} line {}: {}",
                        e.kind.code(),
                        case.line,
                        s.text
                    ));
                }
            } else {
                notes.push(format!(
                    "MISSED {} {:?} line {}: {}",
                    e.kind.code(),
                    &case.text[e.start..e.end],
                    case.line,
                    s.text
                ));
            }
        }
        for f in &s.found {
            if !case
                .expected
                .iter()
                .any(|e| f.start < e.end && e.start < f.end)
            {
                spurious += 1;
                notes.push(format!(
                    "spurious {} {:?} line {}",
                    f.kind.code(),
                    &case.text[f.start..f.end],
                    case.line
                ));
            }
        }
    }

    let mut failures = Vec::new();
    let mut table = String::from("\nkind      expected  recall  full    gate\n");
    for (kind, t) in &per_kind {
        let recall = t.overlap as f64 / t.expected as f64;
        let full = t.full as f64 / t.expected as f64;
        table.push_str(&format!(
            "{:<9} {:>8}  {:.3}   {:.3}   {:.2}\n",
            kind.code(),
            t.expected,
            recall,
            full,
            gate(*kind)
        ));
        if recall < gate(*kind) {
            failures.push(format!(
                "{} recall {recall:.3} < {}",
                kind.code(),
                gate(*kind)
            ));
        }
    }
    let fp_rate = false_pos as f64 / negatives.max(1) as f64;
    table.push_str(&format!(
        "look-alike snippets {negatives}, false positives {false_pos} ({:.1}%, gate 2%)\npositive snippets {positives}, spurious finds {spurious}; languages {langs:?}\n",
        fp_rate * 100.0
    ));
    for kind in IdentifierKind::ALL {
        if !per_kind.contains_key(&kind) {
            failures.push(format!("no corpus example for {}", kind.code()));
        }
    }
    if fp_rate > 0.02 {
        failures.push(format!("false-positive rate {fp_rate:.3} > 0.02"));
    }
    if negatives < 100 || cases.len() < 300 {
        failures.push(format!(
            "corpus too small: {} snippets, {negatives} look-alikes",
            cases.len()
        ));
    }
    for n in &notes {
        println!("{n}");
    }
    println!("{table}");
    assert!(failures.is_empty(), "{failures:?}");
}
