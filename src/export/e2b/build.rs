//! Building the E2B(R3) model ([`Icsr`]) of one [`CaseFile`]: the patient,
//! the reactions (coded terms or the reporter's symptoms), the drugs
//! ([`super::drugs`]) and the narrative ([`super::narrative`]).

use crate::export::case::CaseFile;
use crate::report::options::*;
use crate::report::values::Age;
use crate::review::causality::AssessedEvent;
use crate::review::reaction_details::CodingRow;
use crate::review::reaction_details::Details;
use crate::review::terms::ReactionTerm;

use super::model::{
    day, latest_state, month, span_quantity, Death, Icsr, Patient, Quantity, Reaction, SexCode,
};
use super::{drugs, narrative};

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
        let drugs = drugs::from_case(case, &reactions, |what, n| {
            uuid_for(&case.header.case_number, what, n)
        });
        let seriousness = case.seriousness();
        Self {
            case_number: case.header.case_number.clone(),
            case_id: format!("{sender_country}-{sender_id}-{}", case.header.case_number),
            first_received: day(received),
            most_recent: day(latest),
            expedited: case.report_type.map(|t| t.expedited()),
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
