//! Coding reactions to the operator's MedDRA release: a code a reviewer
//! saves must be a current LLT of the active release (or the code already
//! stored, kept with the version it was coded in); suggestions come from a
//! word search of Canary's plain search words; a search hit is chosen for
//! one coded reaction. No release, no code: nothing is ever invented.

use crate::audit::Actor;
use crate::db::meddra as q;
use crate::db::{DbConnection, DbError};
use crate::form::FieldErrors;
use crate::ids::ReportId;
use crate::meddra::{search_words, LltRow};
use crate::report::options::ClosedList;

use super::coding::{self, Coding, Submission};
use super::reaction_details;
use super::terms::{MeddraCode, ReactionTerm};

/// Shown where a code is typed or chosen while no release is loaded.
pub const NO_RELEASE: &str = "No MedDRA release is loaded, so no MedDRA code can be saved. An operator imports the organisation's licensed release with `canary meddra import`.";

/// Give every coded reaction of `sub` the version of its code: the stored
/// one when the code is unchanged, else the active release's when the code
/// is a current LLT there. Problems are field errors of the form's rows.
pub fn resolve(
    conn: &mut DbConnection,
    report_id: &ReportId,
    sub: &mut Submission,
) -> Result<FieldErrors, DbError> {
    let old = coding::load(conn, report_id)?;
    let active = q::active(conn)?;
    let mut errors = FieldErrors::default();
    for (c, row) in sub.codings.iter_mut().zip(&sub.rows) {
        let Some(code) = &c.meddra else { continue };
        if let Some(before) = old
            .iter()
            .find(|o| o.term == c.term && o.meddra.as_ref() == Some(code))
        {
            if before.meddra_version.is_some() {
                c.meddra_version = before.meddra_version.clone();
                continue;
            }
        }
        let field = reaction_details::field(*row, "meddra");
        let Some(version) = &active else {
            errors.add(&field, NO_RELEASE);
            continue;
        };
        match q::lookup(conn, version, code.as_str())? {
            Some(llt) if llt.is_current => c.meddra_version = Some(version.clone()),
            Some(_) => errors.add(
                &field,
                format!("{code} is a non-current LLT in MedDRA {version}; search for a current term."),
            ),
            None => errors.add(
                &field,
                format!("{code} is not an LLT of MedDRA {version}, the active release; search for the term instead."),
            ),
        }
    }
    Ok(errors)
}

/// The best current LLT of the active release for `term`'s search words.
pub fn suggestion(
    conn: &mut DbConnection,
    version: &str,
    term: ReactionTerm,
) -> Result<Option<LltRow>, DbError> {
    let words = search_words(term);
    if words.is_empty() {
        return Ok(None);
    }
    Ok(q::search(conn, version, &words)?.into_iter().next())
}

/// Fill in a suggested code for each reaction without one (nothing when no
/// release is loaded). The reviewer confirms by saving.
pub fn suggest(conn: &mut DbConnection, codings: &mut [Coding]) -> Result<(), DbError> {
    let Some(version) = q::active(conn)? else {
        return Ok(());
    };
    for c in codings.iter_mut().filter(|c| c.meddra.is_none()) {
        if let Some(hit) = suggestion(conn, &version, c.term)? {
            c.meddra = MeddraCode::parse(&hit.llt_code).ok().flatten();
            c.meddra_version = Some(version.clone());
        }
    }
    Ok(())
}

/// Code the stored reaction `term` to LLT `llt` of the active release, as
/// one audited change. `Ok(Err(why))` when that cannot be done.
pub fn choose(
    conn: &mut DbConnection,
    actor: &Actor,
    report_id: &ReportId,
    term: &str,
    llt: &str,
    reason: &str,
) -> Result<Result<(), String>, DbError> {
    let Some(version) = q::active(conn)? else {
        return Ok(Err(NO_RELEASE.into()));
    };
    let mut set = coding::load(conn, report_id)?;
    let Some(target) = set.iter_mut().find(|c| c.term.code() == term) else {
        return Ok(Err(
            "That reaction is not coded in this case; save it in the coding form first.".into(),
        ));
    };
    let Some(hit) = q::lookup(conn, &version, llt)?.filter(|h| h.is_current) else {
        return Ok(Err(format!(
            "Choose one of the search results: {llt:?} is not a current LLT of MedDRA {version}."
        )));
    };
    target.meddra = MeddraCode::parse(&hit.llt_code).ok().flatten();
    target.meddra_version = Some(version);
    coding::save(conn, actor, report_id, &set, reason)?;
    Ok(Ok(()))
}
