//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1,
//! 6 digits, 30-second steps, a code accepted one step either side of now
//! but never for a step the account has already used. Also the secret's
//! base32 form and the `otpauth://` URI authenticator apps scan.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step (RFC 6238's default, what every app assumes).
pub const STEP_SECONDS: i64 = 30;
/// Steps either side of now that are still accepted (clock drift).
const WINDOW: i64 = 1;
const DIGITS: u32 = 6;
/// RFC 4226 recommends 160 bits, the size of a SHA-1 output.
pub const SECRET_BYTES: usize = 20;

/// RFC 4648 base32, the alphabet authenticator apps expect.
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A per-account TOTP secret. Deliberately not `Debug`: it is never logged.
pub struct Secret([u8; SECRET_BYTES]);

impl Secret {
    pub fn generate() -> Self {
        Self(crate::crypto::random_bytes())
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Unpadded base32 (20 bytes give exactly 32 characters).
    pub fn base32(&self) -> String {
        let mut out = String::with_capacity(32);
        let (mut buffer, mut bits) = (0u64, 0u32);
        for &b in &self.0 {
            buffer = (buffer << 8) | u64::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
            }
        }
        out
    }

    /// Base32 in groups of four, for typing into an app by hand.
    pub fn grouped(&self) -> String {
        let b32 = self.base32();
        b32.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `otpauth://totp/Canary:<email>?secret=…&issuer=Canary`.
    pub fn uri(&self, email: &str) -> String {
        format!(
            "otpauth://totp/Canary:{}?secret={}&issuer=Canary",
            label_escape(email),
            self.base32()
        )
    }
}

/// Percent-encode everything in a label but unreserved characters and `@`.
fn label_escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A code as typed: six digits, spaces ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(u32);

impl Code {
    pub fn parse(typed: &str) -> Option<Self> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok().map(Self))?
    }
}

/// The step a Unix time falls in.
pub fn step_at(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECONDS)
}

/// The HOTP value of `secret` for counter `step` (RFC 4226 §5.3).
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    hotp(secret, step.to_be_bytes(), DIGITS)
}

fn hotp(secret: &[u8], counter: [u8; 8], digits: u32) -> u32 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(&counter);
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    binary % 10u32.pow(digits)
}

/// The step `code` belongs to, if it matches one within the window around
/// `now_unix` that is later than `last_used` (a replayed code matches none).
pub fn verify(secret: &Secret, code: Code, now_unix: i64, last_used: Option<i64>) -> Option<i64> {
    let now = step_at(now_unix);
    let mut found = None;
    // Check every candidate, so timing does not say which step matched.
    for step in (now - WINDOW)..=(now + WINDOW) {
        let expected = code_at(secret.as_bytes(), step);
        let same = crate::crypto::same(&expected.to_be_bytes(), &code.0.to_be_bytes());
        if same && last_used.is_none_or(|last| step > last) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows (8 digits, the seed is the ASCII
    /// string "12345678901234567890").
    #[test]
    fn rfc_6238_sha1_vectors() {
        let seed = b"12345678901234567890";
        let vectors: [(i64, u32); 6] = [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        for (time, expected) in vectors {
            let step = step_at(time);
            assert_eq!(hotp(seed, step.to_be_bytes(), 8), expected, "T={time}");
            // Six digits are the last six of the eight.
            assert_eq!(code_at(seed, step), expected % 1_000_000, "T={time}");
        }
    }

    #[test]
    fn window_and_replay() {
        let secret = Secret::from_bytes(b"12345678901234567890").unwrap();
        let now = 1_111_111_111;
        let code = |t: i64| Code(code_at(secret.as_bytes(), step_at(t)));
        assert_eq!(verify(&secret, code(now), now, None), Some(step_at(now)));
        assert!(
            verify(&secret, code(now - 30), now, None).is_some(),
            "one step late"
        );
        assert!(
            verify(&secret, code(now + 30), now, None).is_some(),
            "one step early"
        );
        assert_eq!(verify(&secret, code(now - 60), now, None), None, "too old");
        assert_eq!(verify(&secret, code(now + 60), now, None), None, "too new");
        let used = step_at(now);
        assert_eq!(
            verify(&secret, code(now), now, Some(used)),
            None,
            "replayed"
        );
        assert_eq!(
            verify(&secret, code(now - 30), now, Some(used)),
            None,
            "older than used"
        );
        assert!(verify(&secret, code(now + 30), now, Some(used)).is_some());
    }

    #[test]
    fn typed_codes_and_secret_forms() {
        assert_eq!(Code::parse(" 123 456 "), Some(Code(123456)));
        assert_eq!(Code::parse("012345"), Some(Code(12345)));
        assert_eq!(Code::parse("12345"), None);
        assert_eq!(Code::parse("12345a"), None);
        assert_eq!(Code::parse("１２３４５６"), None, "ASCII digits only");
        let secret = Secret::from_bytes(b"12345678901234567890").unwrap();
        assert_eq!(secret.base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(secret.grouped(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assert_eq!(
            secret.uri("a+b@example.org"),
            "otpauth://totp/Canary:a%2Bb@example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Canary"
        );
        assert!(Secret::from_bytes(&[0; 19]).is_none());
    }
}
