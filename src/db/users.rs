//! Queries for staff accounts.

use crate::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::users;
use super::{DbConnection, DbError};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub password_changed_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> Result<(), DbError> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn by_email(conn: &mut DbConnection, email: &str) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_id(conn: &mut DbConnection, id: &UserId) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every account, oldest first.
pub fn list(conn: &mut DbConnection) -> Result<Vec<UserRow>, DbError> {
    Ok(users::table
        .order((users::created_at.asc(), users::id.asc()))
        .select(UserRow::as_select())
        .load(conn)?)
}

pub fn set_disabled(conn: &mut DbConnection, id: &UserId, disabled: bool) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set(users::disabled.eq(disabled))
        .execute(conn)?;
    Ok(())
}

pub fn set_role(conn: &mut DbConnection, id: &UserId, role: &str) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set(users::role.eq(role))
        .execute(conn)?;
    Ok(())
}

/// Replace the stored hash of the same password (parameter upgrade): the
/// password itself did not change, so neither does `password_changed_at`.
pub fn replace_hash(conn: &mut DbConnection, id: &UserId, hash: &str) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set(users::password_hash.eq(hash))
        .execute(conn)?;
    Ok(())
}

/// A new password: the hash and the time it changed.
pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let n = diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(DbError::Query(diesel::result::Error::NotFound));
    }
    Ok(())
}

/// (alerts for serious reports, daily digest) of an account.
pub fn notifications(
    conn: &mut DbConnection,
    id: &UserId,
) -> Result<Option<(bool, bool)>, DbError> {
    Ok(users::table
        .find(id)
        .select((users::notify_serious, users::daily_digest))
        .first(conn)
        .optional()?)
}

pub fn set_notifications(
    conn: &mut DbConnection,
    id: &str,
    serious: bool,
    digest: bool,
) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set((
            users::notify_serious.eq(serious),
            users::daily_digest.eq(digest),
        ))
        .execute(conn)?;
    Ok(())
}

/// Addresses of active reviewers and admins who asked for serious-report alerts.
pub fn alert_recipients(conn: &mut DbConnection) -> Result<Vec<String>, DbError> {
    Ok(users::table
        .filter(users::notify_serious.eq(true))
        .filter(users::disabled.eq(false))
        .filter(users::role.eq_any(["reviewer", "admin"]))
        .order(users::email.asc())
        .select(users::email)
        .load(conn)?)
}

/// Addresses of active accounts that asked for the daily digest.
pub fn digest_recipients(conn: &mut DbConnection) -> Result<Vec<String>, DbError> {
    Ok(users::table
        .filter(users::daily_digest.eq(true))
        .filter(users::disabled.eq(false))
        .order(users::email.asc())
        .select(users::email)
        .load(conn)?)
}
