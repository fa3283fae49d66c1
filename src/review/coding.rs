//! Coding a report's reactions: where each coded reaction came from, the
//! suggested set for a new report, reading the reviewer's form, and saving a
//! new set as per-term changes, each with its audit event.

use crate::audit::{self, Actor, Event};
use crate::db::assessment as q;
use crate::db::{DbConnection, DbError};
use crate::form::{FieldErrors, RawForm};
use crate::ids::ReportId;
use crate::report::options::{ClosedList, ReportKind};
use crate::report::symptoms::{Symptom, WithdrawalSymptom};
use crate::report::NewReport;

use super::reaction_details::{field, CodingRow, Details};
use super::reason;
use super::terms::{MeddraCode, ReactionTerm};

/// Most rows the coding form may send.
pub const MAX_ROWS: usize = 100;

/// What part of the report a coded reaction was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodingSource {
    Symptom(Symptom),
    Withdrawal(WithdrawalSymptom),
    /// The withdrawal checklist as a whole (for "withdrawal syndrome").
    WithdrawalList,
    /// The reporter's "other symptoms" text.
    OtherText,
    Narrative,
}

impl CodingSource {
    /// The form's code; the database keeps the same except '' for the narrative.
    pub fn code(self) -> String {
        match self {
            Self::Symptom(s) => format!("symptom:{}", s.code()),
            Self::Withdrawal(w) => format!("withdrawal:{}", w.code()),
            Self::WithdrawalList => "withdrawal".into(),
            Self::OtherText => "other".into(),
            Self::Narrative => "narrative".into(),
        }
    }

    pub fn storage(self) -> String {
        match self {
            Self::Narrative => String::new(),
            other => other.code(),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "" | "narrative" => Self::Narrative,
            "withdrawal" => Self::WithdrawalList,
            "other" => Self::OtherText,
            _ => match code.split_once(':')? {
                ("symptom", c) => Self::Symptom(Symptom::from_code(c)?),
                ("withdrawal", c) => Self::Withdrawal(WithdrawalSymptom::from_code(c)?),
                _ => return None,
            },
        })
    }

    pub fn label(self) -> String {
        match self {
            Self::Symptom(s) => format!("Ticked: {}", s.label()),
            Self::Withdrawal(w) => format!("Withdrawal symptom: {}", w.label()),
            Self::WithdrawalList => "The withdrawal symptoms together".into(),
            Self::OtherText => "The \u{201c}other symptoms\u{201d} text".into(),
            Self::Narrative => "The narrative".into(),
        }
    }

    /// Every source this report offers, in the order the form shows them.
    pub fn of_report(r: &NewReport) -> Vec<Self> {
        let mut all: Vec<Self> = r.symptoms.iter().map(|s| Self::Symptom(*s)).collect();
        all.extend(r.withdrawal.iter().map(|(w, _)| Self::Withdrawal(*w)));
        if !r.withdrawal.is_empty() || r.kind == ReportKind::Withdrawal {
            all.push(Self::WithdrawalList);
        }
        if r.symptoms_other.is_some() {
            all.push(Self::OtherText);
        }
        all.push(Self::Narrative);
        all
    }
}

/// One coded reaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub term: ReactionTerm,
    pub source: CodingSource,
    /// A current LLT of the operator's release (checked on save).
    pub meddra: Option<MeddraCode>,
    /// The MedDRA version `meddra` was coded in.
    pub meddra_version: Option<String>,
    /// What it means, once a reviewer confirmed it (else the case's).
    pub details: Option<Details>,
}

impl Coding {
    /// How the audit trail shows it.
    pub fn describe(&self) -> String {
        format!(
            "term={}; source={}; meddra={}{}",
            self.term.code(),
            self.source.code(),
            self.meddra.as_ref().map_or("", |m| m.as_str()),
            self.meddra_version
                .as_ref()
                .map_or_else(String::new, |v| format!(" (MedDRA {v})")),
        ) + &self
            .details
            .as_ref()
            .map_or_else(String::new, |d| format!("; {}", d.describe()))
    }
}

