//! Bounded values of a report: each newtype can only hold what the rules
//! allow, so code past the form never re-checks them.

use std::collections::BTreeSet;
use std::fmt;

use chrono::Datelike;

use super::options::{AgeGroup, AmountUnit, ClosedList, StrengthOf, TimeUnit, WeightUnit};
use crate::deidentify::{self, IdentifierKind};

/// Age: whole years up to 89, otherwise a group (ages of 90 and over are
/// always the group `90+`, never a number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Years(u8),
    Group(AgeGroup),
}

impl Age {
    pub const MAX_YEARS: u32 = 120;

    pub fn from_years(years: u32) -> Option<Self> {
        match years {
            0..=89 => Some(Self::Years(years as u8)),
            90..=Self::MAX_YEARS => Some(Self::Group(AgeGroup::NinetyPlus)),
            _ => None,
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Years(y) => write!(f, "{y} years"),
            Self::Group(g) => f.write_str(g.label()),
        }
    }
}

/// Body weight as reported, within human bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight {
    value: f64,
    unit: WeightUnit,
}

impl Weight {
    pub fn new(value: f64, unit: WeightUnit) -> Option<Self> {
        let kg = match unit {
            WeightUnit::Kg => value,
            WeightUnit::Lb => value * 0.453_592_37,
        };
        (value.is_finite() && (0.3..=400.0).contains(&kg)).then_some(Self { value, unit })
    }
    pub fn value(self) -> f64 {
        self.value
    }
    pub fn unit(self) -> WeightUnit {
        self.unit
    }
}

/// A month and year: event dates are never stored to the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    year: u16,
    month: u8,
}

impl YearMonth {
    /// Parse `YYYY-MM` (what `<input type=month>` sends); rejects the future.
    pub fn parse(value: &str, today: chrono::NaiveDate) -> Result<Self, &'static str> {
        let (y, m) = value
            .split_once('-')
            .ok_or("Enter a month and year, like 2025-03.")?;
        let year: u16 = y
            .parse()
            .map_err(|_| "Enter a month and year, like 2025-03.")?;
        let month: u8 = m
            .parse()
            .map_err(|_| "Enter a month and year, like 2025-03.")?;
        if y.len() != 4 || !(1..=12).contains(&month) {
            return Err("Enter a month and year, like 2025-03.");
        }
        if year < 1900 {
            return Err("Enter a year after 1900.");
        }
        let ym = Self { year, month };
        if ym > Self::of(today) {
            return Err("This month is in the future.");
        }
        Ok(ym)
    }
    pub fn of(date: chrono::NaiveDate) -> Self {
        Self {
            year: date.year() as u16,
            month: date.month() as u8,
        }
    }
    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The first three digits of a ZIP code (never the full code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zip3(String);

impl Zip3 {
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let digits = value.trim();
        if digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(digits.to_owned()))
        } else if digits.len() >= 5 && digits.bytes().take(5).all(|b| b.is_ascii_digit()) {
            Err("Enter only the first 3 digits of the ZIP code, not the whole code.")
        } else {
            Err("Enter exactly 3 digits, like 941.")
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A length of time: a whole number with a unit ("3 hours", "8 months").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    value: u16,
    unit: TimeUnit,
}

impl Span {
    pub const MAX: u32 = 1000;
    pub fn new(value: u32, unit: TimeUnit) -> Option<Self> {
        (value <= Self::MAX).then_some(Self {
            value: value as u16,
            unit,
        })
    }
    pub fn value(self) -> u16 {
        self.value
    }
    pub fn unit(self) -> TimeUnit {
        self.unit
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit.label())
    }
}

/// An amount per dose with its unit ("2 capsules", "3.5 grams").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    value: f64,
    unit: AmountUnit,
}

impl Amount {
    pub fn new(value: f64, unit: AmountUnit) -> Option<Self> {
        (value.is_finite() && value > 0.0 && value <= 10_000.0).then_some(Self { value, unit })
    }
    pub fn value(self) -> f64 {
        self.value
    }
    pub fn unit(self) -> AmountUnit {
        self.unit
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit.label())
    }
}

/// Label strength: milligrams per unit, of which alkaloid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strength {
    mg: f64,
    of: StrengthOf,
}

impl Strength {
    pub fn new(mg: f64, of: StrengthOf) -> Option<Self> {
        (mg.is_finite() && mg > 0.0 && mg <= 100_000.0).then_some(Self { mg, of })
    }
    pub fn mg(self) -> f64 {
        self.mg
    }
    pub fn of(self) -> StrengthOf {
        self.of
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} mg of {} per unit", self.mg, self.of.label())
    }
}

/// Doses per day, 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosesPerDay(u8);

