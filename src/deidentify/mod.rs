//! The identifier scrubber: finds direct identifiers in free text and replaces each with a typed placeholder.
//!
//! Detection is rule based (regular expressions, checksums, cue words and bundled name lists),
//! following `shared/reference/deidentification.md` §5 and leaving the look-alikes of §6 alone.
//! [`scrub`] returns the cleaned text and, for each removed span, its kind and byte offsets in the
//! input — never the removed text itself. Scrubbing is idempotent: placeholders are never
//! matched again, and the scrubber re-checks its own output until nothing new is found, so
//! context that only appears once a neighbour has been replaced cannot leak through a second run.

mod codes;
mod contact;
mod dates;
mod gate;
mod geo;
mod guards;
mod kind;
mod lexicon;
mod name_forms;
mod names;
mod orgs;
mod people;
mod phone;
mod phone_words;
mod places;
mod records;
mod release;
mod spread;
mod util;

pub use kind::IdentifierKind;
pub use release::{safe_harbor_text, AGE_90_PLUS};

/// The version of the scrubber's rules, recorded with each report whose free text it cleaned
/// (`canary rescrub` re-runs it over older rows). Version 1: cue words and structured
/// identifiers; version 2: Census/GeoNames gazetteers, places, facilities, employers,
/// handles, plates, devices and ages over 89.
pub const VERSION: i32 = 2;

#[cfg(test)]
mod corpus_test;
#[cfg(test)]
mod devset_test;
#[cfg(test)]
mod props_test;
#[cfg(test)]
mod traps_test;

/// One removed identifier: its kind and byte offsets into the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub kind: IdentifierKind,
    pub start: usize,
    pub end: usize,
}

/// The cleaned text and what was removed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    pub text: String,
    pub found: Vec<Found>,
}

