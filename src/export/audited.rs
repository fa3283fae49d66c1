//! The audit trail of exports: one place that writes the "export" event,
//! whichever file left — a case in a per-case format (MedWatch, E2B(R3),
//! FHIR, poison center) or the analyst tables for a filter — in the
//! caller's transaction, so no export goes unrecorded. Also loading a case
//! for a per-case export together with its event.

use super::case::CaseFile;
use super::case_loader;
use super::csv::request::{Request, TableFile};
use crate::audit::{self, Actor, Event};
use crate::db::{DbConnection, DbError};
use crate::ids::CaseNumber;

/// What left, as the audit trail names it.
#[derive(Debug, Clone, Copy)]
pub enum Exported<'a> {
    /// One case in a per-case format (its code, e.g. `e2b-r3`).
    Case {
        case_number: &'a str,
        format: &'a str,
    },
    /// A table file for a filter: what was asked for, never what came out.
    Tables {
        file: TableFile,
        request: &'a Request,
    },
}

/// Append the "export" event of `what` for `actor`.
pub fn record(conn: &mut DbConnection, actor: &Actor, what: Exported<'_>) -> Result<(), DbError> {
    let event = match what {
        Exported::Case {
            case_number,
            format,
        } => Event::new("export", "report", Some(case_number)).change("format", None, Some(format)),
        Exported::Tables { file, request } => Event::new("export", file.audit_entity(), None)
            .change(
                "export",
                None,
                Some(&format!(
                    "profile={} filter={}",
                    request.profile.code(),
                    request.filter_text()
                )),
            ),
    };
    audit::append(conn, actor, event)?;
    Ok(())
}

/// The case, with an `export` audit event for `format`; `None` (and no
/// event) when there is no such case.
pub fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    case_number: &CaseNumber,
    format: &str,
) -> Result<Option<CaseFile>, DbError> {
    let Some(file) = case_loader::load(conn, case_number)? else {
        return Ok(None);
    };
    record(
        conn,
        actor,
        Exported::Case {
            case_number,
            format,
        },
    )?;
    Ok(Some(file))
}
