//! Handlers of the analysis area (`/analysis`): the dashboard. Analysts
//! and admins only (`RequireAnalyst`), checked by the extractor before the
//! handler runs.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::staff::{bar, layout};
use super::{html, AppError, State};
use crate::analysis::charts::{self, Bar, Stack};
use crate::analysis::dashboard;
use crate::analysis::figures::{Dashboard, SignalRow};
use crate::analysis::signals::{show, show_interval};
use crate::auth::roles::RequireAnalyst;
use crate::export::filter::AnalysisFilter;
use crate::form::RawForm;
use crate::report::options::{ClosedList, Outcome, ReportStatus, Substance};
use crate::views::analysis::{ChartView, DashboardPage, SignalView};
use crate::views::options::{of, Opt};
use crate::web::route::{routes, Route};
use crate::web::staff_guard::Staff;

pub(super) const ROUTES: &[Route] = routes![
    Get "/analysis" Export NotAllowed => dashboard_page,
];

/// The seriousness choices of the filter (codes `AnalysisFilter` parses).
pub(super) fn seriousness_options() -> Vec<Opt> {
    let mut out = vec![
        Opt {
            code: "serious",
            label: "Any serious outcome",
        },
        Opt {
            code: "not_serious",
            label: "Not serious",
        },
    ];
    out.extend(Outcome::all().iter().map(|o| Opt {
        code: o.code(),
        label: o.label(),
    }));
    out
}

/// The status choices: empty = every counted status.
pub(super) fn status_options() -> Vec<Opt> {
    let mut out = vec![Opt {
        code: "",
        label: "Counted reports (not spam, not a report, or a linked duplicate)",
    }];
    out.extend_from_slice(of::<ReportStatus>());
    out
}

fn bar_chart(
    id: &'static str,
    title: &'static str,
    first: &'static str,
    bars: &[Bar],
) -> ChartView {
    ChartView {
        id,
        title,
        svg: charts::bars(title, bars),
        headers: vec![first, "Reports"],
        rows: bars
            .iter()
            .map(|b| vec![b.label.clone(), b.count.to_string()])
            .collect(),
    }
}

fn charts_of(d: &Dashboard) -> Vec<ChartView> {
    let months: Vec<Stack> = d
        .months
        .iter()
        .map(|m| Stack {
            label: m.month.clone(),
            parts: vec![m.serious, m.not_serious],
        })
        .collect();
    let month_title = "Reports per month by seriousness";
    let withdrawal_title = "Withdrawal symptoms by severity";
    vec![
        ChartView {
            id: "months",
            title: month_title,
            svg: charts::stacked_bars(month_title, &months, &["Serious", "Not serious"]),
            headers: vec!["Month received", "Serious", "Not serious", "All"],
            rows: d
                .months
                .iter()
                .map(|m| {
                    vec![
                        m.month.clone(),
                        m.serious.to_string(),
                        m.not_serious.to_string(),
                        (m.serious + m.not_serious).to_string(),
                    ]
                })
                .collect(),
        },
        bar_chart(
            "substances",
            "Reports by substance",
            "Substance",
            &d.substances,
        ),
        bar_chart("forms", "Reports by product form", "Product form", &d.forms),
        bar_chart("reactions", "Top reactions", "Reaction", &d.reactions),
        bar_chart(
            "outcomes",
            "Outcomes (state when reported)",
            "Outcome",
            &d.outcomes,
        ),
        ChartView {
            id: "withdrawal",
            title: withdrawal_title,
            svg: charts::stacked_bars(
                withdrawal_title,
                &d.withdrawal,
                &["Mild", "Moderate", "Severe"],
            ),
            headers: vec!["Withdrawal symptom", "Mild", "Moderate", "Severe"],
            rows: d
                .withdrawal
                .iter()
                .map(|s| {
                    let mut row = vec![s.label.clone()];
                    row.extend(s.parts.iter().map(i64::to_string));
                    row
                })
                .collect(),
        },
    ]
}

/// A disproportionality row as the page and the summary show it.
pub(super) fn signal_view(r: &SignalRow) -> SignalView {
    let s = &r.signal;
    SignalView {
        substance: r.substance,
        reaction: r.reaction.clone(),
        a: s.table.a,
        b: s.table.b,
        c: s.table.c,
        d: s.table.d,
        prr: show(s.prr.value),
        prr_ci: show_interval(&s.prr),
        ror: show(s.ror.value),
        ror_ci: show_interval(&s.ror),
        chi2: show(s.chi2_yates),
        flagged: s.flagged,
        ic: show(s.ic.value),
        ic_ci: show_interval(&s.ic),
        ic_flagged: s.ic_flagged,
    }
}

pub async fn dashboard_page(
    req: HttpRequest,
    state: State,
    staff: Staff<RequireAnalyst>,
) -> Result<HttpResponse, AppError> {
    let query = RawForm::decode(req.query_string().as_bytes())
        .map_err(|_| AppError::BadRequest("The filter could not be read.".into()))?;
    let (filter, errors) = AnalysisFilter::parse(&query);
    let d = dashboard::show(state.intake.db(), filter.clone()).await?;
    let page = DashboardPage {
        layout: layout(&state, "Analysis dashboard").wide(),
        bar: bar(&staff.session),
        f: crate::views::report::FormState::new(query, errors),
        statuses: status_options(),
        seriousness: seriousness_options(),
        substances: of::<Substance>(),
        total: d.total,
        charts: charts_of(&d),
        signals: d.signals.iter().map(signal_view).collect(),
        one_substance: filter.substance.is_some(),
    };
    Ok(html(StatusCode::OK, page.render()?))
}
