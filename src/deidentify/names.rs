//! Person names: after cue words ("my son", "Dr.", "me llamo"), as given-name + surname pairs from the bundled lists, and repeats of a name already found.

use super::lexicon;
use super::util::{char_after, char_before, cue, fold, is_sentence_start, re, Hints};
use super::{Cand, IdentifierKind};
use regex::Regex;
use std::sync::LazyLock;

/// A capitalised word of two or more letters that is not all capitals ("OPMS", "ER").
const WORD: &str = r"\p{Lu}(?:\p{Ll}|['’]\p{L}|\p{Lu}\p{Ll}|-\p{L})+";

pub(crate) const RELATION: &str = r"(?:son|daughter|husband|wife|partner|boyfriend|girlfriend|fianc[eé]e?|brother|sister|mom|mother|mum|dad|father|friend|best\s+friend|cousin|roommate|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|nephew|niece|aunt|uncle|stepson|stepdaughter|stepdad|stepmom|child|kid|baby|neighbou?r|coworker|co-worker|boss|patient|client|teen|teenager|hijo|hija|esposo|esposa|marido|mujer|pareja|novio|novia|mam[aá]|madre|pap[aá]|padre|hermano|hermana|amigo|amiga|primo|prima|t[ií]o|t[ií]a|abuelo|abuela|nieto|nieta|sobrino|sobrina|cu[ñn]ado|cu[ñn]ada|suegro|suegra|vecino|vecina|compa[ñn]ero|compa[ñn]era|beb[eé]|ni[ñn]o|ni[ñn]a|paciente)";

static STRONG_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?i:\b(?:my\s+name\s+is|my\s+name's|(?:his|her|their|the\s+patient's)\s+(?:real\s+)?name\s+(?:is|was)|mi\s+nombre\s+es|me\s+llamo|se\s+llama(?:ba)?|(?:my|our|his|her|their|mi|mis|su|nuestr[oa]|\w+['’]s)\s+(?:\w+'s\s+|\w+\s+de\s+|(?:twin|little|big|older|younger|baby|late|ex|step|best|oldest|youngest|mayor|menor|peque[ñn][oa])\s+)?{RELATION}(?:-in-law)?(?:['’]s\s+name\s+is|\s+(?:is|was|es|se\s+llama|named|called))?|(?:dr|dra|mr|mrs|ms|mx|sr|sra|srta|prof|sgt|rev|fr|capt|lt|det)\.?|doctor|doctora|nurse|reverend|pastor|father|deacon|bishop|rabbi|imam|judge|coach|captain|detective|deputy|sergeant|do[ñn]a|don|grandma|grandpa|granny|nana|abuela|abuelita|abuelo|aunt|auntie|uncle|t[ií]a|t[ií]o|cousin|primo|prima|sis|bro|lil|big|little|baby|beb[eé]|madrina|padrino|comadre|compadre|foreman|supervisor|manager|dealer|plug|seller|caseworker|counselor|sponsor|roommate|neighbou?r|vecin[oa]|partner|coworker|co-worker|friend|amig[oa]|enfermer[oa]|se[ñn]or|se[ñn]ora|se[ñn]orita|officer|pastor|patient\s+name|pt\s+name|nombre\s+del\s+paciente))|\bMiss)(?:\s*[,:(]\s*|\s+)({WORD}(?:\s+(?:(?:de|del|de\s+la|la|van|von|da|di|le|st\.)\s+)?{WORD}){{0,2}})"
    ))
});

/// Weak cues also precede ordinary words ("I'm Fine", "a shop called Smoke King"), so the
/// first word must be a known given name.
pub(super) static WEAK_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:\b(?:i'm|i’m|i\s+am|im|soy|this\s+is|it's|called|call\s+me|named|llamad[oa]|name\s*:|nombre\s*:|signed|sincerely|regards|thanks|thank\s+you|atentamente|saludos))(?:\s*[,:(]\s*|\s+)({WORD}(?:\s+{WORD}){{0,2}})"
    ))
});

