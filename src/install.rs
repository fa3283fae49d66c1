//! Opening the configured database for an operator's command (and for the
//! export commands): most open only an existing one; `canary user add` (the
//! first admin on a fresh install) may create it. Either way the server key
//! is loaded.

use crate::config::{Config, DatabaseUrl};
use crate::db::Db;

/// Refuse a database that does not exist yet, so a command run with a
/// wrong or missing `CANARY_DATABASE_URL` never leaves an empty database
/// behind. Only `canary serve`, `canary generate` and `canary user add`
/// may create one (a fresh install).
pub fn require_database(url: &DatabaseUrl) -> anyhow::Result<()> {
    use diesel::connection::SimpleConnection;
    if let DatabaseUrl::Sqlite(path) = url {
        let in_memory = path == ":memory:" || path.starts_with("file:");
        if !in_memory && !std::path::Path::new(path).exists() {
            anyhow::bail!(
                "there is no database at {path}: set CANARY_DATABASE_URL to Canary's database \
                 (a new one is made only by `canary serve`, `canary generate` or `canary user add`)"
            );
        }
    }
    let mut conn = crate::db::connect(url)?;
    let has_tables = match &mut conn {
        crate::db::DbConnection::Sqlite(c) => c.batch_execute("SELECT 1 FROM reports LIMIT 1"),
        crate::db::DbConnection::Postgres(c) => c.batch_execute("SELECT 1 FROM reports LIMIT 1"),
    };
    if has_tables.is_err() {
        anyhow::bail!(
            "the database named by CANARY_DATABASE_URL holds no Canary data: check the URL \
             (a new database is set up only by `canary serve`, `canary generate` or `canary user add`)"
        );
    }
    Ok(())
}

/// Open the configured database, which must already exist, with the server
/// key loaded: audit events are chained under it, and a database started
/// with another key is refused.
pub fn open_existing(config: &Config) -> anyhow::Result<Db> {
    require_database(&config.database)?;
    let db = Db::open(&config.database, 1)?;
    crate::keyfile::load_for(config)?;
    Ok(db)
}

/// The configured database, created if need be (`user add` on a fresh
/// install).
pub fn open_or_create(config: &Config) -> anyhow::Result<Db> {
    let db = Db::open(&config.database, 1)?;
    crate::keyfile::load_for(config)?;
    Ok(db)
}
