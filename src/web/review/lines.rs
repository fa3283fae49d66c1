//! Turning stored review rows into the lines the review pages print.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::ids::UserId;
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};
use crate::review::queue::{outcome_of, QueueLine, QueueProduct};
use crate::views::review::QueueRow;

/// Short labels for the seriousness column (the reporter's wording is long).
pub fn outcome_short(o: Outcome) -> &'static str {
    match o {
        Outcome::Death => "Death",
        Outcome::LifeThreatening => "Life-threatening",
        Outcome::Hospitalised => "Hospitalisation",
        Outcome::Disability => "Disability",
        Outcome::BirthDefect => "Congenital anomaly",
        Outcome::Intervention => "Required intervention",
        Outcome::OtherSerious => "Other serious (important medical event)",
    }
}

pub fn rank_label(rank: i32) -> &'static str {
    outcome_of(rank).map_or("Not serious", outcome_short)
}

pub fn status_label(code: &str) -> &'static str {
    ReportStatus::from_code(code).map_or("Unknown", ClosedList::label)
}

pub fn when(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "today", "1 day", "12 days".
fn waiting(since: NaiveDateTime, now: NaiveDateTime) -> String {
    match (now - since).num_days() {
        d if d < 1 => "today".to_owned(),
        1 => "1 day".to_owned(),
        d => format!("{d} days"),
    }
}

fn product_names(products: &[QueueProduct]) -> String {
    if products.is_empty() {
        return "—".to_owned();
    }
    products
        .iter()
        .map(|(substance, other, brand)| {
            let kind = Substance::from_code(substance).map_or("Unknown", ClosedList::label);
            match (brand, other) {
                (Some(b), _) => format!("{b} ({kind})"),
                (None, Some(o)) => o.clone(),
                (None, None) => kind.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn queue_row(
    line: QueueLine,
    products: &[QueueProduct],
    emails: &HashMap<UserId, String>,
    now: NaiveDateTime,
) -> QueueRow {
    QueueRow {
        received: line.received_at.format("%Y-%m-%d").to_string(),
        waiting: waiting(line.received_at, now),
        seriousness: rank_label(line.queue_rank),
        confirmed: line.ich_seriousness.is_some(),
        serious: outcome_of(line.queue_rank).is_some(),
        status: status_label(&line.status),
        products: product_names(products),
        assigned: line
            .assigned_to
            .and_then(|id| emails.get(&id).cloned())
            .unwrap_or_else(|| "—".to_owned()),
        emergency: line.emergency,
        new_information: false,
        possible_duplicate: false,
        case_number: line.case_number.into_string(),
    }
}
