//! Handlers of the assessment pages under `/review/{case}`: reaction coding,
//! causality and duplicates. Reading needs `ReadReports` (analysts may read);
//! every POST needs `Triage`, the session's CSRF token and a reason, and
//! writes its change and audit events in one transaction.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::review::{case_param, see_other};
use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::auth::roles::{AnyStaff, Permission, RequireReviewer};
use crate::auth::sessions::CurrentSession;
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;
use crate::report::stored::StoredReport;
use crate::review::decisions::{self, Decision};
use crate::review::{assess, causality, reason};
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

mod pages;
mod reactions;

pub(super) const ROUTES: &[Route] = routes![
    Get "/review/{case}/reactions" ReadReports NotAllowed => reactions::reactions,
    Post "/review/{case}/reactions" Triage NotAllowed => reactions::save_reactions,
    Post "/review/{case}/reactions/meddra" Triage NotAllowed => reactions::choose_meddra,
    Get "/review/{case}/causality" ReadReports NotAllowed => causality,
    Post "/review/{case}/causality" Triage NotAllowed => save_causality,
    Get "/review/{case}/duplicates" ReadReports NotAllowed => duplicates,
    Post "/review/{case}/duplicates" Triage NotAllowed => decide_duplicate,
];

/// The page again, after a change (`?saved` shows the confirmation).
fn see_page(case: &CaseNumber, page: &str) -> HttpResponse {
    see_other(format!("/review/{case}/{page}?saved"))
}

fn saved(req: &HttpRequest) -> bool {
    req.query_string() == "saved"
}

/// The stored report of the case in the path (`None` for a path no case
/// number has the shape of, as for a case that does not exist).
async fn load(state: &State, path: &web::Path<String>) -> Result<Option<StoredReport>, AppError> {
    let Some(case) = CaseNumber::exact(path.as_str()) else {
        return Ok(None);
    };
    Ok(assess::stored(state.intake.db(), case).await?)
}

/// A staff POST to an assessment page: the form with its CSRF token
/// checked (403), then the case's stored report (404 when none).
async fn posted(
    req: &HttpRequest,
    payload: web::Payload,
    state: &State,
    session: &CurrentSession,
    case: web::Path<String>,
) -> Result<(RawForm, StoredReport), AppError> {
    let form = staff_form(req, payload, session).await?;
    let stored = load(state, &case).await?.ok_or(AppError::NotFound)?;
    Ok((form, stored))
}

/// A form's answers and problems, or `None` to start from what is stored.
type Posted = Option<(RawForm, FieldErrors)>;

pub async fn causality(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let stored = load(&state, &case).await?.ok_or(AppError::NotFound)?;
    pages::causality(&state, &staff.session, stored, None, saved(&req)).await
}

pub async fn save_causality(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (form, stored) = posted(&req, payload, &state, &staff.session, case).await?;
    let products = assess::suspect_products(state.intake.db(), stored.id.clone()).await?;
    let position = form.get("product").parse::<i32>().ok();
    let Some(product) = products.into_iter().find(|p| Some(p.position) == position) else {
        return Err(AppError::BadRequest(
            "That product is not a suspect product of this case.".into(),
        ));
    };
    let assessment = match causality::parse(&form, product.position) {
        Ok(a) => a,
        Err(errors) => {
            let posted = Some((product.position, form, errors));
            return pages::causality(&state, &staff.session, stored, posted, false).await;
        }
    };
    let (actor, report_id) = (staff.session.actor(), stored.id.clone());
    assess::save_causality(state.intake.db(), actor, report_id, product.id, assessment).await?;
    Ok(see_page(&stored.case_number, "causality"))
}

pub async fn duplicates(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&case)?;
    pages::duplicates(&state, &staff.session, case, None, saved(&req)).await
}

fn parse_decision(form: &RawForm) -> Result<(Decision, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let other = form.value("other").map(str::to_owned);
    let decision = match (form.get("action"), other) {
        ("unlink", _) => Some(Decision::Unlink),
        ("link", Some(o)) => Some(Decision::Link(o)),
        ("not_duplicate", Some(o)) => Some(Decision::NotDuplicate(o)),
        ("link" | "not_duplicate", None) => {
            errors.add("other", "Choose the candidate case you decided about.");
            None
        }
        _ => {
            errors.add("action", "Choose whether it is a duplicate or not.");
            None
        }
    };
    let why = reason::required(
        form.get("reason"),
        reason::MAX_REASON,
        "Give the reason for your decision (it goes in the audit trail).",
    )
    .map_err(|e| errors.add("reason", e));
    match (decision, why) {
        (Some(d), Ok(why)) if errors.is_empty() => Ok((d, why)),
        _ => Err(errors),
    }
}

pub async fn decide_duplicate(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let case = case_param(&case)?;
    let (decision, why) = match parse_decision(&form) {
        Ok(d) => d,
        Err(errors) => {
            return pages::duplicates(&state, &staff.session, case, Some((form, errors)), false)
                .await
        }
    };
    let field = match decision {
        Decision::Unlink => "reason",
        _ => "other",
    };
    let actor = staff.session.actor();
    let outcome = decisions::decide(state.intake.db(), actor, case.clone(), decision, why).await?;
    match outcome {
        None => Err(AppError::NotFound),
        Some(Ok(())) => Ok(see_page(&case, "duplicates")),
        Some(Err(refusal)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, refusal);
            pages::duplicates(&state, &staff.session, case, Some((form, errors)), false).await
        }
    }
}

fn render(page: impl Template, invalid: bool) -> Result<HttpResponse, AppError> {
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(status, page.render()?))
}

fn can_edit(session: &CurrentSession) -> bool {
    session.role.can(Permission::Triage)
}
