//! `products.csv` (one row per product per case), `reactions.csv` (one row
//! per reported symptom per case, with withdrawal severity and the
//! reviewer's coded terms, plus one row per term a reviewer coded from the
//! text) and `followups.csv`: their allow-lists and codebook entries.

use super::columns::{any, boolean, codes, flag, opt, Column, Kind, Table, BOTH, CASE_ONLY};
use super::reports_table::semi;
use crate::export::rows::{FollowupOut, ProductOut};
use crate::report::options::*;
use crate::review::terms::ReactionTerm;

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub struct ProductLine {
    pub case_number: String,
    pub p: ProductOut,
}

type P = Column<ProductLine>;

#[rustfmt::skip]
pub static PRODUCTS: Table<ProductLine> = Table {
    name: "products",
    columns: &[
        P { name: "case_number", kind: Kind::CaseNumber, allowed: any, meaning: "The case (reports.case_number).", profiles: BOTH, value: |l| l.case_number.clone() },
        P { name: "product_number", kind: Kind::Integer, allowed: any, meaning: "Order of the product on the form, from 1.", profiles: BOTH, value: |l| (l.p.position + 1).to_string() },
        P { name: "role", kind: Kind::Code, allowed: codes::<ProductRole>, meaning: "Suspect (thought to have caused the problem) or concomitant.", profiles: BOTH, value: |l| l.p.role.clone() },
        P { name: "substance", kind: Kind::Code, allowed: codes::<Substance>, meaning: "The substance.", profiles: BOTH, value: |l| l.p.substance.clone() },
        P { name: "substance_other", kind: Kind::FreeText, allowed: any, meaning: "The substance's name when substance is other; scrubbed.", profiles: BOTH, value: |l| text(&l.p.substance_other) },
        P { name: "brand", kind: Kind::FreeText, allowed: any, meaning: "Brand or product name as labelled; scrubbed.", profiles: BOTH, value: |l| text(&l.p.brand) },
        P { name: "form", kind: Kind::Code, allowed: codes::<ProductForm>, meaning: "Product form.", profiles: BOTH, value: |l| l.p.form.clone() },
        P { name: "strength_mg", kind: Kind::Number, allowed: any, meaning: "Labelled strength in mg of strength_of per unit.", profiles: BOTH, value: |l| opt(&l.p.strength_mg) },
        P { name: "strength_of", kind: Kind::Code, allowed: codes::<StrengthOf>, meaning: "What the strength is of.", profiles: BOTH, value: |l| text(&l.p.strength_of) },
        P { name: "amount", kind: Kind::Number, allowed: any, meaning: "Amount per dose, in amount_unit.", profiles: BOTH, value: |l| opt(&l.p.amount) },
        P { name: "amount_unit", kind: Kind::Code, allowed: codes::<AmountUnit>, meaning: "Unit of amount.", profiles: BOTH, value: |l| text(&l.p.amount_unit) },
        P { name: "doses_per_day", kind: Kind::Integer, allowed: any, meaning: "Doses per day.", profiles: BOTH, value: |l| opt(&l.p.doses_per_day) },
        P { name: "route", kind: Kind::Code, allowed: codes::<Route>, meaning: "How it was taken.", profiles: BOTH, value: |l| l.p.route.clone() },
        P { name: "used_for", kind: Kind::Integer, allowed: any, meaning: "How long it had been used (relative timing).", profiles: BOTH, value: |l| opt(&l.p.used_for_value) },
        P { name: "used_for_unit", kind: Kind::Code, allowed: codes::<TimeUnit>, meaning: "Unit of used_for.", profiles: BOTH, value: |l| text(&l.p.used_for_unit) },
        P { name: "last_use", kind: Kind::Month, allowed: any, meaning: "When it was last used.", profiles: BOTH, value: |l| text(&l.p.last_use_month) },
        P { name: "where_bought", kind: Kind::Code, allowed: codes::<WhereBought>, meaning: "Where it was bought.", profiles: BOTH, value: |l| l.p.where_bought.clone() },
        P { name: "lot", kind: Kind::FreeText, allowed: any, meaning: "Lot or batch number as typed (identifies a product batch; case-processing only, for recalls).", profiles: CASE_ONLY, value: |l| text(&l.p.lot) },
        P { name: "reasons", kind: Kind::Codes, allowed: codes::<ReasonForUse>, meaning: "Why it was used.", profiles: BOTH, value: |l| semi(&l.p.reasons) },
        P { name: "reason_other", kind: Kind::FreeText, allowed: any, meaning: "Other reason, as typed; scrubbed.", profiles: BOTH, value: |l| text(&l.p.reason_other) },
    ],
};

