//! Re-running the current identifier scrubber over stored free text
//! (`canary rescrub`): the reports an older scrubber cleaned (or all, on
//! request) are scrubbed again and one audit event records the counts, in
//! one transaction. The removed text is never returned, printed or logged.

use crate::audit::{self, Actor, Event};
use crate::db::rescrub::{self as q, Outcome};
use crate::db::{Db, DbError};
use crate::deidentify;

/// Re-scrub every report below the current scrubber version (every report
/// with `all`) and audit the counts.
pub fn run(db: &Db, actor: &Actor, all: bool) -> Result<Outcome, DbError> {
    db.write_blocking(|c| {
        let out = q::scrub(c, all)?;
        let mut event = Event::new("rescrub", "reports", None).change(
            "scrubber_version",
            None,
            Some(&deidentify::VERSION.to_string()),
        );
        event.reason = Some(out.line());
        audit::append(c, actor, event)?;
        Ok(out)
    })
}
