//! "Send to poison center" (reviewer and admin): a confirmation page that
//! says this forwards case content to the configured professional
//! recipient, and the POST (CSRF, a reason) that queues the e-mail in the
//! durable outbox with its audit event. Also the admin's page that sets
//! the address (stored in the database, audited).

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::review::case_param;
use super::sheets::{load, summary_of};
use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::audit::{self, Event};
use crate::auth::roles::{RequireAdmin, RequireReviewer, Staff};
use crate::auth::sessions::CurrentSession;
use crate::auth::Email;
use crate::db::poison_center;
use crate::export::poison::render;
use crate::form::{FieldErrors, RawForm};
use crate::mail::poison_center::{self as send, Sent};
use crate::review::StaffText;
use crate::views::report::FormState;
use crate::views::sheets::{PoisonSendPage, PoisonSettingsPage};

const SETTINGS: &str = "/staff/settings/poison-center";
const NOT_CONFIGURED: &str =
    "No poison-center address is set. An administrator must set one under Settings → Poison center.";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/review/{case}/poison-center/send")
            .route(web::get().to(confirm))
            .route(web::post().to(post_send))
            .default_service(web::to(super::error::method_not_allowed)),
    )
    .service(
        web::resource(SETTINGS)
            .route(web::get().to(settings))
            .route(web::post().to(save_settings))
            .default_service(web::to(super::error::method_not_allowed)),
    );
}

async fn send_page(
    state: &State,
    session: &CurrentSession,
    case: &str,
    f: FormState,
    format: &'static str,
) -> Result<HttpResponse, AppError> {
    let file = load(state, session, case, format).await?;
    let recipient = state.intake.db().read(poison_center::recipient).await?;
    let status = if f.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PoisonSendPage {
        layout: layout(state, &format!("Send case {case} to the poison center")),
        bar: bar(session),
        case_number: case.to_owned(),
        recipient,
        text: render::text(&summary_of(
            state,
            &file,
            &super::poison_npds::coding_of(state, &file).await?,
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
    let case = case_param(&path)?;
    let form = staff_form(&req, payload, &staff.session).await?;
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
    let actor = staff.session.actor();
    let lookup = case.clone();
    let sent = state
        .intake
        .db()
        .write(move |c| {
            let Some(file) = crate::export::case::load(c, &lookup)? else {
                return Ok(None);
            };
            let coding = crate::db::npds::load(c, &file.stored.id)?;
            let summary = crate::export::poison::summary(
                &file,
                &coding,
                &crate::db::now().format("%Y-%m-%d %H:%M UTC").to_string(),
                crate::export::poison::banner(&help.emergency_number, &help.poison_help),
            );
            let body = render::text(&summary);
            send::queue(c, &actor, &file.stored.id, &lookup, body, reason.as_str()).map(Some)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    match sent {
        Sent::Queued(_) => {
            state.intake.outbox().wake();
            Ok(HttpResponse::SeeOther()
                .insert_header((
                    header::LOCATION,
                    format!("/review/{case}/poison-center?sent=1"),
                ))
                .finish())
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
    let current = state.intake.db().read(poison_center::recipient).await?;
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
    let current = state.intake.db().read(poison_center::recipient).await?;
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
    let by = staff.session.user_id.clone();
    state
        .intake
        .db()
        .write(move |c| {
            let old = poison_center::recipient(c)?;
            poison_center::set_recipient(c, recipient.as_deref(), &by, crate::db::now())?;
            let mut event = Event::new("poison_center_address_changed", "settings", None).change(
                "recipient",
                old.as_deref(),
                recipient.as_deref(),
            );
            event.reason = Some(reason.into_string());
            audit::append(c, &actor, event)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{SETTINGS}?saved=1")))
        .finish())
}
