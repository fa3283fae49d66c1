//! Telephone numbers: North American, international (+CC or 00CC) and national trunk-zero formats.
//!
//! A loose pattern finds runs of digit groups; the groups are then checked against the shapes
//! real numbers have. Shapes that are also common for other numbers (9-digit groupings,
//! local 7-digit numbers) need a cue word such as "phone", "cell" or "teléfono" nearby.

use super::util::{after, before, char_after, char_before, followed_by_unit, re};
use super::{Cand, IdentifierKind};
use regex::Regex;
use std::sync::LazyLock;

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\+\s?)?(?:\(\d{1,4}\)|\b\d{1,6})(?:(?:\s?[.-]\s?|[ \t]{1,2})?(?:\(\d{1,4}\)|\d{1,6})){0,6}",
    )
});

static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:phone|ph|tel|tel[eé]fono|telephone|cell|cellphone|cel|celular|mobile|m[oó]vil|call\w*|text\w*|whats\s?app|fax|number|n[uú]mero|num|reach|contact\w*|llam\w*|ll[aá]m\w*|marcar|marque|mensaje\w*|escr[ií]b\w*)\b",
    )
});

static CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*[(\[,-]?\s*(?:cell|mobile|home|work|phone|tel|cel|celular|casa|m[oó]vil|fax)\b")
});

/// Public service numbers that are not personal identifiers (core 10 digits, without the 1).
const PUBLIC_NUMBERS: &[&str] = &[
    "8002221222", // Poison Help
    "8002738255", // former National Suicide Prevention Lifeline
    "8006624357", // SAMHSA National Helpline
    "8003321088", // FDA MedWatch
    "8884636332", // FDA information line
    "8002324636", // CDC-INFO
    "8007997233", // National Domestic Violence Hotline
    "8006564673", // RAINN
    "8009506264", // NAMI HelpLine
    "8009855990", // Disaster Distress Helpline
    "8007848669", // 1-800-QUIT-NOW
];

#[derive(Debug)]
struct Group {
    start: usize,
    end: usize,
    digits: String,
}

pub(crate) fn detect(text: &str, out: &mut Vec<Cand>) {
    for (seg_start, seg_end) in number_segments(text) {
        // Searching `text[..seg_end]` from `seg_start` keeps the real character before the
        // segment for `\b`; cutting at `seg_end` is harmless as CANDIDATE has no look-ahead.
        let hay = &text[..seg_end];
        let mut from = seg_start;
        while let Some(m) = CANDIDATE.find_at(hay, from) {
            from = m.end();
            candidate(text, m, out);
        }
    }
}

/// Byte ranges that can hold a CANDIDATE match of 7 or more digits: maximal runs of the
/// characters CANDIDATE can match (ASCII digits, `+ ( ) . -` and whitespace) holding at
/// least 7 digits. No match crosses another character, so scanning only these runs finds
/// the same numbers as scanning the whole text, without running the regex over prose.
/// Non-ASCII characters are kept inside runs (some are whitespace); that only widens them.
fn number_segments(text: &str) -> Vec<(usize, usize)> {
    let mut segments = Vec::new();
    let (mut start, mut digits) = (0, 0);
    for (i, b) in text.bytes().enumerate() {
        let in_run = b.is_ascii_digit()
            || !b.is_ascii()
            || matches!(
                b,
                b'+' | b'(' | b')' | b'.' | b'-' | b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C
            );
        if !in_run {
            if digits >= 7 {
                segments.push((start, i));
            }
            (start, digits) = (i + 1, 0);
        } else if b.is_ascii_digit() {
            digits += 1;
        }
    }
    if digits >= 7 {
        segments.push((start, text.len()));
    }
    segments
}

/// Checks one CANDIDATE match and keeps the run of its digit groups that looks like a number.
fn candidate(text: &str, m: regex::Match<'_>, out: &mut Vec<Cand>) {
    // Most digit runs in a narrative are doses, times and counts: too short to be a number.
    if m.as_str().bytes().filter(u8::is_ascii_digit).count() < 7 {
        return;
    }
    let plus = m.as_str().starts_with('+');
    let groups = split_groups(text, m.start(), m.end());
    if let Some((i, j)) = best_window(text, &groups, plus) {
        let start = if plus && i == 0 {
            m.start()
        } else {
            groups[i].start
        };
        // A closing parenthesis belongs to the number only if the opening one does.
        let mut end = groups[j - 1].end;
        if text[start..end].matches('(').count() < text[start..end].matches(')').count() {
            end -= 1;
        }
        out.push(Cand::new(IdentifierKind::Phone, start, end));
    }
}

