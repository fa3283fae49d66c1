//! Batch and seller alerts: how many reports naming one lot or seller, within
//! how many days, raise an alert on the reviewers' queue.

use chrono::TimeDelta;

use super::{ConfigError, Env};

/// Days a group of reports is counted over (`CANARY_ALERT_WINDOW_DAYS`, 1–365).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowDays(u16);

impl WindowDays {
    pub fn new(days: u16) -> Option<Self> {
        (1..=365).contains(&days).then_some(Self(days))
    }

    pub fn get(self) -> u16 {
        self.0
    }

    pub fn span(self) -> TimeDelta {
        TimeDelta::days(i64::from(self.0))
    }
}

/// Reports that raise an alert (`CANARY_ALERT_MIN_REPORTS`, 2–1000): fewer
/// would make every lot an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinReports(u16);

impl MinReports {
    pub fn new(n: u16) -> Option<Self> {
        (2..=1000).contains(&n).then_some(Self(n))
    }

    pub fn get(self) -> usize {
        usize::from(self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertSettings {
    pub window: WindowDays,
    pub min_reports: MinReports,
}

impl Default for AlertSettings {
    /// Three reports in 30 days.
    fn default() -> Self {
        Self {
            window: WindowDays(30),
            min_reports: MinReports(3),
        }
    }
}

impl AlertSettings {
    pub(super) fn read<F: Fn(&str) -> Option<String>>(env: &Env<F>) -> Result<Self, ConfigError> {
        const WINDOW: &str = "CANARY_ALERT_WINDOW_DAYS";
        const MIN: &str = "CANARY_ALERT_MIN_REPORTS";
        let window =
            WindowDays::new(env.num(WINDOW, "30")?).ok_or_else(|| ConfigError::Invalid {
                name: WINDOW,
                reason: "from 1 to 365 days".into(),
            })?;
        let min_reports =
            MinReports::new(env.num(MIN, "3")?).ok_or_else(|| ConfigError::Invalid {
                name: MIN,
                reason: "from 2 to 1000 reports".into(),
            })?;
        Ok(Self {
            window,
            min_reports,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<AlertSettings, ConfigError> {
        let env = Env {
            get: |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            },
        };
        AlertSettings::read(&env)
    }

    #[test]
    fn defaults_are_three_reports_in_thirty_days() {
        let s = read(&[]).unwrap();
        assert_eq!(s, AlertSettings::default());
        assert_eq!((s.window.get(), s.min_reports.get()), (30, 3));
    }

    #[test]
    fn out_of_range_settings_are_refused() {
        for (name, value) in [
            ("CANARY_ALERT_WINDOW_DAYS", "0"),
            ("CANARY_ALERT_WINDOW_DAYS", "366"),
            ("CANARY_ALERT_WINDOW_DAYS", "a week"),
            ("CANARY_ALERT_MIN_REPORTS", "1"),
            ("CANARY_ALERT_MIN_REPORTS", "-3"),
        ] {
            let err = read(&[(name, value)]).err().map(|e| e.to_string());
            assert!(err.is_some_and(|e| e.contains(name)), "{name}={value}");
        }
        let s = read(&[
            ("CANARY_ALERT_WINDOW_DAYS", "7"),
            ("CANARY_ALERT_MIN_REPORTS", "5"),
        ])
        .unwrap();
        assert_eq!((s.window.get(), s.min_reports.get()), (7, 5));
    }
}
