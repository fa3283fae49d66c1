//! The languages of the reporter pages. Each `locales/<code>.toml` is
//! embedded at build time (see `build.rs`): templates read its messages as
//! fields (`layout.t.q_age`), and text built in Rust in English (option
//! labels, form errors, summary rows) is translated by its English wording,
//! `{n}` standing for a number or a nested phrase. Staff pages stay English.

use std::collections::HashMap;
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// One embedded catalogue.
#[derive(Debug)]
pub struct Catalogue {
    pub code: &'static str,
    pub m: Messages,
    /// The keys the file itself has, in file order (for the completeness test).
    pub keys: &'static [&'static str],
    /// One value per English key, in English key order (English where missing).
    pub values: &'static [&'static str],
}

/// A language of the reporter pages.
#[derive(Debug, Clone, Copy)]
pub struct Lang(&'static Catalogue);

impl PartialEq for Lang {
    fn eq(&self, other: &Self) -> bool {
        self.0.code == other.0.code
    }
}

/// English wording → index in the catalogue, and the wordings with `{n}`.
struct Index {
    exact: HashMap<&'static str, usize>,
    patterns: Vec<(Vec<&'static str>, usize)>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut exact = HashMap::new();
    let mut patterns: Vec<(Vec<&'static str>, usize)> = Vec::new();
    for (i, v) in CATALOGUES[0].values.iter().enumerate() {
        // Exact wordings include templates, so `label` finds those too.
        exact.entry(*v).or_insert(i);
        if v.contains("{n}") {
            patterns.push((v.split("{n}").collect(), i));
        }
    }
    // Longest fixed text first, so "Product {n}: role" wins over "Product {n}".
    patterns
        .sort_by_key(|(parts, _)| std::cmp::Reverse(parts.iter().map(|p| p.len()).sum::<usize>()));
    Index { exact, patterns }
});

impl Lang {
    pub fn english() -> Self {
        Self(&CATALOGUES[0])
    }

    pub fn all() -> impl Iterator<Item = Lang> {
        CATALOGUES.iter().map(Lang)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        CATALOGUES
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
            .map(Lang)
    }

    pub fn code(self) -> &'static str {
        self.0.code
    }

    pub fn is_english(self) -> bool {
        self.0.code == CATALOGUES[0].code
    }

    pub fn t(self) -> &'static Messages {
        &self.0.m
    }

    pub fn catalogue(self) -> &'static Catalogue {
        self.0
    }

    /// The language of a request: a valid `lang` cookie, else the best
    /// match in Accept-Language, else English.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(lang) = cookie.and_then(Self::from_code) {
            return lang;
        }
        let mut best: Option<(f32, Lang)> = None;
        for item in accept_language.unwrap_or("").split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Self::from_code(primary).filter(|_| q > 0.0) {
                if best.is_none_or(|(b, _)| q > b) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_else(Self::english)
    }

    /// `template` with each `{n}` replaced by the next of `values`.
    pub fn fill(template: &str, values: &[&str]) -> String {
        let mut out = String::new();
        let mut values = values.iter();
        let mut parts = template.split("{n}").peekable();
        while let Some(part) = parts.next() {
            out.push_str(part);
            if parts.peek().is_some() {
                out.push_str(values.next().copied().unwrap_or(""));
            }
        }
        out
    }

    /// An English option label or fixed message in this language (itself
    /// when the catalogue does not have it).
    pub fn label(self, english: &'static str) -> &'static str {
        match INDEX.exact.get(english) {
            Some(&i) => self.0.values[i],
            None => english,
        }
    }

    /// English text built in Rust, in this language: an exact wording, or a
    /// wording with `{n}` whose pieces are translated in turn.
    pub fn text(self, english: &str) -> String {
        if self.is_english() {
            return english.to_owned();
        }
        if let Some(&i) = INDEX.exact.get(english) {
            return self.0.values[i].to_owned();
        }
        for (parts, i) in &INDEX.patterns {
            if let Some(pieces) = capture(english, parts) {
                let pieces: Vec<String> = pieces.into_iter().map(|p| self.text(p)).collect();
                let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
                return Self::fill(self.0.values[*i], &refs);
            }
        }
        english.to_owned()
    }

    /// "December 2026" in this language.
    pub fn month_year(self, date: impl chrono::Datelike) -> String {
        let key = format!("month_{}", date.month());
        let template = CATALOGUES[0]
            .keys
            .iter()
            .position(|k| *k == key)
            .map_or("{n}", |i| self.0.values[i]);
        Self::fill(template, &[&date.year().to_string()])
    }
}

