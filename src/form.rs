//! Strict decoding of `application/x-www-form-urlencoded` bodies, and the
//! list of field errors a rejected form is shown with.
//!
//! actix's `web::Form` silently turns invalid UTF-8 into U+FFFD and keeps the
//! last of two same-named fields; Canary refuses both instead.

use std::collections::BTreeMap;

use crate::text::{self, TextProblem};

/// Most fields a form may carry (the report form has a few hundred).
const MAX_FIELDS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("The form contained characters that are not valid text (invalid UTF-8).")]
    InvalidUtf8,
    #[error("The form was sent with the field {0:?} twice.")]
    Duplicate(String),
    #[error("The form was not encoded correctly.")]
    Malformed,
}

/// A decoded form: field name → NFC-normalised value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawForm {
    fields: BTreeMap<String, String>,
}

impl RawForm {
    /// Decode a urlencoded body: strict UTF-8 (raw and percent-decoded),
    /// no duplicate names, values NFC-normalised.
    pub fn decode(body: &[u8]) -> Result<Self, BodyError> {
        std::str::from_utf8(body).map_err(|_| BodyError::InvalidUtf8)?;
        let mut fields = BTreeMap::new();
        for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            let name = percent_decode(name)?;
            let value = text::normalise(&percent_decode(value)?);
            if fields.len() >= MAX_FIELDS {
                return Err(BodyError::Malformed);
            }
            if fields.contains_key(&name) {
                return Err(BodyError::Duplicate(name));
            }
            fields.insert(name, value);
        }
        Ok(Self { fields })
    }

    /// The value of a field, "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(|v| v.as_str()).unwrap_or("")
    }

    /// The trimmed value, `None` when absent or blank.
    pub fn value(&self, name: &str) -> Option<&str> {
        Some(self.get(name).trim()).filter(|v| !v.is_empty())
    }

    /// A ticked checkbox.
    pub fn checked(&self, name: &str) -> bool {
        self.value(name).is_some()
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.fields.insert(name.into(), value.into());
    }

    pub fn remove(&mut self, name: &str) {
        self.fields.remove(name);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Remove every value breaking the character rules and report each one.
    pub fn take_bad_text(
        &mut self,
        multiline: impl Fn(&str) -> bool,
    ) -> Vec<(String, TextProblem)> {
        let bad: Vec<(String, TextProblem)> = self
            .fields
            .iter()
            .filter_map(|(k, v)| text::check(v, multiline(k)).err().map(|p| (k.clone(), p)))
            .collect();
        for (name, _) in &bad {
            self.fields.remove(name);
        }
        bad
    }
}

fn percent_decode(input: &[u8]) -> Result<String, BodyError> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = input.get(i + 1..i + 3).ok_or(BodyError::Malformed)?;
                let hex = std::str::from_utf8(hex).map_err(|_| BodyError::Malformed)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| BodyError::Malformed)?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| BodyError::InvalidUtf8)
}

/// One problem with one field, in the reporter's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The problems found in a form, in the order the fields appear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if self.get(&field).is_none() {
            self.0.push(FieldError {
                field,
                message: message.into(),
            });
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
    /// One error per field that broke the character rules.
    pub fn from_text_problems(problems: Vec<(String, TextProblem)>) -> Self {
        let mut errors = Self::default();
        for (field, problem) in problems {
            errors.add(field, problem.message());
        }
        errors
    }

    /// Ok when nothing was added.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// `k1=v1&k2=v2`, each value percent-encoded (everything but unreserved
/// characters): the query of a link back to a filtered, paged list.
pub fn query_string(parts: &[(&str, String)]) -> String {
    parts
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_normalises() {
        let form = RawForm::decode(b"a=caf%C3%A9&b=x+y&c=e%CC%81").unwrap_or_default();
        assert_eq!(form.get("a"), "café");
        assert_eq!(form.get("b"), "x y");
        assert_eq!(form.get("c"), "\u{e9}");
    }

    #[test]
    fn refuses_invalid_utf8_and_duplicates() {
        assert_eq!(RawForm::decode(b"a=%FF"), Err(BodyError::InvalidUtf8));
        assert_eq!(RawForm::decode(b"a=\xff"), Err(BodyError::InvalidUtf8));
        assert_eq!(
            RawForm::decode(b"n=a&n=b"),
            Err(BodyError::Duplicate("n".into()))
        );
        assert_eq!(RawForm::decode(b"a=%F"), Err(BodyError::Malformed));
    }
}
