//! The case page: everything the reporter said, follow-ups in time order,
//! what MedWatch would miss, the reviewers' notes, forwards and history,
//! and (for reviewers) the forms that change the case.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::history::history;
use super::lines::{outcome_short, rank_label, when};
use super::{can_triage, case_param, AppError, State};
use crate::auth::roles::{AnyStaff, Staff};
use crate::auth::sessions::CurrentSession;
use crate::auth::Role;
use crate::db::assessment::similar;
use crate::db::audit::AuditRow;
use crate::db::case_links;
use crate::db::reports::{Followup, StoredReport};
use crate::db::review::{self as q, CaseHeader, ForwardRow, NoteRow};
use crate::db::{DbConnection, DbError};
use crate::form::{FieldErrors, RawForm};
use crate::report::options::{ClosedList, Outcome, ReportStatus};
use crate::review::{actions, completeness, workflow};
use crate::views::options::Opt;
use crate::views::report::FormState;
use crate::views::review::{CasePage, CaseSummary, FollowupView, ForwardView, NoteView};
use crate::views::summary::sections;
use crate::web::html;
use crate::web::staff::{bar, layout};

pub async fn show(
    req: HttpRequest,
    path: web::Path<String>,
    state: State,
    staff: Staff<AnyStaff>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    match actions::record_view(state.intake.db(), staff.session.actor(), &case).await {
        Ok(()) => {}
        Err(actions::ActionError::NotFound) => return Err(AppError::NotFound),
        Err(actions::ActionError::Db(e)) => return Err(e.into()),
        Err(actions::ActionError::Refused(_)) => {}
    }
    let saved = match RawForm::decode(req.query_string().as_bytes())
        .unwrap_or_default()
        .get("saved")
    {
        "status" => Some("The status was changed."),
        "assignment" => Some("The assignment was saved."),
        "seriousness" => Some("The seriousness was confirmed."),
        "note" => Some("The note was added."),
        "narrative" => Some("The narrative was confirmed: Safe Harbor files may now carry it."),
        _ => None,
    };
    render(
        &state,
        &staff.session,
        &case,
        RawForm::default(),
        FieldErrors::default(),
        saved,
    )
    .await
}

/// Everything the page shows, read in one go.
struct CaseFile {
    header: CaseHeader,
    stored: StoredReport,
    notes: Vec<(NoteRow, String)>,
    forwards: Vec<ForwardRow>,
    history: Vec<AuditRow>,
    emails: HashMap<String, String>,
    reviewers: Vec<(String, String)>,
    master: Option<String>,
    links: Links,
}

/// How the case is tied to others: its linked duplicates (with their
/// follow-ups), unresolved candidates, and the new-information marker.
struct Links {
    duplicates: Vec<String>,
    followups: Vec<(String, Followup)>,
    /// Ids of the undecided duplicate candidates, scored now.
    candidates: Vec<String>,
    /// The queue's stored markers disagree with `candidates`.
    stale_markers: bool,
    new_information: Option<(NaiveDateTime, Option<String>)>,
}

fn links(conn: &mut DbConnection, header: &CaseHeader) -> Result<Links, DbError> {
    let duplicates = case_links::linked_duplicates(conn, &header.id)?;
    let mut followups = Vec::new();
    for dup in &duplicates {
        if let Some(stored) = crate::db::reports::load_by_case(conn, dup)? {
            followups.extend(stored.followups.into_iter().map(|f| (dup.clone(), f)));
        }
    }
    let candidates: Vec<String> = match similar::case_by_id(conn, &header.id)? {
        Some(this) if this.duplicate_of.is_none() => similar::candidates(conn, &this)?
            .into_iter()
            .map(|c| c.id)
            .collect(),
        _ => Vec::new(),
    };
    Ok(Links {
        stale_markers: case_links::markers_stale(conn, &header.id, &candidates)?,
        duplicates,
        followups,
        candidates,
        new_information: case_links::new_information_of(conn, &[header.id.as_str()])?
            .remove(&header.id),
    })
}

fn load(conn: &mut DbConnection, case: &str) -> Result<Option<CaseFile>, DbError> {
    let (Some(header), Some(stored)) = (
        q::header(conn, case)?,
        crate::db::reports::load_by_case(conn, case)?,
    ) else {
        return Ok(None);
    };
    let master = match &header.duplicate_of {
        Some(id) => q::case_number_of(conn, id)?,
        None => None,
    };
    let reviewers = crate::db::users::list(conn)?
        .into_iter()
        .filter(|u| !u.disabled && Role::parse(&u.role).is_some_and(|r| r != Role::Analyst))
        .map(|u| (u.id, u.email))
        .collect();
    Ok(Some(CaseFile {
        links: links(conn, &header)?,
        notes: q::notes(conn, &header.id)?,
        forwards: q::forwards(conn, &header.id)?,
        history: q::history(conn, &header.case_number, &header.id)?,
        emails: q::staff_emails(conn)?,
        header,
        stored,
        reviewers,
        master,
    }))
}

