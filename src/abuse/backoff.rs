//! Per client-and-target back-off (e.g. one client's wrong follow-up codes
//! for one case): after a few failures each further try waits twice as long
//! as the last, up to a cap. Only the failing client waits; the target's
//! owner, trying from elsewhere, never does.

use std::time::{Duration, Instant};

use super::RetryAfter;

/// Failures forgotten after an hour without one.
const FORGET: Duration = Duration::from_secs(3600);
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

/// How back-off grows.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures allowed before the first wait.
    pub free: u32,
    /// The first wait; it doubles with every further failure.
    pub base: Duration,
}

#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    failures: u32,
    last: Instant,
    until: Option<Instant>,
}

impl Backoff {
    pub fn new(now: Instant) -> Self {
        Self {
            failures: 0,
            last: now,
            until: None,
        }
    }

    fn fresh(&mut self, now: Instant) {
        if now.duration_since(self.last) >= FORGET {
            *self = Self::new(now);
        }
    }

    /// Refused while a wait runs.
    pub fn allowed(&mut self, now: Instant) -> Result<(), RetryAfter> {
        self.fresh(now);
        match self.until.filter(|u| *u > now) {
            Some(until) => {
                let left = until.duration_since(now);
                Err(RetryAfter(left.as_millis().div_ceil(1000).max(1) as u64))
            }
            None => Ok(()),
        }
    }

    pub fn failed(&mut self, now: Instant, policy: Policy) {
        self.fresh(now);
        self.failures = self.failures.saturating_add(1);
        self.last = now;
        if self.failures >= policy.free {
            let doublings = (self.failures - policy.free).min(20);
            let wait = policy.base.saturating_mul(1 << doublings).min(MAX_WAIT);
            self.until = Some(now + wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_the_free_failures() {
        let policy = Policy {
            free: 2,
            base: Duration::from_secs(10),
        };
        let t0 = Instant::now();
        let mut b = Backoff::new(t0);
        b.failed(t0, policy);
        assert!(b.allowed(t0).is_ok());
        b.failed(t0, policy);
        assert_eq!(b.allowed(t0), Err(RetryAfter(10)));
        let t1 = t0 + Duration::from_secs(11);
        assert!(b.allowed(t1).is_ok());
        b.failed(t1, policy);
        assert_eq!(b.allowed(t1), Err(RetryAfter(20)));
        assert!(b.allowed(t1 + FORGET).is_ok(), "forgotten after an hour");
    }
}
