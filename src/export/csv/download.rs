//! Use cases of the analyst's table downloads, shared by the web page and
//! `canary export csv|caers`: [`start`] checks who may have the
//! case-processing profile and records the export (what was asked for,
//! never what came out) before a byte is written; the file itself is then
//! streamed by `archive::write` or `caers::write`. Also the setting that
//! keeps the case-processing profile to administrators.

use super::profile::Profile;
use super::request::{Request, TableFile};
use crate::audit::{self, Actor, Event};
use crate::db::export as settings;
use crate::db::{Db, DbError};
use crate::export::audited::{self, Exported};
use crate::export::filter::AnalysisFilter;

/// The case-processing profile is kept for administrators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminsOnly;

/// Begin the download of `file` for `actor` (`admin`: may always have the
/// case-processing profile): the request, stamped now, with its audit
/// event written; [`AdminsOnly`] (and no event) when the profile is kept
/// for administrators and the actor is not one.
pub async fn start(
    db: &Db,
    actor: &Actor,
    admin: bool,
    file: TableFile,
    profile: Profile,
    filter: AnalysisFilter,
) -> Result<Result<Request, AdminsOnly>, DbError> {
    let request = Request {
        profile,
        filter,
        generated_at: crate::db::now(),
    };
    if profile == Profile::CaseProcessing && !admin && admin_only(db).await? {
        return Ok(Err(AdminsOnly));
    }
    let actor = actor.clone();
    let logged = request.clone();
    db.write(move |c| {
        let what = Exported::Tables {
            file,
            request: &logged,
        };
        audited::record(c, &actor, what)
    })
    .await?;
    Ok(Ok(request))
}

/// Whether only administrators may export the case-processing profile.
pub async fn admin_only(db: &Db) -> Result<bool, DbError> {
    db.read(settings::case_processing_admin_only).await
}

/// Keep the case-processing profile to administrators (`on`) or not,
/// recorded when it changes.
pub async fn set_admin_only(db: &Db, actor: &Actor, on: bool) -> Result<(), DbError> {
    let actor = actor.clone();
    db.write(move |c| {
        let old = settings::case_processing_admin_only(c)?;
        if old != on {
            settings::set_case_processing_admin_only(c, on)?;
            let event = Event::new("export_setting_changed", "export_settings", None).change(
                settings::CASE_PROCESSING_ADMIN_ONLY,
                Some(&old.to_string()),
                Some(&on.to_string()),
            );
            audit::append(c, &actor, event)?;
        }
        Ok(())
    })
    .await
}
