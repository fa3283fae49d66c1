//! The reviewers' side of a case. The triage queue (`queue`), the status
//! workflow (`workflow`) and what reviewers add to a case — assignment,
//! notes, confirmed seriousness, forwarding (`actions`), the FDA report
//! type (`expedited`) — plus the
//! assessment tools: coding reported reactions to Canary's plain-language
//! terms (`terms`, `coding`), causality per suspect product with WHO-UMC and
//! Naranjo (`causality`), and finding and deciding duplicate reports
//! (`duplicates`, `decisions`).
//!
//! Rules and the case as stored (`record`) are domain modules; the use
//! cases — one function per thing a reviewer does, each owning its
//! transaction and writing every change with its audit event — are
//! `actions`, `cases` (queue and case page), `assess` (causality),
//! `reactions` and `coding` (coding), `decisions` (duplicates), `expedited`,
//! `poison` (NPDS coding, sending to the poison center) and `sheets`.
//! `db::review` and `db::assessment` store them; `web::review` and
//! `web::assess` render them.

pub mod actions;
pub mod assess;
pub mod cases;
pub mod causality;
pub mod coding;
pub mod coding_meddra;
pub mod completeness;
pub mod decisions;
pub mod duplicates;
pub mod expedited;
pub mod followups;
pub mod poison;
pub mod queue;
pub mod reaction_details;
pub mod reactions;
pub mod reason;
pub mod record;
pub mod report_type;
pub mod sheets;
pub mod staff_text;
pub mod terms;
pub mod workflow;

pub use staff_text::StaffText;
#[cfg(test)]
mod causality_test;
#[cfg(test)]
mod duplicates_test;

/// One line each about a case's assessments, for the case page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessmentSummary {
    /// Number of coded reactions.
    pub coded: usize,
    /// (product label, WHO-UMC label, Naranjo score, Naranjo band label)
    /// for each assessed suspect product.
    pub causality: Vec<(String, &'static str, i32, &'static str)>,
    /// Other reports scoring above the duplicate threshold.
    pub duplicate_candidates: usize,
    /// The case number this report is a duplicate of, when linked.
    pub duplicate_of: Option<crate::ids::CaseNumber>,
}
