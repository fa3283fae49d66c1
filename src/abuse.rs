//! Self-hosted spam and flood control for the public pages: per-client and
//! global submission limits, and failure limits for follow-up codes (per
//! client, and per client and case with back-off) and staff logins.
//!
//! Clients are keyed by an HMAC of their address prefix under a random key
//! that lives only in memory and is replaced every 24 hours; the buckets go
//! with it. Addresses are never stored or logged.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::AbuseLimits;
use crate::crypto;

mod backoff;
use backoff::{Backoff, Policy};

/// Wrong follow-up codes for one case from one client before it must wait.
const CODE_FREE_FAILURES: u32 = 5;
const CODE_FIRST_WAIT: Duration = Duration::from_secs(60);

const DAY: Duration = Duration::from_secs(24 * 3600);
const HOUR: Duration = Duration::from_secs(3600);
const MINUTE: Duration = Duration::from_secs(60);
/// Password-reset requests per client key per hour (any address typed).
const RESET_REQUESTS_PER_HOUR: u32 = 10;

/// An opaque, short-lived client key (never an address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey([u8; 16]);

/// Refused: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

impl Window {
    /// Count one event in a fixed window of `length`; refuse over `limit`.
    fn hit(
        slot: &mut Option<Window>,
        now: Instant,
        length: Duration,
        limit: u32,
    ) -> Result<(), RetryAfter> {
        let w = slot.get_or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(w.started) >= length {
            *w = Window {
                started: now,
                count: 0,
            };
        }
        if w.count >= limit {
            let left = length.saturating_sub(now.duration_since(w.started));
            return Err(RetryAfter(left.as_secs().max(1)));
        }
        w.count += 1;
        Ok(())
    }
}

struct State {
    key: [u8; 32],
    key_born: Instant,
    submissions: HashMap<ClientKey, Option<Window>>,
    failures: HashMap<ClientKey, Option<Window>>,
    login_failures: HashMap<ClientKey, Option<Window>>,
    reset_requests: HashMap<ClientKey, Option<Window>>,
    /// Per client and case (an HMAC of the case number under the key).
    code_backoff: HashMap<(ClientKey, [u8; 16]), Backoff>,
    global: Option<Window>,
}

pub struct Limiter {
    limits: AbuseLimits,
    state: Mutex<State>,
}

impl Limiter {
    pub fn new(limits: AbuseLimits) -> Self {
        Self {
            limits,
            state: Mutex::new(State {
                key: crypto::random_bytes(),
                key_born: Instant::now(),
                submissions: HashMap::new(),
                failures: HashMap::new(),
                login_failures: HashMap::new(),
                reset_requests: HashMap::new(),
                code_backoff: HashMap::new(),
                global: None,
            }),
        }
    }

    pub fn limits(&self) -> &AbuseLimits {
        &self.limits
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut State, Instant) -> T) -> T {
        let now = Instant::now();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if now.duration_since(state.key_born) >= DAY {
            rotate(&mut state, now);
        }
        f(&mut state, now)
    }

    /// The key for a client address: IPv4 /32, IPv6 /64.
    pub fn client_key(&self, addr: Option<IpAddr>) -> ClientKey {
        let prefix: Vec<u8> = match addr {
            Some(IpAddr::V4(v4)) => v4.octets().to_vec(),
            Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.octets().to_vec(),
                None => v6.octets()[..8].to_vec(),
            },
            None => Vec::new(),
        };
        self.with_state(|state, _| {
            let mac = crypto::hmac(&state.key, &[&prefix]);
            let mut key = [0u8; 16];
            key.copy_from_slice(&mac[..16]);
            ClientKey(key)
        })
    }

    /// Count a submission from `client`; refuse over the per-client or global cap.
    pub fn submission(&self, client: ClientKey) -> Result<(), RetryAfter> {
        let limits = self.limits.clone();
        self.with_state(|state, now| {
            Window::hit(&mut state.global, now, MINUTE, limits.global_per_minute)?;
            let slot = state.submissions.entry(client).or_insert(None);
            Window::hit(slot, now, HOUR, limits.per_client_per_hour)
        })
    }

    /// Whether `client` may try a follow-up code for `case` now: under its
    /// hourly failures, and not waiting after wrong codes for this case.
    /// Only this client waits: the reporter, elsewhere, is never locked out.
    pub fn followup_allowed(&self, client: ClientKey, case: &str) -> Result<(), RetryAfter> {
        let limit = self.limits.followup_failures_per_hour;
        self.with_state(|state, now| {
            under(state.failures.get(&client), now, limit)?;
            let target = target(state, case);
            match state.code_backoff.get_mut(&(client, target)) {
                Some(b) => b.allowed(now),
                None => Ok(()),
            }
        })
    }

    /// Whether `client` may try a staff login now (at most `limit` failures an hour).
    pub fn login_allowed(&self, client: ClientKey, limit: u32) -> Result<(), RetryAfter> {
        self.with_state(|state, now| under(state.login_failures.get(&client), now, limit))
    }

    /// Record a failed staff login from `client`.
    pub fn login_failed(&self, client: ClientKey) {
        self.with_state(|state, now| {
            let slot = state.login_failures.entry(client).or_insert(None);
            let _ = Window::hit(slot, now, HOUR, u32::MAX);
        });
    }

    /// Count a password-reset request from `client`; refuse over the hourly cap.
    pub fn reset_request(&self, client: ClientKey) -> Result<(), RetryAfter> {
        self.with_state(|state, now| {
            let slot = state.reset_requests.entry(client).or_insert(None);
            Window::hit(slot, now, HOUR, RESET_REQUESTS_PER_HOUR)
        })
    }

    /// Record a wrong follow-up code for `case` from `client`.
    pub fn followup_failed(&self, client: ClientKey, case: &str) {
        self.with_state(|state, now| {
            let slot = state.failures.entry(client).or_insert(None);
            let _ = Window::hit(slot, now, HOUR, u32::MAX);
            let target = target(state, case);
            let policy = Policy {
                free: CODE_FREE_FAILURES,
                base: CODE_FIRST_WAIT,
            };
            state
                .code_backoff
                .entry((client, target))
                .or_insert_with(|| Backoff::new(now))
                .failed(now, policy);
        });
    }

    /// A right code from `client` for `case`: its back-off there ends.
    pub fn followup_succeeded(&self, client: ClientKey, case: &str) {
        self.with_state(|state, _| {
            let target = target(state, case);
            state.code_backoff.remove(&(client, target));
        });
    }

    /// Replace the key now (also done every 24 hours); old buckets are dropped.
    pub fn rotate_now(&self) {
        self.with_state(rotate);
    }

    /// Number of clients currently tracked (for tests of rotation).
    pub fn tracked_clients(&self) -> usize {
        self.with_state(|state, _| {
            state.submissions.len()
                + state.failures.len()
                + state.login_failures.len()
                + state.reset_requests.len()
                + state.code_backoff.len()
        })
    }
}

