//! Handlers of the public report form: show, re-render (add or remove a
//! product, change a section), check, submit, and the receipt.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::cookie::{Cookie, SameSite};
use super::{client_key, html, read_form, AppError, State};
use crate::auth::csrf::same_origin;
use crate::crypto::IdempotencyKey;
use crate::form::{FieldErrors, RawForm};
use crate::i18n::Lang;
use crate::intake::Submitted;
use crate::report::completeness::SEEN_FIELD;
use crate::report::form::{self as report_form, is_multiline, product_count};
use crate::views::report::{CheckPage, FormPage, FormState, ReceiptPage, ThanksPage};
use crate::views::{guidance, summary, Layout};

const SPENT: &str = "This form has already sent a report. If you want to send another one, check the answers below and send them again.";

/// Carries the receipt to the page that shows it once (an hour at most).
const RECEIPT: Cookie = Cookie {
    base: "canary-receipt",
    same_site: SameSite::Strict,
    max_age: Some(3600),
    max_len: 512,
};

fn layout(state: &State, lang: Lang, title: &str, back: &'static str) -> Layout {
    Layout::public(title, &state.config.urgent_help, lang, back)
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn form_page(
    state: &State,
    lang: Lang,
    status: StatusCode,
    values: RawForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let token = match values.value("token") {
        Some(t) => t.to_owned(),
        None => state.intake.keys().form_token(unix_now()),
    };
    let idem = values
        .value("idem")
        .map(str::to_owned)
        .unwrap_or_else(|| IdempotencyKey::generate().as_str().to_owned());
    let count = product_count(&values);
    let title = if errors.is_empty() {
        lang.t().form_page_title
    } else {
        lang.t().form_page_title_error
    };
    let page = FormPage::new(
        layout(state, lang, title, "/report"),
        FormState::new(values, errors).in_lang(lang),
        count,
        token,
        idem,
    );
    Ok(html(status, page.render()?))
}

pub async fn show_form(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    let lang = super::lang::of(&req, &state);
    let mut values = RawForm::default();
    values.set("country", "US");
    values.set("p0_role", "suspect");
    form_page(&state, lang, StatusCode::OK, values, FieldErrors::default())
}

pub async fn post_form(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, AppError> {
    // A cross-site POST is refused as on the staff forms (checklist check 30).
    if !same_origin(&req) {
        return Err(AppError::Forbidden);
    }
    let lang = super::lang::of(&req, &state);
    let mut form = read_form(&req, payload).await?;
    let action = form.get("action").to_owned();
    form.remove("action");

    let keys = state.intake.keys();
    let issued = keys.verify_form_token(form.get("token"));
    let idem = IdempotencyKey::parse(form.get("idem"));
    let (Some(issued), Some(idem)) = (issued, idem) else {
        return Err(AppError::BadRequest(
            "This form is not valid any more (it may be from an old page).".into(),
        ));
    };
    let age = unix_now() - issued;
    if age < -60 || age > state.config.limits.form_lifetime.as_secs() as i64 {
        return Err(AppError::BadRequest(
            "This form was opened too long ago and has expired.".into(),
        ));
    }
    // A filled honeypot is a bot: answer like a success, store nothing.
    if form.checked("website") {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/report/thanks"))
            .finish());
    }
    form.remove("website");

    let bad = form.take_bad_text(is_multiline);
    if !bad.is_empty() {
        let errors = FieldErrors::from_text_problems(bad);
        return form_page(&state, lang, StatusCode::BAD_REQUEST, form, errors);
    }

    let count = product_count(&form);
    if action == "add_product" {
        form.set(
            "products",
            (count + 1)
                .min(crate::report::model::MAX_PRODUCTS)
                .to_string(),
        );
        form.set(report_form::product_field(count, "role"), "suspect");
        return form_page(&state, lang, StatusCode::OK, form, FieldErrors::default());
    }
    if let Some(k) = action
        .strip_prefix("remove:")
        .and_then(|k| k.parse::<usize>().ok())
    {
        report_form::remove_product(&mut form, k);
        return form_page(&state, lang, StatusCode::OK, form, FieldErrors::default());
    }
    if action.starts_with("edit:") {
        return form_page(&state, lang, StatusCode::OK, form, FieldErrors::default());
    }

    let today = chrono::Utc::now().date_naive();
    let report = match report_form::parse(&form, today) {
        Ok(r) => r,
        Err(errors) => {
            return form_page(&state, lang, StatusCode::UNPROCESSABLE_ENTITY, form, errors)
        }
    };
    let (advice, seen) = guidance::build(&report, &form, lang);
    if let Some(seen) = seen {
        form.set(SEEN_FIELD, seen);
    }
    let check_page = |notice: Option<String>| CheckPage {
        layout: layout(&state, lang, lang.t().check_page_title, "/report")
            .urgent(report.needs_urgent_help()),
        sections: summary::sections_in(&report, lang),
        hidden: form
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        removed: report
            .scrubbed
            .iter()
            .map(|k| lang.label(k.plain_label()))
            .collect(),
        notice: notice.map(|n: String| lang.text(&n)),
        guidance: advice.clone(),
    };
    if action != "submit" {
        return Ok(html(StatusCode::OK, check_page(None).render()?));
    }
    // Too soon, or over a submission limit: show the check page again with
    // every answer kept, so the reporter only has to press Send report later.
    let send_again = |notice: String, retry_after: u64| -> Result<HttpResponse, AppError> {
        let mut response = html(
            StatusCode::TOO_MANY_REQUESTS,
            check_page(Some(notice)).render()?,
        );
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(retry_after.max(1)),
        );
        Ok(response)
    };
    if age < state.config.limits.min_fill.as_secs() as i64 {
        return send_again(
            "That was quicker than we expected. Please check your answers and press Send report again.".into(),
            3,
        );
    }
    if let Err(retry) = state.limiter.submission(client_key(&req, &state)) {
        return send_again(
            format!(
                "We have received many reports from your network in a short time, so this one was not sent yet. Your answers are kept on this page: please wait about {} and press Send report again.",
                wait_text(retry.0)
            ),
            retry.0,
        );
    }

    let urgent = report.needs_urgent_help();
    let token = form.get("token").to_owned();
    let receipt = match state.intake.submit(report, &idem, &token).await? {
        Submitted::Receipt(receipt) => receipt,
        Submitted::TokenSpent => {
            // Another report came from this form already: the form again,
            // every answer kept, with a fresh token and key.
            form.remove("token");
            form.remove("idem");
            let mut errors = FieldErrors::default();
            errors.add("token", SPENT);
            return form_page(&state, lang, StatusCode::CONFLICT, form, errors);
        }
    };
    tracing::info!(case = %receipt.case_number, "report received");
    let cookie = RECEIPT.set(
        &keys.receipt_cookie(&receipt.case_number, &idem, urgent),
        state.config.cookie_secure,
    );
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/report/receipt"))
        .insert_header((header::SET_COOKIE, cookie))
        .finish())
}

