//! Messages about a staff account: the password-reset link and the notice
//! that the password was changed (which carries no secret).

use askama::Template;

use super::{enqueue, render, Mail, MailKind};
use crate::config::MailSettings;
use crate::db::{DbConnection, DbError};

#[derive(Template)]
#[template(path = "email/password_reset.txt")]
struct ResetText {
    link: String,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/password_changed.txt")]
struct ChangedText {
    forgot_link: String,
}

/// Queue the reset link for `recipient` (a stored account address).
pub fn queue_reset_link(
    conn: &mut DbConnection,
    settings: &MailSettings,
    recipient: &str,
    token: &str,
    minutes: i64,
) -> Result<(), DbError> {
    let body = render(&ResetText {
        link: settings
            .public_url
            .link(&format!("/staff/password/reset/{token}")),
        minutes,
    })?;
    enqueue(
        conn,
        Mail {
            kind: MailKind::PasswordReset,
            recipient: recipient.to_owned(),
            subject: "Canary: reset your password".into(),
            body,
        },
    )
}

/// Queue the "your password was changed" notice.
pub fn queue_password_changed(
    conn: &mut DbConnection,
    settings: &MailSettings,
    recipient: &str,
) -> Result<(), DbError> {
    let body = render(&ChangedText {
        forgot_link: settings.public_url.link("/staff/password/forgot"),
    })?;
    enqueue(
        conn,
        Mail {
            kind: MailKind::PasswordChanged,
            recipient: recipient.to_owned(),
            subject: "Canary: your password was changed".into(),
            body,
        },
    )
}
