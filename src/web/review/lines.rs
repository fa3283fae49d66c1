//! Turning stored review rows into the lines the review pages print.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::db::audit::AuditRow;
use crate::db::review::{QueueLine, QueueProduct};
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};
use crate::review::queue::outcome_of;
use crate::views::review::{HistoryView, QueueRow};

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
    emails: &HashMap<String, String>,
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
        case_number: line.case_number,
    }
}

fn who(row: &AuditRow, emails: &HashMap<String, String>) -> String {
    match &row.actor_id {
        Some(id) => emails.get(id).cloned().unwrap_or_else(|| id.clone()),
        None if row.actor_role == "public" => "The reporter".to_owned(),
        None => row.actor_role.clone(),
    }
}

/// A value as a person reads it: statuses and criteria by label, accounts
/// by e-mail address.
fn readable(field: Option<&str>, value: Option<&str>, emails: &HashMap<String, String>) -> String {
    let Some(v) = value else {
        return "nothing".to_owned();
    };
    match field {
        Some("status") => status_label(v).to_owned(),
        Some("assigned_to") => emails.get(v).cloned().unwrap_or_else(|| v.to_owned()),
        Some("ich_seriousness") if v.is_empty() => "not serious".to_owned(),
        Some("ich_seriousness") => v
            .split(',')
            .filter_map(Outcome::from_code)
            .map(outcome_short)
            .collect::<Vec<_>>()
            .join(", "),
        _ => v.to_owned(),
    }
}

pub fn history_line(row: &AuditRow, emails: &HashMap<String, String>) -> HistoryView {
    let field = row.field.as_deref();
    let what = match (row.action.as_str(), field) {
        ("view", _) => "Opened the case".to_owned(),
        ("submit", _) => "Report received".to_owned(),
        ("note", _) => "Added a note".to_owned(),
        ("followup", _) => "Follow-up added".to_owned(),
        (_, Some(f)) => format!(
            "Changed {}: {} → {}",
            f.replace('_', " "),
            readable(field, row.old_value.as_deref(), emails),
            readable(field, row.new_value.as_deref(), emails)
        ),
        (action, None) => action.replace('_', " "),
    };
    HistoryView {
        at: when(&row.at_utc),
        who: who(row, emails),
        what,
        reason: row.reason.clone(),
    }
}
