//! The FDA report type of a case (E2B C.1.7 and FDA.C.1.7.1) as a rule:
//! the two types, Canary's proposal for a serious or non-serious case, and
//! a reviewer's decision parsed and checked. Storing it is
//! [`super::expedited`]'s job.

use chrono::NaiveDateTime;

use super::queue::NOT_SERIOUS_RANK;
use super::record::CaseHeader;
use super::StaffText;
use crate::form::FieldErrors;
use crate::report::options::{closed_list, ClosedList};

closed_list!(
    /// FDA.C.1.7.1: the report type a reviewer chose.
    ReportType {
        FifteenDay = "15-day" => "15-day expedited report",
        NonExpedited = "non-expedited" => "Not expedited (non-expedited report)",
    }
);

impl ReportType {
    /// C.1.7: "does this case meet the local criteria for an expedited report?"
    pub fn expedited(self) -> bool {
        self == Self::FifteenDay
    }

    /// Canary's proposal for a case that is (or is not) serious.
    pub fn proposed(serious: bool) -> Self {
        if serious {
            Self::FifteenDay
        } else {
            Self::NonExpedited
        }
    }
}

/// A decision as stored: what, why (when given), by whom and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub report_type: ReportType,
    pub reason: Option<String>,
    pub by: crate::ids::UserId,
    pub at: NaiveDateTime,
}

/// Whether the case counts as serious for the proposal: the reviewer's
/// confirmed ICH criteria, else the reporter's outcomes (what the E2B file
/// sends as the case's seriousness).
pub fn serious(h: &CaseHeader) -> bool {
    match &h.ich_seriousness {
        Some(codes) => codes.split(',').any(|c| !c.is_empty()),
        None => h.seriousness_rank < NOT_SERIOUS_RANK,
    }
}

/// What the reviewer sent: a report type and an optional reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub report_type: ReportType,
    pub reason: Option<StaffText>,
}

impl Decision {
    /// Parse the case page's fields `report_type` and `expedited_reason`.
    pub fn parse(report_type: &str, reason: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let report_type = ReportType::from_code(report_type);
        if report_type.is_none() {
            errors.add(
                "report_type",
                "Choose whether this case is a 15-day expedited report or not.",
            );
        }
        let reason = match StaffText::parse(reason, super::workflow::MAX_REASON, true) {
            Ok(r) => r,
            Err(message) => {
                errors.add("expedited_reason", message);
                None
            }
        };
        match report_type {
            Some(report_type) if errors.is_empty() => Ok(Self {
                report_type,
                reason,
            }),
            _ => Err(errors),
        }
    }

    /// A decision against Canary's proposal needs its reason.
    pub fn check(&self, serious: bool) -> Result<(), FieldErrors> {
        if self.reason.is_some() || self.report_type == ReportType::proposed(serious) {
            return Ok(());
        }
        let mut errors = FieldErrors::default();
        errors.add(
            "expedited_reason",
            if serious {
                "The case is serious, so Canary proposes a 15-day report: say why it is not expedited."
            } else {
                "The case is not serious, so Canary proposes a non-expedited report: say why it is a 15-day report."
            },
        );
        Err(errors)
    }
}