impl Scrubbed {
    /// The kinds found, sorted and without duplicates.
    pub fn kinds(&self) -> Vec<IdentifierKind> {
        let mut kinds: Vec<IdentifierKind> = self.found.iter().map(|f| f.kind).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// A detector's proposal, in the coordinates of the text it looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    pub kind: IdentifierKind,
    pub start: usize,
    pub end: usize,
}

impl Cand {
    pub(crate) fn new(kind: IdentifierKind, start: usize, end: usize) -> Self {
        Self { kind, start, end }
    }
}

/// Re-checks of the output are bounded; in practice the second look finds nothing.
const MAX_PASSES: usize = 8;

/// Finds identifiers in `input` and replaces each with its placeholder.
pub fn scrub(input: &str) -> Scrubbed {
    let mut found: Vec<Found> = Vec::new();
    let mut text = input.to_owned();
    for _ in 0..MAX_PASSES {
        let fresh = detect(&text);
        if fresh.is_empty() {
            break;
        }
        // New spans never overlap a placeholder, so each lies in text copied unchanged from
        // the input and maps back by a constant shift.
        let mapped: Vec<Found> = fresh
            .iter()
            .map(|c| {
                let start = to_input(&found, c.start);
                Found {
                    kind: c.kind,
                    start,
                    end: start + (c.end - c.start),
                }
            })
            .collect();
        found.extend(mapped);
        found.sort_by_key(|f| f.start);
        text = render(input, &found);
    }
    Scrubbed { text, found }
}

/// Compiles the scrubber's patterns and gates (lazily built on first use) by scrubbing a
/// text that wakes every detector, so that the first reporter after a start does not wait
/// for it. Called once at start-up, off the async executor.
pub fn warm_up() {
    let text = "My name is Ana Lopez, patient R. Castellano; I work at Halvorsen Freight in \
        Dunvale County, 12 Elm St, Quillby, OH 44109, zip 44109. Call 555-234-5678, \
        jane dot doe at gmail dot com, @ana_l, www.example.com, 10.0.0.1, SSN 078-05-1120, \
        MRN 40028813, DOB 19800612, born 1931, 93 years old, plate LKR-2093, serial AB12345, \
        IMEI 490154203237518, on 3/14/2025, March 3, Calle Reforma 123, apt 4, PO Box 9.";
    let _ = scrub(text);
}

/// Like [`scrub`], but leaves identifiers of the `keep` kinds in place: a
/// field whose purpose is to name a business (the shop or website a product
/// was bought from) keeps shop names and web addresses, and loses the rest.
pub fn scrub_keeping(input: &str, keep: &[IdentifierKind]) -> Scrubbed {
    let all = scrub(input);
    let found: Vec<Found> = all
        .found
        .into_iter()
        .filter(|f| !keep.contains(&f.kind))
        .collect();
    Scrubbed {
        text: render(input, &found),
        found,
    }
}

fn to_input(found: &[Found], out_pos: usize) -> usize {
    // shift = input position - output position, accumulated over the spans already passed.
    let mut shift: isize = 0;
    for f in found {
        if (out_pos as isize) < f.start as isize - shift {
            break;
        }
        shift += (f.end - f.start) as isize - f.kind.placeholder().len() as isize;
    }
    (out_pos as isize + shift) as usize
}

fn render(input: &str, found: &[Found]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut at = 0;
    for f in found {
        out.push_str(&input[at..f.start]);
        out.push_str(f.kind.placeholder());
        at = f.end;
    }
    out.push_str(&input[at..]);
    out
}

/// One detection pass: every detector, then the guards, then overlap resolution.
fn detect(text: &str) -> Vec<Cand> {
    let mut cands = Vec::new();
    let hints = util::Hints::new(text);
    contact::detect(text, &hints, &mut cands);
    phone::detect(text, &mut cands);
    phone_words::detect(text, &hints, &mut cands);
    records::detect(text, &hints, &mut cands);
    dates::detect(text, &hints, &mut cands);
    places::detect(text, &hints, &mut cands);
    names::detect(text, &hints, &mut cands);
    people::detect(text, &hints, &mut cands);
    name_forms::detect(text, &hints, &mut cands);
    geo::detect(text, &hints, &mut cands);
    orgs::detect(text, &hints, &mut cands);
    codes::detect(text, &hints, &mut cands);
    let mut spans = guards::Spans::default();
    guards::apply(text, &mut spans, &mut cands);
    spread::apply(text, &mut cands);
    guards::apply(text, &mut spans, &mut cands);
    resolve(cands)
}

/// The patterns gated by `gate`: those that match in few narratives and whose first words
/// the regex engine cannot skip ahead to. They are checked in groups of about ten: the union
/// of all of them would need a lazy DFA cache of over 16 MiB to avoid thrashing (and a
/// thrashing set falls back to a search some hundred times slower), while each group stays
/// under 4 MiB on the corpus, the development set and random Unicode. Adding a pattern only
/// pays if it rarely matches.
fn gated_patterns() -> [Vec<&'static regex::Regex>; 4] {
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

/// Keeps a non-overlapping subset, preferring longer spans, then more specific kinds.
fn resolve(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.retain(|c| c.start < c.end);
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.kind.specificity().cmp(&a.kind.specificity()))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        if kept.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in IdentifierKind::ALL {
            assert_eq!(IdentifierKind::from_code(k.code()), Some(k));
            assert_eq!(k.placeholder(), format!("[{}]", k.code()));
            assert_eq!(
                serde_json::to_string(&k).ok(),
                Some(format!("\"{}\"", k.code()))
            );
            assert!(!k.plain_label().is_empty());
        }
        assert_eq!(IdentifierKind::from_code("nope"), None);
    }

    #[test]
    fn replaces_and_reports_input_offsets() {
        let input = "Call me at 555-234-5678 or jane.doe@example.com.";
        let s = scrub(input);
        assert_eq!(s.text, "Call me at [phone] or [email].");
        assert_eq!(
            s.kinds(),
            vec![IdentifierKind::Email, IdentifierKind::Phone]
        );
        assert_eq!(&input[s.found[0].start..s.found[0].end], "555-234-5678");
        assert_eq!(
            &input[s.found[1].start..s.found[1].end],
            "jane.doe@example.com"
        );
    }

    #[test]
    fn overlap_prefers_longer_then_specific() {
        let r = resolve(vec![
            Cand::new(IdentifierKind::Url, 5, 15),
            Cand::new(IdentifierKind::Email, 0, 15),
            Cand::new(IdentifierKind::Phone, 20, 30),
            Cand::new(IdentifierKind::Mrn, 20, 30),
        ]);
        assert_eq!(
            r,
            vec![
                Cand::new(IdentifierKind::Email, 0, 15),
                Cand::new(IdentifierKind::Mrn, 20, 30)
            ]
        );
    }

    #[test]
    fn second_pass_offsets_map_back_to_input() {
        let found = vec![Found {
            kind: IdentifierKind::Phone,
            start: 4,
            end: 16,
        }];
        // "[phone]" is 7 bytes replacing 12, so output 20 is input 25.
        assert_eq!(to_input(&found, 20), 25);
        assert_eq!(to_input(&found, 2), 2);
    }
}