/// The suggested coding of a report nobody has coded yet: one term per
/// ticked or rated symptom (the first source wins when two suggest the same
/// term), plus "withdrawal syndrome" when withdrawal symptoms were rated.
pub fn suggestions(r: &NewReport) -> Vec<Coding> {
    let mut out: Vec<Coding> = Vec::new();
    let mut add = |term: ReactionTerm, source: CodingSource| {
        if !out.iter().any(|c| c.term == term) {
            out.push(Coding {
                term,
                source,
                meddra: None,
                meddra_version: None,
                details: None,
            });
        }
    };
    for s in &r.symptoms {
        if let Some(term) = ReactionTerm::for_symptom(*s) {
            add(term, CodingSource::Symptom(*s));
        }
    }
    if !r.withdrawal.is_empty() {
        add(
            ReactionTerm::WithdrawalSyndrome,
            CodingSource::WithdrawalList,
        );
    }
    for (w, _) in &r.withdrawal {
        add(
            ReactionTerm::for_withdrawal(*w),
            CodingSource::Withdrawal(*w),
        );
    }
    out
}

/// A submitted coding form: the set, the form row of each, and the reason.
pub struct Submission {
    pub codings: Vec<Coding>,
    pub rows: Vec<usize>,
    pub reason: String,
}

/// Read the coding form; `sources` are the ones this report offers.
pub fn parse(form: &RawForm, sources: &[CodingSource]) -> Result<Submission, FieldErrors> {
    let mut errors = FieldErrors::default();
    let rows = form.get("rows").parse::<usize>().unwrap_or(0).min(MAX_ROWS);
    let mut codings: Vec<Coding> = Vec::new();
    let mut at: Vec<usize> = Vec::new();
    let today = crate::db::now().date();
    for i in 0..rows {
        let (t, s, m) = (field(i, "term"), field(i, "source"), field(i, "meddra"));
        let meddra = MeddraCode::parse(form.get(&m)).map_err(|e| errors.add(&m, e));
        let Some(term_code) = form.value(&t) else {
            if matches!(meddra, Ok(Some(_))) {
                errors.add(&t, "Choose the reaction term this MedDRA code belongs to.");
            }
            continue;
        };
        let Some(term) = ReactionTerm::from_code(term_code) else {
            errors.add(&t, "Choose a term from the list.");
            continue;
        };
        let source = match form.value(&s).and_then(CodingSource::parse) {
            Some(src) if sources.contains(&src) => src,
            _ => {
                errors.add(&s, "Choose where in the report this reaction was found.");
                continue;
            }
        };
        if codings.iter().any(|c| c.term == term) {
            errors.add(
                &t,
                format!(
                    "\u{201c}{}\u{201d} is already coded above; code each term once.",
                    term.label()
                ),
            );
            continue;
        }
        // A row without the outcome field (a client that does not send the
        // per-reaction answers) keeps the case-level ones, unconfirmed.
        let outcome = field(i, "outcome");
        let details = if form.iter().any(|(k, _)| k == outcome) {
            Details::parse(form, i, today, &mut errors).map(Some)
        } else {
            Some(None)
        };
        if let (Ok(meddra), Some(details)) = (meddra, details) {
            at.push(i);
            codings.push(Coding {
                term,
                source,
                meddra,
                meddra_version: None,
                details,
            });
        }
    }
    let reason = reason::required(
        form.get("reason"),
        reason::MAX_REASON,
        "Say why you are saving this coding (it goes in the audit trail).",
    )
    .map_err(|e| errors.add("reason", e));
    match reason {
        Ok(reason) if errors.is_empty() => Ok(Submission {
            codings,
            rows: at,
            reason,
        }),
        _ => Err(errors),
    }
}

/// The report's current coding (rows that do not parse are left out; see
/// [`load_checked`]).
pub fn load(conn: &mut DbConnection, report_id: &ReportId) -> Result<Vec<Coding>, DbError> {
    Ok(load_checked(conn, report_id)?.0)
}

