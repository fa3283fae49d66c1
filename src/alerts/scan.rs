//! The scan (a use case): group the reports of the window by lot and seller
//! and raise, update or re-raise alerts, with their audit events and
//! e-mails. [`plan`] only reads, so the background task looks without
//! taking the writer and writes only when something changed; [`scan`]
//! plans again and applies in one transaction. Idempotent: a scan that
//! finds nothing new changes nothing.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDateTime;

use super::group::{over_threshold, Group, Mention};
use crate::audit::{self, Actor, Event};
use crate::config::{AlertSettings, MailSettings};
use crate::db::batch_alerts::{self as q, AlertRow, DISMISSED, OPEN};
use crate::db::{self, DbConnection, DbError};
use crate::ids::ReportId;
use crate::mail::batch_alert::{queue_batch_alert, BatchAlertMail};

/// What one scan did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScanOutcome {
    pub raised: usize,
    pub updated: usize,
    pub mails: usize,
}

/// One change a scan makes.
#[derive(Debug, Clone)]
pub enum Change {
    /// No alert for this key yet.
    Raise(Group),
    /// New cases for an open alert, or for a dismissed one when some
    /// arrived after the dismissal (`reraise`).
    Add {
        alert_id: String,
        group: Group,
        report_ids: Vec<ReportId>,
        reraise: bool,
    },
}

/// The changes the reports received in the window ending `now` call for.
pub fn plan(
    conn: &mut DbConnection,
    settings: &AlertSettings,
    now: NaiveDateTime,
) -> Result<(Vec<Change>, Vec<Mention>), DbError> {
    let since = now - settings.window.span();
    let mentions: Vec<Mention> = q::named_since(conn, since)?
        .into_iter()
        .map(|n| Mention {
            report_id: n.report_id,
            case_number: n.case_number,
            received_at: n.received_at,
            lot: n.lot,
            seller: n.seller,
        })
        .collect();
    let mut changes = Vec::new();
    for group in over_threshold(&mentions, settings.min_reports.get()) {
        let Some(alert) = q::find(conn, group.key.kind.code(), &group.key.key)? else {
            changes.push(Change::Raise(group));
            continue;
        };
        let listed: HashSet<ReportId> = q::report_ids(conn, &alert.id)?.into_iter().collect();
        let fresh: Vec<(&ReportId, &NaiveDateTime)> = group
            .reports
            .iter()
            .filter(|(id, _)| !listed.contains(*id))
            .collect();
        // A dismissed alert comes back only for reports after the dismissal.
        let reraise = alert.status == DISMISSED;
        if fresh.is_empty()
            || (reraise && !fresh.iter().any(|(_, at)| Some(**at) > alert.dismissed_at))
        {
            continue;
        }
        let report_ids = fresh.iter().map(|(id, _)| (*id).clone()).collect();
        changes.push(Change::Add {
            alert_id: alert.id,
            group,
            report_ids,
            reraise,
        });
    }
    Ok((changes, mentions))
}

/// Plan and apply in the caller's transaction.
pub fn scan(
    conn: &mut DbConnection,
    settings: &AlertSettings,
    mail: &MailSettings,
    now: NaiveDateTime,
) -> Result<ScanOutcome, DbError> {
    let (changes, mentions) = plan(conn, settings, now)?;
    let mut outcome = ScanOutcome::default();
    for change in changes {
        match change {
            Change::Raise(group) => {
                raise(conn, &group, now)?;
                outcome.raised += 1;
                outcome.mails += notify(conn, settings, mail, &group)?;
            }
            Change::Add {
                alert_id,
                group,
                report_ids,
                reraise,
            } => {
                q::add_cases(conn, &alert_id, &report_ids, now)?;
                q::open(conn, &alert_id, now)?;
                let action = if reraise {
                    "batch_alert_reraised"
                } else {
                    "batch_alert_updated"
                };
                record(
                    conn,
                    action,
                    &alert_id,
                    &case_numbers(&mentions, &report_ids),
                )?;
                outcome.updated += 1;
                if reraise {
                    outcome.mails += notify(conn, settings, mail, &group)?;
                }
            }
        }
    }
    Ok(outcome)
}

fn raise(conn: &mut DbConnection, group: &Group, now: NaiveDateTime) -> Result<(), DbError> {
    let id = db::new_id();
    q::insert(
        conn,
        &AlertRow {
            id: id.clone(),
            kind: group.key.kind.code().to_owned(),
            alert_key: group.key.key.clone(),
            label: group.label.clone(),
            status: OPEN.to_owned(),
            raised_at: now,
            updated_at: now,
            dismissed_at: None,
            dismissed_by: None,
            dismiss_reason: None,
        },
    )?;
    let ids: Vec<ReportId> = group.reports.keys().cloned().collect();
    q::add_cases(conn, &id, &ids, now)?;
    let cases: Vec<String> = q::cases_of(conn, &id)?
        .into_iter()
        .map(|(case, _)| case)
        .collect();
    record(conn, "batch_alert_raised", &id, &cases)
}

/// Audit an alert change, naming the cases it added (server-made values).
fn record(
    conn: &mut DbConnection,
    action: &'static str,
    id: &str,
    cases: &[String],
) -> Result<(), DbError> {
    let event = Event::new(action, "batch_alert", Some(id)).change(
        "cases",
        None,
        Some(cases.join(", ").as_str()),
    );
    audit::append(conn, &Actor::system(), event)?;
    Ok(())
}

/// Case numbers of `ids`, as the mentions name them.
fn case_numbers(mentions: &[Mention], ids: &[ReportId]) -> Vec<String> {
    let wanted: HashSet<&ReportId> = ids.iter().collect();
    let cases: BTreeSet<String> = mentions
        .iter()
        .filter(|m| wanted.contains(&m.report_id))
        .map(|m| m.case_number.to_string())
        .collect();
    cases.into_iter().collect()
}

/// Mail the alert with every case it lists.
fn notify(
    conn: &mut DbConnection,
    settings: &AlertSettings,
    mail: &MailSettings,
    group: &Group,
) -> Result<usize, DbError> {
    let Some(alert) = q::find(conn, group.key.kind.code(), &group.key.key)? else {
        return Ok(0);
    };
    let cases: Vec<String> = q::cases_of(conn, &alert.id)?
        .into_iter()
        .map(|(case, _)| case)
        .collect();
    queue_batch_alert(
        conn,
        mail,
        &BatchAlertMail {
            noun: group.key.kind.noun(),
            key: &group.key.key,
            window_days: settings.window.get(),
            cases: &cases,
        },
    )
}
