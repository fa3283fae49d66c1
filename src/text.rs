//! Rules for text typed by the public: which characters are refused, and
//! Unicode normalisation. Applied to every form value before parsing.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// C0/C1 control characters (other than tab and line breaks), incl. NUL.
    Control,
    /// Unicode direction overrides and marks ("Trojan Source").
    Bidi,
    /// A line break in a one-line answer.
    LineBreak,
}

impl TextProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Control => {
                "This answer contains invisible control characters. Please type it again."
            }
            Self::Bidi => {
                "This answer contains invisible text-direction characters. Please type it again."
            }
            Self::LineBreak => "This answer must fit on one line.",
        }
    }
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Check a value against the character rules; `multiline` allows line breaks.
pub fn check(value: &str, multiline: bool) -> Result<(), TextProblem> {
    for c in value.chars() {
        if is_bidi(c) {
            return Err(TextProblem::Bidi);
        }
        match c {
            '\t' => {}
            '\r' | '\n' if multiline => {}
            '\r' | '\n' => return Err(TextProblem::LineBreak),
            c if c.is_control() => return Err(TextProblem::Control),
            _ => {}
        }
    }
    Ok(())
}

/// NFC-normalise and unify line endings to `\n`.
pub fn normalise(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .collect()
}

/// Drop characters XML 1.0 cannot carry (for exports).
pub fn xml_safe(value: &str) -> String {
    value
        .chars()
        .filter(|&c| {
            matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_controls_and_bidi() {
        assert_eq!(check("a\u{0}b", true), Err(TextProblem::Control));
        assert_eq!(check("a\u{85}b", true), Err(TextProblem::Control));
        assert_eq!(check("abc\u{202E}def", true), Err(TextProblem::Bidi));
        assert_eq!(check("a\u{061C}", false), Err(TextProblem::Bidi));
        assert_eq!(check("line\nbreak", false), Err(TextProblem::LineBreak));
        assert_eq!(check("tab\tand\r\nlines", true), Ok(()));
    }

    #[test]
    fn normalises_to_nfc() {
        assert_eq!(normalise("e\u{301}"), "\u{e9}");
        assert_eq!(normalise("a\r\nb\rc"), "a\nb\nc");
    }
}
