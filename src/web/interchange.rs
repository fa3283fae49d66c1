//! Interchange downloads for reviewers and admins: E2B(R3) XML for one
//! case or a batch, FHIR R4/R5 Bundles for one case. Each file is checked
//! against the FDA business rules and audited (`export::deliver`); a case
//! that fails is shown as a page listing the failed rules (422). A batch
//! with refused cases first shows them on a page whose button re-posts the
//! same case numbers with `accept_refusals=1` for the file of the others.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::review::case_param;
use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::auth::roles::RequireReviewer;
use crate::export::deliver::{self, Delivery, Format, Refusals};
use crate::export::e2b::Finding;
use crate::ids::CaseNumber;
use crate::views::interchange::{BatchRefusalsPage, FailedRule, RefusedPage};
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

pub(super) const ROUTES: &[Route] = routes![
    Get "/review/{case}/export/e2b.xml" Triage FallThrough => e2b_case,
    Get "/review/{case}/export/fhir-r4.json" Triage FallThrough => fhir_r4,
    Get "/review/{case}/export/fhir-r5.json" Triage FallThrough => fhir_r5,
    Post "/review/export/e2b" Triage FallThrough => e2b_batch,
];

async fn run(
    state: &State,
    staff: &Staff<RequireReviewer>,
    cases: Vec<CaseNumber>,
    format: Format,
    filename: String,
    batch: Option<Refusals>,
) -> Result<HttpResponse, AppError> {
    let refusals = batch.unwrap_or(Refusals::WriteTheRest);
    let delivery = deliver::deliver(
        state.intake.db(),
        &staff.session.actor(),
        cases.clone(),
        format,
        state.config.e2b.clone(),
        refusals,
    )
    .await?;
    match delivery {
        Delivery::PartlyRefused { written, refused } => {
            let page = BatchRefusalsPage {
                layout: layout(state, "Some cases cannot go to FDA"),
                bar: bar(&staff.session),
                cases_field: cases
                    .iter()
                    .map(CaseNumber::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                total: cases.len(),
                written: written.len(),
                refused_cases: {
                    let mut c: Vec<String> = refused.iter().map(|(c, _)| c.clone()).collect();
                    c.dedup();
                    c
                },
                refused: refused.into_iter().map(failed_rule).collect(),
            };
            Ok(html(StatusCode::OK, page.render()?))
        }
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
        Delivery::NotFound(case) if batch.is_some() => {
            // A batch names the case that does not exist, not a generic 404.
            let page = RefusedPage {
                layout: layout(state, &format!("There is no case {case}")),
                bar: bar(&staff.session),
                cases: cases
                    .into_iter()
                    .filter(|c| c.as_str() != case)
                    .map(CaseNumber::into_string)
                    .collect(),
                failed: Vec::new(),
                unknown: Some(case),
                batch: true,
            };
            Ok(html(StatusCode::NOT_FOUND, page.render()?))
        }
        Delivery::NotFound(_) => Err(AppError::NotFound),
        Delivery::Refused(found) => {
            let page = RefusedPage {
                layout: layout(state, "E2B(R3) export refused"),
                bar: bar(&staff.session),
                cases: cases.into_iter().map(CaseNumber::into_string).collect(),
                failed: found.into_iter().map(failed_rule).collect(),
                unknown: None,
                batch: batch.is_some(),
            };
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()?))
        }
    }
}

fn failed_rule((case, f): (String, Finding)) -> FailedRule {
    FailedRule {
        case: if case.is_empty() {
            "all cases".into()
        } else {
            case
        },
        rule: f.rule,
        element: f.element,
        message: f.message,
    }
}

/// The case numbers left out of a batch (listed with their rules in the
/// file's opening comment), for the response header.
fn refused_cases(refused: &[(String, Finding)]) -> String {
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
    run(&state, &staff, vec![case], Format::E2b, name, None).await
}

pub async fn fhir_r4(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let name = format!("{case}-fhir-r4.json");
    run(&state, &staff, vec![case], Format::FhirR4, name, None).await
}

pub async fn fhir_r5(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let name = format!("{case}-fhir-r5.json");
    run(&state, &staff, vec![case], Format::FhirR5, name, None).await
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
    let mut cases: Vec<CaseNumber> = Vec::new();
    for c in form
        .get("cases")
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|c| !c.is_empty())
    {
        let Some(case) = CaseNumber::exact(c) else {
            return Err(AppError::BadRequest(format!("{c:?} is not a case number.")));
        };
        if !cases.contains(&case) {
            cases.push(case);
        }
    }
    if cases.is_empty() {
        return Err(AppError::BadRequest(
            "Name at least one case number.".into(),
        ));
    }
    let name = format!("canary-e2b-r3-batch-{}.xml", cases.len());
    // The page of refused cases re-posts the same numbers with this flag.
    let refusals = if form.get("accept_refusals") == "1" {
        Refusals::WriteTheRest
    } else {
        Refusals::ShowFirst
    };
    run(&state, &staff, cases, Format::E2b, name, Some(refusals)).await
}
