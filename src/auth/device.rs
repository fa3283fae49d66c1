//! Device cookies (OWASP "Slow Down Online Guessing Attacks with Device
//! Cookies"): a browser that signed in to an account carries a signed cookie
//! naming that account, and its sign-ins are throttled in a bucket of their
//! own. A stranger's failures fill the account's shared bucket only, so
//! they never lock the owner out on a browser the owner has used before.

use crate::crypto::{self, Keys};

/// The nonce of a device cookie signed for `account_key`.
fn nonce<'a>(keys: &Keys, account_key: &str, value: &'a str) -> Option<&'a str> {
    let (nonce, mac) = value.split_once('.')?;
    let expected = keys.device_mac(account_key, nonce);
    crypto::same(mac.as_bytes(), expected.as_bytes()).then_some(nonce)
}

/// The throttle bucket of an attempt on `account_key`: the device's own
/// when its cookie is this account's, else the account's shared bucket.
pub fn bucket(keys: &Keys, account_key: &str, cookie: Option<&str>) -> String {
    match cookie.and_then(|v| nonce(keys, account_key, v)) {
        Some(n) => format!("{account_key}.{n}"),
        None => account_key.to_owned(),
    }
}

/// The cookie value to keep after a sign-in to `account_key` (the same
/// device keeps its nonce).
pub fn issue(keys: &Keys, account_key: &str, cookie: Option<&str>) -> String {
    let nonce = cookie
        .and_then(|v| nonce(keys, account_key, v))
        .map(str::to_owned)
        .unwrap_or_else(|| hex::encode(crypto::random_bytes::<12>()));
    format!("{nonce}.{}", keys.device_mac(account_key, &nonce))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_is_bound_to_its_account() {
        let keys = Keys::derive(&[9; 32]);
        let cookie = issue(&keys, "acct", None);
        let own = bucket(&keys, "acct", Some(&cookie));
        assert_ne!(own, "acct");
        assert_eq!(issue(&keys, "acct", Some(&cookie)), cookie, "kept");
        assert_eq!(bucket(&keys, "other", Some(&cookie)), "other");
        assert_eq!(bucket(&keys, "acct", Some("forged.cookie")), "acct");
        assert_eq!(
            bucket(&Keys::derive(&[8; 32]), "acct", Some(&cookie)),
            "acct"
        );
    }
}
