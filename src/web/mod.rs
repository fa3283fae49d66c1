//! HTTP: the route table (each area declares its routes and who may use
//! them, see `route`) and what every handler shares. Handlers are thin:
//! read the request, call a use case, render a view.

mod account;
mod admin;
mod analysis;
mod analysis_summary;
mod assess;
mod audit;
pub mod cookie;
mod error;
mod export;
mod followup;
mod interchange;
mod lang;
mod middleware;
mod pages;
mod password;
mod poison_npds;
mod poison_send;
mod public_data;
mod report;
mod review;
pub mod route;
mod settings;
mod sheets;
mod sign_in;
mod staff;
pub mod staff_guard;
mod staff_home;
pub mod state;

use std::net::IpAddr;

use actix_web::http::header::{self, ContentType};
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::abuse::ClientKey;
use crate::form::RawForm;
pub use error::AppError;
use route::{routes, Route};
use state::AppState;

/// Largest request body accepted (the full report form is about 8 KiB).
pub const MAX_BODY: usize = 64 * 1024;

pub type State = web::Data<AppState>;

/// The public pages and the report and follow-up forms.
const PUBLIC: &[Route] = routes![
    Get "/" Anyone FallThrough => pages::home,
    Get "/privacy" Anyone FallThrough => pages::privacy,
    Get "/healthz" Anyone FallThrough => pages::healthz,
    Get "/static/canary.css" Anyone FallThrough => pages::stylesheet,
    Get "/report" Anyone NotAllowed => report::show_form,
    Post "/report" Anyone NotAllowed => report::post_form,
    Get "/report/receipt" Anyone FallThrough => report::receipt,
    Get "/report/thanks" Anyone FallThrough => report::thanks,
    Get "/language/{code}" Anyone FallThrough => lang::switch,
    Get "/follow-up" Anyone NotAllowed => followup::show_form,
    Post "/follow-up" Anyone NotAllowed => followup::post_form,
];

/// Every area's routes, in the order they are matched.
const AREAS: &[&[Route]] = &[
    PUBLIC,
    sign_in::ROUTES,
    account::ROUTES,
    staff_home::ROUTES,
    admin::ROUTES,
    settings::ROUTES,
    password::ROUTES,
    review::ROUTES,
    assess::ROUTES,
    audit::ROUTES,
    sheets::ROUTES,
    poison_send::ROUTES,
    poison_npds::ROUTES,
    export::ROUTES,
    interchange::ROUTES,
    analysis::ROUTES,
    analysis_summary::ROUTES,
    public_data::ROUTES,
];

/// Every route Canary answers, each with who may use it.
pub fn all_routes() -> impl Iterator<Item = &'static Route> + Clone {
    AREAS.iter().flat_map(|area| area.iter())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("")
            .wrap(middleware::ErrorPages)
            .wrap(middleware::SecurityHeaders)
            .wrap(middleware::AccessLog)
            .configure(|cfg| route::register(cfg, all_routes()))
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

/// A form posted by someone not signed in (sign-in, reset, follow-up): no
/// session token to check, so a cross-site post is refused by its origin.
pub async fn same_site_form(req: &HttpRequest, payload: web::Payload) -> Result<RawForm, AppError> {
    if !crate::auth::csrf::same_origin(req) {
        return Err(AppError::Forbidden);
    }
    read_form(req, payload).await
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
