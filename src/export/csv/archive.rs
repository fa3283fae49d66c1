//! Use case: the analyst ZIP, streamed: the codebook, then each table in
//! its own pass over the matching reports (keyset batches of [`BATCH`]
//! reports, so memory stays flat however many there are), the
//! disproportionality table, then the manifest.

use std::collections::HashMap;

use crate::ids::{CaseNumber, ReportId};
use std::io::Write;

use super::causality_table::{CausalityLine, CAUSALITY};
use super::cell;
use super::child_tables::{FollowupLine, ProductLine, FOLLOWUPS, PRODUCTS, REACTIONS};
use super::columns::Table;
use super::profile::Profile;
use super::reports_table::{ReportLine, REPORTS};
use super::request::{Progress, Request};
use super::signals_table::SIGNALS;
use super::zip::{Member, ZipOut};
use super::{codebook, manifest, reaction_lines, WriteError};
use crate::db::export as q;
use crate::db::{Db, DbConnection, DbError};
use crate::export::filter::AnalysisFilter;

/// Reports read per query.
pub const BATCH: i64 = 500;

/// A streamed export failed: reading the database or writing the file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        Self::Write(WriteError::Io(e))
    }
}

impl From<::csv::Error> for ExportError {
    fn from(e: ::csv::Error) -> Self {
        Self::Write(WriteError::Csv(e))
    }
}

type Emit<'e, R> = &'e mut dyn FnMut(&R) -> Result<(), ExportError>;

/// Write the whole ZIP for `req` to `out` on a connection of its own;
/// returns the output, the manifest's members and the number of reports.
pub fn write<W: Write>(
    db: &Db,
    req: &Request,
    out: W,
    progress: Progress<'_>,
) -> Result<(W, Vec<Member>, u64), ExportError> {
    let mut conn = db.conn()?;
    write_on(&mut conn, req, out, progress)
}

fn write_on<W: Write>(
    conn: &mut DbConnection,
    req: &Request,
    out: W,
    progress: Progress<'_>,
) -> Result<(W, Vec<Member>, u64), ExportError> {
    let total = q::count(conn, &req.filter)? as u64;
    let mut zip = ZipOut::new(out);
    let (book, lines) = codebook::csv(req.profile)?;
    zip.small("codebook.csv", &book, Some(lines))?;
    let p = req.profile;
    let f = &req.filter;
    // Unconfirmed narratives (and follow-up texts) left out of a Safe Harbor file.
    let left_out = std::cell::Cell::new(0u64);
    write_table(&mut zip, &REPORTS, p, |emit| {
        let mut after: Option<ReportId> = None;
        let mut done = 0;
        loop {
            let batch = q::reports_after(conn, f, after.as_ref(), BATCH)?;
            let Some(last) = batch.last() else { break };
            after = Some(last.id.clone());
            done += batch.len() as u64;
            let ids: Vec<ReportId> = batch.iter().map(|r| r.id.clone()).collect();
            let mut co_used = q::co_used_of(conn, &ids)?;
            for mut r in batch {
                let co_used = co_used.remove(&r.id).unwrap_or_default();
                if p == Profile::SafeHarbor
                    && r.narrative_confirmed_at.is_none()
                    && !r.narrative.trim().is_empty()
                {
                    r.narrative.clear();
                    left_out.set(left_out.get() + 1);
                }
                emit(&ReportLine { r, co_used })?;
            }
            progress("reports", done, total);
        }
        Ok(())
    })?;
    write_table(&mut zip, &PRODUCTS, p, |emit| {
        by_ids(conn, f, total, "products", progress, |conn, ids, cases| {
            for p in q::products_of(conn, ids)? {
                let case_number = cases(&p.report_id);
                emit(&ProductLine { case_number, p })?;
            }
            Ok(())
        })
    })?;
    write_table(&mut zip, &REACTIONS, p, |emit| {
        by_ids(conn, f, total, "reactions", progress, |conn, ids, cases| {
            let mut reactions = group(q::reactions_of(conn, ids)?, |r| &r.report_id);
            let mut codings = group(q::codings_of(conn, ids)?, |c| &c.report_id);
            for id in ids {
                let mine = reactions.remove(id).unwrap_or_default();
                let coded = codings.remove(id).unwrap_or_default();
                for line in reaction_lines::lines(&cases(id), mine, coded) {
                    emit(&line)?;
                }
            }
            Ok(())
        })
    })?;
    write_table(&mut zip, &FOLLOWUPS, p, |emit| {
        by_ids(conn, f, total, "followups", progress, |conn, ids, cases| {
            let mut last: Option<ReportId> = None;
            let mut number = 0;
            let confirmed = q::narrative_confirmations(conn, ids)?;
            for mut f in q::followups_of(conn, ids)? {
                // A follow-up text is covered by the reviewer's confirmation only if it was
                // there when they confirmed.
                let seen = confirmed
                    .get(&f.report_id)
                    .is_some_and(|at| *at >= f.received_at);
                if p == Profile::SafeHarbor && !seen && !f.narrative.trim().is_empty() {
                    f.narrative.clear();
                    left_out.set(left_out.get() + 1);
                }
                if last.as_ref() != Some(&f.report_id) {
                    last = Some(f.report_id.clone());
                    number = 0;
                }
                number += 1;
                let case_number = cases(&f.report_id);
                emit(&FollowupLine {
                    case_number,
                    number,
                    f,
                })?;
            }
            Ok(())
        })
    })?;
    write_table(&mut zip, &CAUSALITY, p, |emit| {
        by_ids(conn, f, total, "causality", progress, |conn, ids, cases| {
            for c in q::causality_of(conn, ids)? {
                let case_number = cases(&c.report_id);
                emit(&CausalityLine { case_number, c })?;
            }
            Ok(())
        })
    })?;
    // The dashboard's disproportionality table for the same filter:
    // aggregate counts, small, computed in one go.
    write_table(&mut zip, &SIGNALS, p, |emit| {
        // N as the dashboard counts it, so both show the same figures.
        let n = crate::db::analysis_counts::total(conn, f)?;
        let rows = crate::analysis::dashboard::signal_rows(conn, f, n)?;
        for row in &rows {
            emit(row)?;
        }
        progress("signals", total, total);
        Ok(())
    })?;
    let members = zip.members.clone();
    Ok((
        manifest::finish(zip, req, total, left_out.get())?,
        members,
        total,
    ))
}

