//! What a report still lacks to be usable by a regulator or poison center:
//! first the minimum elements of a valid report (ICH E2D §3.1, restated in
//! reference/medwatch.md §5), then the answers that help most. Advice only:
//! a report with gaps is still accepted and sent.
//!
//! The four minimum elements, as Canary meets them without asking anyone's
//! identity:
//! 1. an identifiable patient: any one of age, age group, sex or weight
//!    (weight as in the reviewers' list, `review::completeness`);
//! 2. an identifiable reporter: the reporter's qualification ("Who is filling
//!    in this form?") is a required answer, and whoever forwards the report
//!    identifies themselves, so this is never a gap here;
//! 3. one adverse event or outcome;
//! 4. one suspect product.

use super::form::product_field;
use super::model::NewReport;
use super::options::{AgeGroup, CurrentState, ProductForm, ReportKind, Severity, Sex};
use super::values::Age;

/// The hidden form field that carries the codes of the gaps already shown.
pub const SEEN_FIELD: &str = "guidance_seen";

/// One missing answer. Product gaps carry the product's place in
/// `NewReport::products` (not its form block: empty blocks are dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Minimum element 1: no age, age group, sex or weight.
    Patient,
    /// Minimum element 3: no symptom, outcome or description.
    Event,
    /// Minimum element 4: no product marked as the suspected cause.
    SuspectProduct,
    /// The form (capsules, powder…) of a suspect product.
    ProductForm(usize),
    /// The amount taken each time of a suspect product.
    Amount(usize),
    /// How long after the last dose it started; for withdrawal, the time
    /// from the last dose to the first withdrawal symptoms.
    Onset { withdrawal: bool },
    /// How the person is now.
    Outcome,
}

impl Gap {
    /// One of the minimum elements of a valid report.
    pub fn is_minimum(self) -> bool {
        matches!(self, Gap::Patient | Gap::Event | Gap::SuspectProduct)
    }

    /// A stable short code, carried in the form to remember what was shown.
    pub fn code(self) -> String {
        match self {
            Gap::Patient => "patient".into(),
            Gap::Event => "event".into(),
            Gap::SuspectProduct => "suspect".into(),
            Gap::ProductForm(i) => format!("form{i}"),
            Gap::Amount(i) => format!("amount{i}"),
            Gap::Onset { .. } => "onset".into(),
            Gap::Outcome => "outcome".into(),
        }
    }

    /// The form section (its anchor) the answer belongs to.
    pub fn section(self) -> &'static str {
        match self {
            Gap::Patient => "person",
            Gap::Event | Gap::Onset { .. } => "happened",
            Gap::SuspectProduct | Gap::ProductForm(_) | Gap::Amount(_) => "products",
            Gap::Outcome => "care",
        }
    }

    /// The form field to open at. `blocks[i]` is the form block that
    /// product `i` came from.
    pub fn field(self, blocks: &[usize]) -> String {
        let block = |i: usize| blocks.get(i).copied().unwrap_or(0);
        match self {
            Gap::Patient => "age".into(),
            Gap::Event => "sym_slow_breathing".into(),
            Gap::SuspectProduct => product_field(block(0), "role"),
            Gap::ProductForm(i) => product_field(block(i), "form"),
            Gap::Amount(i) => product_field(block(i), "amount"),
            Gap::Onset { withdrawal: true } => "last_dose".into(),
            Gap::Onset { withdrawal: false } => "onset_after".into(),
            Gap::Outcome => "current_state".into(),
        }
    }
}

/// Every gap of a report, the minimum elements first.
pub fn gaps(r: &NewReport) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let age_known = match r.age {
        Some(Age::Years(_)) => true,
        Some(Age::Group(g)) => g != AgeGroup::Unknown,
        None => false,
    };
    let sex_known = matches!(r.sex, Sex::Female | Sex::Male | Sex::Intersex);
    if !age_known && !sex_known && r.weight.is_none() {
        gaps.push(Gap::Patient);
    }
    let event = !r.symptoms.is_empty()
        || r.symptoms_other.is_some()
        || r.narrative.is_some()
        || !r.outcomes.is_empty()
        || r.withdrawal.iter().any(|(_, s)| *s != Severity::None);
    if !event {
        gaps.push(Gap::Event);
    }
    let suspects: Vec<usize> = r
        .products
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role == super::options::ProductRole::Suspect)
        .map(|(i, _)| i)
        .collect();
    if suspects.is_empty() {
        gaps.push(Gap::SuspectProduct);
    }
    for &i in &suspects {
        if r.products[i].form == ProductForm::Unknown {
            gaps.push(Gap::ProductForm(i));
        }
        if r.products[i].amount.is_none() {
            gaps.push(Gap::Amount(i));
        }
    }
    let withdrawal = r.kind == ReportKind::Withdrawal;
    let timed = r.onset_after.is_some() || (withdrawal && r.last_dose.is_some());
    if !timed {
        gaps.push(Gap::Onset { withdrawal });
    }
    if r.current_state == CurrentState::Unknown {
        gaps.push(Gap::Outcome);
    }
    gaps
}

/// What the check page shows, so that nobody is asked twice.
///
/// Why: the list is shown once in full. A reporter who then goes back to
/// the form (a "Change" link) and leaves some of those answers empty has
/// made a choice; the next check page lists only gaps they have not been
/// shown yet (say, a product added since) and sums up the rest in one
/// short line. What was shown travels with the answers as a hidden field,
/// so nothing is stored and nothing needs a cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    /// Gaps not shown before, to list with their "Change" links.
    pub new: Vec<Gap>,
    /// Gaps already shown once and still open.
    pub left: usize,
    /// Codes of every gap shown so far (the hidden field's new value).
    pub seen: String,
}

/// Split `gaps` by what was shown before (`seen`, codes separated by spaces).
pub fn guidance(gaps: &[Gap], seen: &str) -> Guidance {
    let before: Vec<&str> = seen.split_whitespace().collect();
    let (old, new): (Vec<Gap>, Vec<Gap>) = gaps
        .iter()
        .partition(|g| before.contains(&g.code().as_str()));
    let mut all: Vec<String> = before.iter().map(|s| (*s).to_owned()).collect();
    for g in &new {
        all.push(g.code());
    }
    // Codes only: anything else in the hidden field is dropped.
    all.retain(|c| c.len() <= 12 && c.bytes().all(|b| b.is_ascii_alphanumeric()));
    all.sort();
    all.dedup();
    Guidance {
        new,
        left: old.len(),
        seen: all.join(" "),
    }
}

#[cfg(test)]
#[path = "completeness_test.rs"]
mod tests;
