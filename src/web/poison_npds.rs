//! The reviewer's NPDS coding on the poison-center summary page: reason for
//! exposure, chronicity and medical outcome (poison-centers.md §1, §2).
//! An empty choice keeps the default derived from the report; every change
//! is stored with an audit event (`db::npds`).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use super::review::case_param;
use super::staff::staff_form;
use super::{AppError, State};
use crate::auth::roles::{RequireReviewer, Staff};
use crate::export::case::CaseFile;
use crate::export::poison::npds::{self, Chronicity, Coding, MedicalOutcome, Reason};
use crate::form::RawForm;
use crate::report::options::ClosedList;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/review/{case}/poison-center/npds")
            .route(web::post().to(save))
            .default_service(web::to(super::error::method_not_allowed)),
    );
}

/// The reviewer's coding of `file`'s case.
pub(super) async fn coding_of(state: &State, file: &CaseFile) -> Result<Coding, AppError> {
    let id = file.stored.id.clone();
    Ok(state
        .intake
        .db()
        .read(move |c| crate::db::npds::load(c, &id))
        .await?)
}

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
    let case = case_param(&path)?;
    let form = staff_form(&req, payload, &staff.session).await?;
    let coding = Coding {
        reason: choice(&form, "reason", "reason for exposure")?,
        chronicity: choice(&form, "chronicity", "chronicity")?,
        outcome: choice(&form, "outcome", "medical outcome")?,
        set_on: None,
    };
    let actor = staff.session.actor();
    let lookup = case.clone();
    state
        .intake
        .db()
        .write(move |c| {
            let Some(file) = crate::export::case::load(c, &lookup)? else {
                return Ok(None);
            };
            let id = file.stored.id;
            crate::db::npds::set(c, &actor, &id, &lookup, &coding, crate::db::now()).map(Some)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("/review/{case}/poison-center?coded=1#npds"),
        ))
        .finish())
}
