//! The staff member's own notification settings: alerts about serious
//! reports and the daily digest. Any signed-in staff member; each change is
//! an audit event in the same transaction.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout, staff_form};
use super::staff_guard::Staff;
use super::{html, AppError, State};
use crate::auth::notifications::{self, DIGEST, SERIOUS};
use crate::auth::roles::AnyStaff;
use crate::form::{FieldErrors, RawForm};
use crate::views::options::Opt;
use crate::views::report::FormState;
use crate::views::staff::NotificationsPage;
use crate::web::route::{routes, Route};

const PATH: &str = "/staff/settings/notifications";

static OPTIONS: [Opt; 2] = [
    Opt {
        code: SERIOUS,
        label: "When a new serious report arrives",
    },
    Opt {
        code: DIGEST,
        label: "A daily summary of new reports",
    },
];

pub(super) const ROUTES: &[Route] = routes![
    Get PATH ReadReports NotAllowed => show,
    Post PATH ReadReports NotAllowed => save,
];

pub async fn show(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
) -> Result<HttpResponse, AppError> {
    let id = staff.session.user_id.clone();
    let (serious, digest) = notifications::get(state.intake.db(), id).await?;
    let mut values = RawForm::default();
    for (name, on) in [(SERIOUS, serious), (DIGEST, digest)] {
        if on {
            values.set(name, "on");
        }
    }
    let page = NotificationsPage {
        layout: layout(&state, "Notification settings"),
        bar: bar(&staff.session),
        f: FormState::new(values, FieldErrors::default()),
        options: &OPTIONS,
        saved: req.query_string() == "saved=1",
    };
    Ok(html(StatusCode::OK, page.render()?))
}

pub async fn save(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<AnyStaff>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let (serious, digest) = (form.checked(SERIOUS), form.checked(DIGEST));
    let actor = staff.session.actor();
    let id = staff.session.user_id;
    notifications::save(state.intake.db(), actor, id, serious, digest).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{PATH}?saved=1")))
        .finish())
}