/// Write one table as a member: header, then the rows `fill` emits.
fn write_table<W: Write, R: 'static>(
    zip: &mut ZipOut<W>,
    table: &Table<R>,
    profile: Profile,
    fill: impl FnOnce(Emit<'_, R>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let name = format!("{}.csv", table.name);
    let mut member = zip.begin(&name)?;
    let mut rows = 0u64;
    {
        let mut w = cell::writer(&mut member);
        cell::write_row(&mut w, &table.header(profile))?;
        fill(&mut |row: &R| {
            cell::write_row(&mut w, &table.cells(profile, row))?;
            rows += 1;
            Ok(())
        })?;
        w.flush()?;
    }
    let (hash, bytes) = member.done();
    zip.end(&name, hash, bytes, Some(rows));
    Ok(())
}

/// Walk the matching reports in id batches, giving `each` the batch's ids
/// and a lookup from id to case number.
fn by_ids(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
    total: u64,
    table: &'static str,
    progress: &mut dyn FnMut(&'static str, u64, u64),
    mut each: impl FnMut(
        &mut DbConnection,
        &[ReportId],
        &dyn Fn(&ReportId) -> String,
    ) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut after: Option<ReportId> = None;
    let mut done = 0;
    loop {
        let batch = q::ids_after(conn, f, after.as_ref(), BATCH)?;
        let Some((last, _)) = batch.last() else { break };
        after = Some(last.clone());
        done += batch.len() as u64;
        let ids: Vec<ReportId> = batch.iter().map(|(id, _)| id.clone()).collect();
        let numbers: HashMap<ReportId, CaseNumber> = batch.into_iter().collect();
        let cases = |id: &ReportId| {
            numbers
                .get(id)
                .map(CaseNumber::to_string)
                .unwrap_or_default()
        };
        each(conn, &ids, &cases)?;
        progress(table, done, total);
    }
    Ok(())
}

/// Rows grouped by report id.
fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> &ReportId) -> HashMap<ReportId, Vec<T>> {
    let mut out: HashMap<ReportId, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(key(&row).clone()).or_default().push(row);
    }
    out
}
