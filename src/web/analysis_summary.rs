//! The periodic summary (`/analysis/summary`): a printable page, and the
//! same summary as PDF or CSV downloads, each download audited. Analysts
//! and admins only.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{Datelike, Months};

use super::staff::{bar, layout};
use super::{error, html, AppError, State};
use crate::analysis::summary::{self, Period, Summary};
use crate::analysis::summary_out;
use crate::audit::{self, Event};
use crate::auth::roles::{RequireAnalyst, Staff};
use crate::form::{FieldErrors, RawForm};
use crate::report::options::Substance;
use crate::views::analysis::SummaryPage;
use crate::views::options::of;
use crate::views::report::FormState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let not_allowed = || web::to(error::method_not_allowed);
    cfg.service(
        web::resource("/analysis/summary")
            .route(web::get().to(page))
            .default_service(not_allowed()),
    )
    .service(
        web::resource("/analysis/summary.pdf")
            .route(web::get().to(pdf))
            .default_service(not_allowed()),
    )
    .service(
        web::resource("/analysis/summary.csv")
            .route(web::get().to(csv))
            .default_service(not_allowed()),
    );
}

fn query(req: &HttpRequest) -> Result<RawForm, AppError> {
    RawForm::decode(req.query_string().as_bytes())
        .map_err(|_| AppError::BadRequest("The period could not be read.".into()))
}

/// The last six months up to this one.
fn default_period() -> Period {
    let today = chrono::Utc::now().date_naive();
    let first = today.with_day(1).unwrap_or(today);
    let from = first.checked_sub_months(Months::new(5)).unwrap_or(first);
    let to = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(today);
    Period {
        from,
        to,
        substance: None,
    }
}

async fn load(state: &State, period: Period) -> Result<Summary, AppError> {
    Ok(state
        .intake
        .db()
        .read(move |c| summary::load(c, &period))
        .await?)
}

pub async fn page(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAnalyst>,
) -> Result<HttpResponse, AppError> {
    let q = query(&req)?;
    let (period, errors, status) = if q.get("from").is_empty() && q.get("to").is_empty() {
        (default_period(), FieldErrors::default(), StatusCode::OK)
    } else {
        match Period::from_form(&q) {
            Ok(p) => (p, FieldErrors::default(), StatusCode::OK),
            Err(e) => (default_period(), e, StatusCode::UNPROCESSABLE_ENTITY),
        }
    };
    let s = load(&state, period).await?;
    let page = SummaryPage {
        layout: layout(&state, "Periodic summary").wide(),
        bar: bar(&staff.session),
        f: FormState::new(q, errors),
        substances: of::<Substance>(),
        query: s.period.query(),
        flags: s.flags.iter().map(super::analysis::signal_view).collect(),
        s,
    };
    Ok(html(status, page.render()?))
}

/// Parse the period of a download (it must be given), load and audit it.
async fn export(
    req: &HttpRequest,
    state: &State,
    staff: &Staff<RequireAnalyst>,
    format: &'static str,
) -> Result<Summary, AppError> {
    let period = Period::from_form(&query(req)?).map_err(|e| {
        AppError::BadRequest(format!(
            "Choose the period as from=YYYY-MM&to=YYYY-MM ({} problem(s)).",
            e.len()
        ))
    })?;
    let s = load(state, period).await?;
    let actor = staff.session.actor();
    let event = Event::new("summary_exported", "analysis", None).change(
        format,
        None,
        Some(&s.period.describe()),
    );
    state
        .intake
        .db()
        .write(move |c| audit::append(c, &actor, event).map(|_| ()))
        .await?;
    Ok(s)
}

fn download(body: Vec<u8>, content_type: &str, name: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type.to_owned()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

fn file_name(s: &Summary, ext: &str) -> String {
    format!(
        "canary-summary-{}-{}.{ext}",
        s.period.from.format("%Y-%m"),
        s.period.to.format("%Y-%m")
    )
}

pub async fn pdf(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAnalyst>,
) -> Result<HttpResponse, AppError> {
    let s = export(&req, &state, &staff, "pdf").await?;
    Ok(download(
        summary_out::pdf(&s),
        "application/pdf",
        file_name(&s, "pdf"),
    ))
}

pub async fn csv(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAnalyst>,
) -> Result<HttpResponse, AppError> {
    let s = export(&req, &state, &staff, "csv").await?;
    let body = summary_out::csv(&s).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        body,
        "text/csv; charset=utf-8",
        file_name(&s, "csv"),
    ))
}
