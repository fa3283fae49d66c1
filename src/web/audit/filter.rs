//! The audit page's query string as a typed [`AuditFilter`]: a case by its
//! number, a person (staff account, the reporter or the command line), an
//! action recorded so far, and dates; whatever names nothing is reported
//! per field, not ignored. Also the query string of a filter, for links.

use crate::db::audit_search::{self as q, AuditFilter, Person};
use crate::db::{DbConnection, DbError};
use crate::form::{FieldErrors, RawForm};
use crate::review::queue::encode;
use crate::review::workflow::looks_like_case_number;

/// What the filter can name: accounts (id, e-mail) and recorded actions.
pub(super) struct Choices {
    pub people: Vec<(String, String)>,
    pub actions: Vec<String>,
}

fn date(q: &RawForm, name: &str, errors: &mut FieldErrors) -> Option<chrono::NaiveDate> {
    let v = q.get(name).trim();
    if v.is_empty() {
        return None;
    }
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| errors.add(name, "Enter a date as year-month-day, like 2026-11-27."))
        .ok()
}

/// Parse the query string, reading what it names from the database.
pub(super) fn parse(
    conn: &mut DbConnection,
    query: &RawForm,
) -> Result<(AuditFilter, FieldErrors, Choices), DbError> {
    let mut errors = FieldErrors::default();
    let choices = Choices {
        people: crate::db::users::list(conn)?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect(),
        actions: q::actions(conn)?,
    };
    let mut f = AuditFilter {
        page: 1,
        ..AuditFilter::default()
    };
    let case = query.get("case").trim();
    if !case.is_empty() {
        match crate::db::review::header(conn, case)? {
            Some(h) if looks_like_case_number(case) => f.case = Some((h.case_number, h.id)),
            _ => errors.add("case", format!("There is no case {case}.")),
        }
    }
    f.person = match query.get("person") {
        "" => None,
        "reporter" => Some(Person::Reporter),
        "cli" => Some(Person::CommandLine),
        id if choices.people.iter().any(|(p, _)| p == id) => Some(Person::Staff(id.to_owned())),
        _ => {
            errors.add("person", "Choose a person from the list.");
            None
        }
    };
    f.action = match query.get("action") {
        "" => None,
        a if choices.actions.iter().any(|x| x == a) => Some(a.to_owned()),
        _ => {
            errors.add("action", "Choose an action from the list.");
            None
        }
    };
    f.from = date(query, "from", &mut errors);
    f.to = date(query, "to", &mut errors);
    if let (Some(a), Some(b)) = (f.from, f.to) {
        if a > b {
            errors.add("to", "The end date is before the start date.");
            f.to = None;
        }
    }
    f.page = query
        .get("page")
        .parse()
        .ok()
        .filter(|n| (1..=1_000_000).contains(n))
        .unwrap_or(1);
    Ok((f, errors, choices))
}

/// The filter's query string on `page`.
pub(super) fn query_of(f: &AuditFilter, page: i64) -> String {
    let mut parts: Vec<(&str, String)> = Vec::new();
    if let Some((number, _)) = &f.case {
        parts.push(("case", number.clone()));
    }
    match &f.person {
        Some(Person::Staff(id)) => parts.push(("person", id.clone())),
        Some(Person::Reporter) => parts.push(("person", "reporter".into())),
        Some(Person::CommandLine) => parts.push(("person", "cli".into())),
        None => {}
    }
    if let Some(a) = &f.action {
        parts.push(("action", a.clone()));
    }
    if let Some(d) = f.from {
        parts.push(("from", d.to_string()));
    }
    if let Some(d) = f.to {
        parts.push(("to", d.to_string()));
    }
    parts.push(("page", page.to_string()));
    parts
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect::<Vec<_>>()
        .join("&")
}
