//! The second sign-in step: a pending sign-in (the password was right) and
//! a code from the account's authenticator app. Every code typed counts
//! against the same per-account throttle as passwords, and only a right,
//! unused code clears it and creates the session.

use super::login::{self, Start};
use super::totp::{self, Code, Secret};
use super::{pending, AuthError};
use crate::audit::{self, Actor, Event};
use crate::config::StaffSettings;
use crate::crypto::Keys;
use crate::db::{self, Db};
use crate::ids::UserId;

pub enum CodeOutcome {
    /// Signed in: the cookie token of the new session.
    /// Signed in: the session token and the device cookie to keep.
    Success { token: String, device: String },
    /// Wrong, replayed or malformed code: try again.
    Wrong,
    /// No pending sign-in, or an expired, forged or outdated one: start again.
    Expired,
    /// Too many failures for this account; try again after this many seconds.
    Throttled { retry_after: u64 },
}

pub struct CodeAttempt {
    /// The pending sign-in cookie's value.
    pub pending: Option<String>,
    pub code: String,
    pub previous_session: Option<String>,
    /// The browser's device cookie, if any (see [`super::device`]).
    pub device: Option<String>,
}

pub async fn login_code(
    db: &Db,
    keys: &Keys,
    settings: &StaffSettings,
    attempt: CodeAttempt,
) -> Result<CodeOutcome, AuthError> {
    let now = chrono::Utc::now().timestamp();
    let Some(value) = attempt.pending else {
        return Ok(CodeOutcome::Expired);
    };
    let Some(claim) = pending::claimed(&value, now) else {
        return Ok(CodeOutcome::Expired);
    };
    let user_id = UserId::from_stored(claim.0.to_owned());
    let found = db
        .read(move |c| {
            let Some(user) = db::users::by_id(c, &user_id)? else {
                return Ok(None);
            };
            Ok(db::totp::get(c, &user.id)?.map(|t| (user, t)))
        })
        .await?;
    let Some((user, factor)) = found else {
        return Ok(CodeOutcome::Expired);
    };
    if user.disabled
        || !factor.enabled
        || !pending::signed_for(keys, claim, user.password_changed_at)
    {
        return Ok(CodeOutcome::Expired);
    }

    let account_key = keys.login_account_key(&user.email);
    let bucket = super::device::bucket(keys, &account_key, attempt.device.as_deref());
    let device = super::device::issue(keys, &account_key, attempt.device.as_deref());
    let key = bucket.clone();
    let limits = settings.clone();
    if let Some(retry_after) = db.write(move |c| login::reserve(c, &key, &limits)).await? {
        return Ok(CodeOutcome::Throttled { retry_after });
    }
    let secret = keys
        .open_totp(&user.id, &factor.secret_sealed)
        .and_then(|s| Secret::from_bytes(&s));
    let step = match (secret, Code::parse(&attempt.code)) {
        (Some(secret), Some(code)) => totp::verify(&secret, code, now, factor.last_used_step),
        (None, _) => {
            tracing::error!(user = %user.id, "stored TOTP secret does not open");
            None
        }
        _ => None,
    };
    let Some(step) = step else {
        let id = user.id.clone();
        db.write(move |c| {
            // Not signed in yet: the actor is still anonymous.
            let event = Event::new("login_code_failed", "user", Some(&id));
            audit::append(c, &Actor::anonymous(), event)?;
            Ok(())
        })
        .await?;
        return Ok(CodeOutcome::Wrong);
    };
    let start = Start {
        user,
        account_key: bucket,
        previous_session: attempt.previous_session,
        new_hash: None,
        totp_step: Some(step),
    };
    let token = login::start_session(db, settings, start).await?;
    Ok(
        token.map_or(CodeOutcome::Wrong, |token| CodeOutcome::Success {
            token,
            device,
        }),
    )
}