/// One reaction row: a reported symptom with the terms a reviewer coded
/// from it, or a term a reviewer coded from the text (no symptom).
pub struct ReactionLine {
    pub case_number: String,
    pub symptom: String,
    pub withdrawal: bool,
    pub severity: Option<String>,
    pub coded_terms: Vec<String>,
    pub meddra_codes: Vec<String>,
    pub coded_from: String,
}

pub(super) fn symptoms() -> String {
    use crate::report::symptoms::{Symptom, WithdrawalSymptom};
    format!(
        "symptoms: {}; withdrawal symptoms: {}",
        codes::<Symptom>(),
        codes::<WithdrawalSymptom>()
    )
}

type R = Column<ReactionLine>;

#[rustfmt::skip]
pub static REACTIONS: Table<ReactionLine> = Table {
    name: "reactions",
    columns: &[
        R { name: "case_number", kind: Kind::CaseNumber, allowed: any, meaning: "The case (reports.case_number).", profiles: BOTH, value: |l| l.case_number.clone() },
        R { name: "symptom", kind: Kind::Code, allowed: symptoms, meaning: "The symptom the reporter ticked; empty on a row for a term a reviewer coded from the text.", profiles: BOTH, value: |l| l.symptom.clone() },
        R { name: "withdrawal", kind: Kind::Boolean, allowed: boolean, meaning: "True for a withdrawal symptom (from the withdrawal checklist).", profiles: BOTH, value: |l| if l.symptom.is_empty() { String::new() } else { flag(l.withdrawal) } },
        R { name: "severity", kind: Kind::Code, allowed: codes::<Severity>, meaning: "Withdrawal symptom severity as reported; empty for other symptoms.", profiles: BOTH, value: |l| text(&l.severity) },
        R { name: "coded_terms", kind: Kind::Codes, allowed: codes::<ReactionTerm>, meaning: "Canary reaction terms a reviewer coded for this symptom (or from the text); empty when not yet coded.", profiles: BOTH, value: |l| l.coded_terms.join(";") },
        R { name: "meddra_codes", kind: Kind::MeddraCodes, allowed: any, meaning: "MedDRA lowest-level-term codes the operator added to coded_terms, in the same order (only with the operator's own MedDRA licence), each written LLT:code so that spreadsheets and data frames keep it as text.", profiles: BOTH, value: |l| l.meddra_codes.join(";") },
        R { name: "coded_from", kind: Kind::Code, allowed: coded_from, meaning: "Where the reviewer read the coded terms: the symptom itself, or the text.", profiles: BOTH, value: |l| l.coded_from.clone() },
    ],
};

fn coded_from() -> String {
    "symptom; withdrawal_list = the withdrawal symptoms together; other = the other-symptoms text; narrative".into()
}

pub struct FollowupLine {
    pub case_number: String,
    pub number: usize,
    pub f: FollowupOut,
}

type F = Column<FollowupLine>;

#[rustfmt::skip]
pub static FOLLOWUPS: Table<FollowupLine> = Table {
    name: "followups",
    columns: &[
        F { name: "case_number", kind: Kind::CaseNumber, allowed: any, meaning: "The case (reports.case_number).", profiles: BOTH, value: |l| l.case_number.clone() },
        F { name: "followup_number", kind: Kind::Integer, allowed: any, meaning: "Order of the follow-up, from 1.", profiles: BOTH, value: |l| l.number.to_string() },
        F { name: "received", kind: Kind::Month, allowed: any, meaning: "When the follow-up arrived (UTC).", profiles: BOTH, value: |l| l.f.received_at.format("%Y-%m").to_string() },
        F { name: "current_state", kind: Kind::Code, allowed: codes::<CurrentState>, meaning: "State reported in the follow-up.", profiles: BOTH, value: |l| text(&l.f.current_state) },
        F { name: "narrative", kind: Kind::FreeText, allowed: any, meaning: "The follow-up text; scrubbed at intake and again under safe-harbor.", profiles: BOTH, value: |l| l.f.narrative.clone() },
    ],
};
