//! The reactions page and its two forms: what the reporter said, the coded
//! reactions with their MedDRA terms, the coding form (suggestions from the
//! active release for a new case), the MedDRA word search with its hits,
//! and the handlers saving a coding or a chosen LLT.

use actix_web::{web, HttpRequest, HttpResponse};

use super::{
    bar, can_edit, layout, load, posted, render, saved, see_page, AppError, Posted, State,
};
use crate::auth::roles::{AnyStaff, RequireReviewer};
use crate::auth::sessions::CurrentSession;
use crate::form::{FieldErrors, RawForm};
use crate::meddra::LltRow;
use crate::report::options::ClosedList;
use crate::report::stored::StoredReport;
use crate::review::coding::{self, Coding, CodingSource};
use crate::review::reactions::{self, ReactionsFile};
use crate::review::reason;
use crate::review::terms::ReactionTerm;
use crate::views::assess::*;
use crate::views::options::Opt;
use crate::views::report::FormState;
use crate::web::staff_guard::Staff;

/// The word search as asked (GET `term` and `find`), and a rejected choice.
#[derive(Default)]
pub struct Search {
    pub query: RawForm,
    pub pick: Option<(RawForm, FieldErrors)>,
}

fn meddra_text(c: &Coding, llt: Option<&LltRow>) -> String {
    let Some(code) = &c.meddra else {
        return String::new();
    };
    let version = c
        .meddra_version
        .as_deref()
        .unwrap_or("version not recorded");
    match llt {
        Some(l) => format!(
            "{} ({code}); PT: {}; SOC: {}; MedDRA {version}",
            l.llt_name, l.pt_name, l.soc_name
        ),
        None => format!("{code}; MedDRA {version}"),
    }
}

pub async fn page(
    state: &State,
    session: &CurrentSession,
    stored: StoredReport,
    posted: Posted,
    saved: bool,
    search: Search,
) -> Result<HttpResponse, AppError> {
    // The page shows the narrative: record the view.
    super::pages::viewed(state, session, &stored.case_number).await?;
    let find = search.query.value("find").map(str::to_owned);
    let ReactionsFile {
        current,
        damaged,
        llts,
        release,
        start,
        hits,
    } = reactions::open(
        state.intake.db(),
        stored.id.clone(),
        stored.report.clone(),
        find,
    )
    .await?;
    let lines: Vec<CodedLine> = current
        .iter()
        .zip(&llts)
        .map(|(cd, llt)| CodedLine {
            term_code: cd.term.code(),
            term: cd.term.label(),
            source: cd.source.label(),
            meddra: meddra_text(cd, llt.as_ref()),
            words: crate::meddra::search_words(cd.term).replace(' ', "+"),
        })
        .collect();
    let r = &stored.report;
    let suggested = current.is_empty();
    let (f, row_count) = match posted {
        Some((form, errors)) => {
            let count = form.get("rows").parse::<usize>().unwrap_or(0);
            (FormState::new(form, errors), count.min(coding::MAX_ROWS))
        }
        None => {
            let reported = crate::review::reaction_details::Details::reported(&stored);
            let (form, count) = coding_form(&start, &reported);
            (FormState::new(form, FieldErrors::default()), count)
        }
    };
    let (pick, pick_invalid) = match search.pick {
        Some((form, errors)) => (FormState::new(form, errors), true),
        None => (
            FormState::new(RawForm::default(), FieldErrors::default()),
            false,
        ),
    };
    let search_term = ReactionTerm::from_code(search.query.get("term"))
        .filter(|t| current.iter().any(|c| c.term == *t));
    let invalid = !f.errors.is_empty() || pick_invalid;
    let page = ReactionsPage {
        layout: layout(state, &format!("Reactions in case {}", stored.case_number)),
        bar: bar(session),
        case_number: stored.case_number.to_string(),
        can_edit: can_edit(session),
        saved,
        suggested,
        symptoms: r.symptoms.iter().map(|s| s.label().to_owned()).collect(),
        withdrawal: r
            .withdrawal
            .iter()
            .map(|(w, s)| format!("{}: {}", w.label(), s.label()))
            .collect(),
        symptoms_other: r.symptoms_other.as_ref().map(ToString::to_string),
        narrative: r.narrative.as_ref().map(ToString::to_string),
        current: lines,
        damaged,
        f,
        rows: coding_lines(row_count),
        row_count,
        sources: source_options(&CodingSource::of_report(r)),
        terms: &TERMS,
        criteria: &CRITERIA,
        states: &STATES,
        release,
        searched: search_term.is_some() && search.query.value("find").is_some(),
        search_label: search_term.map_or("", ReactionTerm::label),
        search: FormState::new(search.query, FieldErrors::default()),
        hits: hits
            .into_iter()
            .map(|h| HitLine {
                code: h.llt_code,
                name: h.llt_name,
                pt: h.pt_name,
                soc: h.soc_name,
            })
            .collect(),
        pick,
        coded_terms: current
            .iter()
            .map(|c| Opt {
                code: c.term.code(),
                label: c.term.label(),
            })
            .collect(),
    };
    render(page, invalid)
}

