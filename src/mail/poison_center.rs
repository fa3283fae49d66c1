//! "Send to poison center": queue a case's poison-center summary to the
//! address an admin configured, with the audit event naming the recipient,
//! in one transaction. This is a deliberate forward of case content to a
//! professional recipient, so it is also listed with the case's forwards;
//! the summary holds no reporter identity (Canary has none) and no reviewer
//! notes.

use super::{enqueue, Mail, MailKind};
use crate::audit::{self, Actor, Event};
use crate::db::review::{insert_forward, new_forward};
use crate::db::{self, poison_center, DbConnection, DbError};
use crate::ids::ReportId;

/// What happened to a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Queued to this address.
    Queued(String),
    /// No address is configured: nothing queued.
    NotConfigured,
}

/// Queue `body` for the configured recipient, list it with the forwards of
/// the report (`report_id`, case `case_number`) and audit it with `reason`.
pub fn queue(
    conn: &mut DbConnection,
    actor: &Actor,
    report_id: &ReportId,
    case_number: &str,
    body: String,
    reason: &str,
) -> Result<Sent, DbError> {
    let Some(recipient) = poison_center::recipient(conn)? else {
        return Ok(Sent::NotConfigured);
    };
    enqueue(
        conn,
        Mail {
            kind: MailKind::PoisonCenterSummary,
            recipient: recipient.clone(),
            subject: format!("Canary case summary {case_number} for the poison center"),
            body,
        },
    )?;
    let now = db::now();
    insert_forward(
        conn,
        &new_forward(
            report_id,
            format!("Poison center ({recipient}), sent from Canary"),
            now.date().to_string(),
            None,
            actor.staff_id(),
            now,
        ),
    )?;
    let mut event = Event::new("poison_center_sent", "report", Some(case_number)).change(
        "recipient",
        None,
        Some(&recipient),
    );
    event.reason = Some(reason.to_owned());
    audit::append(conn, actor, event)?;
    Ok(Sent::Queued(recipient))
}
