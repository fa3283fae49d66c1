//! One case as E2B(R3) sees it: every element Canary sends, already mapped
//! to E2B codes, units and partial dates. Built once from a [`CaseFile`];
//! the FDA business rules check this model and the XML writer writes it,
//! so what is checked is exactly what is sent.

use crate::db::assessment::CodingRow;
use crate::export::case::CaseFile;
use crate::report::options::*;
use crate::report::values::{Age, Span, YearMonth};
use crate::review::causality::AssessedEvent;
use crate::review::reaction_details::Details;
use crate::review::terms::ReactionTerm;

use super::narrative;

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
    pub case_number: String,
    /// C.1.1 = C.1.8.1 = N.2.r.1.
    pub case_id: String,
    /// C.1.4 / C.1.5 to the day (administrative dates, not patient dates).
    pub first_received: String,
    pub most_recent: String,
    /// C.1.7 and FDA.C.1.7.1.
    pub expedited: bool,
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

fn uuid_for(case: &str, what: &str, n: usize) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("canary:{case}:{what}:{n}").as_bytes(),
    )
    .to_string()
}

/// E.i.9 / C.2.r.3: every country the reporter can choose has an ISO
/// 3166-1 code, so it is always written.
/// The ISO 3166-1 code, or none for "Don't know" (`ZZ` is no country).
fn country(c: Country) -> Option<&'static str> {
    (c != Country::Other).then(|| c.code())
}

fn outcome(state: CurrentState) -> (&'static str, &'static str) {
    match state {
        CurrentState::Recovered => ("1", "recovered/resolved"),
        CurrentState::Recovering => ("2", "recovering/resolving"),
        CurrentState::NotRecovered => ("3", "not recovered/not resolved/ongoing"),
        CurrentState::LastingEffects => ("4", "recovered/resolved with sequelae"),
        CurrentState::Died => ("5", "fatal"),
        CurrentState::Unknown => ("0", "unknown"),
    }
}

fn patient(case: &CaseFile) -> Patient {
    let r = &case.stored.report;
    let (age, age_group) = match r.age {
        Some(Age::Years(y)) => (
            Some(Quantity {
                value: y.to_string(),
                unit: "a",
            }),
            None,
        ),
        Some(Age::Group(g)) => (
            None,
            match g {
                AgeGroup::Infant => Some(("2", "Infant")),
                AgeGroup::Child => Some(("3", "Child")),
                AgeGroup::Teen => Some(("4", "Adolescent")),
                AgeGroup::Adult => Some(("5", "Adult")),
                AgeGroup::Older | AgeGroup::NinetyPlus => Some(("6", "Elderly")),
                AgeGroup::Unknown => None,
            },
        ),
        None => (None, None),
    };
    let sex = match r.sex {
        Sex::Male => SexCode::Code("1"),
        Sex::Female => SexCode::Code("2"),
        Sex::NotSaid => SexCode::Null("MSK"),
        Sex::Unknown => SexCode::Null("ASKU"),
        Sex::Intersex => SexCode::Null("UNK"),
    };
    let weight_kg = r.weight.map(|w| {
        let kg = match w.unit() {
            WeightUnit::Kg => w.value(),
            WeightUnit::Lb => w.value() * 0.453_592_37,
        };
        format!("{:.1}", kg)
    });
    let died =
        case.seriousness().contains(&Outcome::Death) || latest_state(case) == CurrentState::Died;
    Patient {
        age,
        age_group,
        sex,
        weight_kg,
        history: narrative::history(r),
        death: died.then(|| Death {
            causes: case
                .codings
                .iter()
                .filter(|c| c.term != ReactionTerm::Death.code())
                .filter_map(|c| {
                    let (text, code, version, _) = coded_term(c);
                    Some((code?, version?, text))
                })
                .collect(),
        }),
    }
}

