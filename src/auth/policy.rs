//! Which roles must sign in with a code (two-step sign-in), as the admin
//! page and the account page read it. An admin changes it with
//! `admin::set_policy`.

use super::Role;
use crate::db::{Db, DbError};

/// (role code, code required) for every role.
pub async fn all(db: &Db) -> Result<Vec<(String, bool)>, DbError> {
    db.read(crate::db::totp::policies).await
}

/// Whether accounts of `role` must sign in with a code.
pub async fn required(db: &Db, role: Role) -> Result<bool, DbError> {
    db.read(move |c| crate::db::totp::totp_required(c, role.code()))
        .await
}
