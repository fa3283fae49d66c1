//! The staff route table, and the handlers of sign-in, sign-out and the
//! staff home page (own account: `account`; account management: `admin`;
//! notification settings: `settings`; password reset: `password`). Every
//! route but sign-in and the reset takes a `Staff<…>` extractor, so the role
//! is checked on the server before the handler runs; every POST is checked
//! for a cross-site origin and the session's CSRF token.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::{client_key, html, read_form, AppError, State};
use crate::auth::login::{self, Attempt, Outcome};
use crate::auth::roles::{AnyStaff, OwnAccount, Permission, Staff};
use crate::auth::sessions::{self, CurrentSession};
use crate::auth::{csrf, device, pending};
use crate::form::{FieldErrors, RawForm};
use crate::report::options::{ClosedList, ReportStatus};
use crate::views::report::FormState;
use crate::views::staff::{LoginPage, StaffBar, StaffHomePage};
use crate::views::Layout;

/// One answer for unknown accounts, wrong passwords and disabled accounts.
const REFUSED: &str = "That e-mail address and password do not match an active account.";
const THROTTLED: &str = "Too many failed sign-ins for this account. Please wait and try again.";

/// A staff route and who may use it (`None`: anyone, e.g. the sign-in page).
pub struct StaffRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub requires: Option<Permission>,
}

/// Every staff route and the permission its handler's `Staff<…>` extractor
/// demands. Add each new route here as well as in [`routes`] (or the
/// area's own `routes`): the role-matrix test walks this table with every
/// role, with `{case}` replaced by a real case number.
pub const STAFF_ROUTES: &[StaffRoute] = &[
    StaffRoute {
        method: "GET",
        path: "/review/{case}/export/e2b.xml",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/export/fhir-r4.json",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/export/fhir-r5.json",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "POST",
        path: "/review/export/e2b",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/login",
        requires: None,
    },
    StaffRoute {
        method: "POST",
        path: "/staff/login",
        requires: None,
    },
    StaffRoute {
        method: "POST",
        path: "/staff/logout",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "GET",
        path: "/staff",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/users",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/audit",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/audit.csv",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "GET",
        path: "/review",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/status",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/assign",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/seriousness",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/notes",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/settings/notifications",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/settings/notifications",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/password/forgot",
        requires: None,
    },
    StaffRoute {
        method: "POST",
        path: "/staff/password/forgot",
        requires: None,
    },
    StaffRoute {
        method: "GET",
        path: "/staff/password/reset/{token}",
        requires: None,
    },
    StaffRoute {
        method: "POST",
        path: "/staff/password/reset/{token}",
        requires: None,
    },
    StaffRoute {
        method: "GET",
        path: "/staff/login/code",
        requires: None,
    },
    StaffRoute {
        method: "POST",
        path: "/staff/login/code",
        requires: None,
    },
    StaffRoute {
        method: "GET",
        path: "/staff/account",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/account/password",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/account/totp/start",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/account/totp/confirm",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/account/totp/off",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/users/add",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/users/change",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/users/policy",
        requires: Some(Permission::ManageUsers),
    },
    // Assessment tools (web::assess).
    StaffRoute {
        method: "GET",
        path: "/review/{case}/reactions",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/reactions",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/causality",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/causality",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/duplicates",
        requires: Some(Permission::ReadReports),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/duplicates",
        requires: Some(Permission::Triage),
    }, // Per-case printables and the poison-center send (web::sheets).
    StaffRoute {
        method: "GET",
        path: "/review/{case}/medwatch",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/medwatch.pdf",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/poison-center",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/poison-center.pdf",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/review/{case}/poison-center/send",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/poison-center/send",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "POST",
        path: "/review/{case}/poison-center/npds",
        requires: Some(Permission::Triage),
    },
    StaffRoute {
        method: "GET",
        path: "/staff/settings/poison-center",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "POST",
        path: "/staff/settings/poison-center",
        requires: Some(Permission::ManageUsers),
    },
    StaffRoute {
        method: "GET",
        path: "/analysis",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "GET",
        path: "/analysis/summary",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "GET",
        path: "/analysis/summary.pdf",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "GET",
        path: "/analysis/summary.csv",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "GET",
        path: "/analysis/export",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "POST",
        path: "/analysis/export/csv",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "POST",
        path: "/analysis/export/caers",
        requires: Some(Permission::Export),
    },
    StaffRoute {
        method: "POST",
        path: "/analysis/export/settings",
        requires: Some(Permission::ManageUsers),
    },
];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/staff/login")
            .route(web::get().to(login_form))
            .route(web::post().to(login_post))
            .default_service(web::to(super::error::method_not_allowed)),
    )
    .service(
        web::resource("/staff/logout")
            .route(web::post().to(logout))
            .default_service(web::to(super::error::method_not_allowed)),
    )
    .service(
        web::resource("/staff/login/code")
            .route(web::get().to(super::account::code_form))
            .route(web::post().to(super::account::code_post))
            .default_service(web::to(super::error::method_not_allowed)),
    )
    .route("/staff", web::get().to(home))
    .route("/staff/account", web::get().to(super::account::show))
    .route(
        "/staff/account/password",
        web::post().to(super::account::change_password),
    )
    .route(
        "/staff/account/totp/start",
        web::post().to(super::account::start_totp),
    )
    .route(
        "/staff/account/totp/confirm",
        web::post().to(super::account::confirm_totp),
    )
    .route(
        "/staff/account/totp/off",
        web::post().to(super::account::turn_off_totp),
    )
    .route("/staff/users", web::get().to(super::admin::users))
    .route("/staff/users/add", web::post().to(super::admin::add))
    .route("/staff/users/change", web::post().to(super::admin::change))
    .route("/staff/users/policy", web::post().to(super::admin::policy))
    .configure(super::settings::routes)
    .configure(super::password::routes);
}

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

