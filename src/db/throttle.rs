//! Per-account failed-login counters (keyed by an HMAC of the typed address).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::login_throttle;
use super::{DbConnection, DbError};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = login_throttle, treat_none_as_null = true)]
pub struct ThrottleRow {
    pub account_key: String,
    pub window_start: NaiveDateTime,
    pub failures: i32,
    pub locked_until: Option<NaiveDateTime>,
}

/// Serialise attempts on one account until the transaction ends (SQLite
/// writers already are serial; PostgreSQL takes an advisory lock).
pub fn lock(conn: &mut DbConnection, key: &str) -> Result<(), DbError> {
    if let DbConnection::Postgres(c) = conn {
        // Two-key form: its own lock space, apart from the audit chain's lock.
        diesel::sql_query("SELECT pg_advisory_xact_lock(2, hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(c)?;
    }
    Ok(())
}

pub fn get(conn: &mut DbConnection, key: &str) -> Result<Option<ThrottleRow>, DbError> {
    Ok(login_throttle::table
        .find(key)
        .select(ThrottleRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert or replace the counter (an upsert, so per backend).
pub fn put(conn: &mut DbConnection, row: &ThrottleRow) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(login_throttle::table)
            .values(row)
            .on_conflict(login_throttle::account_key)
            .do_update()
            .set(row)
            .execute(c)?,
        DbConnection::Postgres(c) => diesel::insert_into(login_throttle::table)
            .values(row)
            .on_conflict(login_throttle::account_key)
            .do_update()
            .set(row)
            .execute(c)?,
    };
    Ok(())
}

pub fn clear(conn: &mut DbConnection, key: &str) -> Result<(), DbError> {
    diesel::delete(login_throttle::table.find(key)).execute(conn)?;
    Ok(())
}

/// Forget counters whose hour is over and that lock nothing.
pub fn prune(conn: &mut DbConnection, now: NaiveDateTime) -> Result<(), DbError> {
    use login_throttle::dsl as t;
    let hour_ago = now - chrono::TimeDelta::hours(1);
    diesel::delete(
        t::login_throttle
            .filter(t::window_start.lt(hour_ago))
            .filter(t::locked_until.is_null().or(t::locked_until.lt(now))),
    )
    .execute(conn)?;
    Ok(())
}
