//! Dismissing an alert (a use case): a reviewer's reason, the status change
//! and its audit event in one transaction. New reports after the dismissal
//! raise the alert again (see [`super::scan`]).

use crate::audit::{self, Actor, Event};
use crate::db::batch_alerts as q;
use crate::db::{Db, DbError};
use crate::review::StaffText;

/// Longest reason, in characters.
pub const MAX_REASON: usize = 1000;

/// Dismiss the open alert `id`; false when there is no such open alert.
pub async fn dismiss(
    db: &Db,
    actor: Actor,
    id: String,
    reason: StaffText,
) -> Result<bool, DbError> {
    db.write(move |conn| {
        let by = actor.staff_id();
        if !q::dismiss(conn, &id, &by, reason.as_str(), crate::db::now())? {
            return Ok(false);
        }
        let mut event = Event::new("batch_alert_dismissed", "batch_alert", Some(&id)).change(
            "status",
            Some(q::OPEN),
            Some(q::DISMISSED),
        );
        event.reason = Some(reason.into_string());
        audit::append(conn, &actor, event)?;
        Ok(true)
    })
    .await
}
