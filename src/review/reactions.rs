//! Coding a case's reactions (use cases): what the reactions page reads
//! (the coding, the MedDRA term of each code, a suggested coding for a new
//! case, the word search), saving a coding form, and coding one reaction
//! to an LLT chosen among the search hits. Each runs in one transaction.

use crate::audit::Actor;
use crate::db::meddra as mq;
use crate::db::{Db, DbError};
use crate::form::FieldErrors;
use crate::ids::ReportId;
use crate::meddra::LltRow;
use crate::report::NewReport;

use super::coding::{self, Coding, Submission};
use super::coding_meddra;

/// What the reactions page shows.
pub struct ReactionsFile {
    /// The stored coding, and a description of each row that does not parse.
    pub current: Vec<Coding>,
    pub damaged: Vec<String>,
    /// The MedDRA term of each coded reaction in `current`, when coded.
    pub llts: Vec<Option<LltRow>>,
    /// The active MedDRA release.
    pub release: Option<String>,
    /// What the coding form starts from: the stored coding, or for a case
    /// not yet coded the suggested one (with suggested MedDRA codes).
    pub start: Vec<Coding>,
    /// The word search's hits for `find`.
    pub hits: Vec<LltRow>,
}

pub async fn open(
    db: &Db,
    report_id: ReportId,
    report: NewReport,
    find: Option<String>,
) -> Result<ReactionsFile, DbError> {
    db.read(move |c| {
        let (current, damaged) = coding::load_checked(c, &report_id)?;
        let release = mq::active(c)?;
        let mut llts = Vec::new();
        for cd in &current {
            llts.push(match (&cd.meddra, &cd.meddra_version) {
                (Some(code), Some(v)) => mq::lookup(c, v, code.as_str())?,
                _ => None,
            });
        }
        let mut start = if current.is_empty() {
            coding::suggestions(&report)
        } else {
            current.clone()
        };
        if current.is_empty() {
            coding_meddra::suggest(c, &mut start)?;
        }
        let hits = match (&release, find) {
            (Some(v), Some(find)) => mq::search(c, v, &find)?,
            _ => Vec::new(),
        };
        Ok(ReactionsFile {
            current,
            damaged,
            llts,
            release,
            start,
            hits,
        })
    })
    .await
}

/// Save a coding form: every MedDRA code must resolve against the stored
/// coding or the active release (else the form's errors), then each change
/// is written with its audit event. Returns the number of changes.
pub async fn save(
    db: &Db,
    actor: Actor,
    report_id: ReportId,
    mut submission: Submission,
) -> Result<Result<usize, FieldErrors>, DbError> {
    db.write(move |c| {
        let errors = coding_meddra::resolve(c, &report_id, &mut submission)?;
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        coding::save(
            c,
            &actor,
            &report_id,
            &submission.codings,
            &submission.reason,
        )
        .map(Ok)
    })
    .await
}

/// Code the stored reaction `term` to LLT `llt` of the active release, as
/// one audited change. `Ok(Err(why))` when that cannot be done.
pub async fn choose(
    db: &Db,
    actor: Actor,
    report_id: ReportId,
    term: String,
    llt: String,
    why: String,
) -> Result<Result<(), String>, DbError> {
    db.write(move |c| coding_meddra::choose(c, &actor, &report_id, &term, &llt, &why))
        .await
}
