//! What a reviewer does to a case, each as one transaction that checks the
//! case's current state, makes the change and appends its audit event (so
//! the change and its record commit or fail together).

use crate::ids::{CaseNumber, ReportId, UserId};
use chrono::NaiveDate;

use super::queue::{rank_of, NOT_SERIOUS_RANK};
use super::workflow::{Detail, StatusChange};
use super::StaffText;
use crate::audit::{self, Actor, Event};
use crate::auth::Role;
use crate::db::case_links::{self, clear_new_information};
use crate::db::review as q;
use crate::db::{self, Db, DbConnection, DbError};
use crate::form::FieldErrors;
use crate::report::options::{ClosedList, Outcome, ReportStatus};
use crate::review::record::{CaseHeader, NoteRow};

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("no such case")]
    NotFound,
    /// The request was understood but cannot be applied; says why per field.
    #[error("refused: {0:?}")]
    Refused(FieldErrors),
    #[error(transparent)]
    Db(#[from] DbError),
}

fn refused(field: &str, message: impl Into<String>) -> ActionError {
    let mut e = FieldErrors::default();
    e.add(field, message);
    ActionError::Refused(e)
}

/// Run `f` on the case's header inside one write transaction. `f` makes
/// every check before its first write, so a refusal leaves nothing behind.
pub(super) async fn on_case<T, F>(db: &Db, case: &CaseNumber, f: F) -> Result<T, ActionError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, CaseHeader) -> Result<T, ActionError> + Send + 'static,
{
    let case = case.to_owned();
    db.write(move |conn| {
        let Some(header) = q::header(conn, &case)? else {
            return Ok(Err(ActionError::NotFound));
        };
        match f(conn, header) {
            Ok(v) => Ok(Ok(v)),
            Err(ActionError::Db(e)) => Err(e),
            Err(refusal) => Ok(Err(refusal)),
        }
    })
    .await?
}

fn case_event(action: &'static str, case: &str) -> Event {
    Event::new(action, "report", Some(case))
}

/// Record that a staff member opened a case (security checklist §60).
pub async fn record_view(db: &Db, actor: Actor, case: &CaseNumber) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        audit::append(conn, &actor, case_event("view", &h.case_number))?;
        Ok(())
    })
    .await
}

/// Move a case to a new status, with what that status needs.
pub async fn change_status(
    db: &Db,
    actor: Actor,
    case: &CaseNumber,
    change: StatusChange,
) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        let current = ReportStatus::from_code(&h.status)
            .ok_or_else(|| DbError::Corrupt(format!("status {:?}", h.status)))?;
        if current != change.from {
            return Err(refused(
                "to",
                format!(
                    "Someone changed this case while you were looking: it is now “{}”. Check it and try again.",
                    current.label()
                ),
            ));
        }
        if change.to == ReportStatus::Assessed {
            check_assessable(conn, &h)?;
        }
        let master = match &change.detail {
            Detail::DuplicateOf(master_case) => Some(master_of(conn, &h, master_case)?),
            _ => None,
        };
        // Closing or reopening as spam, not a report or duplicate changes
        // which cases are candidates of which: recompute their markers.
        let closed = |s: ReportStatus| {
            matches!(
                s,
                ReportStatus::Spam | ReportStatus::NotAReport | ReportStatus::Duplicate
            )
        };
        let mut around = Vec::new();
        if closed(current) || closed(change.to) {
            around = case_links::refresh_candidates(conn, &h.id)?;
            around.push(h.id.clone());
            around.extend(h.duplicate_of.clone());
            around.extend(master.as_ref().map(|m| m.id.clone()));
        }
        let now = db::now();
        let mut event = case_event("status", &h.case_number).change(
            "status",
            Some(current.code()),
            Some(change.to.code()),
        );
        event.reason = Some(change.reason.into_string());
        q::set_status(conn, &h.id, change.to.code(), now)?;
        clear_new_information(conn, &h.id)?;
        if current == ReportStatus::Duplicate {
            q::set_duplicate_of(conn, &h.id, None)?;
        }
        audit::append(conn, &actor, event)?;
        let detail = match change.detail {
            Detail::None => None,
            Detail::Question(question) => {
                q::set_info_request(conn, &h.id, Some(question.as_str()), Some(now))?;
                Some(case_event("info_request", &h.case_number).change(
                    "info_request",
                    h.info_request.as_deref(),
                    Some(question.as_str()),
                ))
            }
            Detail::Forward(fw) => {
                let row = q::new_forward(
                    &h.id,
                    fw.recipient.into_string(),
                    fw.sent_on.to_string(),
                    fw.reference.map(StaffText::into_string),
                    actor.staff_id(),
                    now,
                );
                q::insert_forward(conn, &row)?;
                let what = format!(
                    "{} on {}{}",
                    row.recipient,
                    row.sent_on,
                    row.reference
                        .as_deref()
                        .map(|r| format!(", reference {r}"))
                        .unwrap_or_default()
                );
                Some(case_event("forward", &h.case_number).change("forwarded_to", None, Some(&what)))
            }
            Detail::DuplicateOf(_) => {
                let master = master.ok_or_else(|| DbError::Corrupt("master".into()))?;
                q::set_duplicate_of(conn, &h.id, Some(&master.id))?;
                Some(case_event("duplicate_of", &h.case_number).change(
                    "duplicate_of",
                    None,
                    Some(&master.case_number),
                ))
            }
        };
        if let Some(event) = detail {
            audit::append(conn, &actor, event)?;
        }
        case_links::refresh_after(conn, &around)?;
        Ok(())
    })
    .await
}

