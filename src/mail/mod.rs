//! E-mail. Canary never sends mail from a request: it writes each message to
//! the `mail_outbox` table in the same transaction as what caused it (a
//! serious report, a password reset, the day's digest), and a background
//! [`worker`] sends it with retries. A failing mail server therefore never
//! blocks or fails a report submission.
//!
//! This module owns the outbox handle, what each message says
//! ([`alerts`], [`digest`], [`account`]; texts in `templates/email/`),
//! building lettre messages and the SMTP transport ([`message`]).
//! Recipients are stored account addresses, subjects are built from
//! server-made values only, and no message carries reporter text — except
//! the one deliberate forward: a reviewer's "send to poison center"
//! ([`poison_center`]) mails a case summary to the address an admin set.

pub mod account;
pub mod alerts;
pub mod batch_alert;
pub mod digest;
pub mod message;
pub mod poison_center;
pub mod worker;

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::MailSettings;
use crate::db::mail::{self as q, OutboxRow};
use crate::db::{DbConnection, DbError};

/// What a queued message is about (stored as its code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    SeriousReport,
    DailyDigest,
    PasswordReset,
    PasswordChanged,
    PoisonCenterSummary,
    AuditAnchor,
    BatchAlert,
}

impl MailKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::SeriousReport => "serious_report",
            Self::DailyDigest => "daily_digest",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::PoisonCenterSummary => "poison_center_summary",
            Self::AuditAnchor => "audit_anchor",
            Self::BatchAlert => "batch_alert",
        }
    }
}

/// One message to queue.
pub struct Mail {
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// Insert `mail` into the outbox in the caller's transaction; the worker
/// sends it once that transaction has committed.
pub fn enqueue(conn: &mut DbConnection, mail: Mail) -> Result<(), DbError> {
    let now = crate::db::now();
    q::insert(
        conn,
        &OutboxRow {
            id: crate::db::new_id(),
            kind: mail.kind.code().to_owned(),
            recipient: mail.recipient,
            subject: mail.subject,
            body: mail.body,
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            sent_at: None,
            failed_at: None,
            last_error: None,
            lease_until: None,
        },
    )
}

/// Render a plain-text mail template (askama does not escape `.txt`).
fn render(template: &impl askama::Template) -> Result<String, DbError> {
    template
        .render()
        .map_err(|e| DbError::Corrupt(format!("mail template failed: {e}")))
}

/// The application's handle on the outbox: the mail settings and the bell
/// that wakes this instance's worker after a transaction queued mail.
#[derive(Clone)]
pub struct Outbox {
    wake: Arc<Notify>,
    settings: Arc<MailSettings>,
}

impl Outbox {
    pub fn new(settings: MailSettings) -> Self {
        Self {
            wake: Arc::new(Notify::new()),
            settings: Arc::new(settings),
        }
    }

    pub fn settings(&self) -> &Arc<MailSettings> {
        &self.settings
    }

    /// Call after the transaction that queued mail has committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn bell(&self) -> &Notify {
        &self.wake
    }
}
