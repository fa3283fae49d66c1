//! The e-mail for a batch or seller alert: how many reports name one lot or
//! seller, the cases and links. The lot or seller appears only as its
//! comparison key (letters and digits), never as the reporter typed it.

use askama::Template;

use super::{enqueue, render, Mail, MailKind};
use crate::config::MailSettings;
use crate::db::{users, DbConnection, DbError};

#[derive(Template)]
#[template(path = "email/batch_alert.txt")]
struct BatchAlertText<'a> {
    count: usize,
    window_days: u16,
    noun: &'a str,
    noun_title: &'a str,
    key: &'a str,
    cases: &'a [String],
    base: String,
    queue_link: String,
    settings_link: String,
}

/// What one alert mail says.
pub struct BatchAlertMail<'a> {
    /// "lot" or "seller".
    pub noun: &'a str,
    pub key: &'a str,
    pub window_days: u16,
    pub cases: &'a [String],
}

/// Queue the alert for every reviewer and admin who asked for alerts, in
/// the caller's transaction. Returns how many were queued.
pub fn queue_batch_alert(
    conn: &mut DbConnection,
    settings: &MailSettings,
    alert: &BatchAlertMail<'_>,
) -> Result<usize, DbError> {
    let recipients = users::alert_recipients(conn)?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let noun_title = if alert.noun == "lot" { "Lot" } else { "Seller" };
    let body = render(&BatchAlertText {
        count: alert.cases.len(),
        window_days: alert.window_days,
        noun: alert.noun,
        noun_title,
        key: alert.key,
        cases: alert.cases,
        base: settings.public_url.link(""),
        queue_link: settings.public_url.link("/review"),
        settings_link: settings.public_url.link("/staff/settings/notifications"),
    })?;
    let subject = format!(
        "Canary: {} reports name the same {}",
        alert.cases.len(),
        alert.noun
    );
    let count = recipients.len();
    for recipient in recipients {
        enqueue(
            conn,
            Mail {
                kind: MailKind::BatchAlert,
                recipient,
                subject: subject.clone(),
                body: body.clone(),
            },
        )?;
    }
    Ok(count)
}
