//! `codebook.csv`: every column of the export (table, name, type, allowed
//! values, meaning, which profiles include it), written from the same
//! allow-lists the tables are written from, so it lists exactly the columns
//! present.

use super::causality_table::CAUSALITY;
use super::cell;
use super::child_tables::{FOLLOWUPS, PRODUCTS, REACTIONS};
use super::profile::Profile;
use super::reports_table::REPORTS;
use super::signals_table::SIGNALS;
use super::WriteError;

pub const HEADER: [&str; 6] = [
    "table",
    "column",
    "type",
    "allowed_values",
    "meaning",
    "profiles",
];

/// Every codebook line for `profile`.
pub fn lines(profile: Profile) -> Vec<[String; 6]> {
    let mut out = REPORTS.codebook(profile);
    out.extend(PRODUCTS.codebook(profile));
    out.extend(REACTIONS.codebook(profile));
    out.extend(FOLLOWUPS.codebook(profile));
    out.extend(CAUSALITY.codebook(profile));
    out.extend(SIGNALS.codebook(profile));
    out
}

/// The codebook as CSV bytes and its number of lines.
pub fn csv(profile: Profile) -> Result<(Vec<u8>, u64), WriteError> {
    let lines = lines(profile);
    let mut w = cell::writer(Vec::new());
    cell::write_row(&mut w, &HEADER)?;
    for line in &lines {
        cell::write_row(&mut w, line)?;
    }
    let bytes = w.into_inner().map_err(|e| WriteError::Io(e.into_error()))?;
    Ok((bytes, lines.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_profile_lists_its_own_columns_and_says_which_profiles_have_them() {
        let safe = lines(Profile::SafeHarbor);
        let case = lines(Profile::CaseProcessing);
        assert!(!safe.iter().any(|l| l[1] == "lot"));
        let lot = case.iter().find(|l| l[1] == "lot").unwrap();
        assert_eq!(lot[5], "case-processing");
        let onset = safe.iter().find(|l| l[1] == "onset").unwrap();
        assert_eq!(onset[2], "year (YYYY)");
        assert_eq!(onset[5], "safe-harbor; case-processing");
        assert!(
            safe.iter().all(|l| !l[4].is_empty()),
            "every column has a meaning"
        );
    }
}
