//! Interchange downloads for reviewers and admins: E2B(R3) XML for one
//! case or a batch, FHIR R4/R5 Bundles for one case. Each file is checked
//! against the FDA business rules and audited (`export::deliver`); a case
//! that fails is shown as a page listing the failed rules (422).

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::review::case_param;
use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::auth::roles::{RequireReviewer, Staff};
use crate::export::deliver::{self, Delivery, Format};
use crate::review::workflow::looks_like_case_number;
use crate::views::interchange::{FailedRule, RefusedPage};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/review/{case}/export/e2b.xml", web::get().to(e2b_case))
        .route("/review/{case}/export/fhir-r4.json", web::get().to(fhir_r4))
        .route("/review/{case}/export/fhir-r5.json", web::get().to(fhir_r5))
        .route("/review/export/e2b", web::post().to(e2b_batch));
}

async fn run(
    state: &State,
    staff: &Staff<RequireReviewer>,
    cases: Vec<String>,
    format: Format,
    filename: String,
    batch: bool,
) -> Result<HttpResponse, AppError> {
    let actor = staff.session.actor();
    let settings = state.config.e2b.clone();
    let list = cases.clone();
    let delivery = state
        .intake
        .db()
        .write(move |conn| deliver::deliver(conn, &actor, &list, format, &settings))
        .await?;
    match delivery {
        Delivery::File { bytes, refused } => {
            let content_type = match format {
                Format::E2b => "application/xml; charset=utf-8",
                Format::FhirR4 | Format::FhirR5 => "application/fhir+json; charset=utf-8",
            };
            Ok(HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, content_type))
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .insert_header(("Canary-Refused-Cases", refused_cases(&refused)))
                .body(bytes))
        }
        Delivery::NotFound(case) if batch => {
            // A batch names the case that does not exist, not a generic 404.
            let page = RefusedPage {
                layout: layout(state, &format!("There is no case {case}")),
                bar: bar(&staff.session),
                cases: cases.into_iter().filter(|c| *c != case).collect(),
                failed: Vec::new(),
                unknown: Some(case),
            };
            Ok(html(StatusCode::NOT_FOUND, page.render()?))
        }
        Delivery::NotFound(_) => Err(AppError::NotFound),
        Delivery::Refused(found) => {
            let page = RefusedPage {
                layout: layout(state, "E2B(R3) export refused"),
                bar: bar(&staff.session),
                cases,
                failed: found
                    .into_iter()
                    .map(|(case, f)| FailedRule {
                        case: if case.is_empty() {
                            "all cases".into()
                        } else {
                            case
                        },
                        rule: f.rule,
                        element: f.element,
                        message: f.message,
                    })
                    .collect(),
                unknown: None,
            };
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()?))
        }
    }
}

/// The case numbers left out of a batch (listed with their rules in the
/// file's opening comment), for the response header.
fn refused_cases(refused: &[(String, crate::export::e2b::Finding)]) -> String {
    let mut cases: Vec<&str> = refused.iter().map(|(c, _)| c.as_str()).collect();
    cases.dedup();
    cases.join(" ")
}

pub async fn e2b_case(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let name = format!("{case}-e2b-r3.xml");
    run(&state, &staff, vec![case], Format::E2b, name, false).await
}

pub async fn fhir_r4(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let name = format!("{case}-fhir-r4.json");
    run(&state, &staff, vec![case], Format::FhirR4, name, false).await
}

pub async fn fhir_r5(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let name = format!("{case}-fhir-r5.json");
    run(&state, &staff, vec![case], Format::FhirR5, name, false).await
}

/// POST /review/export/e2b with `cases` (case numbers separated by spaces,
/// commas or new lines): one batch file.
pub async fn e2b_batch(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let mut cases: Vec<String> = Vec::new();
    for c in form
        .get("cases")
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|c| !c.is_empty())
    {
        if !looks_like_case_number(c) {
            return Err(AppError::BadRequest(format!("{c:?} is not a case number.")));
        }
        if !cases.iter().any(|x| x == c) {
            cases.push(c.to_owned());
        }
    }
    if cases.is_empty() {
        return Err(AppError::BadRequest(
            "Name at least one case number.".into(),
        ));
    }
    let name = format!("canary-e2b-r3-batch-{}.xml", cases.len());
    run(&state, &staff, cases, Format::E2b, name, true).await
}