/// The reactions: the reviewer's coded terms when there are any, else the
/// reporter's ticked symptoms (uncoded), plus any event a causality
/// assessment names that is not among them.
fn reactions(case: &CaseFile) -> Vec<Reaction> {
    let r = &case.stored.report;
    let mut terms: Vec<Term> = if case.codings.is_empty() {
        let mut t: Vec<Term> = r
            .symptoms
            .iter()
            .map(|s| (s.label().to_owned(), None, None, None))
            .collect();
        t.extend(r.withdrawal.iter().map(|(w, sev)| {
            (
                format!("{} ({})", w.label(), sev.label().to_lowercase()),
                None,
                None,
                None,
            )
        }));
        if let Some(other) = &r.symptoms_other {
            t.push((other.to_string(), None, None, None));
        }
        t
    } else {
        case.codings.iter().map(coded_term).collect()
    };
    for c in &case.causality {
        let label = AssessedEvent::from_storage(&c.event_assessed).label();
        if !terms.iter().any(|(t, _, _, _)| *t == label) {
            terms.push((label, None, None, None));
        }
    }
    let state = latest_state(case);
    terms
        .into_iter()
        .enumerate()
        .map(|(i, (term, meddra_code, meddra_version, details))| {
            let confirmed = details.is_some();
            let d = details.unwrap_or_else(|| Details {
                seriousness: case.seriousness(),
                outcome: state,
                start: r.onset,
                end: None,
            });
            Reaction {
                uuid: uuid_for(&case.header.case_number, "reaction", i),
                term,
                meddra_code,
                meddra_version,
                start: d.start.map(month),
                end: d.end.map(month),
                seriousness: d.seriousness,
                // The reporter's duration is for the whole episode.
                duration: (!confirmed)
                    .then_some(r.lasted.map(span_quantity))
                    .flatten(),
                outcome: outcome(d.outcome),
                country: country(r.country),
            }
        })
        .collect()
}

/// A reaction's text, MedDRA code and version, and what the reviewer
/// confirmed it means.
type Term = (String, Option<String>, Option<String>, Option<Details>);

fn coded_term(c: &CodingRow) -> Term {
    let term =
        ReactionTerm::from_code(&c.term).map_or_else(|| c.term.clone(), |t| t.label().to_owned());
    let code = c.meddra_code.clone().filter(|m| !m.is_empty());
    let version = code.as_ref().and(c.meddra_version.clone());
    let details = Details::from_storage(
        c.seriousness.as_deref(),
        c.outcome.as_deref(),
        c.started.as_deref(),
        c.ended.as_deref(),
    );
    (term, code, version, details)
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

impl Icsr {
    pub fn from_case(case: &CaseFile, sender_id: &str, sender_country: &str) -> Self {
        let r = &case.stored.report;
        let received = case.stored.received_at.date();
        let latest = case
            .stored
            .followups
            .iter()
            .map(|f| f.received_at.date())
            .max()
            .map_or(received, |f| f.max(received));
        let reactions = reactions(case);
        let mut meddra_versions: Vec<String> = reactions
            .iter()
            .filter_map(|r| r.meddra_version.clone())
            .collect();
        meddra_versions.sort();
        meddra_versions.dedup();
        let drugs = super::drugs::from_case(case, &reactions, |what, n| {
            uuid_for(&case.header.case_number, what, n)
        });
        let seriousness = case.seriousness();
        Self {
            case_number: case.header.case_number.clone(),
            case_id: format!("{sender_country}-{sender_id}-{}", case.header.case_number),
            first_received: day(received),
            most_recent: day(latest),
            expedited: !seriousness.is_empty(),
            reporter_country: country(r.country),
            qualification: match r.reporter {
                ReporterRole::HealthProfessional => "3",
                _ => "5",
            },
            patient: patient(case),
            reactions,
            drugs,
            seriousness,
            narrative: narrative::case_narrative(case),
            sender_comment: narrative::sender_comment(case),
            meddra_version: match meddra_versions.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            },
            meddra_versions,
            linked: case
                .linked
                .iter()
                .map(|n| format!("{sender_country}-{sender_id}-{n}"))
                .collect(),
        }
    }
}
