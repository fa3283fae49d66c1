//! Use case: the dashboard's figures for one filter, read in one
//! transaction. Counts come from `db::analysis_counts` (GROUP BY queries);
//! [`super::figures`] labels, orders and combines them.

use super::figures::{self, label, Dashboard, SignalRow};
use crate::db::analysis_counts as q;
use crate::db::{Db, DbConnection, DbError};
use crate::export::filter::AnalysisFilter;
use crate::report::options::{CurrentState, ProductForm, Substance};

/// The dashboard for `f`, as the analysis page shows it.
pub async fn show(db: &Db, f: AnalysisFilter) -> Result<Dashboard, DbError> {
    db.read(move |c| load(c, &f)).await
}

/// The statistics of every suspect substance × reaction pair reported
/// together, among `total` reports.
pub fn signal_rows(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
    total: i64,
) -> Result<Vec<SignalRow>, DbError> {
    Ok(figures::signal_rows(
        q::suspect_substances(conn, f)?,
        q::by_reaction(conn, f)?,
        q::substance_reaction_pairs(conn, f)?,
        total,
    ))
}

/// Every figure of the dashboard for `f`.
pub fn load(conn: &mut DbConnection, f: &AnalysisFilter) -> Result<Dashboard, DbError> {
    let total = q::total(conn, f)?;
    Ok(Dashboard {
        total,
        months: figures::months(q::by_month_and_rank(conn, f)?),
        substances: figures::bars(q::by_substance(conn, f)?, label::<Substance>),
        forms: figures::bars(q::by_form(conn, f)?, label::<ProductForm>),
        reactions: figures::top_reactions(q::by_reaction(conn, f)?),
        outcomes: figures::bars(q::by_current_state(conn, f)?, label::<CurrentState>),
        withdrawal: figures::withdrawal(q::withdrawal_severity(conn, f)?),
        signals: signal_rows(conn, f, total)?,
    })
}
