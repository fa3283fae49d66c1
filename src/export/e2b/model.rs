//! One case as E2B(R3) sees it: every element Canary sends, already mapped
//! to E2B codes, units and partial dates. Built once from a [`CaseFile`]
//! (see `build`); the FDA business rules check this model and the XML
//! writer writes it, so what is checked is exactly what is sent.

use crate::export::case::CaseFile;
use crate::ids::CaseNumber;
use crate::report::options::*;
use crate::report::values::{Span, YearMonth};

/// E2B partial date `CCYYMM` (Canary keeps event dates to the month).
pub fn month(ym: YearMonth) -> String {
    format!("{:04}{:02}", ym.year(), ym.month())
}

/// A number with its UCUM unit (every E2B "a/b" pair is one of these, so
/// half a pair cannot exist).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: String,
    pub unit: &'static str,
}

pub fn span_quantity(span: Span) -> Quantity {
    let unit = match span.unit() {
        TimeUnit::Minutes => "min",
        TimeUnit::Hours => "h",
        TimeUnit::Days => "d",
        TimeUnit::Weeks => "wk",
        TimeUnit::Months => "mo",
        TimeUnit::Years => "a",
    };
    Quantity {
        value: span.value().to_string(),
        unit,
    }
}

/// D.5 sex: an ISO 5218 code or a nullFlavor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SexCode {
    Code(&'static str),
    Null(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Patient {
    /// D.2.2a/b, whole years.
    pub age: Option<Quantity>,
    /// D.2.3 age group code (sent when only a group is known).
    pub age_group: Option<(&'static str, &'static str)>,
    pub sex: SexCode,
    /// D.3 kilograms.
    pub weight_kg: Option<String>,
    /// D.7.2 (always text: FDA rule R0035).
    pub history: String,
    /// D.9: the patient died (a death criterion or the reporter's "died").
    pub death: Option<Death>,
}

/// D.9: Canary has no date of death (D.9.1 goes as nullFlavor UNK); the
/// reported causes are the coded reactions (D.9.2.r), never "death" itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Death {
    /// (MedDRA code, version, the term as text) per cause.
    pub causes: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    pub uuid: String,
    /// E.i.1.1a (language `eng`): Canary's term text.
    pub term: String,
    /// E.i.2.1b, only when the reviewer coded it to the operator's release.
    pub meddra_code: Option<String>,
    /// The MedDRA version that code was chosen in.
    pub meddra_version: Option<String>,
    /// E.i.4 / E.i.5 as `CCYYMM`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// E.i.3.2a–f and FDA.E.i.3.2h of this reaction.
    pub seriousness: Vec<Outcome>,
    /// E.i.6a/b.
    pub duration: Option<Quantity>,
    /// E.i.7 code and label.
    pub outcome: (&'static str, &'static str),
    /// E.i.9.
    pub country: Option<&'static str>,
}

/// One causality assessment of one drug for one reaction (G.k.9.i.2.r).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub reaction_uuid: String,
    pub method: &'static str,
    pub result: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Drug {
    pub uuid: String,
    /// G.k.1 code and label.
    pub role: (&'static str, &'static str),
    /// G.k.2.2 as reported.
    pub name: String,
    /// G.k.2.3.r.1.
    pub substance: Option<String>,
    /// G.k.4.r.1a/b.
    pub dose: Option<Quantity>,
    /// G.k.4.r.2/r.3: one dose every `period` (1 d / n doses a day).
    pub period: Option<Quantity>,
    /// G.k.4.r.5 last administration, `CCYYMM`.
    pub last_use: Option<String>,
    /// G.k.4.r.6a/b.
    pub duration: Option<Quantity>,
    /// G.k.4.r.7.
    pub lot: Option<String>,
    /// G.k.4.r.8.
    pub dosage_text: Option<String>,
    /// G.k.4.r.9.1.
    pub form: Option<String>,
    /// G.k.4.r.10.1.
    pub route: Option<String>,
    /// G.k.7.r.1.
    pub indications: Vec<String>,
    /// G.k.8 code.
    pub action: Option<&'static str>,
    /// G.k.9.i.3.2a/b for every reaction (time from last dose to onset).
    pub last_dose_to_onset: Option<Quantity>,
    /// G.k.9.i.4 code for every reaction.
    pub recurrence: Option<&'static str>,
    pub assessments: Vec<Assessment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Icsr {
    pub case_number: CaseNumber,
    /// C.1.1 = C.1.8.1 = N.2.r.1.
    pub case_id: String,
    /// C.1.4 / C.1.5 to the day (administrative dates, not patient dates).
    pub first_received: String,
    pub most_recent: String,
    /// C.1.7 and FDA.C.1.7.1: the reviewer's decision, `None` while
    /// nobody has decided (the pre-check refuses the case then).
    pub expedited: Option<bool>,
    /// C.2.r.3.
    pub reporter_country: Option<&'static str>,
    /// C.2.r.4 code.
    pub qualification: &'static str,
    pub patient: Patient,
    pub reactions: Vec<Reaction>,
    pub drugs: Vec<Drug>,
    /// E.i.3.2a–f and FDA.E.i.3.2h: observation code and code system of
    /// each criterion that applies.
    pub seriousness: Vec<Outcome>,
    /// H.1.
    pub narrative: String,
    /// H.4 sender's comments.
    pub sender_comment: String,
    /// The MedDRA version the codes belong to (E.i.2.1a): the one version
    /// of every coded reaction, `None` when none is coded or they differ.
    pub meddra_version: Option<String>,
    /// Every version the coded reactions were coded in (rule: one per ICSR).
    pub meddra_versions: Vec<String>,
    /// C.1.10.r: the C.1.1 of each linked report (master or duplicates).
    pub linked: Vec<String>,
}

/// E2B date `CCYYMMDD`.
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The reporter's latest answer about how the person is now.
pub fn latest_state(case: &CaseFile) -> CurrentState {
    case.stored
        .followups
        .iter()
        .rev()
        .find_map(|f| f.current_state)
        .unwrap_or(case.stored.report.current_state)
}
