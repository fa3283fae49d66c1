//! Yardstick for `scripts/bench-submit`: a bare actix-web server whose one
//! POST route stores the same report Canary stores, through Canary's own db
//! layer, the usual non-durable way: an r2d2 pool of 4 SQLite connections in
//! WAL mode with `synchronous=NORMAL`, one transaction per request.
//!
//! `cargo run --release --example bench_baseline -- DB_FILE FORM_FILE [ADDR]`
//! prints `listening on ADDR` once it accepts requests.

use std::sync::Arc;

use actix_web::{web, App, HttpResponse, HttpServer};
use canary::config::DatabaseUrl;
use canary::db::reports::{self, SubmissionKeys};
use canary::db::{self, DbConnection, DbError, Manager};
use canary::form::RawForm;
use canary::report::NewReport;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{CustomizeConnection, Pool};

/// Canary's connections use synchronous=FULL; the yardstick relaxes it.
#[derive(Debug)]
struct Normal;

impl CustomizeConnection<DbConnection, DbError> for Normal {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        Ok(conn.batch_execute("PRAGMA synchronous = NORMAL;")?)
    }
}

struct State {
    pool: Pool<Manager>,
    report: NewReport,
}

fn random_hex() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// One report, one `BEGIN IMMEDIATE … COMMIT` (IMMEDIATE: with four writers a
/// deferred transaction that reads first would fail with SQLITE_BUSY).
fn store(state: &State) -> Result<String, DbError> {
    let mut conn = state.pool.get()?;
    let conn: &mut DbConnection = &mut conn;
    let DbConnection::Sqlite(inner) = conn else {
        return Err(DbError::Corrupt("the yardstick is SQLite only".into()));
    };
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    let keys = SubmissionKeys {
        idempotency_hash: random_hex(),
        followup_code_hash: random_hex(),
    };
    let stored = reports::insert(conn, &state.report, &keys, db::now());
    let DbConnection::Sqlite(inner) = conn else {
        unreachable!("backend changed")
    };
    match stored {
        Ok(case) => {
            AnsiTransactionManager::commit_transaction(inner)?;
            Ok(case.into_string())
        }
        Err(e) => {
            let _ = AnsiTransactionManager::rollback_transaction(inner);
            Err(e)
        }
    }
}

async fn submit(state: web::Data<State>, _body: web::Bytes) -> HttpResponse {
    match web::block(move || store(&state)).await {
        Ok(Ok(_case)) => HttpResponse::SeeOther()
            .insert_header(("location", "/report/receipt"))
            .finish(),
        Ok(Err(e)) => HttpResponse::InternalServerError().body(e.to_string()),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}

async fn ready() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_baseline DB_FILE FORM_FILE [ADDR]";
    let db_file = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let form_file = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:0".into());

    let form = RawForm::decode(std::fs::read(&form_file)?.trim_ascii_end())?;
    let report = canary::report::form::parse(&form, chrono::Utc::now().date_naive())
        .map_err(|errors| anyhow::anyhow!("{form_file} is not a valid report: {errors:?}"))?;

    let url = DatabaseUrl::Sqlite(db_file);
    db::run_migrations(&mut db::connect(&url)?)?;
    let pool = Pool::builder()
        .max_size(4)
        .connection_customizer(Box::new(Normal))
        .build(Manager::new(url))?;
    let state = web::Data::from(Arc::new(State { pool, report }));

    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(64 * 1024))
                .route("/report", web::post().to(submit))
                .route("/healthz", web::get().to(ready))
        })
        .bind(addr)?;
        for a in server.addrs() {
            println!("listening on {a}");
        }
        server.run().await?;
        Ok(())
    })
}
