//! The storage half of `canary rescrub` (the use case, with its audit event, is
//! `crate::rescrub`): runs the current scrubber over the free text stored with reports that an
//! older scrubber version cleaned (or all, on request) and records the new version on each
//! report. The removed text is never returned, printed, logged or kept: only the kinds are
//! counted.

use crate::ids::ReportId;
use std::collections::BTreeMap;

use diesel::prelude::*;

use super::schema::{followups, report_products, reports};
use super::{DbConnection, DbError};
use crate::deidentify::{self, IdentifierKind};

/// Reports read per query.
const BATCH: i64 = 500;

/// What a run changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Reports looked at (and now at [`deidentify::VERSION`]).
    pub reports: u64,
    /// Reports whose stored text changed.
    pub changed: u64,
    /// Identifiers removed, by kind.
    pub by_kind: BTreeMap<IdentifierKind, u64>,
}

impl Outcome {
    /// One line: `rescrubbed reports=N changed=M removed=K name=… place=…`.
    pub fn line(&self) -> String {
        let removed: u64 = self.by_kind.values().sum();
        let mut line = format!(
            "rescrubbed reports={} changed={} removed={removed}",
            self.reports, self.changed
        );
        for (kind, n) in &self.by_kind {
            line.push_str(&format!(" {}={n}", kind.code()));
        }
        line
    }

    /// Scrubs `field` in place; true when it changed. Adds the kinds found to `kinds`.
    fn clean(&mut self, field: &mut Option<String>, kinds: &mut Vec<IdentifierKind>) -> bool {
        self.clean_keeping(field, kinds, &[])
    }

    /// As `clean`, leaving the kinds in `keep` (a seller field keeps shop names and web
    /// addresses, as at intake: `FreeText::seller`).
    fn clean_keeping(
        &mut self,
        field: &mut Option<String>,
        kinds: &mut Vec<IdentifierKind>,
        keep: &[IdentifierKind],
    ) -> bool {
        let Some(text) = field.as_mut() else {
            return false;
        };
        let s = deidentify::scrub_keeping(text, keep);
        if s.found.is_empty() {
            return false;
        }
        for f in &s.found {
            *self.by_kind.entry(f.kind).or_default() += 1;
            kinds.push(f.kind);
        }
        *text = s.text;
        true
    }
}

type ReportText = (ReportId, [Option<String>; 7], String, String);
/// id, the seven short free-text columns, narrative, scrubbed kinds.
type ReportColumns = (
    ReportId,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);
/// id, substance_other, brand, reason_other, seller.
type ProductText = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Re-scrubs every report below the current version (every report with `all`), in the
/// transaction the caller opens.
pub fn scrub(conn: &mut DbConnection, all: bool) -> Result<Outcome, DbError> {
    let mut out = Outcome::default();
    let mut after = ReportId::from_stored(String::new());
    loop {
        let mut q = reports::table
            .filter(reports::id.gt(&after))
            .order(reports::id)
            .limit(BATCH)
            .into_boxed();
        if !all {
            q = q.filter(reports::scrubber_version.lt(deidentify::VERSION));
        }
        let rows: Vec<ReportColumns> = q
            .select((
                reports::id,
                reports::region,
                reports::health_conditions,
                reports::medicines,
                reports::rx_stopped_which,
                reports::co_used_other,
                reports::symptoms_other,
                reports::other_treatment,
                reports::narrative,
                reports::scrubbed_kinds,
            ))
            .load(conn)?;
        let Some(last) = rows.last() else { break };
        after = last.0.clone();
        for (id, a, b, c, d, e, f, g, narrative, kinds) in rows {
            let row: ReportText = (id, [a, b, c, d, e, f, g], narrative, kinds);
            one_report(conn, row, &mut out)?;
        }
    }
    Ok(out)
}

fn one_report(conn: &mut DbConnection, row: ReportText, out: &mut Outcome) -> Result<(), DbError> {
    let (id, mut fields, narrative, stored_kinds) = row;
    out.reports += 1;
    let mut kinds: Vec<IdentifierKind> = stored_kinds
        .split(',')
        .filter_map(IdentifierKind::from_code)
        .collect();
    let mut changed = false;
    for f in fields.iter_mut() {
        changed |= out.clean(f, &mut kinds);
    }
    let mut narrative = Some(narrative);
    changed |= out.clean(&mut narrative, &mut kinds);
    changed |= products(conn, &id, out, &mut kinds)?;
    changed |= followup_texts(conn, &id, out)?;
    kinds.sort();
    kinds.dedup();
    let kinds: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
    let [region, health, medicines, which, co_used, symptoms, treatment] = fields;
    diesel::update(reports::table.filter(reports::id.eq(&id)))
        .set((
            reports::region.eq(region),
            reports::health_conditions.eq(health),
            reports::medicines.eq(medicines),
            reports::rx_stopped_which.eq(which),
            reports::co_used_other.eq(co_used),
            reports::symptoms_other.eq(symptoms),
            reports::other_treatment.eq(treatment),
            reports::narrative.eq(narrative.unwrap_or_default()),
            reports::scrubbed_kinds.eq(kinds.join(",")),
            reports::scrubber_version.eq(deidentify::VERSION),
        ))
        .execute(conn)?;
    if changed {
        out.changed += 1;
    }
    Ok(())
}

fn products(
    conn: &mut DbConnection,
    report_id: &ReportId,
    out: &mut Outcome,
    kinds: &mut Vec<IdentifierKind>,
) -> Result<bool, DbError> {
    let rows: Vec<ProductText> = report_products::table
        .filter(report_products::report_id.eq(report_id))
        .select((
            report_products::id,
            report_products::substance_other,
            report_products::brand,
            report_products::reason_other,
            report_products::seller,
        ))
        .load(conn)?;
    let mut any = false;
    for (id, mut other, mut brand, mut reason, mut seller) in rows {
        let changed = out.clean(&mut other, kinds)
            | out.clean(&mut brand, kinds)
            | out.clean(&mut reason, kinds)
            | out.clean_keeping(&mut seller, kinds, &crate::report::values::SELLER_KEEPS);
        if changed {
            any = true;
            diesel::update(report_products::table.filter(report_products::id.eq(id)))
                .set((
                    report_products::substance_other.eq(other),
                    report_products::brand.eq(brand),
                    report_products::reason_other.eq(reason),
                    report_products::seller.eq(seller),
                ))
                .execute(conn)?;
        }
    }
    Ok(any)
}

fn followup_texts(
    conn: &mut DbConnection,
    report_id: &ReportId,
    out: &mut Outcome,
) -> Result<bool, DbError> {
    let rows: Vec<(String, String, String)> = followups::table
        .filter(followups::report_id.eq(report_id))
        .select((
            followups::id,
            followups::narrative,
            followups::scrubbed_kinds,
        ))
        .load(conn)?;
    let mut any = false;
    for (id, narrative, stored) in rows {
        let mut kinds: Vec<IdentifierKind> = stored
            .split(',')
            .filter_map(IdentifierKind::from_code)
            .collect();
        let mut text = Some(narrative);
        if out.clean(&mut text, &mut kinds) {
            any = true;
            kinds.sort();
            kinds.dedup();
            let codes: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
            diesel::update(followups::table.filter(followups::id.eq(id)))
                .set((
                    followups::narrative.eq(text.unwrap_or_default()),
                    followups::scrubbed_kinds.eq(codes.join(",")),
                ))
                .execute(conn)?;
        }
    }
    Ok(any)
}
