//! `causality.csv`: one row per causality assessment a reviewer saved, as
//! stored — per suspect product and the event assessed — with the WHO-UMC
//! category and the Naranjo score and band (clinical-scales.md). Who
//! assessed and the free-text rationale stay in Canary.

use super::columns::{any, codes, Column, Kind, Table, BOTH};
use crate::export::rows::CausalityOut;
use crate::report::options::ClosedList;
use crate::review::causality::{AssessedEvent, NaranjoBand, WhoUmc};
use crate::review::terms::ReactionTerm;

pub struct CausalityLine {
    pub case_number: String,
    pub c: CausalityOut,
}

fn term(l: &CausalityLine) -> String {
    match AssessedEvent::from_storage(&l.c.event_assessed) {
        AssessedEvent::Term(t) => t.code().to_owned(),
        AssessedEvent::Text(_) => String::new(),
    }
}

fn text(l: &CausalityLine) -> String {
    match AssessedEvent::from_storage(&l.c.event_assessed) {
        AssessedEvent::Term(_) => String::new(),
        AssessedEvent::Text(t) => t,
    }
}

fn scores() -> String {
    "-4 to 13 (the sum of the ten Naranjo answers)".into()
}

type C = Column<CausalityLine>;

#[rustfmt::skip]
pub static CAUSALITY: Table<CausalityLine> = Table {
    name: "causality",
    columns: &[
        C { name: "case_number", kind: Kind::CaseNumber, allowed: any, meaning: "The case (reports.case_number).", profiles: BOTH, value: |l| l.case_number.clone() },
        C { name: "product_number", kind: Kind::Integer, allowed: any, meaning: "The product assessed (products.product_number).", profiles: BOTH, value: |l| (l.c.position + 1).to_string() },
        C { name: "event_term", kind: Kind::Code, allowed: codes::<ReactionTerm>, meaning: "The reaction assessed, as a Canary reaction term; empty when the reviewer described it in words (event_text).", profiles: BOTH, value: term },
        C { name: "event_text", kind: Kind::FreeText, allowed: any, meaning: "The reaction assessed, in the reviewer's words, when it is not a listed term; scrubbed under safe-harbor.", profiles: BOTH, value: text },
        C { name: "who_umc", kind: Kind::Code, allowed: codes::<WhoUmc>, meaning: "WHO-UMC causality category a reviewer chose (codes as in FHIR's adverse-event-causality-assess).", profiles: BOTH, value: |l| l.c.who_umc.clone() },
        C { name: "naranjo_score", kind: Kind::Integer, allowed: scores, meaning: "Naranjo adverse drug reaction probability score from the reviewer's answers.", profiles: BOTH, value: |l| l.c.naranjo_score.to_string() },
        C { name: "naranjo_band", kind: Kind::Code, allowed: codes::<NaranjoBand>, meaning: "Naranjo category of the score: 9 or more definite, 5-8 probable, 1-4 possible, 0 or less doubtful.", profiles: BOTH, value: |l| l.c.naranjo_band.clone() },
        C { name: "assessed", kind: Kind::Month, allowed: any, meaning: "When the reviewer saved the assessment (UTC).", profiles: BOTH, value: |l| l.c.assessed_at.format("%Y-%m").to_string() },
    ],
};
