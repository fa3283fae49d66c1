//! Queries for staff second factors (`user_totp`) and the per-role sign-in
//! policy (`role_policies`). The secret is stored sealed; this module never
//! sees it in the clear.

use crate::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{role_policies, user_totp};
use super::{DbConnection, DbError};

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_totp)]
pub struct TotpRow {
    pub user_id: UserId,
    pub secret_sealed: String,
    pub enabled: bool,
    pub last_used_step: Option<i64>,
    pub created_at: NaiveDateTime,
    pub enabled_at: Option<NaiveDateTime>,
}

pub fn get(conn: &mut DbConnection, user_id: &UserId) -> Result<Option<TotpRow>, DbError> {
    Ok(user_totp::table
        .find(user_id)
        .select(TotpRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether the account signs in with a code (set up and confirmed).
pub fn enabled(conn: &mut DbConnection, user_id: &UserId) -> Result<bool, DbError> {
    Ok(get(conn, user_id)?.is_some_and(|t| t.enabled))
}

/// Start over with a new, unconfirmed secret (delete then insert: no upsert).
pub fn replace_pending(conn: &mut DbConnection, row: &TotpRow) -> Result<(), DbError> {
    remove(conn, &row.user_id)?;
    diesel::insert_into(user_totp::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Turn the factor on, remembering the step of the code that confirmed it.
pub fn confirm(
    conn: &mut DbConnection,
    user_id: &UserId,
    step: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(user_totp::table.find(user_id))
        .set((
            user_totp::enabled.eq(true),
            user_totp::last_used_step.eq(Some(step)),
            user_totp::enabled_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Record an accepted code's step, only if it is newer than the last one:
/// false when another request used this step (or a later one) first.
pub fn use_step(conn: &mut DbConnection, user_id: &UserId, step: i64) -> Result<bool, DbError> {
    let n = diesel::update(
        user_totp::table.find(user_id).filter(
            user_totp::last_used_step
                .is_null()
                .or(user_totp::last_used_step.lt(step)),
        ),
    )
    .set(user_totp::last_used_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

/// (user id, enabled) of every account that has or is setting up a factor.
pub fn states(conn: &mut DbConnection) -> Result<Vec<(UserId, bool)>, DbError> {
    Ok(user_totp::table
        .select((user_totp::user_id, user_totp::enabled))
        .load(conn)?)
}

/// Remove the factor (turned off, or reset by an admin); whether there was one.
pub fn remove(conn: &mut DbConnection, user_id: &UserId) -> Result<bool, DbError> {
    Ok(diesel::delete(user_totp::table.find(user_id)).execute(conn)? > 0)
}

/// Whether accounts of this role must sign in with a code.
pub fn totp_required(conn: &mut DbConnection, role: &str) -> Result<bool, DbError> {
    Ok(role_policies::table
        .find(role)
        .select(role_policies::totp_required)
        .first(conn)
        .optional()?
        .unwrap_or(false))
}

/// (role code, totp required) for every role.
pub fn policies(conn: &mut DbConnection) -> Result<Vec<(String, bool)>, DbError> {
    Ok(role_policies::table
        .select((role_policies::role, role_policies::totp_required))
        .order(role_policies::role.asc())
        .load(conn)?)
}

pub fn set_totp_required(
    conn: &mut DbConnection,
    role: &str,
    required: bool,
) -> Result<(), DbError> {
    diesel::update(role_policies::table.find(role))
        .set(role_policies::totp_required.eq(required))
        .execute(conn)?;
    Ok(())
}
