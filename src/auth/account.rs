//! What signed-in staff do with their own account: change the password
//! (ending their other sessions), and set up or turn off the second factor.
//! Every password typed here counts against the account's login throttle,
//! so a stolen session cannot be used to guess the password.

use super::login::{self, HASH_SLOTS};
use super::passwords::{self, PasswordProblem, Verified};
use super::sessions::CurrentSession;
use super::totp::{self, Code, Secret};
use super::{blocking, AuthError};
use crate::audit::{self, Event};
use crate::config::StaffSettings;
use crate::crypto::Keys;
use crate::db::{self, totp::TotpRow, Db};
use crate::ids::UserId;
use crate::mail::Outbox;

/// Why a change was not made; the page shows it beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    WrongPassword,
    Throttled {
        retry_after: u64,
    },
    NewPasswordsDiffer,
    NewPassword(PasswordProblem),
    WrongCode,
    /// The role requires a second factor, so it cannot be turned off.
    Required,
    /// Nothing to confirm or turn off (or already on).
    NoChange,
}

impl Problem {
    pub fn message(self) -> String {
        match self {
            Self::WrongPassword => "That is not your current password.".into(),
            Self::Throttled { retry_after } => format!(
                "Too many wrong passwords or codes for this account. Try again in {} minutes.",
                retry_after.div_ceil(60)
            ),
            Self::NewPasswordsDiffer => "The two new passwords are not the same.".into(),
            Self::NewPassword(p) => p.to_string(),
            Self::WrongCode => {
                "That code is not right. Type the 6 digits your app shows now.".into()
            }
            Self::Required => {
                "Your role requires two-step sign-in, so it cannot be turned off.".into()
            }
            Self::NoChange => "There is nothing to change. Reload the page.".into(),
        }
    }
}

/// Check the signed-in person's password, counted by the login throttle
/// (cleared again when right, unless `keep_counted`: the caller clears it
/// once everything else asked for is right too).
async fn check_password(
    db: &Db,
    keys: &Keys,
    settings: &StaffSettings,
    session: &CurrentSession,
    password: String,
    keep_counted: bool,
) -> Result<Result<(), Problem>, AuthError> {
    let key = keys.login_account_key(&session.email);
    let (reserve_key, limits) = (key.clone(), settings.clone());
    if let Some(retry_after) = db
        .write(move |c| login::reserve(c, &reserve_key, &limits))
        .await?
    {
        return Ok(Err(Problem::Throttled { retry_after }));
    }
    let id = session.user_id.clone();
    let Some(user) = db.read(move |c| db::users::by_id(c, &id)).await? else {
        return Ok(Err(Problem::WrongPassword));
    };
    let _slot = HASH_SLOTS
        .acquire()
        .await
        .map_err(|_| AuthError::Blocking)?;
    let verified = blocking(move || passwords::verify(&password, &user.password_hash)).await?;
    if verified == Verified::Wrong {
        let (id, actor) = (session.user_id.clone(), session.actor());
        db.write(move |c| {
            let event = Event::new("password_check_failed", "user", Some(&id));
            audit::append(c, &actor, event).map(|_| ())
        })
        .await?;
        return Ok(Err(Problem::WrongPassword));
    }
    if !keep_counted {
        db.write(move |c| db::throttle::clear(c, &key)).await?;
    }
    Ok(Ok(()))
}

/// Change the password: the current one, then the new one twice. Ends the
/// account's other sessions and mails the account a notice (in the same
/// transaction, through the outbox), so a password changed by someone
/// holding a stolen session does not go unnoticed; returns how many
/// sessions ended.
#[allow(clippy::too_many_arguments)]
pub async fn change_password(
    db: &Db,
    outbox: &Outbox,
    keys: &Keys,
    settings: &StaffSettings,
    session: &CurrentSession,
    current: String,
    new: String,
    again: String,
) -> Result<Result<usize, Problem>, AuthError> {
    if new != again {
        return Ok(Err(Problem::NewPasswordsDiffer));
    }
    if let Err(p) = passwords::check_new(&new) {
        return Ok(Err(Problem::NewPassword(p)));
    }
    if let Err(p) = check_password(db, keys, settings, session, current, false).await? {
        return Ok(Err(p));
    }
    let hash = super::hash_password(new).await?;
    let (session, actor) = (session.clone(), session.actor());
    let mail = outbox.settings().clone();
    let ended = db
        .write(move |c| {
            db::users::set_password(c, &session.user_id, &hash, db::now())?;
            let ended = db::sessions::delete_others(c, &session.user_id, &session.id)?;
            // Neither password nor hash reaches the audit trail.
            let event = Event::new("password_changed", "user", Some(&session.user_id));
            audit::append(c, &actor, event)?;
            crate::mail::account::queue_password_changed(c, &mail, &session.email)?;
            Ok(ended)
        })
        .await?;
    outbox.wake();
    Ok(Ok(ended))
}

