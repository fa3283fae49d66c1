//! ICH E2B(R3) ICSR files for one case or a batch, with FDA's regional
//! elements: [`model`] maps a case to E2B values, [`rules`] checks FDA's
//! rejection and warning rules on that model, and the writers
//! ([`header`], [`parties`], [`patient`], [`reactions`], [`drug_xml`], [`assessment`])
//! turn it into HL7 v3 XML with quick-xml. A case with a rejection is left
//! out of a batch and listed (case, element, rule, reason) in the file's
//! opening comment; only when no case passes is nothing written.

mod assessment;
mod build;
mod drug_xml;
pub mod drugs;
mod header;
pub mod model;
pub mod narrative;
mod parties;
mod patient;
mod reactions;
pub mod rules;
mod xml;

use crate::ids::CaseNumber;
use chrono::NaiveDateTime;

use crate::config::E2bSettings;
use crate::export::case::CaseFile;
use crate::report::options::Outcome;
pub use model::Icsr;
pub use rules::{Finding, Severity};

/// N.1.4 for FDA post-market reports (rule R0004).
pub const BATCH_RECEIVER: &str = "ZZFDA";
/// N.2.r.3 when N.1.4 is ZZFDA (rule R0006).
pub const MESSAGE_RECEIVER: &str = "CDER";
/// C.3.1 = 6: other organisation (Canary's operator is neither a company
/// nor a regulator).
pub const SENDER_TYPE: &str = "6";
/// G.k.9.i.2.r.1.
pub const ASSESSMENT_SOURCE: &str = "Canary reviewer";
/// Marker for "ICH observation codes" in helpers that take a code system.
const ICH: &str = "ich";

/// The OIDs of e2b-r3.md §4.
pub mod oid {
    pub const MEDDRA: &str = "2.16.840.1.113883.6.163";
    pub const NCI: &str = "2.16.840.1.113883.3.26.1.1";
    pub const COUNTRY: &str = "1.0.3166.1.2.2";
    pub const SEX: &str = "1.0.5218";
    pub const FDA_REPORT_TYPE: &str = "2.16.840.1.113883.3.989.5.1.2.2.1.1.1";
    pub const FDA_INTERVENTION: &str = "2.16.840.1.113883.3.989.5.1.2.2.1.3";
    /// Identifier roots `…2.1.3.<n>`.
    pub fn id(n: &str) -> String {
        format!("2.16.840.1.113883.3.989.2.1.3.{n}")
    }
    /// ICH code systems `…2.1.1.<n>`.
    pub fn code(n: &str) -> String {
        format!("2.16.840.1.113883.3.989.2.1.1.{n}")
    }
}

/// E.i.3.2a–f and FDA.E.i.3.2h: Canary's criterion, observation code, code
/// system ("" = ICH observation codes) and display name.
pub const SERIOUSNESS: [(Outcome, &str, &str, &str); 7] = [
    (Outcome::Death, "34", "", "resultsInDeath"),
    (Outcome::LifeThreatening, "21", "", "isLifeThreatening"),
    (
        Outcome::Hospitalised,
        "33",
        "",
        "requiresInpatientHospitalization",
    ),
    (
        Outcome::Disability,
        "35",
        "",
        "resultsInPersistentOrSignificantDisability",
    ),
    (
        Outcome::BirthDefect,
        "12",
        "",
        "congenitalAnomalyBirthDefect",
    ),
    (
        Outcome::OtherSerious,
        "26",
        "",
        "otherMedicallyImportantCondition",
    ),
    (
        Outcome::Intervention,
        "7",
        oid::FDA_INTERVENTION,
        "requiredIntervention",
    ),
];

/// What the writers need about the batch.
pub struct Batch<'a> {
    pub number: String,
    pub created: String,
    pub sender_id: &'a str,
    pub settings: &'a E2bSettings,
    pub icsrs: &'a [Icsr],
}

