//! One case with everything a per-case export needs: the reporter's
//! answers, follow-ups, the triage state and the reviewer's assessments.
//! MedWatch, E2B(R3), FHIR and the poison-center summary all read this,
//! so they agree on what a case says. [`super::case_loader`] loads it.

use crate::ids::CaseNumber;
use crate::report::options::{ClosedList, Outcome, ProductRole};
use crate::report::stored::StoredReport;
use crate::review::causality::CausalityRow;
use crate::review::reaction_details::CodingRow;
use crate::review::record::{CaseHeader, ForwardRow};
use crate::review::report_type::ReportType;

/// A case as the exporters see it.
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub header: CaseHeader,
    pub stored: StoredReport,
    /// Database id of each product, in the report's product order
    /// (`stored.report.products[i]` has id `product_ids[i]`).
    pub product_ids: Vec<String>,
    pub codings: Vec<CodingRow>,
    pub causality: Vec<CausalityRow>,
    pub forwards: Vec<ForwardRow>,
    /// Case numbers of linked reports: the master this case duplicates,
    /// or the duplicates linked to this one (E2B C.1.10.r).
    pub linked: Vec<CaseNumber>,
    /// The reviewer's FDA report type (E2B C.1.7 / FDA.C.1.7.1); `None`
    /// while nobody has decided.
    pub report_type: Option<ReportType>,
}

impl CaseFile {
    /// The seriousness criteria a reviewer confirmed: `None` while nobody
    /// has, `Some(empty)` when confirmed not serious.
    pub fn confirmed_seriousness(&self) -> Option<Vec<Outcome>> {
        let codes = self.header.ich_seriousness.as_deref()?;
        Some(
            codes
                .split(',')
                .filter(|c| !c.is_empty())
                .filter_map(Outcome::from_code)
                .collect(),
        )
    }

    /// The seriousness to export: the reviewer's when confirmed, else the
    /// reporter's outcomes (both are ICH E2A criteria).
    pub fn seriousness(&self) -> Vec<Outcome> {
        self.confirmed_seriousness()
            .unwrap_or_else(|| self.stored.report.outcomes.clone())
    }

    /// Causality assessments of the product at `index`, if any.
    pub fn causality_of(&self, index: usize) -> Vec<&CausalityRow> {
        let Some(id) = self.product_ids.get(index) else {
            return Vec::new();
        };
        self.causality
            .iter()
            .filter(|c| &c.product_id == id)
            .collect()
    }

    /// Indexes of the suspect products.
    pub fn suspect_indexes(&self) -> Vec<usize> {
        (0..self.stored.report.products.len())
            .filter(|i| self.stored.report.products[*i].role == ProductRole::Suspect)
            .collect()
    }
}
