//! Person names without the classic cues: lone given names from the Census lists, initials ("R.W.", "K. Vandermeer"), "Last, First", form fields ("Patient:", "Reporter:"), nicknames, credentials and lower-case names after a relation word.

use super::lexicon;
use super::util::{char_after, char_before, cue, re, Hints};
// (names::RELATION is shared with the cue patterns there.)
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::sync::LazyLock;

/// A capitalised word (not all capitals) or a lower-case word, with accents and hyphens.
pub(crate) const WORD: &str = r"\p{Lu}(?:\p{Ll}|['’]\p{L}|-\p{L})+";

static TOKENS: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b{WORD}\b")));

/// Form fields and sign-offs whose value is a person: "Patient: Carver, Elijah", "Reporter - Denise".
pub(super) static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?:\b{}(?i:\s*(?:name)?\s*[:=–—-])|\b{}(?i:\s*:?))\s*["“']?({WORD}(?:,?\s+{WORD}){{0,2}}|\p{{Ll}}{{2,}})"#,
        cue(
            r"rx|patient|pt|reporter|caller|name|nombre|paciente|contact|contacto|from|de|to|para|submitted\s+by|reported\s+by|written\s+by|signed|firma|cc|attn|nurse|rn|np|pa|md|provider|physician|pharmacist|prescriber|seller|dealer|vendor|plug|supervisor|manager|caseworker|counselor|sponsor|officer|deputy|medic|emt|coach|teacher|landlord"
        ),
        cue(
            r"goes\s+by|known\s+as|aka|a\.k\.a\.?|nicknamed|le\s+dicen|apodo|alias|sign(?:s|ed)?\s+(?:as|off\s+as)|username|user"
        )
    ))
});

/// Lower-case names after a relation or title ("my son jake", "dr okafor"), when on the list.
static LOWER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\b(?:(?:my|mi|his|her|our)\s+(?:(?:twin|little|big|older|younger|baby|ex)\s+)?(?:son|daughter|husband|wife|bf|gf|boyfriend|girlfriend|ex|brother|sister|sis|bro|mom|mum|mother|dad|father|friend|cousin|roommate|kid|baby|hijo|hija|esposo|esposa|novio|novia|hermano|hermana|amigo|amiga|primo|prima|t[ií]a|t[ií]o|mam[aá]|pap[aá])|\bdr\.?|\bmy\s+name\s+is|\bme\s+llamo|\bmi\s+nombre\s+es)\s+(\p{Ll}{3,})\b|\b(?:i'?m|soy|this\s+is)\s+(\p{Ll}{3,})\b|\b(\p{Ll}{3,})\s+here\b)",
    )
});

/// Credentials after a name: "Okafor, MD", "Jane Roe RN".
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b({WORD}(?:\s+{WORD})?),?\s+(?:MD|M\.D\.|DO|RN|NP|PA-C|APRN|LPN|PharmD|DNP|FNP|CRNA|LCSW|EMT|PhD)\b"
    ))
});

/// The credentials of [`CREDENTIAL`], to skip it on text without any.
const CREDENTIALS: &[&str] = &[
    "MD", "M.D.", "DO", "RN", "NP", "PA-C", "APRN", "LPN", "PharmD", "DNP", "FNP", "CRNA", "LCSW",
    "EMT", "PhD",
];

/// Words after a name that make it a product ("Max 7-OH", "Jade Gummies").
static PRODUCT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[\s-]*(?:\d+\s?(?:mg|g|ct|count|oz|ml)\b|7-?OH|(?i:kratom|extracts?|shots?|gummies|gummy|caps|capsules|powder|tabs|tablets|blend|seltzer|tea|vape|drink|energy)\b|Gold|Extra|Plus|Max|Ultra|Xtra|Brand|Labs|Botanicals|Vapor|Hemp|CBD|Delta|Premium|Red|Green|White|Blue|Lotus|Platinum|™|®)",
    )
});

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    lone_names(text, out);
    for c in hints.captures(&FIELD, text) {
        if let Some(m) = c.get(1) {
            push_words(m.start(), m.as_str(), out);
        }
    }
    for c in LOWER.captures_iter(text) {
        // After a relation or "my name is" any plain word goes; after "i'm" only a given name.
        if let Some(m) = c.get(1) {
            let w = m.as_str();
            if !lexicon::is_common(w) && !english_word_shape(w) || lexicon::is_clear_given(w) {
                out.push(Cand::new(K::Name, m.start(), m.end()));
            }
        } else if let Some(m) = c.get(2).or_else(|| c.get(3)) {
            if lexicon::is_clear_given(m.as_str()) {
                out.push(Cand::new(K::Name, m.start(), m.end()));
            }
        }
    }
    let credential = CREDENTIALS.iter().any(|c| hints.has(text, c));
    let credentials = credential
        .then(|| CREDENTIAL.captures_iter(text))
        .into_iter()
        .flatten();
    for c in credentials {
        if let Some(m) = c.get(1) {
            push_words(m.start(), m.as_str(), out);
        }
    }
}

