//! The staff home page: stored reports by status, and what the signed-in
//! role may do.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use super::staff::{bar, layout};
use super::staff_guard::Staff;
use super::{html, AppError, State};
use crate::auth::roles::{AnyStaff, Permission};
use crate::report::options::{ClosedList, ReportStatus};
use crate::views::staff::StaffHomePage;
use crate::web::route::{routes, Route};

pub(super) const ROUTES: &[Route] = routes![
    Get "/staff" ReadReports FallThrough => home,
];

pub async fn home(state: State, staff: Staff<AnyStaff>) -> Result<HttpResponse, AppError> {
    let stored = crate::overview::counts_by_status(state.intake.db()).await?;
    let counts: Vec<(&'static str, i64)> = ReportStatus::all()
        .iter()
        .map(|s| {
            let n = stored.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            (s.label(), n)
        })
        .collect();
    let role = staff.session.role;
    let page = StaffHomePage {
        layout: layout(&state, "Staff home"),
        bar: bar(&staff.session),
        permissions: Permission::ALL
            .iter()
            .map(|p| (p.describe(), role.can(*p)))
            .collect(),
        total: counts.iter().map(|(_, n)| n).sum(),
        counts,
        can_analyse: role.can(Permission::Export),
    };
    Ok(html(StatusCode::OK, page.render()?))
}
