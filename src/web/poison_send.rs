//! "Send to poison center" (reviewer and admin): a confirmation page that
//! says this forwards case content to the configured professional
//! recipient, and the POST (CSRF, a reason) that queues the e-mail in the
//! durable outbox with its audit event. Also the admin's page that sets
//! the address (stored in the database, audited).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::review::{case_form, case_param, see_other};
use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::auth::roles::{RequireAdmin, RequireReviewer};
use crate::auth::sessions::CurrentSession;
use crate::auth::Email;
use crate::export::poison::render;
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;
use crate::mail::poison_center::Sent;
use crate::review::poison;
use crate::review::sheets;
use crate::review::StaffText;
use crate::views::report::FormState;
use crate::views::sheets::{PoisonSendPage, PoisonSettingsPage};
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

const SETTINGS: &str = "/staff/settings/poison-center";
const NOT_CONFIGURED: &str =
    "No poison-center address is set. An administrator must set one under Settings → Poison center.";

pub(super) const ROUTES: &[Route] = routes![
    Get "/review/{case}/poison-center/send" Triage NotAllowed => confirm,
    Post "/review/{case}/poison-center/send" Triage NotAllowed => post_send,
    Get SETTINGS ManageUsers NotAllowed => settings,
    Post SETTINGS ManageUsers NotAllowed => save_settings,
];

async fn send_page(
    state: &State,
    session: &CurrentSession,
    case: &CaseNumber,
    f: FormState,
    format: &'static str,
) -> Result<HttpResponse, AppError> {
    let db = state.intake.db();
    let file = sheets::open(db, session.actor(), case.clone(), format)
        .await?
        .ok_or(AppError::NotFound)?;
    let recipient = poison::recipient(db).await?;
    let status = if f.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PoisonSendPage {
        layout: layout(state, &format!("Send case {case} to the poison center")),
        bar: bar(session),
        case_number: case.to_string(),
        recipient,
        text: render::text(&poison::summary(
            &state.config.urgent_help,
            &file,
            &poison::coding_of(db, file.stored.id.clone()).await?,
        )),
        f,
    };
    Ok(html(status, page.render()?))
}

pub async fn confirm(
    path: web::Path<String>,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let case = case_param(&path)?;
    let f = FormState::new(RawForm::default(), FieldErrors::default());
    send_page(&state, &staff.session, &case, f, "poison-center-text").await
}

pub async fn post_send(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let reason = match StaffText::required(
        form.get("reason"),
        1000,
        true,
        "Give a reason for sending; it goes into the audit trail.",
    ) {
        Ok(r) => r,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("reason", message);
            let f = FormState::new(form, errors);
            return send_page(&state, &staff.session, &case, f, "poison-center-text").await;
        }
    };
    // The text is built from the case read in the sending transaction.
    let help = state.config.urgent_help.clone();
    let (actor, reason) = (staff.session.actor(), reason.into_string());
    let sent = poison::send(state.intake.db(), actor, case.clone(), help, reason)
        .await?
        .ok_or(AppError::NotFound)?;
    match sent {
        Sent::Queued(_) => {
            state.intake.outbox().wake();
            Ok(see_other(format!("/review/{case}/poison-center?sent=1")))
        }
        Sent::NotConfigured => {
            let mut errors = FieldErrors::default();
            errors.add("reason", NOT_CONFIGURED.to_owned());
            let f = FormState::new(form, errors);
            send_page(&state, &staff.session, &case, f, "poison-center-text").await
        }
    }
}

async fn settings_page(
    state: &State,
    session: &CurrentSession,
    f: FormState,
    saved: bool,
) -> Result<HttpResponse, AppError> {
    let current = poison::recipient(state.intake.db()).await?;
    let status = if f.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PoisonSettingsPage {
        layout: layout(state, "Poison-center address"),
        bar: bar(session),
        f,
        current,
        saved,
    };
    Ok(html(status, page.render()?))
}

pub async fn settings(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let current = poison::recipient(state.intake.db()).await?;
    let mut values = RawForm::default();
    if let Some(c) = current {
        values.set("recipient", c);
    }
    let f = FormState::new(values, FieldErrors::default());
    settings_page(&state, &staff.session, f, req.query_string() == "saved=1").await
}

pub async fn save_settings(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let mut errors = FieldErrors::default();
    let typed = form.get("recipient").trim();
    let recipient = match typed {
        "" => None,
        t => match Email::parse(t) {
            Some(e) => Some(e.as_str().to_owned()),
            None => {
                errors.add(
                    "recipient",
                    "Enter an e-mail address, like cases@poison.example.org.".to_owned(),
                );
                None
            }
        },
    };
    let reason = StaffText::required(
        form.get("reason"),
        1000,
        true,
        "Give a reason for the change; it goes into the audit trail.",
    );
    let reason = match reason {
        Ok(r) => Some(r),
        Err(message) => {
            errors.add("reason", message);
            None
        }
    };
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        return settings_page(&state, &staff.session, FormState::new(form, errors), false).await;
    };
    let actor = staff.session.actor();
    poison::set_recipient(state.intake.db(), actor, recipient, reason.into_string()).await?;
    Ok(see_other(format!("{SETTINGS}?saved=1")))
}
