//! Handlers of the reviewers' workspace: the triage queue (`/review`) and
//! the case page (`/review/{case}`) with its forms (status, assignment,
//! seriousness, FDA report type, notes). Reading needs any staff role; changing a case needs
//! the triage permission. Each POST answers with a redirect back to the
//! case, or the case page again with the problems (422).

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::auth::roles::{AnyStaff, Permission, RequireReviewer};
use crate::auth::sessions::CurrentSession;
use crate::auth::Role;
use crate::form::{FieldErrors, RawForm};
use crate::ids::{CaseNumber, UserId};
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};
use crate::review::actions::{self, ActionError};
use crate::review::cases::{self, QueueFile};
use crate::review::queue::{QueueFilter, PAGE_SIZE};
use crate::review::workflow;
use crate::review::StaffText;
use crate::views::options::{of, Opt};
use crate::views::report::FormState;
use crate::views::review::{QueuePage, QueueRow};
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

mod alerts;
mod case;
mod expedited;
pub(super) mod history;
mod lines;

pub(super) const ROUTES: &[Route] = routes![
    Get "/review" ReadReports FallThrough => queue,
    Get "/review/{case}" ReadReports FallThrough => case::show,
    Post "/review/{case}/status" Triage FallThrough => status,
    Post "/review/{case}/assign" Triage FallThrough => assign,
    Post "/review/{case}/seriousness" Triage FallThrough => seriousness,
    Post "/review/{case}/expedited" Triage FallThrough => expedited::decide,
    Post "/review/{case}/notes" Triage FallThrough => note,
    Post "/review/{case}/narrative" Triage FallThrough => narrative,
    Post "/review/alerts/{id}/dismiss" Triage FallThrough => alerts::dismiss,
];

/// A case number from the path, or 404 for anything not shaped like one.
pub(super) fn case_param(path: &web::Path<String>) -> Result<CaseNumber, AppError> {
    CaseNumber::exact(path.as_str()).ok_or(AppError::NotFound)
}

/// A staff POST about a case: the case number from the path (404 unless
/// shaped like one), then the form with its CSRF token checked (403).
pub(super) async fn case_form(
    req: &HttpRequest,
    path: &web::Path<String>,
    payload: web::Payload,
    session: &CurrentSession,
) -> Result<(CaseNumber, RawForm), AppError> {
    let case = case_param(path)?;
    let form = staff_form(req, payload, session).await?;
    Ok((case, form))
}

/// 303 to `location`, where the page shows what was saved.
pub(super) fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

fn see_case(case: &CaseNumber, saved: &str) -> HttpResponse {
    see_other(format!("/review/{case}?saved={saved}"))
}

