//! `canary generate`: fill the configured database with realistic synthetic
//! reports for demonstrations, load tests and benchmarks. Every generated
//! report has `synthetic = true` and a case number from its own series
//! (`SYN-2026-0000123`, never `CAN-…`; the real case counter is untouched).
//! About a fifth are assessed by a disabled synthetic reviewer account.
//!
//! Speed: rows are built in Rust on one thread while the other writes them
//! with multi-row INSERTs, 5,000 reports per transaction
//! (`db::synthetic`), bypassing the per-report submission path.

mod case;
mod cluster;
mod dice;
mod narrative;
mod person;
mod products;
mod review;
mod rows;
mod symptoms;

use std::sync::mpsc;
use std::time::Instant;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};

use crate::audit::{self, Actor, Event};
use crate::auth::{passwords, users, Email, Role};
use crate::db::synthetic::{self, Batch, CASE_PREFIX, SEQUENCE_DIGITS};
use crate::db::{Db, DbError};
use crate::ids::{CaseNumber, UserId};
use crate::report::options::ClosedList;
use crate::review::terms::ReactionTerm;
pub use cluster::{Cluster, Clusters};
use dice::{growth_position, Dice};

/// Most reports per write transaction.
const BATCH: u64 = 5_000;
/// The account synthetic assessments are attributed to (disabled, with an
/// unknown random password: nobody can sign in as it).
pub const REVIEWER_EMAIL: &str = "synthetic-reviewer@canary.invalid";
/// Received dates spread over this many days when no start year is given.
const DEFAULT_PERIOD_DAYS: i64 = 730;

pub struct Options {
    pub reports: u64,
    pub seed: u64,
    /// Spread received dates from 1 January of this year; default ~2 years.
    pub year_from: Option<i32>,
    /// Reports at the end of the run that name one lot or seller.
    pub clusters: Clusters,
}

pub struct Summary {
    pub generated: u64,
    pub seconds: f64,
    /// Of `seconds`, the time spent in write transactions.
    pub writing: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Invalid(String),
}

/// Generate `options.reports` reports; `progress(done, total, seconds)` is
/// called after each batch.
pub fn run(
    db: &Db,
    options: &Options,
    mut progress: impl FnMut(u64, u64, f64),
) -> Result<Summary, GenerateError> {
    let started = Instant::now();
    let now = crate::db::now();
    let start = period_start(options.year_from, now)?;
    let reviewer = synthetic_reviewer(db)?;
    let meddra = meddra_codes(db)?;
    let first_seq = {
        let mut conn = db.conn()?;
        synthetic::tune_for_bulk(&mut conn)?;
        synthetic::last_sequence(&mut conn)? + 1
    };
    let highest = 10u64.pow(SEQUENCE_DIGITS as u32) - 1;
    if first_seq + options.reports > highest + 1 {
        return Err(GenerateError::Invalid(format!(
            "the synthetic series holds at most {highest} reports; {} are stored",
            first_seq - 1
        )));
    }
    let total = options.reports;
    if options.clusters.reports() > total {
        return Err(GenerateError::Invalid(format!(
            "a cluster of {} reports needs --reports {} or more",
            options.clusters.reports(),
            options.clusters.reports()
        )));
    }
    let clusters = &options.clusters;
    // Small runs still commit (and report progress) about every 10 %.
    let per_batch = BATCH.min(total.div_ceil(10)).max(1);
    let span = (now - start).num_microseconds().unwrap_or(i64::MAX) as f64;
    let mut done = 0;
    let mut writing = 0.0;
    std::thread::scope(|scope| {
        // Two batches in flight: one being built while one is written.
        let (sender, batches) = mpsc::sync_channel::<(Batch, String)>(2);
        let reviewer = reviewer.clone();
        scope.spawn(move || {
            let mut d = Dice::seeded(options.seed);
            let mut builder = rows::Builder::new(reviewer, now, meddra);
            let mut i = 0;
            while i < total {
                let mut batch = Batch::default();
                let mut range = String::new();
                for _ in 0..per_batch.min(total - i) {
                    let position = growth_position((i as f64 + d.unit()) / total as f64);
                    let from_end = total - 1 - i;
                    let received = if from_end < clusters.reports() {
                        clusters.received(now, from_end)
                    } else {
                        start + TimeDelta::microseconds((span * position) as i64)
                    };
                    let case = CaseNumber::numbered(
                        CASE_PREFIX,
                        received.year(),
                        first_seq + i,
                        SEQUENCE_DIGITS,
                    );
                    if range.is_empty() {
                        range = format!("{case} …");
                    }
                    let cluster = (from_end < clusters.reports()).then_some((clusters, from_end));
                    builder.add(&mut d, &mut batch, case, received, position, cluster);
                    i += 1;
                }
                if let Some(last) = batch.reports.last() {
                    range.push_str(&format!(" {}", last.base.case_number));
                }
                if sender.send((batch, range)).is_err() {
                    return; // the writer stopped on an error
                }
            }
        });
        for (batch, range) in batches {
            let n = batch.reports.len() as u64;
            let write_started = Instant::now();
            db.write_blocking(|c| {
                synthetic::insert_batch(c, &batch)?;
                let mut event = Event::new("synthetic_reports_added", "report", None).change(
                    "case_numbers",
                    None,
                    Some(&range),
                );
                event.reason = Some(format!("canary generate: {n} synthetic reports"));
                audit::append(c, &Actor::cli(), event)?;
                Ok(())
            })?;
            writing += write_started.elapsed().as_secs_f64();
            done += n;
            progress(done, total, started.elapsed().as_secs_f64());
        }
        Ok::<(), GenerateError>(())
    })?;
    synthetic::end_bulk(&mut *db.conn()?)?;
    Ok(Summary {
        generated: done,
        seconds: started.elapsed().as_secs_f64(),
        writing,
    })
}

