//! A reporter's follow-up reaching the reviewers, in the transaction that
//! stores it: recorded in the case's History and marked as new information;
//! a case waiting for the answer goes back to review; and a follow-up on a
//! report linked as a duplicate also reaches the master case (its History,
//! its marker, and back to review if it had left the queue).

use crate::audit::{self, Actor, Event};
use crate::db::case_links::flag_new_information;
use crate::db::review as q;
use crate::db::{self, DbConnection, DbError};
use crate::ids::ReportId;
use crate::report::options::{ClosedList, ReportStatus};
use crate::review::record::CaseHeader;

/// Statuses in which a case is still being worked on: new information on
/// a case in any other status moves it back to review.
const IN_HAND: [ReportStatus; 2] = [ReportStatus::New, ReportStatus::InReview];

fn back_to_review(
    conn: &mut DbConnection,
    h: &CaseHeader,
    from: ReportStatus,
    reason: String,
) -> Result<(), DbError> {
    q::set_status(conn, &h.id, ReportStatus::InReview.code(), db::now())?;
    let mut event = Event::new("status", "report", Some(&h.case_number)).change(
        "status",
        Some(from.code()),
        Some(ReportStatus::InReview.code()),
    );
    event.reason = Some(reason);
    audit::append(conn, &Actor::public(), event)?;
    Ok(())
}

/// The reporter of `report_id` added a follow-up.
pub fn received(conn: &mut DbConnection, report_id: &ReportId) -> Result<(), DbError> {
    let Some(h) = q::header_by_id(conn, report_id)? else {
        return Ok(());
    };
    let now = db::now();
    audit::append(
        conn,
        &Actor::public(),
        Event::new("followup", "report", Some(&h.case_number)),
    )?;
    if let Some(master_id) = h.duplicate_of.clone() {
        return reached_master(conn, &h, &master_id);
    }
    flag_new_information(conn, &h.id, None, now)?;
    if h.status == ReportStatus::NeedsInfo.code() {
        back_to_review(
            conn,
            &h,
            ReportStatus::NeedsInfo,
            "The reporter added information with their follow-up code.".into(),
        )?;
    }
    Ok(())
}

/// A follow-up on the duplicate `dup` also belongs to its master case.
fn reached_master(
    conn: &mut DbConnection,
    dup: &CaseHeader,
    master_id: &crate::ids::ReportId,
) -> Result<(), DbError> {
    let Some(master) = q::header_by_id(conn, master_id)? else {
        return Ok(());
    };
    flag_new_information(conn, &master.id, Some(&dup.case_number), db::now())?;
    let event = Event::new("duplicate_followup", "report", Some(&master.case_number)).change(
        "followup_from",
        None,
        Some(&dup.case_number),
    );
    audit::append(conn, &Actor::public(), event)?;
    let status = ReportStatus::from_code(&master.status)
        .ok_or_else(|| DbError::Corrupt(format!("status {:?}", master.status)))?;
    if !IN_HAND.contains(&status) {
        back_to_review(
            conn,
            &master,
            status,
            format!(
                "The reporter of duplicate {} added information with their follow-up code.",
                dup.case_number
            ),
        )?;
    }
    Ok(())
}
