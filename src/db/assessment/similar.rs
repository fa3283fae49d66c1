//! Duplicate queries: a case's link state, the index-friendly candidate
//! query, the features the similarity score compares, and "not a
//! duplicate" decisions (stored once per pair, first_id < second_id).

use crate::ids::{CaseNumber, ReportId, UserId};
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{not_duplicates, report_products, report_reactions, reports};
use crate::db::{DbConnection, DbError};
use crate::report::options::{AgeGroup, ClosedList, ProductRole, ReportStatus};
use crate::review::duplicates::{self as d, Features, MAX_CANDIDATES};

/// A case as the duplicate decisions need it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CaseRef {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub status: String,
    pub duplicate_of: Option<ReportId>,
    pub received_at: NaiveDateTime,
}

type CaseColumns = (
    reports::id,
    reports::case_number,
    reports::status,
    reports::duplicate_of,
    reports::received_at,
);
const CASE: CaseColumns = (
    reports::id,
    reports::case_number,
    reports::status,
    reports::duplicate_of,
    reports::received_at,
);

pub fn case_by_id(conn: &mut DbConnection, id: &ReportId) -> Result<Option<CaseRef>, DbError> {
    let rows: Vec<CaseRef> = reports::table
        .filter(reports::id.eq(id))
        .select(CASE)
        .load(conn)?;
    Ok(rows.into_iter().next())
}

pub fn case_by_number(
    conn: &mut DbConnection,
    case: &CaseNumber,
) -> Result<Option<CaseRef>, DbError> {
    let rows: Vec<CaseRef> = reports::table
        .filter(reports::case_number.eq(case))
        .select(CASE)
        .load(conn)?;
    Ok(rows.into_iter().next())
}

/// Cases linked as duplicates of `master_id`.
pub fn linked_to(conn: &mut DbConnection, master_id: &ReportId) -> Result<Vec<CaseRef>, DbError> {
    Ok(reports::table
        .filter(reports::duplicate_of.eq(master_id))
        .order(reports::case_number)
        .select(CASE)
        .load(conn)?)
}

/// Ids decided "not a duplicate" of `id`.
pub fn not_duplicate_partners(
    conn: &mut DbConnection,
    id: &ReportId,
) -> Result<BTreeSet<ReportId>, DbError> {
    let pairs: Vec<(ReportId, ReportId)> = not_duplicates::table
        .filter(
            not_duplicates::first_id
                .eq(id)
                .or(not_duplicates::second_id.eq(id)),
        )
        .select((not_duplicates::first_id, not_duplicates::second_id))
        .load(conn)?;
    Ok(pairs
        .into_iter()
        .map(|(a, b)| if &a == id { b } else { a })
        .collect())
}

/// Record that `a` and `b` are not duplicates; false when already recorded.
pub fn insert_not_duplicate(
    conn: &mut DbConnection,
    a: &ReportId,
    b: &ReportId,
    by: &UserId,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    let existing: i64 = not_duplicates::table
        .filter(not_duplicates::first_id.eq(first))
        .filter(not_duplicates::second_id.eq(second))
        .count()
        .get_result(conn)?;
    if existing > 0 {
        return Ok(false);
    }
    diesel::insert_into(not_duplicates::table)
        .values((
            not_duplicates::first_id.eq(first),
            not_duplicates::second_id.eq(second),
            not_duplicates::decided_by.eq(by),
            not_duplicates::decided_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Ids of other reports sharing a suspect substance with `substances`,
/// received within the window, still open to a duplicate decision; at most
/// [`MAX_CANDIDATES`], the most recently received first.
fn candidate_ids(
    conn: &mut DbConnection,
    this_id: &ReportId,
    substances: &[String],
    (from, to): (NaiveDateTime, NaiveDateTime),
) -> Result<Vec<ReportId>, DbError> {
    let closed = [
        ReportStatus::Spam.code(),
        ReportStatus::NotAReport.code(),
        ReportStatus::Duplicate.code(),
    ];
    let rows: Vec<(ReportId, NaiveDateTime)> = report_products::table
        .inner_join(reports::table)
        .filter(report_products::substance.eq_any(substances))
        .filter(report_products::role.eq(ProductRole::Suspect.code()))
        .filter(reports::id.ne(this_id))
        .filter(reports::status.ne_all(closed))
        .filter(reports::received_at.between(from, to))
        .select((reports::id, reports::received_at))
        .distinct()
        .order(reports::received_at.desc())
        .limit(MAX_CANDIDATES)
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, _)| id).collect())
}

