//! Other mentions of a name, place or organisation already found ("my son Jake … Jake then …", "Greyling … greyling").

use super::lexicon;
use super::util;
use super::{Cand, IdentifierKind as K};

/// Adds a candidate for every whole-word mention of each word (three letters or more) of the
/// names, places and facilities found. Ordinary words ("Will", "Hope") spread only in the same
/// case, so "Will Danforth" does not take the verb "will" with it.
pub(crate) fn apply(text: &str, cands: &mut Vec<Cand>) {
    let mut terms: Vec<(K, String)> = Vec::new();
    for c in cands.iter() {
        if !matches!(c.kind, K::Name | K::Place | K::Facility) {
            continue;
        }
        let span = &text[c.start..c.end];
        if c.kind != K::Name && !terms.iter().any(|(_, t)| t == span) {
            terms.push((c.kind, span.to_owned()));
        }
        for w in span.split(|ch: char| !ch.is_alphanumeric() && ch != '\'' && ch != '-') {
            let w = w.trim_end_matches("'s").trim_matches(['\'', '-']);
            if c.kind == K::Name
                && w.chars().count() >= 3
                && !lexicon::is_stop(w)
                && !terms.iter().any(|(_, t)| t == w)
            {
                terms.push((K::Name, w.to_owned()));
            }
        }
    }
    if terms.is_empty() {
        return;
    }
    let lower = util::lowercase(text);
    // Lower-casing may change byte lengths (rare letters); then only exact-case spreading.
    let same_len = lower.len() == text.len();
    for (kind, t) in terms {
        let fold_case = same_len && !lexicon::is_common(&t);
        let hay = if fold_case { lower.as_str() } else { text };
        let needle = if fold_case {
            t.to_lowercase()
        } else {
            t.clone()
        };
        for (at, _) in hay.match_indices(&needle) {
            let end = at + needle.len();
            let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if edge(text[..at].chars().next_back()) && edge(text[end..].chars().next()) {
                cands.push(Cand::new(kind, at, end));
            }
        }
    }
}
