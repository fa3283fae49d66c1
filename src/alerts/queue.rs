//! Open alerts as the reviewers' queue shows them (a use case).

use chrono::NaiveDateTime;

use super::key::AlertKind;
use crate::db::batch_alerts as q;
use crate::db::{Db, DbError};

/// One open alert with its cases (case numbers, oldest report first).
#[derive(Debug, Clone)]
pub struct OpenAlert {
    pub id: String,
    pub kind: AlertKind,
    /// The lot or seller as first typed (scrubbed).
    pub label: String,
    pub cases: Vec<String>,
    pub raised_at: NaiveDateTime,
}

fn open_alert(row: q::AlertRow, cases: Vec<(String, NaiveDateTime)>) -> Result<OpenAlert, DbError> {
    let kind = AlertKind::from_code(&row.kind)
        .ok_or_else(|| DbError::Corrupt(format!("alert kind {:?}", row.kind)))?;
    Ok(OpenAlert {
        id: row.id,
        kind,
        label: row.label,
        cases: cases.into_iter().map(|(case, _)| case).collect(),
        raised_at: row.raised_at,
    })
}

/// Every open alert, most recently changed first.
pub async fn open_alerts(db: &Db) -> Result<Vec<OpenAlert>, DbError> {
    db.read(|conn| {
        q::open_with_cases(conn)?
            .into_iter()
            .map(|(row, cases)| open_alert(row, cases))
            .collect()
    })
    .await
}

/// One open alert, for the dismissal page; `None` if it is not open.
pub async fn find_open(db: &Db, id: String) -> Result<Option<OpenAlert>, DbError> {
    db.read(move |conn| {
        let Some(row) = q::by_id(conn, &id)?.filter(|a| a.status == q::OPEN) else {
            return Ok(None);
        };
        let cases = q::cases_of(conn, &row.id)?;
        open_alert(row, cases).map(Some)
    })
    .await
}
