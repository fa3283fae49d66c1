//! The triage queue's filters: what a reviewer can ask for in the query
//! string, parsed into typed values (bad values are named, not ignored).
//! Order is fixed: most serious first (death, life-threatening,
//! hospitalisation …), then oldest first. Also a page of the queue as
//! read (`QueueLine`, `QueuePage`), which `db::review` fills.

use crate::ids::{CaseNumber, ReportId, UserId};
use chrono::NaiveDate;

use super::workflow::OPEN;
use crate::form::{FieldErrors, RawForm};
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};

pub const PAGE_SIZE: i64 = 50;
pub const MAX_SEARCH: usize = 100;
/// `queue_rank` of a report with no serious outcome.
pub const NOT_SERIOUS_RANK: i32 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// new, in review, needs information, assessed
    #[default]
    Open,
    All,
    Is(ReportStatus),
}

impl StatusFilter {
    /// The statuses to match, or `None` for all.
    pub fn statuses(self) -> Option<Vec<ReportStatus>> {
        match self {
            Self::Open => Some(OPEN.to_vec()),
            Self::All => None,
            Self::Is(s) => Some(vec![s]),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::All => "all",
            Self::Is(s) => s.code(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriousnessFilter {
    Serious,
    NotSerious,
    Is(Outcome),
}

impl SeriousnessFilter {
    pub fn code(self) -> &'static str {
        match self {
            Self::Serious => "serious",
            Self::NotSerious => "not_serious",
            Self::Is(o) => o.code(),
        }
    }
    /// The range of `queue_rank` values this matches (inclusive).
    pub fn ranks(self) -> (i32, i32) {
        match self {
            Self::Serious => (0, NOT_SERIOUS_RANK - 1),
            Self::NotSerious => (NOT_SERIOUS_RANK, NOT_SERIOUS_RANK),
            Self::Is(o) => {
                let r = rank_of(o);
                (r, r)
            }
        }
    }
}

/// 0 = death … 6 = other serious (the order of `Outcome`).
pub fn rank_of(o: Outcome) -> i32 {
    Outcome::all().iter().position(|x| *x == o).unwrap_or(0) as i32
}

/// The outcome a rank stands for; `None` = not serious.
pub fn outcome_of(rank: i32) -> Option<Outcome> {
    usize::try_from(rank)
        .ok()
        .and_then(|r| Outcome::all().get(r).copied())
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueFilter {
    pub status: StatusFilter,
    pub seriousness: Option<SeriousnessFilter>,
    pub substance: Option<Substance>,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    pub mine: bool,
    pub search: Option<String>,
    /// 1-based.
    pub page: i64,
}

impl QueueFilter {
    /// Parse the queue's query string. Unknown or malformed values are
    /// reported and left out of the filter, so the page still shows.
    pub fn parse(q: &RawForm) -> (Self, FieldErrors) {
        let mut errors = FieldErrors::default();
        let mut f = Self {
            page: 1,
            ..Self::default()
        };
        f.status = match q.get("status") {
            "" | "open" => StatusFilter::Open,
            "all" => StatusFilter::All,
            code => match ReportStatus::from_code(code) {
                Some(s) => StatusFilter::Is(s),
                None => {
                    errors.add("status", "Choose a status from the list.");
                    StatusFilter::Open
                }
            },
        };
        f.seriousness = match q.get("seriousness") {
            "" => None,
            "serious" => Some(SeriousnessFilter::Serious),
            "not_serious" => Some(SeriousnessFilter::NotSerious),
            code => match Outcome::from_code(code) {
                Some(o) => Some(SeriousnessFilter::Is(o)),
                None => {
                    errors.add("seriousness", "Choose a seriousness from the list.");
                    None
                }
            },
        };
        f.substance = match q.get("substance") {
            "" => None,
            code => Substance::from_code(code).or_else(|| {
                errors.add("substance", "Choose a substance from the list.");
                None
            }),
        };
        f.received_from = date(q, "from", &mut errors);
        f.received_to = date(q, "to", &mut errors);
        if let (Some(a), Some(b)) = (f.received_from, f.received_to) {
            if a > b {
                errors.add("to", "The end date is before the start date.");
                f.received_to = None;
            }
        }
        f.mine = q.checked("mine");
        let search = q.get("q").trim();
        if search.chars().count() > MAX_SEARCH || crate::text::check(search, false).is_err() {
            errors.add(
                "q",
                "Search for a case number or a product name (up to 100 characters).",
            );
        } else if !search.is_empty() {
            f.search = Some(search.to_owned());
        }
        f.page = match q.get("page") {
            "" => 1,
            p => p
                .parse()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .unwrap_or(1),
        };
        (f, errors)
    }

    /// The query string for this filter on another page (for links).
    pub fn query(&self, page: i64) -> String {
        let mut parts: Vec<(&str, String)> = vec![("status", self.status.code().to_owned())];
        if let Some(s) = self.seriousness {
            parts.push(("seriousness", s.code().to_owned()));
        }
        if let Some(s) = self.substance {
            parts.push(("substance", s.code().to_owned()));
        }
        if let Some(d) = self.received_from {
            parts.push(("from", d.to_string()));
        }
        if let Some(d) = self.received_to {
            parts.push(("to", d.to_string()));
        }
        if self.mine {
            parts.push(("mine", "on".to_owned()));
        }
        if let Some(s) = &self.search {
            parts.push(("q", s.clone()));
        }
        parts.push(("page", page.to_string()));
        crate::form::query_string(&parts)
    }
}

fn date(q: &RawForm, name: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let v = q.get(name).trim();
    if v.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| errors.add(name, "Enter a date as year-month-day, like 2026-11-27."))
        .ok()
}

/// One line of the queue.
#[derive(Debug, Clone, diesel::Queryable)]
pub struct QueueLine {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub received_at: chrono::NaiveDateTime,
    pub status: String,
    pub report_kind: String,
    pub queue_rank: i32,
    pub ich_seriousness: Option<String>,
    pub emergency: bool,
    pub assigned_to: Option<UserId>,
}

/// A product as the queue lists it: (substance code, substance other, brand).
pub type QueueProduct = (String, Option<String>, Option<String>);

/// One page of the queue, as read.
pub struct QueuePage {
    pub lines: Vec<(QueueLine, Vec<QueueProduct>)>,
    /// Matching cases, counted up to a cap (`db::review::queue::COUNT_CAP`).
    pub total: i64,
    /// More cases than the cap match (`total` is then the cap).
    pub capped: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> (QueueFilter, FieldErrors) {
        QueueFilter::parse(&RawForm::decode(query.as_bytes()).unwrap())
    }

    #[test]
    fn defaults_to_open_cases_page_one() {
        let (f, errors) = parse("");
        assert!(errors.is_empty());
        assert_eq!(f.status, StatusFilter::Open);
        assert_eq!(f.page, 1);
        assert_eq!(f.status.statuses().unwrap().len(), 4);
    }

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let (f, errors) = parse(
            "status=needs_info&seriousness=death&substance=7oh&from=2026-01-01&to=2026-02-01&mine=on&q=Blue+%26+Co&page=3",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let (again, _) = parse(&f.query(3));
        assert_eq!(again, f);
        assert_eq!(f.seriousness.unwrap().ranks(), (0, 0));
        assert_eq!(f.search.as_deref(), Some("Blue & Co"));
    }

    #[test]
    fn bad_values_are_named_and_dropped() {
        let (f, errors) = parse("status=bogus&from=yesterday&substance=x&from2=1");
        assert_eq!(f.status, StatusFilter::Open);
        assert!(errors.get("status").is_some());
        assert!(errors.get("from").is_some());
        assert!(errors.get("substance").is_some());
        let (f, errors) = parse("from=2026-02-01&to=2026-01-01");
        assert!(errors.get("to").is_some());
        assert_eq!(f.received_to, None);
    }

    #[test]
    fn serious_means_ranks_zero_to_six() {
        assert_eq!(SeriousnessFilter::Serious.ranks(), (0, 6));
        assert_eq!(SeriousnessFilter::NotSerious.ranks(), (7, 7));
        assert_eq!(outcome_of(0), Some(Outcome::Death));
        assert_eq!(outcome_of(7), None);
    }
}
