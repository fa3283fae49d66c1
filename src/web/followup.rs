//! Handlers of the reporter's follow-up pages: open a case with its number
//! and private code, see its status, add information.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use validator::Validate;

use super::{client_key, html, AppError, State};
use crate::crypto::{FollowupCode, IdempotencyKey};
use crate::form::{FieldErrors, RawForm};
use crate::i18n::Lang;
use crate::ids::CaseNumber;
use crate::intake::CodeCheck;
use crate::report::model::MAX_NARRATIVE;
use crate::report::options::{ClosedList, CurrentState, ReportStatus};
use crate::report::stored::{Followup, StoredReport};
use crate::report::values::FreeText;
use crate::views::options::form_in;
use crate::views::report::{FollowupCasePage, FollowupOpenPage, FormState};
use crate::views::Layout;

const REFUSED: &str =
    "We could not find a report with that case number and code. Check both and try again.";

/// The follow-up answers, checked with `validator` before they become typed.
#[derive(Validate)]
struct FollowupAnswers {
    #[validate(length(max = 5000, message = "Please keep this to 5,000 characters or fewer."))]
    narrative: String,
}

fn layout(state: &State, lang: Lang, title: &str) -> Layout {
    Layout::public(title, &state.config.urgent_help, lang, "/follow-up")
}

fn open_page(
    state: &State,
    lang: Lang,
    status: StatusCode,
    form: RawForm,
    errors: FieldErrors,
    message: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let page = FollowupOpenPage {
        layout: layout(state, lang, lang.t().open_page_title),
        f: FormState::new(form, errors).in_lang(lang),
        message: message.map(|m| lang.text(m)),
    };
    Ok(html(status, page.render()?))
}

pub async fn show_form(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    open_page(
        &state,
        super::lang::of(&req, &state),
        StatusCode::OK,
        RawForm::default(),
        FieldErrors::default(),
        None,
    )
}

/// Plain-language status for the reporter.
fn status_words(status: ReportStatus) -> (&'static str, &'static str) {
    match status {
        ReportStatus::New => ("Received", "Your report is waiting for a reviewer."),
        ReportStatus::InReview => ("Being reviewed", "A reviewer is looking at your report."),
        ReportStatus::NeedsInfo => (
            "We need more information",
            "A reviewer would like to know more. Please add anything you can below.",
        ),
        ReportStatus::Assessed | ReportStatus::Forwarded => (
            "Reviewed",
            "A reviewer has assessed your report. Thank you.",
        ),
        ReportStatus::Duplicate => (
            "Handled with another report",
            "We found another report about the same event, so the two are handled as one case. Anything you add here is added to the case our reviewers carry on with.",
        ),
        _ => ("Closed", "This report is closed. Thank you."),
    }
}

/// The case page; `f` (the add-information form) carries the page's language.
fn case_page(
    state: &State,
    status: StatusCode,
    stored: &StoredReport,
    code: &FollowupCode,
    f: FormState,
    added: bool,
) -> Result<HttpResponse, AppError> {
    let lang = f.lang;
    let (words, help) = status_words(stored.status);
    let followups = stored
        .followups
        .iter()
        .map(|f| {
            let what = match (&f.current_state, &f.narrative) {
                (Some(s), Some(n)) => format!("{}. {n}", lang.label(s.label())),
                (Some(s), None) => lang.label(s.label()).to_owned(),
                (None, Some(n)) => n.to_string(),
                (None, None) => String::new(),
            };
            (lang.month_year(f.received_at), what)
        })
        .collect();
    let page = FollowupCasePage {
        layout: layout(state, lang, lang.t().case_page_title),
        f,
        case_number: stored.case_number.to_string(),
        code: code.display(),
        idem: IdempotencyKey::generate().as_str().to_owned(),
        status: lang.label(words),
        status_help: lang.label(help),
        question: stored.info_request.clone(),
        received: lang.month_year(stored.received_at),
        followups,
        states: form_in(lang).current_states,
        added,
        carries_on: stored.status == ReportStatus::Duplicate,
    };
    Ok(html(status, page.render()?))
}

