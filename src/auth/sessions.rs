//! Database-backed staff sessions. The cookie holds 32 random bytes; the
//! database holds only their SHA-256, so logout, expiry and disabling an
//! account take effect at once on every app instance.

use crate::ids::UserId;
use std::time::Duration;

use base64::Engine;
use chrono::{NaiveDateTime, TimeDelta};
use sha2::{Digest, Sha256};

use super::Role;
use crate::config::StaffSettings;
use crate::db::sessions::{self as q, SessionRow};
use crate::db::{Db, DbConnection, DbError};

/// The signed-in staff member behind a request.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    /// SHA-256 of the cookie token (the row id).
    pub id: String,
    pub user_id: UserId,
    pub email: String,
    pub role: Role,
    pub csrf_token: String,
    /// The role requires a second factor the account has not set up: only
    /// the own-account page and sign-out are open until it has.
    pub must_enrol: bool,
}

impl CurrentSession {
    /// The signed-in person as the audit trail records them.
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            id: Some(self.user_id.clone()),
            role: self.role.code().to_owned(),
        }
    }
}

/// The row id of a cookie token.
pub fn id_of(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Create a session for `user_id` in the caller's transaction; returns the
/// cookie token (the only place it exists).
pub fn create(
    conn: &mut DbConnection,
    user_id: &UserId,
    now: NaiveDateTime,
) -> Result<String, DbError> {
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(crate::crypto::random_bytes::<32>());
    let row = SessionRow {
        id: id_of(&token),
        user_id: user_id.to_owned(),
        created_at: now,
        last_seen_at: now,
        csrf_token: hex::encode(crate::crypto::random_bytes::<32>()),
    };
    q::insert(conn, &row)?;
    Ok(token)
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

/// Look up a session: `None` when unknown, expired (idle or absolute) or its
/// account is disabled; expired rows are deleted. Activity is recorded at
/// most every minute (or quarter idle period) to spare the writer.
pub async fn load(
    db: &Db,
    token: &str,
    settings: &StaffSettings,
) -> Result<Option<CurrentSession>, DbError> {
    let id = id_of(token);
    let lookup = id.clone();
    let found = db
        .read(move |c| {
            let Some((row, user)) = q::find(c, &lookup)? else {
                return Ok(None);
            };
            let must_enrol = crate::db::totp::totp_required(c, &user.role)?
                && !crate::db::totp::enabled(c, &user.id)?;
            Ok(Some((row, user, must_enrol)))
        })
        .await?;
    let Some((row, user, must_enrol)) = found else {
        return Ok(None);
    };
    let now = crate::db::now();
    let idle = now - row.last_seen_at > delta(settings.session_idle);
    let too_old = now - row.created_at > delta(settings.session_absolute);
    if idle || too_old || user.disabled {
        db.write(move |c| q::delete(c, &id)).await?;
        return Ok(None);
    }
    let role = Role::parse(&user.role)
        .ok_or_else(|| DbError::Corrupt(format!("unknown role {:?}", user.role)))?;
    let touch_every = delta(settings.session_idle / 4).min(TimeDelta::minutes(1));
    if now - row.last_seen_at > touch_every {
        let touched = id.clone();
        db.write(move |c| q::touch(c, &touched, now)).await?;
    }
    Ok(Some(CurrentSession {
        id,
        user_id: user.id,
        email: user.email,
        role,
        csrf_token: row.csrf_token,
        must_enrol,
    }))
}

/// Sign out: delete the session row and record it, in one transaction.
pub async fn end(db: &Db, session: CurrentSession) -> Result<(), DbError> {
    db.write(move |c| {
        q::delete(c, &session.id)?;
        let event = crate::audit::Event::new("logout", "user", Some(&session.user_id));
        crate::audit::append(c, &session.actor(), event)?;
        Ok(())
    })
    .await
}
