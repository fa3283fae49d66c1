//! Opening a case as a printable sheet (MedWatch, poison-center summary):
//! the case is read and its export recorded in one transaction.

use crate::audit::Actor;
use crate::db::{Db, DbError};
use crate::export::audited;
use crate::export::case::CaseFile;
use crate::ids::CaseNumber;

/// Case `case` for a sheet in `format`, with the export recorded; `None`
/// when there is no such case.
pub async fn open(
    db: &Db,
    actor: Actor,
    case: CaseNumber,
    format: &'static str,
) -> Result<Option<CaseFile>, DbError> {
    db.write(move |c| audited::load(c, &actor, &case, format))
        .await
}

/// Now, as a sheet says when it was generated: "2026-11-27 22:40 UTC".
pub fn now_text() -> String {
    crate::db::now().format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Today in UTC, the date a sheet is made on.
pub fn today() -> chrono::NaiveDate {
    crate::db::now().date()
}
