//! Batch and seller alerts on the reviewers' queue: the banners, and the
//! POST that dismisses one with a reason (triage permission, checked here
//! on the server whatever the page showed).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::super::staff::{bar, layout, staff_form};
use super::super::{html, AppError, State};
use super::see_other;
use crate::alerts::{dismiss, queue};
use crate::auth::roles::RequireReviewer;
use crate::form::FieldErrors;
use crate::review::StaffText;
use crate::views::alerts::{AlertBanner, DismissPage};
use crate::views::report::FormState;
use crate::web::staff_guard::Staff;

/// The open alerts as banners for the queue.
pub(super) async fn banners(state: &State) -> Result<Vec<AlertBanner>, AppError> {
    let window = state.config.alerts.window.get();
    Ok(queue::open_alerts(state.intake.db())
        .await?
        .into_iter()
        .map(|a| AlertBanner::new(a, window))
        .collect())
}

/// An alert id from the path (a UUID), or 404.
fn alert_param(path: &web::Path<String>) -> Result<String, AppError> {
    let id = path.as_str();
    let shaped = id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    shaped.then(|| id.to_owned()).ok_or(AppError::NotFound)
}

pub(super) async fn dismiss(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let id = alert_param(&path)?;
    let form = staff_form(&req, payload, &staff.session).await?;
    let db = state.intake.db();
    let Some(alert) = queue::find_open(db, id.clone()).await? else {
        return Err(AppError::NotFound);
    };
    match StaffText::required(
        form.get("reason"),
        dismiss::MAX_REASON,
        false,
        "Give a reason for dismissing the alert; it goes into the audit trail.",
    ) {
        Ok(reason) => {
            if !dismiss::dismiss(db, staff.session.actor(), id, reason).await? {
                return Err(AppError::NotFound);
            }
            Ok(see_other("/review?alert=dismissed".to_owned()))
        }
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("reason", message);
            let page = DismissPage {
                layout: layout(&state, "Dismiss a batch alert"),
                bar: bar(&staff.session),
                f: FormState::new(form, errors),
                a: AlertBanner::new(alert, state.config.alerts.window.get()),
            };
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()?))
        }
    }
}
