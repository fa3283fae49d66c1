//! Free text for a Safe Harbor file: scrubbed again with the current scrubber, then each exact date reduced to its year and each age over 89 written as "90 or older".

use super::{scrub, IdentifierKind};

/// What an age over 89 becomes in a Safe Harbor file (45 CFR 164.514(b)(2)(i)(C)).
pub const AGE_90_PLUS: &str = "90 or older";

/// `text` as a Safe Harbor file may carry it.
pub fn safe_harbor_text(text: &str) -> String {
    let s = scrub(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &s.found {
        out.push_str(&text[at..f.start]);
        match f.kind {
            IdentifierKind::Date => match year_in(&text[f.start..f.end]) {
                Some(year) => out.push_str(year),
                None => out.push_str(f.kind.placeholder()),
            },
            IdentifierKind::Age => out.push_str(AGE_90_PLUS),
            kind => out.push_str(kind.placeholder()),
        }
        at = f.end;
    }
    out.push_str(&text[at..]);
    // Text scrubbed at intake already carries "[age]" where an age over 89 was.
    out.replace(IdentifierKind::Age.placeholder(), AGE_90_PLUS)
}

/// A four-digit year (1900–2099) written in a date, if any.
fn year_in(date: &str) -> Option<&str> {
    let b = date.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let y = date.get(i..i + 4)?;
        let edge = |j: usize| b.get(j).is_none_or(|c| !c.is_ascii_digit());
        let here = y.bytes().all(|c| c.is_ascii_digit())
            && (y.starts_with("19") || y.starts_with("20"))
            && (i == 0 || edge(i - 1))
            && edge(i + 4);
        here.then_some(y)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_years_and_old_ages_a_band() {
        let out = safe_harbor_text(
            "Seen on March 3, 2025 and again on 04/17/2025; my grandmother is 93 years old.",
        );
        assert!(out.contains("on 2025 and again on 2025"), "{out}");
        assert!(out.contains("is 90 or older years old"), "{out}");
        assert!(!out.contains("93") && !out.contains("March 3"), "{out}");
    }

    #[test]
    fn stored_placeholders_and_dates_without_year() {
        assert_eq!(
            safe_harbor_text("she is [age] and fell on the 3rd of May"),
            "she is 90 or older and fell on the [date]"
        );
    }
}
