//! The case page: everything the reporter said, follow-ups in time order,
//! what MedWatch would miss, the reviewers' notes, forwards and history,
//! and (for reviewers) the forms that change the case.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;

use super::history::history;
use super::lines::{outcome_short, rank_label, when};
use super::{can_triage, case_param, AppError, State};
use crate::auth::roles::AnyStaff;
use crate::auth::sessions::CurrentSession;
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;
use crate::report::options::{ClosedList, Outcome, ReportStatus};
use crate::report::stored::Followup;
use crate::review::cases::{self, CaseFile};
use crate::review::report_type::{self, ReportType};
use crate::review::{actions, completeness, workflow};
use crate::views::options::Opt;
use crate::views::report::FormState;
use crate::views::review::{CasePage, CaseSummary, FollowupView, ForwardView, NoteView};
use crate::views::summary::sections;
use crate::web::html;
use crate::web::staff::{bar, layout};
use crate::web::staff_guard::Staff;

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
        "expedited" => Some("The FDA report type was recorded."),
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

/// Render the case page, with the problems of a refused form if any.
pub async fn render(
    state: &State,
    session: &CurrentSession,
    case: &CaseNumber,
    form: RawForm,
    errors: FieldErrors,
    saved: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let file = cases::open(state.intake.db(), case.clone())
        .await?
        .ok_or(AppError::NotFound)?;
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
    let serious = report_type::serious(h);
    let case = CaseSummary {
        case_number: h.case_number.to_string(),
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
        duplicate_of: file.master.as_ref().map(CaseNumber::to_string),
        duplicates: file
            .links
            .duplicates
            .iter()
            .map(CaseNumber::to_string)
            .collect(),
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
        report_type: file.report_type.as_ref().map(|d| {
            let by = emails.get(&d.by).cloned().unwrap_or_default();
            (
                d.report_type.label(),
                format!("{by} at {}", when(&d.at)),
                d.reason.clone(),
            )
        }),
        proposed_report_type: ReportType::proposed(serious).label(),
        serious,
    };
    let by_id: HashMap<String, String> = emails
        .iter()
        .map(|(id, email)| (id.to_string(), email.clone()))
        .collect();
    let (history, views) = history(&file.history, &by_id);
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
            f.values.set("assignee", id.to_string());
        }
        // The decision made, else Canary's proposal, for the reviewer to confirm.
        let report_type = file
            .report_type
            .as_ref()
            .map_or(ReportType::proposed(serious), |d| d.report_type);
        f.values.set("report_type", report_type.code());
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
        me: session.user_id.to_string(),
        criteria: Outcome::all()
            .iter()
            .map(|o| Opt {
                code: o.code(),
                label: outcome_short(*o),
            })
            .collect(),
        report_types: ReportType::all()
            .iter()
            .map(|t| Opt {
                code: t.code(),
                label: t.label(),
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
    let mut all: Vec<(Option<&CaseNumber>, &Followup)> = own.chain(via).collect();
    all.sort_by_key(|(_, f)| f.received_at);
    all.into_iter()
        .map(|(via, fu)| FollowupView {
            received: when(&fu.received_at),
            state: fu.current_state.map(|s| s.label()),
            narrative: fu.narrative.as_ref().map(|n| n.to_string()),
            via: via.map(CaseNumber::to_string),
        })
        .collect()
}
