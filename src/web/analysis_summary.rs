//! The periodic summary (`/analysis/summary`): a printable page, and the
//! same summary as PDF or CSV downloads, each download audited. Analysts
//! and admins only.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use chrono::{Datelike, Months};

use super::staff::{bar, layout};
use super::{html, AppError, State};
use crate::analysis::periodic::{Period, Summary};
use crate::analysis::{summary, summary_out};
use crate::auth::roles::RequireAnalyst;
use crate::form::{FieldErrors, RawForm};
use crate::report::options::Substance;
use crate::views::analysis::SummaryPage;
use crate::views::options::of;
use crate::views::report::FormState;
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

pub(super) const ROUTES: &[Route] = routes![
    Get "/analysis/summary" Export NotAllowed => page,
    Get "/analysis/summary.pdf" Export NotAllowed => pdf,
    Get "/analysis/summary.csv" Export NotAllowed => csv,
];

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
    let s = summary::show(state.intake.db(), period).await?;
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

/// Parse the period of a download (it must be given); load and audit it.
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
    Ok(summary::export(state.intake.db(), &staff.session.actor(), period, format).await?)
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
