//! The login use case: per-account throttling (exponential back-off, then a
//! hard cap per hour), password check on a blocking thread (a dummy check
//! for unknown accounts), hash upgrade, a new session, and the audit event —
//! all in one transaction. An account with a second factor gets a pending
//! sign-in instead of a session; [`super::login_code`] finishes it.

use chrono::{NaiveDateTime, TimeDelta};
use tokio::sync::Semaphore;

use super::passwords::{self, Verified};
use super::{blocking, pending, sessions, AuthError, Email};
use crate::audit::{self, Actor, Event};
use crate::config::StaffSettings;
use crate::crypto::Keys;
use crate::db::throttle::{self, ThrottleRow};
use crate::db::users::{self, UserRow};
use crate::db::{Db, DbConnection, DbError};

/// Longest back-off between two attempts.
const MAX_BACKOFF: TimeDelta = TimeDelta::minutes(15);

/// At most this many argon2 computations at once: each takes 19 MiB and a
/// core, and the login form is open to anyone.
pub(super) static HASH_SLOTS: Semaphore = Semaphore::const_new(4);

pub enum Outcome {
    /// Signed in: the cookie token of the new session and the device
    /// cookie to keep.
    Success { token: String, device: String },
    /// The password was right; the account's code comes next. The value of
    /// the pending sign-in cookie.
    CodeNeeded { pending: String },
    /// Unknown account, wrong password or disabled account: one answer for all.
    Refused,
    /// Too many failures for this account; try again after this many seconds.
    Throttled { retry_after: u64 },
}

pub struct Attempt {
    pub email: String,
    pub password: String,
    /// The session the browser already had; it ends (a new id at every login).
    pub previous_session: Option<String>,
    /// The browser's device cookie, if any (see [`super::device`]).
    pub device: Option<String>,
}

pub async fn login(
    db: &Db,
    keys: &Keys,
    settings: &StaffSettings,
    attempt: Attempt,
) -> Result<Outcome, AuthError> {
    let email = Email::parse(&attempt.email);
    let typed = email.as_ref().map_or_else(
        || attempt.email.trim().to_lowercase(),
        |e| e.as_str().to_owned(),
    );
    let account_key = keys.login_account_key(&typed);
    // A browser the owner signed in with before has a bucket of its own.
    let bucket = super::device::bucket(keys, &account_key, attempt.device.as_deref());

    // Count the attempt as a failure before checking the password, in one
    // serialised transaction: parallel guesses cannot slip past the cap. A
    // success clears the counter again.
    let key = bucket.clone();
    let limits = settings.clone();
    if let Some(retry_after) = db.write(move |c| reserve(c, &key, &limits)).await? {
        return Ok(Outcome::Throttled { retry_after });
    }
    let lookup = email.clone();
    let (user, has_totp) = db
        .read(move |c| {
            let user = match &lookup {
                Some(e) => users::by_email(c, e.as_str())?,
                None => None,
            };
            let has_totp = match &user {
                Some(u) => Some(crate::db::totp::enabled(c, &u.id)?),
                None => None,
            };
            Ok((user, has_totp))
        })
        .await?;

    let _slot = HASH_SLOTS
        .acquire()
        .await
        .map_err(|_| AuthError::Blocking)?;
    let password = attempt.password;
    let stored = user
        .as_ref()
        .filter(|u| !u.disabled)
        .map(|u| u.password_hash.clone());
    let (verified, new_hash) = blocking(move || match stored {
        Some(stored) => match passwords::verify(&password, &stored) {
            Verified::Right { needs_rehash: true } => (true, Some(passwords::hash(&password))),
            Verified::Right {
                needs_rehash: false,
            } => (true, None),
            Verified::Wrong => (false, None),
        },
        None => {
            passwords::dummy_verify(&password);
            (false, None)
        }
    })
    .await?;
    let new_hash = new_hash.transpose()?;

    let user_id = user.as_ref().map(|u| u.id.clone());
    if !verified {
        db.write(move |c| {
            let event = Event::new("login_failed", "user", user_id.as_deref());
            audit::append(c, &Actor::anonymous(), event)?;
            Ok(())
        })
        .await?;
        return Ok(Outcome::Refused);
    }

    let Some((user, has_totp)) = user.zip(has_totp) else {
        return Ok(Outcome::Refused);
    };
    if has_totp {
        // The failure counted above stays until a right code clears it, so
        // the right password cannot be used to reset the count on codes.
        if let Some(hash) = new_hash {
            let (id, actor) = (user.id.clone(), actor_of(&user));
            db.write(move |c| rehash(c, &actor, &id, &hash)).await?;
        }
        let now = chrono::Utc::now().timestamp();
        let pending = pending::issue(keys, &user.id, user.password_changed_at, now);
        return Ok(Outcome::CodeNeeded { pending });
    }
    let device = super::device::issue(keys, &account_key, attempt.device.as_deref());
    let start = Start {
        user,
        account_key: bucket,
        previous_session: attempt.previous_session,
        new_hash,
        totp_step: None,
    };
    let token = start_session(db, settings, start).await?;
    Ok(token.map_or(Outcome::Refused, |token| Outcome::Success { token, device }))
}