pub async fn queue(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
) -> Result<HttpResponse, AppError> {
    let query = RawForm::decode(req.query_string().as_bytes())
        .map_err(|_| AppError::BadRequest("The search could not be read.".into()))?;
    let (filter, errors) = QueueFilter::parse(&query);
    let me = staff.session.user_id.clone();
    let QueueFile {
        page,
        emails,
        flagged,
        candidates,
    } = cases::queue(state.intake.db(), filter.clone(), me).await?;
    // With a capped count the number of pages is unknown: offer the next
    // page while this one is full.
    let pages = ((page.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let more = if page.capped {
        page.lines.len() as i64 == PAGE_SIZE
    } else {
        filter.page < pages
    };
    let capped = page.capped;
    let now = actions::now();
    let rows = page
        .lines
        .into_iter()
        .map(|(line, products)| {
            let new_information = flagged.contains_key(&line.id);
            let possible_duplicate = candidates.contains(&line.id);
            QueueRow {
                new_information,
                possible_duplicate,
                ..lines::queue_row(line, &products, &emails, now)
            }
        })
        .collect();
    let mut statuses = vec![
        Opt {
            code: "open",
            label: "Open (new, in review, needs information, assessed)",
        },
        Opt {
            code: "all",
            label: "All",
        },
    ];
    statuses.extend_from_slice(of::<ReportStatus>());
    let mut seriousness = vec![
        Opt {
            code: "serious",
            label: "Any serious outcome",
        },
        Opt {
            code: "not_serious",
            label: "Not serious",
        },
    ];
    seriousness.extend(Outcome::all().iter().map(|o| Opt {
        code: o.code(),
        label: lines::outcome_short(*o),
    }));
    let page_view = QueuePage {
        layout: layout(&state, "Triage queue").wide(),
        bar: bar(&staff.session),
        f: FormState::new(query, errors),
        statuses,
        seriousness,
        substances: of::<Substance>(),
        rows,
        total: page.total,
        capped,
        page: filter.page,
        pages,
        prev: (filter.page > 1).then(|| filter.query(filter.page - 1)),
        next: more.then(|| filter.query(filter.page + 1)),
        can_export: can_triage(staff.session.role),
        alerts: alerts::banners(&state).await?,
        can_dismiss: can_triage(staff.session.role),
    };
    Ok(html(StatusCode::OK, page_view.render()?))
}

/// Map a refused action to the case page with its problems, else an error.
async fn refused_or(
    state: &State,
    session: &CurrentSession,
    case: &CaseNumber,
    form: RawForm,
    result: Result<(), ActionError>,
    saved: &'static str,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => Ok(see_case(case, saved)),
        Err(ActionError::NotFound) => Err(AppError::NotFound),
        Err(ActionError::Refused(errors)) => {
            case::render(state, session, case, form, errors, None).await
        }
        Err(ActionError::Db(e)) => Err(e.into()),
    }
}

pub async fn status(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let db = state.intake.db();
    let current = cases::header(db, case.clone())
        .await?
        .ok_or(AppError::NotFound)?;
    let from = ReportStatus::from_code(&current.status)
        .ok_or_else(|| AppError::Internal(format!("status {:?}", current.status)))?;
    let result = match workflow::parse(&form, from, actions::today()) {
        Ok(change) => actions::change_status(db, staff.session.actor(), &case, change).await,
        Err(errors) => Err(ActionError::Refused(errors)),
    };
    refused_or(&state, &staff.session, &case, form, result, "status").await
}

pub async fn assign(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let assignee = match form.get("assignee") {
        "" => None,
        "me" => Some(staff.session.user_id.clone()),
        id => {
            Some(UserId::parse(id).ok_or_else(|| AppError::BadRequest("unknown assignee".into()))?)
        }
    };
    let db = state.intake.db();
    let result = actions::assign(db, staff.session.actor(), &case, assignee).await;
    refused_or(&state, &staff.session, &case, form, result, "assignment").await
}

pub async fn seriousness(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let criteria: Vec<Outcome> = Outcome::all()
        .iter()
        .copied()
        .filter(|o| form.checked(&format!("ich_{}", o.code())))
        .collect();
    let result = match StaffText::required(
        form.get("ich_reason"),
        workflow::MAX_REASON,
        true,
        "Give a reason for the seriousness you confirm; it goes into the audit trail.",
    ) {
        Ok(reason) => {
            let db = state.intake.db();
            actions::confirm_seriousness(db, staff.session.actor(), &case, criteria, reason).await
        }
        Err(message) => Err(one_error("ich_reason", message)),
    };
    refused_or(&state, &staff.session, &case, form, result, "seriousness").await
}

pub async fn note(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let result = match StaffText::required(
        form.get("note"),
        5000,
        true,
        "Write the note before saving it.",
    ) {
        Ok(body) => actions::add_note(state.intake.db(), staff.session.actor(), &case, body).await,
        Err(message) => Err(one_error("note", message)),
    };
    refused_or(&state, &staff.session, &case, form, result, "note").await
}

fn one_error(field: &str, message: String) -> ActionError {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    ActionError::Refused(errors)
}

/// Whether this role may change cases (the page hides the forms otherwise;
/// the POST routes refuse on their own).
fn can_triage(role: Role) -> bool {
    role.can(Permission::Triage)
}

/// The reviewer confirms the scrubbed narrative identifies nobody (Safe Harbor files need it).
pub async fn narrative(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let result = actions::confirm_narrative(state.intake.db(), staff.session.actor(), &case).await;
    refused_or(&state, &staff.session, &case, form, result, "narrative").await
}
