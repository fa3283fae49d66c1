//! The server secret: from configuration, or created once and kept in the
//! database so every app instance on the same PostgreSQL shares it.

use diesel::prelude::*;

use super::schema::server_secrets::dsl as s;
use super::{DbConnection, DbError};

const NAME: &str = "hmac";

/// Return the stored secret, creating it on first start (insert-if-absent
/// needs a per-backend upsert; two instances starting at once agree).
pub fn load_or_create(conn: &mut DbConnection) -> Result<Vec<u8>, DbError> {
    let fresh = hex::encode(crate::crypto::random_bytes::<32>());
    let row = (s::name.eq(NAME), s::value.eq(&fresh));
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::insert_into(s::server_secrets)
                .values(row)
                .on_conflict_do_nothing()
                .execute(c)?;
        }
        DbConnection::Postgres(c) => {
            diesel::insert_into(s::server_secrets)
                .values(row)
                .on_conflict_do_nothing()
                .execute(c)?;
        }
    }
    let stored: Vec<String> = s::server_secrets
        .filter(s::name.eq(NAME))
        .select(s::value)
        .load(conn)?;
    let value = stored
        .into_iter()
        .next()
        .ok_or_else(|| DbError::Corrupt("server secret missing".into()))?;
    hex::decode(value).map_err(|e| DbError::Corrupt(format!("server secret: {e}")))
}
