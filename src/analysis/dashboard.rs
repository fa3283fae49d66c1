//! The dashboard's figures for one filter: reports per month by
//! seriousness, top substances, product forms and reactions, outcomes, the
//! withdrawal symptom severity profile and the disproportionality table.
//! Counts come from `db::analysis_counts` (GROUP BY queries); this module
//! only labels, orders and combines them.

use std::collections::HashMap;

use super::charts::{Bar, Stack};
use super::signals::{self, Signal, TwoByTwo};
use crate::db::analysis_counts as q;
use crate::db::{DbConnection, DbError};
use crate::export::filter::AnalysisFilter;
use crate::report::options::{ClosedList, CurrentState, ProductForm, Severity, Substance};
use crate::report::symptoms::{Symptom, WithdrawalSymptom};
use crate::review::queue::outcome_of;

/// How many reactions the "top reactions" chart shows.
pub const TOP_REACTIONS: usize = 15;

/// One month: reports with and without a serious outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    pub month: String,
    pub serious: i64,
    pub not_serious: i64,
}

/// One substance × reaction pair and its statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalRow {
    pub substance: &'static str,
    pub reaction: String,
    pub signal: Signal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub total: i64,
    pub months: Vec<MonthRow>,
    pub substances: Vec<Bar>,
    pub forms: Vec<Bar>,
    pub reactions: Vec<Bar>,
    pub outcomes: Vec<Bar>,
    /// Parts: mild, moderate, severe.
    pub withdrawal: Vec<Stack>,
    /// Flagged pairs first, then by the number of reports with both.
    pub signals: Vec<SignalRow>,
}

/// Label of a stored code of a closed list (the code itself if unknown).
fn label<T: ClosedList>(code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |v| v.label().to_owned())
}

/// A reaction's label; withdrawal symptoms are marked as such.
pub fn reaction_label(code: &str, withdrawal: bool) -> String {
    if withdrawal {
        format!("Withdrawal: {}", label::<WithdrawalSymptom>(code))
    } else {
        label::<Symptom>(code)
    }
}

fn sorted(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    bars
}

fn months(rows: Vec<(String, i32, i64)>) -> Vec<MonthRow> {
    let mut out: Vec<MonthRow> = Vec::new();
    for (month, rank, n) in rows {
        if out.last().is_none_or(|m| m.month != month) {
            out.push(MonthRow {
                month: month.clone(),
                serious: 0,
                not_serious: 0,
            });
        }
        if let Some(m) = out.last_mut() {
            if outcome_of(rank).is_some() {
                m.serious += n;
            } else {
                m.not_serious += n;
            }
        }
    }
    out
}

fn withdrawal(rows: Vec<(String, String, i64)>) -> Vec<Stack> {
    let levels = [Severity::Mild, Severity::Moderate, Severity::Severe];
    let mut by_code: HashMap<String, Vec<i64>> = HashMap::new();
    for (code, severity, n) in rows {
        if let Some(i) = levels.iter().position(|l| l.code() == severity) {
            by_code.entry(code).or_insert_with(|| vec![0; 3])[i] += n;
        }
    }
    // The checklist's own order, so profiles compare across filters.
    WithdrawalSymptom::all()
        .iter()
        .filter_map(|s| {
            by_code.remove(s.code()).map(|parts| Stack {
                label: s.label().to_owned(),
                parts,
            })
        })
        .collect()
}

/// The statistics of every suspect substance × reaction pair reported together.
pub fn signal_rows(
    conn: &mut DbConnection,
    f: &AnalysisFilter,
    total: i64,
) -> Result<Vec<SignalRow>, DbError> {
    let subst: HashMap<String, i64> = q::suspect_substances(conn, f)?.into_iter().collect();
    let react: HashMap<(String, bool), i64> = q::by_reaction(conn, f)?
        .into_iter()
        .map(|(c, w, n)| ((c, w), n))
        .collect();
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let mut out = Vec::new();
    for (s, code, w, a) in q::substance_reaction_pairs(conn, f)? {
        let n_s = subst.get(&s).copied().unwrap_or(0);
        let n_r = react.get(&(code.clone(), w)).copied().unwrap_or(0);
        let Some(table) = TwoByTwo::from_margins(count(a), count(n_s), count(n_r), count(total))
        else {
            continue;
        };
        out.push(SignalRow {
            substance: Substance::from_code(&s).map_or("Unknown substance", |v| v.label()),
            reaction: reaction_label(&code, w),
            signal: signals::signal(table),
        });
    }
    out.sort_by(|x, y| {
        y.signal
            .flagged
            .cmp(&x.signal.flagged)
            .then(y.signal.table.a.cmp(&x.signal.table.a))
            .then(x.substance.cmp(y.substance))
            .then(x.reaction.cmp(&y.reaction))
    });
    Ok(out)
}

/// Every figure of the dashboard for `f`.
pub fn load(conn: &mut DbConnection, f: &AnalysisFilter) -> Result<Dashboard, DbError> {
    let total = q::total(conn, f)?;
    let bars = |rows: Vec<(String, i64)>, name: fn(&str) -> String| {
        sorted(
            rows.into_iter()
                .map(|(c, n)| Bar {
                    label: name(&c),
                    count: n,
                })
                .collect(),
        )
    };
    let mut reactions = sorted(
        q::by_reaction(conn, f)?
            .into_iter()
            .map(|(c, w, n)| Bar {
                label: reaction_label(&c, w),
                count: n,
            })
            .collect(),
    );
    reactions.truncate(TOP_REACTIONS);
    Ok(Dashboard {
        total,
        months: months(q::by_month_and_rank(conn, f)?),
        substances: bars(q::by_substance(conn, f)?, label::<Substance>),
        forms: bars(q::by_form(conn, f)?, label::<ProductForm>),
        reactions,
        outcomes: bars(q::by_current_state(conn, f)?, label::<CurrentState>),
        withdrawal: withdrawal(q::withdrawal_severity(conn, f)?),
        signals: signal_rows(conn, f, total)?,
    })
}
