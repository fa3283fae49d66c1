//! MedDRA as the operator brings it: reading a release in the MedAscii
//! layout (meddra-ascii.md) into the LLT rows Canary keeps, refusing a
//! broken release with the file and line at fault. Canary ships no MedDRA
//! content; the database side is [`crate::db::meddra`].

mod ascii;

use std::fmt;
use std::path::Path;

pub use ascii::read_release;

/// A MedDRA version written like `27.1` (E2B E.i.2.1a).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeddraVersion(String);

impl MeddraVersion {
    pub fn parse(raw: &str) -> Option<Self> {
        let v = raw.trim();
        let ok = matches!(v.split_once('.'), Some((a, b)) if !a.is_empty() && a.len() <= 2
            && b.len() == 1 && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()));
        ok.then(|| Self(v.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MeddraVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One lowest level term with its PT and primary SOC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Llt {
    pub code: String,
    pub name: String,
    pub pt_code: String,
    pub pt_name: String,
    pub soc_code: String,
    pub soc_name: String,
    /// `false` for non-current LLTs: valid in old cases, never offered.
    pub current: bool,
}

impl Llt {
    /// The lower-cased name word search runs on.
    pub fn search_name(&self) -> String {
        self.name.to_lowercase()
    }
}

/// One stored LLT of a release, as coding and export read it.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct LltRow {
    pub version: String,
    pub llt_code: String,
    pub llt_name: String,
    pub pt_code: String,
    pub pt_name: String,
    pub soc_code: String,
    pub soc_name: String,
    pub is_current: bool,
}

/// A whole release, checked.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: MeddraVersion,
    pub llts: Vec<Llt>,
    pub pt_count: usize,
}

/// Why a release was refused: the file, the line (0 = the file as a whole)
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {problem}", if *.line > 0 { format!(" line {}", .line) } else { String::new() })]
pub struct ReleaseError {
    pub file: String,
    pub line: usize,
    pub problem: String,
}

impl ReleaseError {
    fn new(file: &str, line: usize, problem: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            problem: problem.into(),
        }
    }
}

/// The version of the release in `dir`: the operator's `--version` when
/// given, else the first field of `meddra_release.asc`; both must agree.
pub fn release_version(dir: &Path, given: Option<&str>) -> Result<MeddraVersion, ReleaseError> {
    const FILE: &str = "meddra_release.asc";
    let from_file = match std::fs::read(dir.join(FILE)) {
        Ok(bytes) => {
            let text = ascii::decode(&bytes);
            let first = text.split('$').next().unwrap_or("").trim().to_owned();
            Some(MeddraVersion::parse(&first).ok_or_else(|| {
                ReleaseError::new(FILE, 1, format!("{first:?} is not a version like 27.1"))
            })?)
        }
        Err(_) => None,
    };
    let given = match given {
        Some(g) => Some(MeddraVersion::parse(g).ok_or_else(|| {
            ReleaseError::new("--version", 0, format!("{g:?} is not a version like 27.1"))
        })?),
        None => None,
    };
    match (given, from_file) {
        (Some(g), Some(f)) if g != f => Err(ReleaseError::new(
            FILE,
            1,
            format!("the release says version {f}, but --version says {g}"),
        )),
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(ReleaseError::new(
            FILE,
            0,
            "not found; give the release's version with --version (like 27.1)",
        )),
    }
}

/// Plain search words for a reaction term (Canary's own words, never a
/// MedDRA code): what the reactions page searches the release for first.
pub fn search_words(term: crate::review::terms::ReactionTerm) -> String {
    use crate::report::options::ClosedList;
    match term {
        crate::review::terms::ReactionTerm::OtherReaction => String::new(),
        t => t.code().replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_written_like_ich_wants() {
        for ok in ["27.1", "9.0", " 26.0 "] {
            assert!(MeddraVersion::parse(ok).is_some(), "{ok}");
        }
        for bad in ["27", "27.10", "v27.1", ".1", "271.0", ""] {
            assert!(MeddraVersion::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn an_error_names_file_and_line() {
        let e = ReleaseError::new("llt.asc", 12, "bad");
        assert_eq!(e.to_string(), "llt.asc line 12: bad");
        assert_eq!(
            ReleaseError::new("pt.asc", 0, "missing").to_string(),
            "pt.asc: missing"
        );
    }
}
