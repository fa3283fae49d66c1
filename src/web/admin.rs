//! Handlers of `/staff/users` (admins only): the account list, adding an
//! account, changing one (role, disable, re-enable, reset two-step
//! sign-in), and which roles must use two-step sign-in. Each form is parsed
//! into typed values first; a rejected form comes back with 422.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout, staff_form};
use super::staff_guard::Staff;
use super::{html, AppError, State};
use crate::auth::admin::{self, AdminError, Change, ChangeKind, Reason};
use crate::auth::roles::RequireAdmin;
use crate::auth::{passwords, policy, users, Email, Role};
use crate::form::{FieldErrors, RawForm};
use crate::ids::UserId;
use crate::report::options::ClosedList;
use crate::views::options;
use crate::views::report::FormState;
use crate::views::staff::{DynOpt, UserLine, UsersPage};
use crate::web::route::{routes, Route};

pub(super) const ROUTES: &[Route] = routes![
    Get "/staff/users" ManageUsers FallThrough => users,
    Post "/staff/users/add" ManageUsers FallThrough => add,
    Post "/staff/users/change" ManageUsers FallThrough => change,
    Post "/staff/users/policy" ManageUsers FallThrough => policy,
];

fn notice(done: &str) -> Option<&'static str> {
    Some(match done {
        "added" => "The account has been added.",
        "changed" => "The account has been changed.",
        "policy" => "Two-step sign-in rules have been saved.",
        _ => return None,
    })
}

pub async fn users(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    // The policy boxes start as stored.
    let policies = policy::all(state.intake.db()).await?;
    let mut values = RawForm::default();
    for (role, required) in policies {
        if required {
            values.set(format!("totp_{role}"), "on");
        }
    }
    let done = req.query_string().strip_prefix("done=").unwrap_or("");
    let f = FormState::new(values, FieldErrors::default());
    page(&state, &staff, f, notice(done), StatusCode::OK).await
}

async fn page(
    state: &State,
    staff: &Staff<RequireAdmin>,
    f: FormState,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let rows = users::list(state.intake.db()).await?;
    let accounts = rows
        .iter()
        .map(|u| DynOpt {
            code: u.id.to_string(),
            label: u.email.clone(),
        })
        .collect();
    let users = rows
        .into_iter()
        .map(|u| UserLine {
            role: Role::parse(&u.role).map_or("unknown", Role::label),
            totp: match u.second_factor {
                Some(true) => "On",
                Some(false) => "Being set up",
                None => "Off",
            },
            email: u.email,
            disabled: u.disabled,
            created: u.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    let page = UsersPage {
        layout: layout(state, "Staff accounts"),
        bar: bar(&staff.session),
        users,
        f,
        notice,
        accounts,
        roles: options::roles(),
        changes: options::of::<ChangeKind>(),
    };
    Ok(html(status, page.render()?))
}

fn done(what: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/staff/users?done={what}")))
        .finish()
}

/// Back to the page with the answers (never a password) and the problems.
async fn rejected(
    state: &State,
    staff: &Staff<RequireAdmin>,
    mut form: RawForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    form.remove("password");
    let f = FormState::new(form, errors);
    page(state, staff, f, None, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn reason(form: &RawForm, field: &str, errors: &mut FieldErrors) -> Option<Reason> {
    let reason = Reason::parse(form.get(field));
    if reason.is_none() {
        errors.add(field, "Give a reason (up to 500 characters).");
    }
    reason
}

/// Where a refusal from the domain is shown.
fn domain_problem(e: AdminError, field: &str) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match e {
        AdminError::Db(e) => return Err(e.into()),
        AdminError::Exists => errors.add(
            "email",
            "An account with that e-mail address already exists.",
        ),
        AdminError::NotFound => errors.add("account", "Choose an account from the list."),
        AdminError::OwnAccount => errors.add(
            field,
            "You cannot disable or demote your own account. Ask another administrator.",
        ),
        AdminError::NoChange => errors.add(field, "That is already the case: nothing was changed."),
    }
    Ok(errors)
}

pub async fn add(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let mut errors = FieldErrors::default();
    let email = Email::parse(form.get("email"));
    if email.is_none() {
        errors.add("email", "Enter an e-mail address, like name@example.org.");
    }
    let role = Role::parse(form.get("role"));
    if role.is_none() {
        errors.add("role", "Choose a role.");
    }
    let password = form.get("password").to_owned();
    if let Err(p) = passwords::check_new(&password) {
        errors.add("password", p.to_string());
    }
    let reason = reason(&form, "add_reason", &mut errors);
    let (Some(email), Some(role), Some(reason), true) = (email, role, reason, errors.is_empty())
    else {
        return rejected(&state, &staff, form, errors).await;
    };
    let hash = crate::auth::hash_password(password).await?;
    let actor = staff.session.actor();
    match admin::add(state.intake.db(), actor, email, role, hash, reason).await {
        Ok(_) => Ok(done("added")),
        Err(e) => rejected(&state, &staff, form, domain_problem(e, "email")?).await,
    }
}

pub async fn change(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let mut errors = FieldErrors::default();
    let target = form.value("account").and_then(UserId::parse);
    if target.is_none() {
        errors.add("account", "Choose an account.");
    }
    let change = match ChangeKind::from_code(form.get("action")) {
        Some(ChangeKind::Role) => match Role::parse(form.get("new_role")) {
            Some(role) => Some(Change::Role(role)),
            None => {
                errors.add("new_role", "Choose the new role.");
                None
            }
        },
        Some(ChangeKind::Disable) => Some(Change::Disable),
        Some(ChangeKind::Enable) => Some(Change::Enable),
        Some(ChangeKind::ResetTotp) => Some(Change::ResetTotp),
        None => {
            errors.add("action", "Choose what to change.");
            None
        }
    };
    let reason = reason(&form, "change_reason", &mut errors);
    let (Some(target), Some(change), Some(reason), true) =
        (target, change, reason, errors.is_empty())
    else {
        return rejected(&state, &staff, form, errors).await;
    };
    let actor = staff.session.actor();
    match admin::change(state.intake.db(), actor, target, change, reason).await {
        Ok(_) => Ok(done("changed")),
        Err(e) => rejected(&state, &staff, form, domain_problem(e, "action")?).await,
    }
}

pub async fn policy(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let mut errors = FieldErrors::default();
    let required: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| form.checked(&format!("totp_{}", r.code())))
        .collect();
    let Some(reason) = reason(&form, "policy_reason", &mut errors) else {
        return rejected(&state, &staff, form, errors).await;
    };
    let actor = staff.session.actor();
    match admin::set_policy(state.intake.db(), actor, required, reason).await {
        Ok(_) => Ok(done("policy")),
        Err(e) => {
            let field = "totp_reviewer";
            rejected(&state, &staff, form, domain_problem(e, field)?).await
        }
    }
}