fn split_groups(text: &str, start: usize, end: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        match (c.is_ascii_digit(), open) {
            (true, None) => open = Some(at),
            (false, Some(s)) => {
                let close = if c == ')' { at + 1 } else { at };
                groups.push(Group {
                    start: open_paren(text, s),
                    end: close,
                    digits: text[s..at].to_owned(),
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        groups.push(Group {
            start: open_paren(text, s),
            end,
            digits: text[s..end].to_owned(),
        });
    }
    groups
}

fn open_paren(text: &str, digits_start: usize) -> usize {
    if char_before(text, digits_start) == Some('(') {
        digits_start - 1
    } else {
        digits_start
    }
}

/// The leftmost, then longest, run of groups that looks like a telephone number.
fn best_window(text: &str, groups: &[Group], plus: bool) -> Option<(usize, usize)> {
    for i in 0..groups.len() {
        for j in (i + 1..=groups.len()).rev() {
            let g = &groups[i..j];
            let start = g[0].start;
            let end = g[g.len() - 1].end;
            if char_before(text, start).is_some_and(|c| c == '$' || c == '/' || c.is_alphanumeric())
                || char_after(text, end).is_some_and(|c| c == '/' || c.is_alphanumeric())
                || followed_by_unit(text, end)
            {
                continue;
            }
            let digits: String = g.iter().map(|g| g.digits.as_str()).collect();
            if digits.len() < 7 {
                continue;
            }
            let core = digits
                .strip_prefix('1')
                .filter(|_| digits.len() == 11)
                .unwrap_or(&digits);
            if PUBLIC_NUMBERS.contains(&core) {
                return None;
            }
            let cue = || {
                CUE_BEFORE.is_match(before(text, start, 48))
                    || CUE_AFTER.is_match(after(text, end, 16))
            };
            if shape_ok(g, &digits, plus && i == 0, cue) {
                return Some((i, j));
            }
        }
    }
    None
}

fn shape_ok(g: &[Group], digits: &str, plus: bool, cue: impl Fn() -> bool) -> bool {
    let n = digits.len();
    let lens: Vec<usize> = g.iter().map(|g| g.digits.len()).collect();
    if plus {
        return match digits.strip_prefix('1') {
            Some(rest) if rest.len() == 10 => nanp(rest),
            _ => (8..=15).contains(&n) && (g.len() >= 2 || cue()),
        };
    }
    if g.len() >= 2 && g[0].digits.starts_with("00") && g[0].digits.len() <= 5 {
        return (10..=17).contains(&n);
    }
    let nanp_shape = match lens.as_slice() {
        [3, 3, 4] | [10] | [3, 7] => nanp(digits),
        [1, 3, 3, 4] | [11] | [1, 10] => digits.starts_with('1') && nanp(&digits[1..]),
        _ => false,
    };
    if nanp_shape {
        return true;
    }
    if digits.starts_with('0')
        && (10..=13).contains(&n)
        && g.len() >= 2
        && lens.iter().all(|&l| l >= 2)
    {
        return true;
    }
    (7..=13).contains(&n)
        && (g.len() >= 2 || n <= 12)
        && lens.iter().all(|&l| l >= 2 || g.len() == 1)
        && cue()
}

/// A 10-digit North American number: area code and exchange both start with 2-9.
fn nanp(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10 && (b'2'..=b'9').contains(&b[0]) && (b'2'..=b'9').contains(&b[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &mut v);
        v.iter().map(|c| text[c.start..c.end].to_owned()).collect()
    }

    #[test]
    fn north_american_formats() {
        for p in [
            "(555) 234-5678",
            "555-234-5678",
            "555.234.5678",
            "+1 555 234 5678",
            "1-555-234-5678",
            "5552345678",
            "+1 (555) 234-5678",
        ] {
            assert_eq!(phones(&format!("it is {p}.")), vec![p.to_owned()], "{p}");
        }
    }

    #[test]
    fn international_formats() {
        for p in [
            "+44 20 7946 0958",
            "+52 55 1234 5678",
            "0044 20 7946 0958",
            "07700 900123",
            "020 7946 0958",
            "+34 612 345 678",
        ] {
            assert_eq!(phones(&format!("it is {p} ok")), vec![p.to_owned()], "{p}");
        }
    }

    #[test]
    fn cue_required_for_ambiguous_shapes() {
        assert_eq!(phones("mi celular es 55 1234 5678"), vec!["55 1234 5678"]);
        assert_eq!(phones("call me at 555-1234"), vec!["555-1234"]);
        assert!(phones("took 555-1234 of something").is_empty());
        assert!(phones("it was 612 345 678 steps").is_empty());
    }

    #[test]
    fn public_numbers_and_doses_are_left_alone() {
        assert!(phones("I called 1-800-222-1222 and 911 and 988").is_empty());
        assert!(phones("call 1 (800) 222-1222 now").is_empty());
        assert!(phones("took 800-1600 mg and 10000 mg").is_empty());
    }
}
