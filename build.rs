//! Embeds the reporter-page catalogues: every `locales/<code>.toml` becomes
//! a `Messages` value, so a new language is a new file. `en.toml` is the
//! reference: its keys are the fields; a key missing from another file falls
//! back to English there, and the catalogue tests fail until it is added.
//!
//! The files use a small subset of TOML (tables, `key = "basic string"`,
//! comments), parsed here so the build needs no extra crate.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

struct Locale {
    code: String,
    entries: Vec<(String, String)>,
}

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
    let mut locales = Vec::new();
    let mut paths: Vec<_> = fs::read_dir("locales")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        if path.extension().is_some_and(|e| e == "toml") {
            let code = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let text = fs::read_to_string(&path).unwrap_or_default();
            match parse(&text) {
                Ok(entries) => locales.push(Locale {
                    code: code.unwrap_or_default(),
                    entries,
                }),
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
    }
    let Some(en) = locales.iter().position(|l| l.code == "en") else {
        panic!("locales/en.toml is missing");
    };
    locales.swap(0, en);
    let keys: Vec<&str> = locales[0].entries.iter().map(|(k, _)| k.as_str()).collect();

    let mut out = String::new();
    out.push_str("/// Every message of the reporter pages, one field per catalogue key.\n");
    out.push_str("#[derive(Debug)]\npub struct Messages {\n");
    for k in &keys {
        let _ = writeln!(out, "    pub {k}: &'static str,");
    }
    out.push_str(
        "}\n\n/// Every catalogue, English first.\npub static CATALOGUES: &[Catalogue] = &[\n",
    );
    for l in &locales {
        let value = |k: &str| {
            l.entries
                .iter()
                .chain(locales[0].entries.iter())
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let _ = writeln!(
            out,
            "    Catalogue {{\n        code: {:?},\n        m: Messages {{",
            l.code
        );
        for k in &keys {
            let _ = writeln!(out, "            {k}: {:?},", value(k));
        }
        out.push_str("        },\n        keys: &[");
        for (k, _) in &l.entries {
            let _ = write!(out, "{k:?}, ");
        }
        out.push_str("],\n        values: &[");
        for k in &keys {
            let _ = write!(out, "{:?}, ", value(k));
        }
        out.push_str("],\n    },\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("catalogue.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("{}: {e}", dest.display());
    }
}

/// `[table]` names prefix nothing: keys are unique across the whole file.
fn parse(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty()
            || line.starts_with('#')
            || (line.starts_with('[') && line.ends_with(']'))
        {
            continue;
        }
        let err = |what: &str| format!("line {}: {what}", n + 1);
        let (key, rest) = line
            .split_once('=')
            .ok_or_else(|| err("expected key = \"text\""))?;
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(err("keys are lower_snake_case"));
        }
        let value = string(rest.trim()).map_err(|e| err(&e))?;
        if !seen.insert(key.to_owned()) {
            return Err(err(&format!("key {key} given twice")));
        }
        entries.push((key.to_owned(), value));
    }
    Ok(entries)
}

/// A TOML basic string, then optionally a comment.
fn string(s: &str) -> Result<String, String> {
    let mut chars = s.strip_prefix('"').ok_or("expected a \"string\"")?.chars();
    let mut out = String::new();
    loop {
        match chars.next().ok_or("unterminated string")? {
            '"' => break,
            '\\' => match chars.next().ok_or("unterminated escape")? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let c = u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or("bad \\u escape")?;
                    out.push(c);
                }
                other => return Err(format!("unknown escape \\{other}")),
            },
            c => out.push(c),
        }
    }
    let rest: String = chars.collect();
    let rest = rest.trim();
    if !rest.is_empty() && !rest.starts_with('#') {
        return Err("text after the string".into());
    }
    Ok(out)
}