/// Endings of ordinary English words that names rarely have ("going", "tired", "really").
fn english_word_shape(w: &str) -> bool {
    [
        "ing", "ed", "ly", "ful", "ous", "ive", "able", "ible", "ment", "ness", "tion", "est",
    ]
    .iter()
    .any(|s| w.ends_with(s))
}

/// Pushes the leading words of `value` up to the first ordinary word.
pub(crate) fn push_words(start: usize, value: &str, out: &mut Vec<Cand>) {
    let mut end = start;
    let value = value.split(['\n', '\r']).next().unwrap_or_default();
    for w in value.split_whitespace() {
        let bare = w.trim_end_matches(',');
        if lexicon::is_stop(bare) || lexicon::is_common(bare) && !lexicon::is_given(bare) {
            break;
        }
        end = start + (w.as_ptr() as usize - value.as_ptr() as usize) + bare.len();
        if bare.len() != w.len()
            && end > start
            && !value[end - start..]
                .trim_start_matches(',')
                .starts_with(' ')
        {
            break;
        }
    }
    if end > start {
        out.push(Cand::new(K::Name, start, end));
    }
}

/// A capitalised word on the given-name list that is not an ordinary word, unless it reads
/// as part of a product name.
fn lone_names(text: &str, out: &mut Vec<Cand>) {
    for m in TOKENS.find_iter(text) {
        let w = m.as_str().trim_end_matches("'s").trim_end_matches("’s");
        if w.chars().count() < 3 || !lexicon::is_clear_given(w) {
            continue;
        }
        if PRODUCT_AFTER.is_match(&text[m.start() + w.len()..]) {
            continue;
        }
        // Glued to a capitalised non-name word before it ("Mitra Max"): a brand.
        let head = text[..m.start()].trim_end_matches(' ');
        let prev = head
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        let glued = head.len() + 1 == m.start()
            && prev.starts_with(char::is_uppercase)
            && !super::util::is_sentence_start(text, head.len() - prev.len())
            && !lexicon::is_given(prev)
            && !lexicon::is_surname(prev)
            && !lexicon::is_stop(prev);
        if glued
            || char_before(text, m.start()) == Some('@')
            || char_after(text, m.end()) == Some('@')
        {
            continue;
        }
        out.push(Cand::new(K::Name, m.start(), m.start() + w.len()));
    }
}

/// Words after a product name ("Max 7-OH", "Golden Reef Kratom"), for the guards.
pub(crate) fn product_follows(text: &str, end: usize) -> bool {
    PRODUCT_AFTER.is_match(&text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        v.iter().map(|c| text[c.start..c.end].to_owned()).collect()
    }

    #[test]
    fn names_without_classic_cues() {
        for (text, want) in [
            ("Patient: Hollister, Margo", "Hollister, Margo"),
            ("Reporter: Wendell Ashby", "Wendell Ashby"),
            ("then Priscilla called 911", "Priscilla"),
            ("my son brandon was vomiting", "brandon"),
            ("he goes by Tank on the forum", "Tank"),
            ("notes by Ferris Ong, NP", "Ferris Ong"),
        ] {
            assert!(
                names(text).iter().any(|n| n == want),
                "{text}: {:?}",
                names(text)
            );
        }
    }

    #[test]
    fn products_and_words_stay() {
        for text in [
            "took Mitra Max gummies",
            "I will try, may 3 times",
            "at 8 A.M. in the U.S.",
            "took Hope 7-OH Shot",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
}
