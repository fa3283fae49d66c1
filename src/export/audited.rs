//! Loading a case for a per-case export and recording that it left: the
//! audit event ("export", naming the format) is written in the same
//! transaction as the read, so no export goes unrecorded.

use super::case::{self, CaseFile};
use crate::audit::{self, Actor, Event};
use crate::db::{DbConnection, DbError};

/// The case, with an `export` audit event for `format`; `None` (and no
/// event) when there is no such case.
pub fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    case_number: &str,
    format: &str,
) -> Result<Option<CaseFile>, DbError> {
    let Some(file) = case::load(conn, case_number)? else {
        return Ok(None);
    };
    let event =
        Event::new("export", "report", Some(case_number)).change("format", None, Some(format));
    audit::append(conn, actor, event)?;
    Ok(Some(file))
}
