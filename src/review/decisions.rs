//! Duplicate decisions on a case, each in the caller's write transaction
//! with its audit events: link it as a duplicate of another case (followed
//! to that case's master, so links never chain), record that two cases are
//! not duplicates, or unlink it. Also what the duplicates page reads, and
//! the reviewer's decision as one transaction ([`decide`]).

use crate::audit::{self, Actor, Event};
use crate::db::assessment::set_duplicate;
use crate::db::assessment::similar::{self as q, Candidate, CaseRef};
use crate::db::case_links;
use crate::db::{Db, DbConnection, DbError};
use crate::ids::CaseNumber;
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
) -> Result<Result<CaseNumber, Refusal>, DbError> {
    let Some(this) = q::case_by_id(conn, &this.id)? else {
        return Ok(Err("This case no longer exists."));
    };
    if this.duplicate_of.is_some() {
        return Ok(Err(
            "This case is already linked as a duplicate. Unlink it first.",
        ));
    }
    let Some(target) = case_named(conn, other)? else {
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
            Some(master.case_number.as_str()),
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
    let master = q::case_by_id(conn, &master_id)?.map(|m| m.case_number.into_string());
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
    let Some(target) = case_named(conn, other)? else {
        return Ok(Err("Choose one of the listed cases."));
    };
    if target.id == this.id {
        return Ok(Err("Choose another case, not this one."));
    }
    let by = actor.staff_id();
    if q::insert_not_duplicate(conn, &this.id, &target.id, &by, crate::db::now())? {
        let decided = event("not_duplicate", this, reason).change(
            "not_duplicate_of",
            None,
            Some(&target.case_number),
        );
        audit::append(conn, actor, decided)?;
    }
    Ok(Ok(()))
}

/// What the duplicates page shows: the case, the case it repeats (its
/// number), the cases linked to it, and its candidates while unlinked.
pub struct DuplicatesFile {
    pub this: CaseRef,
    pub master: Option<CaseNumber>,
    pub linked: Vec<CaseRef>,
    pub candidates: Vec<Candidate>,
}

/// The duplicates page of case `case`, or `None` when there is no such case.
pub async fn duplicates_file(db: &Db, case: CaseNumber) -> Result<Option<DuplicatesFile>, DbError> {
    db.read(move |c| {
        let Some(this) = q::case_by_number(c, &case)? else {
            return Ok(None);
        };
        let master = match &this.duplicate_of {
            Some(id) => q::case_by_id(c, id)?.map(|m| m.case_number),
            None => None,
        };
        let linked = q::linked_to(c, &this.id)?;
        let candidates = match master {
            None => q::candidates(c, &this)?,
            Some(_) => Vec::new(),
        };
        Ok(Some(DuplicatesFile {
            this,
            master,
            linked,
            candidates,
        }))
    })
    .await
}

/// The case a duplicates decision names (a candidate's number as the page
/// posted it); `None` for a number of no case's shape.
fn case_named(conn: &mut DbConnection, other: &str) -> Result<Option<CaseRef>, DbError> {
    match CaseNumber::exact(other) {
        Some(number) => q::case_by_number(conn, &number),
        None => Ok(None),
    }
}

/// The decision a reviewer takes on the duplicates page.
pub enum Decision {
    Link(String),
    NotDuplicate(String),
    Unlink,
}

/// Take `decision` on case `case` with its audit events, and refresh the
/// "possible duplicate" markers of every case it may change, in one
/// transaction. `None` when there is no such case.
pub async fn decide(
    db: &Db,
    actor: Actor,
    case: CaseNumber,
    decision: Decision,
    why: String,
) -> Result<Option<Result<(), Refusal>>, DbError> {
    db.write(move |c| {
        let Some(this) = q::case_by_number(c, &case)? else {
            return Ok(None);
        };
        // The cases whose "possible duplicate" marker may change.
        let mut around = case_links::refresh_candidates(c, &this.id)?;
        around.push(this.id.clone());
        around.extend(this.duplicate_of.clone());
        let done = match &decision {
            Decision::Link(other) => {
                around.extend(case_named(c, other)?.map(|o| o.id));
                link(c, &actor, &this, other, &why)?.map(|_| ())
            }
            Decision::NotDuplicate(other) => {
                around.extend(case_named(c, other)?.map(|o| o.id));
                not_duplicate(c, &actor, &this, other, &why)?
            }
            Decision::Unlink => unlink(c, &actor, &this, &why)?,
        };
        case_links::refresh_after(c, &around)?;
        Ok(Some(done))
    })
    .await
}
