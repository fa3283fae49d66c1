//! Towns, cities and counties: "X County", "X, OH", place words after "in/near/from/en/cerca de", and the bundled GeoNames/Census place list.
//!
//! A bare capitalised word is a place only with context: a preposition of place plus either a
//! listed place name or a word that is neither a known ordinary word nor a given name; or a
//! following state ("Lowry Flats, NM"); or a county/township word after it.

use super::lexicon;
use super::util::{cue, fold, is_sentence_start, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

static PLACES: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    include_str!("data/places.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
});

/// A capitalised place word; lower-case only after a strong cue (see [`CUED`]).
const CAP: &str = r"\p{Lu}[\p{L}'’.-]*\p{L}";
/// Words that may join the capitalised words of a place name: "San Isidro del Monte".
const JOIN: &str = r"(?:de|del|de\s+la|de\s+los|la|las|los|el)";
const STATE: &str = r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming|Puerto\s+Rico|Jalisco|Sonora|Chihuahua|Oaxaca|Puebla|Guerrero|Veracruz|Sinaloa|Durango|Zacatecas|Tamaulipas|Coahuila|Guanajuato|Hidalgo|Morelos|Tabasco|Chiapas)";

/// One or more capitalised words, with joiners ("Villa de la Paz").
fn seq() -> String {
    format!(r"{CAP}(?:\s+(?:{JOIN}\s+)?{CAP}){{0,3}}")
}

/// Last words that make a capitalised run a place: "Stilwater Gap", "Tesson Creek".
const GEO_WORD: &str = r"(?:Creek|Gap|Flats|Bend|Ridge|Hollow|Falls|Springs|Junction|Bay|Harbor|Harbour|Heights|Valley|Hills|Point|Crossing|Landing|Grove|Township|Corners|Mills|Station|Beach|Bluff|Bluffs|Canyon|Prairie|Plains|Meadows)";

static COUNTY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b({CAP}(?:\s+{CAP}){{0,2}}\s+(?:County|Parish|Borough|Township|Twp\.?))|(?i:\b(?:condado|municipio|county)\s+(?:de\s+|of\s+))({})",
        seq()
    ))
});

pub(super) static BEFORE_STATE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b({}),\s*{STATE}\b", seq())));

/// Strong cues name a place whatever the word: "town of", "city of", "pueblo de", "lives in".
pub(super) static CUED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?i:\b(?:town|city|village|township|hamlet|ciudad|pueblo|pueblito|rancho|colonia|barrio|municipio|localidad)\s+(?:of\s+|de\s+|called\s+|llamad[oa]\s+)?|\b(?:live|lives|living|lived|moved|grew\s+up|reside|resides|vivo|vive|vivimos|viven|viv[ií]a|estoy|estamos|we're|we\s+are)\s+(?:\w+\s+)?(?:in|en|near|cerca\s+de|outside(?:\s+of)?|by)\s+|\bfrom\s+(?:here\s+in\s+)?|\bsomos\s+de\s+|\bsoy\s+de\s+|\bout\s+(?:in|by)\s+|\b(?:city|town|ciudad|municipio|localidad|hometown|location|lugar)\s*[:=]\s*))({})",
        seq()
    ))
});

/// Weak cues: a preposition of place; the words must look like a proper name.
static WEAK: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b{}\s+)({})",
        cue(
            r"in|near|outside|around|to|by|en|cerca\s+de|de|desde|hacia|rumbo\s+a|por|north\s+of|south\s+of|east\s+of|west\s+of"
        ),
        seq()
    ))
});

