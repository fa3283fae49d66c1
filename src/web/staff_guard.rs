//! The `Staff<R>` extractor that guards every staff route on the server: no
//! valid session → redirect to the login page; a role that requires a
//! second factor the account lacks → only the own-account page and
//! sign-out; wrong role → 403. The rules are `auth::access`'s; this reads
//! the request and turns a refusal into a response.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};

use super::state::AppState;
use super::{cookie, AppError};
use crate::auth::access::{self, Asked, Refusal};
use crate::auth::csrf;
use crate::auth::roles::Requirement;
use crate::auth::sessions::CurrentSession;

/// Whether `path` is a case's page or anything under it (`/review/{case}…`).
fn shows_case_detail(path: &str) -> bool {
    path.strip_prefix("/review/")
        .and_then(|rest| rest.split('/').next())
        .is_some_and(crate::review::workflow::looks_like_case_number)
}

/// A signed-in staff member allowed to use the route (checked on the server).
pub struct Staff<R: Requirement> {
    pub session: CurrentSession,
    _requirement: PhantomData<R>,
}

impl<R: Requirement> FromRequest for Staff<R> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Internal("application state missing".into()))?;
            // Cross-site state changes are refused before anything else.
            if req.method() != Method::GET && !csrf::same_origin(&req) {
                return Err(AppError::Forbidden);
            }
            let Some(token) = cookie::SESSION.read(&req, state.config.cookie_secure) else {
                return Err(AppError::LoginRequired);
            };
            let asked = Asked {
                permission: R::PERMISSION,
                before_enrolment: R::BEFORE_ENROLMENT,
                case_detail: shows_case_detail(req.path()),
            };
            let path = req.path();
            match access::admit(state.intake.db(), &token, &state.config.staff, asked).await? {
                Ok(session) => Ok(Self {
                    session,
                    _requirement: PhantomData,
                }),
                Err(Refusal::NoSession) => Err(AppError::LoginRequired),
                Err(Refusal::MustEnrol { user_id }) => {
                    tracing::info!(user = %user_id, path = %path, "second factor to set up first");
                    Err(if req.method() == Method::GET {
                        AppError::EnrolmentRequired
                    } else {
                        AppError::Forbidden
                    })
                }
                Err(Refusal::WrongRole { user_id }) => {
                    tracing::warn!(user = %user_id, path = %path, "authorization failure");
                    Err(AppError::Forbidden)
                }
                Err(Refusal::CaseProcessingAdminOnly { user_id }) => {
                    // "Case processing for admins only" closes every case page to
                    // those who cannot triage (analysts), not just the exports.
                    tracing::warn!(user = %user_id, path = %path, "case detail refused: case processing is for admins only");
                    Err(AppError::Forbidden)
                }
            }
        })
    }
}
