//! Alerts to reviewers and admins when a serious report arrives: the case
//! number, the seriousness in plain words and a link; never the narrative,
//! product names or anything else the reporter typed.

use askama::Template;

use super::{enqueue, render, Mail, MailKind};
use crate::config::MailSettings;
use crate::db::{users, DbConnection, DbError};
use crate::report::options::{ClosedList, Outcome};

#[derive(Template)]
#[template(path = "email/serious_report.txt")]
struct SeriousReportText<'a> {
    case_number: &'a str,
    seriousness: &'static str,
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

/// Queue one alert per subscribed reviewer or admin, in the transaction that
/// stored the report. Returns how many were queued (0 when not serious).
pub fn queue_serious_report(
    conn: &mut DbConnection,
    settings: &MailSettings,
    case_number: &str,
    rank: i32,
) -> Result<usize, DbError> {
    let Some(seriousness) = seriousness_words(rank) else {
        return Ok(0);
    };
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