/// A case is assessed once its seriousness is confirmed and at least one
/// suspect product has a causality assessment.
fn check_assessable(conn: &mut DbConnection, h: &CaseHeader) -> Result<(), ActionError> {
    let mut missing = Vec::new();
    if h.ich_seriousness.is_none() {
        missing.push("confirm the seriousness");
    }
    if q::causality_count(conn, &h.id)? == 0 {
        missing.push("assess causality for at least one suspect product");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(refused(
            "to",
            format!(
                "Before marking this case assessed, {}.",
                missing.join(" and ")
            ),
        ))
    }
}

/// The case a duplicate points at: the named case, or the case that one
/// repeats, so links never form chains or loops.
fn master_of(
    conn: &mut DbConnection,
    h: &CaseHeader,
    master_case: &CaseNumber,
) -> Result<CaseHeader, ActionError> {
    let Some(mut master) = q::header(conn, master_case)? else {
        return Err(refused(
            "duplicate_of",
            format!("There is no case {master_case}."),
        ));
    };
    for _ in 0..10 {
        match master.duplicate_of.clone() {
            Some(next) => match q::header_by_id(conn, &next)? {
                Some(m) => master = m,
                None => break,
            },
            None => break,
        }
    }
    if master.id == h.id {
        return Err(refused(
            "duplicate_of",
            "A case cannot be a duplicate of itself.",
        ));
    }
    Ok(master)
}

/// Give the case to a reviewer (or to nobody).
pub async fn assign(
    db: &Db,
    actor: Actor,
    case: &CaseNumber,
    assignee: Option<UserId>,
) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        if let Some(id) = &assignee {
            let ok = db::users::by_id(conn, id)?.is_some_and(|u| {
                !u.disabled && Role::parse(&u.role).is_some_and(|r| r != Role::Analyst)
            });
            if !ok {
                return Err(refused(
                    "assignee",
                    "Choose an active reviewer or administrator.",
                ));
            }
        }
        if h.assigned_to == assignee {
            return Ok(());
        }
        q::set_assignee(conn, &h.id, assignee.as_ref())?;
        let event = case_event("assign", &h.case_number).change(
            "assigned_to",
            h.assigned_to.as_ref().map(UserId::as_str),
            assignee.as_ref().map(UserId::as_str),
        );
        audit::append(conn, &actor, event)?;
        Ok(())
    })
    .await
}

/// Add an internal note (never shown to the reporter or exported).
pub async fn add_note(
    db: &Db,
    actor: Actor,
    case: &CaseNumber,
    body: StaffText,
) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        let row = NoteRow {
            id: db::new_id(),
            report_id: h.id.clone(),
            author_id: actor.staff_id(),
            created_at: db::now(),
            body: body.into_string(),
        };
        q::insert_note(conn, &row)?;
        clear_new_information(conn, &h.id)?;
        let event = case_event("note", &h.case_number).change("note", None, Some(&row.id));
        audit::append(conn, &actor, event)?;
        Ok(())
    })
    .await
}

/// The reviewer's ICH E2A seriousness decision (empty = not serious).
pub async fn confirm_seriousness(
    db: &Db,
    actor: Actor,
    case: &CaseNumber,
    criteria: Vec<Outcome>,
    reason: StaffText,
) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        let codes = criteria
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(",");
        let rank = criteria
            .iter()
            .map(|c| rank_of(*c))
            .min()
            .unwrap_or(NOT_SERIOUS_RANK);
        let by = actor.staff_id();
        q::set_seriousness(conn, &h.id, &codes, &by, db::now(), rank)?;
        clear_new_information(conn, &h.id)?;
        let mut event = case_event("seriousness", &h.case_number).change(
            "ich_seriousness",
            h.ich_seriousness.as_deref(),
            Some(&codes),
        );
        event.reason = Some(reason.into_string());
        audit::append(conn, &actor, event)?;
        Ok(())
    })
    .await
}

/// The reviewer read the scrubbed narrative (and follow-ups so far) and found nothing that
/// identifies anyone: from now on a Safe Harbor file may carry them.
pub async fn confirm_narrative(
    db: &Db,
    actor: Actor,
    case: &CaseNumber,
) -> Result<(), ActionError> {
    on_case(db, case, move |conn, h| {
        let by = actor.staff_id();
        let at = db::now();
        q::confirm_narrative(conn, &h.id, &by, at)?;
        audit::append(
            conn,
            &actor,
            case_event("narrative_confirmed", &h.case_number),
        )?;
        Ok(())
    })
    .await
}

/// The reporter added a follow-up (inside its own transaction): see
/// [`super::followups::received`].
pub fn followup_received(conn: &mut DbConnection, report_id: &ReportId) -> Result<(), DbError> {
    super::followups::received(conn, report_id)
}

/// Now in UTC (what the queue measures a case's age against).
pub fn now() -> chrono::NaiveDateTime {
    db::now()
}

/// Today in UTC (forwarding dates may not be later).
pub fn today() -> NaiveDate {
    db::now().date()
}
