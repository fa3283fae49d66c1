//! The bundled word lists: given names and surnames (US Census), place names (GeoNames, Census counties), and the hand-written lists of ordinary words that are not names.
//!
//! Sources and licences: `data/README.md`. Everything is compiled into the binary; nothing is
//! fetched at build or run time.

use super::util::{fold, with_fold};
use std::collections::HashSet;
use std::sync::LazyLock;

fn load(lists: &[&str]) -> HashSet<String> {
    lists
        .iter()
        .flat_map(|l| l.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
}

static GIVEN: LazyLock<HashSet<String>> = LazyLock::new(|| {
    load(&[
        include_str!("data/given_names.txt"),
        include_str!("data/census_given.txt"),
    ])
});
static SURNAME: LazyLock<HashSet<String>> = LazyLock::new(|| {
    load(&[
        include_str!("data/surnames.txt"),
        include_str!("data/census_surnames.txt"),
    ])
});
static STOP: LazyLock<HashSet<String>> =
    LazyLock::new(|| load(&[include_str!("data/stopwords.txt")]));
/// Ordinary words, products and drug names that are also on the name lists ("Will", "Hope", "Max").
static COMMON: LazyLock<HashSet<String>> =
    LazyLock::new(|| load(&[include_str!("data/common_words.txt")]));

/// A given name on the Census lists or the hand-written list.
pub(crate) fn is_given(word: &str) -> bool {
    with_fold(word, |f| GIVEN.contains(f))
}

pub(crate) fn is_surname(word: &str) -> bool {
    with_fold(word, |f| SURNAME.contains(f))
}

/// A capitalised word that is not a name: sentence starters, titles, kinds of place, drugs.
pub(crate) fn is_stop(word: &str) -> bool {
    with_fold(word, |f| STOP.contains(f))
}

/// An ordinary word (or product, drug, month) that is also written capitalised.
pub(crate) fn is_common(word: &str) -> bool {
    with_fold(word, |f| COMMON.contains(f) || STOP.contains(f))
}

/// A given name that is not also an ordinary word: safe to flag on its own.
pub(crate) fn is_clear_given(word: &str) -> bool {
    with_fold(word, |f| {
        GIVEN.contains(f) && !COMMON.contains(f) && !STOP.contains(f)
    })
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
