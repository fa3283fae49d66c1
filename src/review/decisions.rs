//! Duplicate decisions on a case, each in the caller's write transaction
//! with its audit events: link it as a duplicate of another case (followed
//! to that case's master, so links never chain), record that two cases are
//! not duplicates, or unlink it.

use crate::audit::{self, Actor, Event};
use crate::db::assessment::set_duplicate;
use crate::db::assessment::similar::{self as q, CaseRef};
use crate::db::{DbConnection, DbError};
use crate::report::options::{ClosedList, ReportStatus};

/// A decision refused, with the reason in plain words.
pub type Refusal = &'static str;

/// Most links followed to find a master (links never chain, so 1 suffices).
const MAX_HOPS: usize = 8;

fn event(action: &'static str, case: &CaseRef, reason: &str) -> Event {
    Event {
        reason: Some(reason.to_owned()),
        ..Event::new(action, "report", Some(&case.case_number))
    }
}

fn status_event(case: &CaseRef, new: ReportStatus, reason: &str) -> Event {
    event("status_changed", case, reason).change("status", Some(&case.status), Some(new.code()))
}

/// The case `case` repeats, or itself when it is not a duplicate.
fn master_of(conn: &mut DbConnection, case: CaseRef) -> Result<CaseRef, DbError> {
    let mut current = case;
    for _ in 0..MAX_HOPS {
        let Some(next) = current.duplicate_of.clone() else {
            return Ok(current);
        };
        current = q::case_by_id(conn, &next)?
            .ok_or_else(|| DbError::Corrupt(format!("duplicate_of {next}")))?;
    }
    Err(DbError::Corrupt("duplicate links form a loop".into()))
}

/// Make `this` a duplicate of the case numbered `other` (or of its master).
/// Cases already linked to `this` move to the same master.
pub fn link(
    conn: &mut DbConnection,
    actor: &Actor,
    this: &CaseRef,
    other: &str,
    reason: &str,
) -> Result<Result<String, Refusal>, DbError> {
    let Some(this) = q::case_by_id(conn, &this.id)? else {
        return Ok(Err("This case no longer exists."));
    };
    if this.duplicate_of.is_some() {
        return Ok(Err(
            "This case is already linked as a duplicate. Unlink it first.",
        ));
    }
    let Some(target) = q::case_by_number(conn, other)? else {
        return Ok(Err("Choose one of the listed cases."));
    };
    let master = master_of(conn, target)?;
    if master.id == this.id {
        return Ok(Err(
            "That case is a duplicate of this one, so this one cannot repeat it.",
        ));
    }
    let now = crate::db::now();
    let dup = ReportStatus::Duplicate;
    for case in std::iter::once(this.clone()).chain(q::linked_to(conn, &this.id)?) {
        set_duplicate(conn, &case.id, Some(&master.id), dup, now)?;
        if case.status != dup.code() {
            audit::append(conn, actor, status_event(&case, dup, reason))?;
        }
        let old = match &case.duplicate_of {
            Some(_) => Some(this.case_number.as_str()),
            None => None,
        };
        let linked = event("duplicate_linked", &case, reason).change(
            "duplicate_of",
            old,
            Some(&master.case_number),
        );
        audit::append(conn, actor, linked)?;
    }
    Ok(Ok(master.case_number))
}

/// Undo a link: `this` is no longer a duplicate and goes back to review.
pub fn unlink(
    conn: &mut DbConnection,
    actor: &Actor,
    this: &CaseRef,
    reason: &str,
) -> Result<Result<(), Refusal>, DbError> {
    let Some(this) = q::case_by_id(conn, &this.id)? else {
        return Ok(Err("This case no longer exists."));
    };
    let Some(master_id) = this.duplicate_of.clone() else {
        return Ok(Err("This case is not linked as a duplicate."));
    };
    let master = q::case_by_id(conn, &master_id)?.map(|m| m.case_number);
    let back = ReportStatus::InReview;
    set_duplicate(conn, &this.id, None, back, crate::db::now())?;
    audit::append(conn, actor, status_event(&this, back, reason))?;
    let unlinked =
        event("duplicate_unlinked", &this, reason).change("duplicate_of", master.as_deref(), None);
    audit::append(conn, actor, unlinked)?;
    Ok(Ok(()))
}

/// Record that `this` and the case numbered `other` are not duplicates, so
/// neither is proposed for the other again.
pub fn not_duplicate(
    conn: &mut DbConnection,
    actor: &Actor,
    this: &CaseRef,
    other: &str,
    reason: &str,
) -> Result<Result<(), Refusal>, DbError> {
    let Some(target) = q::case_by_number(conn, other)? else {
        return Ok(Err("Choose one of the listed cases."));
    };
    if target.id == this.id {
        return Ok(Err("Choose another case, not this one."));
    }
    let by = actor.id.as_deref().unwrap_or("");
    if q::insert_not_duplicate(conn, &this.id, &target.id, by, crate::db::now())? {
        let decided = event("not_duplicate", this, reason).change(
            "not_duplicate_of",
            None,
            Some(&target.case_number),
        );
        audit::append(conn, actor, decided)?;
    }
    Ok(Ok(()))
}
