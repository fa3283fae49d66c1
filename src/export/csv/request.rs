//! What an analyst asked for (profile, filter, when), as the manifest and
//! the audit trail record it, and how a long export reports progress.

use chrono::NaiveDateTime;

use super::profile::Profile;
use crate::export::filter::AnalysisFilter;

/// What is being exported, for the manifest and the audit trail.
#[derive(Debug, Clone)]
pub struct Request {
    pub profile: Profile,
    pub filter: AnalysisFilter,
    pub generated_at: NaiveDateTime,
}

impl Request {
    /// The filter as `name=value` pairs (`all` when none).
    pub fn filter_text(&self) -> String {
        let pairs: Vec<String> = self
            .filter
            .pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if pairs.is_empty() {
            "all".into()
        } else {
            pairs.join(" ")
        }
    }
}

/// Progress: the table being written, reports done, reports in all.
pub type Progress<'a> = &'a mut dyn FnMut(&'static str, u64, u64);

/// Which table file an analyst downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFile {
    /// The analyst ZIP: tables, codebook and manifest.
    Analyst,
    /// The CAERS-shaped CSV.
    Caers,
}

impl TableFile {
    /// The entity its audit event names.
    pub fn audit_entity(self) -> &'static str {
        match self {
            Self::Analyst => "analyst_csv",
            Self::Caers => "caers_csv",
        }
    }
}
