//! Audit events about a case in plain words: what the History panel and the
//! audit page print for each action (exports name the format, sends say
//! where they went, codings name the term), and the page views of a case
//! summarised per person instead of one line per view.

use std::collections::HashMap;

use crate::audit::stored::AuditRow;
use crate::report::options::{ClosedList, Outcome};
use crate::review::causality::{NaranjoBand, WhoUmc};
use crate::review::report_type::ReportType;
use crate::review::terms::ReactionTerm;
use crate::views::review::{HistoryView, ViewSummary};

use super::lines::{outcome_short, status_label, when};

/// Who did it: a staff member by e-mail address, the reporter, or the role.
pub fn who(row: &AuditRow, emails: &HashMap<String, String>) -> String {
    match &row.actor_id {
        Some(id) => emails.get(id).cloned().unwrap_or_else(|| id.clone()),
        None if row.actor_role == "public" => "The reporter".to_owned(),
        None if row.actor_role == "cli" => "Command line".to_owned(),
        None => row.actor_role.clone(),
    }
}

/// An export format code as recorded, in words.
fn format_words(code: &str) -> String {
    match code {
        "e2b-r3" => "E2B(R3) XML".to_owned(),
        "fhir-r4" => "FHIR R4 Bundle".to_owned(),
        "fhir-r5" => "FHIR R5 Bundle".to_owned(),
        "medwatch-3500b-html" => "MedWatch answer sheet (Form 3500B)".to_owned(),
        "medwatch-3500b-pdf" => "MedWatch answer sheet (Form 3500B) as PDF".to_owned(),
        "medwatch-3500-html" => "MedWatch Form 3500".to_owned(),
        "medwatch-3500-pdf" => "MedWatch Form 3500 as PDF".to_owned(),
        "poison-center-html" => "poison-center summary".to_owned(),
        "poison-center-pdf" => "poison-center summary as PDF".to_owned(),
        "poison-center-text" => "poison-center summary (to send)".to_owned(),
        other => other.replace('-', " "),
    }
}

