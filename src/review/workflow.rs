//! The case workflow: which status may follow which, and what a reviewer's
//! status form becomes once parsed. Every change carries a reason; asking
//! the reporter needs the question, forwarding needs the recipient and the
//! day, marking a duplicate needs the case it repeats.
//!
//! new → in review → needs information ⇄ in review → assessed → forwarded
//! → closed; spam, not a report and duplicate from any open status; closed,
//! spam, not a report and duplicate can be reopened (back to in review).

use chrono::NaiveDate;

use super::StaffText;
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;
use crate::report::options::{ClosedList, ReportStatus};

use ReportStatus as S;

pub const MAX_REASON: usize = 1000;
pub const MAX_QUESTION: usize = 2000;
pub const MAX_RECIPIENT: usize = 200;
pub const MAX_REFERENCE: usize = 100;

/// The statuses a case in `from` may move to, in the order a reviewer
/// usually wants them.
pub fn next_statuses(from: ReportStatus) -> &'static [ReportStatus] {
    match from {
        S::New => &[
            S::InReview,
            S::NeedsInfo,
            S::Spam,
            S::NotAReport,
            S::Duplicate,
        ],
        S::InReview => &[
            S::NeedsInfo,
            S::Assessed,
            S::Spam,
            S::NotAReport,
            S::Duplicate,
        ],
        S::NeedsInfo => &[S::InReview, S::Spam, S::NotAReport, S::Duplicate],
        S::Assessed => &[S::Forwarded, S::Closed, S::InReview, S::Duplicate],
        S::Forwarded => &[S::Forwarded, S::Closed, S::InReview],
        S::Closed | S::Spam | S::NotAReport | S::Duplicate => &[S::InReview],
    }
}

pub fn allowed(from: ReportStatus, to: ReportStatus) -> bool {
    next_statuses(from).contains(&to)
}

/// Statuses still waiting for a reviewer; the queue shows these by default.
pub const OPEN: [ReportStatus; 4] = [S::New, S::InReview, S::NeedsInfo, S::Assessed];

/// A case forwarded to someone outside Canary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    pub recipient: StaffText,
    pub sent_on: NaiveDate,
    pub reference: Option<StaffText>,
}

/// What the change needs besides the new status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    Question(StaffText),
    Forward(Forward),
    DuplicateOf(CaseNumber),
}

/// A parsed, allowed status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub from: ReportStatus,
    pub to: ReportStatus,
    pub detail: Detail,
    pub reason: StaffText,
}

/// Parse the status form (`to`, `reason`, and `question` | `recipient`,
/// `sent_on`, `reference` | `duplicate_of`) for a case now in `from`.
pub fn parse(
    form: &RawForm,
    from: ReportStatus,
    today: NaiveDate,
) -> Result<StatusChange, FieldErrors> {
    let mut errors = FieldErrors::default();
    let to = match ReportStatus::from_code(form.get("to")) {
        Some(to) if allowed(from, to) => Some(to),
        Some(to) => {
            errors.add(
                "to",
                format!(
                    "A case that is “{}” cannot move to “{}”.",
                    from.label(),
                    to.label()
                ),
            );
            None
        }
        None => {
            errors.add("to", "Choose the new status.");
            None
        }
    };
    let reason = StaffText::required(
        form.get("reason"),
        MAX_REASON,
        true,
        "Give a reason for this change; it goes into the audit trail.",
    )
    .map_err(|m| errors.add("reason", m))
    .ok();
    let detail = match to {
        Some(S::NeedsInfo) => StaffText::required(
            form.get("question"),
            MAX_QUESTION,
            true,
            "Write the question the reporter will see on their follow-up page.",
        )
        .map(Detail::Question)
        .map_err(|m| errors.add("question", m))
        .ok(),
        Some(S::Forwarded) => parse_forward(form, today, &mut errors).map(Detail::Forward),
        Some(S::Duplicate) => {
            let case = form.get("duplicate_of").trim().to_ascii_uppercase();
            if case.is_empty() {
                errors.add(
                    "duplicate_of",
                    "Enter the case number this report repeats, like CAN-2026-000123.",
                );
                None
            } else if let Some(case) = CaseNumber::parse(&case) {
                Some(Detail::DuplicateOf(case))
            } else {
                errors.add(
                    "duplicate_of",
                    "That is not a case number; they look like CAN-2026-000123.",
                );
                None
            }
        }
        Some(_) => Some(Detail::None),
        None => None,
    };
    match (to, reason, detail) {
        (Some(to), Some(reason), Some(detail)) if errors.is_empty() => Ok(StatusChange {
            from,
            to,
            detail,
            reason,
        }),
        _ => Err(errors),
    }
}

