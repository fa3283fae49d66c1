//! The reports an analysis covers, as one diesel query built from an
//! [`AnalysisFilter`]: the CSV export, the dashboard and the periodic
//! summary all start from it, so they count the same cases.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::reports;
use super::DbConnection;
use crate::export::filter::AnalysisFilter;
use crate::report::options::ReportStatus;

type Backend = <DbConnection as Connection>::Backend;

/// Statuses never counted by default.
pub(crate) const NOT_COUNTED: [ReportStatus; 3] = [
    ReportStatus::Spam,
    ReportStatus::NotAReport,
    ReportStatus::Duplicate,
];

/// Midnight at the start of `day` (received-date filters are inclusive days).
pub(crate) fn start_of(day: NaiveDate) -> chrono::NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

// `report_products` under another name, for the substance subquery of
// queries that already read `report_products`.
diesel::alias! {
    pub(crate) const SUBSTANCE_PRODUCTS: Alias<SubstanceProducts> =
        super::schema::report_products as substance_products;
}

/// Apply the filter to a query whose FROM clause includes `reports`
/// (boxed, so the conditional filters keep one type). The one definition of
/// what an analysis counts: [`matching`] applies it to `reports` alone; the
/// dashboard's GROUP BY queries (`analysis_counts`) apply it after their
/// GROUP BY, to `reports` joined with its child tables.
macro_rules! filter_reports {
    ($query:expr, $f:expr) => {{
        use $crate::db::analysis::SUBSTANCE_PRODUCTS as sp;
        use $crate::db::schema::{report_products, reports};
        use $crate::export::filter::StatusSet;
        use $crate::report::options::ClosedList;
        let f: &$crate::export::filter::AnalysisFilter = $f;
        let mut q = $query;
        match f.status {
            StatusSet::Counted => {
                let codes: Vec<&'static str> = $crate::db::analysis::NOT_COUNTED
                    .iter()
                    .map(|s| s.code())
                    .collect();
                // `x || ''` is the same test with no index behind it. An
                // analysis reads most reports in bulk (GROUP BY, or the
                // export's keyset walk `id > ? ORDER BY id`); an index on
                // status or duplicate_of would make SQLite fetch nearly every
                // row through it and sort them all again for each batch.
                q = q
                    .filter(reports::status.concat("").ne_all(codes))
                    .filter(reports::duplicate_of.concat("").is_null());
            }
            StatusSet::Is(s) => q = q.filter(reports::status.concat("").eq(s.code())),
        }
        if let Some(s) = f.seriousness {
            let (lo, hi) = s.ranks();
            q = q.filter(reports::queue_rank.between(lo, hi));
        }
        if let Some(substance) = f.substance {
            q = q.filter(
                reports::id.eq_any(
                    sp.filter(sp.field(report_products::substance).eq(substance.code()))
                        .select(sp.field(report_products::report_id)),
                ),
            );
        }
        if let Some(from) = f.received_from {
            q = q.filter(reports::received_at.ge($crate::db::analysis::start_of(from)));
        }
        if let Some(to) = f.received_to.and_then(|d| d.succ_opt()) {
            q = q.filter(reports::received_at.lt($crate::db::analysis::start_of(to)));
        }
        q
    }};
}
pub(crate) use filter_reports;

/// Reports matching the filter (select what you need from it). Linked
/// duplicates are left out unless the status filter asks for them.
pub fn matching(f: &AnalysisFilter) -> reports::BoxedQuery<'static, Backend> {
    filter_reports!(reports::table.into_boxed(), f)
}
