//! The hash-chained audit trail: append an event inside the caller's write
//! transaction, and verify the whole chain.
//!
//! `hash = HMAC-SHA-256(audit key, prev_hash ‖ canonical row)`, the audit
//! key derived from the server key (which never enters the database), so
//! whoever holds only the database cannot recompute a rewritten chain.
//! Events written before the key was introduced keep the old unkeyed rule
//! `SHA-256(prev_hash ‖ canonical row)`: the database's key record says from
//! which seq the keyed rule applies, sealed with the key so the marker
//! cannot be moved. The first event's `prev_hash` is 32 zero bytes. Hashes
//! are stored as lowercase hex. The canonical row is a JSON array of every
//! column but the hashes, in a fixed order, with the time as RFC 3339 UTC
//! with microseconds.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use crate::db::audit as q;
use crate::db::{DbConnection, DbError};
use crate::ids::UserId;

pub mod filter;
pub mod search;
pub mod stored;

use stored::AuditRow;

/// Who did it, as the server knows it (never from a form).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<UserId>,
    pub role: String,
}

impl Actor {
    /// The staff id recorded beside a change ("by", "author"); empty for the
    /// command line and the server, which have no account.
    pub fn staff_id(&self) -> UserId {
        self.id
            .clone()
            .unwrap_or_else(|| UserId::from_stored(String::new()))
    }

    /// An operator at the command line.
    pub fn cli() -> Self {
        Self {
            id: None,
            role: "cli".into(),
        }
    }
    /// A reporter, through the public pages (never identified).
    pub fn public() -> Self {
        Self {
            id: None,
            role: "public".into(),
        }
    }
    /// The server itself, acting on a schedule (e.g. raising a batch alert).
    pub fn system() -> Self {
        Self {
            id: None,
            role: "system".into(),
        }
    }
    /// Someone not signed in (e.g. a failed login).
    pub fn anonymous() -> Self {
        Self {
            id: None,
            role: "anonymous".into(),
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, Default)]
pub struct Event {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

impl Event {
    pub fn new(action: &'static str, entity: &'static str, entity_id: Option<&str>) -> Self {
        Self {
            action,
            entity,
            entity_id: entity_id.map(str::to_owned),
            ..Self::default()
        }
    }

    pub fn change(mut self, field: &str, old: Option<&str>, new: Option<&str>) -> Self {
        self.field = Some(field.to_owned());
        self.old_value = old.map(str::to_owned);
        self.new_value = new.map(str::to_owned);
        self
    }
}

/// The audit keys loaded in this process, by key fingerprint (tests run
/// several servers with different keys in one process). Appends find their
/// database's key through the fingerprint the database keeps, so every
/// existing `append(conn, …)` call is keyed without passing the key around.
fn registry() -> &'static Mutex<HashMap<String, [u8; 32]>> {
    static KEYS: OnceLock<Mutex<HashMap<String, [u8; 32]>>> = OnceLock::new();
    KEYS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Make `keys`' audit key available to appends on databases keyed with it.
pub fn register_key(keys: &crate::crypto::Keys) {
    registry()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(keys.fingerprint(), keys.audit_key());
}

/// The rule for events of this database: `(keyed_from, key)`, or `None`
/// for a database whose key was never set up (all events unkeyed).
fn chain_key(conn: &mut DbConnection) -> Result<Option<(i64, [u8; 32])>, DbError> {
    let Some(record) = crate::db::secrets::record(conn)? else {
        return Ok(None);
    };
    let key = registry()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&record.fingerprint)
        .copied()
        .ok_or_else(|| {
            DbError::Corrupt(format!(
                "the audit key (fingerprint {}) is not loaded",
                record.fingerprint
            ))
        })?;
    Ok(Some((record.audit_keyed_from, key)))
}

fn hash_for(rule: Option<(i64, [u8; 32])>, row: &AuditRow) -> String {
    match rule {
        Some((from, key)) if row.seq >= from => keyed_hash(&key, row),
        _ => row_hash(row),
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Append `event` by `actor` to the chain, in the caller's transaction (so it
/// commits or rolls back with the change it records). Returns its seq.
pub fn append(conn: &mut DbConnection, actor: &Actor, event: Event) -> Result<i64, DbError> {
    q::lock_chain(conn)?;
    let rule = chain_key(conn)?;
    let (seq, prev_hash) = match q::head(conn)? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let mut row = AuditRow {
        seq,
        at_utc: crate::db::now(),
        actor_id: actor.id.clone().map(UserId::into_string),
        actor_role: actor.role.clone(),
        action: event.action.to_owned(),
        entity: event.entity.to_owned(),
        entity_id: event.entity_id,
        field: event.field,
        old_value: event.old_value,
        new_value: event.new_value,
        reason: event.reason,
        prev_hash,
        hash: String::new(),
    };
    row.hash = hash_for(rule, &row);
    q::insert(conn, &row)?;
    Ok(seq)
}

fn time(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The old unkeyed rule: SHA-256 over the previous hash's bytes and the
/// canonical row (public so tests can play an attacker who rewrites a row
/// and its hash without the key).
pub fn row_hash(row: &AuditRow) -> String {
    let mut h = Sha256::new();
    h.update(prev_bytes(row));
    h.update(canonical(row).as_bytes());
    hex::encode(h.finalize())
}

/// The keyed rule: HMAC-SHA-256 under the audit key over the same input.
pub fn keyed_hash(key: &[u8; 32], row: &AuditRow) -> String {
    use hmac::Mac;
    // HMAC takes keys of any length.
    let mut mac =
        <hmac::Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(&prev_bytes(row));
    mac.update(canonical(row).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A prev_hash that is not hex cannot match anyway; hash its text instead.
fn prev_bytes(row: &AuditRow) -> Vec<u8> {
    hex::decode(&row.prev_hash).unwrap_or_else(|_| row.prev_hash.as_bytes().to_vec())
}

fn canonical(row: &AuditRow) -> String {
    serde_json::json!([
        row.seq,
        time(&row.at_utc),
        row.actor_id,
        row.actor_role,
        row.action,
        row.entity,
        row.entity_id,
        row.field,
        row.old_value,
        row.new_value,
        row.reason,
    ])
    .to_string()
}

/// Where and why the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at seq {seq}: {problem}")]
pub struct Broken {
    pub seq: i64,
    pub problem: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Broken(#[from] Broken),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Walk the chain from the start; the number of intact events, or the first
/// broken one.
pub fn verify(conn: &mut DbConnection) -> Result<i64, VerifyError> {
    const PAGE: i64 = 1000;
    let rule = chain_key(conn)?;
    let (mut last_seq, mut last_hash) = (0i64, GENESIS.to_owned());
    loop {
        let rows = q::after(conn, last_seq, PAGE)?;
        if rows.is_empty() {
            return Ok(last_seq);
        }
        for row in rows {
            let broken = |problem| Broken {
                seq: row.seq,
                problem,
            };
            if row.seq != last_seq + 1 {
                // The event that should have been here is missing.
                return Err(Broken {
                    seq: last_seq + 1,
                    problem: "event missing",
                }
                .into());
            }
            if row.prev_hash != last_hash {
                return Err(broken("prev_hash does not match the previous event").into());
            }
            if hash_for(rule, &row) != row.hash {
                return Err(broken("contents do not match the hash").into());
            }
            last_seq = row.seq;
            last_hash = row.hash;
        }
    }
}