fn period_start(
    year_from: Option<i32>,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, GenerateError> {
    let Some(year) = year_from else {
        return Ok(now - TimeDelta::days(DEFAULT_PERIOD_DAYS));
    };
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .filter(|s| year >= 1900 && *s < now - TimeDelta::days(1))
        .ok_or_else(|| {
            GenerateError::Invalid(format!("--year-from {year}: give a past year from 1900 on"))
        })
}

/// The active MedDRA release's suggested LLT for each reaction term, which
/// the synthetic reviewer codes with (as a reviewer confirming suggestions).
pub struct Meddra {
    pub version: String,
    pub codes: std::collections::HashMap<ReactionTerm, String>,
}

fn meddra_codes(db: &Db) -> Result<Option<Meddra>, GenerateError> {
    let mut conn = db.conn()?;
    let Some(version) = crate::db::meddra::active(&mut conn)? else {
        return Ok(None);
    };
    let mut codes = std::collections::HashMap::new();
    for term in ReactionTerm::all() {
        if let Some(hit) = crate::review::coding_meddra::suggestion(&mut conn, &version, *term)? {
            codes.insert(*term, hit.llt_code);
        }
    }
    Ok(Some(Meddra { version, codes }))
}

/// The synthetic reviewer's id, adding the account (disabled, audited) the
/// first time.
fn synthetic_reviewer(db: &Db) -> Result<UserId, GenerateError> {
    if let Some(user) = crate::db::users::by_email(&mut *db.conn()?, REVIEWER_EMAIL)? {
        return Ok(user.id);
    }
    let email = Email::parse(REVIEWER_EMAIL)
        .ok_or_else(|| GenerateError::Invalid(REVIEWER_EMAIL.into()))?;
    let unknown = hex::encode(crate::crypto::random_bytes::<32>());
    let hash = passwords::hash(&unknown).map_err(|e| GenerateError::Invalid(e.to_string()))?;
    let as_db = |e: users::UserError| match e {
        users::UserError::Db(e) => e,
        other => DbError::Corrupt(other.to_string()),
    };
    Ok(db.write_blocking(|c| {
        let id = users::add(c, &Actor::cli(), &email, Role::Reviewer, &hash).map_err(as_db)?;
        users::disable(c, &Actor::cli(), &email).map_err(as_db)?;
        Ok(id)
    })?)
}
