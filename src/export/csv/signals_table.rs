//! `signals.csv`: the disproportionality table of the analysis dashboard
//! for the same filter — one row per suspect substance × reaction pair
//! reported together, with its 2×2 counts, PRR, ROR, Yates chi-square, the
//! Evans flag, and the BCPNN information component (IC, IC025, IC975) with
//! its flag. Counts only: no case, no text.

use super::child_tables::symptoms;
use super::columns::{any, boolean, codes, flag, Column, Kind, Table, BOTH};
use crate::analysis::figures::SignalRow;
use crate::report::options::Substance;

/// Four decimals, or empty when not computable.
fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

type S = Column<SignalRow>;

#[rustfmt::skip]
pub static SIGNALS: Table<SignalRow> = Table {
    name: "signals",
    columns: &[
        S { name: "substance", kind: Kind::Code, allowed: codes::<Substance>, meaning: "The suspect substance.", profiles: BOTH, value: |r| r.substance_code.clone() },
        S { name: "symptom", kind: Kind::Code, allowed: symptoms, meaning: "The reaction, as the symptom code reporters tick (reactions.symptom).", profiles: BOTH, value: |r| r.reaction_code.clone() },
        S { name: "withdrawal", kind: Kind::Boolean, allowed: boolean, meaning: "True when the reaction is from the withdrawal checklist.", profiles: BOTH, value: |r| flag(r.withdrawal) },
        S { name: "a", kind: Kind::Integer, allowed: any, meaning: "Reports with the substance as suspect and the reaction.", profiles: BOTH, value: |r| r.signal.table.a.to_string() },
        S { name: "b", kind: Kind::Integer, allowed: any, meaning: "Reports with the substance, without the reaction.", profiles: BOTH, value: |r| r.signal.table.b.to_string() },
        S { name: "c", kind: Kind::Integer, allowed: any, meaning: "Reports with the reaction, without the substance.", profiles: BOTH, value: |r| r.signal.table.c.to_string() },
        S { name: "d", kind: Kind::Integer, allowed: any, meaning: "Reports with neither.", profiles: BOTH, value: |r| r.signal.table.d.to_string() },
        S { name: "prr", kind: Kind::Number, allowed: any, meaning: "Proportional reporting ratio (a/(a+b)) / (c/(c+d)). Empty when not computable.", profiles: BOTH, value: |r| num(r.signal.prr.value) },
        S { name: "prr_lower", kind: Kind::Number, allowed: any, meaning: "Lower end of the PRR's 95 % confidence interval (log method). Empty when not computable.", profiles: BOTH, value: |r| num(r.signal.prr.lower) },
        S { name: "prr_upper", kind: Kind::Number, allowed: any, meaning: "Upper end of the PRR's 95 % confidence interval. Empty when not computable.", profiles: BOTH, value: |r| num(r.signal.prr.upper) },
        S { name: "ror", kind: Kind::Number, allowed: any, meaning: "Reporting odds ratio (a·d) / (b·c). Empty when not computable.", profiles: BOTH, value: |r| num(r.signal.ror.value) },
        S { name: "ror_lower", kind: Kind::Number, allowed: any, meaning: "Lower end of the ROR's 95 % confidence interval (log method). Empty when not computable.", profiles: BOTH, value: |r| num(r.signal.ror.lower) },
        S { name: "ror_upper", kind: Kind::Number, allowed: any, meaning: "Upper end of the ROR's 95 % confidence interval. Empty when not computable.", profiles: BOTH, value: |r| num(r.signal.ror.upper) },
        S { name: "chi2_yates", kind: Kind::Number, allowed: any, meaning: "Pearson chi-square with Yates' continuity correction. Empty when a margin is 0.", profiles: BOTH, value: |r| num(r.signal.chi2_yates) },
        S { name: "evans_flag", kind: Kind::Boolean, allowed: boolean, meaning: "PRR >= 2, chi2_yates >= 4 and a >= 3 (Evans et al. 2001).", profiles: BOTH, value: |r| flag(r.signal.flagged) },
        S { name: "ic", kind: Kind::Number, allowed: any, meaning: concat!("BCPNN information component log2((a + 0.5) / (E + 0.5)), E = (a+b)(a+c)/N, as the WHO Uppsala Monitoring Centre uses it; above 0 means reported together more often than expected.", " Empty when not computable (no report at all). A negative value starts with ' (spreadsheet formula protection): strip it before reading as a number."), profiles: BOTH, value: |r| num(r.signal.ic.value) },
        S { name: "ic025", kind: Kind::Number, allowed: any, meaning: concat!("Lower end of IC's 95 % credibility interval: IC - 3.3(a+0.5)^-1/2 - 2(a+0.5)^-3/2 (Norén, Hopstadius and Bate 2013).", " Empty when not computable (no report at all). A negative value starts with ' (spreadsheet formula protection): strip it before reading as a number."), profiles: BOTH, value: |r| num(r.signal.ic.lower) },
        S { name: "ic975", kind: Kind::Number, allowed: any, meaning: concat!("Upper end of IC's 95 % credibility interval: IC + 2.4(a+0.5)^-1/2 - 0.5(a+0.5)^-3/2.", " Empty when not computable (no report at all). A negative value starts with ' (spreadsheet formula protection): strip it before reading as a number."), profiles: BOTH, value: |r| num(r.signal.ic.upper) },
        S { name: "ic025_flag", kind: Kind::Boolean, allowed: boolean, meaning: "IC025 > 0 and a >= 3: an additional flag beside evans_flag, not combined with it.", profiles: BOTH, value: |r| flag(r.signal.ic_flagged) },
    ],
};
