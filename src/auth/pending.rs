//! The "pending sign-in" cookie: set when the password was right and the
//! account signs in with a code too. It names the account and when it
//! expires (five minutes), signed with a key derived from the server secret
//! and bound to the time the password last changed. It grants nothing but
//! the right to type a code.

use crate::ids::UserId;
use chrono::NaiveDateTime;

use crate::crypto::{self, Keys};

/// How long the code page may be used after the password was accepted.
pub const LIFETIME_SECONDS: i64 = 5 * 60;

fn mac(keys: &Keys, user_id: &UserId, expires: &str, password_changed: NaiveDateTime) -> String {
    let changed = password_changed.and_utc().timestamp_micros().to_string();
    let mac = keys.pending_login_mac(&[user_id.as_bytes(), expires.as_bytes(), changed.as_bytes()]);
    hex::encode(&mac[..16])
}

/// The cookie value for an account whose password was just accepted.
pub fn issue(keys: &Keys, user_id: &UserId, password_changed: NaiveDateTime, now: i64) -> String {
    let expires = (now + LIFETIME_SECONDS).to_string();
    let mac = mac(keys, user_id, &expires, password_changed);
    format!("{user_id}.{expires}.{mac}")
}

/// The account id a cookie value names, if it is unexpired; the caller then
/// checks the signature with [`signed_for`] once it has loaded the account.
pub fn claimed(value: &str, now: i64) -> Option<(&str, &str, &str)> {
    let mut parts = value.split('.');
    let (user_id, expires, mac) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || expires.parse::<i64>().ok()? <= now {
        return None;
    }
    Some((user_id, expires, mac))
}

/// Whether the signature holds for this account as it is now stored.
pub fn signed_for(keys: &Keys, claim: (&str, &str, &str), password_changed: NaiveDateTime) -> bool {
    let (user_id, expires, given) = claim;
    let expected = mac(
        keys,
        &UserId::from_stored(user_id.to_owned()),
        expires,
        password_changed,
    );
    crypto::same(expected.as_bytes(), given.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_bound_and_expiring() {
        let keys = Keys::derive(&[5; 32]);
        let changed = crate::db::now();
        let user = crate::ids::UserId::from_stored("user-1".into());
        let value = issue(&keys, &user, changed, 1_000);
        let claim = claimed(&value, 1_000).unwrap();
        assert_eq!(claim.0, "user-1");
        assert!(signed_for(&keys, claim, changed));
        assert!(!signed_for(&Keys::derive(&[6; 32]), claim, changed));
        let later = changed + chrono::TimeDelta::seconds(1);
        assert!(!signed_for(&keys, claim, later), "password changed since");
        assert!(
            claimed(&value, 1_000 + LIFETIME_SECONDS).is_none(),
            "expired"
        );
        let forged = value.replacen("user-1", "user-2", 1);
        assert!(!signed_for(
            &keys,
            claimed(&forged, 1_000).unwrap(),
            changed
        ));
        let extended = value.replacen("1300", "9300", 1);
        assert!(!signed_for(
            &keys,
            claimed(&extended, 1_000).unwrap(),
            changed
        ));
    }
}
