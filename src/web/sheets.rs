//! Handlers of the per-case printables (reviewer and admin): the MedWatch
//! answer sheet as a page and a PDF (`?form=3500b|3500`), and the
//! poison-center summary as a page and a PDF. Each view is an export and
//! writes an audit event naming the format. Sending the summary and the
//! admin's address setting live in `poison_send`.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::poison_npds::{defaults, form_values};
use super::review::case_param;
use super::staff::{bar, layout};
use super::{html, AppError, State};
use crate::auth::roles::RequireReviewer;
use crate::auth::sessions::CurrentSession;
use crate::export::case::CaseFile;
use crate::export::medwatch::{self, document::document, Form};
use crate::export::{pdf, poison};
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;
use crate::review::poison::{self as poison_center, coding_of};
use crate::review::sheets::{self, now_text, today};
use crate::views::report::FormState;
use crate::views::sheets::{MedwatchPage, PoisonPage};
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

pub(super) const ROUTES: &[Route] = routes![
    Get "/review/{case}/medwatch" Triage FallThrough => medwatch_page,
    Get "/review/{case}/medwatch.pdf" Triage FallThrough => medwatch_pdf,
    Get "/review/{case}/poison-center" Triage FallThrough => poison_page,
    Get "/review/{case}/poison-center.pdf" Triage FallThrough => poison_pdf,
];

fn query(req: &HttpRequest) -> Result<RawForm, AppError> {
    RawForm::decode(req.query_string().as_bytes())
        .map_err(|_| AppError::BadRequest("The address could not be read.".into()))
}

fn form_of(req: &HttpRequest) -> Result<Form, AppError> {
    Form::parse(query(req)?.get("form"))
        .ok_or_else(|| AppError::BadRequest("Unknown form: use form=3500b or form=3500.".into()))
}

/// Load the case and record the export in one transaction; 404 if none.
async fn load(
    state: &State,
    session: &CurrentSession,
    case: &CaseNumber,
    format: &'static str,
) -> Result<CaseFile, AppError> {
    sheets::open(state.intake.db(), session.actor(), case.clone(), format)
        .await?
        .ok_or(AppError::NotFound)
}

fn pdf_response(bytes: Vec<u8>, filename: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes)
}

pub async fn medwatch_page(
    req: HttpRequest,
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let form = form_of(&req)?;
    let format = match form {
        Form::Consumer => "medwatch-3500b-html",
        Form::Professional => "medwatch-3500-html",
    };
    let file = load(&state, &staff.session, &case, format).await?;
    let sheet = medwatch::sheet(&file, form, today());
    let other = match form {
        Form::Consumer => Form::Professional,
        Form::Professional => Form::Consumer,
    };
    let page = MedwatchPage {
        layout: layout(&state, &sheet.title()).wide(),
        bar: bar(&staff.session),
        sheet,
        generated: now_text(),
        other: (other.code(), other.name()),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

pub async fn medwatch_pdf(
    req: HttpRequest,
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let form = form_of(&req)?;
    let format = match form {
        Form::Consumer => "medwatch-3500b-pdf",
        Form::Professional => "medwatch-3500-pdf",
    };
    let file = load(&state, &staff.session, &case, format).await?;
    let sheet = medwatch::sheet(&file, form, today());
    let bytes = pdf::render(&document(&sheet, &now_text()));
    Ok(pdf_response(
        bytes,
        format!("{case}-medwatch-{}.pdf", form.code()),
    ))
}

pub async fn poison_page(
    req: HttpRequest,
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let q = query(&req)?;
    let sent = q.get("sent") == "1";
    let file = load(&state, &staff.session, &case, "poison-center-html").await?;
    let db = state.intake.db();
    let recipient = poison_center::recipient(db).await?;
    let coding = coding_of(db, file.stored.id.clone()).await?;
    let page = PoisonPage {
        layout: layout(&state, &format!("Poison-center summary, case {case}")).wide(),
        bar: bar(&staff.session),
        summary: poison_center::summary(&state.config.urgent_help, &file, &coding),
        npds: FormState::new(form_values(&coding), FieldErrors::default()),
        defaults: defaults(&file),
        coded: q.get("coded") == "1",
        sent_to: recipient.clone().filter(|_| sent),
        recipient,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

pub async fn poison_pdf(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let file = load(&state, &staff.session, &case, "poison-center-pdf").await?;
    let coding = coding_of(state.intake.db(), file.stored.id.clone()).await?;
    let summary = poison_center::summary(&state.config.urgent_help, &file, &coding);
    let bytes = pdf::render(&poison::render::document(&summary));
    Ok(pdf_response(bytes, format!("{case}-poison-center.pdf")))
}