/// "45 seconds", "1 minute", "12 minutes".
fn wait_text(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{} seconds", seconds.max(1)),
        60..=119 => "1 minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// Show the receipt once, then forget the cookie that carried it.
pub async fn receipt(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    let lang = super::lang::of(&req, &state);
    let value = RECEIPT.read(&req, state.config.cookie_secure);
    let mut urgent = false;
    let mut shown = None;
    if let Some((case, key, was_urgent)) =
        value.and_then(|v| state.intake.keys().verify_receipt_cookie(&v))
    {
        if let Some(r) = state.intake.receipt_for(&case, &key).await? {
            urgent = was_urgent;
            shown = Some((r.case_number.into_string(), r.code.display()));
        }
    }
    let page = ReceiptPage {
        layout: layout(&state, lang, lang.t().receipt_page_title, "/").urgent(urgent),
        receipt: shown,
    };
    let mut response = html(StatusCode::OK, page.render()?);
    let clear = RECEIPT.clear(state.config.cookie_secure);
    if let Ok(v) = header::HeaderValue::from_str(&clear) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn thanks(req: HttpRequest, state: State) -> Result<HttpResponse, AppError> {
    let lang = super::lang::of(&req, &state);
    Ok(html(
        StatusCode::OK,
        ThanksPage {
            layout: layout(&state, lang, lang.t().thanks_page_title, "/report/thanks"),
        }
        .render()?,
    ))
}
