//! Static pages: home, privacy, health check and the stylesheet.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use super::{html, AppError, State};
use crate::views::{HomePage, Layout, PrivacyPage};

pub async fn home(state: State) -> Result<HttpResponse, AppError> {
    let page = HomePage {
        layout: Layout::new("Report a bad reaction", &state.config.urgent_help),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

pub async fn privacy(state: State) -> Result<HttpResponse, AppError> {
    let page = PrivacyPage {
        layout: Layout::new("Privacy", &state.config.urgent_help),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

/// Liveness and readiness: answers 200 only when the database answers.
pub async fn healthz(state: State) -> Result<HttpResponse, AppError> {
    state.intake.db().read(crate::db::reports::ping).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok"))
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .body(include_str!("../../static/canary.css"))
}
