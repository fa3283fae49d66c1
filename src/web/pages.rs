//! Static pages: home, privacy, health check and the stylesheet.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::{html, AppError, State};
use crate::views::{HomePage, Layout, PrivacyPage};

pub async fn home(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    let lang = super::lang::of(&req, &state);
    let page = HomePage {
        layout: Layout::public(
            lang.t().home_page_title,
            &state.config.urgent_help,
            lang,
            "/",
        ),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

pub async fn privacy(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    let lang = super::lang::of(&req, &state);
    let page = PrivacyPage {
        layout: Layout::public(
            lang.t().privacy_page_title,
            &state.config.urgent_help,
            lang,
            "/privacy",
        ),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

/// Liveness and readiness: answers 200 only when the database answers.
pub async fn healthz(state: State) -> Result<HttpResponse, AppError> {
    state.intake.ping().await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok"))
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .body(include_str!("../../static/canary.css"))
}
