//! The bundled word lists: given names and surnames (US Census), place names (GeoNames, Census counties), and the hand-written lists of ordinary words that are not names.
//!
//! Sources and licences: `data/README.md`. Everything is compiled into the binary; nothing is
//! fetched at build or run time.

use super::util::{fold, with_fold};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

const GIVEN: u8 = 1;
const SURNAME: u8 = 2;
const STOP: u8 = 4;
/// Ordinary words, products and drug names that are also on the name lists ("Will", "Hope", "Max").
const COMMON: u8 = 8;

/// Every listed word (folded) with the lists it is on, so that one lookup answers all four
/// questions: the name lists are consulted for every capitalised word of every pass.
static WORDS: LazyLock<FxHashMap<Box<str>, u8>> = LazyLock::new(|| {
    let mut words: FxHashMap<Box<str>, u8> = FxHashMap::default();
    for (flag, lists) in [
        (
            GIVEN,
            &[
                include_str!("data/given_names.txt"),
                include_str!("data/census_given.txt"),
            ][..],
        ),
        (
            SURNAME,
            &[
                include_str!("data/surnames.txt"),
                include_str!("data/census_surnames.txt"),
            ][..],
        ),
        (STOP, &[include_str!("data/stopwords.txt")][..]),
        (COMMON, &[include_str!("data/common_words.txt")][..]),
    ] {
        let lines = lists.iter().flat_map(|l| l.lines()).map(str::trim);
        for word in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
            *words.entry(fold(word).into_boxed_str()).or_default() |= flag;
        }
    }
    words
});

/// The lists `word` is on (0 for none).
fn lists(word: &str) -> u8 {
    with_fold(word, |f| WORDS.get(f).copied().unwrap_or(0))
}

/// A given name on the Census lists or the hand-written list.
pub(crate) fn is_given(word: &str) -> bool {
    lists(word) & GIVEN != 0
}

pub(crate) fn is_surname(word: &str) -> bool {
    lists(word) & SURNAME != 0
}

/// A capitalised word that is not a name: sentence starters, titles, kinds of place, drugs.
pub(crate) fn is_stop(word: &str) -> bool {
    lists(word) & STOP != 0
}

/// An ordinary word (or product, drug, month) that is also written capitalised.
pub(crate) fn is_common(word: &str) -> bool {
    lists(word) & (COMMON | STOP) != 0
}

/// A given name that is not also an ordinary word: safe to flag on its own.
pub(crate) fn is_clear_given(word: &str) -> bool {
    lists(word) & (GIVEN | COMMON | STOP) == GIVEN
}

/// A title or honorific before a name ("Reverend", "Sister", "Dr").
pub(crate) fn is_title(word: &str) -> bool {
    with_fold(word.trim_end_matches('.'), |f| {
        matches!(
            f,
            "reverend"
                | "rev"
                | "pastor"
                | "father"
                | "fr"
                | "sister"
                | "brother"
                | "deacon"
                | "bishop"
                | "dr"
                | "doctor"
                | "dra"
                | "mr"
                | "mrs"
                | "ms"
                | "miss"
                | "officer"
                | "deputy"
                | "sgt"
                | "sergeant"
                | "captain"
                | "capt"
                | "coach"
                | "judge"
                | "nurse"
                | "don"
                | "dona"
        )
    })
}
