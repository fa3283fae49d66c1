//! The filters every analysis output shares — the analyst CSV, the
//! dashboard and the periodic summary: dates received, substance,
//! seriousness and status. By default every real report is counted once:
//! spam, "not a report" and reports linked as duplicates of another case
//! are left out (the original case stands for them).

use chrono::NaiveDate;

use crate::form::{FieldErrors, RawForm};
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};
use crate::review::queue::SeriousnessFilter;

/// Which statuses an analysis covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusSet {
    /// Every status but spam, not a report and duplicate.
    #[default]
    Counted,
    Is(ReportStatus),
}

impl StatusSet {
    pub fn code(self) -> &'static str {
        match self {
            Self::Counted => "",
            Self::Is(s) => s.code(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnalysisFilter {
    /// First day received (inclusive).
    pub received_from: Option<NaiveDate>,
    /// Last day received (inclusive).
    pub received_to: Option<NaiveDate>,
    pub substance: Option<Substance>,
    pub seriousness: Option<SeriousnessFilter>,
    pub status: StatusSet,
}

impl AnalysisFilter {
    /// Parse the filter form (query string or POST body): `from`, `to`
    /// (year-month-day or year-month), `substance`, `seriousness`,
    /// `status`. Bad values are named; the filter keeps the good ones.
    pub fn parse(q: &RawForm) -> (Self, FieldErrors) {
        let mut errors = FieldErrors::default();
        let mut f = Self {
            received_from: day(q.get("from"), false).unwrap_or_else(|| {
                errors.add("from", DATE_HELP);
                None
            }),
            received_to: day(q.get("to"), true).unwrap_or_else(|| {
                errors.add("to", DATE_HELP);
                None
            }),
            ..Self::default()
        };
        if let (Some(a), Some(b)) = (f.received_from, f.received_to) {
            if a > b {
                errors.add("to", "The end date is before the start date.");
                f.received_to = None;
            }
        }
        f.substance = match q.get("substance") {
            "" => None,
            code => Substance::from_code(code).or_else(|| {
                errors.add("substance", "Choose a substance from the list.");
                None
            }),
        };
        f.seriousness = match q.get("seriousness") {
            "" => None,
            "serious" => Some(SeriousnessFilter::Serious),
            "not_serious" => Some(SeriousnessFilter::NotSerious),
            code => Outcome::from_code(code)
                .map(SeriousnessFilter::Is)
                .or_else(|| {
                    errors.add("seriousness", "Choose a seriousness from the list.");
                    None
                }),
        };
        f.status = match q.get("status") {
            "" => StatusSet::Counted,
            code => match ReportStatus::from_code(code) {
                Some(s) => StatusSet::Is(s),
                None => {
                    errors.add("status", "Choose a status from the list.");
                    StatusSet::Counted
                }
            },
        };
        (f, errors)
    }

    /// The filter as query pairs (for links and for the download form).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(d) = self.received_from {
            out.push(("from", d.to_string()));
        }
        if let Some(d) = self.received_to {
            out.push(("to", d.to_string()));
        }
        if let Some(s) = self.substance {
            out.push(("substance", s.code().to_owned()));
        }
        if let Some(s) = self.seriousness {
            out.push(("seriousness", s.code().to_owned()));
        }
        if let StatusSet::Is(s) = self.status {
            out.push(("status", s.code().to_owned()));
        }
        out
    }
}

const DATE_HELP: &str =
    "Enter a date as year-month-day (2026-11-27) or a month as year-month (2026-11).";

/// `Some(None)` for an empty value, `Some(Some(day))` for a date or a month
/// (its first day, or its last when `end`), `None` when malformed.
pub fn day(v: &str, end: bool) -> Option<Option<NaiveDate>> {
    let v = v.trim();
    if v.is_empty() {
        return Some(None);
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(Some(d));
    }
    let first = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok()?;
    if !end {
        return Some(Some(first));
    }
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some(next.pred_opt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> (AnalysisFilter, FieldErrors) {
        AnalysisFilter::parse(&RawForm::decode(q.as_bytes()).unwrap())
    }

    #[test]
    fn months_cover_the_whole_month_and_days_are_kept() {
        let (f, e) = parse("from=2026-02&to=2026-02");
        assert!(e.is_empty());
        assert_eq!(f.received_from, NaiveDate::from_ymd_opt(2026, 2, 1));
        assert_eq!(f.received_to, NaiveDate::from_ymd_opt(2026, 2, 28));
        let (f, _) = parse("from=2026-03-05");
        assert_eq!(f.received_from, NaiveDate::from_ymd_opt(2026, 3, 5));
    }

    #[test]
    fn bad_values_are_named_and_dropped() {
        let (f, e) = parse("from=March&substance=tea&seriousness=bad&status=nope");
        assert_eq!(f, AnalysisFilter::default());
        for field in ["from", "substance", "seriousness", "status"] {
            assert!(e.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_filter_round_trips_through_its_query_pairs() {
        let (f, _) = parse(
            "from=2026-01-01&to=2026-06-30&substance=kratom&seriousness=serious&status=assessed",
        );
        let q: String = f.pairs().iter().map(|(k, v)| format!("{k}={v}&")).collect();
        assert_eq!(parse(&q).0, f);
    }
}
