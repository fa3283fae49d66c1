//! One pass over a text that tells which of the rarely matching patterns match in it at all.
//!
//! A scrub runs some seventy patterns over the text, at least twice. Most of them match nothing
//! in a given narrative, yet each costs a full pass of its automaton (about 8 µs on 5,000
//! characters) unless its first words are rare enough for the engine to skip ahead to them.
//! The patterns listed here, those that match in few narratives and cannot skip ahead, are
//! compiled together into a few [`RegexSet`]s: one pass of each answers "does it match anywhere?"
//! for all of them, and a detector runs a pattern only where it does. Each set is built from
//! the very same pattern strings, so the answer is exact and gating never changes what is
//! found (`gate_agrees_with_every_pattern` checks that on the corpus).

use regex::{Regex, RegexSet, RegexSetBuilder, SetMatches};
use std::sync::LazyLock;

/// The gated patterns, in groups of about ten: the union of all of them would need a lazy DFA
/// cache of over 16 MiB to avoid thrashing (and a thrashing set falls back to a search some
/// hundred times slower), while each group stays under 4 MiB on the corpus, the development
/// set and random Unicode. Adding a pattern only pays if it rarely matches.
fn groups() -> [Vec<&'static Regex>; 4] {
    use super::{codes, contact, dates, geo, name_forms, names, orgs, people, phone_words};
    use super::{places, records};
    [
        // Digits and sigils.
        vec![
            &contact::IPV4,
            &contact::IPV6_TOKEN,
            &contact::HANDLE,
            &contact::URL_BARE,
            &phone_words::SPACED,
            &phone_words::LOCAL,
            &records::SSN,
            &dates::NUMERIC,
            &dates::ISO,
            &codes::MAC,
            &codes::CASHTAG,
        ],
        // Case-insensitive cue words.
        vec![
            &records::RECORD,
            &dates::WRITTEN,
            &dates::CUED_MONTH_DAY,
            &codes::AGE,
            &codes::RECORD_CUED,
            &codes::SSN_CUED,
            &phone_words::SPELLED,
        ],
        // Streets, workplaces, handles and form fields.
        vec![
            &places::NAMED_STREET,
            &places::STREET,
            &places::ZIP,
            &names::WEAK_CUE,
            &names::RELATION_OF,
            &people::FIELD,
            &orgs::INITIAL,
            &orgs::NAMED,
            &codes::HANDLE_CUED,
        ],
        // Capitalised words in a particular shape.
        vec![
            &places::ZIP_CONTEXT,
            &name_forms::INITIALS,
            &name_forms::INITIAL_SURNAME,
            &name_forms::NAME_INITIAL,
            &name_forms::LAST_FIRST,
            &name_forms::NAME_THEN_RELATION,
            &geo::BEFORE_STATE,
            &geo::CUED,
            &geo::AFTER_ADDRESS,
            &geo::BEFORE_ZIP,
        ],
    ]
}

struct Gate {
    sets: Vec<RegexSet>,
    /// The address of each gated pattern, with its set and its place in that set.
    members: Vec<(usize, usize, usize)>,
}

#[allow(clippy::expect_used)] // the same patterns compile one by one (see the unit tests)
static GATE: LazyLock<Gate> = LazyLock::new(|| {
    let mut sets = Vec::new();
    let mut members = Vec::new();
    for (s, group) in groups().iter().enumerate() {
        let set = RegexSetBuilder::new(group.iter().map(|r| r.as_str()))
            .size_limit(32 << 20)
            // Twice what the largest group was measured to need (see `groups`).
            .dfa_size_limit(8 << 20)
            .build()
            .expect("deidentify: gated patterns compile together");
        sets.push(set);
        members.extend(group.iter().enumerate().map(|(i, r)| (address(r), s, i)));
    }
    Gate { sets, members }
});

fn address(re: &Regex) -> usize {
    std::ptr::from_ref(re) as usize
}

/// Which gated patterns match somewhere in one text.
pub(crate) struct Live(Vec<SetMatches>);

impl Live {
    pub(crate) fn new(text: &str) -> Self {
        Self(GATE.sets.iter().map(|s| s.matches(text)).collect())
    }

    /// False only when `re` is gated and matches nowhere in the text.
    pub(crate) fn may_match(&self, re: &Regex) -> bool {
        let at = address(re);
        GATE.members
            .iter()
            .find(|m| m.0 == at)
            .is_none_or(|&(_, s, i)| self.0.get(s).is_none_or(|m| m.matched(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_agrees_with_every_pattern() {
        let corpus = include_str!("../../tests/deidentify/corpus.tsv");
        let mut texts: Vec<String> = corpus
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(_, t)| t.replace("{{", "").replace("}}", ""))
            .collect();
        texts.push(texts.join(" "));
        texts.push("[name], [place] [zip]; [address], Quillby 59999".to_owned());
        let mut checked = 0;
        for text in &texts {
            let live = Live::new(text);
            for re in groups().iter().flatten() {
                assert_eq!(
                    live.may_match(re),
                    re.is_match(text),
                    "{} on {text}",
                    re.as_str()
                );
                checked += usize::from(re.is_match(text));
            }
        }
        assert!(checked > 100, "the corpus exercises the gated patterns");
        let patterns: Vec<&Regex> = groups().into_iter().flatten().collect();
        let mut addresses: Vec<usize> = patterns.iter().map(|r| address(r)).collect();
        addresses.sort_unstable();
        addresses.dedup();
        assert_eq!(addresses.len(), patterns.len());
    }
}
