//! Handlers of the per-case printables (reviewer and admin): the MedWatch
//! answer sheet as a page and a PDF (`?form=3500b|3500`), and the
//! poison-center summary as a page and a PDF. Each view is an export and
//! writes an audit event naming the format. Sending the summary and the
//! admin's address setting live in `poison_send`.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::poison_npds::{coding_of, defaults, form_values};
use super::review::case_param;
use super::staff::{bar, layout};
use super::{html, AppError, State};
use crate::auth::roles::{RequireReviewer, Staff};
use crate::auth::sessions::CurrentSession;
use crate::export::case::CaseFile;
use crate::export::medwatch::{self, document::document, Form};
use crate::export::{audited, pdf, poison};
use crate::form::{FieldErrors, RawForm};
use crate::views::report::FormState;
use crate::views::sheets::{MedwatchPage, PoisonPage};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/review/{case}/medwatch", web::get().to(medwatch_page))
        .route("/review/{case}/medwatch.pdf", web::get().to(medwatch_pdf))
        .route("/review/{case}/poison-center", web::get().to(poison_page))
        .route(
            "/review/{case}/poison-center.pdf",
            web::get().to(poison_pdf),
        )
        .configure(super::poison_send::routes)
        .configure(super::poison_npds::routes);
}

fn query(req: &HttpRequest) -> Result<RawForm, AppError> {
    RawForm::decode(req.query_string().as_bytes())
        .map_err(|_| AppError::BadRequest("The address could not be read.".into()))
}

fn form_of(req: &HttpRequest) -> Result<Form, AppError> {
    Form::parse(query(req)?.get("form"))
        .ok_or_else(|| AppError::BadRequest("Unknown form: use form=3500b or form=3500.".into()))
}

/// Load the case and record the export in one transaction; 404 if none.
pub(super) async fn load(
    state: &State,
    session: &CurrentSession,
    case: &str,
    format: &'static str,
) -> Result<CaseFile, AppError> {
    let actor = session.actor();
    let case = case.to_owned();
    state
        .intake
        .db()
        .write(move |c| audited::load(c, &actor, &case, format))
        .await?
        .ok_or(AppError::NotFound)
}

/// "2026-11-27 22:40 UTC".
fn now_text() -> String {
    crate::db::now().format("%Y-%m-%d %H:%M UTC").to_string()
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
    let sheet = medwatch::sheet(&file, form, crate::db::now().date());
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
    let sheet = medwatch::sheet(&file, form, crate::db::now().date());
    let bytes = pdf::render(&document(&sheet, &now_text()));
    Ok(pdf_response(
        bytes,
        format!("{case}-medwatch-{}.pdf", form.code()),
    ))
}

pub(super) fn summary_of(
    state: &State,
    file: &CaseFile,
    coding: &poison::npds::Coding,
) -> poison::Summary {
    let help = &state.config.urgent_help;
    poison::summary(
        file,
        coding,
        &now_text(),
        poison::banner(&help.emergency_number, &help.poison_help),
    )
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
    let recipient = state
        .intake
        .db()
        .read(crate::db::poison_center::recipient)
        .await?;
    let coding = coding_of(&state, &file).await?;
    let page = PoisonPage {
        layout: layout(&state, &format!("Poison-center summary, case {case}")).wide(),
        bar: bar(&staff.session),
        summary: summary_of(&state, &file, &coding),
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
    let coding = coding_of(&state, &file).await?;
    let summary = summary_of(&state, &file, &coding);
    let bytes = pdf::render(&poison::render::document(&summary));
    Ok(pdf_response(bytes, format!("{case}-poison-center.pdf")))
}
