//! The poison-center address an admin configures (one row).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::poison_center_settings as p;
use super::{DbConnection, DbError};

/// The configured recipient, if an admin has set one.
pub fn recipient(conn: &mut DbConnection) -> Result<Option<String>, DbError> {
    let found: Option<Option<String>> = p::table
        .find(1)
        .select(p::recipient)
        .first(conn)
        .optional()?;
    Ok(found.flatten())
}

/// Set (or clear, with `None`) the recipient.
pub fn set_recipient(
    conn: &mut DbConnection,
    recipient: Option<&str>,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let n = diesel::update(p::table.find(1))
        .set((
            p::recipient.eq(recipient),
            p::updated_by.eq(Some(by)),
            p::updated_at.eq(Some(at)),
        ))
        .execute(conn)?;
    if n != 1 {
        return Err(DbError::Corrupt(
            "poison_center_settings row missing".into(),
        ));
    }
    Ok(())
}
