//! Typed identifiers: the case number, parsed once where it enters (a URL
//! path, a form, a CLI argument) or read back from a stored row, so a bare
//! string never stands in for one.

use std::fmt;

/// A case number as the app hands them out: `CAN-2026-000123`, or a
/// synthetic one such as `SYN-2026-000123` (three capital letters, a
/// four-digit year, one to ten digits).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseNumber(String);

impl CaseNumber {
    /// Trimmed and upper-cased, then accepted only if it has the shape the
    /// app produces.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_uppercase();
        Self::exact(&s)
    }

    /// Accepted only exactly as the app writes it (no trimming or case
    /// folding), as a URL path segment must be.
    pub fn exact(s: &str) -> Option<Self> {
        well_formed(s).then(|| Self(s.to_owned()))
    }

    /// A case number read back from a stored row (the database layer only).
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `CAN-2026-000123`-shaped (or a synthetic `SYN-…` case).
pub fn well_formed(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(prefix), Some(year), Some(n), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    prefix.len() == 3
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && (1..=10).contains(&n.len())
        && n.bytes().all(|b| b.is_ascii_digit())
}

macro_rules! display_as_str {
    ($($name:ident),*) => {$(
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

display_as_str!(CaseNumber);

impl PartialEq<str> for CaseNumber {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for CaseNumber {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for CaseNumber {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_normalised_and_checked() {
        let c = CaseNumber::parse("  can-2026-000123 ").unwrap();
        assert_eq!(c.as_str(), "CAN-2026-000123");
        assert_eq!(c.to_string(), "CAN-2026-000123");
        assert!(CaseNumber::parse("SYN-2026-000001").is_some());
        for bad in [
            "",
            "CAN-2026",
            "CAN-26-000123",
            "CA-2026-1",
            "CAN-2026-12345678901",
            "CAN-2026-00012x",
            "CAN-2026-1-2",
        ] {
            assert!(CaseNumber::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_path_segment_must_be_exact() {
        assert!(CaseNumber::exact("CAN-2026-000123").is_some());
        assert!(CaseNumber::exact("can-2026-000123").is_none());
        assert!(CaseNumber::exact(" CAN-2026-000123").is_none());
    }
}