fn criteria_words(codes: Option<&str>) -> String {
    match codes {
        None => "not yet confirmed".to_owned(),
        Some("") => "not serious".to_owned(),
        Some(codes) => codes
            .split(',')
            .filter_map(Outcome::from_code)
            .map(outcome_short)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// `key=value; key=value` as stored for codings and assessments.
fn part<'a>(described: &'a str, key: &str) -> Option<&'a str> {
    described
        .split("; ")
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

fn coding_words(described: Option<&str>) -> String {
    let Some(d) = described else {
        return "nothing".to_owned();
    };
    let term = part(d, "term").map_or("?", |c| ReactionTerm::from_code(c).map_or(c, |t| t.label()));
    // `meddra=CODE` or, since codes carry their release, `meddra=CODE (MedDRA V)`.
    match part(d, "meddra").filter(|m| !m.is_empty()) {
        Some(m) => match m.split_once(" (MedDRA ") {
            Some((code, version)) => format!(
                "{term} (MedDRA {code}, version {})",
                version.trim_end_matches(')')
            ),
            None => format!("{term} (MedDRA {m})"),
        },
        None => term.to_owned(),
    }
}

fn causality_words(described: &str) -> String {
    let who =
        part(described, "who_umc").map_or("?", |c| WhoUmc::from_code(c).map_or(c, |w| w.label()));
    let score = part(described, "score").unwrap_or("?");
    let score = score.split(' ').next().unwrap_or(score);
    let band = part(described, "score")
        .and_then(|s| s.split(['(', ')']).nth(1))
        .map_or("?", |b| NaranjoBand::from_code(b).map_or(b, |n| n.label()));
    format!("WHO-UMC {who}; Naranjo score {score} ({band})")
}

/// An FDA report type as recorded, in words.
fn report_type_words(code: Option<&str>) -> &str {
    match code {
        None => "not decided",
        Some(c) => ReportType::from_code(c).map_or(c, |t| t.label()),
    }
}

fn or_nothing(v: Option<&str>) -> &str {
    v.unwrap_or("nothing")
}

/// One event in words.
pub fn describe(row: &AuditRow, emails: &HashMap<String, String>) -> String {
    let old = row.old_value.as_deref();
    let new = row.new_value.as_deref();
    match row.action.as_str() {
        "view" => "Opened the case".to_owned(),
        "submit" | "report_created" | "report_received" => "Report received".to_owned(),
        "narrative_confirmed" => {
            "Confirmed the narrative identifies no one (Safe Harbor files may carry it)".to_owned()
        }
        "npds_coded" => format!(
            "Set the poison-center {}: {}",
            row.field.as_deref().unwrap_or("coding").replace('_', " "),
            or_nothing(new).replace('_', " ")
        ),
        "narrative_viewed" => "Read the narrative".to_owned(),
        "note" => "Added a note".to_owned(),
        "followup" => "The reporter added a follow-up".to_owned(),
        "duplicate_followup" => format!(
            "The reporter of duplicate {} added a follow-up (shown under Follow-ups)",
            or_nothing(new)
        ),
        "export" => format!("Exported {}", format_words(or_nothing(new))),
        "poison_center_sent" => format!("Sent to the poison center ({})", or_nothing(new)),
        "status" | "status_changed" => format!(
            "Changed the status: {} → {}",
            old.map_or("nothing", status_label),
            new.map_or("nothing", status_label)
        ),
        "info_request" => format!("Asked the reporter: {}", or_nothing(new)),
        "forward" => format!("Recorded that it was forwarded to {}", or_nothing(new)),
        "duplicate_of" | "duplicate_linked" => match old {
            Some(o) => format!(
                "Moved from duplicate of {o} to duplicate of {}",
                or_nothing(new)
            ),
            None => format!("Linked as a duplicate of {}", or_nothing(new)),
        },
        "duplicate_unlinked" => format!("Unlinked: no longer a duplicate of {}", or_nothing(old)),
        "not_duplicate" => format!("Recorded that it is not a duplicate of {}", or_nothing(new)),
        "reaction_coded" => format!("Coded a reaction: {}", coding_words(new)),
        "reaction_uncoded" => format!("Removed a coded reaction: {}", coding_words(old)),
        "reaction_recoded" => format!(
            "Changed a coded reaction: {} → {}",
            coding_words(old),
            coding_words(new)
        ),
        "causality_assessed" => match old {
            Some(o) => format!(
                "Assessed causality: {} (was {})",
                causality_words(or_nothing(new)),
                causality_words(o)
            ),
            None => format!("Assessed causality: {}", causality_words(or_nothing(new))),
        },
        "expedited" => format!(
            "Decided the FDA report type: {} (was {})",
            report_type_words(new),
            report_type_words(old)
        ),
        "assign" => match new {
            Some(id) => format!("Assigned to {}", emails.get(id).map_or(id, String::as_str)),
            None => "Removed the assignment".to_owned(),
        },
        "seriousness" => format!(
            "Confirmed the seriousness: {} (was {})",
            criteria_words(new),
            criteria_words(old)
        ),
        action => match &row.field {
            Some(f) => format!(
                "{}: {} → {}",
                action.replace('_', " "),
                f.replace('_', " "),
                or_nothing(new)
            ),
            None => action.replace('_', " "),
        },
    }
}

/// The History lines of a case (every event but page views, oldest first)
/// and its views summarised per person (most recent first).
pub fn history(
    rows: &[AuditRow],
    emails: &HashMap<String, String>,
) -> (Vec<HistoryView>, Vec<ViewSummary>) {
    let mut lines = Vec::new();
    let mut views: Vec<ViewSummary> = Vec::new();
    for row in rows {
        if row.action == "view" {
            let who = who(row, emails);
            match views.iter_mut().find(|v| v.who == who) {
                Some(v) => {
                    v.times += 1;
                    v.last = when(&row.at_utc);
                }
                None => views.push(ViewSummary {
                    who,
                    times: 1,
                    last: when(&row.at_utc),
                }),
            }
            continue;
        }
        lines.push(HistoryView {
            at: when(&row.at_utc),
            who: who(row, emails),
            what: describe(row, emails),
            reason: row.reason.clone(),
        });
    }
    // `when` is sortable text (YYYY-MM-DD HH:MM).
    views.sort_by(|a, b| b.last.cmp(&a.last));
    (lines, views)
}
