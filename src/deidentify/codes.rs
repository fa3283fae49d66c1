//! Licence plates, device identifiers (IMEI, MAC, serial numbers), social handles beyond "@name", ages over 89 and cued SSNs of any range.

use super::util::{before, char_after, char_before, cue, followed_by_unit, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::sync::LazyLock;

static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:\b(?:licen[cs]e\s+plates?|plates?|tags?|placas?|matr[ií]cula|patente)\b(?:\s+(?:number|no\.?|num|#|was|is|were|es|era|eran|son|fueron|read|reads|reading|said|of|de|n[uú]mero|que\s+dice|like|on|ending\s+in)){0,3})\s*[:#]?\s*["“']?([A-Z0-9]{1,4}(?:[- ]?[A-Z0-9]{1,4}){1,2})\b"#,
    )
});

pub(super) static MAC: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[0-9a-f]{2}(?:([:-])[0-9a-f]{2})(?:[:-][0-9a-f]{2}){4}\b"));

static SERIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\b(?:serial|s/n|sn|imei|meid|esn|device\s+(?:id|number)|n[uú]mero\s+de\s+serie|no\.\s+de\s+serie|serie)\b(?:\s*(?:number|no\.?|num\.?|#))?(?:\s+(?:is|was|es|era|on|of|de|del))*)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,24})\b",
    )
});

static LONG_DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{15}\b"));

pub(super) static CASHTAG: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[\s(,;:])(\$[A-Za-z][A-Za-z0-9_-]{2,29})\b"));

static DISCORD: LazyLock<Regex> = LazyLock::new(|| re(r"\b([A-Za-z][A-Za-z0-9_.]{1,31}#\d{4})\b"));

pub(super) static HANDLE_CUED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:\b(?:ig|insta|instagram|snap|snapchat|sc|tiktok|tik\s+tok|twitter|discord|telegram|reddit|fb|facebook|venmo|cash\s*app|username|user\s*name|handle|screen\s*name|gamertag|gamer\s+tag|usuario|user)\b(?:\s+(?:is|was|es|era|as|como|name|called|account|acct|handle))*)\s*[:=-]?\s*(?:@\s*)?["“']?([A-Za-z0-9][A-Za-z0-9_.-]{2,30}[A-Za-z0-9_])"#,
    )
});

const AGE_NUM: &str = r"(?:9\d|1[01]\d)";
const AGE_WORD: &str = r"(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one\s+hundred(?:\s+and\s+\w+)?|a\s+hundred|noventa(?:\s+y\s+(?:uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?|cien(?:to\s+\w+)?)";

pub(super) static AGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:\b({AGE_NUM}|{AGE_WORD})(?:\s*-?\s*(?:years?|yrs?|y/?o|y\.o\.|yo|a[ñn]os)\b(?:[- ]old)?|(?:\s*(?:yo|y/o)\b)|\s?(?:M|F)\b|(?:th|st|nd|rd)\s+birthday|,\s*(?:retired|widow)))|(?i:\b(?:aged?|turned|turning|age\s*[:=]?|edad\s*[:=]?|cumpli[oó]|cumple|tiene|ten[ií]a|de|is|was|i'm|i’m|im|i\s+am|he's|she's|est[aá]|am|now)\s+)({AGE_NUM}|{AGE_WORD})\b(?:\s+(?:a[ñn]os|years?))?"
    ))
});

/// A clinical value, not an age: "HR is 95", "sat was 92", "score is 90".
static VITAL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:hr|heart\s+rate|pulse|bp|rr|resp\w*|sat\w*|spo2|o2|temp\w*|glucose|sugar|score|weight|weighs|cows|gcs|qtc?|level|count|bill|price|cost|ph)\b[^.;]{0,12}$",
    )
});

/// Birth dates written as eight digits after a cue ("DOB 19800612").
static COMPACT_DOB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\b(?:dob|d\.o\.b\.?|born|birth\s*date|date\s+of\s+birth|fecha\s+de\s+nacimiento|f\.?\s?nac\.?)\b)\s*[:#-]?\s*((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))\b",
    )
});

/// A plate cue, some words, a colon, then the plate: "License plate on the van: LKR-2093".
static PLATE_AFTER_COLON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:\b(?:plates?|placas?|matr[ií]cula|patente)\b)[^:\n.]{0,60}:\s*["“']?([A-Z0-9]{1,4}(?:[- ]?[A-Z0-9]{1,4}){1,2})\b"#,
    )
});

/// Usernames: a word with an underscore ("Kratom_Kwitter"), or the value after "name on the forum is".
static UNDERSCORED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[\s(,;:])([A-Za-z0-9][A-Za-z0-9.]*_[A-Za-z0-9_.]*)"));
static FORUM_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\b(?:name|username|handle|nick)\s+(?:on|in)\s+(?:the\s+|that\s+)?(?:forum|reddit|discord|app|site|group|server|chat|board|foro)\s+(?:is|was|es)\s+)([A-Za-z0-9][A-Za-z0-9_.-]{2,30})",
    )
});

