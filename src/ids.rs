//! Typed identifiers: the case number people see, and the ids of stored
//! reports and staff accounts. Each is decoded once where it enters (a URL
//! path, a form, a CLI argument, a session) or read back from a stored row,
//! so a bare string never stands in for one. Ids map to TEXT columns, so
//! queries take and return them as they are.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use std::fmt;

/// A case number as the app hands them out: `CAN-2026-000123`, or a
/// synthetic one such as `SYN-2026-000123` (three capital letters, a
/// four-digit year, one to ten digits).
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = Text)]
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

    /// The case number the app hands out: `prefix` (three capital letters),
    /// year and sequence number zero-padded to `width` digits.
    pub fn numbered(prefix: &str, year: i32, n: u64, width: usize) -> Self {
        Self(format!("{prefix}-{year}-{n:0width$}"))
    }
}

/// Random, time-ordered ids (UUID v7 text) made in Rust when a row is
/// written: a stored report, a staff account.
macro_rules! row_id {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = Text)]
        pub struct $name(String);

        impl $name {
            /// A fresh id for a row about to be written.
            pub fn fresh() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            /// An id sent back by a form or a link (a UUID), or `None`.
            pub fn parse(s: &str) -> Option<Self> {
                uuid::Uuid::parse_str(s).ok().map(|_| Self(s.to_owned()))
            }
        }
    )*};
}

/// Each id is stored as TEXT and read back as it was written.
macro_rules! text_column {
    ($($name:ident),*) => {$(
        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            String: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                String::from_sql(bytes).map(Self)
            }
        }
    )*};
}

text_column!(CaseNumber, ReportId, UserId);

row_id!(
    /// The id of a stored report (its row in `reports`).
    ReportId,
    /// The id of a staff account (its row in `users`).
    UserId
);

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

/// What every identifier offers: its text, and back from storage.
macro_rules! display_as_str {
    ($($name:ident),*) => {$(
        impl $name {
            /// As it came back from storage or a signed cookie the app
            /// wrote itself (never from a reporter's input).
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

display_as_str!(CaseNumber, ReportId, UserId);

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
