//! Handlers of the assessment pages under `/review/{case}`: reaction coding,
//! causality and duplicates. Reading needs `ReadReports` (analysts may read);
//! every POST needs `Triage`, the session's CSRF token and a reason, and
//! writes its change and audit events in one transaction.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout, staff_form};
use super::{error, html, AppError, State};
use crate::auth::roles::{AnyStaff, Permission, RequireReviewer, Staff};
use crate::auth::sessions::CurrentSession;
use crate::db::assessment::{self as q, similar};
use crate::db::case_links;
use crate::db::reports::{self, StoredReport};
use crate::form::{FieldErrors, RawForm};
use crate::review::{causality, decisions, reason};

mod pages;
mod reactions;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let not_allowed = || web::to(error::method_not_allowed);
    cfg.service(
        web::resource("/review/{case}/reactions")
            .route(web::get().to(reactions::reactions))
            .route(web::post().to(reactions::save_reactions))
            .default_service(not_allowed()),
    )
    .service(
        web::resource("/review/{case}/reactions/meddra")
            .route(web::post().to(reactions::choose_meddra))
            .default_service(not_allowed()),
    )
    .service(
        web::resource("/review/{case}/causality")
            .route(web::get().to(causality))
            .route(web::post().to(save_causality))
            .default_service(not_allowed()),
    )
    .service(
        web::resource("/review/{case}/duplicates")
            .route(web::get().to(duplicates))
            .route(web::post().to(decide_duplicate))
            .default_service(not_allowed()),
    );
}

/// The page again, after a change (`?saved` shows the confirmation).
fn see_page(case: &str, page: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/review/{case}/{page}?saved")))
        .finish()
}

fn saved(req: &HttpRequest) -> bool {
    req.query_string() == "saved"
}

async fn load(state: &State, case: String) -> Result<Option<StoredReport>, AppError> {
    Ok(state
        .intake
        .db()
        .read(move |c| reports::load_by_case(c, &case))
        .await?)
}

/// A form's answers and problems, or `None` to start from what is stored.
type Posted = Option<(RawForm, FieldErrors)>;

pub async fn causality(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let stored = load(&state, case.into_inner())
        .await?
        .ok_or(AppError::NotFound)?;
    pages::causality(&state, &staff.session, stored, None, saved(&req)).await
}

pub async fn save_causality(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let stored = load(&state, case.into_inner())
        .await?
        .ok_or(AppError::NotFound)?;
    let id = stored.id.clone();
    let products = state
        .intake
        .db()
        .read(move |c| q::suspect_products(c, &id))
        .await?;
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
    state
        .intake
        .db()
        .write(move |c| causality::save(c, &actor, &report_id, &product.id, &assessment))
        .await?;
    Ok(see_page(&stored.case_number, "causality"))
}

pub async fn duplicates(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let case = case.into_inner();
    pages::duplicates(&state, &staff.session, case, None, saved(&req)).await
}

/// The decision a duplicates form asks for.
enum Decision {
    Link(String),
    NotDuplicate(String),
    Unlink,
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
    let case = case.into_inner();
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
    let (actor, number) = (staff.session.actor(), case.clone());
    let outcome = state
        .intake
        .db()
        .write(move |c| {
            let Some(this) = similar::case_by_number(c, &number)? else {
                return Ok(None);
            };
            // The cases whose "possible duplicate" marker may change.
            let mut around = case_links::refresh_candidates(c, &this.id)?;
            around.push(this.id.clone());
            around.extend(this.duplicate_of.clone());
            let done = match &decision {
                Decision::Link(other) => {
                    around.extend(similar::case_by_number(c, other)?.map(|o| o.id));
                    decisions::link(c, &actor, &this, other, &why)?.map(|_| ())
                }
                Decision::NotDuplicate(other) => {
                    around.extend(similar::case_by_number(c, other)?.map(|o| o.id));
                    decisions::not_duplicate(c, &actor, &this, other, &why)?
                }
                Decision::Unlink => decisions::unlink(c, &actor, &this, &why)?,
            };
            case_links::refresh_after(c, &around)?;
            Ok(Some(done))
        })
        .await?;
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
