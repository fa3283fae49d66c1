//! Text typed by staff (reasons, notes, the question to a reporter, a
//! forwarding recipient): the public form's character rules, NFC, and the
//! identifier scrubber, because staff text is stored with the case too.

use std::fmt;

use crate::deidentify;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffText(String);

impl StaffText {
    /// `Ok(None)` for blank input; an error message in plain words otherwise.
    pub fn parse(raw: &str, max_chars: usize, multiline: bool) -> Result<Option<Self>, String> {
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
        Ok(Some(Self(deidentify::scrub(trimmed).text)))
    }

    /// Like [`parse`](Self::parse), but blank is an error with `missing`.
    pub fn required(
        raw: &str,
        max_chars: usize,
        multiline: bool,
        missing: &str,
    ) -> Result<Self, String> {
        Self::parse(raw, max_chars, multiline)?.ok_or_else(|| missing.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for StaffText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_none_and_required_says_why() {
        assert_eq!(StaffText::parse("   ", 10, false), Ok(None));
        assert_eq!(
            StaffText::required(" ", 10, false, "Give a reason."),
            Err("Give a reason.".to_owned())
        );
    }

    #[test]
    fn identifiers_are_scrubbed_and_limits_apply() {
        let t = StaffText::parse("called jane.doe@example.org", 100, false)
            .unwrap()
            .unwrap();
        assert!(!t.as_str().contains("jane.doe"), "{t}");
        assert!(StaffText::parse("abcdef", 5, false).is_err());
        assert!(StaffText::parse("a\nb", 10, false).is_err());
        assert!(StaffText::parse("a\nb", 10, true).is_ok());
        assert!(StaffText::parse("x\u{202E}y", 10, true).is_err());
    }
}
