//! Reading cases for the reviewers' pages (use cases): a page of the triage
//! queue with its markers, a case's triage header, and everything the case
//! page shows, read in one transaction; and keeping the queue's "possible
//! duplicate" markers as the case page scored them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use crate::auth::Role;
use crate::db::assessment::similar;
use crate::db::case_links;
use crate::db::review as q;
use crate::db::{Db, DbConnection, DbError};
use crate::ids::{CaseNumber, ReportId, UserId};
use crate::report::stored::{Followup, StoredReport};

use super::expedited;
use super::queue::{QueueFilter, QueuePage};
use super::record::{CaseHeader, ForwardRow, NoteRow};
use super::report_type::Decided;
use crate::audit::stored::AuditRow;

/// A page of the queue, with what its lines are marked with.
pub struct QueueFile {
    pub page: QueuePage,
    /// E-mail address of every account, by id.
    pub emails: HashMap<UserId, String>,
    /// Cases on the page with new information, by id.
    pub flagged: HashMap<ReportId, (NaiveDateTime, Option<String>)>,
    /// Cases on the page marked as possible duplicates.
    pub candidates: HashSet<ReportId>,
}

/// One page of the queue as `me` filtered it.
pub async fn queue(db: &Db, filter: QueueFilter, me: UserId) -> Result<QueueFile, DbError> {
    db.read(move |c| {
        let page = q::queue::page(c, &filter, &me)?;
        let ids: Vec<&ReportId> = page.lines.iter().map(|(l, _)| &l.id).collect();
        let flagged = case_links::new_information_of(c, &ids)?;
        let candidates = case_links::candidate_flags_of(c, &ids)?;
        Ok(QueueFile {
            emails: q::staff_emails(c)?,
            page,
            flagged,
            candidates,
        })
    })
    .await
}

/// The triage state of case `case`.
pub async fn header(db: &Db, case: CaseNumber) -> Result<Option<CaseHeader>, DbError> {
    db.read(move |c| q::header(c, &case)).await
}

/// Everything the case page shows, read in one go.
pub struct CaseFile {
    pub header: CaseHeader,
    pub stored: StoredReport,
    /// Notes with their author's e-mail address.
    pub notes: Vec<(NoteRow, String)>,
    pub forwards: Vec<ForwardRow>,
    pub history: Vec<AuditRow>,
    pub emails: HashMap<UserId, String>,
    /// Accounts a case may be assigned to: (id, e-mail).
    pub reviewers: Vec<(String, String)>,
    /// The case number of the case this one repeats.
    pub master: Option<CaseNumber>,
    pub links: Links,
    pub report_type: Option<Decided>,
}

/// How the case is tied to others: its linked duplicates (with their
/// follow-ups), unresolved candidates, and the new-information marker.
pub struct Links {
    pub duplicates: Vec<CaseNumber>,
    pub followups: Vec<(CaseNumber, Followup)>,
    /// Ids of the undecided duplicate candidates, scored now.
    pub candidates: Vec<ReportId>,
    /// The queue's stored markers disagree with `candidates`.
    pub stale_markers: bool,
    pub new_information: Option<(NaiveDateTime, Option<String>)>,
}

fn links(conn: &mut DbConnection, header: &CaseHeader) -> Result<Links, DbError> {
    let duplicates = case_links::linked_duplicates(conn, &header.id)?;
    let mut followups = Vec::new();
    for dup in &duplicates {
        if let Some(stored) = crate::db::reports::load_by_case(conn, dup)? {
            followups.extend(stored.followups.into_iter().map(|f| (dup.clone(), f)));
        }
    }
    let candidates: Vec<ReportId> = match similar::case_by_id(conn, &header.id)? {
        Some(this) if this.duplicate_of.is_none() => similar::candidates(conn, &this)?
            .into_iter()
            .map(|c| c.id)
            .collect(),
        _ => Vec::new(),
    };
    Ok(Links {
        stale_markers: case_links::markers_stale(conn, &header.id, &candidates)?,
        duplicates,
        followups,
        candidates,
        new_information: case_links::new_information_of(conn, &[&header.id])?.remove(&header.id),
    })
}

fn load(conn: &mut DbConnection, case: &CaseNumber) -> Result<Option<CaseFile>, DbError> {
    let (Some(header), Some(stored)) = (
        q::header(conn, case)?,
        crate::db::reports::load_by_case(conn, case)?,
    ) else {
        return Ok(None);
    };
    let master = match &header.duplicate_of {
        Some(id) => q::case_number_of(conn, id)?,
        None => None,
    };
    let reviewers = crate::db::users::list(conn)?
        .into_iter()
        .filter(|u| !u.disabled && Role::parse(&u.role).is_some_and(|r| r != Role::Analyst))
        .map(|u| (u.id.into_string(), u.email))
        .collect();
    Ok(Some(CaseFile {
        report_type: expedited::decided(conn, &header.id)?,
        links: links(conn, &header)?,
        notes: q::notes(conn, &header.id)?,
        forwards: q::forwards(conn, &header.id)?,
        history: q::history(conn, case, &header.id)?,
        emails: q::staff_emails(conn)?,
        header,
        stored,
        reviewers,
        master,
    }))
}

/// Everything the page of case `case` shows; `None` when there is no such
/// case. When the queue's "possible duplicate" markers disagree with the
/// candidates scored now, they are replaced (in a second transaction).
pub async fn open(db: &Db, case: CaseNumber) -> Result<Option<CaseFile>, DbError> {
    let Some(file) = db.read(move |c| load(c, &case)).await? else {
        return Ok(None);
    };
    if file.links.stale_markers {
        // Keep the queue's "possible duplicate" markers as scored here.
        let (id, found) = (file.header.id.clone(), file.links.candidates.clone());
        db.write(move |c| case_links::store_markers(c, &id, &found))
            .await?;
    }
    Ok(Some(file))
}
