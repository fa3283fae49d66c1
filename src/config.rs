//! Typed configuration read from `CANARY_*` environment variables.
//! Secrets are never printed: `Config`'s `Debug` leaves them out.

mod alerts;
mod e2b;
mod mail;
mod proxies;

use std::net::SocketAddr;
use std::time::Duration;

pub use alerts::{AlertSettings, MinReports, WindowDays};
pub use e2b::E2bSettings;
pub use mail::{MailSettings, PublicUrl, SmtpUrl};
pub use proxies::{Cidr, TrustedProxies};

/// Where reports are stored. Only these two schemes are accepted, so a typo in
/// the URL can never silently create a fresh, empty SQLite file elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(ConfigError::Database(url.to_owned()));
            }
            Ok(Self::Sqlite(path.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err(ConfigError::Database(redact(url)))
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, Self::Sqlite(_))
    }
}

/// Hide a password in a URL before it goes into an error message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "CANARY_DATABASE_URL must start with sqlite:// (e.g. sqlite://canary.db) or postgres:// (got {0:?}); refusing to guess"
    )]
    Database(String),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Where to get urgent help; shown on every page.
#[derive(Clone, Debug)]
pub struct UrgentHelp {
    pub emergency_number: String,
    pub poison_help: String,
    pub region: String,
}

impl Default for UrgentHelp {
    /// The United States: 911 and Poison Help.
    fn default() -> Self {
        Self {
            emergency_number: "911".into(),
            poison_help: "1-800-222-1222".into(),
            region: "US".into(),
        }
    }
}

/// Limits that keep bots and floods out of the public form.
#[derive(Clone, Debug)]
pub struct AbuseLimits {
    /// Forms submitted sooner than this after they were first shown are refused.
    pub min_fill: Duration,
    /// Forms older than this are refused (their token expired).
    pub form_lifetime: Duration,
    /// Submissions per client key per hour.
    pub per_client_per_hour: u32,
    /// Submissions per minute across all clients.
    pub global_per_minute: u32,
    /// Wrong follow-up codes per client key per hour.
    pub followup_failures_per_hour: u32,
}

/// Staff sessions and login throttling.
#[derive(Clone, Debug)]
pub struct StaffSettings {
    /// A session unused for this long is ended.
    pub session_idle: Duration,
    /// A session this old is ended however active it is.
    pub session_absolute: Duration,
    /// Failed logins per account per hour before it is refused outright.
    pub login_failures_per_hour: u32,
    /// Failures per account before exponential back-off starts.
    pub login_backoff_after: u32,
    /// The first back-off delay; it doubles with every further failure.
    pub login_backoff_base: Duration,
    /// Failed logins per client key per hour.
    pub login_failures_per_client_per_hour: u32,
}

impl StaffSettings {
    fn read(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<Self, ConfigError> {
        Ok(Self {
            session_idle: env.secs("CANARY_SESSION_IDLE_SECONDS", "1800")?,
            session_absolute: env.secs("CANARY_SESSION_ABSOLUTE_SECONDS", "43200")?,
            login_failures_per_hour: env.num("CANARY_LOGIN_FAILURES_PER_HOUR", "100")?,
            login_backoff_after: env.num("CANARY_LOGIN_BACKOFF_AFTER", "5")?,
            login_backoff_base: env.secs("CANARY_LOGIN_BACKOFF_BASE_SECONDS", "2")?,
            login_failures_per_client_per_hour: env
                .num("CANARY_LOGIN_FAILURES_PER_CLIENT_PER_HOUR", "300")?,
        })
    }
}

/// Reads settings by name: the value or its default, parsed, with errors
/// naming the variable (each name is written once).
struct Env<F> {
    get: F,
}

impl<F: Fn(&str) -> Option<String>> Env<F> {
    fn text(&self, name: &str, default: &str) -> String {
        (self.get)(name).unwrap_or_else(|| default.to_owned())
    }

    fn num<T: std::str::FromStr>(&self, name: &'static str, default: &str) -> Result<T, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        parse(&self.text(name, default), name)
    }

