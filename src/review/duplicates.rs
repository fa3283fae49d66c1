//! Duplicate candidates: how alike two reports are, and why.
//!
//! Candidates are other reports (not spam, not "not a report", not already
//! linked as a duplicate, not decided "not a duplicate" with this one) that
//! share a suspect substance and were received within ±180 days; the query
//! (`db::assessment::candidate_ids`) walks the index on
//! `report_products(substance, report_id)` and stops at [`MAX_CANDIDATES`].
//!
//! Each candidate gets a score from 0 to 1, the weighted sum of:
//!
//! | factor | weight | 1 when | partial |
//! |---|---|---|---|
//! | substance | 0.10 | a suspect substance in common | — |
//! | brand | 0.10 | a suspect brand in common (case and spacing ignored) | — |
//! | age | 0.15 | the same age in years | 0.5 for the same age group |
//! | sex | 0.10 | the same known sex | — |
//! | onset month | 0.15 | the same month | 0.5 for adjacent months |
//! | symptoms | 0.20 | Jaccard index of ticked and withdrawal symptoms | |
//! | narrative | 0.20 | Jaccard index of word 3-shingles of the scrubbed narratives | |
//!
//! Unknown values never count as a match. Only candidates scoring at least
//! [`THRESHOLD`] are shown, best first.

use crate::ids::{CaseNumber, ReportId};
use std::collections::BTreeSet;

use chrono::{NaiveDateTime, TimeDelta};

use crate::report::options::{AgeGroup, ClosedList};

/// Most candidate reports scored for one case.
pub const MAX_CANDIDATES: i64 = 500;
/// Reports received this many days before or after are candidates.
pub const WINDOW_DAYS: i64 = 180;
/// Lowest score shown.
pub const THRESHOLD: f64 = 0.5;

const W_SUBSTANCE: f64 = 0.10;
const W_BRAND: f64 = 0.10;
const W_AGE: f64 = 0.15;
const W_SEX: f64 = 0.10;
const W_ONSET: f64 = 0.15;
const W_SYMPTOMS: f64 = 0.20;
const W_NARRATIVE: f64 = 0.20;

/// The receipt window around `received`.
pub fn window(received: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let d = TimeDelta::days(WINDOW_DAYS);
    (received - d, received + d)
}

/// What the score compares, read from one stored report.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub id: ReportId,
    pub case_number: CaseNumber,
    /// Suspect substance codes ("other:<name>" for named other substances).
    pub substances: BTreeSet<String>,
    /// Suspect brands, lower-cased with spacing collapsed.
    pub brands: BTreeSet<String>,
    pub age_years: Option<i32>,
    pub age_group: Option<AgeGroup>,
    /// The sex code; "unknown" and "not_said" never match.
    pub sex: String,
    /// Onset as year × 12 + month.
    pub onset: Option<i32>,
    /// Symptom codes, withdrawal ones prefixed "wd:".
    pub symptoms: BTreeSet<String>,
    pub narrative: String,
}

/// Normalise a brand or substance name for comparison.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Onset month "YYYY-MM" as a month number.
pub fn month_number(stored: &str) -> Option<i32> {
    let (y, m) = stored.split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m)
}

pub fn group_of(years: i32) -> AgeGroup {
    match years {
        ..=1 => AgeGroup::Infant,
        2..=11 => AgeGroup::Child,
        12..=17 => AgeGroup::Teen,
        18..=64 => AgeGroup::Adult,
        65..=89 => AgeGroup::Older,
        _ => AgeGroup::NinetyPlus,
    }
}

impl Features {
    fn group(&self) -> Option<AgeGroup> {
        self.age_years
            .map(group_of)
            .or(self.age_group)
            .filter(|g| *g != AgeGroup::Unknown)
    }
}

fn jaccard<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> (usize, usize) {
    (a.intersection(b).count(), a.union(b).count())
}

fn ratio((shared, all): (usize, usize)) -> f64 {
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// Word 3-shingles of a narrative (the words themselves when shorter).
pub fn shingles(text: &str) -> BTreeSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 3 {
        return words.into_iter().collect();
    }
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Similarity {
    pub score: f64,
    pub reasons: Vec<String>,
}

/// How alike `a` and `b` are, 0 to 1, with the reasons in plain words.
pub fn similarity(a: &Features, b: &Features) -> Similarity {
    let mut score = 0.0;
    let mut reasons = Vec::new();
    let mut add = |weight: f64, part: f64, why: Option<String>| {
        score += weight * part;
        if let Some(why) = why.filter(|_| part > 0.0) {
            reasons.push(why);
        }
    };
    let same_substance = a.substances.intersection(&b.substances).next().is_some();
    let same_brand = a.brands.intersection(&b.brands).next().is_some();
    let product_reason = match (same_substance, same_brand) {
        (true, true) => Some("same substance and brand".to_owned()),
        (true, false) => Some("same substance".to_owned()),
        (false, true) => Some("same brand".to_owned()),
        (false, false) => None,
    };
    add(
        W_SUBSTANCE,
        f64::from(u8::from(same_substance)),
        product_reason,
    );
    add(W_BRAND, f64::from(u8::from(same_brand)), None);

    let age = match (a.age_years, b.age_years) {
        (Some(x), Some(y)) if x == y => (1.0, format!("same age ({x})")),
        _ => match (a.group(), b.group()) {
            (Some(x), Some(y)) if x == y => (0.5, format!("same age group ({})", x.label())),
            _ => (0.0, String::new()),
        },
    };
    add(W_AGE, age.0, Some(age.1));

    let known = |s: &str| !matches!(s, "" | "unknown" | "not_said");
    let same_sex = known(&a.sex) && a.sex == b.sex;
    add(
        W_SEX,
        f64::from(u8::from(same_sex)),
        Some("same sex".into()),
    );

    let onset = match (a.onset, b.onset) {
        (Some(x), Some(y)) if x == y => (1.0, "same onset month"),
        (Some(x), Some(y)) if (x - y).abs() == 1 => (0.5, "adjacent onset months"),
        _ => (0.0, ""),
    };
    add(W_ONSET, onset.0, Some(onset.1.to_owned()));

    let (shared, all) = jaccard(&a.symptoms, &b.symptoms);
    add(
        W_SYMPTOMS,
        ratio((shared, all)),
        Some(format!("{shared} of {all} symptoms shared")),
    );

    let narrative = ratio(jaccard(&shingles(&a.narrative), &shingles(&b.narrative)));
    add(
        W_NARRATIVE,
        narrative,
        Some(format!("narratives {:.0}% alike", narrative * 100.0)),
    );
    Similarity {
        score: score.clamp(0.0, 1.0),
        reasons,
    }
}

/// Candidates at or above [`THRESHOLD`], best first (ties: case number).
pub fn rank<'a>(this: &Features, others: &'a [Features]) -> Vec<(&'a Features, Similarity)> {
    let mut out: Vec<_> = others
        .iter()
        .filter(|o| o.id != this.id)
        .map(|o| (o, similarity(this, o)))
        .filter(|(_, s)| s.score >= THRESHOLD)
        .collect();
    out.sort_by(|(a, x), (b, y)| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| a.case_number.cmp(&b.case_number))
    });
    out
}
