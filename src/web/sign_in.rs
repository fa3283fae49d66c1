//! Staff sign-in (the password step; the code step is `account`'s) and
//! sign-out. Every refusal reads the same, and failures are throttled per
//! client and per account.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::staff::{login_page, sign_in_allowed, staff_form, too_many};
use super::staff_guard::Staff;
use super::{cookie, same_site_form, AppError, State};
use crate::auth::login::{self, Attempt, Outcome};
use crate::auth::roles::OwnAccount;
use crate::auth::sessions;
use crate::web::route::{routes, Route};

pub(super) const ROUTES: &[Route] = routes![
    Get "/staff/login" Anyone NotAllowed => login_form,
    Post "/staff/login" Anyone NotAllowed => login_post,
    Post "/staff/logout" ReadReports NotAllowed => logout,
];

/// One answer for unknown accounts, wrong passwords and disabled accounts.
const REFUSED: &str = "That e-mail address and password do not match an active account.";
const THROTTLED: &str = "Too many failed sign-ins for this account. Please wait and try again.";

pub async fn login_form(state: State) -> Result<HttpResponse, AppError> {
    login_page(&state, StatusCode::OK, None)
}

pub async fn login_post(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    let form = same_site_form(&req, payload).await?;
    let client = match sign_in_allowed(&req, &state) {
        Ok(client) => client,
        Err(wait) => return throttled(&state, wait),
    };
    let attempt = Attempt {
        email: form.get("email").to_owned(),
        password: form.get("password").to_owned(),
        previous_session: cookie::SESSION.read(&req, state.config.cookie_secure),
        device: cookie::DEVICE.read(&req, state.config.cookie_secure),
    };
    let intake = &state.intake;
    match login::login(intake.db(), intake.keys(), &state.config.staff, attempt).await? {
        Outcome::Success { token, device } => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff"))
            .append_header((
                header::SET_COOKIE,
                cookie::SESSION.set(&token, state.config.cookie_secure),
            ))
            .append_header((
                header::SET_COOKIE,
                cookie::DEVICE.set(&device, state.config.cookie_secure),
            ))
            .finish()),
        Outcome::CodeNeeded { pending } => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff/login/code"))
            .insert_header((
                header::SET_COOKIE,
                cookie::PENDING.set(&pending, state.config.cookie_secure),
            ))
            .finish()),
        Outcome::Refused => {
            state.limiter.login_failed(client);
            tracing::info!(event = "login_failed", "staff sign-in refused");
            login_page(&state, StatusCode::UNAUTHORIZED, Some(REFUSED))
        }
        Outcome::Throttled { retry_after } => throttled(&state, retry_after),
    }
}

fn throttled(state: &State, retry_after: u64) -> Result<HttpResponse, AppError> {
    too_many(
        login_page(state, StatusCode::TOO_MANY_REQUESTS, Some(THROTTLED)),
        retry_after,
    )
}

pub async fn logout(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    staff_form(&req, payload, &staff.session).await?;
    sessions::end(state.intake.db(), staff.session).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/staff/login"))
        .insert_header((
            header::SET_COOKIE,
            cookie::SESSION.clear(state.config.cookie_secure),
        ))
        .finish())
}