/// The factor as the account page shows it: `None` when there is none,
/// else whether it is on and, while it is being set up, the secret.
pub async fn factor(
    db: &Db,
    keys: &Keys,
    user_id: &UserId,
) -> Result<Option<(bool, Option<Secret>)>, AuthError> {
    let id = user_id.to_owned();
    let Some(row) = db.read(move |c| db::totp::get(c, &id)).await? else {
        return Ok(None);
    };
    let secret = (!row.enabled)
        .then(|| keys.open_totp(user_id, &row.secret_sealed))
        .flatten()
        .and_then(|s| Secret::from_bytes(&s));
    Ok(Some((row.enabled, secret)))
}

/// Start setting up: a new secret, stored sealed and not yet in use.
pub async fn start_setup(
    db: &Db,
    keys: &Keys,
    session: &CurrentSession,
) -> Result<Result<(), Problem>, AuthError> {
    let secret = Secret::generate();
    let sealed = keys
        .seal_totp(&session.user_id, secret.as_bytes())
        .ok_or_else(|| AuthError::Hash("sealing the TOTP secret failed".into()))?;
    let (id, actor) = (session.user_id.clone(), session.actor());
    db.write(move |c| {
        if db::totp::enabled(c, &id)? {
            return Ok(Err(Problem::NoChange));
        }
        let row = TotpRow {
            user_id: id.clone(),
            secret_sealed: sealed,
            enabled: false,
            last_used_step: None,
            created_at: db::now(),
            enabled_at: None,
        };
        db::totp::replace_pending(c, &row)?;
        audit::append(
            c,
            &actor,
            Event::new("totp_setup_started", "user", Some(&id)),
        )?;
        Ok(Ok(()))
    })
    .await
    .map_err(Into::into)
}

/// The step a typed code matches for the account's stored factor.
fn code_step(keys: &Keys, row: &TotpRow, typed: &str) -> Option<i64> {
    let secret = keys.open_totp(&row.user_id, &row.secret_sealed)?;
    let secret = Secret::from_bytes(&secret)?;
    let now = chrono::Utc::now().timestamp();
    totp::verify(&secret, Code::parse(typed)?, now, row.last_used_step)
}

/// Finish setting up: only a right code from the new secret turns it on.
pub async fn confirm_setup(
    db: &Db,
    keys: &Keys,
    session: &CurrentSession,
    typed: String,
) -> Result<Result<(), Problem>, AuthError> {
    let id = session.user_id.clone();
    let Some(row) = db.read(move |c| db::totp::get(c, &id)).await? else {
        return Ok(Err(Problem::NoChange));
    };
    if row.enabled {
        return Ok(Err(Problem::NoChange));
    }
    let Some(step) = code_step(keys, &row, &typed) else {
        return Ok(Err(Problem::WrongCode));
    };
    let actor = session.actor();
    db.write(move |c| {
        // The secret the code was checked against is still the one stored.
        let current = db::totp::get(c, &row.user_id)?;
        if current.is_none_or(|t| t.enabled || t.secret_sealed != row.secret_sealed) {
            return Ok(Err(Problem::NoChange));
        }
        db::totp::confirm(c, &row.user_id, step, db::now())?;
        let event = Event::new("totp_enabled", "user", Some(&row.user_id)).change(
            "totp",
            Some("off"),
            Some("on"),
        );
        audit::append(c, &actor, event)?;
        Ok(Ok(()))
    })
    .await
    .map_err(Into::into)
}

/// Turn the factor off: the password and a current code, and only when the
/// role does not require it.
pub async fn turn_off(
    db: &Db,
    keys: &Keys,
    settings: &StaffSettings,
    session: &CurrentSession,
    password: String,
    typed: String,
) -> Result<Result<(), Problem>, AuthError> {
    let (id, role) = (session.user_id.clone(), session.role.code());
    let (row, required) = db
        .read(move |c| Ok((db::totp::get(c, &id)?, db::totp::totp_required(c, role)?)))
        .await?;
    let Some(row) = row.filter(|r| r.enabled) else {
        return Ok(Err(Problem::NoChange));
    };
    if required {
        return Ok(Err(Problem::Required));
    }
    // The attempt stays counted against the login throttle until both the
    // password and the code were right: guessing codes here is as slow as
    // guessing them at sign-in, and every refusal is in the audit trail.
    if let Err(p) = check_password(db, keys, settings, session, password, true).await? {
        return Ok(Err(p));
    }
    let actor = session.actor();
    let Some(step) = code_step(keys, &row, &typed) else {
        let id = row.user_id.clone();
        db.write(move |c| {
            let mut event = Event::new("totp_off_refused", "user", Some(&id));
            event.reason = Some("wrong code".into());
            audit::append(c, &actor, event).map(|_| ())
        })
        .await?;
        return Ok(Err(Problem::WrongCode));
    };
    let throttle_key = keys.login_account_key(&session.email);
    db.write(move |c| {
        if !db::totp::use_step(c, &row.user_id, step)? {
            return Ok(Err(Problem::WrongCode));
        }
        db::totp::remove(c, &row.user_id)?;
        db::throttle::clear(c, &throttle_key)?;
        let event = Event::new("totp_disabled", "user", Some(&row.user_id)).change(
            "totp",
            Some("on"),
            Some("off"),
        );
        audit::append(c, &actor, event)?;
        Ok(Ok(()))
    })
    .await
    .map_err(Into::into)
}