/// "Jake's mom", "Hannah's boyfriend".
static POSSESSIVE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b({WORD})['’]s\s+(?i:{RELATION})(?:-in-law)?\b")));

/// "mom of Brayden", "la mamá de Diego".
pub(super) static RELATION_OF: LazyLock<Regex> = LazyLock::new(|| {
    let relation = RELATION.trim_start_matches("(?:").trim_end_matches(')');
    re(&format!(
        r"\b{}(?i:(?:-in-law)?\s+(?:de|of))\s+({WORD}(?:\s+{WORD})?)",
        cue(relation)
    ))
});

static WORDS: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{WORD}|\b\p{{Lu}}\.")));

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    let first = out.len();
    cued(text, &STRONG_CUE, false, out);
    if hints.may_match(&WEAK_CUE) {
        cued(text, &WEAK_CUE, true, out);
    }
    // Every possessive cue has an "'s"; most narratives have none.
    if text.contains("'s") || text.contains("’s") {
        cued(text, &POSSESSIVE, false, out);
    }
    if hints.may_match(&RELATION_OF) {
        cued(text, &RELATION_OF, false, out);
    }
    pairs(text, out);
    repeats(text, first, out);
}

fn is_stop(word: &str) -> bool {
    lexicon::is_stop(word)
}

