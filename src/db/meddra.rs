//! Queries for the operator's MedDRA releases: importing one (batched, in
//! the caller's transaction), listing them, choosing the active one, word
//! search over its current LLTs and looking up one code.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{meddra_llts, meddra_releases};
use super::{DbConnection, DbError};
use crate::meddra::{Llt, LltRow, Release};

/// A release as listed by `canary meddra status`.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ReleaseRow {
    pub version: String,
    pub active: bool,
    pub llt_count: i32,
    pub pt_count: i32,
    pub imported_at: NaiveDateTime,
}

type LltColumns = (
    meddra_llts::version,
    meddra_llts::llt_code,
    meddra_llts::llt_name,
    meddra_llts::pt_code,
    meddra_llts::pt_name,
    meddra_llts::soc_code,
    meddra_llts::soc_name,
    meddra_llts::is_current,
);

const LLT: LltColumns = (
    meddra_llts::version,
    meddra_llts::llt_code,
    meddra_llts::llt_name,
    meddra_llts::pt_code,
    meddra_llts::pt_name,
    meddra_llts::soc_code,
    meddra_llts::soc_name,
    meddra_llts::is_current,
);

pub fn releases(conn: &mut DbConnection) -> Result<Vec<ReleaseRow>, DbError> {
    Ok(meddra_releases::table
        .order(meddra_releases::imported_at)
        .load(conn)?)
}

/// The active release's version, if one is loaded.
pub fn active(conn: &mut DbConnection) -> Result<Option<String>, DbError> {
    Ok(meddra_releases::table
        .filter(meddra_releases::active.eq(true))
        .select(meddra_releases::version)
        .first(conn)
        .optional()?)
}

/// Make `version` the only active release; false when it is not imported.
pub fn activate(conn: &mut DbConnection, version: &str) -> Result<bool, DbError> {
    let known = meddra_releases::table
        .filter(meddra_releases::version.eq(version))
        .count()
        .get_result::<i64>(conn)?;
    if known == 0 {
        return Ok(false);
    }
    diesel::update(meddra_releases::table)
        .set(meddra_releases::active.eq(false))
        .execute(conn)?;
    diesel::update(meddra_releases::table.filter(meddra_releases::version.eq(version)))
        .set(meddra_releases::active.eq(true))
        .execute(conn)?;
    Ok(true)
}

type NewLlt = (
    diesel::dsl::Eq<meddra_llts::version, String>,
    diesel::dsl::Eq<meddra_llts::llt_code, String>,
    diesel::dsl::Eq<meddra_llts::llt_name, String>,
    diesel::dsl::Eq<meddra_llts::search_name, String>,
    diesel::dsl::Eq<meddra_llts::pt_code, String>,
    diesel::dsl::Eq<meddra_llts::pt_name, String>,
    diesel::dsl::Eq<meddra_llts::soc_code, String>,
    diesel::dsl::Eq<meddra_llts::soc_name, String>,
    diesel::dsl::Eq<meddra_llts::is_current, bool>,
);

fn new_llt(version: &str, l: &Llt) -> NewLlt {
    (
        meddra_llts::version.eq(version.to_owned()),
        meddra_llts::llt_code.eq(l.code.clone()),
        meddra_llts::llt_name.eq(l.name.clone()),
        meddra_llts::search_name.eq(l.search_name()),
        meddra_llts::pt_code.eq(l.pt_code.clone()),
        meddra_llts::pt_name.eq(l.pt_name.clone()),
        meddra_llts::soc_code.eq(l.soc_code.clone()),
        meddra_llts::soc_name.eq(l.soc_name.clone()),
        meddra_llts::is_current.eq(l.current),
    )
}

/// Rows per INSERT: 9 parameters each stays under SQLite's 32,766.
const CHUNK: usize = 500;

macro_rules! insert_llts {
    ($conn:expr, $rows:expr) => {{
        let mut chunks = $rows.chunks_exact(CHUNK);
        for chunk in &mut chunks {
            let rows: &[_; CHUNK] = chunk
                .try_into()
                .map_err(|_| DbError::Corrupt("MedDRA batch chunk".into()))?;
            diesel::insert_into(meddra_llts::table)
                .values(rows)
                .execute($conn)?;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            diesel::insert_into(meddra_llts::table)
                .values(rest)
                .execute($conn)?;
        }
    }};
}

/// Store `release` and make it the active one, in the caller's transaction.
/// Refuses (`Ok(false)`) a version that is already imported.
pub fn import(
    conn: &mut DbConnection,
    release: &Release,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let version = release.version.as_str();
    let known = meddra_releases::table
        .filter(meddra_releases::version.eq(version))
        .count()
        .get_result::<i64>(conn)?;
    if known > 0 {
        return Ok(false);
    }
    let count = |n: usize| i32::try_from(n).map_err(|_| DbError::Corrupt("count".into()));
    diesel::insert_into(meddra_releases::table)
        .values((
            meddra_releases::version.eq(version),
            meddra_releases::active.eq(false),
            meddra_releases::llt_count.eq(count(release.llts.len())?),
            meddra_releases::pt_count.eq(count(release.pt_count)?),
            meddra_releases::imported_at.eq(at),
        ))
        .execute(conn)?;
    let rows: Vec<NewLlt> = release.llts.iter().map(|l| new_llt(version, l)).collect();
    match conn {
        DbConnection::Sqlite(c) => insert_llts!(c, rows),
        DbConnection::Postgres(c) => insert_llts!(c, rows),
    }
    activate(conn, version)
}

/// One LLT of `version`, current or not.
pub fn lookup(
    conn: &mut DbConnection,
    version: &str,
    code: &str,
) -> Result<Option<LltRow>, DbError> {
    Ok(meddra_llts::table
        .filter(meddra_llts::version.eq(version))
        .filter(meddra_llts::llt_code.eq(code))
        .select(LLT)
        .first(conn)
        .optional()?)
}

/// Most hits a search returns.
pub const MAX_HITS: usize = 20;

/// The search words of `query`: lower-case runs of letters and digits.
pub fn words(query: &str) -> Vec<String> {
    query
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_owned)
        .collect()
}

/// Current LLTs of `version` whose name holds every word of `query`: the
/// exact name first, then names starting with the query, then shorter ones.
pub fn search(conn: &mut DbConnection, version: &str, query: &str) -> Result<Vec<LltRow>, DbError> {
    let words = words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = meddra_llts::table
        .filter(meddra_llts::version.eq(version))
        .filter(meddra_llts::is_current.eq(true))
        .into_boxed();
    for w in &words {
        q = q.filter(meddra_llts::search_name.like(format!("%{w}%")));
    }
    let mut hits: Vec<LltRow> = q.select(LLT).limit(500).load(conn)?;
    let phrase = words.join(" ");
    hits.sort_by_cached_key(|h| {
        let name = h.llt_name.to_lowercase();
        (
            name != phrase,
            !name.starts_with(&phrase),
            h.llt_code != h.pt_code,
            name.len(),
            name,
        )
    });
    hits.truncate(MAX_HITS);
    Ok(hits)
}