/// Record and reference numbers after a cue word (order, case, booking, badge, chart, Rx…).
pub(super) static RECORD_CUED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{}\b(?:\s+(?:#|no\.?|num\.?|number|n[uú]mero|id|ref|is|was|es|de|del|filed|report)){{0,3}}\s*[:#]?\s*([A-Z]{{0,4}}-?\d[0-9A-Z-]{{2,20}})\b",
        cue("order|case|ref|reference|report|booking|inmate|badge|employee|admission|admit|transfer|chart|rx|claim|group|member|medicaid|medicare|encounter|visit|expediente|folio|caso|reporte|denuncia|ticket|confirmation|tracking|file|aps|cps|incident|record|registro")
    ))
});

pub(super) static SSN_CUED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\b(?:ssn|ss#|ss\s+no\.?|soc\s+sec|social(?:\s+security)?(?:\s+(?:number|no\.?|num|#))?|(?:n[uú]mero\s+de\s+)?seguro\s+social)\b)[\s:#-]*(?:(?:is|es|was|era|of)\s*[:#]?\s*)?(\d{3}[- .]?\d{2}[- .]?\d{4})\b",
    )
});

/// Skips each pattern whose cue word or sigil (`$`, `#`, `_`, `:`) is missing from the text.
pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    let plate_cue = hints.may(&["plate", "tag", "placa", "matr", "patente"]);
    let plates = plate_cue
        .then(|| PLATE.captures_iter(text))
        .into_iter()
        .flatten();
    for c in plates {
        if let Some(m) = c.get(1) {
            let v = m.as_str();
            let digit = v.chars().any(|c| c.is_ascii_digit());
            let upper = v
                .chars()
                .filter(char::is_ascii_alphabetic)
                .all(|c| c.is_ascii_uppercase());
            if digit && upper && v.len() >= 4 {
                out.push(Cand::new(K::Plate, m.start(), m.end()));
            }
        }
    }
    for m in hints.finds(&MAC, text) {
        out.push(Cand::new(K::Device, m.start(), m.end()));
    }
    let serial_cue = hints.may(&[
        "serial", "s/n", "sn", "imei", "meid", "esn", "device", "serie",
    ]);
    let serials = serial_cue
        .then(|| SERIAL.captures_iter(text))
        .into_iter()
        .flatten();
    for c in serials {
        if let Some(m) = c.get(1) {
            if m.as_str().chars().filter(char::is_ascii_digit).count() >= 2 {
                out.push(Cand::new(K::Device, m.start(), m.end()));
            }
        }
    }
    let long_digits = (hints.longest_digit_run >= 15)
        .then(|| LONG_DIGITS.find_iter(text))
        .into_iter()
        .flatten();
    for m in long_digits {
        let digits: Vec<u32> = m.as_str().chars().filter_map(|c| c.to_digit(10)).collect();
        let imei = before(text, m.start(), 60)
            .to_ascii_lowercase()
            .contains("imei");
        if imei && super::records::luhn(&digits) {
            out.push(Cand::new(K::Device, m.start(), m.end()));
        }
    }
    let sigils = [text.contains('$'), text.contains('#'), true];
    for (re, wanted) in [&*CASHTAG, &*DISCORD, &*HANDLE_CUED]
        .into_iter()
        .zip(sigils)
    {
        if !wanted {
            continue;
        }
        for c in hints.captures(re, text) {
            if let Some(m) = c.get(1) {
                if handle_like(m.as_str()) && char_after(text, m.end()) != Some('@') {
                    out.push(Cand::new(K::Handle, m.start(), m.end()));
                }
            }
        }
    }
    for c in hints.captures(&AGE, text) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            let measured = c.get(2).is_some()
                && (followed_by_unit(text, m.end())
                    || VITAL_BEFORE.is_match(before(text, m.start(), 24)));
            let glued = matches!(char_after(text, m.end()), Some('%' | '/' | '.' | ',' ) if char_after(text, m.end() + 1).is_some_and(|c| c.is_ascii_digit()));
            if !matches!(char_before(text, m.start()), Some('$' | '/' | '.')) && !measured && !glued
            {
                out.push(Cand::new(K::Age, m.start(), m.end()));
            }
        }
    }
    let dob_cue = hints.longest_digit_run >= 8
        && hints.may(&["dob", "d.o.b", "born", "birth", "date", "fecha", "nac"]);
    let dobs = dob_cue
        .then(|| COMPACT_DOB.captures_iter(text))
        .into_iter()
        .flatten();
    for c in dobs {
        if let Some(m) = c.get(1) {
            out.push(Cand::new(K::Date, m.start(), m.end()));
        }
    }
    let colon_plates = (text.contains(':') && hints.may(&["plate", "placa", "matr", "patente"]))
        .then(|| PLATE_AFTER_COLON.captures_iter(text))
        .into_iter()
        .flatten();
    for c in colon_plates {
        if let Some(m) = c.get(1) {
            if plate_like(m.as_str()) {
                out.push(Cand::new(K::Plate, m.start(), m.end()));
            }
        }
    }
    let user_cues = [text.contains('_'), hints.may(&["name", "handle", "nick"])];
    for (re, wanted) in [&*UNDERSCORED, &*FORUM_NAME].into_iter().zip(user_cues) {
        if !wanted {
            continue;
        }
        for c in re.captures_iter(text) {
            // "audit_events" is a word joined by an underscore, not a username; usernames
            // mix in digits, capitals, dots or a leading/trailing underscore.
            let snake = |v: &str| {
                v.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    && !v.starts_with('_')
                    && !v.ends_with('_')
            };
            if let Some(m) = c.get(1).filter(|m| !snake(m.as_str())) {
                let end = m.start() + m.as_str().trim_end_matches('.').len();
                if char_after(text, end) != Some('@') && !m.as_str().starts_with(char::is_numeric) {
                    out.push(Cand::new(K::Handle, m.start(), end));
                }
            }
        }
    }
    for c in hints.captures(&RECORD_CUED, text) {
        if let Some(m) = c.get(1) {
            let v = m.as_str().trim_end_matches('-');
            if v.chars().filter(char::is_ascii_digit).count() >= 4
                && !followed_by_unit(text, m.start() + v.len())
            {
                out.push(Cand::new(K::Mrn, m.start(), m.start() + v.len()));
            }
        }
    }
    if hints.digits < 9 || !hints.may(&["ss", "soc", "seguro"]) {
        return;
    }
    for c in hints.captures(&SSN_CUED, text) {
        if let Some(m) = c.get(1) {
            out.push(Cand::new(K::Ssn, m.start(), m.end()));
        }
    }
}

