//! Queries for the audit trail. Rows are only ever inserted; the chain logic
//! lives in `crate::audit`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_events;
use super::{DbConnection, DbError};

/// Arbitrary constant naming Canary's audit-chain advisory lock.
const CHAIN_LOCK: i64 = 0x6361_6e61_7279_0001;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub seq: i64,
    pub at_utc: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Serialise appends to the chain until the transaction ends. SQLite write
/// transactions already are serial (`BEGIN IMMEDIATE`); PostgreSQL takes a
/// transaction-scoped advisory lock.
pub fn lock_chain(conn: &mut DbConnection) -> Result<(), DbError> {
    if let DbConnection::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(CHAIN_LOCK)
            .execute(c)?;
    }
    Ok(())
}

/// The newest event's (seq, hash).
pub fn head(conn: &mut DbConnection) -> Result<Option<(i64, String)>, DbError> {
    Ok(audit_events::table
        .order(audit_events::seq.desc())
        .select((audit_events::seq, audit_events::hash))
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConnection, row: &AuditRow) -> Result<(), DbError> {
    diesel::insert_into(audit_events::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` events after `seq`, in order.
pub fn after(conn: &mut DbConnection, seq: i64, limit: i64) -> Result<Vec<AuditRow>, DbError> {
    Ok(audit_events::table
        .filter(audit_events::seq.gt(seq))
        .order(audit_events::seq.asc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?)
}

/// Whether an event with this hash is in the trail.
pub fn has_hash(conn: &mut DbConnection, hash: &str) -> Result<bool, DbError> {
    let n: i64 = audit_events::table
        .filter(audit_events::hash.eq(hash))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
