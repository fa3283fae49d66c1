//! Staff roles, what each may do, and the `Staff<R>` extractor that guards
//! every staff route on the server: no valid session → redirect to the
//! login page; a role that requires a second factor the account lacks → only
//! the own-account page and sign-out; wrong role → 403.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use super::sessions::{self, CurrentSession};
use crate::startup::AppState;
use crate::web::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Reviewer,
    Analyst,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Analyst, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Self::Reviewer => "reviewer",
            Self::Analyst => "analyst",
            Self::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Reviewer => "Reviewer",
            Self::Analyst => "Analyst",
            Self::Admin => "Administrator",
        }
    }

    /// Least privilege: a reviewer triages, an analyst reads and exports,
    /// an admin manages accounts (and may do both of the others).
    pub fn can(self, p: Permission) -> bool {
        match p {
            Permission::ReadReports => true,
            Permission::Triage => matches!(self, Self::Reviewer | Self::Admin),
            Permission::Export => matches!(self, Self::Analyst | Self::Admin),
            Permission::ManageUsers => self == Self::Admin,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ReadReports,
    Triage,
    Export,
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 4] = [
        Permission::ReadReports,
        Permission::Triage,
        Permission::Export,
        Permission::ManageUsers,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Self::ReadReports => "Read incoming reports and see counts by status",
            Self::Triage => {
                "Triage reports: assign, change status, code reactions, assess causality"
            }
            Self::Export => "Export reports for analysis",
            Self::ManageUsers => "Manage staff accounts",
        }
    }
}

/// A permission a route requires, as a type.
pub trait Requirement {
    const PERMISSION: Permission;
    /// Open to a session that must still set up its second factor. Only
    /// the own-account page and sign-out say so: every other route is
    /// closed to such a session without having to remember it.
    const BEFORE_ENROLMENT: bool = false;
}

macro_rules! requirement {
    ($name:ident, $perm:ident) => {
        pub struct $name;
        impl Requirement for $name {
            const PERMISSION: Permission = Permission::$perm;
        }
    };
}

/// Any signed-in staff member, even one who must still set up a second
/// factor: the own-account page and sign-out.
pub struct OwnAccount;
impl Requirement for OwnAccount {
    const PERMISSION: Permission = Permission::ReadReports;
    const BEFORE_ENROLMENT: bool = true;
}

requirement!(AnyStaff, ReadReports);
requirement!(RequireReviewer, Triage);
requirement!(RequireAnalyst, Export);
requirement!(RequireAdmin, ManageUsers);

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
            if req.method() != actix_web::http::Method::GET && !super::csrf::same_origin(&req) {
                return Err(AppError::Forbidden);
            }
            let secure = state.config.cookie_secure;
            let Some(token) = sessions::token_from(&req, secure) else {
                return Err(AppError::LoginRequired);
            };
            let db = state.intake.db();
            let session = sessions::load(db, &token, &state.config.staff)
                .await?
                .ok_or(AppError::LoginRequired)?;
            if session.must_enrol && !R::BEFORE_ENROLMENT {
                tracing::info!(user = %session.user_id, path = %req.path(), "second factor to set up first");
                return Err(if req.method() == actix_web::http::Method::GET {
                    AppError::EnrolmentRequired
                } else {
                    AppError::Forbidden
                });
            }
            if !session.role.can(R::PERMISSION) {
                tracing::warn!(user = %session.user_id, path = %req.path(), "authorization failure");
                return Err(AppError::Forbidden);
            }
            // "Case processing for admins only" closes every case page to
            // those who cannot triage (analysts), not just the exports.
            if !session.role.can(Permission::Triage)
                && shows_case_detail(req.path())
                && db
                    .read(crate::db::export::case_processing_admin_only)
                    .await?
            {
                tracing::warn!(user = %session.user_id, path = %req.path(), "case detail refused: case processing is for admins only");
                return Err(AppError::Forbidden);
            }
            Ok(Self {
                session,
                _requirement: PhantomData,
            })
        })
    }
}