/// Plates have a digit, capitals only and at least four characters.
fn plate_like(v: &str) -> bool {
    v.chars().any(|c| c.is_ascii_digit())
        && v.chars()
            .filter(char::is_ascii_alphabetic)
            .all(|c| c.is_ascii_uppercase())
        && v.len() >= 4
}

/// A handle has a digit, underscore, dot, sigil or inner capital; plain words are not handles.
fn handle_like(v: &str) -> bool {
    let body = v.trim_start_matches(['$', '@']);
    v.starts_with(['$', '@'])
        || body.contains(['_', '.', '#'])
        || body.chars().any(|c| c.is_ascii_digit())
        || body.chars().skip(1).any(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(K, String)> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        v.iter()
            .map(|c| (c.kind, text[c.start..c.end].to_owned()))
            .collect()
    }

    #[test]
    fn plates_devices_handles_ages_ssns() {
        for (text, kind, want) in [
            ("a grey van, plate RKD 5512, parked", K::Plate, "RKD 5512"),
            ("placas GTR-20-44 de Sonora", K::Plate, "GTR-20-44"),
            (
                "pump serial no. QZ-44810-7 alarmed",
                K::Device,
                "QZ-44810-7",
            ),
            (
                "phone IMEI 490154203237518 was",
                K::Device,
                "490154203237518",
            ),
            (
                "wifi 3C:22:FB:91:0A:1E logged",
                K::Device,
                "3C:22:FB:91:0A:1E",
            ),
            ("pay me at $LeafLarry77 ok", K::Handle, "$LeafLarry77"),
            (
                "add me wanderbean#5521 on there",
                K::Handle,
                "wanderbean#5521",
            ),
            ("my insta is kratom.katie_ so", K::Handle, "kratom.katie_"),
            ("forum name Leafy_Larry here", K::Handle, "Leafy_Larry"),
            ("grandpa is 94 years old", K::Age, "94"),
            ("she turned ninety-three in May", K::Age, "ninety-three"),
            ("mi abuela de noventa y dos años", K::Age, "noventa y dos"),
            ("SSN 912-44-0017 on file", K::Ssn, "912-44-0017"),
        ] {
            assert!(
                found(text).contains(&(kind, want.to_owned())),
                "{text}: {:?}",
                found(text)
            );
        }
    }

    #[test]
    fn look_alikes_stay() {
        for text in [
            "took 90 mg at 9 pm",
            "she is 89 years old",
            "costs $25 a pack",
            "lot 24B117 and upc 860004512239",
            "my insta is private",
            "DELETE FROM audit_events WHERE",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
