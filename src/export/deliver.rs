//! Use case: a per-case interchange file (E2B(R3) XML, FHIR JSON) made for
//! a person: load the cases, build and check the file, and append one
//! audit event per case naming the format — all in one transaction, so a
//! file never leaves without its record. The web and the command line both
//! call [`deliver`].

use super::audited::{self, Exported};
use crate::audit::Actor;
use crate::config::E2bSettings;
use crate::db::{Db, DbConnection, DbError};
use crate::export::case::CaseFile;
use crate::export::case_loader;
use crate::export::e2b::{self, ExportError};
use crate::ids::CaseNumber;

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
    /// Some cases were refused and the caller asked to see them before any
    /// file is made: the cases that would be written, and the rejections.
    /// Nothing was recorded.
    PartlyRefused {
        written: Vec<CaseNumber>,
        refused: Vec<(String, e2b::Finding)>,
    },
    /// No such case.
    NotFound(String),
    /// Nothing could be written: (case, rule) per failure.
    Refused(Vec<(String, e2b::Finding)>),
}

fn load_all(
    conn: &mut DbConnection,
    cases: &[CaseNumber],
) -> Result<Result<Vec<CaseFile>, String>, DbError> {
    let mut files = Vec::with_capacity(cases.len());
    for c in cases {
        match case_loader::load(conn, c)? {
            Some(f) => files.push(f),
            None => return Ok(Err(c.to_string())),
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
        audited::record(
            conn,
            actor,
            Exported::Case {
                case_number: &f.header.case_number,
                format: format.code(),
            },
        )?;
    }
    Ok(())
}

/// What to do when some cases of an E2B batch are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusals {
    /// Write the cases that pass (the command line lists the others).
    WriteTheRest,
    /// Make no file; answer [`Delivery::PartlyRefused`] so a person sees
    /// the refused cases first (the web batch page).
    ShowFirst,
}

/// The cases the interchange exports take when none is named: the ones a
/// reviewer has assessed (status assessed or forwarded).
pub async fn assessed_cases(db: &Db) -> Result<Vec<CaseNumber>, DbError> {
    db.read(crate::db::interchange::assessed_cases).await
}

/// Build the file for `cases` in `format`, audited as `actor`, in one
/// transaction; `refusals` says what happens when some cases of a batch
/// are refused.
pub async fn deliver(
    db: &Db,
    actor: &Actor,
    cases: Vec<CaseNumber>,
    format: Format,
    settings: E2bSettings,
    refusals: Refusals,
) -> Result<Delivery, DbError> {
    let actor = actor.clone();
    db.write(move |conn| deliver_in(conn, &actor, &cases, format, &settings, refusals))
        .await
}

fn deliver_in(
    conn: &mut DbConnection,
    actor: &Actor,
    cases: &[CaseNumber],
    format: Format,
    settings: &E2bSettings,
    refusals: Refusals,
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
                Ok(file) if !file.refused.is_empty() && refusals == Refusals::ShowFirst => {
                    return Ok(Delivery::PartlyRefused {
                        written: file.written,
                        refused: file.refused,
                    });
                }
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
