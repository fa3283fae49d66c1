//! The reporter's language: read from the `lang` cookie or Accept-Language,
//! and chosen with a plain link (`/language/{code}?back=/report`) that keeps
//! the choice in a cookie (`canary-lang`) holding only the language code.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use super::cookie::{Cookie, SameSite};
use super::State;
use crate::i18n::Lang;

/// Keeps a chosen language: its value is only a language code.
const LANG: Cookie = Cookie {
    base: "canary-lang",
    same_site: SameSite::Lax,
    max_age: Some(365 * 24 * 3600),
    max_len: 8,
};

/// Pages a language link may return to; anything else goes home.
const BACK: &[&str] = &["/", "/report", "/follow-up", "/privacy", "/report/thanks"];

/// The language of a reporter page for this request.
pub fn of(req: &HttpRequest, state: &State) -> Lang {
    let cookie = LANG.read(req, state.config.cookie_secure);
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie.as_deref(), accept)
}

/// Where a language link returns: a listed page, else home.
pub fn back_to(query: &str) -> &'static str {
    let wanted = query
        .split('&')
        .find_map(|p| p.strip_prefix("back="))
        .map(|v| v.replace("%2F", "/").replace("%2f", "/"))
        .unwrap_or_default();
    BACK.iter().copied().find(|b| *b == wanted).unwrap_or("/")
}

/// `GET /language/{code}`: remember the language and go back.
pub async fn switch(
    req: HttpRequest,
    code: web::Path<String>,
    state: State,
) -> Result<HttpResponse, super::AppError> {
    let lang = Lang::from_code(&code).ok_or(super::AppError::NotFound)?;
    let cookie = LANG.set(lang.code(), state.config.cookie_secure);
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back_to(req.query_string())))
        .insert_header((header::SET_COOKIE, cookie))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}
