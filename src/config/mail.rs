//! Mail settings: the SMTP server, the sender, the public base URL that every
//! link in a message starts with, the digest hour and the outbox timing.
//! The SMTP URL may hold a password: it is never printed.

use std::time::Duration;

use super::{ConfigError, Env};

/// `CANARY_SMTP_URL` in lettre's form (`smtp://host:25`,
/// `smtps://user:pass@host:465`, `smtp://host:587?tls=required`).
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    const NAME: &'static str = "CANARY_SMTP_URL";

    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let url = url.trim();
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            return Err(ConfigError::Invalid {
                name: Self::NAME,
                reason: format!(
                    "must start with smtp:// or smtps:// (got {:?})",
                    super::redact(url)
                ),
            });
        }
        Ok(Self(url.to_owned()))
    }

    /// The full URL, password included: only for building the transport.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", super::redact(&self.0))
    }
}

/// `CANARY_PUBLIC_URL` without a trailing slash: links in mail are built
/// from it, never from a request's `Host` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    const NAME: &'static str = "CANARY_PUBLIC_URL";

    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let url = url.trim().trim_end_matches('/');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let bad = |reason: &str| ConfigError::Invalid {
            name: Self::NAME,
            reason: reason.to_owned(),
        };
        let rest = rest.ok_or_else(|| bad("must start with http:// or https://"))?;
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() || host.contains('@') {
            return Err(bad("needs a host name, and no user or password"));
        }
        if url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '?' | '#'))
        {
            return Err(bad("no spaces, query string or fragment"));
        }
        Ok(Self(url.to_owned()))
    }

    /// `base` + `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `None`: mail is queued but never sent.
    pub smtp: Option<SmtpUrl>,
    pub from: String,
    pub public_url: PublicUrl,
    /// UTC hour at which the daily digest goes out; `None` (`off`) leaves
    /// it to `canary mail digest` from cron.
    pub digest_hour: Option<u32>,
    /// How often the outbox worker looks for due mail without being woken.
    pub poll: Duration,
    /// The first retry's delay; it doubles per attempt, up to an hour.
    pub retry_base: Duration,
}

impl MailSettings {
    pub(super) fn read(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<Self, ConfigError> {
        let smtp = match (env.get)("CANARY_SMTP_URL").filter(|u| !u.trim().is_empty()) {
            Some(url) => Some(SmtpUrl::parse(&url)?),
            None => None,
        };
        let digest = env.text("CANARY_DIGEST_HOUR", "7");
        let digest_hour = match digest.trim() {
            "off" | "none" => None,
            hour => match hour.parse::<u32>() {
                Ok(h) if h < 24 => Some(h),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "CANARY_DIGEST_HOUR",
                        reason: format!("expected an hour 0-23 or off, got {hour:?}"),
                    })
                }
            },
        };
        let from = env.text("CANARY_MAIL_FROM", "canary@localhost");
        if from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid {
                name: "CANARY_MAIL_FROM",
                reason: "expected an e-mail address such as canary@example.org".into(),
            });
        }
        Ok(Self {
            smtp,
            from,
            public_url: PublicUrl::parse(&env.text("CANARY_PUBLIC_URL", "http://127.0.0.1:8080"))?,
            digest_hour,
            poll: Duration::from_millis(env.num("CANARY_MAIL_POLL_MS", "5000")?),
            retry_base: Duration::from_millis(env.num("CANARY_MAIL_RETRY_BASE_MS", "30000")?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_password_is_never_printed() {
        let url = SmtpUrl::parse("smtps://mailer:hunter2@mail.example:465").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
        let err = SmtpUrl::parse("smtpx://mailer:hunter2@mail.example")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("CANARY_SMTP_URL"));
    }

    #[test]
    fn public_url_rules() {
        let url = PublicUrl::parse("https://canary.example.org/").unwrap();
        assert_eq!(url.link("/review"), "https://canary.example.org/review");
        for bad in [
            "canary.example.org",
            "https://",
            "https://u:p@h",
            "https://h/?x=1",
            "https://h\r\nBcc: x",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
