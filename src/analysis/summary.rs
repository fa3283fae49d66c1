//! Use cases of the periodic summary: show it for a period, and export it
//! as a file (read, then recorded in the audit trail as
//! `summary_exported`). The web page, its downloads and `canary export
//! summary` all call these.

use super::dashboard;
use super::figures::Dashboard;
use super::periodic::{self, Period, Summary, MAX_LISTED};
use crate::audit::{self, Actor, Event};
use crate::db::analysis_listing;
use crate::db::{Db, DbConnection, DbError};

/// The summary of `period`.
pub async fn show(db: &Db, period: Period) -> Result<Summary, DbError> {
    db.read(move |c| load(c, &period)).await
}

/// The summary of `period` for a download as `format` (`pdf` or `csv`),
/// recorded as exported by `actor`.
pub async fn export(
    db: &Db,
    actor: &Actor,
    period: Period,
    format: &'static str,
) -> Result<Summary, DbError> {
    let s = show(db, period).await?;
    let event = Event::new("summary_exported", "analysis", None).change(
        format,
        None,
        Some(&s.period.describe()),
    );
    let actor = actor.clone();
    db.write(move |c| audit::append(c, &actor, event).map(|_| ()))
        .await?;
    Ok(s)
}

/// Everything the summary shows for `period`.
pub fn load(conn: &mut DbConnection, period: &Period) -> Result<Summary, DbError> {
    let f = period.filter();
    let d: Dashboard = dashboard::load(conn, &f)?;
    let seriousness =
        periodic::seriousness(crate::db::analysis_counts::by_month_and_rank(conn, &f)?);
    let cases = analysis_listing::serious_cases(conn, &f, MAX_LISTED)?
        .into_iter()
        .map(periodic::line)
        .collect();
    Ok(Summary {
        period: period.clone(),
        total: d.total,
        months: d.months,
        seriousness,
        outcomes: d.outcomes,
        reactions: d.reactions,
        cases,
        flags: d.signals.into_iter().filter(|s| s.signal.flagged).collect(),
    })
}
