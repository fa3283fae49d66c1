//! Alerts to reviewers and admins when a serious report arrives: the case
//! number, the seriousness in plain words and a link; never the narrative,
//! product names or anything else the reporter typed.

use askama::Template;

use super::{enqueue, render, Mail, MailKind};
use crate::config::MailSettings;
use crate::db::{users, DbConnection, DbError};
use crate::report::model::NewReport;
use crate::report::options::{ClosedList, CurrentState, Outcome};

#[derive(Template)]
#[template(path = "email/serious_report.txt")]
struct SeriousReportText<'a> {
    case_number: &'a str,
    seriousness: String,
    link: String,
    settings_link: String,
}

/// The seriousness of `NewReport::seriousness_rank` in plain words
/// (`None` for 7, not serious).
pub fn seriousness_words(rank: i32) -> Option<&'static str> {
    let outcome = usize::try_from(rank)
        .ok()
        .and_then(|i| Outcome::all().get(i))?;
    Some(match outcome {
        Outcome::Death => "death",
        Outcome::LifeThreatening => "life-threatening",
        Outcome::Hospitalised => "hospital admission or a longer stay",
        Outcome::Disability => "lasting disability or damage",
        Outcome::BirthDefect => "birth defect",
        Outcome::Intervention => "treatment needed to prevent permanent harm",
        Outcome::OtherSerious => "other serious medical event",
    })
}

/// Every seriousness criterion the reporter ticked, in plain words and in
/// the order of `Outcome` (death first), then the emergency symptoms that
/// make the report an important medical event by default. Empty when the
/// report is neither serious nor an emergency.
pub fn criteria_words(report: &NewReport) -> Vec<&'static str> {
    let mut ranks: Vec<i32> = report
        .outcomes
        .iter()
        .filter_map(|o| Outcome::all().iter().position(|x| x == o))
        .map(|r| r as i32)
        .collect();
    if report.current_state == CurrentState::Died {
        ranks.push(0);
    }
    ranks.sort_unstable();
    ranks.dedup();
    let mut words: Vec<&'static str> = ranks.into_iter().filter_map(seriousness_words).collect();
    if report.needs_urgent_help() {
        words.push("emergency symptoms (seizure, stopped breathing or unresponsiveness): an important medical event until a reviewer decides");
    }
    words
}

/// Queue one alert per subscribed reviewer or admin, in the transaction that
/// stored the report, naming every ticked seriousness criterion. Returns
/// how many were queued (0 when neither serious nor an emergency).
pub fn queue_serious_report(
    conn: &mut DbConnection,
    settings: &MailSettings,
    case_number: &str,
    report: &NewReport,
) -> Result<usize, DbError> {
    let words = criteria_words(report);
    if words.is_empty() {
        return Ok(0);
    }
    let seriousness = words.join("; ");
    let recipients = users::alert_recipients(conn)?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let body = render(&SeriousReportText {
        case_number,
        seriousness,
        link: settings.public_url.link(&format!("/review/{case_number}")),
        settings_link: settings.public_url.link("/staff/settings/notifications"),
    })?;
    let subject = format!("Canary: new serious report {case_number}");
    let count = recipients.len();
    for recipient in recipients {
        enqueue(
            conn,
            Mail {
                kind: MailKind::SeriousReport,
                recipient,
                subject: subject.clone(),
                body: body.clone(),
            },
        )?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_serious_rank_has_words() {
        for rank in 0..7 {
            assert!(seriousness_words(rank).is_some(), "{rank}");
        }
        assert_eq!(seriousness_words(7), None);
        assert_eq!(seriousness_words(-1), None);
    }
}
