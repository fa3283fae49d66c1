//! The operator's licensed MedDRA releases (`canary meddra …`): importing
//! one (it becomes the active release), listing them, and choosing which
//! one reviewers code with. Each change is audited in its transaction.

use crate::audit::{self, Actor, Event};
use crate::db::meddra::{self as q, ReleaseRow};
use crate::db::{Db, DbError};
use crate::meddra::Release;

/// Store `release` and make it the active one; `false` when that version
/// is already imported (nothing changes).
pub fn import(db: &Db, actor: &Actor, release: &Release) -> Result<bool, DbError> {
    db.write_blocking(|c| {
        if !q::import(c, release, crate::db::now())? {
            return Ok(false);
        }
        let event = Event::new("meddra_imported", "meddra", Some(release.version.as_str())).change(
            "llts",
            None,
            Some(&release.llts.len().to_string()),
        );
        audit::append(c, actor, event)?;
        Ok(true)
    })
}

/// Every imported release, oldest first.
pub fn releases(db: &Db) -> Result<Vec<ReleaseRow>, DbError> {
    db.write_blocking(q::releases)
}

/// Make an imported release the active one; `false` when it is not imported.
pub fn activate(db: &Db, actor: &Actor, version: &str) -> Result<bool, DbError> {
    db.write_blocking(|c| {
        let done = q::activate(c, version)?;
        if done {
            let event = Event::new("meddra_activated", "meddra", Some(version));
            audit::append(c, actor, event)?;
        }
        Ok(done)
    })
}
