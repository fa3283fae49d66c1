//! Regions where nothing (placeholders) or no number-like identifier (product lot, expiry, NDC codes) may be flagged.

use super::util::{char_after, char_before, re};
use super::{Cand, IdentifierKind};
use regex::Regex;
use std::sync::LazyLock;

/// Placeholders already in the text; matching inside them would break idempotence.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\[(?:email|phone|ssn|url|ip|date|address|zip|mrn|name|card|place|facility|handle|plate|device|age)\]",
    )
});

/// Product codes identify a batch, not a person: lot, batch, expiry, NDC, UPC, SKU (§6).
static PRODUCT_CODE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:lot|batch|exp(?:iry|iration|ires)?(?:\s+date)?|best\s+by|use\s+by|bb|ndc|upc|sku|barcode|item|model|lote|caducidad|cad|vence|vencimiento|fecha\s+de\s+caducidad)\b\.?\s*(?:#|no\.?|num\.?|number|n[uú]mero|code|c[oó]digo)?\s*(?:is\s+|es\s+|el\s+)?[:#]?\s*[A-Za-z0-9][A-Za-z0-9./-]*(?:\s+\d{2,4}\b)?",
    )
});

fn is_numeric_kind(kind: IdentifierKind) -> bool {
    !matches!(
        kind,
        IdentifierKind::Email
            | IdentifierKind::Url
            | IdentifierKind::Name
            | IdentifierKind::Address
            | IdentifierKind::Place
            | IdentifierKind::Facility
            | IdentifierKind::Handle
    )
}

/// Placeholder and product-code spans of one text, found once and shared by both guard runs
/// of a detection pass.
#[derive(Default)]
pub(crate) struct Spans {
    found: Option<(Vec<Span>, Vec<Span>)>,
}

/// Byte offsets of one match.
type Span = (usize, usize);

impl Spans {
    fn get(&mut self, text: &str) -> &(Vec<Span>, Vec<Span>) {
        self.found.get_or_insert_with(|| {
            let spans = |re: &Regex| re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            (spans(&PLACEHOLDER), spans(&PRODUCT_CODE))
        })
    }
}

/// Drops the candidates the guards forbid; `spans` must have been used only with `text`.
pub(crate) fn apply(text: &str, spans: &mut Spans, cands: &mut Vec<Cand>) {
    if cands.is_empty() {
        return;
    }
    // A name, place or organisation never runs across a line break ("Bobby Trinh\nAddress:").
    for c in cands.iter_mut() {
        if matches!(
            c.kind,
            IdentifierKind::Name | IdentifierKind::Place | IdentifierKind::Facility
        ) {
            if let Some(nl) = text[c.start..c.end].find(['\n', '\r']) {
                c.end = c.start + text[c.start..c.start + nl].trim_end().len();
            }
        }
    }
    let (placeholders, products) = spans.get(text);
    let overlaps =
        |c: &Cand, spans: &[(usize, usize)]| spans.iter().any(|&(s, e)| c.start < e && s < c.end);
    // With ASCII-only `\b` (see `util::re`) a match may stop inside a word with accents.
    let cuts_word = |c: &Cand| {
        let span = &text[c.start..c.end];
        let letter = |ch: Option<char>| ch.is_some_and(char::is_alphabetic);
        letter(char_before(text, c.start)) && letter(span.chars().next())
            || letter(char_after(text, c.end)) && letter(span.chars().next_back())
    };
    cands.retain(|c| {
        !(overlaps(c, placeholders)
            || cuts_word(c)
            || (is_numeric_kind(c.kind) && overlaps(c, products))
            || (c.kind == IdentifierKind::Name && super::people::product_follows(text, c.end)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_numbers_in_product_codes_and_anything_in_placeholders() {
        let text = "Lot#: 2401170 exp 06/30/2026 NDC 12345-678-90 and [phone]";
        let mut c = vec![
            Cand::new(IdentifierKind::Mrn, 6, 13),
            Cand::new(IdentifierKind::Date, 18, 28),
            Cand::new(IdentifierKind::Phone, 33, 45),
            Cand::new(IdentifierKind::Name, 51, 56),
        ];
        apply(text, &mut Spans::default(), &mut c);
        assert!(c.is_empty(), "{c:?}");
    }
}
