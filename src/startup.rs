//! Building the application: compile the scrubber's patterns, open the database (migrations run here), load
//! the server key (refusing a database that is not the key's), start the mail outbox worker, bind the listener (port
//! 0 in tests) and start actix.

use std::net::{SocketAddr, TcpListener};

use actix_web::dev::{Server, ServerHandle};
use actix_web::{web, App, HttpServer};

use crate::abuse::Limiter;
use crate::config::Config;
use crate::crypto::Keys;
use crate::db::Db;
use crate::intake::Intake;
use crate::mail::worker::Worker;
use crate::mail::Outbox;
use crate::web::state::AppState;

pub struct Application {
    server: Server,
    address: SocketAddr,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let url = config.database.clone();
        let pool_size = config.db_pool_size;
        let key_config = config.clone();
        let (db, keys) = tokio::task::spawn_blocking(move || -> anyhow::Result<(Db, Keys)> {
            crate::deidentify::warm_up();
            let db = Db::open(&url, pool_size)?;
            let keys = crate::keyfile::load_for(&key_config)?;
            Ok((db, keys))
        })
        .await??;
        let outbox = Outbox::new(config.mail.clone());
        Worker::spawn(db.clone(), outbox.clone())?;
        crate::anchor::spawn_daily(db.clone(), config.clone(), outbox.clone());
        let bell = crate::alerts::Bell::default();
        crate::alerts::watch::spawn(db.clone(), bell.clone(), config.alerts, outbox.clone());
        let state = web::Data::new(AppState {
            intake: Intake::new(db, keys, outbox).with_alerts(bell),
            limiter: Limiter::new(config.limits.clone()),
            config: config.clone(),
        });
        let listener = TcpListener::bind(config.bind)?;
        let address = listener.local_addr()?;
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .configure(crate::web::routes)
        })
        .listen(listener)?;
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        Ok(Self {
            server: server.run(),
            address,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }
}
