//! The reports an analysis covers, as one diesel query built from an
//! [`AnalysisFilter`]: the CSV export, the dashboard and the periodic
//! summary all start from it, so they count the same cases.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{report_products, reports};
use super::DbConnection;
use crate::export::filter::{AnalysisFilter, StatusSet};
use crate::report::options::{ClosedList, ReportStatus};

type Backend = <DbConnection as Connection>::Backend;

/// Statuses never counted by default.
const NOT_COUNTED: [ReportStatus; 3] = [
    ReportStatus::Spam,
    ReportStatus::NotAReport,
    ReportStatus::Duplicate,
];

fn start_of(day: NaiveDate) -> chrono::NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

/// Reports matching the filter (select what you need from it). Linked
/// duplicates are left out unless the status filter asks for them.
pub fn matching(f: &AnalysisFilter) -> reports::BoxedQuery<'static, Backend> {
    let mut q = reports::table.into_boxed();
    match f.status {
        StatusSet::Counted => {
            let codes: Vec<&'static str> = NOT_COUNTED.iter().map(|s| s.code()).collect();
            q = q
                .filter(reports::status.ne_all(codes))
                .filter(reports::duplicate_of.is_null());
        }
        StatusSet::Is(s) => q = q.filter(reports::status.eq(s.code())),
    }
    if let Some(s) = f.seriousness {
        let (lo, hi) = s.ranks();
        q = q.filter(reports::queue_rank.between(lo, hi));
    }
    if let Some(substance) = f.substance {
        q = q.filter(
            reports::id.eq_any(
                report_products::table
                    .filter(report_products::substance.eq(substance.code()))
                    .select(report_products::report_id),
            ),
        );
    }
    if let Some(from) = f.received_from {
        q = q.filter(reports::received_at.ge(start_of(from)));
    }
    if let Some(to) = f.received_to.and_then(|d| d.succ_opt()) {
        q = q.filter(reports::received_at.lt(start_of(to)));
    }
    q
}
