//! The periodic summary as a value: for a period of whole months and
//! optionally one substance, counts by month, seriousness and outcome, the
//! top reactions, a line listing of serious cases and the
//! disproportionality flags. The printable page, the PDF and the CSV
//! ([`super::summary_out`]) and the command line all render this one
//! value; [`super::summary`] reads it.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::charts::Bar;
use super::figures::{reaction_label, MonthRow, SignalRow};
use crate::export::filter::{self, AnalysisFilter};
use crate::form::{FieldErrors, RawForm};
use crate::report::options::{
    AgeGroup, AmountUnit, ClosedList, CurrentState, ProductForm, ReportStatus, Sex, Substance,
};
use crate::review::duplicates::group_of;
use crate::review::queue::outcome_of;

/// Most serious cases listed in one summary.
pub const MAX_LISTED: i64 = 2000;

/// Whole months from `from` to `to` (first and last day), and a substance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub substance: Option<Substance>,
}

impl Period {
    /// Parse `from` and `to` (YYYY-MM) and an optional substance code.
    pub fn parse(from: &str, to: &str, substance: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let month = |v: &str, end: bool| {
            let ok = v.len() == 7 && v.as_bytes().get(4) == Some(&b'-');
            if ok {
                filter::day(v, end).flatten()
            } else {
                None
            }
        };
        let help = "Enter a month as year-month, e.g. 2026-11.";
        let from_day = month(from.trim(), false);
        let to_day = month(to.trim(), true);
        if from_day.is_none() {
            errors.add("from", help);
        }
        if to_day.is_none() {
            errors.add("to", help);
        }
        let substance = match substance.trim() {
            "" => None,
            code => Substance::from_code(code).or_else(|| {
                errors.add("substance", "Choose a substance from the list.");
                None
            }),
        };
        match (from_day, to_day) {
            (Some(a), Some(b)) if a <= b && errors.is_empty() => Ok(Self {
                from: a,
                to: b,
                substance,
            }),
            (Some(_), Some(_)) if errors.is_empty() => {
                errors.add("to", "The last month is before the first.");
                Err(errors)
            }
            _ => Err(errors),
        }
    }

    pub fn from_form(q: &RawForm) -> Result<Self, FieldErrors> {
        Self::parse(q.get("from"), q.get("to"), q.get("substance"))
    }

    pub fn filter(&self) -> AnalysisFilter {
        AnalysisFilter {
            received_from: Some(self.from),
            received_to: Some(self.to),
            substance: self.substance,
            ..AnalysisFilter::default()
        }
    }

    /// "2026-01 to 2026-06, 7-OH …" for titles.
    pub fn describe(&self) -> String {
        let m = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
        let mut s = format!("{} to {}", m(self.from), m(self.to));
        match self.substance {
            Some(sub) => s.push_str(&format!(", substance: {}", sub.label())),
            None => s.push_str(", all substances"),
        }
        s
    }

    /// Query pairs for links (from, to, substance).
    pub fn query(&self) -> String {
        let m = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
        let mut q = format!("from={}&to={}", m(self.from), m(self.to));
        if let Some(s) = self.substance {
            q.push_str(&format!("&substance={}", s.code()));
        }
        q
    }
}

/// One serious case as listed (codes; [`line()`] labels them).
#[derive(Debug, Clone, PartialEq)]
pub struct ListedCase {
    pub case_number: String,
    pub received_at: NaiveDateTime,
    pub age_years: Option<i32>,
    pub age_group: Option<String>,
    pub sex: String,
    pub current_state: String,
    pub status: String,
    pub queue_rank: i32,
    /// (substance, substance named by the reporter, form, amount, unit, doses per day).
    pub products: Vec<ListedProduct>,
    /// (code, withdrawal?) of reactions, withdrawal symptoms rated above "none".
    pub reactions: Vec<(String, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListedProduct {
    pub role: String,
    pub substance: String,
    pub form: String,
    pub amount: Option<f64>,
    pub amount_unit: Option<String>,
    pub doses_per_day: Option<i32>,
}

/// A serious case, labelled for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub case_number: String,
    pub month: String,
    pub age_group: String,
    pub sex: String,
    pub products: String,
    pub reactions: String,
    pub seriousness: String,
    pub outcome: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub period: Period,
    pub total: i64,
    pub months: Vec<MonthRow>,
    /// (most serious criterion or "Not serious", reports).
    pub seriousness: Vec<Bar>,
    pub outcomes: Vec<Bar>,
    pub reactions: Vec<Bar>,
    pub cases: Vec<CaseLine>,
    /// Only the flagged pairs.
    pub flags: Vec<SignalRow>,
}

fn label<T: ClosedList>(code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |v| v.label().to_owned())
}

fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A listed case labelled for people.
pub fn line(c: ListedCase) -> CaseLine {
    let age = c
        .age_years
        .map(group_of)
        .map(|g| g.label().to_owned())
        .or_else(|| c.age_group.as_deref().map(label::<AgeGroup>))
        .unwrap_or_else(|| "Not given".to_owned());
    let products = c
        .products
        .iter()
        .map(|p| {
            let mut s = format!(
                "{} ({})",
                label::<Substance>(&p.substance),
                label::<ProductForm>(&p.form)
            );
            if let (Some(a), Some(u)) = (p.amount, &p.amount_unit) {
                s.push_str(&format!(", {} {}", number(a), label::<AmountUnit>(u)));
                if let Some(n) = p.doses_per_day {
                    s.push_str(&format!(" × {n} a day"));
                }
            }
            if p.role != "suspect" {
                s.push_str(", co-used");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ");
    CaseLine {
        case_number: c.case_number,
        month: c.received_at.format("%Y-%m").to_string(),
        age_group: age,
        sex: label::<Sex>(&c.sex),
        products,
        reactions: c
            .reactions
            .iter()
            .map(|(code, w)| reaction_label(code, *w))
            .collect::<Vec<_>>()
            .join("; "),
        seriousness: outcome_of(c.queue_rank)
            .map_or("Not serious", |o| o.label())
            .to_owned(),
        outcome: label::<CurrentState>(&c.current_state),
        status: label::<ReportStatus>(&c.status),
    }
}

/// Reports by their most serious criterion ("Not serious" for none), from
/// `(month, queue rank, n)` counts, in rank order.
pub fn seriousness(rows: Vec<(String, i32, i64)>) -> Vec<Bar> {
    let mut by_rank: Vec<(i32, i64)> = Vec::new();
    for (_, rank, n) in rows {
        match by_rank.iter_mut().find(|(r, _)| *r == rank) {
            Some(slot) => slot.1 += n,
            None => by_rank.push((rank, n)),
        }
    }
    by_rank.sort();
    by_rank
        .into_iter()
        .map(|(rank, n)| Bar {
            label: outcome_of(rank)
                .map_or("Not serious", |o| o.label())
                .to_owned(),
            count: n,
        })
        .collect()
}
