//! Handlers of a staff member's own account (`/staff/account`: password,
//! two-step sign-in) and of the second sign-in step (`/staff/login/code`).

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::cookie;
use super::staff::{bar, layout, login_page, sign_in_allowed, staff_form, too_many};
use super::staff_guard::Staff;
use super::{html, same_site_form, AppError, State};
use crate::auth::account::{self, Problem};
use crate::auth::login_code::{self, CodeAttempt, CodeOutcome};
use crate::auth::policy;
use crate::auth::roles::OwnAccount;
use crate::form::{FieldErrors, RawForm};
use crate::views::account::{AccountPage, LoginCodePage, Setup};
use crate::views::report::FormState;
use crate::web::route::{routes, Route};

pub(super) const ROUTES: &[Route] = routes![
    Get "/staff/login/code" Anyone NotAllowed => code_form,
    Post "/staff/login/code" Anyone NotAllowed => code_post,
    Get "/staff/account" ReadReports FallThrough => show,
    Post "/staff/account/password" ReadReports FallThrough => change_password,
    Post "/staff/account/totp/start" ReadReports FallThrough => start_totp,
    Post "/staff/account/totp/confirm" ReadReports FallThrough => confirm_totp,
    Post "/staff/account/totp/off" ReadReports FallThrough => turn_off_totp,
];

const WRONG_CODE: &str =
    "That code is not right, or was already used. Type the code your app shows now.";
const EXPIRED: &str = "Your sign-in was not finished in time. Please sign in again.";
const THROTTLED: &str = "Too many failed sign-ins for this account. Please wait and try again.";

/// What a finished change says on the account page (`?done=…`).
fn notice(done: &str) -> Option<&'static str> {
    Some(match done {
        "password" => "Your password has been changed. Your other sessions have ended.",
        "totp-on" => {
            "Two-step sign-in is on. From now on you will be asked for a code when you sign in."
        }
        "totp-off" => "Two-step sign-in is off.",
        _ => return None,
    })
}

pub async fn show(
    req: HttpRequest,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    let done = req.query_string().strip_prefix("done=").unwrap_or("");
    let empty = FormState::new(RawForm::default(), FieldErrors::default());
    page(&state, &staff, empty, notice(done), StatusCode::OK).await
}

async fn page(
    state: &State,
    staff: &Staff<OwnAccount>,
    f: FormState,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let session = &staff.session;
    let (db, keys) = (state.intake.db(), state.intake.keys());
    let factor = account::factor(db, keys, &session.user_id).await?;
    let required = policy::required(db, session.role).await?;
    let (totp_on, secret) = factor.unwrap_or((false, None));
    let page = AccountPage {
        layout: layout(state, "Your account"),
        bar: bar(session),
        f,
        notice,
        must_enrol: session.must_enrol,
        required,
        totp_on,
        setup: secret.map(|s| Setup::new(&s, &session.email)),
    };
    Ok(html(status, page.render()?))
}

fn done(what: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/staff/account?done={what}")))
        .finish()
}

/// Back to the page with `problem` beside `field`: 422 (429 when throttled).
async fn refused(
    state: &State,
    staff: &Staff<OwnAccount>,
    field: &str,
    problem: Problem,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    errors.add(field, problem.message());
    let status = match problem {
        Problem::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    // Passwords and codes are never sent back.
    let f = FormState::new(RawForm::default(), errors);
    page(state, staff, f, None, status).await
}

pub async fn change_password(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let (db, keys) = (state.intake.db(), state.intake.keys());
    let result = account::change_password(
        db,
        state.intake.outbox(),
        keys,
        &state.config.staff,
        &staff.session,
        form.get("current_password").to_owned(),
        form.get("new_password").to_owned(),
        form.get("new_password_again").to_owned(),
    )
    .await?;
    match result {
        Ok(_) => Ok(done("password")),
        Err(p @ (Problem::WrongPassword | Problem::Throttled { .. })) => {
            refused(&state, &staff, "current_password", p).await
        }
        Err(p @ Problem::NewPasswordsDiffer) => {
            refused(&state, &staff, "new_password_again", p).await
        }
        Err(p) => refused(&state, &staff, "new_password", p).await,
    }
}

pub async fn start_totp(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    staff_form(&req, payload, &staff.session).await?;
    let (db, keys) = (state.intake.db(), state.intake.keys());
    match account::start_setup(db, keys, &staff.session).await? {
        Ok(()) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff/account#two-step"))
            .finish()),
        Err(p) => refused(&state, &staff, "code", p).await,
    }
}

