//! The allow-list machinery: each table of the analyst CSV is a list of
//! [`Column`]s, and a column reaches an export only when its `profiles`
//! name the export's profile. A column's [`Kind`] decides how the profile
//! generalises it (months, ZIP prefixes, free text), so no table can forget
//! to; the same list writes the codebook.

use super::profile::Profile;
use crate::report::options::ClosedList;

/// What a column holds; also how the profile generalises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Canary's case number.
    CaseNumber,
    /// One code from a closed list.
    Code,
    /// Codes from a closed list, separated by `;`.
    Codes,
    Integer,
    Number,
    Boolean,
    /// A month (`YYYY-MM`): the year only under `safe-harbor`.
    Month,
    /// A three-digit ZIP prefix written `044xx` so that spreadsheets and
    /// data frames read it as text and keep its leading zeros; restricted
    /// ones become `000xx` under `safe-harbor`.
    Zip3,
    /// Reporter's text, scrubbed at intake (and again under `safe-harbor`).
    FreeText,
    /// MedDRA codes separated by `;`, each written `LLT:10012345` so that a
    /// default import reads an identifier, not a number.
    MeddraCodes,
}

impl Kind {
    pub fn name(self, profile: Profile) -> &'static str {
        match (self, profile) {
            (Self::CaseNumber, _) => "text",
            (Self::Code, _) => "code",
            (Self::Codes, _) => "codes (;-separated)",
            (Self::Integer, _) => "integer",
            (Self::Number, _) => "number",
            (Self::Boolean, _) => "boolean",
            (Self::Month, Profile::SafeHarbor) => "year (YYYY)",
            (Self::Month, Profile::CaseProcessing) => "month (YYYY-MM)",
            (Self::Zip3, _) => "text (3 ZIP digits + xx)",
            (Self::FreeText, _) => "free text",
            (Self::MeddraCodes, _) => "codes (;-separated, each LLT:code)",
        }
    }

    /// The stored value as `profile` may show it.
    pub fn apply(self, profile: Profile, value: String) -> String {
        if value.is_empty() {
            return value;
        }
        match self {
            Self::Month => profile.month(&value),
            Self::Zip3 => format!("{}xx", profile.zip3(&value)),
            Self::FreeText => free_text(profile, value),
            Self::MeddraCodes => value
                .split(';')
                .map(|c| {
                    if c.is_empty() {
                        String::new()
                    } else {
                        format!("LLT:{c}")
                    }
                })
                .collect::<Vec<_>>()
                .join(";"),
            _ => value,
        }
    }
}

/// Free text is scrubbed before it is stored; `safe-harbor` runs the current
/// scrubber over it once more, reduces dates in it to the year and writes
/// ages over 89 as "90 or older".
fn free_text(profile: Profile, value: String) -> String {
    match profile {
        Profile::SafeHarbor => crate::deidentify::safe_harbor_text(&value),
        Profile::CaseProcessing => value,
    }
}

/// Included in both profiles.
pub const BOTH: &[Profile] = &[Profile::SafeHarbor, Profile::CaseProcessing];
/// Only for public-health authorities.
pub const CASE_ONLY: &[Profile] = &[Profile::CaseProcessing];

/// One column of one table.
pub struct Column<R> {
    pub name: &'static str,
    pub kind: Kind,
    /// The allowed values for the codebook ("" when any).
    pub allowed: fn() -> String,
    pub meaning: &'static str,
    pub profiles: &'static [Profile],
    /// The stored value, before the profile generalises it.
    pub value: fn(&R) -> String,
}

impl<R> Column<R> {
    pub fn included(&self, profile: Profile) -> bool {
        self.profiles.contains(&profile)
    }
}

/// A table: its file name and its columns.
pub struct Table<R: 'static> {
    pub name: &'static str,
    pub columns: &'static [Column<R>],
}

impl<R: 'static> Table<R> {
    /// The columns `profile` allows, in order.
    pub fn allowed(&self, profile: Profile) -> impl Iterator<Item = &Column<R>> {
        self.columns.iter().filter(move |c| c.included(profile))
    }

    pub fn header(&self, profile: Profile) -> Vec<&'static str> {
        self.allowed(profile).map(|c| c.name).collect()
    }

    /// One row's cells under `profile` (not yet neutralised).
    pub fn cells(&self, profile: Profile, row: &R) -> Vec<String> {
        self.allowed(profile)
            .map(|c| c.kind.apply(profile, (c.value)(row)))
            .collect()
    }

    /// The codebook lines of this table under `profile`.
    pub fn codebook(&self, profile: Profile) -> Vec<[String; 6]> {
        self.allowed(profile)
            .map(|c| {
                let profiles: Vec<&str> = c.profiles.iter().map(|p| p.code()).collect();
                [
                    self.name.to_owned(),
                    c.name.to_owned(),
                    c.kind.name(profile).to_owned(),
                    (c.allowed)(),
                    c.meaning.to_owned(),
                    profiles.join("; "),
                ]
            })
            .collect()
    }
}

/// "code = label" for every value of a closed list.
pub fn codes<T: ClosedList>() -> String {
    T::all()
        .iter()
        .map(|v| format!("{} = {}", v.code(), v.label()))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn any() -> String {
    String::new()
}

pub fn boolean() -> String {
    "true; false".into()
}

pub fn ages() -> String {
    "0-89 (whole years); empty when 90 or over or unknown (see age_group)".into()
}

pub fn zip3s() -> String {
    "000xx-999xx: the first three ZIP digits followed by xx, e.g. 044xx; take the first three characters for the prefix".into()
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

pub fn flag(v: bool) -> String {
    if v { "true" } else { "false" }.to_owned()
}