/// The pieces of `text` between the fixed `parts` of a `{n}` wording.
fn capture<'t>(text: &'t str, parts: &[&str]) -> Option<Vec<&'t str>> {
    let (first, rest) = parts.split_first()?;
    let mut at = text.strip_prefix(first)?;
    let mut pieces = Vec::new();
    for (k, part) in rest.iter().enumerate() {
        let last = k + 1 == rest.len();
        let end = if last {
            at.len()
                .checked_sub(part.len())
                .filter(|_| at.ends_with(part))?
        } else if part.is_empty() {
            return None;
        } else {
            at.find(part)?
        };
        let piece = &at[..end];
        if piece.is_empty() || piece.len() > 60 {
            return None;
        }
        pieces.push(piece);
        at = &at[end + part.len()..];
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es() -> Lang {
        Lang::from_code("es").unwrap_or_else(Lang::english)
    }

    #[test]
    fn every_catalogue_has_exactly_the_english_keys() {
        let english: Vec<&str> = CATALOGUES[0].keys.to_vec();
        assert!(CATALOGUES.len() >= 2, "expected en and es catalogues");
        for c in CATALOGUES {
            let missing: Vec<_> = english.iter().filter(|k| !c.keys.contains(k)).collect();
            let extra: Vec<_> = c.keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(missing.is_empty(), "{}.toml lacks {missing:?}", c.code);
            assert!(
                extra.is_empty(),
                "{}.toml has keys en.toml lacks: {extra:?}",
                c.code
            );
            for (k, v) in c.keys.iter().zip(c.values) {
                assert!(!v.trim().is_empty(), "{}.toml: {k} is empty", c.code);
            }
            for (i, k) in english.iter().enumerate() {
                let en = CATALOGUES[0].values[i].matches("{n}").count();
                assert_eq!(
                    c.values[i].matches("{n}").count(),
                    en,
                    "{}.toml: {k}",
                    c.code
                );
            }
        }
    }

    #[test]
    fn languages_come_from_the_cookie_then_accept_language() {
        assert_eq!(Lang::negotiate(None, None).code(), "en");
        assert_eq!(
            Lang::negotiate(None, Some("es-MX,es;q=0.9,en;q=0.8")).code(),
            "es"
        );
        assert_eq!(
            Lang::negotiate(None, Some("en-US,en;q=0.9,es;q=0.8")).code(),
            "en"
        );
        assert_eq!(Lang::negotiate(None, Some("fr, es;q=0.5")).code(), "es");
        assert_eq!(Lang::negotiate(None, Some("es;q=0")).code(), "en");
        assert_eq!(Lang::negotiate(Some("en"), Some("es")).code(), "en");
        assert_eq!(Lang::negotiate(Some("xx"), Some("es")).code(), "es");
    }

    #[test]
    fn text_with_numbers_and_nested_phrases_is_translated() {
        let es = es();
        assert_eq!(es.text("Product 2: role"), "Producto 2: papel");
        assert_eq!(
            es.text("12 mg of 7-OH per unit"),
            "12 mg de 7-OH por unidad"
        );
        assert_eq!(
            es.text("Please keep this to 120 characters or fewer (you have 130)."),
            "Por favor, use 120 caracteres o menos (ahora tiene 130)."
        );
        assert!(es.text("please wait about 45 seconds").contains("please"));
        assert_eq!(es.text("Something typed"), "Something typed");
        assert_eq!(es.text("45 seconds"), "45 segundos");
        assert_eq!(Lang::english().text("Product 2: role"), "Product 2: role");
    }
}