impl DosesPerDay {
    pub fn new(n: u32) -> Option<Self> {
        (1..=100).contains(&n).then_some(Self(n as u8))
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

/// What the seller field keeps that other free text loses: shop names and web
/// addresses, since naming the seller is that field's purpose.
pub const SELLER_KEEPS: [IdentifierKind; 2] = [IdentifierKind::Facility, IdentifierKind::Url];

/// Free text after identifier scrubbing: non-empty, typed within its length
/// limit (placeholders such as `[date]` may make the stored text a little
/// longer than the typed text; the scrubber only grows text by them).
/// The only way to build one from reporter input is [`FreeText::scrubbed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeText(String);

impl FreeText {
    /// Scrub `raw` (already NFC-normalised) and record what kinds were removed.
    /// Empty input is `Ok(None)`; the length cap applies to the typed text.
    pub fn scrubbed(
        raw: &str,
        max_chars: usize,
        removed: &mut BTreeSet<IdentifierKind>,
    ) -> Result<Option<Self>, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let count = trimmed.chars().count();
        if count > max_chars {
            return Err(format!(
                "Please keep this to {max_chars} characters or fewer (you have {count})."
            ));
        }
        let clean = deidentify::scrub(trimmed);
        removed.extend(clean.kinds());
        Ok(Some(Self(clean.text)))
    }

    /// The shop or website a product was bought from (what stays: `SELLER_KEEPS`): scrubbed like any
    /// free text except that business names and web addresses stay, since
    /// naming the seller is the field's purpose (batch and seller alerts).
    pub fn seller(
        raw: &str,
        max_chars: usize,
        removed: &mut BTreeSet<IdentifierKind>,
    ) -> Result<Option<Self>, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let count = trimmed.chars().count();
        if count > max_chars {
            return Err(format!(
                "Please keep this to {max_chars} characters or fewer (you have {count})."
            ));
        }
        let clean = deidentify::scrub_keeping(trimmed, &SELLER_KEEPS);
        removed.extend(clean.kinds());
        Ok(Some(Self(clean.text)))
    }

    /// Text read back from storage, where it was scrubbed before it was written.
    pub fn from_stored(text: String) -> Option<Self> {
        (!text.is_empty()).then_some(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FreeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seller_text_keeps_shop_names_and_web_addresses_only() {
        let mut removed = BTreeSet::new();
        for typed in [
            "WWW.Kratom-King.com/",
            "Kratom King LLC",
            "Sunrise Smoke Shop",
            "https://kratomking.com/shop",
        ] {
            let kept = FreeText::seller(typed, 80, &mut removed).unwrap().unwrap();
            assert_eq!(kept.as_str(), typed);
        }
        assert!(removed.is_empty(), "{removed:?}");
        let clean = FreeText::seller("Sunrise Smoke Shop, call 555-867-5309", 80, &mut removed)
            .unwrap()
            .unwrap();
        assert!(!clean.as_str().contains("867"), "{clean}");
        assert!(clean.as_str().starts_with("Sunrise Smoke Shop"), "{clean}");
        assert!(removed.contains(&IdentifierKind::Phone), "{removed:?}");
    }

    #[test]
    fn ages_of_ninety_and_over_become_a_group() {
        assert_eq!(Age::from_years(89), Some(Age::Years(89)));
        for y in [90, 95, 120] {
            assert_eq!(Age::from_years(y), Some(Age::Group(AgeGroup::NinetyPlus)));
        }
        assert_eq!(Age::from_years(200), None);
    }

    #[test]
    fn months_in_the_future_are_refused() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        assert!(YearMonth::parse("2026-11", today).is_ok());
        assert!(YearMonth::parse("2026-12", today).is_err());
        assert!(YearMonth::parse("2026-13", today).is_err());
        assert!(YearMonth::parse("26-01", today).is_err());
    }

    /// Found by fuzzing (fuzz/corpus/form/seed-24-long-narrative-dates): a
    /// narrative typed at the cap comes back longer once "3/14" becomes
    /// "[date]". The cap counts what the reporter typed; only placeholders add.
    #[test]
    fn cap_counts_typed_text_and_only_placeholders_add_to_it() {
        let typed: String = "I felt ill on 3/14 and "
            .repeat(300)
            .chars()
            .take(5000)
            .collect();
        let mut removed = BTreeSet::new();
        let stored = FreeText::scrubbed(&typed, 5000, &mut removed)
            .ok()
            .flatten()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default();
        assert!(removed.contains(&IdentifierKind::Date), "{removed:?}");
        let dates = stored.matches("[date]").count();
        assert!(dates > 0 && !stored.contains("3/14"));
        let len = stored.chars().count();
        assert!(
            len > 5000 && len <= 5000 + dates * ("[date]".len() - 1),
            "{len}"
        );

        let one_more = format!("{typed}x");
        assert!(FreeText::scrubbed(&one_more, 5000, &mut removed).is_err());
    }

    #[test]
    fn zip_takes_three_digits_only() {
        assert!(Zip3::parse("941").is_ok());
        assert!(Zip3::parse("94110").is_err());
        assert!(Zip3::parse("9a1").is_err());
    }
}
