//! The daily digest: one message per subscribed account with the reports
//! received in the last 24 hours by seriousness, how many wait in status
//! "new", and a link to the queue. It is made when it is queued for each
//! subscriber: a row in `mail_digest_recipients` per (UTC day, address),
//! inserted in the same transaction as the message, makes sure each person
//! gets one a day however many app instances run, including people who
//! opt in after the first digests of the day went out.

use askama::Template;
use chrono::{NaiveDateTime, TimeDelta};

use super::{alerts, enqueue, render, Mail, MailKind};
use crate::config::MailSettings;
use crate::db::mail as q;
use crate::db::{users, Db, DbConnection, DbError};
use crate::report::options::{ClosedList, ReportStatus};

#[derive(Template)]
#[template(path = "email/daily_digest.txt")]
struct DigestText<'a> {
    day: &'a str,
    total: i64,
    /// (seriousness in words, reports), most serious first.
    lines: Vec<(&'static str, i64)>,
    waiting: i64,
    link: String,
    settings_link: String,
}

/// The outcome of asking for today's digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    /// Queued now, to this many accounts.
    Queued(usize),
    /// Every subscriber had today's digest already (here or from another
    /// instance).
    AlreadyQueued,
}

/// Queue the digest for the UTC day of `now` to every subscriber who has
/// not had it yet that day, made now (so it counts what has arrived, and
/// someone who opted in since the last run gets it too), in the caller's
/// transaction.
pub fn queue(
    conn: &mut DbConnection,
    settings: &MailSettings,
    now: NaiveDateTime,
) -> Result<Digest, DbError> {
    let day = now.format("%Y-%m-%d").to_string();
    let done = q::digest_sent_to(conn, &day)?;
    let recipients: Vec<String> = users::digest_recipients(conn)?
        .into_iter()
        .filter(|r| !done.contains(r))
        .collect();
    if recipients.is_empty() {
        return Ok(if done.is_empty() {
            Digest::Queued(0)
        } else {
            Digest::AlreadyQueued
        });
    }
    let counts = q::received_by_rank(conn, now - TimeDelta::hours(24))?;
    let count_of = |rank: i32| {
        counts
            .iter()
            .filter(|(r, _)| *r == rank)
            .map(|(_, n)| n)
            .sum::<i64>()
    };
    let mut lines: Vec<(&'static str, i64)> = (0..7)
        .filter_map(|rank| Some((alerts::seriousness_words(rank)?, count_of(rank))))
        .collect();
    let serious: i64 = lines.iter().map(|(_, n)| n).sum();
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    lines.push(("not serious", total - serious));
    let body = render(&DigestText {
        day: &day,
        total,
        lines,
        waiting: q::count_in_status(conn, ReportStatus::New.code())?,
        link: settings.public_url.link("/review"),
        settings_link: settings.public_url.link("/staff/settings/notifications"),
    })?;
    let subject = format!("Canary: daily summary for {day}");
    let count = recipients.len();
    for recipient in recipients {
        q::record_digest_to(conn, &day, &recipient, now)?;
        enqueue(
            conn,
            Mail {
                kind: MailKind::DailyDigest,
                recipient,
                subject: subject.clone(),
                body: body.clone(),
            },
        )?;
    }
    Ok(Digest::Queued(count))
}

/// [`queue`] in its own write transaction; losing the race for the day to
/// another instance (a UNIQUE violation) counts as already queued.
pub fn queue_blocking(
    db: &Db,
    settings: &MailSettings,
    now: NaiveDateTime,
) -> Result<Digest, DbError> {
    settle(db.write_blocking(|c| queue(c, settings, now)))
}

/// The async twin of [`queue_blocking`], for the worker.
pub async fn queue_now(
    db: &Db,
    settings: std::sync::Arc<MailSettings>,
    now: NaiveDateTime,
) -> Result<Digest, DbError> {
    settle(db.write(move |c| queue(c, &settings, now)).await)
}

fn settle(result: Result<Digest, DbError>) -> Result<Digest, DbError> {
    match result {
        Err(e) if e.is_unique_violation() => Ok(Digest::AlreadyQueued),
        other => other,
    }
}
