//! Text a reviewer types with a change (a reason, a causality rationale, a
//! reaction named in free text): the public form's character rules, NFC and
//! the identifier scrubber, because it is stored with the case and in the
//! audit trail.

use crate::{deidentify, text};

/// Longest reason or rationale, in characters.
pub const MAX_REASON: usize = 2000;

/// Checked, scrubbed staff text; `Err` carries a message in plain words.
pub fn parse(raw: &str, max_chars: usize, multiline: bool) -> Result<Option<String>, String> {
    text::check(raw, multiline).map_err(|p| p.message().to_owned())?;
    let value = text::normalise(raw);
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let count = trimmed.chars().count();
    if count > max_chars {
        return Err(format!(
            "Please keep this to {max_chars} characters or fewer (you have {count})."
        ));
    }
    Ok(Some(deidentify::scrub(trimmed).text))
}

/// Like [`parse`], but blank is an error saying `missing`.
pub fn required(raw: &str, max_chars: usize, missing: &str) -> Result<String, String> {
    parse(raw, max_chars, true)?.ok_or_else(|| missing.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_refused_and_identifiers_are_scrubbed() {
        assert_eq!(
            required("  ", 10, "Give a reason."),
            Err("Give a reason.".into())
        );
        let t = required("phoned jane.doe@example.org", 100, "x").unwrap();
        assert!(!t.contains("jane.doe"), "{t}");
        assert!(parse("abcdef", 5, true).is_err());
        assert!(parse("a\nb", 10, false).is_err());
    }
}