pub async fn confirm_totp(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let (db, keys) = (state.intake.db(), state.intake.keys());
    let code = form.get("code").to_owned();
    match account::confirm_setup(db, keys, &staff.session, code).await? {
        Ok(()) => Ok(done("totp-on")),
        Err(p) => refused(&state, &staff, "code", p).await,
    }
}

pub async fn turn_off_totp(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let (db, keys) = (state.intake.db(), state.intake.keys());
    let (password, code) = (
        form.get("off_password").to_owned(),
        form.get("off_code").to_owned(),
    );
    let result = account::turn_off(
        db,
        keys,
        &state.config.staff,
        &staff.session,
        password,
        code,
    )
    .await?;
    match result {
        Ok(()) => Ok(done("totp-off")),
        Err(p @ (Problem::WrongPassword | Problem::Throttled { .. })) => {
            refused(&state, &staff, "off_password", p).await
        }
        Err(p) => refused(&state, &staff, "off_code", p).await,
    }
}

fn code_page(
    state: &State,
    status: StatusCode,
    message: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let page = LoginCodePage {
        layout: layout(state, "Sign-in code"),
        f: FormState::new(RawForm::default(), FieldErrors::default()),
        message,
    };
    Ok(html(status, page.render()?))
}

pub async fn code_form(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    if cookie::PENDING
        .read(&req, state.config.cookie_secure)
        .is_none()
    {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff/login"))
            .finish());
    }
    code_page(&state, StatusCode::OK, None)
}

pub async fn code_post(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    let form = same_site_form(&req, payload).await?;
    let client = match sign_in_allowed(&req, &state) {
        Ok(client) => client,
        Err(wait) => return throttled(&state, wait),
    };
    let secure = state.config.cookie_secure;
    let attempt = CodeAttempt {
        pending: cookie::PENDING.read(&req, secure),
        code: form.get("code").to_owned(),
        previous_session: cookie::SESSION.read(&req, secure),
        device: cookie::DEVICE.read(&req, secure),
    };
    let intake = &state.intake;
    let outcome =
        login_code::login_code(intake.db(), intake.keys(), &state.config.staff, attempt).await?;
    match outcome {
        CodeOutcome::Success { token, device } => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff"))
            .append_header((header::SET_COOKIE, cookie::SESSION.set(&token, secure)))
            .append_header((header::SET_COOKIE, cookie::DEVICE.set(&device, secure)))
            .append_header((header::SET_COOKIE, cookie::PENDING.clear(secure)))
            .finish()),
        CodeOutcome::Wrong => {
            state.limiter.login_failed(client);
            tracing::info!(event = "login_code_failed", "staff sign-in code refused");
            code_page(&state, StatusCode::UNAUTHORIZED, Some(WRONG_CODE))
        }
        CodeOutcome::Expired => {
            let mut response = login_page(&state, StatusCode::UNAUTHORIZED, Some(EXPIRED))?;
            if let Ok(v) = HeaderValue::from_str(&cookie::PENDING.clear(secure)) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        CodeOutcome::Throttled { retry_after } => throttled(&state, retry_after),
    }
}

fn throttled(state: &State, retry_after: u64) -> Result<HttpResponse, AppError> {
    too_many(
        code_page(state, StatusCode::TOO_MANY_REQUESTS, Some(THROTTLED)),
        retry_after,
    )
}
