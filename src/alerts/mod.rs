//! Early warning of bad batches and sellers: when reports naming the same
//! lot, or the same seller (shop or website, normalised by [`key`]), reach
//! `CANARY_ALERT_MIN_REPORTS` within `CANARY_ALERT_WINDOW_DAYS`, an alert
//! listing the cases shows on the reviewers' queue and is e-mailed to the
//! reviewers who asked for alerts. One alert per lot or seller: more reports
//! update it; a reviewer may dismiss it with a reason, and reports arriving
//! after the dismissal raise it again. Everything is audited.
//!
//! Alerts are raised by a background scan ([`watch`]) after the report is
//! committed, never on the submission's path.

pub mod dismiss;
pub mod group;
pub mod key;
pub mod queue;
pub mod scan;
pub mod watch;

pub use key::{lot_key, seller_key, AlertKey, AlertKind};
pub use watch::Bell;
