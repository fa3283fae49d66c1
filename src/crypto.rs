//! Keys and codes: the server secret and the keys derived from it, the
//! reporter's follow-up code (random, ≥ 80 bits, stored only as an HMAC),
//! signed form tokens and receipt cookies, sealed TOTP secrets and the
//! pending sign-in MAC.

use crate::ids::UserId;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Crockford base32: no I, L, O or U, so codes read aloud survive.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// A follow-up code is 20 base32 characters: 100 bits.
pub const CODE_CHARS: usize = 20;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut out);
    out
}

pub fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for p in parts {
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Constant-time comparison of two MACs.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Keys derived from the server secret, one per purpose.
#[derive(Clone)]
pub struct Keys {
    form: [u8; 32],
    idempotency: [u8; 32],
    code: [u8; 32],
    code_store: [u8; 32],
    receipt: [u8; 32],
    login: [u8; 32],
    totp_seal: [u8; 32],
    pending_login: [u8; 32],
    spent_token: [u8; 32],
    device: [u8; 32],
    audit_chain: [u8; 32],
    fingerprint: [u8; 32],
    pub rate_limit_salt: [u8; 32],
}

impl Keys {
    pub fn derive(secret: &[u8]) -> Self {
        let k = |purpose: &str| hmac(secret, &[purpose.as_bytes()]);
        Self {
            form: k("form-token"),
            idempotency: k("idempotency"),
            code: k("follow-up-code"),
            code_store: k("follow-up-code-store"),
            receipt: k("receipt-cookie"),
            login: k("login-throttle"),
            totp_seal: k("totp-secret-seal"),
            pending_login: k("pending-login-cookie"),
            spent_token: k("spent-form-token"),
            device: k("device-cookie"),
            audit_chain: k("audit-chain"),
            fingerprint: k("key-fingerprint"),
            rate_limit_salt: k("rate-limit"),
        }
    }

    /// What identifies the key without revealing it (16 hex digits), as
    /// the database keeps it and start-up errors name it.
    pub fn fingerprint(&self) -> String {
        hex::encode(&self.fingerprint[..8])
    }

    /// The key of the audit chain's HMAC.
    pub fn audit_key(&self) -> [u8; 32] {
        self.audit_chain
    }

    /// The MAC binding a device cookie's nonce to an account.
    pub fn device_mac(&self, account_key: &str, nonce: &str) -> String {
        hex::encode(&hmac(&self.device, &[account_key.as_bytes(), nonce.as_bytes()])[..16])
    }

    /// What the database keeps of a form token that made a report.
    pub fn spent_token_hash(&self, token: &str) -> String {
        hex::encode(hmac(&self.spent_token, &[token.as_bytes()]))
    }

    /// A signed form token holding the time the form was first shown and a
    /// random nonce, so that every form shown has its own token (one token
    /// makes at most one report).
    pub fn form_token(&self, issued_unix: i64) -> String {
        let ts = issued_unix.to_string();
        let nonce = hex::encode(random_bytes::<8>());
        let mac = hmac(&self.form, &[ts.as_bytes(), nonce.as_bytes()]);
        format!("{ts}.{nonce}.{}", hex::encode(&mac[..16]))
    }

    /// The issue time inside a form token, if the signature holds. Tokens
    /// without a nonce (shown before the upgrade) are still accepted until
    /// they expire.
    pub fn verify_form_token(&self, token: &str) -> Option<i64> {
        let mut parts = token.split('.');
        let (ts, second, third) = (parts.next()?, parts.next()?, parts.next());
        if parts.next().is_some() {
            return None;
        }
        let (signed, mac): (Vec<&[u8]>, &str) = match third {
            Some(mac) => (vec![ts.as_bytes(), second.as_bytes()], mac),
            None => (vec![ts.as_bytes()], second),
        };
        let mac = hex::decode(mac).ok()?;
        same(&mac, &hmac(&self.form, &signed)[..16]).then(|| ts.parse().ok())?
    }

    /// What the database keeps of an idempotency key.
    pub fn idempotency_hash(&self, key: &IdempotencyKey) -> String {
        hex::encode(hmac(&self.idempotency, &[key.0.as_bytes()]))
    }

    /// The follow-up code for a submission. Derived from the secret
    /// idempotency key, so a retried submit shows the same receipt; the key
    /// has 128 random bits and never reaches the database.
    pub fn followup_code(&self, key: &IdempotencyKey) -> FollowupCode {
        let mac = hmac(&self.code, &[key.0.as_bytes()]);
        FollowupCode(base32(&mac)[..CODE_CHARS].to_owned())
    }

    /// What the database keeps of a follow-up code.
    pub fn code_hash(&self, code: &FollowupCode) -> String {
        hex::encode(hmac(&self.code_store, &[code.0.as_bytes()]))
    }

    /// The login-throttle key of a typed e-mail address: the same for known
    /// and unknown accounts, and not the address itself.
    pub fn login_account_key(&self, email: &str) -> String {
        hex::encode(&hmac(&self.login, &[email.as_bytes()])[..16])
    }

    /// Encrypt a TOTP secret for storage, bound to its account (a sealed
    /// secret copied to another row does not open): hex of nonce ‖ ciphertext.
    pub fn seal_totp(&self, user_id: &UserId, secret: &[u8]) -> Option<String> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.totp_seal));
        let nonce = random_bytes::<12>();
        let payload = Payload {
            msg: secret,
            aad: user_id.as_bytes(),
        };
        let sealed = cipher.encrypt(Nonce::from_slice(&nonce), payload).ok()?;
        Some(hex::encode([&nonce[..], &sealed].concat()))
    }

    /// The TOTP secret sealed by [`Keys::seal_totp`] for this account.
    pub fn open_totp(&self, user_id: &UserId, sealed: &str) -> Option<Vec<u8>> {
        let bytes = hex::decode(sealed).ok()?;
        let (nonce, sealed) = (bytes.get(..12)?, bytes.get(12..)?);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.totp_seal));
        let payload = Payload {
            msg: sealed,
            aad: user_id.as_bytes(),
        };
        cipher.decrypt(Nonce::from_slice(nonce), payload).ok()
    }

    /// MAC of a pending sign-in (password right, code still to come).
    pub fn pending_login_mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        hmac(&self.pending_login, parts)
    }

    /// Cookie value carrying a receipt from the POST to the receipt page.
    /// `urgent` repeats the call-for-help message on the receipt.
    pub fn receipt_cookie(
        &self,
        case_number: &crate::ids::CaseNumber,
        key: &IdempotencyKey,
        urgent: bool,
    ) -> String {
        let flag = if urgent { "1" } else { "0" };
        let mac = hmac(
            &self.receipt,
            &[case_number.as_bytes(), key.0.as_bytes(), flag.as_bytes()],
        );
        format!("{case_number}.{}.{flag}.{}", key.0, hex::encode(&mac[..16]))
    }

    pub fn verify_receipt_cookie(
        &self,
        value: &str,
    ) -> Option<(crate::ids::CaseNumber, IdempotencyKey, bool)> {
        let mut parts = value.split('.');
        let (case, key, flag, mac) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let key = IdempotencyKey::parse(key)?;
        let mac = hex::decode(mac).ok()?;
        let expected = hmac(
            &self.receipt,
            &[case.as_bytes(), key.0.as_bytes(), flag.as_bytes()],
        );
        if !same(&mac, &expected[..16]) {
            return None;
        }
        Some((crate::ids::CaseNumber::parse(case)?, key, flag == "1"))
    }
}