/// The opaque key of a target (e.g. a case number) under this day's key.
fn target(state: &State, name: &str) -> [u8; 16] {
    let mac = crypto::hmac(
        &state.key,
        &[b"target", name.trim().to_ascii_uppercase().as_bytes()],
    );
    let mut key = [0u8; 16];
    key.copy_from_slice(&mac[..16]);
    key
}

/// Refuse when the hour's failure window already holds `limit` failures.
fn under(slot: Option<&Option<Window>>, now: Instant, limit: u32) -> Result<(), RetryAfter> {
    match slot.copied().flatten() {
        Some(w) if now.duration_since(w.started) < HOUR && w.count >= limit => Err(RetryAfter(
            HOUR.saturating_sub(now.duration_since(w.started))
                .as_secs()
                .max(1),
        )),
        _ => Ok(()),
    }
}

fn rotate(state: &mut State, now: Instant) {
    state.key = crypto::random_bytes();
    state.key_born = now;
    state.submissions = HashMap::new();
    state.failures = HashMap::new();
    state.login_failures = HashMap::new();
    state.reset_requests = HashMap::new();
    state.code_backoff = HashMap::new();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_client: u32, global: u32) -> AbuseLimits {
        AbuseLimits {
            min_fill: Duration::ZERO,
            form_lifetime: DAY,
            per_client_per_hour: per_client,
            global_per_minute: global,
            followup_failures_per_hour: 2,
        }
    }

    #[test]
    fn per_client_limit_leaves_others_alone() {
        let limiter = Limiter::new(limits(2, 100));
        let a = limiter.client_key(Some("10.0.0.1".parse().unwrap_or(IpAddr::from([0; 4]))));
        let b = limiter.client_key(Some("10.0.0.2".parse().unwrap_or(IpAddr::from([0; 4]))));
        assert!(limiter.submission(a).is_ok());
        assert!(limiter.submission(a).is_ok());
        assert!(matches!(limiter.submission(a), Err(RetryAfter(s)) if s > 0));
        assert!(limiter.submission(b).is_ok());
    }

    #[test]
    fn check_35_rotation_forgets_every_bucket_and_the_key() {
        let limiter = Limiter::new(limits(1, 100));
        let ip = Some(IpAddr::from([192, 0, 2, 1]));
        let before = limiter.client_key(ip);
        assert!(limiter.submission(before).is_ok());
        assert!(limiter.submission(before).is_err());
        limiter.rotate_now();
        assert_eq!(limiter.tracked_clients(), 0);
        let after = limiter.client_key(ip);
        assert_ne!(before, after, "keys are unlinkable across rotations");
        assert!(limiter.submission(after).is_ok());
    }

    #[test]
    fn check_27_global_cap_releases_after_its_minute() {
        let limiter = Limiter::new(limits(1000, 3));
        let clients: Vec<ClientKey> = (1..=8)
            .map(|i| limiter.client_key(Some(IpAddr::from([127, 0, 0, i]))))
            .collect();
        let answers: Vec<_> = clients.iter().map(|c| limiter.submission(*c)).collect();
        assert_eq!(answers.iter().filter(|a| a.is_ok()).count(), 3);
        for a in &answers[3..] {
            assert!(
                matches!(a, Err(RetryAfter(s)) if (1..=60).contains(s)),
                "{a:?}"
            );
        }
        // A minute later the cap has released.
        {
            let mut state = limiter.state.lock().unwrap_or_else(|p| p.into_inner());
            let w = state.global.as_mut().map(|w| &mut w.started);
            if let Some(started) = w {
                *started = started
                    .checked_sub(MINUTE + Duration::from_secs(1))
                    .unwrap_or(*started);
            }
        }
        assert!(limiter.submission(clients[7]).is_ok());
        assert!(limiter.submission(clients[6]).is_ok());
    }
}
