//! A staff member's own e-mail notifications: a mail when a serious report
//! arrives, and a daily digest. A change is audited field by field.

use crate::audit::{self, Actor, Event};
use crate::db::users;
use crate::db::{Db, DbError};
use crate::ids::UserId;

/// The audit trail's (and the settings form's) name for each choice.
pub const SERIOUS: &str = "notify_serious";
pub const DIGEST: &str = "daily_digest";

/// (serious report mail, daily digest) for the account; both off when unset.
pub async fn get(db: &Db, user_id: UserId) -> Result<(bool, bool), DbError> {
    Ok(db
        .read(move |c| users::notifications(c, &user_id))
        .await?
        .unwrap_or_default())
}

/// Store the account's choices, auditing each that changed.
pub async fn save(
    db: &Db,
    actor: Actor,
    user_id: UserId,
    serious: bool,
    digest: bool,
) -> Result<(), DbError> {
    let id = user_id;
    db.write(move |c| {
        let (old_serious, old_digest) = users::notifications(c, &id)?.unwrap_or_default();
        users::set_notifications(c, &id, serious, digest)?;
        for (field, old, new) in [
            (SERIOUS, old_serious, serious),
            (DIGEST, old_digest, digest),
        ] {
            if old != new {
                let event = Event::new("notifications_changed", "user", Some(&id)).change(
                    field,
                    Some(&old.to_string()),
                    Some(&new.to_string()),
                );
                audit::append(c, &actor, event)?;
            }
        }
        Ok(())
    })
    .await
}
