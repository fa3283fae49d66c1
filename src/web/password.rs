//! Handlers of the password reset (no session needed). The request form
//! answers the same page and status whatever the address, and does the
//! account work after answering, so the time taken says nothing either.
//! The reset link's token is the only credential; its page sends
//! `Referrer-Policy: no-referrer` so the token never leaves in a Referer.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::layout;
use super::{client_key, html, same_site_form, AppError, State};
use crate::auth::reset::{self, Reset, TOKEN_MINUTES};
use crate::auth::Email;
use crate::form::{FieldErrors, RawForm};
use crate::views::password::{DonePage, ForgotPage, InvalidLinkPage, ResetPage, SentPage};
use crate::views::report::FormState;
use crate::web::route::{routes, Route};

pub(super) const ROUTES: &[Route] = routes![
    Get "/staff/password/forgot" Anyone NotAllowed => forgot_form,
    Post "/staff/password/forgot" Anyone NotAllowed => forgot_post,
    Get "/staff/password/reset/{token}" Anyone NotAllowed => reset_form,
    Post "/staff/password/reset/{token}" Anyone NotAllowed => reset_post,
];

fn forgot_page(state: &State, status: StatusCode, f: FormState) -> Result<HttpResponse, AppError> {
    let page = ForgotPage {
        layout: layout(state, "Reset your password"),
        f,
    };
    Ok(html(status, page.render()?))
}

pub async fn forgot_form(state: State) -> Result<HttpResponse, AppError> {
    let f = FormState::new(RawForm::default(), FieldErrors::default());
    forgot_page(&state, StatusCode::OK, f)
}

pub async fn forgot_post(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    let form = same_site_form(&req, payload).await?;
    let Some(email) = Email::parse(form.get("email")) else {
        let mut errors = FieldErrors::default();
        errors.add("email", "Enter an e-mail address, like name@example.org.");
        let f = FormState::new(form, errors);
        return forgot_page(&state, StatusCode::UNPROCESSABLE_ENTITY, f);
    };
    if let Err(wait) = state.limiter.reset_request(client_key(&req, &state)) {
        return Err(AppError::TooManyRequests {
            retry_after: wait.0,
        });
    }
    let (db, outbox) = (state.intake.db().clone(), state.intake.outbox().clone());
    actix_web::rt::spawn(async move {
        if let Err(e) = reset::request(&db, &outbox, email).await {
            tracing::error!(error = %e, "password reset request failed");
        }
    });
    let page = SentPage {
        layout: layout(&state, "Check your e-mail"),
        minutes: TOKEN_MINUTES,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

/// A page of the reset link: no referrer, whatever the global headers say.
fn link_page(status: StatusCode, body: String) -> HttpResponse {
    let mut response = html(status, body);
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn reset_page(
    state: &State,
    token: &str,
    status: StatusCode,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let page = ResetPage {
        layout: layout(state, "Choose a new password"),
        // Passwords are never echoed back.
        f: FormState::new(RawForm::default(), errors),
        action: format!("/staff/password/reset/{token}"),
    };
    Ok(link_page(status, page.render()?))
}

fn invalid_link(state: &State) -> Result<HttpResponse, AppError> {
    let page = InvalidLinkPage {
        layout: layout(state, "This link no longer works"),
        minutes: TOKEN_MINUTES,
    };
    Ok(link_page(StatusCode::NOT_FOUND, page.render()?))
}

pub async fn reset_form(token: web::Path<String>, state: State) -> Result<HttpResponse, AppError> {
    if !reset::usable(state.intake.db(), &token).await? {
        return invalid_link(&state);
    }
    reset_page(&state, &token, StatusCode::OK, FieldErrors::default())
}

pub async fn reset_post(
    req: HttpRequest,
    token: web::Path<String>,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    let form = same_site_form(&req, payload).await?;
    let password = form.get("password");
    if password != form.get("confirm") {
        let mut errors = FieldErrors::default();
        errors.add("confirm", "The two passwords are not the same.");
        return reset_page(&state, &token, StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
    let outcome = reset::complete(
        state.intake.db(),
        state.intake.outbox(),
        &token,
        password.to_owned(),
    )
    .await?;
    match outcome {
        Reset::Done => {
            tracing::info!(event = "password_reset", "staff password reset");
            let page = DonePage {
                layout: layout(&state, "Your password was changed"),
            };
            Ok(link_page(StatusCode::OK, page.render()?))
        }
        Reset::BadToken => invalid_link(&state),
        Reset::Rejected(problem) => {
            let mut errors = FieldErrors::default();
            errors.add("password", problem.to_string());
            reset_page(&state, &token, StatusCode::UNPROCESSABLE_ENTITY, errors)
        }
    }
}
