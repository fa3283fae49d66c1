//! The two de-identification profiles of the analyst CSV and the rules
//! that generalise dates, ages and ZIP prefixes under each (Canary's
//! privacy policy, `deidentification.md` §2, §3 and §7).

use chrono::{Datelike, NaiveDateTime};

/// Which de-identification a CSV export applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// HIPAA Safe Harbor: years only, `90+`, restricted ZIP3s as `000`,
    /// free text scrubbed again.
    #[default]
    SafeHarbor,
    /// For public-health authorities: month precision, stored ZIP3. Not
    /// Safe Harbor de-identified.
    CaseProcessing,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::SafeHarbor, Profile::CaseProcessing];

    pub fn code(self) -> &'static str {
        match self {
            Self::SafeHarbor => "safe-harbor",
            Self::CaseProcessing => "case-processing",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SafeHarbor => "Safe Harbor (years only; for research and public release)",
            Self::CaseProcessing => {
                "Case processing (months; for public-health authorities — not Safe Harbor de-identified)"
            }
        }
    }

    /// A stored `YYYY-MM` month as this profile may show it.
    pub fn month(self, stored: &str) -> String {
        match self {
            Self::SafeHarbor => stored.get(..4).unwrap_or("").to_owned(),
            Self::CaseProcessing => stored.get(..7).unwrap_or("").to_owned(),
        }
    }

    /// A timestamp (e.g. when a report was received) as this profile may show it.
    pub fn date(self, at: NaiveDateTime) -> String {
        match self {
            Self::SafeHarbor => format!("{:04}", at.year()),
            Self::CaseProcessing => format!("{:04}-{:02}", at.year(), at.month()),
        }
    }

    /// A ZIP prefix as this profile may show it.
    pub fn zip3(self, stored: &str) -> String {
        match self {
            Self::SafeHarbor => safe_zip3(stored).to_owned(),
            Self::CaseProcessing => stored.to_owned(),
        }
    }
}

/// The 17 three-digit ZIP prefixes whose areas held 20,000 people or fewer
/// in the 2000 Census (HHS, 67 FR 53182, 53233–53234; 2012 de-identification
/// guidance). Versioned here with its source; see deidentification.md §3.
pub const RESTRICTED_ZIP3: [&str; 17] = [
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
];

/// `000` for a restricted prefix (or anything that is not three digits).
pub fn safe_zip3(stored: &str) -> &str {
    let digits = stored.len() == 3 && stored.bytes().all(|b| b.is_ascii_digit());
    if !digits || RESTRICTED_ZIP3.contains(&stored) {
        "000"
    } else {
        stored
    }
}

/// The age as a number both profiles may show: whole years 0–89; empty
/// for 90 and over (the `90+` group) or when only a group is known, so the
/// column stays numeric.
pub fn age_years(years: Option<i32>) -> String {
    match years {
        Some(y) if (0..90).contains(&y) => y.to_string(),
        _ => String::new(),
    }
}

/// The age group's code: from the exact age when known, else the group
/// the reporter chose; empty when neither was given.
pub fn age_group(years: Option<i32>, group: Option<&str>) -> String {
    use crate::report::options::{AgeGroup, ClosedList};
    let of = |y: i32| match y {
        ..=1 => AgeGroup::Infant,
        2..=11 => AgeGroup::Child,
        12..=17 => AgeGroup::Teen,
        18..=64 => AgeGroup::Adult,
        65..=89 => AgeGroup::Older,
        _ => AgeGroup::NinetyPlus,
    };
    match (years, group) {
        (Some(y), _) => of(y).code().to_owned(),
        (None, Some(g)) => g.to_owned(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_19_every_restricted_prefix_becomes_000() {
        assert_eq!(
            RESTRICTED_ZIP3.len(),
            17,
            "the 17 prefixes of deidentification.md"
        );
        for z in RESTRICTED_ZIP3 {
            assert_eq!(Profile::SafeHarbor.zip3(z), "000", "{z}");
            assert_eq!(Profile::CaseProcessing.zip3(z), z);
        }
        assert_eq!(Profile::SafeHarbor.zip3("941"), "941");
        assert_eq!(Profile::SafeHarbor.zip3("03601"), "000");
    }

    #[test]
    fn dates_keep_the_year_or_the_month() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap();
        assert_eq!(Profile::SafeHarbor.date(at), "2026");
        assert_eq!(Profile::CaseProcessing.date(at), "2026-03");
        assert_eq!(Profile::SafeHarbor.month("2025-11"), "2025");
        assert_eq!(Profile::CaseProcessing.month("2025-11"), "2025-11");
    }

    #[test]
    fn ages_of_90_and_over_are_one_category_and_never_a_number() {
        assert_eq!(age_years(Some(89)), "89");
        assert_eq!(age_years(Some(90)), "");
        assert_eq!(age_years(None), "");
        assert_eq!(age_group(Some(89), None), "65_89");
        assert_eq!(age_group(Some(90), None), "90+");
        assert_eq!(age_group(Some(120), None), "90+");
        assert_eq!(age_group(Some(1), None), "under_2");
        assert_eq!(age_group(Some(17), None), "12_17");
        assert_eq!(age_group(None, Some("90+")), "90+");
        assert_eq!(age_group(None, Some("18_64")), "18_64");
        assert_eq!(age_group(None, None), "");
    }

    #[test]
    fn profiles_round_trip_their_codes() {
        for p in Profile::ALL {
            assert_eq!(Profile::parse(p.code()), Some(p));
        }
        assert_eq!(Profile::parse("everything"), None);
    }
}
