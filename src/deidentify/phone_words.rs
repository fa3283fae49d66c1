//! Telephone numbers the digit-group matcher cannot see: spelled out ("five five five, zero one four two", "cinco cinco cinco"), spaced digits ("5 5 5 0 1 8 8"), bare local numbers ("555-0108") and extensions ("ext 22").

use super::util::{char_after, char_before, followed_by_unit, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::sync::LazyLock;

const DIGIT_WORD: &str = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)";

/// Seven or more digit words in a row, split by spaces, commas or hyphens.
pub(super) static SPELLED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{DIGIT_WORD}(?:[\s,-]+{DIGIT_WORD}){{6,14}}\b"
    ))
});

/// Seven or more single digits split by single spaces.
pub(super) static SPACED: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d(?: \d){6,14}\b"));

/// A local seven-digit number ("555-0108", "555 0149", "555.0119").
pub(super) static LOCAL: LazyLock<Regex> = LazyLock::new(|| re(r"\b[2-9]\d{2}[-. ]\d{4}\b"));

/// An extension right after a number.
static EXTENSION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^,?\s*(?:ext\.?|extension|extensi[oó]n|x)\s*#?\s*\d{1,5}\b"));

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for m in hints.finds(&SPELLED, text) {
        // "one" and "o" alone are too common: the run must hold a real digit word majority.
        let words = m
            .as_str()
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        if words.filter(|w| w.len() > 1).count() >= 7 {
            out.push(Cand::new(K::Phone, m.start(), m.end()));
        }
    }
    for m in hints.finds(&SPACED, text) {
        out.push(Cand::new(K::Phone, m.start(), m.end()));
    }
    for m in hints.finds(&LOCAL, text) {
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-/#$.".contains(c));
        let next_glued = char_after(text, m.end()).is_some_and(|c| c == '-' || c == '/')
            || text[m.end()..].starts_with('.')
                && char_after(text, m.end() + 1).is_some_and(|c| c.is_ascii_digit());
        // After an area code the digit-group matcher owns the number (and its allow-list).
        let area_code = text[..m.start()]
            .trim_end_matches([' ', '-', '.', ')', '('])
            .ends_with(|c: char| c.is_ascii_digit());
        if !glued(char_before(text, m.start()))
            && !next_glued
            && !area_code
            && !followed_by_unit(text, m.end())
        {
            out.push(Cand::new(K::Phone, m.start(), m.end()));
        }
    }
    extensions(text, out);
}

/// Grows every phone candidate found so far over an extension that follows it.
fn extensions(text: &str, out: &mut [Cand]) {
    for c in out.iter_mut().filter(|c| c.kind == K::Phone) {
        if let Some(m) = EXTENSION.find(&text[c.end..]) {
            c.end += m.end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        v.iter().map(|c| text[c.start..c.end].to_owned()).collect()
    }

    #[test]
    fn spelled_spaced_local_and_extensions() {
        assert_eq!(
            phones("text me six one seven, two two three four nine nine one ok"),
            ["six one seven, two two three four nine nine one"]
        );
        assert_eq!(
            phones("llámame al nueve nueve dos cero cero uno cuatro"),
            ["nueve nueve dos cero cero uno cuatro"]
        );
        assert_eq!(
            phones("it's 7 1 4 2 2 9 3 3 0 1 thanks"),
            ["7 1 4 2 2 9 3 3 0 1"]
        );
        assert_eq!(phones("desk line 434-2291 ext 14."), ["434-2291 ext 14"]);
    }

    #[test]
    fn counts_ranges_and_codes_stay() {
        for t in [
            "BP 130-140 systolic",
            "lot RB-0423-17",
            "took one or two, one to three",
            "SKU 882-1001-A",
            "score 250-3000 mg",
        ] {
            assert!(phones(t).is_empty(), "{t}: {:?}", phones(t));
        }
    }
}