/// A town after an address or before a ZIP: "[address], Port Avalene, 02999", "Quillby 59999".
pub(super) static AFTER_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b(?:St|Ave|Av|Rd|Dr|Ln|Blvd|Way|Pkwy|Row|Terrace|Ct|Pl|Cir|Hwy|Street|Avenue|Road|Drive|Lane|Court|Place|Circle|Box\s+\d+|Apt\.?\s*\w+|Unit\s*\w+|Ste\.?\s*\w+|Suite\s*\w+|Int\.?\s*\d+)\.?|\b\d{{1,5}}|\[address\]),\s+(\p{{Lu}}\p{{Ll}}[\p{{L}}'’.-]*(?:\s+(?:{JOIN}\s+)?\p{{Lu}}[\p{{L}}'’.-]*){{0,3}})\s*(?:,|\d{{5}}\b|\[zip\]|\.|\||\n|$)"
    ))
});
pub(super) static BEFORE_ZIP: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(\p{{Lu}}\p{{Ll}}[\p{{L}}'’.-]*(?:\s+(?:{JOIN}\s+)?\p{{Lu}}\p{{Ll}}[\p{{L}}'’.-]*){{0,3}}),?\s+(?:\d{{5}}(?:-\d{{4}})?\b|\[zip\])"
    ))
});
/// The words of an alternation of plain words such as [`GEO_WORD`], for exact lookups of one
/// word at a time (a regex call per word would cost more than the word).
fn word_set(alternation: &'static str) -> FxHashSet<&'static str> {
    alternation
        .trim_start_matches("(?:")
        .trim_end_matches(')')
        .split('|')
        .filter(|w| !w.contains('\\'))
        .collect()
}
static GEO_WORD_ONLY: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| word_set(GEO_WORD));
static GEO_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b((?:{CAP}\s+){{1,2}}{GEO_WORD})\b")));
/// A sign-off that ends the text: "… Eleanor Quist, Greyling." or "… ICU. Fennimore Ridge".
static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?:\[name\]|{CAP}),\s+|[.!?\n]\s*)({})\s*[.!]?\s*$",
        seq()
    ))
});

/// Last words of [`GEO_WORD`], to skip [`GEO_NAME`] on text without any.
const GEO_WORDS: &[&str] = &[
    "Creek", "Gap", "Flats", "Bend", "Ridge", "Hollow", "Falls", "Springs", "Junction", "Bay",
    "Harbor", "Harbour", "Heights", "Valley", "Hills", "Point", "Crossing", "Landing", "Grove",
    "Township", "Corners", "Mills", "Station", "Beach", "Bluff", "Canyon", "Prairie", "Plains",
    "Meadows",
];

/// Patterns whose key word (county, a ZIP, a geographic last word) is missing are skipped.
pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    let county_cue = hints.may(&[
        "county",
        "parish",
        "borough",
        "township",
        "twp",
        "condado",
        "municipio",
    ]);
    let counties = county_cue
        .then(|| COUNTY.captures_iter(text))
        .into_iter()
        .flatten();
    for c in counties {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            out.push(Cand::new(K::Place, m.start(), m.end()));
        }
    }
    let zip = hints.longest_digit_run >= 5 || hints.has(text, "[zip]");
    let geo_word = GEO_WORDS.iter().any(|w| hints.has(text, w));
    for (re, wanted) in [
        (&*BEFORE_STATE, true),
        (&*CUED, true),
        (&*AFTER_ADDRESS, true),
        (&*BEFORE_ZIP, zip),
        (&*GEO_NAME, geo_word),
    ] {
        if !wanted {
            continue;
        }
        for c in hints.captures(re, text) {
            if let Some(m) = c.get(1) {
                push_words(text, m.start(), m.end(), false, out);
            }
        }
    }
    for c in WEAK.captures_iter(text).chain(TRAILING.captures_iter(text)) {
        if let Some(m) = c.get(1) {
            push_words(text, m.start(), m.end(), true, out);
        }
    }
}

