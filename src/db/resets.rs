//! Queries for password-reset tokens, keyed by the SHA-256 of the token.

use crate::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::password_resets;
use super::{DbConnection, DbError};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = password_resets)]
pub struct ResetRow {
    pub token_hash: String,
    pub user_id: UserId,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &ResetRow) -> Result<(), DbError> {
    diesel::insert_into(password_resets::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Tokens issued to `user_id` since `since` (the per-account limit).
pub fn issued_since(
    conn: &mut DbConnection,
    user_id: &UserId,
    since: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(password_resets::table
        .filter(password_resets::user_id.eq(user_id))
        .filter(password_resets::created_at.ge(since))
        .count()
        .get_result(conn)?)
}

/// The token's row while it is unused and unexpired.
pub fn usable(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<ResetRow>, DbError> {
    Ok(password_resets::table
        .find(token_hash)
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(ResetRow::as_select())
        .first(conn)
        .optional()?)
}

/// Use the token: a conditional UPDATE, so of two concurrent uses only one
/// changes a row. True when this call used it.
pub fn use_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    use password_resets::dsl as r;
    let n = diesel::update(
        r::password_resets
            .find(token_hash)
            .filter(r::used_at.is_null())
            .filter(r::expires_at.gt(now)),
    )
    .set(r::used_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// Retire every other unused token of the account (after a reset).
pub fn retire_for_user(
    conn: &mut DbConnection,
    user_id: &UserId,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    use password_resets::dsl as r;
    diesel::update(
        r::password_resets
            .filter(r::user_id.eq(user_id))
            .filter(r::used_at.is_null()),
    )
    .set(r::used_at.eq(now))
    .execute(conn)?;
    Ok(())
}
