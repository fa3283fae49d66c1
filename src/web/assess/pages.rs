//! Building the three assessment pages from what is stored, or from a
//! rejected form (shown again with 422 and every answer kept).

use actix_web::HttpResponse;

use super::{bar, can_edit, layout, render, AppError, Posted, State};
use crate::auth::sessions::CurrentSession;
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;
use crate::report::options::ClosedList;
use crate::report::stored::StoredReport;
use crate::review::assess::{self, CausalityFile};
use crate::review::causality::{
    Answers, AssessedEvent, CausalityRow, NaranjoBand, WhoUmc, QUESTIONS,
};
use crate::review::duplicates::THRESHOLD;
use crate::review::{actions, decisions};
use crate::views::assess::*;
use crate::views::options::{intern, Opt};
use crate::views::report::FormState;

/// Record that `session` saw the case's narrative (a `view` event).
pub(super) async fn viewed(
    state: &State,
    session: &CurrentSession,
    case: &CaseNumber,
) -> Result<(), AppError> {
    match actions::record_view(state.intake.db(), session.actor(), case).await {
        Ok(()) | Err(actions::ActionError::Refused(_)) => Ok(()),
        Err(actions::ActionError::NotFound) => Err(AppError::NotFound),
        Err(actions::ActionError::Db(e)) => Err(e.into()),
    }
}

fn saved_assessment(row: &CausalityRow) -> SavedAssessment {
    let answers = Answers::from_letters(&row.naranjo_answers);
    SavedAssessment {
        event: AssessedEvent::from_storage(&row.event_assessed).label(),
        who_umc: WhoUmc::from_code(&row.who_umc).map_or("unknown", WhoUmc::label),
        score: row.naranjo_score,
        band: NaranjoBand::from_code(&row.naranjo_band).map_or("unknown", NaranjoBand::label),
        answers: QUESTIONS
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let a = answers.map_or("unknown", |a| a.0[i].label());
                (format!("{}. {}", i + 1, q.text), a)
            })
            .collect(),
        rationale: row.rationale.clone(),
        assessed: row.assessed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The causality form filled with a stored assessment.
fn causality_form(position: i32, row: Option<&CausalityRow>) -> RawForm {
    let mut form = RawForm::default();
    let Some(row) = row else { return form };
    let f = |n: &str| crate::review::causality::field(position, n);
    match AssessedEvent::from_storage(&row.event_assessed) {
        AssessedEvent::Term(t) => form.set(f("event"), format!("term:{}", t.code())),
        AssessedEvent::Text(text) => {
            form.set(f("event"), "text");
            form.set(f("event_other"), text);
        }
    }
    form.set(f("who_umc"), row.who_umc.clone());
    for (i, letter) in row.naranjo_answers.chars().enumerate().take(10) {
        form.set(f(&format!("q{}", i + 1)), letter.to_string());
    }
    form.set(f("rationale"), row.rationale.clone());
    form
}

pub async fn causality(
    state: &State,
    session: &CurrentSession,
    stored: StoredReport,
    posted: Option<(i32, RawForm, FieldErrors)>,
    saved: bool,
) -> Result<HttpResponse, AppError> {
    let CausalityFile {
        products,
        rows,
        codings,
        damaged,
    } = assess::causality_file(state.intake.db(), stored.id.clone()).await?;
    let mut events: Vec<Opt> = codings
        .iter()
        .map(|c| Opt {
            code: intern(format!("term:{}", c.term.code())),
            label: c.term.label(),
        })
        .collect();
    for row in &rows {
        if let AssessedEvent::Term(t) = AssessedEvent::from_storage(&row.event_assessed) {
            if !codings.iter().any(|c| c.term == t) {
                let code = intern(format!("term:{}", t.code()));
                events.push(Opt {
                    code,
                    label: t.label(),
                });
            }
        }
    }
    events.push(Opt {
        code: "text",
        label: "Something else (describe it below)",
    });
    let mut invalid = false;
    let mut posted = posted;
    let sections = products
        .into_iter()
        .map(|p| {
            let row = rows.iter().find(|r| r.product_id == p.id);
            let f = match posted.take() {
                Some((pos, form, errors)) if pos == p.position => {
                    invalid = true;
                    FormState::new(form, errors)
                }
                other => {
                    posted = other;
                    FormState::new(causality_form(p.position, row), FieldErrors::default())
                }
            };
            ProductSection::new(p.position, p.label, f, row.map(saved_assessment))
        })
        .collect();
    let r = &stored.report;
    let opt = |v: Option<String>| v.unwrap_or_else(|| "Not given".into());
    let facts = vec![
        ("What was reported", r.kind.label().to_owned()),
        ("When it started", opt(r.onset.map(|m| m.to_string()))),
        (
            "How long after a dose",
            opt(r.onset_after.map(|s| s.to_string())),
        ),
        (
            "Time since last dose (withdrawal)",
            opt(r.last_dose.map(|s| s.to_string())),
        ),
        (
            "Stopped when the product was stopped?",
            r.dechallenge.label().to_owned(),
        ),
        (
            "Came back when restarted?",
            r.rechallenge.label().to_owned(),
        ),
        (
            "Also used",
            opt(Some(
                r.co_used
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
            .filter(|s| !s.is_empty())),
        ),
        (
            "Health conditions",
            opt(r.health_conditions.as_ref().map(ToString::to_string)),
        ),
    ];
    let page = CausalityPage {
        layout: layout(state, &format!("Causality in case {}", stored.case_number)),
        bar: bar(session),
        case_number: stored.case_number.to_string(),
        can_edit: can_edit(session),
        saved,
        facts,
        products: sections,
        events,
        criteria: who_criteria(),
        who_options: &WHO_UMC,
        answers: &ANSWERS,
        damaged,
    };
    render(page, invalid)
}

pub async fn duplicates(
    state: &State,
    session: &CurrentSession,
    case: CaseNumber,
    posted: Posted,
    saved: bool,
) -> Result<HttpResponse, AppError> {
    viewed(state, session, &case).await?;
    let found = decisions::duplicates_file(state.intake.db(), case).await?;
    let Some(decisions::DuplicatesFile {
        this,
        master,
        linked,
        candidates,
    }) = found
    else {
        return Err(AppError::NotFound);
    };
    let (form, errors) = posted.unwrap_or_default();
    let invalid = !errors.is_empty();
    let page = DuplicatesPage {
        layout: layout(
            state,
            &format!("Possible duplicates of case {}", this.case_number),
        ),
        bar: bar(session),
        case_number: this.case_number.into_string(),
        can_edit: can_edit(session),
        saved,
        duplicate_of: master.map(CaseNumber::into_string),
        linked: linked
            .into_iter()
            .map(|c| c.case_number.into_string())
            .collect(),
        candidate_options: candidates
            .iter()
            // Case numbers are unbounded, so not interned like field names.
            .map(|c| {
                (
                    c.case_number.to_string(),
                    format!("{} (score {:.2})", c.case_number, c.score),
                )
            })
            .collect(),
        candidates: candidates
            .into_iter()
            .map(|c| CandidateLine {
                case_number: c.case_number.into_string(),
                score: format!("{:.2}", c.score),
                reasons: c.reasons.join("; "),
            })
            .collect(),
        decisions: DECISIONS,
        f: FormState::new(form, errors),
        threshold: format!("{THRESHOLD:.1}"),
    };
    render(page, invalid)
}
