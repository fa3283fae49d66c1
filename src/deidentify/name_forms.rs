//! Name forms beyond cue + capitalised words: initials ("R.W.", "K. Vandermeer", "Mason R."), "Last, First", names after "Pt"/"inmate", names before "(my husband)", nicknames after "goes by", and lower-case given names.

use super::lexicon;
use super::people::{push_words, WORD};
use super::util::{cue, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::sync::LazyLock;

/// "R.W.", "B.K.", "J. R." alone.
pub(super) static INITIALS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b\p{Lu}\.\s?\p{Lu}\.(?:\s?\p{Lu}\.)?"));
/// "K. Vandermeer", "D. Marsh".
pub(super) static INITIAL_SURNAME: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b\p{{Lu}}\.\s({WORD})")));
/// "Mason R.", "Oyelaran, T.".
pub(super) static NAME_INITIAL: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b({WORD}),?\s\p{{Lu}}\.(?:\s|,|$)")));
/// "Carver, Elijah": a surname, a comma and a given name.
pub(super) static LAST_FIRST: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b({WORD}),\s({WORD})\b")));
/// "Patient R. Castellano", "Pt Kowalski, Irene", "inmate Dustin Rourke".
static PERSON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{}\.?:?\s+((?:\p{{Lu}}\.\s?)*{WORD}(?:,\s+(?:{WORD}|\p{{Lu}}\.)|(?:\s+{WORD}){{0,2}}))",
        cue("pt|patient|client|inmate|resident|caller|customer|decedent|victim|interp|interpreter|paciente|cliente")
    ))
});
/// A name right before "(my husband)", ", my wife": "Bill (my husband) has…".
pub(super) static NAME_THEN_RELATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b({WORD})\s*[(,]\s*(?i:my|his|her|our|mi|su)\s+(?i:{})\b",
        super::names::RELATION
    ))
});
/// Nicknames: whatever follows "goes by", "known as", "le dicen".
static NICKNAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\b{}\s*:?\s*(?:el\s+|la\s+)?["“']?({WORD}(?:\s+{WORD})?)"#,
        cue(
            r"goes\s+by|go\s+by|known\s+as|aka|a\.k\.a\.?|nicknamed|calls\s+himself|calls\s+herself|le\s+dicen|apodo|alias|se\s+hace\s+llamar|apodad[oa]|conocid[oa]\s+como"
        )
    ))
});

/// Initials that are abbreviations, not people.
const NOT_INITIALS: &[&str] = &[
    "U.S.", "I.V.", "E.R.", "O.D.", "D.O.", "M.D.", "R.N.", "N.P.", "P.A.", "B.P.", "H.R.", "P.M.",
    "A.K.A.", "D.C.", "L.A.", "N.Y.", "P.O.", "T.V.", "E.D.", "I.D.", "U.K.", "E.U.", "S.A.",
];

/// [`PERSON_CUE`] and [`NICKNAME`] are skipped when none of their cue words occurs.
pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for m in hints.finds(&INITIALS, text) {
        if !NOT_INITIALS.contains(&m.as_str()) && !after_number(text, m.start()) {
            out.push(Cand::new(K::Name, m.start(), m.end()));
        }
    }
    for c in hints.captures(&INITIAL_SURNAME, text) {
        let (Some(m), Some(w)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let w = w.as_str();
        if !lexicon::is_stop(w)
            && !lexicon::is_common(w)
            && !after_number(text, m.start())
            && !drug_like(w)
        {
            out.push(Cand::new(K::Name, m.start(), m.end()));
        }
    }
    for c in hints.captures(&NAME_INITIAL, text) {
        let (Some(m), Some(w)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let w = w.as_str();
        if lexicon::is_clear_given(w) || lexicon::is_surname(w) && !lexicon::is_common(w) {
            let end = m.start() + m.as_str().trim_end_matches([' ', ',']).len();
            out.push(Cand::new(K::Name, m.start(), end));
        }
    }
    for c in hints.captures(&LAST_FIRST, text) {
        let (Some(m), Some(last), Some(first)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        if lexicon::is_surname(last.as_str())
            && lexicon::is_clear_given(first.as_str())
            && !lexicon::is_common(last.as_str())
        {
            out.push(Cand::new(K::Name, m.start(), m.end()));
        }
    }
    let person_cue = hints.may(&[
        "pt", "patient", "client", "inmate", "resident", "caller", "customer", "decedent",
        "victim", "interp", "paciente", "cliente",
    ]);
    for (re, wanted) in [(&*PERSON_CUE, person_cue), (&*NAME_THEN_RELATION, true)] {
        if !wanted {
            continue;
        }
        for c in hints.captures(re, text) {
            if let Some(m) = c.get(1).filter(|m| namey(m.as_str())) {
                push_words(m.start(), m.as_str(), out);
            }
        }
    }
    if !hints.may(&[
        "by",
        "known",
        "aka",
        "a.k.a",
        "nicknamed",
        "calls",
        "dicen",
        "apodo",
        "alias",
        "llamar",
        "apodad",
        "conocid",
    ]) {
        return;
    }
    for c in NICKNAME.captures_iter(text) {
        if let Some(m) = c.get(1) {
            let first = m.as_str().split_whitespace().next().unwrap_or_default();
            if !lexicon::is_stop(first) || lexicon::is_common(first) {
                out.push(Cand::new(K::Name, m.start(), m.start() + first.len()));
            }
        }
    }
}

/// Holds an initial or a word from the name lists ("Temp 39.2" after "pt." is not a name).
fn namey(value: &str) -> bool {
    value.split([' ', ',']).any(|w| {
        let w = w.trim_end_matches('.');
        w.len() == 1 && w.starts_with(char::is_uppercase)
            || lexicon::is_given(w)
            || lexicon::is_surname(w) && !lexicon::is_common(w)
    })
}

/// Drug and chemical names read like surnames after an initial ("C. Cyproheptadine").
fn drug_like(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    [
        "ine", "ol", "am", "one", "ide", "pam", "zole", "pril", "olol", "mab", "vir", "cin", "xin",
        "tan", "fen", "ate",
    ]
    .iter()
    .any(|s| w.ends_with(s))
        && !lexicon::is_surname(word)
}

/// "8 A.M." is a time.
fn after_number(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit())
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
    fn initials_last_first_cues_nicknames_lower_case() {
        for (text, want) in [
            ("signed off by T.J. at the desk", "T.J."),
            ("seen by P. Lindqvist on the ward", "P. Lindqvist"),
            ("Admit: Halvorsen, Margaret 02/01", "Halvorsen, Margaret"),
            ("Pt Quenneville, R., 71M", "Quenneville, R."),
            ("Dwight (my husband) fell", "Dwight"),
            ("a guy who goes by Ghost sold it", "Ghost"),
        ] {
            assert!(
                names(text).iter().any(|n| n == want),
                "{text}: {:?}",
                names(text)
            );
        }
    }

    #[test]
    fn times_drugs_and_words_stay() {
        for text in [
            "at 8 A.M. in the U.S.",
            "Temp 39.2 C. Lorazepam 2 mg given",
            "gave C. Cyproheptadine 12 mg",
            "the house was fine and the pills were gone",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
}
