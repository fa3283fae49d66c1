//! HTTP: the route table and what every handler shares. Handlers are thin:
//! read the request, call the domain, render a view.

mod account;
mod admin;
mod analysis;
mod analysis_summary;
mod assess;
mod audit;
mod error;
mod export;
mod followup;
mod interchange;
mod middleware;
mod pages;
mod password;
mod poison_npds;
mod poison_send;
mod report;
mod review;
mod settings;
mod sheets;
pub mod staff;

use std::net::IpAddr;

use actix_web::http::header::{self, ContentType};
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::abuse::ClientKey;
use crate::form::RawForm;
use crate::startup::AppState;
pub use error::AppError;

/// Largest request body accepted (the full report form is about 8 KiB).
pub const MAX_BODY: usize = 64 * 1024;

pub type State = web::Data<AppState>;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("")
            .wrap(middleware::ErrorPages)
            .wrap(middleware::SecurityHeaders)
            .wrap(middleware::AccessLog)
            .route("/", web::get().to(pages::home))
            .route("/privacy", web::get().to(pages::privacy))
            .route("/healthz", web::get().to(pages::healthz))
            .route("/static/canary.css", web::get().to(pages::stylesheet))
            .service(
                web::resource("/report")
                    .route(web::get().to(report::show_form))
                    .route(web::post().to(report::post_form))
                    .default_service(web::to(error::method_not_allowed)),
            )
            .route("/report/receipt", web::get().to(report::receipt))
            .route("/report/thanks", web::get().to(report::thanks))
            .service(
                web::resource("/follow-up")
                    .route(web::get().to(followup::show_form))
                    .route(web::post().to(followup::post_form))
                    .default_service(web::to(error::method_not_allowed)),
            )
            .configure(staff::routes)
            .configure(review::routes)
            .configure(assess::routes)
            .configure(audit::routes)
            .configure(sheets::routes)
            .configure(export::routes)
            .configure(interchange::routes)
            .configure(analysis::routes)
            .configure(analysis_summary::routes)
            .default_service(web::to(error::not_found)),
    );
}

/// A rendered page with its status.
pub fn html(status: actix_web::http::StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(body)
}

/// The client's address: the TCP peer, or what a trusted proxy's header
/// says (see [`crate::config::TrustedProxies::client`]).
fn client_ip(req: &HttpRequest, state: &AppState) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip());
    let Some(name) = &state.config.client_ip_header else {
        return peer;
    };
    let forwarded = req
        .headers()
        .get_all(name.as_str())
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let header = (!forwarded.is_empty()).then_some(forwarded.as_str());
    state.config.trusted_proxies.client(peer, header)
}

pub fn client_key(req: &HttpRequest, state: &AppState) -> ClientKey {
    state.limiter.client_key(client_ip(req, state))
}

/// Read a urlencoded form body strictly: 415 for other content types, 413
/// past [`MAX_BODY`], 400 for invalid UTF-8 or repeated fields.
pub async fn read_form(req: &HttpRequest, mut payload: web::Payload) -> Result<RawForm, AppError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(AppError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(AppError::TooLarge);
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(AppError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    RawForm::decode(&body).map_err(|e| AppError::BadRequest(e.to_string()))
}