fn parse_forward(form: &RawForm, today: NaiveDate, errors: &mut FieldErrors) -> Option<Forward> {
    let recipient = StaffText::required(
        form.get("recipient"),
        MAX_RECIPIENT,
        false,
        "Say who the case was sent to, for example “FDA MedWatch” or “State poison center”.",
    )
    .map_err(|m| errors.add("recipient", m))
    .ok();
    let sent_on = match NaiveDate::parse_from_str(form.get("sent_on").trim(), "%Y-%m-%d") {
        Ok(d) if d > today => {
            errors.add("sent_on", "The day it was sent cannot be in the future.");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(
                "sent_on",
                "Enter the day it was sent as year-month-day, like 2026-11-27.",
            );
            None
        }
    };
    let reference = StaffText::parse(form.get("reference"), MAX_REFERENCE, false)
        .map_err(|m| errors.add("reference", m))
        .ok()?;
    Some(Forward {
        recipient: recipient?,
        sent_on: sent_on?,
        reference,
    })
}

/// `CAN-2026-000123`-shaped (or a synthetic `SYN-…` case).
pub fn looks_like_case_number(s: &str) -> bool {
    crate::ids::well_formed(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        let mut f = RawForm::default();
        for (k, v) in pairs {
            f.set(*k, *v);
        }
        f
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn every_status_can_be_left_and_terminal_ones_reopen() {
        for s in ReportStatus::all() {
            assert!(!next_statuses(*s).is_empty(), "{s:?} is a dead end");
        }
        for s in [S::Closed, S::Spam, S::NotAReport, S::Duplicate] {
            assert_eq!(next_statuses(s), &[S::InReview]);
        }
        assert!(!allowed(S::New, S::Assessed), "assess only after review");
        assert!(!allowed(S::New, S::Closed));
        assert!(allowed(S::Forwarded, S::Forwarded), "sent to a second body");
    }

    #[test]
    fn reason_is_always_required() {
        let errors = parse(&form(&[("to", "in_review")]), S::New, today()).unwrap_err();
        assert!(errors.get("reason").is_some());
    }

    #[test]
    fn a_question_is_required_to_ask_the_reporter() {
        let f = form(&[("to", "needs_info"), ("reason", "no dose")]);
        let errors = parse(&f, S::InReview, today()).unwrap_err();
        assert!(errors.get("question").unwrap().contains("question"));
        let f = form(&[
            ("to", "needs_info"),
            ("reason", "no dose"),
            ("question", "How much did you take?"),
        ]);
        let change = parse(&f, S::InReview, today()).unwrap();
        assert!(
            matches!(change.detail, Detail::Question(q) if q.as_str() == "How much did you take?")
        );
    }

    #[test]
    fn forwarding_needs_recipient_and_a_past_day() {
        let f = form(&[
            ("to", "forwarded"),
            ("reason", "serious"),
            ("sent_on", "2026-11-28"),
        ]);
        let errors = parse(&f, S::Assessed, today()).unwrap_err();
        assert!(errors.get("recipient").is_some());
        assert!(errors.get("sent_on").unwrap().contains("future"));
        let f = form(&[
            ("to", "forwarded"),
            ("reason", "serious"),
            ("recipient", "FDA MedWatch"),
            ("sent_on", "2026-11-27"),
            ("reference", "MW-123"),
        ]);
        let change = parse(&f, S::Assessed, today()).unwrap();
        let Detail::Forward(fw) = change.detail else {
            panic!("not a forward")
        };
        assert_eq!(fw.recipient.as_str(), "FDA MedWatch");
        assert_eq!(fw.reference.unwrap().as_str(), "MW-123");
    }

    #[test]
    fn refused_transitions_and_case_numbers_are_named() {
        let f = form(&[("to", "closed"), ("reason", "x")]);
        let errors = parse(&f, S::New, today()).unwrap_err();
        assert!(errors.get("to").unwrap().contains("cannot move"));
        let f = form(&[
            ("to", "duplicate"),
            ("reason", "x"),
            ("duplicate_of", "123"),
        ]);
        assert!(parse(&f, S::New, today()).is_err());
        let f = form(&[
            ("to", "duplicate"),
            ("reason", "x"),
            ("duplicate_of", " can-2026-000001 "),
        ]);
        let change = parse(&f, S::New, today()).unwrap();
        assert_eq!(
            change.detail,
            Detail::DuplicateOf(CaseNumber::parse("CAN-2026-000001").unwrap())
        );
    }
}