type FeatureRow = (
    ReportId,
    CaseNumber,
    Option<i32>,
    Option<String>,
    String,
    Option<String>,
    String,
);

/// The similarity features of the reports `ids`, in no particular order.
pub fn features(conn: &mut DbConnection, ids: &[ReportId]) -> Result<Vec<Features>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<FeatureRow> = reports::table
        .filter(reports::id.eq_any(ids))
        .select((
            reports::id,
            reports::case_number,
            reports::age_years,
            reports::age_group,
            reports::sex,
            reports::onset_month,
            reports::narrative,
        ))
        .load(conn)?;
    let mut out: BTreeMap<ReportId, Features> = rows
        .into_iter()
        .map(
            |(id, case_number, age_years, age_group, sex, onset, narrative)| {
                let f = Features {
                    id: id.clone(),
                    case_number,
                    age_years,
                    age_group: age_group.as_deref().and_then(AgeGroup::from_code),
                    sex,
                    onset: onset.as_deref().and_then(d::month_number),
                    narrative,
                    substances: BTreeSet::new(),
                    brands: BTreeSet::new(),
                    symptoms: BTreeSet::new(),
                };
                (id, f)
            },
        )
        .collect();
    let products: Vec<(ReportId, String, Option<String>, Option<String>)> = report_products::table
        .filter(report_products::report_id.eq_any(ids))
        .filter(report_products::role.eq(ProductRole::Suspect.code()))
        .select((
            report_products::report_id,
            report_products::substance,
            report_products::substance_other,
            report_products::brand,
        ))
        .load(conn)?;
    for (id, substance, other, brand) in products {
        let Some(f) = out.get_mut(&id) else { continue };
        f.substances.insert(match other {
            Some(name) => format!("{substance}:{}", d::name_key(&name)),
            None => substance,
        });
        f.brands.extend(brand.as_deref().map(d::name_key));
    }
    let reactions: Vec<(ReportId, String, bool)> = report_reactions::table
        .filter(report_reactions::report_id.eq_any(ids))
        .select((
            report_reactions::report_id,
            report_reactions::code,
            report_reactions::withdrawal,
        ))
        .load(conn)?;
    for (id, code, withdrawal) in reactions {
        if let Some(f) = out.get_mut(&id) {
            f.symptoms.insert(if withdrawal {
                format!("wd:{code}")
            } else {
                code
            });
        }
    }
    Ok(out.into_values().collect())
}

/// A report that may repeat this one.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: ReportId,
    pub case_number: CaseNumber,
    pub score: f64,
    pub reasons: Vec<String>,
}

/// The duplicate candidates of `this`, best first, above the threshold.
pub fn candidates(conn: &mut DbConnection, this: &CaseRef) -> Result<Vec<Candidate>, DbError> {
    let Some(me) = features(conn, std::slice::from_ref(&this.id))?.pop() else {
        return Ok(Vec::new());
    };
    let substances: BTreeSet<String> = me
        .substances
        .iter()
        .map(|s| s.split(':').next().unwrap_or(s).to_owned())
        .collect();
    if substances.is_empty() {
        return Ok(Vec::new());
    }
    let substances: Vec<String> = substances.into_iter().collect();
    let excluded = not_duplicate_partners(conn, &this.id)?;
    let ids: Vec<ReportId> =
        candidate_ids(conn, &this.id, &substances, d::window(this.received_at))?
            .into_iter()
            .filter(|id| !excluded.contains(id))
            .collect();
    let others = features(conn, &ids)?;
    Ok(d::rank(&me, &others)
        .into_iter()
        .map(|(f, s)| Candidate {
            id: f.id.clone(),
            case_number: f.case_number.clone(),
            score: s.score,
            reasons: s.reasons,
        })
        .collect())
}