pub async fn login_form(state: State) -> Result<HttpResponse, AppError> {
    login_page(&state, StatusCode::OK, None)
}

pub async fn login_post(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    if !csrf::same_origin(&req) {
        return Err(AppError::Forbidden);
    }
    let form = read_form(&req, payload).await?;
    let client = client_key(&req, &state);
    let per_client = state.config.staff.login_failures_per_client_per_hour;
    if let Err(wait) = state.limiter.login_allowed(client, per_client) {
        return throttled(&state, wait.0);
    }
    let attempt = Attempt {
        email: form.get("email").to_owned(),
        password: form.get("password").to_owned(),
        previous_session: sessions::token_from(&req, state.config.cookie_secure),
        device: device::from_request(&req, state.config.cookie_secure),
    };
    let intake = &state.intake;
    match login::login(intake.db(), intake.keys(), &state.config.staff, attempt).await? {
        Outcome::Success { token, device } => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff"))
            .append_header((
                header::SET_COOKIE,
                sessions::set_cookie(&token, state.config.cookie_secure),
            ))
            .append_header((
                header::SET_COOKIE,
                device::set_cookie(&device, state.config.cookie_secure),
            ))
            .finish()),
        Outcome::CodeNeeded { pending } => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/staff/login/code"))
            .insert_header((
                header::SET_COOKIE,
                pending::set_cookie(&pending, state.config.cookie_secure),
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
    let mut response = login_page(state, StatusCode::TOO_MANY_REQUESTS, Some(THROTTLED))?;
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(response)
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

pub async fn logout(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<OwnAccount>,
) -> Result<HttpResponse, AppError> {
    staff_form(&req, payload, &staff.session).await?;
    let session = staff.session;
    state
        .intake
        .db()
        .write(move |c| sessions::end(c, &session))
        .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/staff/login"))
        .insert_header((
            header::SET_COOKIE,
            sessions::clear_cookie(state.config.cookie_secure),
        ))
        .finish())
}

pub async fn home(state: State, staff: Staff<AnyStaff>) -> Result<HttpResponse, AppError> {
    let stored = state
        .intake
        .db()
        .read(crate::db::reports::count_by_status)
        .await?;
    let counts: Vec<(&'static str, i64)> = ReportStatus::all()
        .iter()
        .map(|s| {
            let n = stored.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            (s.label(), n)
        })
        .collect();
    let role = staff.session.role;
    let page = StaffHomePage {
        layout: layout(&state, "Staff home"),
        bar: bar(&staff.session),
        permissions: Permission::ALL
            .iter()
            .map(|p| (p.describe(), role.can(*p)))
            .collect(),
        total: counts.iter().map(|(_, n)| n).sum(),
        counts,
        can_analyse: role.can(Permission::Export),
    };
    Ok(html(StatusCode::OK, page.render()?))
}
