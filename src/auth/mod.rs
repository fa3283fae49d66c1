//! Staff authentication and authorisation: password hashing, login with
//! throttling, a TOTP second factor, database-backed sessions, CSRF
//! defences, roles and their policy, and the account changes an operator,
//! an admin or the account's owner makes.

pub mod access;
pub mod account;
pub mod admin;
pub mod csrf;
pub mod device;
pub mod login;
pub mod login_code;
pub mod notifications;
pub mod passwords;
pub mod pending;
pub mod policy;
pub mod reset;
pub mod roles;
pub mod sessions;
pub mod totp;
pub mod users;

use validator::ValidateEmail;

pub use roles::Role;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("a blocking task failed")]
    Blocking,
}

/// A staff e-mail address, trimmed and lower-cased (accounts are looked up
/// by it, so `Alice@x` and `alice@x` are one account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(typed: &str) -> Option<Self> {
        let email = typed.trim().to_lowercase();
        (email.len() <= 254 && email.validate_email()).then_some(Self(email))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hash a new password on the blocking pool, sharing the login's cap on
/// concurrent argon2 computations.
pub async fn hash_password(password: String) -> Result<String, AuthError> {
    let _slot = login::HASH_SLOTS
        .acquire()
        .await
        .map_err(|_| AuthError::Blocking)?;
    blocking(move || passwords::hash(&password)).await?
}

/// Run CPU-heavy work (argon2) on the blocking pool, never on the executor.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AuthError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| AuthError::Blocking)
}
