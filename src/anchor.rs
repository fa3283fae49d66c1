//! Audit anchors: the chain's head (seq and hash) written outside the
//! database — a log line, and optionally a line appended to
//! `CANARY_AUDIT_ANCHOR_FILE` and a mail to `CANARY_AUDIT_ANCHOR_EMAIL` —
//! at start-up, every 24 hours and on `canary audit anchor`. Whoever later
//! rewrites the database cannot make `canary audit verify --anchor HASH`
//! find an anchored hash that was rewritten away.

use std::io::Write;
use std::time::Duration;

use crate::audit::VerifyError;
use crate::config::Config;
use crate::db::{self, Db, DbConnection, DbError};
use crate::mail::{self, Mail, MailKind, Outbox};

const DAY: Duration = Duration::from_secs(24 * 3600);

/// The head of the chain at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub at: chrono::NaiveDateTime,
}

impl Anchor {
    /// One line, the same in the log, the file and the mail.
    pub fn line(&self) -> String {
        format!(
            "canary audit anchor {} seq={} hash={}",
            self.at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.seq,
            self.hash
        )
    }
}

/// Write the head outside the database: log line, file and mail (queued in
/// the outbox, sent by the worker). `None` for an empty trail.
pub fn publish(conn: &mut DbConnection, config: &Config) -> anyhow::Result<Option<Anchor>> {
    let Some((seq, hash)) = db::audit::head(conn)? else {
        return Ok(None);
    };
    let anchor = Anchor {
        seq,
        hash,
        at: db::now(),
    };
    let line = anchor.line();
    tracing::info!(target: "audit_anchor", seq, hash = %anchor.hash, "{line}");
    if let Some(path) = &config.audit_anchor_file {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        writeln!(file, "{line}")?;
        file.sync_all()?;
    }
    if let Some(to) = &config.audit_anchor_email {
        let mail = Mail {
            kind: MailKind::AuditAnchor,
            recipient: to.clone(),
            subject: format!("Canary audit anchor, event {seq}"),
            body: format!(
                "{line}\n\nKeep this message. To check that the audit trail was not rewritten since, run:\n  canary audit verify --anchor {}\n",
                anchor.hash
            ),
        };
        mail::enqueue(conn, mail)?;
    }
    Ok(Some(anchor))
}

/// [`publish`] on a connection of its own (`canary audit anchor`).
pub fn publish_now(db: &Db, config: &Config) -> anyhow::Result<Option<Anchor>> {
    let mut conn = db.conn()?;
    publish(&mut conn, config)
}

/// What `canary audit verify` found in an intact chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// Events in the chain.
    pub events: i64,
    /// Whether the chain still holds the anchored hash asked about.
    pub anchor_found: Option<bool>,
}

/// Recompute the hash chain and, given an anchored `hash` (lower-case
/// hex), whether the chain still contains it.
pub fn verify(db: &Db, hash: Option<&str>) -> Result<Verified, VerifyError> {
    let mut conn = db.conn().map_err(VerifyError::Db)?;
    let events = crate::audit::verify(&mut conn)?;
    let anchor_found = match hash {
        Some(hash) => Some(db::audit::has_hash(&mut conn, hash).map_err(VerifyError::Db)?),
        None => None,
    };
    Ok(Verified {
        events,
        anchor_found,
    })
}

/// Publish an anchor now and every 24 hours while the server runs.
pub fn spawn_daily(db: Db, config: Config, outbox: Outbox) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(DAY);
        loop {
            every.tick().await;
            let mails = config.audit_anchor_email.is_some();
            let config = config.clone();
            let published = db
                .write(move |c| publish(c, &config).map_err(|e| DbError::Corrupt(format!("{e:#}"))))
                .await;
            match published {
                Ok(Some(_)) if mails => outbox.wake(),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "audit anchor not written"),
            }
        }
    });
}
