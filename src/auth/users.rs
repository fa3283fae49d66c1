//! Account changes: add, disable, change password. Each runs inside the
//! caller's write transaction together with its audit event; disabling an
//! account or changing its password ends all its sessions at once.

use super::{Email, Role};
use crate::audit::{self, Actor, Event};
use crate::db::users::{self as q, UserRow};
use crate::db::{sessions, DbConnection, DbError};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("an account with that e-mail address already exists")]
    Exists,
    #[error("no account has that e-mail address")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Add an account with an already computed password hash; returns its id.
pub fn add(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &Email,
    role: Role,
    password_hash: &str,
) -> Result<String, UserError> {
    add_with_reason(conn, actor, email, role, password_hash, None)
}

/// [`add`], recording why (an admin in the web gives a reason).
pub fn add_with_reason(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &Email,
    role: Role,
    password_hash: &str,
    reason: Option<&str>,
) -> Result<String, UserError> {
    if q::by_email(conn, email.as_str())?.is_some() {
        return Err(UserError::Exists);
    }
    let now = crate::db::now();
    let row = UserRow {
        id: crate::db::new_id(),
        email: email.as_str().to_owned(),
        password_hash: password_hash.to_owned(),
        role: role.code().to_owned(),
        disabled: false,
        created_at: now,
        password_changed_at: now,
    };
    q::insert(conn, &row).map_err(|e| {
        if e.is_unique_violation() {
            UserError::Exists
        } else {
            e.into()
        }
    })?;
    let mut event =
        Event::new("user_added", "user", Some(&row.id)).change("role", None, Some(role.code()));
    event.reason = reason.map(str::to_owned);
    audit::append(conn, actor, event)?;
    Ok(row.id)
}

/// Disable an account and end its sessions; returns how many ended.
pub fn disable(conn: &mut DbConnection, actor: &Actor, email: &Email) -> Result<usize, UserError> {
    let user = q::by_email(conn, email.as_str())?.ok_or(UserError::NotFound)?;
    q::set_disabled(conn, &user.id, true)?;
    let ended = sessions::delete_for_user(conn, &user.id)?;
    let event = Event::new("user_disabled", "user", Some(&user.id)).change(
        "disabled",
        Some(if user.disabled { "true" } else { "false" }),
        Some("true"),
    );
    audit::append(conn, actor, event)?;
    Ok(ended)
}

/// Store a new password hash and end every session of the account.
pub fn change_password(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: &str,
    password_hash: &str,
) -> Result<usize, UserError> {
    q::set_password(conn, user_id, password_hash, crate::db::now())?;
    let ended = sessions::delete_for_user(conn, user_id)?;
    // The hash itself is never written to the audit trail.
    let event = Event::new("password_changed", "user", Some(user_id));
    audit::append(conn, actor, event)?;
    Ok(ended)
}