/// The random key a form carries so that a repeated submit stores one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn generate() -> Self {
        Self(hex::encode(random_bytes::<16>()))
    }
    /// Exactly 32 lowercase hex digits.
    pub fn parse(value: &str) -> Option<Self> {
        (value.len() == 32
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| Self(value.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reporter's private follow-up code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupCode(String);

impl FollowupCode {
    /// Accept what a person types: any case, spaces or dashes, and the
    /// letters people confuse with digits.
    pub fn parse(typed: &str) -> Option<Self> {
        let cleaned: String = typed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        (cleaned.len() == CODE_CHARS && cleaned.bytes().all(|b| ALPHABET.contains(&b)))
            .then_some(Self(cleaned))
    }

    /// Grouped for reading: `ABCD-EFGH-JKMN-PQRS-TVWX`.
    pub fn display(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn followup_code_round_trips_through_typing() {
        let keys = Keys::derive(&[7; 32]);
        let key = IdempotencyKey::generate();
        let code = keys.followup_code(&key);
        let typed = code.display().to_lowercase().replace('-', " ");
        assert_eq!(FollowupCode::parse(&typed), Some(code.clone()));
        assert_eq!(keys.followup_code(&key), code, "same key, same code");
        assert_ne!(keys.followup_code(&IdempotencyKey::generate()), code);
    }

    #[test]
    fn tokens_reject_tampering() {
        let keys = Keys::derive(&[1; 32]);
        let token = keys.form_token(1_700_000_000);
        assert_eq!(keys.verify_form_token(&token), Some(1_700_000_000));
        assert_eq!(keys.verify_form_token(&token.replace("17", "18")), None);
        assert_eq!(Keys::derive(&[2; 32]).verify_form_token(&token), None);
        assert_ne!(
            keys.form_token(1_700_000_000),
            token,
            "each form its own token"
        );
        let legacy = format!(
            "1700000000.{}",
            hex::encode(&hmac(&keys.form, &[b"1700000000"])[..16])
        );
        assert_eq!(keys.verify_form_token(&legacy), Some(1_700_000_000));
    }

    #[test]
    fn sealed_totp_secrets_open_only_for_their_account_and_key() {
        let keys = Keys::derive(&[3; 32]);
        let one = crate::ids::UserId::from_stored("user-1".into());
        let two = crate::ids::UserId::from_stored("user-2".into());
        let sealed = keys.seal_totp(&one, b"12345678901234567890").unwrap();
        assert!(!sealed.contains(&hex::encode(b"12345678901234567890")));
        assert_ne!(
            sealed,
            keys.seal_totp(&one, b"12345678901234567890").unwrap()
        );
        assert_eq!(
            keys.open_totp(&one, &sealed).unwrap(),
            b"12345678901234567890"
        );
        assert_eq!(keys.open_totp(&two, &sealed), None);
        assert_eq!(Keys::derive(&[4; 32]).open_totp(&one, &sealed), None);
        assert_eq!(keys.open_totp(&one, "00"), None);
    }
}
