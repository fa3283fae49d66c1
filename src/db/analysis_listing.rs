//! The line listing of serious cases for the periodic summary: the
//! reports `analysis::matching` selects that have a serious outcome, with
//! their products and reactions (three queries, not one per case).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::analysis::matching;
use super::schema::{report_products, report_reactions, reports};
use super::{DbConnection, DbError};
use crate::analysis::periodic::{ListedCase, ListedProduct};
use crate::export::filter::AnalysisFilter;
use crate::review::queue::SeriousnessFilter;

/// (report id, role, substance, form, amount, unit, doses per day).
type ProductLine = (
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<String>,
    Option<i32>,
);

type Head = (
    String,
    String,
    NaiveDateTime,
    Option<i32>,
    Option<String>,
    String,
    String,
    String,
    i32,
);

/// Serious cases matching `f`, oldest first, at most `limit`.
pub fn serious_cases(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
    limit: i64,
) -> Result<Vec<ListedCase>, DbError> {
    let mut serious = f.clone();
    serious.seriousness = Some(match f.seriousness {
        Some(SeriousnessFilter::NotSerious) => return Ok(Vec::new()),
        Some(s) => s,
        None => SeriousnessFilter::Serious,
    });
    let heads: Vec<Head> = matching(&serious)
        .select((
            reports::id,
            reports::case_number,
            reports::received_at,
            reports::age_years,
            reports::age_group,
            reports::sex,
            reports::current_state,
            reports::status,
            reports::queue_rank,
        ))
        .order_by((reports::received_at, reports::case_number))
        .limit(limit)
        .load(conn)?;
    let ids: Vec<String> = heads.iter().map(|h| h.0.clone()).collect();
    let mut products: HashMap<String, Vec<ListedProduct>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<ProductLine> = report_products::table
            .filter(report_products::report_id.eq_any(chunk))
            .order_by((report_products::report_id, report_products::position))
            .select((
                report_products::report_id,
                report_products::role,
                report_products::substance,
                report_products::form,
                report_products::amount,
                report_products::amount_unit,
                report_products::doses_per_day,
            ))
            .load(conn)?;
        for (id, role, substance, form, amount, amount_unit, doses_per_day) in rows {
            products.entry(id).or_default().push(ListedProduct {
                role,
                substance,
                form,
                amount,
                amount_unit,
                doses_per_day,
            });
        }
    }
    let mut reactions: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String, bool)> = report_reactions::table
            .filter(report_reactions::report_id.eq_any(chunk))
            .filter(
                report_reactions::withdrawal
                    .eq(false)
                    .or(report_reactions::severity.ne("none")),
            )
            .order_by((report_reactions::report_id, report_reactions::code))
            .select((
                report_reactions::report_id,
                report_reactions::code,
                report_reactions::withdrawal,
            ))
            .load(conn)?;
        for (id, code, w) in rows {
            reactions.entry(id).or_default().push((code, w));
        }
    }
    Ok(heads
        .into_iter()
        .map(|h| ListedCase {
            products: products.remove(&h.0).unwrap_or_default(),
            reactions: reactions.remove(&h.0).unwrap_or_default(),
            case_number: h.1,
            received_at: h.2,
            age_years: h.3,
            age_group: h.4,
            sex: h.5,
            current_state: h.6,
            status: h.7,
            queue_rank: h.8,
        })
        .collect())
}
