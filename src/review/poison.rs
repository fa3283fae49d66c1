//! The poison-center side of a case (use cases): the reviewer's NPDS
//! coding, read and changed with an audit event per field; sending the
//! case's summary to the configured recipient; and the admin's setting of
//! that address. Each runs in one transaction.

use crate::audit::{self, Actor, Event};
use crate::config::UrgentHelp;
use crate::db::{npds, poison_center, Db, DbConnection, DbError};
use crate::export::case::CaseFile;
use crate::export::poison::npds::Coding;
use crate::export::poison::{self, render};
use crate::ids::{CaseNumber, ReportId};
use crate::mail::poison_center::{self as send, Sent};
use crate::report::options::ClosedList;

use super::sheets::now_text;

/// The reviewer's coding of `report_id`; all `None` when nobody set one.
pub async fn coding_of(db: &Db, report_id: ReportId) -> Result<Coding, DbError> {
    db.read(move |c| npds::load(c, &report_id)).await
}

/// Code case `case`'s NPDS fields; `None` when there is no such case, else
/// whether anything changed.
pub async fn code(
    db: &Db,
    actor: Actor,
    case: CaseNumber,
    coding: Coding,
) -> Result<Option<bool>, DbError> {
    db.write(move |c| {
        let Some(file) = crate::export::case_loader::load(c, &case)? else {
            return Ok(None);
        };
        let id = file.stored.id;
        set(c, &actor, &id, &case, &coding).map(Some)
    })
    .await
}

fn text<T: ClosedList>(v: Option<T>) -> Option<&'static str> {
    v.map(T::code)
}

/// Replace the coding of `report_id` (case `case_number`), auditing each
/// field that changed; returns whether anything changed.
fn set(
    conn: &mut DbConnection,
    actor: &Actor,
    report_id: &ReportId,
    case_number: &CaseNumber,
    coding: &Coding,
) -> Result<bool, DbError> {
    let old = npds::load(conn, report_id)?;
    let fields = [
        ("npds_reason", text(old.reason), text(coding.reason)),
        (
            "npds_chronicity",
            text(old.chronicity),
            text(coding.chronicity),
        ),
        ("npds_outcome", text(old.outcome), text(coding.outcome)),
    ];
    let changed: Vec<_> = fields.iter().filter(|(_, a, b)| a != b).collect();
    if changed.is_empty() {
        return Ok(false);
    }
    let by = actor.staff_id();
    npds::replace(conn, report_id, coding, &by, crate::db::now())?;
    for (field, old, new) in changed {
        let event = Event::new("npds_coded", "report", Some(case_number)).change(field, *old, *new);
        audit::append(conn, actor, event)?;
    }
    Ok(true)
}

/// The poison-center summary of `file` with its NPDS `coding`, stamped now.
pub fn summary(help: &UrgentHelp, file: &CaseFile, coding: &Coding) -> poison::Summary {
    poison::summary(
        file,
        coding,
        &now_text(),
        poison::banner(&help.emergency_number, &help.poison_help),
    )
}

/// Send case `case`'s summary, built from the case as read in the sending
/// transaction, to the configured recipient with `reason`; `None` when
/// there is no such case.
pub async fn send(
    db: &Db,
    actor: Actor,
    case: CaseNumber,
    help: UrgentHelp,
    reason: String,
) -> Result<Option<Sent>, DbError> {
    db.write(move |c| {
        let Some(file) = crate::export::case_loader::load(c, &case)? else {
            return Ok(None);
        };
        let coding = npds::load(c, &file.stored.id)?;
        let body = render::text(&summary(&help, &file, &coding));
        send::queue(c, &actor, &file.stored.id, &case, body, &reason).map(Some)
    })
    .await
}

/// The configured poison-center address, if any.
pub async fn recipient(db: &Db) -> Result<Option<String>, DbError> {
    db.read(poison_center::recipient).await
}

/// Set (or clear) the poison-center address with its audit event.
pub async fn set_recipient(
    db: &Db,
    actor: Actor,
    recipient: Option<String>,
    reason: String,
) -> Result<(), DbError> {
    let by = actor.staff_id();
    db.write(move |c| {
        let old = poison_center::recipient(c)?;
        poison_center::set_recipient(c, recipient.as_deref(), &by, crate::db::now())?;
        let mut event = Event::new("poison_center_address_changed", "settings", None).change(
            "recipient",
            old.as_deref(),
            recipient.as_deref(),
        );
        event.reason = Some(reason);
        audit::append(c, &actor, event)?;
        Ok(())
    })
    .await
}
