//! The case page's FDA report-type form: the reviewer records whether the
//! case goes to FDA as a 15-day expedited report (`review::expedited`).

use actix_web::{web, HttpRequest, HttpResponse};

use super::{case_form, refused_or, AppError, State};
use crate::auth::roles::RequireReviewer;
use crate::review::actions::ActionError;
use crate::review::expedited;
use crate::review::report_type::Decision;
use crate::web::staff_guard::Staff;

pub async fn decide(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
) -> Result<HttpResponse, AppError> {
    let (case, form) = case_form(&req, &path, payload, &staff.session).await?;
    let result = match Decision::parse(form.get("report_type"), form.get("expedited_reason")) {
        Ok(decision) => {
            expedited::decide(state.intake.db(), staff.session.actor(), &case, decision).await
        }
        Err(errors) => Err(ActionError::Refused(errors)),
    };
    refused_or(&state, &staff.session, &case, form, result, "expedited").await
}
