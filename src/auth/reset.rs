//! Password reset by e-mail. A request for an active account creates a
//! token (32 bytes from the OS CSPRNG, stored only as its SHA-256, single
//! use, 30 minutes) and queues a mail with the link built from
//! `CANARY_PUBLIC_URL`. Unknown and disabled accounts get no mail and no
//! different answer. Completing a reset sets the new argon2id hash, ends
//! every session of the account, retires its other tokens, records an
//! audit event and queues a "your password was changed" notice — all in
//! one transaction.

use base64::Engine;
use chrono::TimeDelta;
use sha2::{Digest, Sha256};

use super::passwords::{self, PasswordProblem};
use super::{blocking, AuthError, Email};
use crate::audit::{self, Actor, Event};
use crate::db::resets::{self as q, ResetRow};
use crate::db::{sessions, users, Db, DbError};
use crate::mail::{account, Outbox};

/// How long a reset link works.
pub const TOKEN_MINUTES: i64 = 30;
/// Reset mails per account per hour; further requests are silently dropped.
const PER_ACCOUNT_PER_HOUR: i64 = 3;

/// What the database keeps of a token.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Queue a reset link for the account at `email` if it is active and under
/// its hourly limit. Returns whether a mail was queued; the web answer must
/// not depend on it.
pub async fn request(db: &Db, outbox: &Outbox, email: Email) -> Result<bool, DbError> {
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(crate::crypto::random_bytes::<32>());
    let settings = outbox.settings().clone();
    let queued = db
        .write(move |c| {
            let user = users::by_email(c, email.as_str())?;
            let Some(user) = user.filter(|u| !u.disabled) else {
                return Ok(false);
            };
            let now = crate::db::now();
            if q::issued_since(c, &user.id, now - TimeDelta::hours(1))? >= PER_ACCOUNT_PER_HOUR {
                tracing::info!(user = %user.id, "password reset request over the hourly limit");
                return Ok(false);
            }
            q::insert(
                c,
                &ResetRow {
                    token_hash: token_hash(&token),
                    user_id: user.id.clone(),
                    created_at: now,
                    expires_at: now + TimeDelta::minutes(TOKEN_MINUTES),
                    used_at: None,
                },
            )?;
            let event = Event::new("password_reset_requested", "user", Some(&user.id));
            audit::append(c, &Actor::anonymous(), event)?;
            account::queue_reset_link(c, &settings, &user.email, &token, TOKEN_MINUTES)?;
            Ok(true)
        })
        .await?;
    if queued {
        outbox.wake();
    }
    Ok(queued)
}

/// Whether `token` is unused, unexpired and belongs to an active account.
pub async fn usable(db: &Db, token: &str) -> Result<bool, DbError> {
    let hash = token_hash(token);
    db.read(move |c| {
        let Some(row) = q::usable(c, &hash, crate::db::now())? else {
            return Ok(false);
        };
        Ok(users::by_id(c, &row.user_id)?.is_some_and(|u| !u.disabled))
    })
    .await
}

#[derive(Debug, PartialEq, Eq)]
pub enum Reset {
    Done,
    /// Unknown, used or expired token, or a disabled account.
    BadToken,
    Rejected(PasswordProblem),
}

/// Set `password` for the token's account if the token is still usable.
pub async fn complete(
    db: &Db,
    outbox: &Outbox,
    token: &str,
    password: String,
) -> Result<Reset, AuthError> {
    // Cheap checks first: no argon2 work for a dead link.
    if !usable(db, token).await? {
        return Ok(Reset::BadToken);
    }
    if let Err(problem) = passwords::check_new(&password) {
        return Ok(Reset::Rejected(problem));
    }
    let new_hash = {
        let _slot = super::login::HASH_SLOTS
            .acquire()
            .await
            .map_err(|_| AuthError::Blocking)?;
        blocking(move || passwords::hash(&password)).await??
    };
    let hash = token_hash(token);
    let settings = outbox.settings().clone();
    let done = db
        .write(move |c| {
            let now = crate::db::now();
            let Some(row) = q::usable(c, &hash, now)? else {
                return Ok(false);
            };
            let user = users::by_id(c, &row.user_id)?;
            let Some(user) = user.filter(|u| !u.disabled) else {
                return Ok(false);
            };
            // Conditional: of two concurrent uses only one gets here.
            if !q::use_token(c, &hash, now)? {
                return Ok(false);
            }
            q::retire_for_user(c, &user.id, now)?;
            users::set_password(c, &user.id, &new_hash, now)?;
            let ended = sessions::delete_for_user(c, &user.id)?;
            let actor = Actor {
                id: Some(user.id.clone()),
                role: user.role.clone(),
            };
            // Neither the token nor the hash goes into the audit trail.
            let event = Event::new("password_reset", "user", Some(&user.id)).change(
                "sessions_ended",
                None,
                Some(&ended.to_string()),
            );
            audit::append(c, &actor, event)?;
            account::queue_password_changed(c, &settings, &user.email)?;
            Ok(true)
        })
        .await?;
    if !done {
        return Ok(Reset::BadToken);
    }
    outbox.wake();
    Ok(Reset::Done)
}