/// Strips a possessive "'s" so "Patel's office" yields "Patel".
fn bare(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

fn cued(text: &str, cue: &Regex, weak: bool, out: &mut Vec<Cand>) {
    let mut from = 0;
    // Resume each search at the candidate name, not after it, so that a rejected word can
    // still be a cue itself: "my patient, Mr. Reyes", "her doctor, Dr. Feldman".
    while let Some(c) = cue.captures_at(text, from) {
        let (Some(all), Some(m)) = (c.get(0), c.get(1)) else {
            break;
        };
        let step = text[all.start()..].chars().next().map_or(1, char::len_utf8);
        from = m.start().max(all.start() + step);
        let mut end = m.start();
        let mut count = 0;
        let mut words = Vec::new();
        // A name ends at a line break ("Name: Bobby Trinh\nAddress: …").
        let value = m.as_str().split(['\n', '\r']).next().unwrap_or_default();
        for w in value.split_whitespace() {
            let plain = bare(w);
            let particle = matches!(
                plain,
                "de" | "del" | "la" | "van" | "von" | "da" | "di" | "le" | "St."
            );
            let title = count == 0 && !weak && lexicon::is_title(plain);
            // After a strong cue a stop word can still be a name: "my neighbor Ed", "Jo Park".
            let named = !weak
                && (count == 0 && lexicon::is_given(plain)
                    || count > 0 && lexicon::is_surname(plain))
                && plain.chars().skip(1).all(char::is_lowercase);
            if title {
                continue;
            }
            if !particle && (is_stop(plain) && !named || plain.chars().count() < 2) {
                break;
            }
            let at = m.start() + (w.as_ptr() as usize - m.as_str().as_ptr() as usize);
            if !particle {
                end = at + plain.len();
                count += 1;
                words.push(fold(plain));
            }
            if plain.len() != w.len() {
                break;
            }
        }
        if count == 0 {
            continue;
        }
        let next = text[end..].trim_start_matches(' ');
        let closes = next.starts_with([',', '.', '!', '?', ')'])
            || next.starts_with("here")
            || next.is_empty();
        // A weak cue needs a clear given name, or one unknown word closing the phrase
        // ("I'm Oluwaseun, pharmacist").
        let lone_unknown = closes
            && count == 1
            && !lexicon::is_common(&words[0])
            && !lexicon::is_surname(&words[0]);
        if weak && !lexicon::is_clear_given(&words[0]) && !lone_unknown {
            continue;
        }
        // Generational suffixes belong to the name: "Cornelius Abernathy III".
        let suffix = ["III", "II", "IV", "Jr.", "Jr", "Sr.", "Sr"]
            .iter()
            .find(|s| {
                text[end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(*s))
            })
            .map_or(0, |s| s.len() + 1);
        // "Lil Pete", "Big Mike": the nickname prefix is part of the name.
        let cue_text = &text[all.start()..m.start()];
        let start = if matches!(cue_text.trim_end(), "Lil" | "Big" | "Little") {
            all.start()
        } else {
            m.start()
        };
        out.push(Cand::new(IdentifierKind::Name, start, end + suffix));
    }
}

/// Cue-less "Given Surname" (or "Given Q. Surname") pairs.
fn pairs(text: &str, out: &mut Vec<Cand>) {
    let words: Vec<(usize, usize)> = WORDS
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let adjacent = |a: (usize, usize), b: (usize, usize)| {
        text[a.1..b.0].chars().all(|c| c == ' ') && b.0 > a.1 && b.0 - a.1 <= 2
    };
    let mut i = 0;
    while i + 1 < words.len() {
        let w0 = words[i];
        let first = &text[w0.0..w0.1];
        // An ordinary word that is also a given name ("Will") starts a pair only before a
        // listed surname ("Will Danforth").
        let before_surname = words.get(i + 1).is_some_and(|w| {
            lexicon::is_surname(&text[w.0..w.1]) && !lexicon::is_common(&text[w.0..w.1])
        });
        let starts = lexicon::is_clear_given(first.split('-').next().unwrap_or(first))
            || lexicon::is_given(first) && before_surname;
        if first.ends_with('.') || !starts || is_stop(first) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if text[words[j].0..words[j].1].ends_with('.')
            && j + 1 < words.len()
            && adjacent(words[i], words[j])
        {
            j += 1; // middle initial
        }
        let w1 = words[j];
        let second = bare(&text[w1.0..w1.1]);
        let known = lexicon::is_surname(second);
        let plausible = !is_stop(second)
            && !second.ends_with('.')
            && !is_sentence_start(text, w0.0)
            && !lexicon::is_given(second);
        if adjacent(words[j - 1], w1) && (known || plausible) && !is_stop(second) {
            out.push(Cand::new(IdentifierKind::Name, w0.0, w1.0 + second.len()));
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

/// Once a name is known ("my son Jake"), its other mentions ("Jake started shaking") go too.
fn repeats(text: &str, first: usize, out: &mut Vec<Cand>) {
    let mut tokens: Vec<&str> = Vec::new();
    for c in &out[first..] {
        for w in text[c.start..c.end].split_whitespace() {
            let w = bare(w);
            if w.chars().count() >= 3
                && !is_stop(w)
                && w.starts_with(char::is_uppercase)
                && !tokens.contains(&w)
            {
                tokens.push(w);
            }
        }
    }
    for t in tokens {
        for (at, _) in text.match_indices(t) {
            let end = at + t.len();
            let alone = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if alone(char_before(text, at)) && alone(char_after(text, end)) {
                out.push(Cand::new(IdentifierKind::Name, at, end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        let mut s: Vec<String> = v.iter().map(|c| text[c.start..c.end].to_owned()).collect();
        s.dedup();
        s
    }

    #[test]
    fn names_after_cues() {
        assert!(names("my son Jake took it").contains(&"Jake".to_owned()));
        assert!(names("My name is Ana Lopez.").contains(&"Ana Lopez".to_owned()));
        assert!(names("saw Dr. Patel's nurse").contains(&"Patel".to_owned()));
        assert!(names("me llamo José Hernández y").contains(&"José Hernández".to_owned()));
        assert!(names("mi esposa Lupita se puso mal").contains(&"Lupita".to_owned()));
        assert!(names("I'm Jordan, his mom").contains(&"Jordan".to_owned()));
    }

    #[test]
    fn pairs_and_repeats() {
        assert_eq!(
            names("we called Maria Gonzalez about it")[0],
            "Maria Gonzalez"
        );
        let mut v = Vec::new();
        let text = "my daughter Kenzie was fine. Kenzie then slept";
        detect(text, &Hints::new(text), &mut v);
        assert!(v.iter().any(|c| c.start == 29 && c.end == 35), "{v:?}");
    }

    #[test]
    fn not_names() {
        for t in [
            "I'm fine",
            "I'm Dr",
            "before seeing the Dr",
            "I'm Fine now",
            "I am Hispanic",
            "Took Kratom daily",
            "a shop called Smoke King",
            "Poison Control said",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }
}