pub async fn post_form(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    // A cross-site POST is refused as on the staff forms (checklist check 30).
    let mut form = super::same_site_form(&req, payload).await?;
    let lang = super::lang::of(&req, &state);
    let bad = form.take_bad_text(|f| f == "narrative");
    if !bad.is_empty() {
        let errors = FieldErrors::from_text_problems(bad);
        return open_page(&state, lang, StatusCode::BAD_REQUEST, form, errors, None);
    }
    let client = client_key(&req, &state);
    let case = form.get("case").to_owned();
    state
        .limiter
        .followup_allowed(client, &case)
        .map_err(|r| AppError::TooManyRequests { retry_after: r.0 })?;

    let code = FollowupCode::parse(form.get("code"));
    // A number of no case's shape names no case.
    let checked = match CaseNumber::parse(&case) {
        Some(number) => state.intake.check_code(&number, code.clone()).await?,
        None => CodeCheck::Refused,
    };
    let stored = match checked {
        CodeCheck::Accepted(stored) => {
            state.limiter.followup_succeeded(client, &case);
            stored
        }
        CodeCheck::Refused => {
            state.limiter.followup_failed(client, &case);
            form.remove("code");
            return open_page(
                &state,
                lang,
                StatusCode::FORBIDDEN,
                form,
                FieldErrors::default(),
                Some(REFUSED),
            );
        }
        CodeCheck::Locked { minutes } => {
            return Err(AppError::TooManyRequests {
                retry_after: (minutes * 60) as u64,
            });
        }
    };
    let Some(code) = code else {
        return Err(AppError::BadRequest("Missing code.".into()));
    };
    if form.get("action") != "add" {
        return case_page(
            &state,
            StatusCode::OK,
            &stored,
            &code,
            FormState::new(RawForm::default(), FieldErrors::default()).in_lang(lang),
            false,
        );
    }

    let mut errors = FieldErrors::default();
    let answers = FollowupAnswers {
        narrative: form.get("narrative").trim().to_owned(),
    };
    if let Err(e) = answers.validate() {
        for (field, list) in e.field_errors() {
            if let Some(msg) = list.first().and_then(|v| v.message.as_ref()) {
                errors.add(field.to_string(), msg.to_string());
            }
        }
    }
    let current_state = match form.value("current_state") {
        None => None,
        Some(v) => CurrentState::from_code(v).or_else(|| {
            errors.add("current_state", "Choose one of the options shown.");
            None
        }),
    };
    let mut scrubbed = std::collections::BTreeSet::new();
    let narrative = FreeText::scrubbed(&answers.narrative, MAX_NARRATIVE, &mut scrubbed)
        .unwrap_or_else(|msg| {
            errors.add("narrative", msg);
            None
        });
    if current_state.is_none() && narrative.is_none() && errors.is_empty() {
        errors.add(
            "narrative",
            "Write what you would like to add, or choose how the person is now.",
        );
    }
    let Some(idem) = IdempotencyKey::parse(form.get("idem")).filter(|_| errors.is_empty()) else {
        if errors.is_empty() {
            errors.add(
                "narrative",
                "This page is out of date. Please add your information again.",
            );
        }
        return case_page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &stored,
            &code,
            FormState::new(form, errors).in_lang(lang),
            false,
        );
    };
    let followup = Followup {
        received_at: crate::intake::now(),
        current_state,
        narrative,
    };
    state
        .intake
        .add_followup(
            stored.id.clone(),
            &idem,
            followup,
            scrubbed.into_iter().collect(),
        )
        .await?;
    tracing::info!(case = %stored.case_number, "follow-up received");
    let refreshed = match state
        .intake
        .check_code(&stored.case_number, Some(code.clone()))
        .await?
    {
        CodeCheck::Accepted(s) => s,
        _ => stored,
    };
    case_page(
        &state,
        StatusCode::OK,
        &refreshed,
        &code,
        FormState::new(RawForm::default(), FieldErrors::default()).in_lang(lang),
        true,
    )
}
