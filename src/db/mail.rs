//! Queries for the mail outbox, the record of queued daily digests and the
//! report counts a digest reports.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{mail_digest_recipients, mail_digests, mail_outbox, reports};
use super::{DbConnection, DbError};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &OutboxRow) -> Result<(), DbError> {
    diesel::insert_into(mail_outbox::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Whether any row is due and unleased (a read, so an idle worker never
/// takes the write lock).
pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> Result<bool, DbError> {
    use mail_outbox::dsl as m;
    let n: i64 = m::mail_outbox
        .filter(m::sent_at.is_null())
        .filter(m::failed_at.is_null())
        .filter(m::next_attempt_at.le(now))
        .filter(m::lease_until.is_null().or(m::lease_until.lt(now)))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Claim up to `limit` due rows until `lease_until` and count the attempt.
/// Each claim is a conditional UPDATE that only succeeds while the row is
/// unleased (or its lease ran out), so of two app instances sharing one
/// PostgreSQL only one gets a row: the other's UPDATE waits for the row
/// lock, re-reads the lease and changes nothing.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<OutboxRow>, DbError> {
    use mail_outbox::dsl as m;
    let free = m::lease_until.is_null().or(m::lease_until.lt(now));
    let candidates: Vec<String> = m::mail_outbox
        .filter(m::sent_at.is_null())
        .filter(m::failed_at.is_null())
        .filter(m::next_attempt_at.le(now))
        .filter(free)
        // One order everywhere, so concurrent claimers lock rows alike.
        .order((m::next_attempt_at.asc(), m::id.asc()))
        .select(m::id)
        .limit(limit)
        .load(conn)?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let free = m::lease_until.is_null().or(m::lease_until.lt(now));
        let won = diesel::update(
            m::mail_outbox
                .filter(m::id.eq(&id))
                .filter(m::sent_at.is_null())
                .filter(m::failed_at.is_null())
                .filter(free),
        )
        .set((
            m::lease_until.eq(lease_until),
            m::attempts.eq(m::attempts + 1),
        ))
        .execute(conn)?;
        if won == 1 {
            let row = m::mail_outbox
                .find(&id)
                .select(OutboxRow::as_select())
                .first(conn)?;
            claimed.push(row);
        }
    }
    Ok(claimed)
}

/// Sent: keep the row as a record but drop the body (it may hold a
/// password-reset link, which must not outlive its use).
pub fn mark_sent(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<(), DbError> {
    use mail_outbox::dsl as m;
    diesel::update(m::mail_outbox.find(id))
        .set((
            m::sent_at.eq(now),
            m::lease_until.eq(None::<NaiveDateTime>),
            m::last_error.eq(None::<String>),
            m::body.eq(""),
        ))
        .execute(conn)?;
    Ok(())
}

/// Not sent this time: try again at `at`.
pub fn retry_at(
    conn: &mut DbConnection,
    id: &str,
    at: NaiveDateTime,
    error: &str,
) -> Result<(), DbError> {
    use mail_outbox::dsl as m;
    diesel::update(m::mail_outbox.find(id))
        .set((
            m::next_attempt_at.eq(at),
            m::lease_until.eq(None::<NaiveDateTime>),
            m::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// Given up: never tried again; the body goes as with a sent row.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
    error: &str,
) -> Result<(), DbError> {
    use mail_outbox::dsl as m;
    diesel::update(m::mail_outbox.find(id))
        .set((
            m::failed_at.eq(now),
            m::lease_until.eq(None::<NaiveDateTime>),
            m::last_error.eq(error),
            m::body.eq(""),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether the digest for `day` (YYYY-MM-DD) was already queued.
pub fn digest_queued(conn: &mut DbConnection, day: &str) -> Result<bool, DbError> {
    let n: i64 = mail_digests::table
        .filter(mail_digests::day.eq(day))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Record the digest for `day`; a second instance racing for the same day
/// fails here with a UNIQUE violation and its transaction rolls back.
pub fn record_digest(
    conn: &mut DbConnection,
    day: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(mail_digests::table)
        .values((mail_digests::day.eq(day), mail_digests::queued_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Addresses that already had the digest for `day` (YYYY-MM-DD).
pub fn digest_sent_to(conn: &mut DbConnection, day: &str) -> Result<Vec<String>, DbError> {
    Ok(mail_digest_recipients::table
        .filter(mail_digest_recipients::day.eq(day))
        .select(mail_digest_recipients::email)
        .load(conn)?)
}

/// Record that `email` had the digest for `day`; a second instance racing
/// for the same person fails here with a UNIQUE violation and its
/// transaction rolls back.
pub fn record_digest_to(
    conn: &mut DbConnection,
    day: &str,
    email: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(mail_digest_recipients::table)
        .values((
            mail_digest_recipients::day.eq(day),
            mail_digest_recipients::email.eq(email),
            mail_digest_recipients::queued_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// (seriousness rank, reports) for reports received since `since`.
pub fn received_by_rank(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> Result<Vec<(i32, i64)>, DbError> {
    Ok(reports::table
        .filter(reports::received_at.ge(since))
        .group_by(reports::seriousness_rank)
        .select((reports::seriousness_rank, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Reports in status `status` now.
pub fn count_in_status(conn: &mut DbConnection, status: &str) -> Result<i64, DbError> {
    Ok(reports::table
        .filter(reports::status.eq(status))
        .count()
        .get_result(conn)?)
}
