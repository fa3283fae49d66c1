//! Guards the layer rule stated in `lib.rs`: reads every `crate::…`,
//! `super::…` and `self::…` path in `src/` (tests and comments aside),
//! resolves it to the module file it names, and fails on an import that
//! points up a layer, on web or CLI code reaching into `db` for more than
//! its handle, and on any circle between module files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// Text helpers, configuration, keys: used by everything, use nothing.
    Base,
    /// Pure types and rules: no database, no HTTP.
    Domain,
    /// Queries and row mapping.
    Db,
    /// One function per thing a person does, owning its transaction.
    UseCase,
    /// HTTP, pages, the command line, start-up.
    Edge,
}
use Layer::*;

/// Each module's layer: the longest matching prefix wins.
const LAYERS: &[(&str, Layer)] = &[
    // Base
    ("text", Base),
    ("form", Base),
    ("i18n", Base),
    ("crypto", Base),
    ("config", Base),
    ("ids", Base),
    // Domain
    ("report", Domain),
    ("deidentify", Domain),
    ("review", Domain),
    ("export", Domain),
    ("analysis", Domain),
    ("public_data", Domain),
    ("meddra", Domain),
    ("alerts::key", Domain),
    ("alerts::group", Domain),
    ("audit::filter", Domain),
    ("audit::stored", Domain),
    ("generate::case", Domain),
    ("generate::cluster", Domain),
    ("generate::dice", Domain),
    ("generate::narrative", Domain),
    ("generate::person", Domain),
    ("generate::products", Domain),
    ("generate::symptoms", Domain),
    // Storage
    ("db", Db),
    // Use cases
    ("intake", UseCase),
    ("install", UseCase),
    ("overview", UseCase),
    ("rescrub", UseCase),
    ("meddra_admin", UseCase),
    ("anchor", UseCase),
    ("keyfile", UseCase),
    ("audit", UseCase),
    ("auth", UseCase),
    ("mail", UseCase),
    ("alerts", UseCase),
    ("review::actions", UseCase),
    ("review::assess", UseCase),
    ("review::poison", UseCase),
    ("review::reactions", UseCase),
    ("review::cases", UseCase),
    ("review::sheets", UseCase),
    ("review::decisions", UseCase),
    ("review::coding", UseCase),
    ("review::coding_meddra", UseCase),
    ("review::expedited", UseCase),
    ("review::followups", UseCase),
    ("export::deliver", UseCase),
    ("export::audited", UseCase),
    ("export::case_loader", UseCase),
    ("export::csv::archive", UseCase),
    ("export::csv::caers", UseCase),
    ("export::csv::download", UseCase),
    ("analysis::dashboard", UseCase),
    ("analysis::summary", UseCase),
    ("public_data::page", UseCase),
    ("generate", UseCase),
    ("generate::rows", UseCase),
    ("generate::review", UseCase),
    // Edge
    ("web", Edge),
    ("views", Edge),
    ("startup", Edge),
    ("cli", Edge),
    ("main", Edge),
    ("telemetry", Edge),
    ("abuse", Edge),
    ("lib", Edge),
];

/// What web and CLI code may name from `db`: the handle it passes to use
/// cases and the error they return. Queries and transactions stay below.
const EDGE_MAY_USE_FROM_DB: &[&str] = &["Db", "DbError"];

fn layer_of(module: &str) -> Option<Layer> {
    LAYERS
        .iter()
        .filter(|(prefix, _)| module == *prefix || module.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, layer)| *layer)
}

/// `src/review/mod.rs` → `review`, `src/db/assessment/similar.rs` →
/// `db::assessment::similar`, `src/lib.rs` → `lib`.
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.len() > 1 && parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The production part of a file: up to its first `#[cfg(test)]`, without
/// comment lines.
fn production_code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a file names, expanded from `use` groups: `crate::{a, b::{c, D}}`
/// gives `a`, `b::c`, `b::D`. `super` and `self` are resolved against `module`.
fn paths_named(module: &str, code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0
            || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let start = ["$crate::", "crate::", "super::", "self::"]
            .into_iter()
            .find(|p| rest.starts_with(p));
        match start {
            Some(p) if boundary => {
                // `super` is the parent of this file's module, `self` the module.
                let mut base: Vec<String> = match p {
                    "super::" | "self::" => {
                        let mut m: Vec<String> = module.split("::").map(String::from).collect();
                        if p == "super::" {
                            m.pop();
                        }
                        m
                    }
                    _ => Vec::new(),
                };
                i += p.len();
                // Further `super::` segments.
                while chars[i..].iter().collect::<String>().starts_with("super::") {
                    base.pop();
                    i += "super::".len();
                }
                i = parse_tree(&chars, i, base, &mut out);
            }
            _ => i += 1,
        }
    }
    out
}

