//! The outbox worker: one per app instance, spawned at start-up. Woken by
//! the outbox bell after a transaction queued mail, and every poll interval
//! in any case (mail queued by another instance or the CLI). It claims due
//! rows under a lease, sends each on a blocking thread, and marks it sent,
//! or schedules a retry with exponential back-off, or gives up. It also
//! queues the daily digest once the configured hour has come.
//!
//! Logs name the message id, kind and error class — never the recipient.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta, Timelike};
use lettre::SmtpTransport;

use super::message::{self, SendFailure};
use super::{digest, Outbox};
use crate::db::mail::{self as q, OutboxRow};
use crate::db::{Db, DbError};

/// Attempts before a message is given up (about 6 hours with 30 s doubling).
pub const MAX_ATTEMPTS: i32 = 12;
/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Rows claimed at once; each holds its lease until marked.
const BATCH: i64 = 10;
/// Long enough for a whole batch at the SMTP timeout; a crashed instance's
/// rows become due again after it.
const LEASE: TimeDelta = TimeDelta::minutes(10);
/// How often, after the digest hour, to look for subscribers still due.
const DIGEST_RECHECK: TimeDelta = TimeDelta::minutes(1);

/// Wait before attempt `attempts + 1`: `base · 2^(attempts−1)`, at most an hour.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    base.saturating_mul(1u32 << doublings).min(MAX_BACKOFF)
}

pub struct Worker {
    db: Db,
    outbox: Outbox,
    transport: Option<Arc<SmtpTransport>>,
    /// When the digest was last looked at.
    last_digest: Option<NaiveDateTime>,
}

impl Worker {
    /// Build the transport (a bad CANARY_SMTP_URL stops start-up) and start
    /// the worker on the current runtime.
    pub fn spawn(db: Db, outbox: Outbox) -> anyhow::Result<()> {
        let transport = match &outbox.settings().smtp {
            Some(url) => Some(Arc::new(message::transport(url)?)),
            None => {
                tracing::warn!(
                    "CANARY_SMTP_URL is not set: mail is queued in the database but nothing will be sent"
                );
                None
            }
        };
        let worker = Self {
            db,
            outbox,
            transport,
            last_digest: None,
        };
        actix_web::rt::spawn(worker.run());
        Ok(())
    }

    async fn run(mut self) {
        let poll = self.outbox.settings().poll.max(Duration::from_millis(10));
        let outbox = self.outbox.clone();
        loop {
            // Listen before looking, so a wake during the look is not lost.
            let mut woken = pin!(outbox.bell().notified());
            woken.as_mut().enable();
            self.digest_if_due().await;
            let busy = match self.send_due().await {
                Ok(handled) => handled > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "mail outbox could not be read");
                    false
                }
            };
            if !busy {
                let _ = tokio::time::timeout(poll, woken).await;
            }
        }
    }

    async fn digest_if_due(&mut self) {
        let Some(hour) = self.outbox.settings().digest_hour else {
            return;
        };
        let now = crate::db::now();
        // After the hour, look again every minute: someone who opts in later
        // that day still gets the day's digest.
        if now.hour() < hour || self.last_digest.is_some_and(|t| now - t < DIGEST_RECHECK) {
            return;
        }
        let settings = self.outbox.settings().clone();
        match digest::queue_now(&self.db, settings, now).await {
            Ok(outcome) => {
                self.last_digest = Some(now);
                if let digest::Digest::Queued(n) = outcome {
                    if n > 0 {
                        tracing::info!(messages = n, "daily digest queued");
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "daily digest could not be queued"),
        }
    }

    /// Claim and handle due rows; returns how many were handled.
    async fn send_due(&self) -> Result<usize, DbError> {
        let Some(transport) = &self.transport else {
            return Ok(0);
        };
        let now = crate::db::now();
        if !self.db.read(move |c| q::any_due(c, now)).await? {
            return Ok(0);
        }
        let rows = self
            .db
            .write(move |c| q::claim(c, now, now + LEASE, BATCH))
            .await?;
        let handled = rows.len();
        for row in rows {
            let outcome = self.deliver(transport.clone(), &row).await;
            self.record(row, outcome).await?;
        }
        Ok(handled)
    }

    async fn deliver(
        &self,
        transport: Arc<SmtpTransport>,
        row: &OutboxRow,
    ) -> Result<(), SendFailure> {
        let settings = self.outbox.settings();
        let mail = message::build(&settings.from, &row.recipient, &row.subject, &row.body)?;
        tokio::task::spawn_blocking(move || message::send(&transport, &mail))
            .await
            .unwrap_or_else(|_| Err(SendFailure::Retry("send task failed".into())))
    }

    async fn record(
        &self,
        row: OutboxRow,
        outcome: Result<(), SendFailure>,
    ) -> Result<(), DbError> {
        let now = crate::db::now();
        let (id, kind, attempts) = (row.id, row.kind, row.attempts);
        let base = self.outbox.settings().retry_base;
        match outcome {
            Ok(()) => {
                tracing::info!(mail = %id, %kind, attempts, "mail sent");
                self.db.write(move |c| q::mark_sent(c, &id, now)).await
            }
            Err(SendFailure::Retry(error)) if attempts < MAX_ATTEMPTS => {
                let wait = backoff(base, attempts);
                tracing::warn!(mail = %id, %kind, attempts, %error, retry_in_s = wait.as_secs_f64(), "mail not sent; will retry");
                let at = now + TimeDelta::from_std(wait).unwrap_or(TimeDelta::hours(1));
                self.db
                    .write(move |c| q::retry_at(c, &id, at, &error))
                    .await
            }
            Err(SendFailure::Retry(error)) => {
                tracing::error!(mail = %id, %kind, attempts, %error, "mail given up after repeated failures");
                self.db
                    .write(move |c| q::mark_failed(c, &id, now, &error))
                    .await
            }
            Err(SendFailure::Unsendable(error)) => {
                tracing::error!(mail = %id, %kind, %error, "mail cannot be sent; given up");
                self.db
                    .write(move |c| q::mark_failed(c, &id, now, error))
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_thirty_seconds_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 7), Duration::from_secs(1920));
        assert_eq!(backoff(base, 8), MAX_BACKOFF);
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
        // From the first failure to giving up.
        let patience: Duration = (1..MAX_ATTEMPTS).map(|a| backoff(base, a)).sum();
        assert!(
            patience > Duration::from_secs(4 * 3600) && patience < Duration::from_secs(8 * 3600)
        );
    }
}
