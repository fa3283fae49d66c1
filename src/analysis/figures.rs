//! The dashboard's figures and the rules that make them from counts:
//! reports per month by seriousness, labelled and ordered bars, the
//! withdrawal symptom severity profile and the disproportionality rows.
//! `analysis::dashboard` reads the counts (GROUP BY queries) and hands
//! them here; the periodic summary and the CSV's `signals.csv` reuse the
//! same rows.

use std::collections::HashMap;

use super::charts::{Bar, Stack};
use super::signals::{self, Signal, TwoByTwo};
use crate::report::options::{ClosedList, Severity, Substance};
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
    /// Stored codes of the substance and the reaction, for the CSV.
    pub substance_code: String,
    pub reaction_code: String,
    /// The reaction is from the withdrawal checklist.
    pub withdrawal: bool,
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
pub fn label<T: ClosedList>(code: &str) -> String {
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

pub fn sorted(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    bars
}

pub fn months(rows: Vec<(String, i32, i64)>) -> Vec<MonthRow> {
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

pub fn withdrawal(rows: Vec<(String, String, i64)>) -> Vec<Stack> {
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

/// The statistics of every suspect substance × reaction pair reported
/// together, from the counts of reports naming each suspect substance
/// (`substances`), each reaction (`reactions`: code, withdrawal?, n),
/// each pair (`pairs`: substance, reaction code, withdrawal?, n) and all
/// reports (`total`); flagged pairs first, then by reports with both.
pub fn signal_rows(
    substances: Vec<(String, i64)>,
    reactions: Vec<(String, bool, i64)>,
    pairs: Vec<(String, String, bool, i64)>,
    total: i64,
) -> Vec<SignalRow> {
    let subst: HashMap<String, i64> = substances.into_iter().collect();
    let react: HashMap<(String, bool), i64> =
        reactions.into_iter().map(|(c, w, n)| ((c, w), n)).collect();
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let mut out = Vec::new();
    for (s, code, w, a) in pairs {
        let n_s = subst.get(&s).copied().unwrap_or(0);
        let n_r = react.get(&(code.clone(), w)).copied().unwrap_or(0);
        let Some(table) = TwoByTwo::from_margins(count(a), count(n_s), count(n_r), count(total))
        else {
            continue;
        };
        out.push(SignalRow {
            substance: Substance::from_code(&s).map_or("Unknown substance", |v| v.label()),
            reaction: reaction_label(&code, w),
            substance_code: s,
            reaction_code: code,
            withdrawal: w,
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
    out
}

/// Bars of `(code, n)` counts labelled by `name`, largest first.
pub fn bars(rows: Vec<(String, i64)>, name: fn(&str) -> String) -> Vec<Bar> {
    sorted(
        rows.into_iter()
            .map(|(c, n)| Bar {
                label: name(&c),
                count: n,
            })
            .collect(),
    )
}

/// The top reactions chart: `(code, withdrawal?, n)` counts, labelled,
/// largest first, at most [`TOP_REACTIONS`].
pub fn top_reactions(rows: Vec<(String, bool, i64)>) -> Vec<Bar> {
    let mut reactions = sorted(
        rows.into_iter()
            .map(|(c, w, n)| Bar {
                label: reaction_label(&c, w),
                count: n,
            })
            .collect(),
    );
    reactions.truncate(TOP_REACTIONS);
    reactions
}
