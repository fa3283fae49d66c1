//! One case with everything a per-case export needs: the reporter's
//! answers, follow-ups, the triage state and the reviewer's assessments.
//! MedWatch, E2B(R3), FHIR and the poison-center summary all read this,
//! so they agree on what a case says.

use crate::db::assessment::{self, CausalityRow, CodingRow};
use crate::db::reports::{self, StoredReport};
use crate::db::review::{self, CaseHeader, ForwardRow};
use crate::db::{DbConnection, DbError};
use crate::report::options::{ClosedList, Outcome, ProductRole};

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
    pub linked: Vec<String>,
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

/// Load a case by its case number; `None` when there is no such case.
pub fn load(conn: &mut DbConnection, case_number: &str) -> Result<Option<CaseFile>, DbError> {
    let Some(header) = review::header(conn, case_number)? else {
        return Ok(None);
    };
    let Some(stored) = reports::load_by_case(conn, case_number)? else {
        return Ok(None);
    };
    let product_ids = reports::product_ids(conn, &header.id)?;
    // A stored row that does not parse is never sent (its page says so).
    let codings = assessment::codings(conn, &header.id)?
        .into_iter()
        .filter(|c| {
            crate::review::terms::ReactionTerm::from_code(&c.term).is_some()
                && crate::review::coding::CodingSource::parse(&c.source).is_some()
        })
        .collect();
    let causality = assessment::causality_for_report(conn, &header.id)?;
    let forwards = review::forwards(conn, &header.id)?;
    let mut linked = Vec::new();
    if let Some(master) = &header.duplicate_of {
        linked.extend(assessment::similar::case_by_id(conn, master)?.map(|m| m.case_number));
    }
    linked.extend(
        assessment::similar::linked_to(conn, &header.id)?
            .into_iter()
            .map(|d| d.case_number),
    );
    Ok(Some(CaseFile {
        header,
        stored,
        product_ids,
        codings,
        causality,
        forwards,
        linked,
    }))
}