/// Pushes the longest leading run of words that are not ordinary words; with `weak`, the run
/// must be a listed place, look like one ("-ville", "San …", "… Creek"), or hold no given name,
/// month, weekday, product or other known word.
fn push_words(text: &str, start: usize, end: usize, weak: bool, out: &mut Vec<Cand>) {
    let span = &text[start..end];
    let mut last = start;
    let mut words = Vec::new();
    for w in span.split_whitespace() {
        let at = start + (w.as_ptr() as usize - span.as_ptr() as usize);
        let joiner = !words.is_empty() && w.starts_with(char::is_lowercase);
        let geo = !words.is_empty() && GEO_WORD_ONLY.contains(w);
        if !joiner && !geo && (lexicon::is_stop(w) && !PREFIX.contains(&w) || is_state(w)) {
            break;
        }
        words.push(w);
        if !joiner {
            last = at + w.len();
        }
    }
    if words.is_empty() {
        return;
    }
    let joined = fold(&text[start..last]);
    if weak {
        let listed =
            PLACES.contains(&joined) && !(words.len() == 1 && lexicon::is_common(words[0]));
        let shaped = words.len() > 1 && PREFIX.contains(&words[0])
            || words.iter().any(|w| SUFFIX.iter().any(|s| w.ends_with(s)));
        let plain = words.iter().all(|w| {
            w.starts_with(char::is_lowercase) || !lexicon::is_given(w) && !lexicon::is_common(w)
        }) && words.iter().any(|w| w.len() > 3);
        if !listed && !shaped && (!plain || is_sentence_start(text, start)) {
            return;
        }
    }
    out.push(Cand::new(K::Place, start, last));
}

/// First words of place names ("San Teodoro", "Port Avalene", "Villa Corazón").
const PREFIX: &[&str] = &[
    "San", "Santa", "Santo", "Villa", "Las", "Los", "La", "El", "Puerto", "Nueva", "Nuevo", "Port",
    "New", "East", "West", "North", "South", "Fort", "Mount", "Lake", "Saint", "St.", "Ciudad",
    "Río", "Rio", "Valle", "Cerro", "Monte", "Playa", "Bahía", "Arroyo", "Laguna", "Sierra",
    "Real",
];
/// Endings of town names.
const SUFFIX: &[&str] = &[
    "ville", "burg", "burgh", "boro", "borough", "field", "ford", "port", "wood", "dale", "mouth",
    "haven", "crest", "brook", "town", "ton", "land", "view", "vale",
];

/// A one-word state name or abbreviation ("TX", "Jalisco"); a whitespace-free word is never
/// one of the two-word names.
fn is_state(word: &str) -> bool {
    static STATE_WORD: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| word_set(STATE));
    STATE_WORD.contains(word.trim_end_matches([',', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        v.iter().map(|c| text[c.start..c.end].to_owned()).collect()
    }

    #[test]
    fn towns_and_counties() {
        for (text, want) in [
            ("we live out in Bramblewick, it's small", "Bramblewick"),
            ("in Harrow Creek, OR there is one pharmacy", "Harrow Creek"),
            ("everyone in Dunvale County knows him", "Dunvale"),
            ("vivimos en San Isidro del Monte", "San Isidro del Monte"),
            ("we drove to Toledo for it", "Toledo"),
            ("the town of Quillby", "Quillby"),
        ] {
            assert!(
                places(text).iter().any(|p| p == want),
                "{text}: {:?}",
                places(text)
            );
        }
    }

    #[test]
    fn one_word_states_and_geographic_last_words() {
        for w in ["TX,", "Texas.", "Jalisco", "OH"] {
            assert!(is_state(w), "{w}");
        }
        for w in ["New", "Hampshire", "tx", "Ohioan"] {
            assert!(!is_state(w), "{w}");
        }
        assert!(GEO_WORD_ONLY.contains("Bluffs") && !GEO_WORD_ONLY.contains("creek"));
    }

    #[test]
    fn ordinary_words_stay() {
        for text in [
            "in March he took Kratom",
            "went to Poison Control",
            "in Texas and in the ER",
            "talked to Jessica about it",
            "took it in Zofran form",
        ] {
            assert!(places(text).is_empty(), "{text}: {:?}", places(text));
        }
    }
}