/// Who an account acts as in the audit trail.
pub(super) fn actor_of(user: &UserRow) -> Actor {
    Actor {
        id: Some(user.id.clone()),
        role: user.role.clone(),
    }
}

fn rehash(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &crate::ids::UserId,
    hash: &str,
) -> Result<(), DbError> {
    users::replace_hash(conn, id, hash)?;
    let event = Event::new("password_rehashed", "user", Some(id));
    audit::append(conn, actor, event)?;
    Ok(())
}

/// What a successful sign-in (password, or password then code) records.
pub(super) struct Start {
    pub user: UserRow,
    /// The throttle bucket the attempt counted in (cleared on success).
    pub account_key: String,
    /// The session the browser already had; it ends (a new id at every login).
    pub previous_session: Option<String>,
    pub new_hash: Option<String>,
    /// The step of the code typed, recorded so it cannot be used again.
    pub totp_step: Option<i64>,
}

/// Create the session, in one transaction with clearing the throttle, the
/// hash upgrade, the used code step and the audit event. `None` when the
/// account was disabled, given a new password or its code was used by a
/// parallel request in the meantime.
pub(super) async fn start_session(
    db: &Db,
    settings: &StaffSettings,
    start: Start,
) -> Result<Option<String>, AuthError> {
    let previous = start.previous_session.map(|t| sessions::id_of(&t));
    let (idle, absolute) = (settings.session_idle, settings.session_absolute);
    let user = start.user;
    let token = db
        .write(move |c| {
            let current = users::by_email(c, &user.email)?;
            if current.is_none_or(|u| u.disabled || u.password_hash != user.password_hash) {
                return Ok(None);
            }
            if let Some(step) = start.totp_step {
                if !crate::db::totp::use_step(c, &user.id, step)? {
                    return Ok(None);
                }
            }
            if let Some(previous) = previous {
                crate::db::sessions::delete(c, &previous)?;
            }
            // Housekeeping: sessions nobody came back to.
            let now = crate::db::now();
            let ago = |d| {
                TimeDelta::from_std(d)
                    .ok()
                    .and_then(|d| now.checked_sub_signed(d))
                    .unwrap_or(NaiveDateTime::MIN)
            };
            crate::db::sessions::delete_expired(c, ago(idle), ago(absolute))?;
            throttle::clear(c, &start.account_key)?;
            let actor = actor_of(&user);
            if let Some(hash) = &start.new_hash {
                rehash(c, &actor, &user.id, hash)?;
            }
            let token = sessions::create(c, &user.id, crate::db::now())?;
            let mut event = Event::new("login", "user", Some(&user.id));
            if start.totp_step.is_some() {
                event = event.change("second_factor", None, Some("totp"));
            }
            audit::append(c, &actor, event)?;
            Ok(Some(token))
        })
        .await?;
    Ok(token)
}

/// Seconds until this account may try again, if it is locked now.
fn locked(row: &ThrottleRow, now: NaiveDateTime) -> Option<u64> {
    let until = row.locked_until.filter(|u| *u > now)?;
    Some(
        ((until - now).num_milliseconds().max(0) as u64)
            .div_ceil(1000)
            .max(1),
    )
}

/// Seconds to wait when the account is locked; otherwise count this attempt
/// as a failure: a fresh window after an hour, back-off after the first few
/// failures (doubling each time), and a lock to the end of the hour at the cap.
pub(super) fn reserve(
    conn: &mut DbConnection,
    key: &str,
    limits: &StaffSettings,
) -> Result<Option<u64>, DbError> {
    throttle::lock(conn, key)?;
    let now = crate::db::now();
    throttle::prune(conn, now)?;
    let existing = throttle::get(conn, key)?;
    if let Some(retry_after) = existing.as_ref().and_then(|r| locked(r, now)) {
        return Ok(Some(retry_after));
    }
    let hour = TimeDelta::hours(1);
    let mut row = match existing {
        Some(row) if now - row.window_start < hour => row,
        _ => ThrottleRow {
            account_key: key.to_owned(),
            window_start: now,
            failures: 0,
            locked_until: None,
        },
    };
    row.failures = row.failures.saturating_add(1);
    let failures = u32::try_from(row.failures).unwrap_or(u32::MAX);
    row.locked_until = if failures >= limits.login_failures_per_hour {
        Some(row.window_start + hour)
    } else if failures >= limits.login_backoff_after {
        let doublings = (failures - limits.login_backoff_after).min(20);
        let base = TimeDelta::from_std(limits.login_backoff_base).unwrap_or(MAX_BACKOFF);
        let wait = base.checked_mul(1i32 << doublings).unwrap_or(MAX_BACKOFF);
        Some(now + wait.min(MAX_BACKOFF))
    } else {
        None
    };
    throttle::put(conn, &row)?;
    Ok(None)
}
