//! Social Security numbers, payment card numbers and cued record numbers (MRN, account, member, policy, licence...).

use super::util::{char_after, char_before, cue, followed_by_unit, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static SSN: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{3})([- .])(\d{2})([- .])(\d{4})\b"));

/// Unseparated nine digits count only after an SSN cue.
static SSN_CUED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:ssn|ss#|social(?:\s+security)?(?:\s+(?:number|no\.?|num|#))?|(?:n[uú]mero\s+de\s+)?seguro\s+social)[\s:#-]*(?:(?:is|es|was|era)\s*[:#]?\s*)?(\d{9})\b",
    )
});

static CARD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|6\d{3}|3[47]\d{2}|3[068]\d{2})(?:[ -]?\d{3,6}){2,4}\b")
});

/// Cue words that introduce a record, account, licence or ID number; the span is the number only.
pub(super) static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    let qualifier = r"(?:id|i\.d\.|number|no\.?|num\.?|nbr|#)";
    let spanish = r"expediente|historia\s+cl[ií]nica|cuenta|p[oó]liza|licencia|afiliaci[oó]n|afiliado|pasaporte|registro|seguro\s+popular|credencial";
    let strong = cue(&format!(
        r"mrn|mr#|medical\s+record(?:\s+number|\s+no\.?|\s*#)?|account(?:\s+number|\s+no\.?|\s*#)?|acct\.?(?:\s*#|\s+no\.?)?|polic(?:y|y\s+number|y\s+no\.?|y\s*#)|licen[cs]e(?:\s+plate)?(?:\s+number|\s+no\.?|\s*#)?|passport(?:\s+number|\s+no\.?)?|n[uú]mero\s+de\s+(?:{spanish})|no\.\s+de\s+(?:{spanish})|{spanish}|nss|curp|dni"
    ));
    let weak = cue(
        r"record|chart|patient|pt|case|claim|insurance|subscriber|medicaid|medicare|member|group|beneficiary|health\s+plan|plan|employee|student|hospital|identification|tracking|serial|device|badge|visit|encounter|order|prescription|rx|paciente|miembro|asegurado",
    );
    re(&format!(
        r"\b(?:{strong}|{weak}(?i:(?:\s*{qualifier}){{1,2}})|(?i:\bID\b))(?i:(?:\s*[:#]\s*|(?:\s+[\p{{L}}]{{1,8}}){{0,3}}?\s+(?:is|es|was|era|:)\s*|\s+(?:de\s+)?)(?:[:#]\s*)?([A-Za-z]{{0,4}}[- ]?\d[0-9A-Za-z-]{{2,19}}(?:\s\d{{3,6}}\b){{0,3}}))"
    ))
});

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    if hints.digits >= 9 {
        ssns(text, hints, out);
    }
    // A card number is 13 to 19 digits in groups split by at most one space or hyphen.
    if hints.longest_grouped_digits >= 13 {
        cards(text, out);
    }
    for c in hints.captures(&RECORD, text) {
        if let Some(v) = c.get(1) {
            let value = v.as_str().trim_end_matches('-');
            let digits = value.chars().filter(char::is_ascii_digit).count();
            let end = v.start() + value.len();
            if digits >= 4 && !followed_by_unit(text, end) {
                out.push(Cand::new(K::Mrn, v.start(), end));
            }
        }
    }
}

fn ssns(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for c in hints.captures(&SSN, text) {
        let (Some(m), Some(d1), Some(d2)) = (c.get(0), c.get(2), c.get(4)) else {
            continue;
        };
        let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        let touching = |ch: Option<char>| ch.is_some_and(|ch| matches!(ch, '-' | '.' | '/'));
        if d1.as_str() == d2.as_str()
            && ssn_valid(&digits)
            && !touching(char_before(text, m.start()))
            && !(touching(char_after(text, m.end()))
                && char_after(text, m.end() + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            out.push(Cand::new(K::Ssn, m.start(), m.end()));
        }
    }
    if !hints.any(&["ss", "social", "seguro"]) || hints.longest_digit_run < 9 {
        return;
    }
    for c in SSN_CUED.captures_iter(text) {
        if let Some(v) = c.get(1) {
            if ssn_valid(v.as_str()) {
                out.push(Cand::new(K::Ssn, v.start(), v.end()));
            }
        }
    }
}

/// Presidio's invalidation rules for US SSNs.
fn ssn_valid(digits: &str) -> bool {
    let b = digits.as_bytes();
    if b.len() != 9 || b.iter().all(|&c| c == b[0]) {
        return false;
    }
    if &digits[3..5] == "00" || &digits[5..] == "0000" {
        return false;
    }
    !["000", "666", "123456789", "98765432", "078051120"]
        .iter()
        .any(|s| digits.starts_with(s))
}

fn cards(text: &str, out: &mut Vec<Cand>) {
    for m in CARD.find_iter(text) {
        let digits: Vec<u32> = m.as_str().chars().filter_map(|c| c.to_digit(10)).collect();
        if (13..=19).contains(&digits.len()) && luhn(&digits) {
            out.push(Cand::new(K::Card, m.start(), m.end()));
        }
    }
}

/// The Luhn check digit test (card numbers here, IMEIs in `codes`).
pub(super) fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(K, String)> {
        super::super::util::found_by(detect, text)
    }

    #[test]
    fn ssn_with_presidio_invalidation() {
        assert_eq!(
            spans("ssn 234-56-7891 ok"),
            vec![(K::Ssn, "234-56-7891".into())]
        );
        assert_eq!(spans("SSN: 234567891"), vec![(K::Ssn, "234567891".into())]);
        for bad in [
            "123-45-6789",
            "078 05 1120",
            "000-12-3456",
            "666-12-3456",
            "234-00-5678",
            "234-56-0000",
            "111-11-1111",
            "234-56.7891",
        ] {
            assert!(spans(bad).iter().all(|(k, _)| *k != K::Ssn), "{bad}");
        }
    }

    #[test]
    fn cards_need_luhn() {
        assert_eq!(
            spans("card 4111 1111 1111 1111"),
            vec![(K::Card, "4111 1111 1111 1111".into())]
        );
        assert!(spans("card 4111 1111 1111 1112").is_empty());
    }

    #[test]
    fn record_numbers_after_cues() {
        assert_eq!(spans("MRN 12345678"), vec![(K::Mrn, "12345678".into())]);
        assert_eq!(
            spans("medical record #: A1234567."),
            vec![(K::Mrn, "A1234567".into())]
        );
        assert_eq!(
            spans("patient id 4455667"),
            vec![(K::Mrn, "4455667".into())]
        );
        assert_eq!(
            spans("número de expediente 2024-55817"),
            vec![(K::Mrn, "2024-55817".into())]
        );
        assert_eq!(
            spans("member ID XJ-88231"),
            vec![(K::Mrn, "XJ-88231".into())]
        );
        assert!(spans("on account of 3 doses, patient 34 years old").is_empty());
    }
}
