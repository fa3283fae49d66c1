//! The staff member's own notification settings: alerts about serious
//! reports and the daily digest. Any signed-in staff member; each change is
//! an audit event in the same transaction.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::audit::{self, Actor, Event};
use crate::auth::roles::{AnyStaff, Staff};
use crate::db::users;
use crate::form::{FieldErrors, RawForm};
use crate::views::options::Opt;
use crate::views::report::FormState;
use crate::views::staff::NotificationsPage;

const PATH: &str = "/staff/settings/notifications";
const SERIOUS: &str = "notify_serious";
const DIGEST: &str = "daily_digest";

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

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource(PATH)
            .route(web::get().to(show))
            .route(web::post().to(save))
            .default_service(web::to(super::error::method_not_allowed)),
    );
}

pub async fn show(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
) -> Result<HttpResponse, AppError> {
    let id = staff.session.user_id.clone();
    let (serious, digest) = state
        .intake
        .db()
        .read(move |c| users::notifications(c, &id))
        .await?
        .unwrap_or_default();
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
    let actor = Actor {
        id: Some(staff.session.user_id.clone()),
        role: staff.session.role.code().to_owned(),
    };
    let id = staff.session.user_id;
    state
        .intake
        .db()
        .write(move |c| {
            let (old_serious, old_digest) = users::notifications(c, &id)?.unwrap_or_default();
            users::set_notifications(c, &id, serious, digest)?;
            for (field, old, new) in [
                (SERIOUS, old_serious, serious),
                (DIGEST, old_digest, digest),
            ] {
                if old != new {
                    let event = Event::new("notifications_changed", "user", Some(&id)).change(
                        field,
                        Some(&old.to_string()),
                        Some(&new.to_string()),
                    );
                    audit::append(c, &actor, event)?;
                }
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{PATH}?saved=1")))
        .finish())
}