/// Render the case page, with the problems of a refused form if any.
pub async fn render(
    state: &State,
    session: &CurrentSession,
    case: &str,
    form: RawForm,
    errors: FieldErrors,
    saved: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let lookup = case.to_owned();
    let file = state
        .intake
        .db()
        .read(move |c| load(c, &lookup))
        .await?
        .ok_or(AppError::NotFound)?;
    if file.links.stale_markers {
        // Keep the queue's "possible duplicate" markers as scored here.
        let (id, found) = (file.header.id.clone(), file.links.candidates.clone());
        state
            .intake
            .db()
            .write(move |c| case_links::store_markers(c, &id, &found))
            .await?;
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = page(state, session, file, FormState::new(form, errors), saved);
    Ok(html(status, page.render()?))
}

fn page(
    state: &State,
    session: &CurrentSession,
    file: CaseFile,
    f: FormState,
    saved: Option<&'static str>,
) -> CasePage {
    let h = &file.header;
    let current = ReportStatus::from_code(&h.status).unwrap_or(ReportStatus::New);
    let emails = &file.emails;
    let confirmed: Option<Vec<&'static str>> = h.ich_seriousness.as_ref().map(|codes| {
        codes
            .split(',')
            .filter_map(Outcome::from_code)
            .map(outcome_short)
            .collect()
    });
    let case = CaseSummary {
        case_number: h.case_number.clone(),
        status: current.label(),
        status_code: current.code(),
        received: when(&h.received_at),
        reported_seriousness: rank_label(h.queue_rank.min(h.seriousness_rank)),
        emergency_default: h.ich_seriousness.is_none()
            && h.emergency
            && h.queue_rank < h.seriousness_rank,
        confirmed,
        confirmed_by: h.ich_confirmed_by.as_ref().map(|id| {
            let at = h.ich_confirmed_at.as_ref().map(when).unwrap_or_default();
            format!("{} at {at}", emails.get(id).cloned().unwrap_or_default())
        }),
        assigned: h
            .assigned_to
            .as_ref()
            .and_then(|id| emails.get(id).cloned()),
        info_request: h
            .info_request
            .clone()
            .filter(|_| current == ReportStatus::NeedsInfo),
        duplicate_of: file.master.clone(),
        duplicates: file.links.duplicates.clone(),
        candidates: file.links.candidates.len(),
        new_information: file
            .links
            .new_information
            .as_ref()
            .map(|(since, from)| (when(since), from.clone())),
        emergency: h.emergency,
        synthetic: h.synthetic,
        narrative_confirmed: h.narrative_confirmed_by.as_ref().map(|id| {
            let at = h
                .narrative_confirmed_at
                .as_ref()
                .map(when)
                .unwrap_or_default();
            format!("{} at {at}", emails.get(id).cloned().unwrap_or_default())
        }),
    };
    let (history, views) = history(&file.history, emails);
    let report = &file.stored.report;
    let mut f = f;
    if f.values.iter().next().is_none() {
        // Fresh page: tick the criteria already confirmed (or reported).
        let ticked: Vec<&str> = match &h.ich_seriousness {
            Some(codes) => codes.split(',').collect(),
            None => report.outcomes.iter().map(|o| o.code()).collect(),
        };
        for code in ticked.into_iter().filter(|c| !c.is_empty()) {
            f.values.set(format!("ich_{code}"), "on");
        }
        if let Some(id) = &h.assigned_to {
            f.values.set("assignee", id.clone());
        }
    }
    CasePage {
        layout: layout(state, &format!("Case {}", h.case_number)).wide(),
        bar: bar(session),
        can_triage: can_triage(session.role),
        saved,
        next_statuses: workflow::next_statuses(current)
            .iter()
            .map(|s| Opt {
                code: s.code(),
                label: s.label(),
            })
            .collect(),
        reviewers: file
            .reviewers
            .iter()
            .map(|(id, email)| Opt {
                code: crate::views::options::intern(id.clone()),
                label: crate::views::options::intern(email.clone()),
            })
            .collect(),
        me: session.user_id.clone(),
        criteria: Outcome::all()
            .iter()
            .map(|o| Opt {
                code: o.code(),
                label: outcome_short(*o),
            })
            .collect(),
        sections: sections(report),
        followups: followups(&file),
        gaps: completeness::gaps(report),
        notes: file
            .notes
            .into_iter()
            .map(|(n, author)| NoteView {
                at: when(&n.created_at),
                author,
                body: n.body,
            })
            .collect(),
        forwards: file
            .forwards
            .into_iter()
            .map(|fw| ForwardView {
                by: emails.get(&fw.forwarded_by).cloned().unwrap_or_default(),
                recipient: fw.recipient,
                sent_on: fw.sent_on,
                reference: fw.reference,
            })
            .collect(),
        history,
        views,
        case,
        f,
    }
}

/// The case's own follow-ups and those added on its linked duplicates, in
/// the order they arrived.
fn followups(file: &CaseFile) -> Vec<FollowupView> {
    let own = file.stored.followups.iter().map(|f| (None, f));
    let via = file.links.followups.iter().map(|(dup, f)| (Some(dup), f));
    let mut all: Vec<(Option<&String>, &Followup)> = own.chain(via).collect();
    all.sort_by_key(|(_, f)| f.received_at);
    all.into_iter()
        .map(|(via, fu)| FollowupView {
            received: when(&fu.received_at),
            state: fu.current_state.map(|s| s.label()),
            narrative: fu.narrative.as_ref().map(|n| n.to_string()),
            via: via.cloned(),
        })
        .collect()
}
