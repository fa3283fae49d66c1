//! `/analysis/export` (analysts and admins): the filter form and the
//! downloads of the analyst CSV ZIP and the CAERS-shaped CSV, streamed from a blocking thread
//! through a bounded channel. The download is a POST with the CSRF token
//! and is audited (profile and filter, never data). Administrators may
//! keep the case-processing profile to themselves (a stored, audited
//! setting on the same page).

mod stream;

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout, staff_form};
use super::{html, AppError, State};
use crate::auth::roles::{RequireAdmin, RequireAnalyst, Role};
use crate::export::csv::download::{self, AdminsOnly};
use crate::export::csv::{archive, caers, Profile, TableFile};
use crate::export::filter::AnalysisFilter;
use crate::form::{FieldErrors, RawForm};
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};
use crate::views::export::ExportPage;
use crate::views::options;
use crate::views::report::FormState;
use crate::views::staff::DynOpt;
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

const PAGE: &str = "/analysis/export";
const ADMIN_ONLY: &str = "case_processing_admin_only";

pub(super) const ROUTES: &[Route] = routes![
    Get PAGE Export NotAllowed => show,
    Post "/analysis/export/csv" Export NotAllowed => download,
    Post "/analysis/export/caers" Export NotAllowed => download,
    Post "/analysis/export/settings" ManageUsers NotAllowed => save_settings,
];

pub async fn show(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAnalyst>,
) -> Result<HttpResponse, AppError> {
    let mut values = RawForm::default();
    values.set("profile", Profile::SafeHarbor.code());
    let saved = req.query_string() == "saved=1";
    page(
        &state,
        &staff,
        FormState::new(values, FieldErrors::default()),
        saved,
        StatusCode::OK,
    )
    .await
}

async fn page(
    state: &State,
    staff: &Staff<RequireAnalyst>,
    mut f: FormState,
    saved: bool,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let admin_only = download::admin_only(state.intake.db()).await?;
    if admin_only {
        f.values.set(ADMIN_ONLY, "on");
    }
    let is_admin = staff.session.role == Role::Admin;
    let profiles = Profile::ALL
        .into_iter()
        .filter(|p| is_admin || !(admin_only && *p == Profile::CaseProcessing))
        .map(|p| DynOpt {
            code: p.code().to_owned(),
            label: p.label().to_owned(),
        })
        .collect();
    let mut seriousness = vec![
        DynOpt {
            code: "serious".into(),
            label: "Serious (any ICH criterion)".into(),
        },
        DynOpt {
            code: "not_serious".into(),
            label: "Not serious".into(),
        },
    ];
    seriousness.extend(Outcome::all().iter().map(|o| DynOpt {
        code: o.code().to_owned(),
        label: o.label().to_owned(),
    }));
    let p = ExportPage {
        layout: layout(state, "Export reports"),
        bar: bar(&staff.session),
        f,
        substances: options::of::<Substance>(),
        statuses: options::of::<ReportStatus>(),
        seriousness,
        profiles,
        admin_only,
        is_admin,
        saved,
    };
    Ok(html(status, p.render()?))
}

/// The profile and filter of the download form, or the form's problems.
fn parse(form: &RawForm) -> Result<(Profile, AnalysisFilter), FieldErrors> {
    let (filter, mut errors) = AnalysisFilter::parse(form);
    let profile = match form.get("profile") {
        "" => Some(Profile::SafeHarbor),
        code => Profile::parse(code),
    };
    match profile {
        Some(profile) if errors.is_empty() => Ok((profile, filter)),
        other => {
            if other.is_none() {
                errors.add("profile", "Choose a profile from the list.");
            }
            Err(errors)
        }
    }
}

pub async fn download(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireAnalyst>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let (profile, filter) = match parse(&form) {
        Ok(asked) => asked,
        Err(errors) => {
            let f = FormState::new(form, errors);
            return page(&state, &staff, f, false, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let db = state.intake.db().clone();
    let is_caers = req.path().ends_with("/caers");
    let file = if is_caers {
        TableFile::Caers
    } else {
        TableFile::Analyst
    };
    let admin = staff.session.role == Role::Admin;
    let actor = staff.session.actor();
    let request = match download::start(&db, &actor, admin, file, profile, filter).await? {
        Ok(request) => request,
        Err(AdminsOnly) => {
            tracing::warn!(user = %staff.session.user_id, "case-processing export refused: admins only");
            return Err(AppError::Forbidden);
        }
    };
    let name = format!(
        "canary-{}-{}-{}.{}",
        if is_caers { "caers" } else { "analyst" },
        request.profile.code(),
        request.generated_at.format("%Y%m%d-%H%M%S"),
        if is_caers { "csv" } else { "zip" }
    );
    let (writer, body) = stream::channel();
    let failure = writer.failure();
    tokio::task::spawn_blocking(move || {
        let quiet = &mut |_: &'static str, _: u64, _: u64| {};
        let written = if is_caers {
            caers::write(&db, &request, writer, quiet).map(|(w, _)| w)
        } else {
            archive::write(&db, &request, writer, quiet).map(|(w, _, _)| w)
        };
        let result = written.map_err(|e| std::io::Error::other(e.to_string()));
        let result = result.and_then(|mut writer| std::io::Write::flush(&mut writer));
        if let Err(e) = result {
            tracing::error!(error = %e, "analyst export failed");
            failure.fail(e);
        }
    });
    Ok(HttpResponse::Ok()
        .content_type(if is_caers {
            "text/csv; charset=utf-8"
        } else {
            "application/zip"
        })
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body))
}

pub async fn save_settings(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let form = staff_form(&req, payload, &staff.session).await?;
    let on = form.checked(ADMIN_ONLY);
    download::set_admin_only(state.intake.db(), &staff.session.actor(), on).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{PAGE}?saved=1")))
        .finish())
}
