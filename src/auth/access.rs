//! Whether a request's session may use a route: the session must be live,
//! its account must have set up a second factor its role requires (unless
//! the route is open before enrolment), its role must hold the route's
//! permission, and "case processing for admins only" closes case pages to
//! those who cannot triage. The web reads the cookie and says no; this
//! decides.

use super::roles::Permission;
use super::sessions::{self, CurrentSession};
use crate::config::StaffSettings;
use crate::db::{Db, DbError};
use crate::ids::UserId;

/// What a route asks of the session in front of it.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    pub permission: Permission,
    /// Open to a session that must still set up its second factor.
    pub before_enrolment: bool,
    /// The path is a case's page or anything under it.
    pub case_detail: bool,
}

/// Why a session may not use the route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No live session: sign in.
    NoSession,
    /// The role requires a second factor the account has not set up.
    MustEnrol { user_id: UserId },
    /// The role lacks the route's permission.
    WrongRole { user_id: UserId },
    /// Case processing is for admins only, and this role cannot triage.
    CaseProcessingAdminOnly { user_id: UserId },
}

/// The session behind `token` if it may use a route asking `asked`.
pub async fn admit(
    db: &Db,
    token: &str,
    settings: &StaffSettings,
    asked: Asked,
) -> Result<Result<CurrentSession, Refusal>, DbError> {
    let Some(session) = sessions::load(db, token, settings).await? else {
        return Ok(Err(Refusal::NoSession));
    };
    let user_id = session.user_id.clone();
    if session.must_enrol && !asked.before_enrolment {
        return Ok(Err(Refusal::MustEnrol { user_id }));
    }
    if !session.role.can(asked.permission) {
        return Ok(Err(Refusal::WrongRole { user_id }));
    }
    if !session.role.can(Permission::Triage)
        && asked.case_detail
        && db
            .read(crate::db::export::case_processing_admin_only)
            .await?
    {
        return Ok(Err(Refusal::CaseProcessingAdminOnly { user_id }));
    }
    Ok(Ok(session))
}
