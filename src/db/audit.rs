//! Queries for the audit trail. Rows are only ever inserted; the chain logic
//! lives in `crate::audit`.

use diesel::prelude::*;

use super::schema::audit_events;
use super::{DbConnection, DbError};
use crate::audit::stored::AuditRow;

/// Arbitrary constant naming Canary's audit-chain advisory lock.
const CHAIN_LOCK: i64 = 0x6361_6e61_7279_0001;

columns!(
    /// The columns of an [`AuditRow`], in its fields' order.
    pub const AUDIT_ROW = audit_events:
    seq, at_utc, actor_id, actor_role, action, entity, entity_id, field, old_value, new_value,
    reason, prev_hash, hash
);

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
        .values((
            audit_events::seq.eq(row.seq),
            audit_events::at_utc.eq(row.at_utc),
            audit_events::actor_id.eq(&row.actor_id),
            audit_events::actor_role.eq(&row.actor_role),
            audit_events::action.eq(&row.action),
            audit_events::entity.eq(&row.entity),
            audit_events::entity_id.eq(&row.entity_id),
            audit_events::field.eq(&row.field),
            audit_events::old_value.eq(&row.old_value),
            audit_events::new_value.eq(&row.new_value),
            audit_events::reason.eq(&row.reason),
            audit_events::prev_hash.eq(&row.prev_hash),
            audit_events::hash.eq(&row.hash),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` events after `seq`, in order.
pub fn after(conn: &mut DbConnection, seq: i64, limit: i64) -> Result<Vec<AuditRow>, DbError> {
    Ok(audit_events::table
        .filter(audit_events::seq.gt(seq))
        .order(audit_events::seq.asc())
        .limit(limit)
        .select(AUDIT_ROW)
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
