//! The FDA report type of a case (E2B C.1.7 and FDA.C.1.7.1): whether it
//! goes to FDA as a 15-day expedited report. A reviewer decides. Canary
//! proposes one (15-day for a serious case, as confirmed or else as
//! reported) and asks for a reason when the reviewer decides otherwise;
//! until someone decides, the E2B pre-check refuses the case rather than
//! guess a report type for it.

use super::actions::{on_case, ActionError};
use super::report_type::{serious, Decided, Decision, ReportType};
use super::StaffText;
use crate::audit::{self, Actor, Event};
use crate::db::expedited::{self as q, ExpeditedRow};
use crate::db::{self, Db, DbConnection, DbError};
use crate::ids::{CaseNumber, ReportId};
use crate::report::options::ClosedList;

/// The decision on `report_id`; `None` while nobody has decided, and for a
/// stored value that does not parse (so it is never sent).
pub fn decided(conn: &mut DbConnection, report_id: &ReportId) -> Result<Option<Decided>, DbError> {
    Ok(q::load(conn, report_id)?.and_then(|row| {
        Some(Decided {
            report_type: ReportType::from_code(&row.report_type)?,
            reason: row.reason,
            by: row.decided_by,
            at: row.decided_at,
        })
    }))
}

/// Record the reviewer's decision on `case`, with its audit event.
pub async fn decide(
    db: &Db,
    actor: Actor,
    case: &CaseNumber,
    decision: Decision,
) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        decision.check(serious(&h)).map_err(ActionError::Refused)?;
        let old = decided(conn, &h.id)?;
        let row = ExpeditedRow {
            report_id: h.id.clone(),
            report_type: decision.report_type.code().to_owned(),
            reason: decision.reason.map(StaffText::into_string),
            decided_by: actor.staff_id(),
            decided_at: db::now(),
        };
        q::set(conn, &row)?;
        let mut event = Event::new("expedited", "report", Some(&h.case_number)).change(
            "report_type",
            old.map(|o| o.report_type.code()),
            Some(&row.report_type),
        );
        event.reason = row.reason;
        audit::append(conn, &actor, event)?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proposal_needs_no_reason_and_an_override_does() {
        let fifteen = Decision::parse("15-day", "").unwrap();
        assert_eq!(fifteen.check(true), Ok(()));
        let refused = fifteen.check(false).unwrap_err();
        assert!(refused.get("expedited_reason").is_some());
        let not = Decision::parse("non-expedited", "Listed reaction, expected.").unwrap();
        assert_eq!(not.check(true), Ok(()));
        assert!(Decision::parse("", "")
            .unwrap_err()
            .get("report_type")
            .is_some());
        assert!(Decision::parse("urgent", "").is_err());
    }
}
