//! Searching the audit trail (use cases of the admins' audit page): the
//! query string parsed against what it may name (accounts, recorded actions,
//! cases; whatever names nothing is reported per field, not ignored), a
//! page of matching events, and the CSV download recorded as its own event.

use std::collections::HashMap;

use crate::db::audit_search as q;
use crate::db::{Db, DbConnection, DbError};
use crate::form::{FieldErrors, RawForm};
use crate::ids::CaseNumber;

use super::filter::{query_of, AuditFilter, Person};
use super::stored::AuditRow;
use super::{Actor, Event};

/// What the filter can name: accounts (id, e-mail) and recorded actions.
pub struct Choices {
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
fn parse(
    conn: &mut DbConnection,
    query: &RawForm,
) -> Result<(AuditFilter, FieldErrors, Choices), DbError> {
    let mut errors = FieldErrors::default();
    let choices = Choices {
        people: crate::db::users::list(conn)?
            .into_iter()
            .map(|u| (u.id.into_string(), u.email))
            .collect(),
        actions: q::actions(conn)?,
    };
    let mut f = AuditFilter {
        page: 1,
        ..AuditFilter::default()
    };
    let case = query.get("case").trim();
    if !case.is_empty() {
        let header = match CaseNumber::exact(case) {
            Some(number) => crate::db::review::header(conn, &number)?,
            None => None,
        };
        match header {
            Some(h) => f.case = Some((h.case_number.into_string(), h.id.into_string())),
            None => errors.add("case", format!("There is no case {case}.")),
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

/// One page of the audit page: the filter as parsed with its problems and
/// choices, the matching events, how many match, every account's e-mail
/// address and the case number of each report the events name by id.
pub struct AuditPageFile {
    pub filter: AuditFilter,
    pub errors: FieldErrors,
    pub choices: Choices,
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub emails: HashMap<String, String>,
    pub numbers: HashMap<String, String>,
}

pub async fn page(db: &Db, query: RawForm) -> Result<AuditPageFile, DbError> {
    db.read(move |c| {
        let (filter, errors, choices) = parse(c, &query)?;
        let (rows, total) = q::page(c, &filter)?;
        let ids: Vec<String> = rows.iter().filter_map(|r| r.entity_id.clone()).collect();
        let numbers = q::case_numbers(c, &ids)?;
        let emails = staff_emails(c)?;
        Ok(AuditPageFile {
            filter,
            errors,
            choices,
            rows,
            total,
            emails,
            numbers,
        })
    })
    .await
}

/// The events of a download, with every account's e-mail address and the
/// case numbers of the reports they name by id.
pub struct Download {
    pub rows: Vec<AuditRow>,
    pub numbers: HashMap<String, String>,
    pub emails: HashMap<String, String>,
}

/// Every event matching `query` (up to the CSV cap), recorded as an
/// `audit_exported` event naming the filter; the filter's problems when
/// it does not parse.
pub async fn download(
    db: &Db,
    actor: Actor,
    query: RawForm,
) -> Result<Result<Download, FieldErrors>, DbError> {
    db.write(move |c| {
        let (filter, errors, _) = parse(c, &query)?;
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let rows = q::all(c, &filter)?;
        let ids: Vec<String> = rows.iter().filter_map(|r| r.entity_id.clone()).collect();
        let numbers = q::case_numbers(c, &ids)?;
        let emails = staff_emails(c)?;
        let event = Event::new("audit_exported", "audit", None).change(
            "filter",
            None,
            Some(&query_of(&filter, 1)),
        );
        super::append(c, &actor, event)?;
        Ok(Ok(Download {
            rows,
            numbers,
            emails,
        }))
    })
    .await
}

/// Account e-mails keyed by the id text the audit rows keep.
fn staff_emails(c: &mut DbConnection) -> Result<HashMap<String, String>, DbError> {
    Ok(crate::db::review::staff_emails(c)?
        .into_iter()
        .map(|(id, email)| (id.into_string(), email))
        .collect())
}
