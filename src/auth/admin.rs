//! What an admin changes on other accounts from the web: add one, change its
//! role, disable or re-enable it, reset its second factor, and the per-role
//! second-factor policy. Each change carries a reason and is audited with
//! its old and new value in the same transaction; disabling, a new role and
//! a reset end that account's sessions at once. An admin cannot disable or
//! demote their own account, so an install always keeps an admin.

use super::users::{self, UserError};
use super::{Email, Role};
use crate::audit::{self, Actor, Event};
use crate::db::{self, Db, DbConnection, DbError};
use crate::ids::UserId;

/// Why a change was made: 1–500 characters of plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(typed: &str) -> Option<Self> {
        let text = typed.trim();
        let ok = !text.is_empty()
            && text.chars().count() <= Self::MAX_CHARS
            && !text.chars().any(char::is_control);
        ok.then(|| Self(text.to_owned()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("no such account")]
    NotFound,
    #[error("an account with that e-mail address already exists")]
    Exists,
    #[error("you cannot disable or demote your own account")]
    OwnAccount,
    #[error("that is already the case")]
    NoChange,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<UserError> for AdminError {
    fn from(e: UserError) -> Self {
        match e {
            UserError::Exists => Self::Exists,
            UserError::NotFound => Self::NotFound,
            UserError::Db(e) => Self::Db(e),
        }
    }
}

/// The changes the "Change an account" form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Role,
    Disable,
    Enable,
    ResetTotp,
}

impl crate::report::options::ClosedList for ChangeKind {
    fn all() -> &'static [Self] {
        &[Self::Role, Self::Disable, Self::Enable, Self::ResetTotp]
    }
    fn code(self) -> &'static str {
        match self {
            Self::Role => "role",
            Self::Disable => "disable",
            Self::Enable => "enable",
            Self::ResetTotp => "reset_totp",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Self::Role => "Change the role",
            Self::Disable => "Disable the account",
            Self::Enable => "Re-enable the account",
            Self::ResetTotp => "Reset two-step sign-in (the person sets it up again)",
        }
    }
}

/// A change to one existing account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Role(Role),
    Disable,
    Enable,
    ResetTotp,
}

fn audited(
    conn: &mut DbConnection,
    actor: &Actor,
    event: Event,
    reason: &Reason,
) -> Result<(), DbError> {
    let event = Event {
        reason: Some(reason.0.clone()),
        ..event
    };
    audit::append(conn, actor, event).map(|_| ())
}

fn flag(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Run `f` in one write transaction; a refusal (not a database error)
/// still ends it normally, as nothing was changed.
async fn in_transaction<T: Send + 'static>(
    db: &Db,
    f: impl FnOnce(&mut DbConnection) -> Result<T, AdminError> + Send + 'static,
) -> Result<T, AdminError> {
    db.write(move |c| match f(c) {
        Err(AdminError::Db(e)) => Err(e),
        other => Ok(other),
    })
    .await?
}

/// Add an account whose password hash the caller computed; returns its id.
pub async fn add(
    db: &Db,
    actor: Actor,
    email: Email,
    role: Role,
    password_hash: String,
    reason: Reason,
) -> Result<UserId, AdminError> {
    in_transaction(db, move |c| {
        add_in(c, &actor, &email, role, &password_hash, &reason)
    })
    .await
}

/// Apply `change` to account `target`; returns how many sessions ended.
pub async fn change(
    db: &Db,
    actor: Actor,
    target: UserId,
    change: Change,
    reason: Reason,
) -> Result<usize, AdminError> {
    in_transaction(db, move |c| change_in(c, &actor, &target, change, &reason)).await
}

/// Remove the second factor of the account with `email` (an operator's
/// way back in for a lost phone); returns how many sessions ended.
pub async fn reset_totp(
    db: &Db,
    actor: Actor,
    email: Email,
    reason: Reason,
) -> Result<usize, AdminError> {
    in_transaction(db, move |c| {
        let user = db::users::by_email(c, email.as_str())?.ok_or(AdminError::NotFound)?;
        change_in(c, &actor, &user.id, Change::ResetTotp, &reason)
    })
    .await
}

