//! Shared helpers for the detectors: pattern compilation, context windows and unit checks.

use regex::Regex;
use std::sync::LazyLock;

/// Compiles one of the module's built-in patterns. `\d` is narrowed to ASCII digits so that
/// digit arithmetic never meets a non-ASCII digit.
#[allow(clippy::expect_used)] // every pattern is a constant compiled by the unit tests
///
/// `\b` is narrowed to ASCII word boundaries too: a Unicode `\b` makes the regex crate leave
/// its fast DFA on any non-ASCII text (a 5,000-character Spanish narrative took ~100 ms
/// instead of a few). The guards then drop any find that cuts through a word ("Tom|é").
pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\d", "[0-9]").replace(r"\b", r"(?-u:\b)"))
        .expect("deidentify: built-in pattern must compile")
}

/// An alternation of cue words (`"pt|patient|laid\s+off"`), to use where a pattern would
/// otherwise start with `(?i:` cue words: the first word of each alternative is written out in
/// lower, Capitalised and UPPER case, and the rest stays case-insensitive.
///
/// Under `(?i)` a word of n letters has 2ⁿ spellings, too many for the regex engine's literal
/// prefilter, so it runs its automaton over every byte of the text (~8 µs per pattern on a
/// 5,000-character narrative, and a scrub runs dozens of patterns at least twice). With three
/// spellings of the first word it skips ahead to them instead. Only mixed case inside a first
/// word ("pAtient") is no longer matched. Alternatives keep their order, so leftmost-first
/// preference is unchanged.
pub(crate) fn cue(alternatives: &str) -> String {
    let alts: Vec<String> = split_top(alternatives)
        .into_iter()
        .map(|alt| {
            let (lead, tail) = split_lead(alt);
            let cap = {
                let mut c = lead.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            };
            let mut spellings: Vec<String> = Vec::new();
            for v in [lead.to_owned(), cap, upper_literals(lead)] {
                if !spellings.contains(&v) {
                    spellings.push(v);
                }
            }
            let tail = if tail.is_empty() {
                String::new()
            } else {
                format!("(?i:{tail})")
            };
            format!("(?:{}){tail}", spellings.join("|"))
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

/// Splits an alternative into its leading literal word (letters, apostrophes, `#`, `-`, `\.` and
/// classes such as `[uú]`) and the rest; a quantified last atom ("works?") goes with the rest.
fn split_lead(alt: &str) -> (&str, &str) {
    let mut atoms: Vec<usize> = Vec::new(); // start of each atom of the lead
    let mut i = 0;
    let bytes = alt.as_bytes();
    while i < alt.len() {
        let c = alt[i..].chars().next().unwrap_or(' ');
        if c.is_alphabetic() || matches!(c, '\'' | '’' | '#' | '-') {
            atoms.push(i);
            i += c.len_utf8();
        } else if alt[i..].starts_with("\\.") {
            atoms.push(i);
            i += 2;
        } else if c == '[' {
            match alt[i..].find(']') {
                Some(close) => {
                    atoms.push(i);
                    i += close + 1;
                }
                None => break,
            }
        } else {
            if matches!(bytes[i], b'?' | b'*' | b'+' | b'{') {
                i = atoms.pop().unwrap_or(0);
            }
            break;
        }
    }
    alt.split_at(i)
}

/// Splits a pattern at the `|`s that are outside groups and classes.
fn split_top(pattern: &str) -> Vec<&str> {
    let (mut depth, mut class, mut escaped) = (0i32, false, false);
    let mut parts = Vec::new();
    let mut from = 0;
    for (i, c) in pattern.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => depth -= 1,
            '|' if !class && depth == 0 => {
                parts.push(&pattern[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&pattern[from..]);
    parts
}

/// Upper-cases the letters a pattern matches literally, leaving escapes (`\s`, `\p{L}`) and
/// group syntax (`(?:`) alone.
fn upper_literals(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(e) = chars.next() {
                    out.push(e);
                    if matches!(e, 'p' | 'P') && chars.peek() == Some(&'{') {
                        for b in chars.by_ref() {
                            out.push(b);
                            if b == '}' {
                                break;
                            }
                        }
                    }
                }
            }
            '(' if chars.peek() == Some(&'?') => {
                out.push(c);
                for g in chars.by_ref() {
                    out.push(g);
                    if matches!(g, ':' | '>') {
                        break;
                    }
                }
            }
            _ => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// Largest char boundary `<= i`.
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary `>= i`.
pub(crate) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Up to `n` bytes of text ending at `end`.
pub(crate) fn before(text: &str, end: usize, n: usize) -> &str {
    let end = floor_boundary(text, end);
    let start = ceil_boundary(text, end.saturating_sub(n));
    &text[start..end]
}

/// Up to `n` bytes of text starting at `start`.
pub(crate) fn after(text: &str, start: usize, n: usize) -> &str {
    let start = ceil_boundary(text, start);
    let end = floor_boundary(text, start.saturating_add(n));
    &text[start..end]
}

pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

pub(crate) fn char_after(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s?(?:-\s?\d+(?:\.\d+)?\s?)?(?:mg|mcg|µg|ug|g|gr|grams?|milligrams?|kg|lbs?|pounds?|ml|cc|l|liters?|oz|ounces?|tsp|teaspoons?|tbsp|tablespoons?|tabs?|tablets?|caps?|capsules?|pills?|doses?|units?|iu|mmhg|bpm|%|percent|hours?|hrs?|minutes?|mins?|days?|d[ií]as|horas|times|veces|x)\b",
    )
});

/// True when a number ending at `end` is followed by a dose, count or measurement unit.
pub(crate) fn followed_by_unit(text: &str, end: usize) -> bool {
    UNIT_AFTER.is_match(after(text, end, 24)) || after(text, end, 2).starts_with('%')
}

pub(crate) fn is_sentence_start(text: &str, start: usize) -> bool {
    let head = before(text, start, 12).trim_end_matches([' ', '\t', '"', '\'', '(', '¿', '¡', '“']);
    match head.chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '\n' | '\r' | ':' | ';'),
    }
}

/// Cheap facts about a text, used to skip detectors whose cue words or digit shapes cannot
/// occur in it. Each check is a necessary condition for the skipped pattern to match.
pub(crate) struct Hints {
    lower: String,
    /// Longest run of ASCII digits.
    pub longest_digit_run: usize,
    pub digits: usize,
    /// Most digits in a run of digit groups split by single spaces or hyphens ("4111 1111-11"),
    /// the only shape a payment card number takes.
    pub longest_grouped_digits: usize,
    /// Holds a character that a case-insensitive pattern matches as an ASCII letter ('ſ' for
    /// "s", the Kelvin sign for "k"), which the ASCII-lower-cased copy does not show.
    folds_to_ascii: bool,
    /// One bit per byte pair of the lower-cased copy: the cue lists are mostly absent, and
    /// a missing pair or triple rules a needle out without scanning the whole text again.
    pairs: Box<[u64; 1024]>,
    /// One bit per hashed byte triple of the lower-cased copy (false positives only).
    triples: Box<[u64; 1024]>,
    /// Which of the rarely matching patterns match at all.
    live: super::gate::Live,
}

fn pair_bit(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

fn triple_bit(a: u8, b: u8, c: u8) -> usize {
    let h = u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16;
    (h.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn has_bit(bits: &[u64; 1024], i: usize) -> bool {
    bits[i >> 6] & 1 << (i & 63) != 0
}

impl Hints {
    pub(crate) fn new(text: &str) -> Self {
        let (mut run, mut longest, mut digits) = (0, 0, 0);
        let (mut grouped, mut longest_grouped) = (0, 0);
        let mut prev_digit = false;
        for b in text.bytes() {
            if b.is_ascii_digit() {
                run += 1;
                digits += 1;
                longest = longest.max(run);
                grouped += 1;
                longest_grouped = longest_grouped.max(grouped);
            } else {
                run = 0;
                if !(prev_digit && matches!(b, b' ' | b'-')) {
                    grouped = 0;
                }
            }
            prev_digit = b.is_ascii_digit();
        }
        let lower = text.to_ascii_lowercase();
        let mut pairs = Box::new([0u64; 1024]);
        let mut triples = Box::new([0u64; 1024]);
        for w in lower.as_bytes().windows(2) {
            let i = pair_bit(w[0], w[1]);
            pairs[i >> 6] |= 1 << (i & 63);
        }
        for w in lower.as_bytes().windows(3) {
            let i = triple_bit(w[0], w[1], w[2]);
            triples[i >> 6] |= 1 << (i & 63);
        }
        Self {
            live: super::gate::Live::new(text),
            lower,
            pairs,
            triples,
            longest_digit_run: longest,
            digits,
            longest_grouped_digits: longest_grouped,
            // Two substring searches (memchr) rather than one decoding pass over every char.
            folds_to_ascii: text.contains('\u{17F}') || text.contains('\u{212A}'),
        }
    }

    /// True when the ASCII-lower-cased text contains any of `needles` (given in lower case).
    pub(crate) fn any(&self, needles: &[&str]) -> bool {
        needles.iter().any(|n| self.in_lower(n))
    }

    fn in_lower(&self, needle: &str) -> bool {
        let b = needle.as_bytes();
        match b.len() {
            0 | 1 => self.lower.contains(needle),
            2 => has_bit(&self.pairs, pair_bit(b[0], b[1])),
            _ => self.grams_present(b.iter().copied()) && self.lower.contains(needle),
        }
    }

    /// False when some byte pair or triple of `bytes` never occurs in the lower-cased copy.
    fn grams_present(&self, bytes: impl Iterator<Item = u8> + Clone) -> bool {
        let (mut a, mut b) = (None, None);
        for c in bytes {
            if let Some(y) = b {
                if !has_bit(&self.pairs, pair_bit(y, c)) {
                    return false;
                }
                if let Some(x) = a {
                    if !has_bit(&self.triples, triple_bit(x, y, c)) {
                        return false;
                    }
                }
            }
            (a, b) = (b, Some(c));
        }
        true
    }

    /// False only when `re` is one of the gated patterns (see `gate`) and matches nowhere in the
    /// text these hints were made from.
    pub(crate) fn may_match(&self, re: &Regex) -> bool {
        self.live.may_match(re)
    }

    /// `re.captures_iter(text)`, skipped when `re` matches nowhere in the text.
    pub(crate) fn captures<'r, 'h>(
        &self,
        re: &'r Regex,
        text: &'h str,
    ) -> impl Iterator<Item = regex::Captures<'h>> + use<'r, 'h> {
        self.may_match(re)
            .then(|| re.captures_iter(text))
            .into_iter()
            .flatten()
    }

    /// `re.find_iter(text)`, skipped when `re` matches nowhere in the text.
    pub(crate) fn finds<'r, 'h>(
        &self,
        re: &'r Regex,
        text: &'h str,
    ) -> impl Iterator<Item = regex::Match<'h>> + use<'r, 'h> {
        self.may_match(re)
            .then(|| re.find_iter(text))
            .into_iter()
            .flatten()
    }

    /// Exactly `text.contains(needle)` (`text` being the text these hints were made from),
    /// answered from the byte pairs and triples when they rule the needle out.
    pub(crate) fn has(&self, text: &str, needle: &str) -> bool {
        self.grams_present(needle.bytes().map(|c| c.to_ascii_lowercase())) && text.contains(needle)
    }

    /// False only when no '.' is followed by an ASCII letter (nor by a letter that a
    /// case-insensitive pattern reads as one): a bare domain's dot and top-level domain.
    pub(crate) fn may_dot_letter(&self) -> bool {
        self.folds_to_ascii || (b'a'..=b'z').any(|c| has_bit(&self.pairs, pair_bit(b'.', c)))
    }

    /// False only when a case-insensitive (`(?i)`) pattern that needs one of `needles` (given
    /// in lower case) cannot match: unlike [`Hints::any`] it also answers true for the
    /// non-ASCII letters that such a pattern matches as "s" or "k".
    pub(crate) fn may(&self, needles: &[&str]) -> bool {
        self.folds_to_ascii || self.any(needles)
    }
}

/// Exactly `text.to_lowercase()`, faster on mostly-ASCII text with accents: std's path costs
/// ~50 instructions a byte once a text holds one non-ASCII letter. Texts with a capital
/// sigma (whose lower case depends on the letters around it) go to std.
pub(crate) fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Lower-cases and strips Spanish accents so that name lists match "García" and "Garcia".
pub(crate) fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            '’' => '\'',
            other => other,
        })
        .collect()
}

