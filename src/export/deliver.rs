//! One place where a per-case interchange file (E2B(R3) XML, FHIR JSON) is
//! made for a person: load the cases, build and check the file, and append
//! one audit event per case naming the format — all in the caller's
//! transaction, so a file never leaves without its record. The web and
//! the command line both call this.

use crate::audit::{self, Actor, Event};
use crate::db::{DbConnection, DbError};
use crate::export::case::{self, CaseFile};
use crate::export::e2b::{self, ExportError};

/// The interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    E2b,
    FhirR4,
    FhirR5,
}

impl Format {
    /// As recorded in the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            Self::E2b => "e2b-r3",
            Self::FhirR4 => "fhir-r4",
            Self::FhirR5 => "fhir-r5",
        }
    }
}

/// What came of a request.
#[derive(Debug)]
pub enum Delivery {
    /// The file, and the cases left out of it with their rejections.
    File {
        bytes: Vec<u8>,
        refused: Vec<(String, e2b::Finding)>,
    },
    /// No such case.
    NotFound(String),
    /// Nothing could be written: (case, rule) per failure.
    Refused(Vec<(String, e2b::Finding)>),
}

fn load_all(
    conn: &mut DbConnection,
    cases: &[String],
) -> Result<Result<Vec<CaseFile>, String>, DbError> {
    let mut files = Vec::with_capacity(cases.len());
    for c in cases {
        match case::load(conn, c)? {
            Some(f) => files.push(f),
            None => return Ok(Err(c.clone())),
        }
    }
    Ok(Ok(files))
}

fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    files: &[CaseFile],
    format: Format,
) -> Result<(), DbError> {
    for f in files {
        audit::append(
            conn,
            actor,
            Event::new("export", "report", Some(&f.header.case_number)).change(
                "format",
                None,
                Some(format.code()),
            ),
        )?;
    }
    Ok(())
}

/// Build the file for `cases` in `format`, audited as `actor`.
pub fn deliver(
    conn: &mut DbConnection,
    actor: &Actor,
    cases: &[String],
    format: Format,
    settings: &crate::config::E2bSettings,
) -> Result<Delivery, DbError> {
    let mut files = match load_all(conn, cases)? {
        Ok(f) => f,
        Err(missing) => return Ok(Delivery::NotFound(missing)),
    };
    let now = crate::db::now();
    let mut refused = Vec::new();
    let bytes = match format {
        Format::E2b => {
            let loaded = crate::db::meddra::active(conn)?.is_some();
            match e2b::export(&files, settings, now, loaded) {
                Ok(file) => {
                    refused = file.refused;
                    files.retain(|f| file.written.contains(&f.header.case_number));
                    file.xml
                }
                Err(ExportError::Refused(found)) => return Ok(Delivery::Refused(found)),
                Err(ExportError::Io(e)) => {
                    return Err(DbError::Corrupt(format!("writing XML: {e}")))
                }
            }
        }
        Format::FhirR4 => {
            crate::export::fhir::bundle(&files, crate::export::fhir::Version::R4, now)
        }
        Format::FhirR5 => {
            crate::export::fhir::bundle(&files, crate::export::fhir::Version::R5, now)
        }
    };
    record(conn, actor, &files, format)?;
    Ok(Delivery::File { bytes, refused })
}
