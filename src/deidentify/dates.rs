//! Exact dates: numeric with a year, ISO, written English and Spanish forms, cued month/day, and birth years implying age 90+.
//!
//! A month with a year ("March 2025", "marzo de 2025") or a bare year is not an identifier.

use super::util::{after, before, char_after, char_before, followed_by_unit, re, Hints};
use super::{Cand, IdentifierKind};
use regex::Regex;
use std::sync::LazyLock;

const EN_MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const ES_MONTH: &str = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)";
const ABBR: &str = r"(?:jan|ene|feb|mar|apr|abr|may|jun|jul|aug|ago|sep|sept|oct|nov|dec|dic)";
const DAY: &str = r"(?:0?[1-9]|[12]\d|3[01])";
const YEAR: &str = r"(?:19|20)\d{2}";

/// d/m/y or m/d/y with one separator; the separators are compared in code.
pub(super) static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b"));

pub(super) static ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{YEAR}([-/.])(?:0?[1-9]|1[0-2])[-/.]{DAY}(?:T\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?|\b)"
    ))
});

pub(super) static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    let suffix = r"(?:st|nd|rd|th|º|°|ro|er|o)?";
    let year = format!(r"(?:,?\s+(?:de\s+|del\s+)?{YEAR}\b|\s+'\d{{2}}\b)?");
    re(&format!(
        r"(?i)\b(?:(?P<m1>{EN_MONTH}|{ES_MONTH})\.?\s+(?:the\s+)?{DAY}{suffix}(?:\s*[-–]\s*{DAY}{suffix})?\b{year}|(?:{DAY}{suffix}|primero)\s+(?:(?:of|de)\s+)?(?P<m2>{EN_MONTH}|{ES_MONTH})\b\.?{year}|{DAY}[-/ ]{ABBR}[-/ ](?:{YEAR}|\d{{2}})\b)"
    ))
});

/// "on 3/14", "since 12/1", "el 14/2": month/day only with a date cue.
pub(super) static CUED_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:on|since|from|until|till|by|before|after|starting|started|el|desde|hasta|del|al|para|er|ed|admitted|discharged|seen|visit|ingres[oó]|urgencias)\s+|(?:morning|night|evening|afternoon|date|dated|dob|fecha|ma[ñn]ana|noche|tarde)\s*[,:]?\s+)(\d{1,2})/(\d{1,2})\b",
    )
});

/// Words after "n/m" that make it a fraction, rating or amount rather than a date.
static NOT_A_DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:of|a|an|the|de|del|una?|pain|dolor|vision|strength|scale|rating|dose|dosis|bag|bottle|shot|cup|glass|pack|tab|tablet|pill|cap|capsule|teaspoon|spoon|scoop|gram|mg|g|ml|oz|tsp|tbsp|pastilla|cucharada|cucharadita|bolsa|taza|mmhg|bp|blood|presi[oó]n)\b",
    )
});

static RATING_NEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:pain|rat(?:ed|ing|e)|scale|score|dolor|calific\w*|escala)\b|\d/10\b")
});

static COUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:times|x|more|veces|hours|hrs|days|d[ií]as|weeks|doses|pills|tabs|capsules|scoops|grams)\b",
    )
});

static MAY_CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:on|since|from|until|till|by|in|of|before|after|early|late|mid|around|starting|el|de|desde|hasta|del)\s*$",
    )
});

static BIRTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:born|b\.|birth\s+year|year\s+of\s+birth|dob|naci[oó]|nacid[oa]|a[ñn]o\s+de\s+nacimiento)\s*(?:(?:in|en|el\s+a[ñn]o|en\s+el\s+a[ñn]o|was|fue|is|es)\s+)?[:\-]?\s*((?:18|19|20)\d{2})\b",
    )
});

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    numeric(text, hints, out);
    // ISO needs a four-digit year, a cued month/day a slash.
    let iso = (hints.longest_digit_run >= 4)
        .then(|| hints.finds(&ISO, text))
        .into_iter()
        .flatten();
    for m in iso {
        out.push(Cand::new(IdentifierKind::Date, m.start(), m.end()));
    }
    written(text, hints, out);
    let cued = text
        .contains('/')
        .then(|| hints.captures(&CUED_MONTH_DAY, text))
        .into_iter()
        .flatten();
    for c in cued {
        let (Some(a), Some(b)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let (x, y) = (num(a.as_str()), num(b.as_str()));
        let plausible = (1..=12).contains(&x) && (1..=31).contains(&y)
            || (1..=31).contains(&x) && (1..=12).contains(&y);
        let rest = after(text, b.end(), 24);
        // "n/10" next to a pain or rating word is a score: "pain went from 8/10 to 2/10".
        let context = format!("{} {rest}", before(text, a.start(), 40));
        let score = y == 10 && RATING_NEAR.is_match(&context);
        if plausible
            && !score
            && !NOT_A_DATE_AFTER.is_match(rest)
            && !followed_by_unit(text, b.end())
            && !rest.starts_with('/')
        {
            out.push(Cand::new(IdentifierKind::Date, a.start(), b.end()));
        }
    }
    if hints.any(&["born", "b.", "birth", "dob", "naci"]) {
        birth_years(text, out);
    }
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

fn numeric(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for c in hints.captures(&NUMERIC, text) {
        let (Some(m), Some(a), Some(s1), Some(b), Some(s2), Some(y)) =
            (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5))
        else {
            continue;
        };
        let (x, z) = (num(a.as_str()), num(b.as_str()));
        let year = y.as_str();
        let plausible = (1..=12).contains(&x) && (1..=31).contains(&z)
            || (1..=31).contains(&x) && (1..=12).contains(&z);
        let four = year.len() == 4 && (year.starts_with("19") || year.starts_with("20"));
        let short_ok = year.len() == 2 && (s1.as_str() == "/" || a.len() == 2 || b.len() == 2);
        let glued = |ch: Option<char>| ch.is_some_and(|ch| matches!(ch, '/' | '.' | '-'));
        let next_digit = char_after(text, m.end() + 1).is_some_and(|ch| ch.is_ascii_digit());
        if s1.as_str() == s2.as_str()
            && plausible
            && (four || short_ok)
            && !glued(char_before(text, m.start()))
            && !(glued(char_after(text, m.end())) && next_digit)
            && !followed_by_unit(text, m.end())
        {
            out.push(Cand::new(IdentifierKind::Date, m.start(), m.end()));
        }
    }
}

fn written(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for c in hints.captures(&WRITTEN, text) {
        let Some(m) = c.get(0) else { continue };
        let month = c.name("m1").or_else(|| c.name("m2"));
        let has_year = m.as_str().chars().filter(char::is_ascii_digit).count() >= 4;
        if COUNT_AFTER.is_match(after(text, m.end(), 16)) && !has_year {
            continue;
        }
        // Lower-case "may" is usually the verb: "may 3 times a day", "2 may help".
        if let Some(mo) = month {
            let word = mo.as_str();
            if word == "may"
                && !has_year
                && !MAY_CUE_BEFORE.is_match(before(text, m.start(), 16))
                && c.name("m1").is_some()
            {
                continue;
            }
            if word == "may"
                && c.name("m2").is_some()
                && !m.as_str().contains(" of ")
                && !m.as_str().contains(" de ")
            {
                continue;
            }
        }
        out.push(Cand::new(IdentifierKind::Date, m.start(), m.end()));
    }
}

fn birth_years(text: &str, out: &mut Vec<Cand>) {
    let this_year = current_year();
    for c in BIRTH_YEAR.captures_iter(text) {
        if let Some(y) = c.get(1) {
            let year = num(y.as_str());
            if year + 90 <= this_year {
                out.push(Cand::new(IdentifierKind::Date, y.start(), y.end()));
            }
        }
    }
}

fn current_year() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Mean Gregorian year; off by at most a day around New Year, which the 90-year rule tolerates.
    (1970 + secs / 31_556_952) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        v.iter().map(|c| text[c.start..c.end].to_owned()).collect()
    }

    #[test]
    fn numeric_and_iso() {
        for d in [
            "3/14/2025",
            "14.03.2025",
            "2025-03-14",
            "03-14-25",
            "3/14/25",
            "2025-03-14T10:30:00Z",
        ] {
            assert_eq!(dates(&format!("seen {d}.")), vec![d.to_owned()], "{d}");
        }
        assert!(dates("exp 06/2026, 1.2.3 and 13/13/2025").is_empty());
    }

    #[test]
    fn written_english_and_spanish() {
        for d in [
            "March 3rd",
            "Jan 12, 2025",
            "3rd of March",
            "12 July",
            "3 de marzo de 2025",
            "14 de febrero",
            "marzo 3",
            "14-Mar-2025",
            "1º de mayo",
        ] {
            assert_eq!(dates(&format!("fue el {d} ok")), vec![d.to_owned()], "{d}");
        }
        assert!(
            dates("March 2025, marzo de 2025, in 2023, may 3 times a day, 2 may help").is_empty()
        );
    }

    #[test]
    fn cued_month_day() {
        assert_eq!(dates("started on 3/14 and"), vec!["3/14"]);
        assert!(dates("on 1/2 tablet, since 3/4 of a bag, on 10/10 pain, BP 120/80").is_empty());
        assert!(dates("pain went from 8/10 to 2/10").is_empty());
    }

    #[test]
    fn birth_year_only_when_ninety_plus() {
        assert_eq!(dates("she was born in 1931."), vec!["1931"]);
        assert!(dates("he was born in 1985").is_empty());
    }
}
