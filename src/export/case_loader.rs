//! Loading the [`CaseFile`] of one case for a per-case export: the
//! reporter's answers, the triage state, the reviewer's codings,
//! assessments, forwards, linked cases and report type, read in the
//! caller's transaction.

use crate::db::assessment;
use crate::db::reports;
use crate::db::review;
use crate::db::{DbConnection, DbError};
use crate::export::case::CaseFile;
use crate::ids::CaseNumber;
use crate::report::options::ClosedList;
use crate::review::expedited;

/// Load a case by its case number; `None` when there is no such case.
pub fn load(
    conn: &mut DbConnection,
    case_number: &CaseNumber,
) -> Result<Option<CaseFile>, DbError> {
    let Some(header) = review::header(conn, case_number)? else {
        return Ok(None);
    };
    let Some(stored) = reports::load_by_case(conn, case_number)? else {
        return Ok(None);
    };
    let product_ids = reports::product_ids(conn, &header.id)?;
    // A stored row that does not parse is never sent (its page says so).
    let codings = assessment::codings(conn, &header.id)?
        .into_iter()
        .filter(|c| {
            crate::review::terms::ReactionTerm::from_code(&c.term).is_some()
                && crate::review::coding::CodingSource::parse(&c.source).is_some()
        })
        .collect();
    let causality = assessment::causality_for_report(conn, &header.id)?;
    let forwards = review::forwards(conn, &header.id)?;
    let mut linked = Vec::new();
    if let Some(master) = &header.duplicate_of {
        linked.extend(assessment::similar::case_by_id(conn, master)?.map(|m| m.case_number));
    }
    linked.extend(
        assessment::similar::linked_to(conn, &header.id)?
            .into_iter()
            .map(|d| d.case_number),
    );
    let report_type = expedited::decided(conn, &header.id)?.map(|d| d.report_type);
    Ok(Some(CaseFile {
        report_type,
        header,
        stored,
        product_ids,
        codings,
        causality,
        forwards,
        linked,
    }))
}
