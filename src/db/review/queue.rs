//! The triage queue as SQL: a filtered page in queue order (most serious
//! first, then oldest first) with each case's products, and a capped count.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::analysis::start_of;
use crate::db::schema::{report_products, reports};
use crate::db::{DbConnection, DbError};
use crate::ids::{ReportId, UserId};
use crate::review::queue::{QueueFilter, QueueLine, QueuePage, QueueProduct, PAGE_SIZE};

type Backend = <DbConnection as Connection>::Backend;

diesel::define_sql_function! {
    /// Lower-case text (both backends have it).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

columns!(
    /// The columns of a [`QueueLine`], in its fields' order.
    const QUEUE_LINE = reports:
    id, case_number, received_at, status, report_kind, queue_rank, ich_seriousness, emergency,
    assigned_to
);

/// The queue counts matching cases up to this many: an exact count of a
/// large backlog costs a scan of it on every page view, and "more than
/// 1,000" tells a reviewer as much.
pub const COUNT_CAP: i64 = 1000;

/// How a query will use the status filter (see [`page`]).
#[derive(Clone, Copy, PartialEq)]
enum Use {
    /// Counting: the status index answers it.
    Count,
    /// One page in queue order.
    Page,
}

/// The filter as SQL; built twice (page and count) from the same code.
fn filtered<'a>(
    f: &'a QueueFilter,
    me: &'a UserId,
    usage: Use,
) -> reports::BoxedQuery<'a, Backend> {
    let mut q = reports::table.into_boxed();
    if let Some(statuses) = f.status.statuses() {
        let codes: Vec<&'static str> = statuses
            .iter()
            .map(|s| crate::report::options::ClosedList::code(*s))
            .collect();
        // A page of several statuses ("open") is fastest walking the queue
        // index in order and skipping the few closed cases; an indexable
        // `status IN (…)` makes both engines fetch every open case and sort
        // them all. `status || ''` is the same test that no index serves.
        // One status is an equality the (status, order) index serves in order.
        q = if usage == Use::Page && codes.len() > 1 {
            q.filter(reports::status.concat("").eq_any(codes))
        } else {
            q.filter(reports::status.eq_any(codes))
        };
    }
    if let Some(s) = f.seriousness {
        let (lo, hi) = s.ranks();
        q = q.filter(reports::queue_rank.between(lo, hi));
    }
    if let Some(substance) = f.substance {
        let code = crate::report::options::ClosedList::code(substance);
        // Correlated, so a page stops at its 50th case in queue order.
        q = q.filter(diesel::dsl::exists(
            report_products::table
                .filter(report_products::report_id.eq(reports::id))
                .filter(report_products::substance.eq(code)),
        ));
    }
    if let Some(from) = f.received_from {
        q = q.filter(reports::received_at.ge(start_of(from)));
    }
    if let Some(to) = f.received_to.and_then(|d| d.succ_opt()) {
        q = q.filter(reports::received_at.lt(start_of(to)));
    }
    if f.mine {
        q = q.filter(reports::assigned_to.eq(me));
    }
    if let Some(search) = &f.search {
        let escaped = search
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        q = q.filter(
            lower(reports::case_number)
                .like(pattern.clone())
                .escape('\\')
                .or(reports::id.eq_any(
                    report_products::table
                        .filter(
                            lower(report_products::brand.assume_not_null())
                                .like(pattern.clone())
                                .escape('\\')
                                .or(lower(report_products::substance_other.assume_not_null())
                                    .like(pattern)
                                    .escape('\\')),
                        )
                        .select(report_products::report_id),
                )),
        );
    }
    q
}

/// One page of the queue: most serious first, then oldest first (then by
/// id, so pages never overlap). The order is the `reports_queue` index.
pub fn page(conn: &mut DbConnection, f: &QueueFilter, me: &UserId) -> Result<QueuePage, DbError> {
    let counted = filtered(f, me, Use::Count)
        .select(reports::id)
        .limit(COUNT_CAP + 1)
        .load::<String>(conn)?
        .len() as i64;
    let lines: Vec<QueueLine> = filtered(f, me, Use::Page)
        .order((
            reports::queue_rank.asc(),
            reports::received_at.asc(),
            reports::id.asc(),
        ))
        .limit(PAGE_SIZE)
        .offset((f.page.max(1) - 1) * PAGE_SIZE)
        .select(QUEUE_LINE)
        .load(conn)?;
    let ids: Vec<&ReportId> = lines.iter().map(|l| &l.id).collect();
    let products: Vec<(ReportId, String, Option<String>, Option<String>)> = if ids.is_empty() {
        Vec::new()
    } else {
        report_products::table
            .filter(report_products::report_id.eq_any(&ids))
            .order((report_products::report_id, report_products::position))
            .select((
                report_products::report_id,
                report_products::substance,
                report_products::substance_other,
                report_products::brand,
            ))
            .load(conn)?
    };
    let mut by_report: HashMap<ReportId, Vec<QueueProduct>> = HashMap::new();
    for (report_id, substance, other, brand) in products {
        by_report
            .entry(report_id)
            .or_default()
            .push((substance, other, brand));
    }
    let lines = lines
        .into_iter()
        .map(|l| {
            let p = by_report.remove(&l.id).unwrap_or_default();
            (l, p)
        })
        .collect();
    Ok(QueuePage {
        lines,
        total: counted.min(COUNT_CAP),
        capped: counted > COUNT_CAP,
    })
}
