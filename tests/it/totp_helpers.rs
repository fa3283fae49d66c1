//! A TOTP implementation of the tests' own (RFC 6238 with HMAC-SHA-1,
//! written from the RFC, not from Canary's code), and enrolment over HTTP.

use hmac::{Hmac, Mac};

use crate::helpers::*;
use crate::staff_helpers::*;

/// RFC 4648 base32 without padding, as the account page shows the key.
pub fn base32_decode(text: &str) -> Vec<u8> {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u64, 0);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let v = alphabet.find(c.to_ascii_uppercase()).expect("base32") as u64;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The 6-digit code for `key` (base32) at Unix time `t`.
pub fn code_at(key: &str, t: i64) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&base32_decode(key)).unwrap();
    mac.update(&((t / 30) as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = (h[19] & 0xf) as usize;
    let n = (u32::from(h[o] & 0x7f) << 24)
        | (u32::from(h[o + 1]) << 16)
        | (u32::from(h[o + 2]) << 8)
        | u32::from(h[o + 3]);
    format!("{:06}", n % 1_000_000)
}

/// The code of the next 30-second step (accepted one step early): never
/// the step enrolment or an earlier sign-in just used.
pub fn next_code(key: &str) -> String {
    code_at(key, unix_now() + 30)
}

/// Set up two-step sign-in for the signed-in account; returns its key.
pub fn enrol(app: &TestApp, cookie: &str) -> String {
    let start = staff_post(app, "/staff/account/totp/start", cookie, &[]);
    assert_eq!(start.status, 303, "{}", start.body);
    let page = app.get_with_cookie("/staff/account", cookie);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg"), "a QR code is drawn");
    let key = element_text(&page.body, "totp-secret").expect("key shown");
    let confirm = staff_post(
        app,
        "/staff/account/totp/confirm",
        cookie,
        &[("code", &code_at(&key, unix_now()))],
    );
    assert_eq!(confirm.status, 303, "{}", errors_in(&confirm.body));
    key.replace(' ', "")
}

/// The pending sign-in cookie of a right password for an account with a code.
pub fn password_step(app: &TestApp, email: &str) -> String {
    let resp = login_with(app, email, PASSWORD, None);
    assert_eq!(resp.status, 303, "{}", resp.body);
    assert_eq!(resp.header("location"), Some("/staff/login/code"));
    let set = resp.header("set-cookie").unwrap();
    assert!(!set.contains("canary-session"), "no session yet: {set}");
    set.split(';').next().unwrap().trim().to_owned()
}

pub fn code_step(app: &TestApp, pending: &str, code: &str) -> Resp {
    app.post_form_with(
        "/staff/login/code",
        &[("Cookie", pending)],
        &[("code", code)],
    )
}

/// The session cookie a successful code step sets.
pub fn session_from(resp: &Resp) -> String {
    assert_eq!(resp.status, 303, "{}", resp.body);
    assert_eq!(resp.header("location"), Some("/staff"));
    let set = resp.header("set-cookie").unwrap();
    let session = set
        .split(", ")
        .find(|c| c.contains("canary-session="))
        .expect("session cookie");
    session.split(';').next().unwrap().trim().to_owned()
}
