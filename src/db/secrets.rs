//! What the database keeps about the server key: only its fingerprint and
//! the audit chain's keyed-from marker (`server_key`). The secret itself
//! lives in a key file or `CANARY_SECRET`; a secret an older version stored
//! in `server_secrets` is read once, moved out and erased here.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::schema::server_key::dsl as k;
use super::schema::server_secrets::dsl as s;
use super::{DbConnection, DbError};

const LEGACY_NAME: &str = "hmac";

/// The row identifying the key this database belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Insertable)]
#[diesel(table_name = super::schema::server_key)]
pub struct KeyRecord {
    pub id: i32,
    pub fingerprint: String,
    /// Audit events from this seq on are hashed with the keyed rule.
    pub audit_keyed_from: i64,
    /// MAC under the key over the two values above.
    pub seal: String,
}

/// The secret an older version kept in the database, if still there.
pub fn legacy(conn: &mut DbConnection) -> Result<Option<Vec<u8>>, DbError> {
    let stored: Vec<String> = s::server_secrets
        .filter(s::name.eq(LEGACY_NAME))
        .select(s::value)
        .load(conn)?;
    stored
        .into_iter()
        .next()
        .map(|v| hex::decode(v).map_err(|e| DbError::Corrupt(format!("server secret: {e}"))))
        .transpose()
}

/// Erase every stored secret so that no copy of the database holds it:
/// SQLite overwrites the deleted cells and checkpoints the WAL; PostgreSQL
/// rewrites the table.
pub fn erase_legacy(conn: &mut DbConnection) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(c) => {
            c.batch_execute("PRAGMA secure_delete = ON")?;
            diesel::delete(s::server_secrets).execute(c)?;
            c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA secure_delete = OFF")?;
        }
        DbConnection::Postgres(c) => {
            diesel::delete(s::server_secrets).execute(c)?;
            // Only the table's owner may rewrite it: under a restricted
            // application role the row is deleted and VACUUM reclaims it later.
            if let Err(e) = c.batch_execute("VACUUM FULL server_secrets") {
                tracing::warn!(error = %e, "server_secrets not rewritten; run VACUUM FULL server_secrets as its owner");
            }
        }
    }
    Ok(())
}

pub fn record(conn: &mut DbConnection) -> Result<Option<KeyRecord>, DbError> {
    Ok(k::server_key.find(1).first(conn).optional()?)
}

/// Store the record unless another instance stored one first; returns the
/// record that is stored now.
pub fn put_record(conn: &mut DbConnection, row: &KeyRecord) -> Result<KeyRecord, DbError> {
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::insert_into(k::server_key)
                .values(row)
                .on_conflict_do_nothing()
                .execute(c)?;
        }
        DbConnection::Postgres(c) => {
            diesel::insert_into(k::server_key)
                .values(row)
                .on_conflict_do_nothing()
                .execute(c)?;
        }
    }
    record(conn)?.ok_or_else(|| DbError::Corrupt("server key record missing".into()))
}

/// The newest audit event's seq (0 for an empty trail).
pub fn audit_head(conn: &mut DbConnection) -> Result<i64, DbError> {
    use super::schema::audit_events::dsl as a;
    Ok(a::audit_events
        .select(diesel::dsl::max(a::seq))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}
