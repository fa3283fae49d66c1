//! Read-only looks across every stored report: how many are in each
//! workflow status (the staff home page), and which hold answers that
//! disagree (`canary review contradictions`).

use crate::db::{reports, Db, DbError};
use crate::report::agreement::{self, Found};
use crate::report::options::ReportStatus;

/// Number of reports in each workflow status (statuses with none are absent).
pub async fn counts_by_status(db: &Db) -> Result<Vec<(ReportStatus, i64)>, DbError> {
    db.read(reports::count_by_status).await
}

/// Every stored report whose answers disagree: its case number and what
/// disagrees, in case-number order.
pub async fn contradictions(db: &Db) -> Result<Vec<(String, Vec<Found>)>, DbError> {
    db.read(|c| {
        let mut out = Vec::new();
        for case in reports::case_numbers(c)? {
            let Some(stored) = reports::load_by_case(c, &case)? else {
                continue;
            };
            let found = agreement::check(&stored.report);
            if !found.is_empty() {
                out.push((case.into_string(), found));
            }
        }
        Ok(out)
    })
    .await
}
