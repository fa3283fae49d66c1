//! Both backends end with the same tables and columns, and migrations run
//! up, down and up again; SQLite connections carry the durability pragmas.

use std::collections::BTreeSet;

use canary::db::{self, DbConnection};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::helpers::*;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

fn columns(conn: &mut DbConnection) -> BTreeSet<(String, String)> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        DbConnection::Postgres(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = current_schema()"
        }
    };
    diesel::sql_query(sql)
        .load::<Column>(conn)
        .unwrap()
        .into_iter()
        .map(|c| (c.table_name, c.column_name))
        .collect()
}

fn migrated(backend: Backend) -> (TestDb, BTreeSet<(String, String)>) {
    let test_db = TestDb::new(backend).unwrap();
    let mut conn = test_db.connect();
    db::run_migrations(&mut conn).unwrap();
    let first = columns(&mut conn);
    db::revert_all_migrations(&mut conn).unwrap();
    let reverted = columns(&mut conn);
    assert!(
        reverted
            .iter()
            .all(|(t, _)| t == "__diesel_schema_migrations"),
        "down scripts drop everything: {reverted:?}"
    );
    db::run_migrations(&mut conn).unwrap();
    assert_eq!(
        columns(&mut conn),
        first,
        "up, down, up gives the same schema"
    );
    (test_db, first)
}

#[test]
fn both_backends_have_the_same_tables_and_columns() {
    let (_sqlite_db, sqlite) = migrated(Backend::Sqlite);
    assert!(sqlite.contains(&("reports".into(), "case_number".into())));
    if postgres_base_url().is_none() {
        eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); compared SQLite only");
        return;
    }
    let (_pg_db, postgres) = migrated(Backend::Postgres);
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only SQLite: {only_sqlite:?}; only PostgreSQL: {only_postgres:?}"
    );
}

#[derive(QueryableByName)]
struct Pragma {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

#[test]
fn check_66_sqlite_connections_are_durable() {
    let test_db = TestDb::new(Backend::Sqlite).unwrap();
    let mut conn = test_db.connect();
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }
    let mode = diesel::sql_query("PRAGMA journal_mode")
        .load::<Mode>(&mut conn)
        .unwrap();
    assert_eq!(mode[0].journal_mode, "wal");
    for (pragma, column, expected) in [
        ("synchronous", "synchronous", 2),
        ("foreign_keys", "foreign_keys", 1),
        ("busy_timeout", "timeout", 5000),
    ] {
        let rows = diesel::sql_query(format!("SELECT {column} AS value FROM pragma_{pragma}"))
            .load::<Pragma>(&mut conn)
            .unwrap();
        assert_eq!(rows[0].value, expected, "{pragma}");
    }
}

#[test]
fn a_new_sqlite_connection_waits_out_a_lock_instead_of_failing() {
    // A second process (the CLI, a second server, a restart while the old
    // one checkpoints on close) may hold the database briefly: opening a
    // connection then must wait up to the busy timeout, not fail with
    // "database is locked" on its first pragma.
    use diesel::connection::SimpleConnection;
    let test_db = TestDb::new(Backend::Sqlite).unwrap();
    drop(test_db.connect());
    let mut holder = test_db.connect();
    holder
        .batch_execute("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held(x);")
        .unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        holder.batch_execute("ROLLBACK").unwrap();
        drop(holder);
    });
    let started = std::time::Instant::now();
    let opened = db::connect(&test_db.url);
    release.join().unwrap();
    assert!(opened.is_ok(), "{:?}", opened.err());
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(200),
        "it waited for the lock"
    );
}
