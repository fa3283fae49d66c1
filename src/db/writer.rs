//! The database handle and its write path.
//!
//! SQLite allows one writer at a time, and with `synchronous=FULL` every commit
//! costs an fsync. So on SQLite one thread owns the only write connection and
//! commits whatever submissions are queued in one transaction (group commit):
//! each job runs in its own savepoint, and each caller is answered only after
//! the batch's COMMIT returned. PostgreSQL takes concurrent writers, so there
//! each write is a transaction on a pooled connection.

use std::sync::mpsc;
use std::sync::Arc;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::Connection;
use tokio::sync::oneshot;

use super::{connect, run_migrations, DbConnection, DbError, Manager, Pool, PooledConn};
use crate::config::DatabaseUrl;

/// Most jobs committed in one SQLite transaction.
const MAX_BATCH: usize = 512;

/// Shared handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    writer: Option<mpsc::Sender<Box<dyn Job>>>,
    url: Arc<DatabaseUrl>,
}

impl Db {
    /// Connect, apply migrations and start the writer (SQLite).
    pub fn open(url: &DatabaseUrl, pool_size: u32) -> Result<Self, DbError> {
        let mut conn = connect(url)?;
        run_migrations(&mut conn)?;
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .build(Manager::new(url.clone()))?;
        let writer = match url {
            DatabaseUrl::Sqlite(_) => Some(spawn_writer(conn)?),
            DatabaseUrl::Postgres(_) => None,
        };
        Ok(Self {
            pool,
            writer,
            url: Arc::new(url.clone()),
        })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// A pooled connection for blocking callers (CLI, tests, the writer's peers).
    pub fn conn(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Run a read on a pooled connection off the async executor.
    pub async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || f(&mut *pool.get()?))
            .await
            .map_err(|_| DbError::WriterGone)?
    }

    /// Run `f` in a transaction and return once it is durably committed.
    pub async fn write<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, DbError> + Send + 'static,
    {
        match &self.writer {
            Some(sender) => {
                let (reply, answer) = oneshot::channel();
                let job: Box<dyn Job> = Box::new(WriteJob {
                    f: Some(f),
                    result: None,
                    reply,
                });
                sender.send(job).map_err(|_| DbError::WriterGone)?;
                answer.await.map_err(|_| DbError::WriterGone)?
            }
            None => {
                let pool = self.pool.clone();
                tokio::task::spawn_blocking(move || {
                    let mut conn = pool.get()?;
                    let conn: &mut DbConnection = &mut conn;
                    conn.transaction(f)
                })
                .await
                .map_err(|_| DbError::WriterGone)?
            }
        }
    }

    /// The blocking twin of [`Db::write`] for the CLI and tests.
    pub fn write_blocking<T, F>(&self, f: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, DbError>,
    {
        let mut pooled = self.conn()?;
        let conn: &mut DbConnection = &mut pooled;
        match conn {
            DbConnection::Sqlite(_) => immediate_transaction(conn, f),
            DbConnection::Postgres(_) => conn.transaction(f),
        }
    }
}

/// A queued write: run inside the batch, then told whether the batch committed.
trait Job: Send {
    fn run(&mut self, conn: &mut DbConnection);
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct WriteJob<T, F> {
    f: Option<F>,
    result: Option<Result<T, DbError>>,
    reply: oneshot::Sender<Result<T, DbError>>,
}

impl<T, F> Job for WriteJob<T, F>
where
    T: Send,
    F: FnOnce(&mut DbConnection) -> Result<T, DbError> + Send,
{
    fn run(&mut self, conn: &mut DbConnection) {
        if let Some(f) = self.f.take() {
            // A nested transaction is a savepoint: a failing job leaves the batch intact.
            self.result = Some(conn.transaction(f));
        }
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match (self.result, committed) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(e)) => Err(DbError::Corrupt(format!("batch not committed: {e}"))),
            (None, Ok(())) => Err(DbError::WriterGone),
        };
        // The caller may have gone away (client disconnected); the data is committed anyway.
        let _ = self.reply.send(answer);
    }
}

fn spawn_writer(mut conn: DbConnection) -> Result<mpsc::Sender<Box<dyn Job>>, DbError> {
    // Each job runs in a SAVEPOINT: keep its sub-journal in memory instead of
    // a temp file per batch (55 → 10 writes per report). Crash recovery uses
    // the WAL, not this journal.
    conn.batch_execute("PRAGMA temp_store = MEMORY;")?;
    let (sender, queue) = mpsc::channel::<Box<dyn Job>>();
    std::thread::Builder::new()
        .name("canary-sqlite-writer".into())
        .spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut jobs = vec![first];
                while jobs.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => jobs.push(job),
                        Err(_) => break,
                    }
                }
                let committed = immediate_transaction(&mut conn, |c| {
                    for job in jobs.iter_mut() {
                        job.run(c);
                    }
                    Ok::<(), DbError>(())
                })
                .map_err(|e| e.to_string());
                if let Err(e) = &committed {
                    tracing::error!(error = %e, batch = jobs.len(), "sqlite batch commit failed");
                }
                for job in jobs {
                    job.finish(committed.clone());
                }
            }
        })
        .map_err(|e| DbError::Corrupt(format!("cannot start writer thread: {e}")))?;
    Ok(sender)
}

/// `BEGIN IMMEDIATE … COMMIT` on SQLite: take the write lock up front, so a
/// transaction that reads before it writes never fails with SQLITE_BUSY.
/// Nested `transaction()` calls inside become savepoints as usual.
fn immediate_transaction<T, F>(conn: &mut DbConnection, f: F) -> Result<T, DbError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, DbError>,
{
    if !matches!(conn, DbConnection::Sqlite(_)) {
        return conn.transaction(f);
    }
    on_sqlite(conn, |c| {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
    })?;
    let result = f(conn);
    let ended = match &result {
        Ok(_) => on_sqlite(conn, AnsiTransactionManager::commit_transaction),
        Err(_) => on_sqlite(conn, AnsiTransactionManager::rollback_transaction),
    };
    match (result, ended) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(commit_failed)) => {
            let _ = on_sqlite(conn, AnsiTransactionManager::rollback_transaction);
            Err(commit_failed.into())
        }
        (Err(e), _) => Err(e),
    }
}

/// Run a transaction-manager call on the SQLite connection inside `conn`.
fn on_sqlite(
    conn: &mut DbConnection,
    op: impl FnOnce(&mut diesel::SqliteConnection) -> diesel::QueryResult<()>,
) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => op(c),
        DbConnection::Postgres(_) => Err(diesel::result::Error::BrokenTransactionManager),
    }
}
