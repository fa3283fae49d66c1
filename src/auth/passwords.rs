//! Passwords: the rules for new ones, argon2id hashing with the argon2
//! crate's defaults (m=19456 KiB, t=2, p=1), verification, and whether a
//! stored hash needs upgrading. Every function here is CPU-heavy: call them
//! on a blocking thread.
//!
//! Passwords are NFC-normalised (the same text typed on different systems
//! gives the same bytes); they are never truncated or case-folded.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use password_hash::rand_core::OsRng;
use unicode_normalization::UnicodeNormalization;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// Passwords long enough to pass the length rule but guessed first.
const COMMON: &str = include_str!("common_passwords.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("Use at least 12 characters.")]
    TooShort,
    #[error("Use at most 128 characters.")]
    TooLong,
    #[error("That password is too common; choose another.")]
    Common,
}

fn normalise(password: &str) -> String {
    password.nfc().collect()
}

/// Check a new password against the rules: 12–128 characters, not common.
pub fn check_new(password: &str) -> Result<(), PasswordProblem> {
    let password = normalise(password);
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON.lines().any(|line| line.trim() == lower) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

/// A PHC string: `$argon2id$v=19$m=19456,t=2,p=1$…`.
pub fn hash(password: &str) -> Result<String, super::AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(normalise(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| super::AuthError::Hash(e.to_string()))
}

/// The result of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    Wrong,
    Right { needs_rehash: bool },
}

/// Verify with the parameters stored in the hash (so old hashes keep
/// working), and say whether they differ from today's.
pub fn verify(password: &str, stored: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verified::Wrong;
    };
    if hasher()
        .verify_password(normalise(password).as_bytes(), &parsed)
        .is_err()
    {
        return Verified::Wrong;
    }
    Verified::Right {
        needs_rehash: !is_current(&parsed),
    }
}

fn is_current(parsed: &PasswordHash) -> bool {
    let current = Params::DEFAULT;
    parsed.algorithm == argon2::ARGON2ID_IDENT
        && parsed.version == Some(Version::V0x13.into())
        && Params::try_from(parsed).is_ok_and(|p| {
            p.m_cost() == current.m_cost()
                && p.t_cost() == current.t_cost()
                && p.p_cost() == current.p_cost()
        })
}

/// Spend the same work as a real verify, for unknown or disabled accounts,
/// so the response time does not tell whether an account exists.
pub fn dummy_verify(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("canary-dummy-password-never-used").ok());
    if let Some(stored) = stored {
        let _ = verify(password, stored);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_common_rules() {
        assert_eq!(check_new("elevenchars"), Err(PasswordProblem::TooShort));
        assert_eq!(check_new("Password1234"), Err(PasswordProblem::Common));
        assert!(check_new(&"é".repeat(128)).is_ok());
        assert_eq!(check_new(&"é".repeat(129)), Err(PasswordProblem::TooLong));
        // Decomposed é counts as one character after NFC.
        assert!(check_new(&"e\u{301}".repeat(128)).is_ok());
    }

    #[test]
    fn hash_verify_and_upgrade() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify("correct horse battery", &stored),
            Verified::Right {
                needs_rehash: false
            }
        );
        assert_eq!(verify("correct horse batterY", &stored), Verified::Wrong);
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(12288, 3, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert_eq!(
            verify("correct horse battery", &weak),
            Verified::Right { needs_rehash: true }
        );
    }
}
