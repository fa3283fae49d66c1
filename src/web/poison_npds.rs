//! The reviewer's NPDS coding on the poison-center summary page: reason for
//! exposure, chronicity and medical outcome (poison-centers.md §1, §2).
//! An empty choice keeps the default derived from the report; every change
//! is stored with an audit event (`review::poison`).

use actix_web::{web, HttpRequest, HttpResponse};

use super::review::{case_form, see_other};
use super::{AppError, State};
use crate::auth::roles::RequireReviewer;
use crate::export::case::CaseFile;
use crate::export::poison::npds::{self, Chronicity, Coding, MedicalOutcome, Reason};
use crate::form::RawForm;
use crate::report::options::ClosedList;
use crate::review::poison;
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

pub(super) const ROUTES: &[Route] = routes![
    Post "/review/{case}/poison-center/npds" Triage NotAllowed => save,
];

/// The form's fields as the stored coding shows them ("" = derived).
pub(super) fn form_values(coding: &Coding) -> RawForm {
    let mut f = RawForm::default();
    f.set("reason", coding.reason.map_or("", Reason::code));
    f.set("chronicity", coding.chronicity.map_or("", Chronicity::code));
    f.set("outcome", coding.outcome.map_or("", MedicalOutcome::code));
    f
}

/// The derived defaults, for the form's hints.
pub(super) fn defaults(file: &CaseFile) -> [String; 3] {
    let r = &file.stored.report;
    [
        npds::reason(r).label().to_owned(),
        npds::chronicity(r).label().to_owned(),
        npds::outcome(
            r,
            &file.seriousness(),
            crate::export::poison::died_later(file),
        )
        .label()
        .to_owned(),
    ]
}

fn choice<T: ClosedList>(form: &RawForm, name: &str, what: &str) -> Result<Option<T>, AppError> {
    match form.get(name) {
        "" => Ok(None),
        code => T::from_code(code).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!("Unknown {what}: choose one from the list."))
        }),
    }
}

pub async fn save(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let coding = Coding {
        reason: choice(&form, "reason", "reason for exposure")?,
        chronicity: choice(&form, "chronicity", "chronicity")?,
        outcome: choice(&form, "outcome", "medical outcome")?,
        set_on: None,
    };
    poison::code(
        state.intake.db(),
        staff.session.actor(),
        case.clone(),
        coding,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(see_other(format!(
        "/review/{case}/poison-center?coded=1#npds"
    )))
}
