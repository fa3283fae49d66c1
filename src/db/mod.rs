//! Storage: the one connection type over SQLite and PostgreSQL, the pool, the
//! embedded migrations and the write path (group commit on SQLite).
//!
//! Backend `match`es live only in this module, and only where diesel forces
//! them (opening connections, upserts, `BEGIN IMMEDIATE`).

/// A read model's columns, in the order of its fields, said once:
/// `columns!(reports: id, case_number)` is `(reports::id, reports::case_number)`,
/// and `columns!(pub const NAME = reports: id, …)` names that selection.
macro_rules! columns {
    ($(#[$doc:meta])* $vis:vis const $name:ident = $table:ident: $($column:ident),+ $(,)?) => {
        $(#[$doc])*
        $vis const $name: ($($table::$column,)+) = ($($table::$column,)+);
    };
    ($table:ident: $($column:ident),+ $(,)?) => {
        ($($table::$column,)+)
    };
}

pub mod analysis;
pub mod analysis_counts;
pub mod analysis_listing;
pub mod assessment;
pub mod audit;
pub mod audit_search;
pub mod batch_alerts;
pub mod case_links;
pub mod expedited;
pub mod export;
pub mod interchange;
pub mod mail;
pub mod meddra;
pub mod npds;
pub mod poison_center;
pub mod public_data;
pub mod reports;
pub mod rescrub;
pub mod resets;
pub mod review;
pub mod schema;
pub mod secrets;
pub mod sessions;
pub mod synthetic;
pub mod throttle;
pub mod totp;
pub mod users;
mod writer;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::config::DatabaseUrl;
pub use writer::Db;

/// One connection type for both backends; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Every SQLite connection gets these: WAL so readers never block the writer,
/// FULL so a commit (and so a receipt) survives power loss, foreign keys on,
/// and a busy timeout for the odd second process such as the CLI. The busy
/// timeout comes first: `journal_mode` needs a lock, and without the
/// timeout a connection opened while another process holds one (a closing
/// server's checkpoint, the CLI) failed at once with "database is locked".
const SQLITE_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("the database writer has stopped")]
    WriterGone,
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl DbError {
    /// True when the error is a UNIQUE constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

/// Opens connections for the configured backend only: a URL is never tried
/// against the other backend (that is how typos create empty SQLite files).
#[derive(Clone, Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

/// Open one connection to `url`, with the SQLite pragmas applied.
pub fn connect(url: &DatabaseUrl) -> Result<DbConnection, DbError> {
    Ok(match url {
        DatabaseUrl::Sqlite(path) => {
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute(SQLITE_PRAGMAS)?;
            DbConnection::Sqlite(conn)
        }
        DatabaseUrl::Postgres(url) => DbConnection::Postgres(PgConnection::establish(url)?),
    })
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        connect(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Apply every pending migration of the connection's backend. On
/// PostgreSQL nothing is attempted when every migration is already applied,
/// so an application role without CREATE on the schema (the owner migrates;
/// see `scripts/postgres-roles.sql`) starts without touching the schema.
pub fn run_migrations(conn: &mut DbConnection) -> Result<(), DbError> {
    let result = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConnection::Postgres(c) => {
            if all_applied(c) {
                Ok(())
            } else {
                c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ())
            }
        }
    };
    result.map_err(|e| DbError::Migration(e.to_string()))
}

/// Whether every embedded PostgreSQL migration is recorded as applied
/// (false when that cannot be read, e.g. on an empty database).
fn all_applied(conn: &mut PgConnection) -> bool {
    use diesel::migration::MigrationSource;
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Applied {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let Ok(embedded) = MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS) else {
        return false;
    };
    let Ok(applied) =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations").load::<Applied>(conn)
    else {
        return false;
    };
    let applied: std::collections::HashSet<String> =
        applied.into_iter().map(|a| a.version).collect();
    embedded
        .iter()
        .all(|m| applied.contains(&m.name().version().to_string()))
}

/// Revert every migration (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConnection) -> Result<(), DbError> {
    let result = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Migration(e.to_string()))
}

/// Current time in UTC, truncated to microseconds (what both backends keep).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let now = chrono::Utc::now().naive_utc();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}

/// A new random, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
