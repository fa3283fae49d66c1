//! What the admins' audit page asks for, already checked (`AuditFilter`):
//! a case, a person (staff account, the reporter or the command line), an
//! action recorded so far, and dates; and the filter's query string, for
//! links and for the record of a download.

use chrono::NaiveDate;

/// Events shown on one page of the audit page.
pub const AUDIT_PAGE: i64 = 50;
/// Most events one CSV download carries.
pub const CSV_CAP: i64 = 100_000;

/// Who acted: a staff account, the reporter, or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Person {
    Staff(String),
    Reporter,
    CommandLine,
}

/// What the audit page asks for; every part already checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The case's (case number, internal id): events carry either.
    pub case: Option<(String, String)>,
    pub person: Option<Person>,
    pub action: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// 1-based.
    pub page: i64,
}

/// The filter's query string on `page`.
pub fn query_of(f: &AuditFilter, page: i64) -> String {
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
    crate::form::query_string(&parts)
}