/// A written file, the warnings it carries, and the cases left out.
#[derive(Debug)]
pub struct E2bFile {
    pub xml: Vec<u8>,
    pub warnings: Vec<(String, Finding)>,
    /// Case numbers written, in order.
    pub written: Vec<CaseNumber>,
    /// Rejections of the cases left out (case, finding).
    pub refused: Vec<(String, Finding)>,
}

/// Why no file was written: every rejection, with its case number ("" for
/// batch-level rules).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("FDA business rules failed")]
    Refused(Vec<(String, Finding)>),
    #[error("writing XML: {0}")]
    Io(#[from] std::io::Error),
}

impl ExportError {
    /// One line per failed rule, for the command line.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::Refused(found) => found
                .iter()
                .map(|(case, f)| {
                    let case = if case.is_empty() { "batch" } else { case };
                    format!("{case}: rule {} ({}): {}", f.rule, f.element, f.message)
                })
                .collect(),
            Self::Io(e) => vec![e.to_string()],
        }
    }
}

/// Build, check and write an E2B(R3) batch of `cases` created at `now`.
/// `meddra_loaded`: the operator has an active MedDRA release, so an
/// uncoded reaction is a rejection rather than a "not submittable" mark.
pub fn export(
    cases: &[CaseFile],
    settings: &E2bSettings,
    now: NaiveDateTime,
    meddra_loaded: bool,
) -> Result<E2bFile, ExportError> {
    let sender_id = settings.sender_id.as_deref().unwrap_or("");
    let batch: Vec<(String, Finding)> = rules::check_batch(settings, cases.len())
        .into_iter()
        .map(|f| (String::new(), f))
        .collect();
    if !batch.is_empty() {
        return Err(ExportError::Refused(batch));
    }
    let mut icsrs: Vec<Icsr> = Vec::with_capacity(cases.len());
    let (mut refused, mut warnings) = (Vec::new(), Vec::new());
    for c in cases {
        let icsr = Icsr::from_case(c, sender_id, &settings.country);
        let (rejections, warns): (Vec<_>, Vec<_>) = rules::check(&icsr, now, meddra_loaded)
            .into_iter()
            .map(|f| (icsr.case_number.to_string(), f))
            .partition(|(_, f)| f.severity == Severity::Reject);
        if rejections.is_empty() {
            warnings.extend(warns);
            icsrs.push(icsr);
        } else {
            refused.extend(rejections);
        }
    }
    if icsrs.is_empty() {
        return Err(ExportError::Refused(refused));
    }
    let mut x = xml::Xml::new()?;
    if !warnings.is_empty() || !refused.is_empty() {
        let mut note = String::new();
        if !refused.is_empty() {
            note.push_str(" Canary: cases left out of this batch (FDA would reject them):");
            for (case, f) in &refused {
                note.push_str(&format!(
                    "\n {case}: {} ({}): {}",
                    f.element, f.rule, f.message
                ));
            }
            note.push('\n');
        }
        if !warnings.is_empty() {
            note.push_str(" Canary: FDA warnings; check before submitting:");
            for (case, w) in &warnings {
                note.push_str(&format!(
                    "\n {case}: {} ({}): {}",
                    w.rule, w.element, w.message
                ));
            }
            note.push('\n');
        }
        x.comment(&note)?;
    }
    let number = match icsrs.as_slice() {
        [one] => one.case_number.to_string(),
        _ => format!("CANARY-BATCH-{}", now.format("%Y%m%d%H%M%S")),
    };
    header::write_batch(
        &mut x,
        &Batch {
            number,
            created: format!("{}+0000", now.format("%Y%m%d%H%M%S")),
            sender_id,
            settings,
            icsrs: &icsrs,
        },
    )?;
    Ok(E2bFile {
        xml: x.finish(),
        warnings,
        written: icsrs.into_iter().map(|i| i.case_number).collect(),
        refused,
    })
}
