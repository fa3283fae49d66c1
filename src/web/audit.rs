//! Handlers of the admins' audit page (`/staff/audit`) and its CSV download
//! (`/staff/audit.csv`): the query string is parsed into an
//! `AuditFilter` by `audit::search` (an unknown case, person or action is
//! named, not ignored), the events are read newest first a page at a time, and each
//! is printed in the same plain words as a case's History. The download is
//! itself an audit event.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::review::history::{describe, who};
use super::staff::{bar, layout};
use super::{html, AppError, State};
use crate::audit::filter::{query_of, AUDIT_PAGE};
use crate::audit::search::{self, AuditPageFile, Download};
use crate::audit::stored::AuditRow;
use crate::auth::roles::RequireAdmin;
use crate::export::csv::cell;
use crate::form::RawForm;
use crate::views::audit::{AuditLine, AuditPage};
use crate::views::options::{intern, Opt};
use crate::views::report::FormState;
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

pub(super) const ROUTES: &[Route] = routes![
    Get "/staff/audit" ManageUsers FallThrough => page,
    Get "/staff/audit.csv" ManageUsers FallThrough => download,
];

/// The case number an event is about (older events carry the internal id).
fn case_of(row: &AuditRow, numbers: &HashMap<String, String>) -> Option<String> {
    let id = row
        .entity_id
        .as_deref()
        .filter(|_| row.entity == "report")?;
    Some(numbers.get(id).cloned().unwrap_or_else(|| id.to_owned()))
}

fn read_query(req: &HttpRequest) -> Result<RawForm, AppError> {
    RawForm::decode(req.query_string().as_bytes())
        .map_err(|_| AppError::BadRequest("The search could not be read.".into()))
}

pub async fn page(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let query = read_query(&req)?;
    let AuditPageFile {
        filter,
        errors,
        choices,
        rows,
        total,
        emails,
        numbers,
    } = search::page(state.intake.db(), query.clone()).await?;
    let pages = ((total + AUDIT_PAGE - 1) / AUDIT_PAGE).max(1);
    let mut people = vec![
        Opt {
            code: "reporter",
            label: "The reporter (public pages)",
        },
        Opt {
            code: "cli",
            label: "Command line",
        },
    ];
    people.extend(choices.people.into_iter().map(|(id, email)| Opt {
        code: intern(id),
        label: intern(email),
    }));
    let actions = choices
        .actions
        .into_iter()
        .map(|a| {
            let code = intern(a);
            Opt {
                code,
                label: intern(code.replace('_', " ")),
            }
        })
        .collect();
    let lines = rows
        .iter()
        .map(|r| AuditLine {
            seq: r.seq,
            at: r.at_utc.format("%Y-%m-%d %H:%M:%S").to_string(),
            who: who(r, &emails),
            role: r.actor_role.clone(),
            case: case_of(r, &numbers),
            what: describe(r, &emails),
            reason: r.reason.clone(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = AuditPage {
        layout: layout(&state, "Audit trail").wide(),
        bar: bar(&staff.session),
        f: FormState::new(query, errors),
        people,
        actions,
        lines,
        total,
        page: filter.page,
        pages,
        prev: (filter.page > 1).then(|| query_of(&filter, filter.page - 1)),
        next: (filter.page < pages).then(|| query_of(&filter, filter.page + 1)),
        query: query_of(&filter, 1),
    };
    Ok(html(status, view.render()?))
}

const HEADER: [&str; 13] = [
    "seq",
    "at_utc",
    "who",
    "role",
    "action",
    "what",
    "case",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "reason",
];

/// The matching events as CSV, every cell formula-neutralised; recorded as
/// an `audit_exported` event naming the filter.
pub async fn download(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAdmin>,
) -> Result<HttpResponse, AppError> {
    let query = read_query(&req)?;
    let actor = staff.session.actor();
    let outcome = search::download(state.intake.db(), actor, query).await?;
    let Download {
        rows,
        numbers,
        emails,
    } = match outcome {
        Ok(found) => found,
        Err(errors) => {
            let first = errors.iter().next().map(|e| e.message.clone());
            return Err(AppError::BadRequest(first.unwrap_or_default()));
        }
    };
    let mut w = cell::writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::Internal(format!("audit csv: {e}"));
    cell::write_row(&mut w, &HEADER[..]).map_err(csv_err)?;
    for r in &rows {
        let cells = [
            r.seq.to_string(),
            r.at_utc.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            who(r, &emails),
            r.actor_role.clone(),
            r.action.clone(),
            describe(r, &emails),
            case_of(r, &numbers).unwrap_or_default(),
            r.entity.clone(),
            r.entity_id.clone().unwrap_or_default(),
            r.field.clone().unwrap_or_default(),
            r.old_value.clone().unwrap_or_default(),
            r.new_value.clone().unwrap_or_default(),
            r.reason.clone().unwrap_or_default(),
        ];
        cell::write_row(&mut w, &cells[..]).map_err(csv_err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(format!("audit csv: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"canary-audit.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
