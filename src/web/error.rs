//! The one web error type. Each variant knows its status and the page the
//! person sees; server faults are logged with a reference id (and their
//! cause chain) and shown only as that reference.

use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;

use super::{html, State};
use crate::config::UrgentHelp;
use crate::i18n::Lang;
use crate::views::{ErrorPage, Layout};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("body too large")]
    TooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("rate limited")]
    TooManyRequests { retry_after: u64 },
    #[error("sign-in required")]
    LoginRequired,
    #[error("second factor to set up first")]
    EnrolmentRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("database: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("auth: {0}")]
    Auth(#[from] crate::auth::AuthError),
    #[error("internal: {0}")]
    Internal(String),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
}

impl AppError {
    fn page(&self) -> (&'static str, String) {
        match self {
            Self::BadRequest(msg) => ("We could not read that form", format!("{msg} Please go back and try again.")),
            Self::TooLarge => (
                "That was too much to send at once",
                "Your answers were larger than we can accept (64 KB). Please shorten the longest answers and try again."
                    .into(),
            ),
            Self::UnsupportedMediaType => (
                "We could not read that form",
                "Please send the form from Canary's own pages.".into(),
            ),
            Self::TooManyRequests { retry_after } => (
                "Please wait a little",
                format!(
                    "We have received many reports from your network in a short time. Please try again in about {} minutes. Your answers were not lost if you go back.",
                    retry_after.div_ceil(60)
                ),
            ),
            Self::LoginRequired => (
                "Please sign in",
                "Your session has ended. Please sign in again.".into(),
            ),
            Self::EnrolmentRequired => (
                "Set up two-step sign-in first",
                "Your role requires a code from an authenticator app. Set it up on your account page.".into(),
            ),
            Self::Forbidden => (
                "Not allowed",
                "You do not have permission to do that. If you think you should, ask an administrator."
                    .into(),
            ),
            Self::NotFound => (
                "Page not found",
                "There is no page at this address. Start again from the home page.".into(),
            ),
            Self::Db(_) | Self::Template(_) | Self::Auth(_) | Self::Internal(_) => {
                ("Something went wrong", String::new())
            }
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::LoginRequired | Self::EnrolmentRequired => StatusCode::SEE_OTHER,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Db(_) | Self::Template(_) | Self::Auth(_) | Self::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// Rendered without the deployment's settings; [`ErrorPages`](super::middleware::ErrorPages)
    /// renders it again with them. Server faults are logged here, once.
    fn error_response(&self) -> HttpResponse {
        let reference = self.status_code().is_server_error().then(|| {
            let id = hex::encode(crate::crypto::random_bytes::<4>());
            tracing::error!(reference = %id, error = %self, "request failed");
            id
        });
        self.page_response(&UrgentHelp::default(), reference, Lang::english())
    }
}

impl AppError {
    /// The error page in `lang`, showing the deployment's urgent-help numbers.
    pub fn page_response(
        &self,
        help: &UrgentHelp,
        reference: Option<String>,
        lang: Lang,
    ) -> HttpResponse {
        if let Self::LoginRequired = self {
            // No session (or an ended one): to the login page, never the content.
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/staff/login"))
                .finish();
        }
        if let Self::EnrolmentRequired = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/staff/account"))
                .finish();
        }
        let (title, mut message) = self.page();
        if let Some(id) = &reference {
            message = format!(
                "Your answers were not saved. Please try again in a few minutes. If it keeps happening, quote reference {id}."
            );
        }
        let page = error_page(help, lang, title, &message, reference.clone());
        let body = page
            .render()
            .unwrap_or_else(|_| format!("{}. {}", page.title, page.message));
        let mut response = html(self.status_code(), body);
        let mut add = |name: HeaderName, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        };
        if let Self::TooManyRequests { retry_after } = self {
            add(header::RETRY_AFTER, retry_after.to_string());
        }
        if let Some(id) = reference {
            add(HeaderName::from_static(REFERENCE_HEADER), id);
        }
        response
    }
}

/// Carries a server fault's reference from the first rendering to the second.
pub const REFERENCE_HEADER: &str = "x-canary-reference";

pub async fn not_found(req: HttpRequest, state: State) -> HttpResponse {
    simple(
        &req,
        &state,
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address. Start again from the home page.",
    )
}

pub async fn method_not_allowed(req: HttpRequest, state: State) -> HttpResponse {
    simple(
        &req,
        &state,
        StatusCode::METHOD_NOT_ALLOWED,
        "Not allowed",
        "This page cannot be used that way.",
    )
}

fn simple(
    req: &HttpRequest,
    state: &State,
    status: StatusCode,
    title: &'static str,
    message: &str,
) -> HttpResponse {
    let lang = page_language(req, state);
    let page = error_page(&state.config.urgent_help, lang, title, message, None);
    html(status, page.render().unwrap_or_else(|_| page.title.clone()))
}

/// The language of an error page: a reporter's choice on the public side,
/// English on staff pages (which are English throughout).
pub fn page_language(req: &HttpRequest, state: &State) -> Lang {
    const STAFF: [&str; 3] = ["/staff", "/review", "/analysis"];
    if STAFF.iter().any(|p| req.path().starts_with(p)) {
        Lang::english()
    } else {
        super::lang::of(req, state)
    }
}

/// An error page whose English title and message are put into `lang`.
fn error_page(
    help: &UrgentHelp,
    lang: Lang,
    title: &str,
    message: &str,
    reference: Option<String>,
) -> ErrorPage {
    let title = lang.text(title);
    let layout = if lang.is_english() {
        Layout::new(&title, help)
    } else {
        Layout::public(&title, help, lang, "/")
    };
    ErrorPage {
        layout,
        title,
        message: lang.text(message),
        reference,
    }
}