/// Calls `f` with [`fold`]`(word)`, without allocating for ASCII words of up to 64 bytes (for
/// those `fold` is plain ASCII lower-casing). The name lists are consulted for every
/// capitalised word of every pass, so this keeps the lookups off the allocator.
pub(crate) fn with_fold<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if word.len() <= buf.len() && word.is_ascii() {
        let folded = &mut buf[..word.len()];
        folded.copy_from_slice(word.as_bytes());
        folded.make_ascii_lowercase();
        if let Ok(folded) = std::str::from_utf8(folded) {
            return f(folded);
        }
    }
    f(&fold(word))
}

/// The (kind, text) of what a detector finds in `text` (for unit tests).
#[cfg(test)]
pub(crate) fn found_by(
    detect: fn(&str, &Hints, &mut Vec<super::Cand>),
    text: &str,
) -> Vec<(super::IdentifierKind, String)> {
    let mut found = Vec::new();
    detect(text, &Hints::new(text), &mut found);
    found
        .iter()
        .map(|c| (c.kind, text[c.start..c.end].to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_words_match_in_three_cases_only() {
        assert_eq!(
            cue(r"pt|laid\s+off|works?|a\.k\.a\.?|i'm"),
            r"(?:(?:pt|Pt|PT)|(?:laid|Laid|LAID)(?i:\s+off)|(?:work|Work|WORK)(?i:s?)|(?:a\.k\.a|A\.k\.a|A\.K\.A)(?i:\.?)|(?:i'm|I'm|I'M))"
        );
        assert_eq!(
            cue(r"n[uú]mero(?:\s+de)?"),
            r"(?:(?:n[uú]mero|N[uú]mero|N[UÚ]MERO)(?i:(?:\s+de)?))"
        );
        let r = re(&format!(
            r"\b{}\b",
            cue(r"patient|seguro\s+social|medical\s+record")
        ));
        for hit in [
            "patient",
            "Patient",
            "PATIENT",
            "Seguro  Social",
            "SEGURO social",
            "Medical Record",
        ] {
            assert!(r.is_match(hit), "{hit}");
        }
        for miss in ["outpatients", "pAtient", "seguro-social"] {
            assert!(!r.is_match(miss), "{miss}");
        }
    }

    #[test]
    fn windows_respect_char_boundaries() {
        let t = "ñañañaña 555";
        assert_eq!(before(t, 3, 3), "ña");
        assert_eq!(before(t, 3, 2), "a");
        assert_eq!(after(t, 1, 3), "añ");
        assert!(followed_by_unit("take 15 mg", 7));
        assert!(followed_by_unit("5-10 g", 1));
        assert!(!followed_by_unit("zip 94110 please", 9));
    }

    #[test]
    fn lowercase_matches_std() {
        for t in [
            "Kevin",
            "MUÑOZ García",
            "İstanbul ǅemal ΣΑΣ",
            "ÁÉÍÓÚ Ñ ẞ",
            "",
            "a\u{130}b",
        ] {
            assert_eq!(lowercase(t), t.to_lowercase(), "{t}");
        }
    }

    #[test]
    fn fold_strips_accents() {
        assert_eq!(fold("García"), "garcia");
        assert_eq!(fold("MUÑOZ"), "munoz");
        for w in ["Kevin", "O'NEIL", "García", "Ñ", "", "A-B"] {
            assert_eq!(with_fold(w, str::to_owned), fold(w));
        }
    }
}