pub async fn reactions(
    req: HttpRequest,
    state: State,
    staff: Staff<AnyStaff>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let stored = load(&state, &case).await?.ok_or(AppError::NotFound)?;
    let query = RawForm::decode(req.query_string().as_bytes()).unwrap_or_default();
    let search = Search { query, pick: None };
    page(&state, &staff.session, stored, None, saved(&req), search).await
}

pub async fn save_reactions(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (form, stored) = posted(&req, payload, &state, &staff.session, case).await?;
    let sources = coding::CodingSource::of_report(&stored.report);
    let (session, search) = (&staff.session, Search::default());
    let submission = match coding::parse(&form, &sources) {
        Ok(s) => s,
        Err(errors) => {
            let posted = Some((form, errors));
            return page(&state, session, stored, posted, false, search).await;
        }
    };
    let (actor, id) = (staff.session.actor(), stored.id.clone());
    let outcome = reactions::save(state.intake.db(), actor, id, submission).await?;
    match outcome {
        Ok(_) => Ok(see_page(&stored.case_number, "reactions")),
        Err(errors) => {
            let posted = Some((form, errors));
            page(&state, session, stored, posted, false, search).await
        }
    }
}

/// Code one coded reaction to the LLT chosen among the search hits.
pub async fn choose_meddra(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    staff: Staff<RequireReviewer>,
    case: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (form, stored) = posted(&req, payload, &state, &staff.session, case).await?;
    let mut errors = FieldErrors::default();
    let llt = form.value("llt").map(str::to_owned);
    if llt.is_none() {
        errors.add("llt", "Choose one of the terms found.");
    }
    let why = reason::required(
        form.get("pick_reason"),
        reason::MAX_REASON,
        "Say why this term fits (it goes in the audit trail).",
    )
    .map_err(|e| errors.add("pick_reason", e));
    let mut query = RawForm::default();
    query.set("term", form.get("term"));
    query.set("find", form.get("find"));
    let (Some(llt), Ok(why)) = (llt, why) else {
        let search = Search {
            query,
            pick: Some((form, errors)),
        };
        return page(&state, &staff.session, stored, None, false, search).await;
    };
    let (actor, id, term) = (
        staff.session.actor(),
        stored.id.clone(),
        form.get("term").to_owned(),
    );
    let outcome = reactions::choose(state.intake.db(), actor, id, term, llt, why).await?;
    match outcome {
        Ok(()) => Ok(see_page(&stored.case_number, "reactions")),
        Err(problem) => {
            errors.add("llt", problem);
            let search = Search {
                query,
                pick: Some((form, errors)),
            };
            page(&state, &staff.session, stored, None, false, search).await
        }
    }
}