/// Parse `a::b::{c, d::e}` at `i`, pushing each full path; returns the index after it.
fn parse_tree(
    chars: &[char],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '{' {
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    return i + 1;
                }
                i = parse_tree(chars, i, prefix.clone(), out);
            }
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        let ident: String = chars[start..i].iter().collect();
        if ident.is_empty() {
            // `*` or the end of the path.
            if i < chars.len() && chars[i] == '*' {
                i += 1;
            }
            out.push(prefix);
            return i;
        }
        if ident != "self" {
            prefix.push(ident);
        }
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            continue;
        }
        // `as alias` and anything else ends the path.
        out.push(prefix);
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        if chars[j..].starts_with(&['a', 's'])
            && chars.get(j + 2).is_some_and(|c| c.is_whitespace())
        {
            j += 2;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            return j;
        }
        return i;
    }
}

struct Import {
    from: String,
    to: String,
    item: String,
}

/// Every production source file of `src/` as (module path, production code).
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.to_string_lossy().ends_with("_test.rs")
            {
                let module = module_of(path.strip_prefix(&src).expect("under src"));
                let text = std::fs::read_to_string(&path).expect("source is readable");
                files.push((module, production_code(&text)));
            }
        }
    }
    files
}

fn read_imports() -> (BTreeSet<String>, Vec<Import>) {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut imports = Vec::new();
    for (module, code) in &files {
        for path in paths_named(module, code) {
            // The longest prefix of the path that is a module file.
            let Some(n) = (1..=path.len())
                .rev()
                .find(|n| modules.contains(&path[..*n].join("::")))
            else {
                continue;
            };
            let to = path[..n].join("::");
            if &to == module {
                continue;
            }
            let item = path.get(n).cloned().unwrap_or_default();
            imports.push(Import {
                from: module.clone(),
                to,
                item,
            });
        }
    }
    (modules, imports)
}

fn is_within(module: &str, parent: &str) -> bool {
    module.starts_with(&format!("{parent}::"))
}

#[test]
fn every_module_has_a_layer() {
    let (modules, _) = read_imports();
    let missing: Vec<_> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "give these modules a layer in LAYERS: {missing:?}"
    );
}

#[test]
fn imports_point_down_only() {
    let (_, imports) = read_imports();
    let mut wrong = BTreeSet::new();
    for i in &imports {
        let (Some(from), Some(to)) = (layer_of(&i.from), layer_of(&i.to)) else {
            continue;
        };
        // A module file may re-export from its own children.
        if is_within(&i.to, &i.from) && from == to {
            continue;
        }
        if to > from {
            wrong.insert(format!("{} ({from:?}) -> {} ({to:?})", i.from, i.to));
        }
        if from == Edge
            && to == Db
            && !(i.to == "db" && EDGE_MAY_USE_FROM_DB.contains(&i.item.as_str()))
        {
            wrong.insert(format!(
                "{} (Edge) -> {}::{} (Db): go through a use case",
                i.from, i.to, i.item
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} imports break the layer rule:\n{}",
        wrong.len(),
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// How a transaction is opened: a closure handed to the database handle.
const TRANSACTION_OPENERS: &[&str] = &[
    ".read(move |",
    ".write(move |",
    ".read(|",
    ".write(|",
    "write_blocking(",
    ".conn()",
];

#[test]
fn edge_code_opens_no_transaction() {
    let mut found = Vec::new();
    for (module, code) in sources() {
        if layer_of(&module) != Some(Edge) {
            continue;
        }
        for line in code.lines() {
            if TRANSACTION_OPENERS.iter().any(|t| line.contains(t)) {
                found.push(format!("{module}: {}", line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "web and CLI code call a use case instead of opening a transaction:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_module_files_import_each_other_in_a_circle() {
    let (modules, imports) = read_imports();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for i in &imports {
        // A parent naming its own children (`pub use child::Thing`) is the
        // module tree, not a dependency back.
        if is_within(&i.to, &i.from) {
            continue;
        }
        edges
            .entry(i.from.as_str())
            .or_default()
            .insert(i.to.as_str());
    }
    let circles = strongly_connected(&modules, &edges);
    assert!(
        circles.is_empty(),
        "{} circles between module files:\n{}",
        circles.len(),
        circles
            .iter()
            .map(|c| c.join(" ⇄ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Tarjan's algorithm; returns the components with more than one module.
fn strongly_connected<'a>(
    nodes: &'a BTreeSet<String>,
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
) -> Vec<Vec<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(v: &'a str, edges: &BTreeMap<&'a str, BTreeSet<&'a str>>, s: &mut State<'a>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, edges, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in nodes {
        if !s.index.contains_key(v.as_str()) {
            visit(v.as_str(), edges, &mut s);
        }
    }
    s.found
}

#[test]
fn the_reader_sees_groups_super_and_self() {
    let code =
        "use crate::{a::b as z, c::{self as y, d, E}};\nuse super::f::G;\nlet x = self::h::i();";
    let paths: Vec<String> = paths_named("m::n", code)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        paths,
        ["a::b", "c", "c::d", "c::E", "m::f::G", "m::n::h::i"]
    );
    assert_eq!(layer_of("review::causality"), Some(Domain));
    assert_eq!(layer_of("review::actions"), Some(UseCase));
    assert_eq!(layer_of("web::review"), Some(Edge));
}