/// The report's current coding, and a plain description of each stored
/// row that does not parse (so a page can say so instead of failing).
pub fn load_checked(
    conn: &mut DbConnection,
    report_id: &ReportId,
) -> Result<(Vec<Coding>, Vec<String>), DbError> {
    let mut damaged = Vec::new();
    let codings = q::codings(conn, report_id)?
        .into_iter()
        .filter_map(|row| {
            let term = ReactionTerm::from_code(&row.term);
            let source = CodingSource::parse(&row.source);
            let meddra = match row.meddra_code.as_deref().map(MeddraCode::parse) {
                None => Ok(None),
                Some(Ok(code)) => Ok(code),
                Some(Err(e)) => Err(e),
            };
            match (term, source, meddra) {
                (Some(term), Some(source), Ok(meddra)) => Ok(Coding {
                    term,
                    source,
                    meddra,
                    meddra_version: row.meddra_version,
                    details: Details::from_storage(
                        row.seriousness.as_deref(),
                        row.outcome.as_deref(),
                        row.started.as_deref(),
                        row.ended.as_deref(),
                    ),
                }),
                _ => Err(format!(
                    "term \u{201c}{}\u{201d} read from \u{201c}{}\u{201d}{}",
                    row.term,
                    row.source,
                    row.meddra_code
                        .as_ref()
                        .map_or_else(String::new, |m| format!(", MedDRA {m}"))
                )),
            }
            .map_err(|e| damaged.push(e))
            .ok()
        })
        .collect();
    Ok((codings, damaged))
}

/// Replace the report's coding with `new`: each removed, added or changed
/// term is one row change and one audit event with `reason`. Runs in the
/// caller's write transaction; returns the number of changes.
pub fn save(
    conn: &mut DbConnection,
    actor: &Actor,
    report_id: &ReportId,
    new: &[Coding],
    reason: &str,
) -> Result<usize, DbError> {
    let old = load(conn, report_id)?;
    let by = actor.staff_id();
    let now = crate::db::now();
    let mut changes = 0;
    // Logged under the case number, where the case's History looks.
    let case = crate::db::review::case_number_of(conn, report_id)?
        .ok_or_else(|| DbError::Corrupt(format!("no case for report {report_id}")))?;
    let mut record = |conn: &mut DbConnection,
                      action: &'static str,
                      old: Option<&Coding>,
                      new: Option<&Coding>| {
        changes += 1;
        let event = Event {
            reason: Some(reason.to_owned()),
            ..Event::new(action, "report", Some(&case)).change(
                "coded_reaction",
                old.map(Coding::describe).as_deref(),
                new.map(Coding::describe).as_deref(),
            )
        };
        audit::append(conn, actor, event).map(|_| ())
    };
    for before in &old {
        if !new.iter().any(|c| c.term == before.term) {
            q::delete_coding(conn, report_id, before.term.code())?;
            record(conn, "reaction_uncoded", Some(before), None)?;
        }
    }
    for after in new {
        let stored = after.details.as_ref().map(Details::storage);
        let row = CodingRow {
            term: after.term.code().to_owned(),
            source: after.source.storage(),
            meddra_code: after.meddra.as_ref().map(|m| m.as_str().to_owned()),
            meddra_version: after.meddra_version.clone(),
            seriousness: stored.as_ref().map(|s| s.0.clone()),
            outcome: stored.as_ref().map(|s| s.1.clone()),
            started: stored.as_ref().and_then(|s| s.2.clone()),
            ended: stored.as_ref().and_then(|s| s.3.clone()),
        };
        match old.iter().find(|c| c.term == after.term) {
            Some(before) if before == after => {}
            Some(before) => {
                q::update_coding(conn, report_id, &row, &by, now)?;
                record(conn, "reaction_recoded", Some(before), Some(after))?;
            }
            None => {
                q::insert_coding(conn, report_id, &row, &by, now)?;
                record(conn, "reaction_coded", None, Some(after))?;
            }
        }
    }
    Ok(changes)
}
