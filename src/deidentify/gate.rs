//! One pass over a text that tells which of the rarely matching patterns match in it at all.
//!
//! A scrub runs some seventy patterns over the text, at least twice. Most of them match nothing
//! in a given narrative, yet each costs a full pass of its automaton (about 8 µs on 5,000
//! characters) unless its first words are rare enough for the engine to skip ahead to them.
//! The gated patterns, those that match in few narratives and cannot skip ahead, are
//! compiled together into a few [`RegexSet`]s: one pass of each answers "does it match anywhere?"
//! for all of them, and a detector runs a pattern only where it does. Each set is built from
//! the very same pattern strings, so the answer is exact and gating never changes what is
//! found (`gate_agrees_with_every_pattern` checks that on the corpus). Which patterns are
//! gated is decided in the parent module ([`gated_patterns`]), which knows the detectors;
//! this file holds the mechanism only, so the detectors' helpers can use it without a
//! circle of imports.

use super::gated_patterns;
use regex::{Regex, RegexSet, RegexSetBuilder, SetMatches};
use std::sync::LazyLock;

struct Gate {
    sets: Vec<RegexSet>,
    /// The address of each gated pattern, with its set and its place in that set.
    members: Vec<(usize, usize, usize)>,
}

#[allow(clippy::expect_used)] // the same patterns compile one by one (see the unit tests)
static GATE: LazyLock<Gate> = LazyLock::new(|| {
    let mut sets = Vec::new();
    let mut members = Vec::new();
    for (s, group) in gated_patterns().iter().enumerate() {
        let set = RegexSetBuilder::new(group.iter().map(|r| r.as_str()))
            .size_limit(32 << 20)
            // Twice what the largest group was measured to need (see `gated_patterns`).
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
            for re in gated_patterns().iter().flatten() {
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
        let patterns: Vec<&Regex> = gated_patterns().into_iter().flatten().collect();
        let mut addresses: Vec<usize> = patterns.iter().map(|r| address(r)).collect();
        addresses.sort_unstable();
        addresses.dedup();
        assert_eq!(addresses.len(), patterns.len());
    }
}
