//! Text a reviewer types with a change (a reason, a causality rationale, a
//! reaction named in free text): the public form's character rules, NFC and
//! the identifier scrubber, because it is stored with the case and in the
//! audit trail. The rules are [`StaffText`]'s; this returns plain strings.

use super::StaffText;

/// Longest reason or rationale, in characters.
pub const MAX_REASON: usize = 2000;

/// Checked, scrubbed staff text ([`StaffText`]); `Err` carries a message in
/// plain words.
pub fn parse(raw: &str, max_chars: usize, multiline: bool) -> Result<Option<String>, String> {
    Ok(StaffText::parse(raw, max_chars, multiline)?.map(StaffText::into_string))
}

/// Like [`parse`], but blank is an error saying `missing`.
pub fn required(raw: &str, max_chars: usize, missing: &str) -> Result<String, String> {
    StaffText::required(raw, max_chars, true, missing).map(StaffText::into_string)
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