/// Set which roles must sign in with a code; audits each role that changed.
/// Returns how many changed.
pub async fn set_policy(
    db: &Db,
    actor: Actor,
    required: Vec<Role>,
    reason: Reason,
) -> Result<usize, AdminError> {
    in_transaction(db, move |c| set_policy_in(c, &actor, &required, &reason)).await
}

fn add_in(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &Email,
    role: Role,
    password_hash: &str,
    reason: &Reason,
) -> Result<UserId, AdminError> {
    Ok(users::add_with_reason(
        conn,
        actor,
        email,
        role,
        password_hash,
        Some(&reason.0),
    )?)
}

fn change_in(
    conn: &mut DbConnection,
    actor: &Actor,
    target: &UserId,
    change: Change,
    reason: &Reason,
) -> Result<usize, AdminError> {
    let user = db::users::by_id(conn, target)?.ok_or(AdminError::NotFound)?;
    let own = actor.id.as_ref() == Some(&user.id);
    let id = &user.id;
    let event = match change {
        Change::Role(role) => {
            if own && role != Role::Admin {
                return Err(AdminError::OwnAccount);
            }
            if user.role == role.code() {
                return Err(AdminError::NoChange);
            }
            db::users::set_role(conn, id, role.code())?;
            Event::new("user_role_changed", "user", Some(id)).change(
                "role",
                Some(&user.role),
                Some(role.code()),
            )
        }
        Change::Disable | Change::Enable => {
            let disable = change == Change::Disable;
            if own && disable {
                return Err(AdminError::OwnAccount);
            }
            if user.disabled == disable {
                return Err(AdminError::NoChange);
            }
            db::users::set_disabled(conn, id, disable)?;
            let action = if disable {
                "user_disabled"
            } else {
                "user_enabled"
            };
            Event::new(action, "user", Some(id)).change(
                "disabled",
                Some(flag(user.disabled)),
                Some(flag(disable)),
            )
        }
        Change::ResetTotp => {
            if !db::totp::remove(conn, id)? {
                return Err(AdminError::NoChange);
            }
            Event::new("totp_reset", "user", Some(id)).change("totp", Some("set"), Some("none"))
        }
    };
    // Enabling gives nothing new to a session; everything else ends them.
    let ended = match change {
        Change::Enable => 0,
        _ => db::sessions::delete_for_user(conn, id)?,
    };
    audited(conn, actor, event, reason)?;
    Ok(ended)
}

fn set_policy_in(
    conn: &mut DbConnection,
    actor: &Actor,
    required: &[Role],
    reason: &Reason,
) -> Result<usize, AdminError> {
    let current = db::totp::policies(conn)?;
    let mut changed = 0;
    for role in Role::ALL {
        let was = current.iter().any(|(r, req)| r == role.code() && *req);
        let now = required.contains(&role);
        if was == now {
            continue;
        }
        db::totp::set_totp_required(conn, role.code(), now)?;
        let event = Event::new("role_policy_changed", "role", Some(role.code())).change(
            "totp_required",
            Some(flag(was)),
            Some(flag(now)),
        );
        audited(conn, actor, event, reason)?;
        changed += 1;
    }
    if changed == 0 {
        return Err(AdminError::NoChange);
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::Reason;

    #[test]
    fn reasons_are_short_plain_text() {
        assert_eq!(
            Reason::parse("  left the team "),
            Some(Reason("left the team".into()))
        );
        assert_eq!(Reason::parse("   "), None);
        assert_eq!(Reason::parse("a\u{7}b"), None);
        assert!(Reason::parse(&"x".repeat(500)).is_some());
        assert!(Reason::parse(&"x".repeat(501)).is_none());
    }
}
