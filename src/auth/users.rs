//! Staff accounts: the list (the admin page and `canary user list`), and
//! adding, disabling and changing a password. Each change runs inside one
//! write transaction together with its audit event; disabling an account or
//! changing its password ends all its sessions at once.

use crate::ids::UserId;
use chrono::NaiveDateTime;

use super::{Email, Role};
use crate::audit::{self, Actor, Event};
use crate::db::users::{self as q, UserRow};
use crate::db::{sessions, Db, DbConnection, DbError};

/// One account as the list shows it (never its password hash).
#[derive(Debug, Clone)]
pub struct StaffAccount {
    pub id: UserId,
    pub email: String,
    /// The stored role code.
    pub role: String,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    /// Two-step sign-in: on, being set up, or (`None`) off.
    pub second_factor: Option<bool>,
}

/// Every account, oldest first, with the state of its second factor.
pub async fn list(db: &Db) -> Result<Vec<StaffAccount>, DbError> {
    let (rows, factors) = db
        .read(|c| Ok((q::list(c)?, crate::db::totp::states(c)?)))
        .await?;
    Ok(rows
        .into_iter()
        .map(|u| StaffAccount {
            second_factor: factors
                .iter()
                .find(|(id, _)| u.id == *id)
                .map(|(_, on)| *on),
            id: u.id,
            email: u.email,
            role: u.role,
            disabled: u.disabled,
            created_at: u.created_at,
        })
        .collect())
}

/// Run a change in one write transaction; a refusal (not a database error)
/// still ends it normally, as nothing was changed.
async fn in_transaction<T: Send + 'static>(
    db: &Db,
    f: impl FnOnce(&mut DbConnection) -> Result<T, UserError> + Send + 'static,
) -> Result<T, UserError> {
    db.write(move |c| match f(c) {
        Err(UserError::Db(e)) => Err(e),
        other => Ok(other),
    })
    .await?
}

/// [`add`] in a transaction of its own (`canary user add`).
pub async fn create(
    db: &Db,
    actor: Actor,
    email: Email,
    role: Role,
    password_hash: String,
) -> Result<UserId, UserError> {
    in_transaction(db, move |c| add(c, &actor, &email, role, &password_hash)).await
}

/// [`disable`] in a transaction of its own (`canary user disable`).
pub async fn disable_account(db: &Db, actor: Actor, email: Email) -> Result<usize, UserError> {
    in_transaction(db, move |c| disable(c, &actor, &email)).await
}

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
) -> Result<UserId, UserError> {
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
) -> Result<UserId, UserError> {
    if q::by_email(conn, email.as_str())?.is_some() {
        return Err(UserError::Exists);
    }
    let now = crate::db::now();
    let row = UserRow {
        id: UserId::fresh(),
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
    let mut event = Event::new("user_added", "user", Some(row.id.as_str())).change(
        "role",
        None,
        Some(role.code()),
    );
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
    user_id: &UserId,
    password_hash: &str,
) -> Result<usize, UserError> {
    q::set_password(conn, user_id, password_hash, crate::db::now())?;
    let ended = sessions::delete_for_user(conn, user_id)?;
    // The hash itself is never written to the audit trail.
    let event = Event::new("password_changed", "user", Some(user_id));
    audit::append(conn, actor, event)?;
    Ok(ended)
}