    fn secs(&self, name: &'static str, default: &str) -> Result<Duration, ConfigError> {
        Ok(Duration::from_secs(self.num(name, default)?))
    }
}

#[derive(Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub database: DatabaseUrl,
    /// Server secret for HMACs (form tokens, follow-up codes). When unset
    /// the key file holds it (see [`crate::keyfile`]).
    pub secret: Option<Vec<u8>>,
    /// Where the key file is (default: `canary.key` beside the SQLite file).
    pub key_file: Option<std::path::PathBuf>,
    /// Also append each audit anchor line to this file.
    pub audit_anchor_file: Option<std::path::PathBuf>,
    /// Also mail each audit anchor to this address.
    pub audit_anchor_email: Option<String>,
    pub cookie_secure: bool,
    pub urgent_help: UrgentHelp,
    pub limits: AbuseLimits,
    pub staff: StaffSettings,
    /// Header holding the client address when behind a trusted proxy.
    pub client_ip_header: Option<String>,
    /// Peers whose `client_ip_header` is believed.
    pub trusted_proxies: TrustedProxies,
    pub workers: Option<usize>,
    pub db_pool_size: u32,
    pub mail: MailSettings,
    /// The sender of E2B(R3) exports.
    pub e2b: E2bSettings,
    /// When reports naming one lot or seller raise an alert.
    pub alerts: AlertSettings,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database", &self.database)
            .field("secret", &self.secret.as_ref().map(|_| "<set>"))
            .field("key_file", &self.key_file)
            .field("cookie_secure", &self.cookie_secure)
            .field("limits", &self.limits)
            .field("staff", &self.staff)
            .field("mail", &self.mail)
            .field("alerts", &self.alerts)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Read the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Read the configuration through `get` (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env { get };
        let get = &env.get;
        let bind = env.num("CANARY_BIND", "127.0.0.1:8080")?;
        let database = DatabaseUrl::parse(&env.text("CANARY_DATABASE_URL", "sqlite://canary.db"))?;
        let secret = match get("CANARY_SECRET") {
            Some(hex_secret) => {
                let bytes = hex::decode(hex_secret.trim()).map_err(|e| ConfigError::Invalid {
                    name: "CANARY_SECRET",
                    reason: e.to_string(),
                })?;
                if bytes.len() < 32 {
                    return Err(ConfigError::Invalid {
                        name: "CANARY_SECRET",
                        reason: "needs at least 32 bytes (64 hex digits)".into(),
                    });
                }
                Some(bytes)
            }
            None => None,
        };
        let limits = AbuseLimits {
            min_fill: env.secs("CANARY_MIN_FILL_SECONDS", "3")?,
            form_lifetime: Duration::from_secs(3600 * form_lifetime_hours(&env)?),
            per_client_per_hour: env.num("CANARY_SUBMIT_PER_CLIENT_PER_HOUR", "30")?,
            global_per_minute: env.num("CANARY_SUBMIT_GLOBAL_PER_MINUTE", "6000")?,
            followup_failures_per_hour: env.num("CANARY_FOLLOWUP_FAILURES_PER_HOUR", "10")?,
        };
        let client_ip_header = get("CANARY_CLIENT_IP_HEADER").filter(|h| !h.is_empty());
        let trusted_proxies = TrustedProxies::parse(&env.text("CANARY_TRUSTED_PROXIES", ""))?;
        if client_ip_header.is_some() && trusted_proxies.is_empty() {
            return Err(ConfigError::Invalid {
                name: "CANARY_CLIENT_IP_HEADER",
                reason: "set CANARY_TRUSTED_PROXIES to the proxies' addresses (e.g. 127.0.0.1 or 10.0.0.0/8): the header is believed only from them".into(),
            });
        }
        let workers = match get("CANARY_WORKERS") {
            Some(w) => Some(parse(&w, "CANARY_WORKERS")?),
            None => None,
        };
        let path = |name: &str| get(name).filter(|p| !p.is_empty()).map(Into::into);
        Ok(Self {
            bind,
            database,
            secret,
            key_file: path("CANARY_KEY_FILE"),
            audit_anchor_file: path("CANARY_AUDIT_ANCHOR_FILE"),
            audit_anchor_email: get("CANARY_AUDIT_ANCHOR_EMAIL").filter(|e| !e.is_empty()),
            cookie_secure: parse_bool(
                &env.text("CANARY_COOKIE_SECURE", "true"),
                "CANARY_COOKIE_SECURE",
            )?,
            urgent_help: UrgentHelp {
                emergency_number: env.text("CANARY_EMERGENCY_NUMBER", "911"),
                poison_help: env.text("CANARY_POISON_HELP", "1-800-222-1222"),
                region: env.text("CANARY_HELP_REGION", "US"),
            },
            limits,
            staff: StaffSettings::read(&env)?,
            client_ip_header,
            trusted_proxies,
            workers,
            db_pool_size: env.num("CANARY_DB_POOL_SIZE", "8")?,
            mail: MailSettings::read(&env)?,
            e2b: E2bSettings::read(&env),
            alerts: AlertSettings::read(&env)?,
        })
    }
}

/// At most 30 days: spent form tokens are remembered for 31.
fn form_lifetime_hours(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<u64, ConfigError> {
    let hours: u64 = env.num("CANARY_FORM_LIFETIME_HOURS", "24")?;
    if hours > 720 {
        return Err(ConfigError::Invalid {
            name: "CANARY_FORM_LIFETIME_HOURS",
            reason: "at most 720 (30 days)".into(),
        });
    }
    Ok(hours)
}

fn parse<T: std::str::FromStr>(value: &str, name: &'static str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value
        .trim()
        .parse()
        .map_err(|e: T::Err| ConfigError::Invalid {
            name,
            reason: e.to_string(),
        })
}

fn parse_bool(value: &str, name: &'static str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(ConfigError::Invalid {
            name,
            reason: format!("expected true or false, got {other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_schemes() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://canary.db").ok(),
            Some(DatabaseUrl::Sqlite("canary.db".into()))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        for typo in [
            "sqlite:/canary.db",
            "canary.db",
            "sqlit://x",
            "mysql://x",
            "sqlite://",
            "postgress://x",
        ] {
            assert!(DatabaseUrl::parse(typo).is_err(), "{typo} accepted");
        }
    }

    #[test]
    fn staff_defaults_follow_the_checklist() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.staff.session_idle, Duration::from_secs(30 * 60));
        assert_eq!(
            config.staff.session_absolute,
            Duration::from_secs(12 * 3600)
        );
        assert_eq!(config.staff.login_failures_per_hour, 100);
        assert!(config.cookie_secure);
    }

    #[test]
    fn security_review_2_client_ip_header_needs_trusted_proxies() {
        let header =
            |k: &str| (k == "CANARY_CLIENT_IP_HEADER").then(|| "X-Forwarded-For".to_owned());
        let err = Config::from_lookup(header).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("CANARY_TRUSTED_PROXIES")));
        let both = |k: &str| match k {
            "CANARY_CLIENT_IP_HEADER" => Some("X-Forwarded-For".to_owned()),
            "CANARY_TRUSTED_PROXIES" => Some("10.0.0.0/8, 127.0.0.1".to_owned()),
            _ => None,
        };
        assert!(Config::from_lookup(both).is_ok());
    }

    #[test]
    fn password_is_not_echoed() {
        let err = DatabaseUrl::parse("pgsql://user:hunter2@host/db")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
