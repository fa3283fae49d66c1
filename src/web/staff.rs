//! What every staff page shares: the page layout, the bar at the top, the
//! sign-in page (shown again on a refused sign-in), the sign-in throttle
//! both sign-in steps share, and reading a staff form with its CSRF token
//! checked.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::{client_key, html, read_form, AppError, State};
use crate::abuse::ClientKey;
use crate::auth::csrf;
use crate::auth::roles::Permission;
use crate::auth::sessions::CurrentSession;
use crate::form::{FieldErrors, RawForm};
use crate::views::report::FormState;
use crate::views::staff::{LoginPage, StaffBar};
use crate::views::Layout;

pub(super) fn layout(state: &State, title: &str) -> Layout {
    Layout::new(title, &state.config.urgent_help)
}

pub(super) fn bar(session: &CurrentSession) -> StaffBar {
    StaffBar {
        email: session.email.clone(),
        role: session.role.label(),
        csrf: session.csrf_token.clone(),
        can_manage_users: session.role.can(Permission::ManageUsers),
    }
}

pub(super) fn login_page(
    state: &State,
    status: StatusCode,
    message: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let page = LoginPage {
        layout: layout(state, "Staff sign-in"),
        // The address is not echoed back: every refusal reads the same.
        f: FormState::new(RawForm::default(), FieldErrors::default()),
        message,
    };
    Ok(html(status, page.render()?))
}

/// Read a staff form and check its CSRF token against the session's.
pub(super) async fn staff_form(
    req: &HttpRequest,
    payload: web::Payload,
    session: &CurrentSession,
) -> Result<RawForm, AppError> {
    let form = read_form(req, payload).await?;
    if !csrf::token_ok(session, form.get("csrf")) {
        tracing::warn!(user = %session.user_id, "csrf token refused");
        return Err(AppError::Forbidden);
    }
    Ok(form)
}

/// This client's key if it may try another sign-in step (password or
/// code), else the seconds it must wait.
pub(super) fn sign_in_allowed(req: &HttpRequest, state: &State) -> Result<ClientKey, u64> {
    let client = client_key(req, state);
    let per_client = state.config.staff.login_failures_per_client_per_hour;
    state
        .limiter
        .login_allowed(client, per_client)
        .map(|()| client)
        .map_err(|wait| wait.0)
}

/// A throttled answer: `page` with status 429 and `Retry-After`.
pub(super) fn too_many(
    page: Result<HttpResponse, AppError>,
    retry_after: u64,
) -> Result<HttpResponse, AppError> {
    let mut response = page?;
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(response)
}
