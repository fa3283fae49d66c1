//! Queries for what ties cases together on the reviewers' pages: the
//! duplicates linked to a master case, the "new information" marker a
//! reporter's follow-up (on the case or on a duplicate of it) leaves until
//! a reviewer acts on the case, and the stored "possible duplicate" marker
//! the queue shows (stored when a case page scores a case's candidates and
//! recomputed after each decision, so neither the queue nor a submission
//! ever scores candidates).

use crate::ids::{CaseNumber, ReportId};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::assessment::similar;
use super::schema::{duplicate_candidates, new_information, reports};
use super::{DbConnection, DbError};

/// Mark the case as having new information since `at` (from the duplicate
/// numbered `from_case`, or from its own reporter when `None`).
pub fn flag_new_information(
    conn: &mut DbConnection,
    report_id: &ReportId,
    from_case: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    clear_new_information(conn, report_id)?;
    diesel::insert_into(new_information::table)
        .values((
            new_information::report_id.eq(report_id),
            new_information::since.eq(at),
            new_information::from_case.eq(from_case),
        ))
        .execute(conn)?;
    Ok(())
}

/// A reviewer acted on the case: the marker goes.
pub fn clear_new_information(conn: &mut DbConnection, report_id: &ReportId) -> Result<(), DbError> {
    diesel::delete(new_information::table.filter(new_information::report_id.eq(report_id)))
        .execute(conn)?;
    Ok(())
}

/// Which of `ids` carry the marker: id → (since, from which duplicate).
pub fn new_information_of(
    conn: &mut DbConnection,
    ids: &[&ReportId],
) -> Result<HashMap<ReportId, (NaiveDateTime, Option<String>)>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(new_information::table
        .filter(new_information::report_id.eq_any(ids))
        .select((
            new_information::report_id,
            new_information::since,
            new_information::from_case,
        ))
        .load::<(ReportId, NaiveDateTime, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, since, from)| (id, (since, from)))
        .collect())
}

/// Case numbers of the reports linked as duplicates of `master_id`,
/// oldest first.
pub fn linked_duplicates(
    conn: &mut DbConnection,
    master_id: &ReportId,
) -> Result<Vec<CaseNumber>, DbError> {
    Ok(reports::table
        .filter(reports::duplicate_of.eq(master_id))
        .order((reports::received_at.asc(), reports::id.asc()))
        .select(reports::case_number)
        .load::<CaseNumber>(conn)?)
}

fn set_candidate_flag(conn: &mut DbConnection, id: &ReportId, on: bool) -> Result<(), DbError> {
    diesel::delete(duplicate_candidates::table.filter(duplicate_candidates::report_id.eq(id)))
        .execute(conn)?;
    if on {
        diesel::insert_into(duplicate_candidates::table)
            .values((
                duplicate_candidates::report_id.eq(id),
                duplicate_candidates::checked_at.eq(super::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Score the report `id`'s candidates now and set or clear its marker;
/// returns the candidates' ids.
pub fn refresh_candidates(
    conn: &mut DbConnection,
    id: &ReportId,
) -> Result<Vec<ReportId>, DbError> {
    let found = match similar::case_by_id(conn, id)? {
        Some(this) if this.duplicate_of.is_none() => similar::candidates(conn, &this)?,
        _ => Vec::new(),
    };
    set_candidate_flag(conn, id, !found.is_empty())?;
    Ok(found.into_iter().map(|c| c.id).collect())
}

/// Whether the stored markers of `id` and of its live `candidates` differ
/// from what the scoring just found (so a case page writes only then).
pub fn markers_stale(
    conn: &mut DbConnection,
    id: &ReportId,
    candidates: &[ReportId],
) -> Result<bool, DbError> {
    let mut ids: Vec<&ReportId> = candidates.iter().collect();
    ids.push(id);
    let flagged = candidate_flags_of(conn, &ids)?;
    Ok(flagged.contains(id) == candidates.is_empty()
        || candidates.iter().any(|c| !flagged.contains(c)))
}

/// Store what a case page's scoring found: the case is marked when it has
/// candidates, and each candidate is marked too.
pub fn store_markers(
    conn: &mut DbConnection,
    id: &ReportId,
    candidates: &[ReportId],
) -> Result<(), DbError> {
    set_candidate_flag(conn, id, !candidates.is_empty())?;
    for other in candidates {
        set_candidate_flag(conn, other, true)?;
    }
    Ok(())
}

/// After a decision or status change about `ids`: recompute each of them
/// and each case that was their candidate before (`before`).
pub fn refresh_after(conn: &mut DbConnection, ids: &[ReportId]) -> Result<(), DbError> {
    let mut seen = HashSet::new();
    for id in ids {
        if seen.insert(id.clone()) {
            refresh_candidates(conn, id)?;
        }
    }
    Ok(())
}

/// Which of `ids` have an undecided duplicate candidate.
pub fn candidate_flags_of(
    conn: &mut DbConnection,
    ids: &[&ReportId],
) -> Result<HashSet<ReportId>, DbError> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(duplicate_candidates::table
        .filter(duplicate_candidates::report_id.eq_any(ids))
        .select(duplicate_candidates::report_id)
        .load::<ReportId>(conn)?
        .into_iter()
        .collect())
}
