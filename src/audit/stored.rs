//! An audit event as stored, as the chain, the History of a case and the
//! admins' audit page read it. `db::audit` maps its rows into it.

use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq, diesel::Queryable)]
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
