//! Batch and seller alerts as the reviewers see them: the banner on the
//! triage queue and the page that asks again for a dismissal's reason.

use askama::Template;

use super::report::FormState;
use super::staff::StaffBar;
use super::Layout;
use crate::alerts::queue::OpenAlert;
use crate::alerts::AlertKind;

/// One open alert, ready to print.
pub struct AlertBanner {
    pub id: String,
    /// "lot" or "seller".
    pub noun: &'static str,
    pub label: String,
    pub count: usize,
    pub window_days: u16,
    pub cases: Vec<String>,
    pub raised: String,
    /// How the names were compared, in plain words.
    pub grouping: &'static str,
}

impl AlertBanner {
    pub fn new(alert: OpenAlert, window_days: u16) -> Self {
        let grouping = match alert.kind {
            AlertKind::Lot => "ignoring case, spaces, punctuation and a “Lot”/“Batch” label",
            AlertKind::Seller => {
                "ignoring case, spaces, punctuation, “www.”, “.com”-style endings and “LLC”, “Inc” or “Co”"
            }
        };
        Self {
            id: alert.id,
            noun: alert.kind.noun(),
            label: alert.label,
            count: alert.cases.len(),
            window_days,
            cases: alert.cases,
            raised: alert.raised_at.format("%Y-%m-%d").to_string(),
            grouping,
        }
    }
}

#[derive(Template)]
#[template(path = "review/alert_dismiss.html")]
pub struct DismissPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    pub a: AlertBanner,
}
