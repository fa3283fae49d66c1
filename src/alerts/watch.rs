//! The background scan: one task per app instance, spawned at start-up.
//! It scans once at start, whenever the bell rings (after a report naming
//! a lot or seller has been committed) and every few minutes in any case
//! (reports stored by the CLI or another instance, and the window moving
//! on). A submission only rings the bell, so alerts never slow it down.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::scan::{plan, scan, ScanOutcome};
use crate::config::AlertSettings;
use crate::db::{Db, DbError};
use crate::mail::Outbox;

/// How often to scan when nothing rings.
const RESCAN: Duration = Duration::from_secs(600);
/// Least time between two scans.
const SETTLE: Duration = Duration::from_secs(1);

/// Rung after a report naming a lot or seller is durably stored.
#[derive(Clone, Default)]
pub struct Bell(Arc<Notify>);

impl Bell {
    pub fn ring(&self) {
        self.0.notify_one();
    }
}

/// Start the scanner on the current runtime.
pub fn spawn(db: Db, bell: Bell, settings: AlertSettings, outbox: Outbox) {
    actix_web::rt::spawn(async move {
        loop {
            // Listen before scanning, so a ring during the scan is not lost.
            let mut rung = pin!(bell.0.notified());
            rung.as_mut().enable();
            match once(&db, settings, &outbox).await {
                Ok(done) => {
                    if done.raised + done.updated > 0 {
                        tracing::info!(
                            raised = done.raised,
                            updated = done.updated,
                            mails = done.mails,
                            "batch and seller alerts changed"
                        );
                    }
                    if done.mails > 0 {
                        outbox.wake();
                    }
                }
                Err(e) => tracing::warn!(error = %e, "batch and seller alert scan failed"),
            }
            // At most one scan a second, however fast reports arrive.
            tokio::time::sleep(SETTLE).await;
            let _ = tokio::time::timeout(RESCAN, rung).await;
        }
    });
}

/// Look with a read connection; take the writer only when something changed.
async fn once(db: &Db, settings: AlertSettings, outbox: &Outbox) -> Result<ScanOutcome, DbError> {
    let now = crate::db::now();
    let changes = db
        .read(move |c| Ok(plan(c, &settings, now)?.0.len()))
        .await?;
    if changes == 0 {
        return Ok(ScanOutcome::default());
    }
    let mail = outbox.settings().clone();
    db.write(move |c| scan(c, &settings, &mail, now)).await
}
