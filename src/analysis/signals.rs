//! Disproportionality statistics for one substance × reaction pair: the
//! 2×2 table, PRR and ROR with 95 % confidence intervals (log method), a
//! Yates-corrected chi-square, flagged by the Evans criteria (PRR ≥ 2,
//! chi² ≥ 4, a ≥ 3), and the BCPNN information component with its 95 %
//! credibility interval as the Uppsala Monitoring Centre uses it, flagged
//! at IC025 > 0 with a ≥ 3. Pure arithmetic; the counts come from `db`.
//!
//! A value that would divide by zero or take the log of zero is `None`
//! ("not computable"), never an infinity or NaN.

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.96;

/// The 2×2 table of reports (each report counted once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoByTwo {
    /// With the substance and the reaction.
    pub a: u64,
    /// With the substance, without the reaction.
    pub b: u64,
    /// Without the substance, with the reaction.
    pub c: u64,
    /// Without the substance and without the reaction.
    pub d: u64,
}

impl TwoByTwo {
    /// Build the table from the pair count and the margins: `pair` reports
    /// have both, `with_substance` have the substance, `with_reaction` the
    /// reaction, `total` reports in all. `None` when the margins are
    /// inconsistent (a pair count larger than a margin, margins past the total).
    pub fn from_margins(
        pair: u64,
        with_substance: u64,
        with_reaction: u64,
        total: u64,
    ) -> Option<Self> {
        let b = with_substance.checked_sub(pair)?;
        let c = with_reaction.checked_sub(pair)?;
        let d = total.checked_sub(pair + b + c)?;
        Some(Self { a: pair, b, c, d })
    }

    pub fn total(&self) -> u64 {
        self.a + self.b + self.c + self.d
    }
}

/// A ratio with its 95 % confidence interval; each part may be not computable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// Everything the dashboard and the summary show for one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub table: TwoByTwo,
    pub prr: Estimate,
    pub ror: Estimate,
    /// Pearson chi-square with Yates' continuity correction (1 degree of freedom).
    pub chi2_yates: Option<f64>,
    /// PRR ≥ 2, chi² ≥ 4 and a ≥ 3 (Evans et al. 2001).
    pub flagged: bool,
    /// Information component: `value` is IC, `lower` IC025, `upper` IC975.
    pub ic: Estimate,
    /// IC025 > 0 and a ≥ 3: the UMC's screening rule, shown beside Evans.
    pub ic_flagged: bool,
}

/// Fewest reports with both the substance and the reaction for any flag.
pub const MIN_REPORTS: u64 = 3;

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// exp(ln(ratio) ± z·se), where `se` is the standard error of ln(ratio).
fn interval(ratio: Option<f64>, se: Option<f64>) -> Estimate {
    let bounds = match (ratio, se) {
        (Some(r), Some(se)) if r > 0.0 => (
            finite((r.ln() - Z95 * se).exp()),
            finite((r.ln() + Z95 * se).exp()),
        ),
        _ => (None, None),
    };
    Estimate {
        value: ratio,
        lower: bounds.0,
        upper: bounds.1,
    }
}

/// Proportional reporting ratio: (a/(a+b)) / (c/(c+d));
/// se(ln PRR) = sqrt(1/a − 1/(a+b) + 1/c − 1/(c+d)).
pub fn prr(t: TwoByTwo) -> Estimate {
    let (a, b, c, d) = (t.a as f64, t.b as f64, t.c as f64, t.d as f64);
    let ratio = if t.a + t.b == 0 || t.c == 0 || t.c + t.d == 0 {
        None
    } else {
        finite((a / (a + b)) / (c / (c + d)))
    };
    let se = if t.a == 0 || t.c == 0 {
        None
    } else {
        finite((1.0 / a - 1.0 / (a + b) + 1.0 / c - 1.0 / (c + d)).sqrt())
    };
    interval(ratio, se)
}

/// Reporting odds ratio: (a·d) / (b·c); se(ln ROR) = sqrt(1/a + 1/b + 1/c + 1/d).
pub fn ror(t: TwoByTwo) -> Estimate {
    let (a, b, c, d) = (t.a as f64, t.b as f64, t.c as f64, t.d as f64);
    let ratio = if t.b == 0 || t.c == 0 {
        None
    } else {
        finite((a * d) / (b * c))
    };
    let se = if [t.a, t.b, t.c, t.d].contains(&0) {
        None
    } else {
        finite((1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d).sqrt())
    };
    interval(ratio, se)
}

/// Chi-square with Yates' correction:
/// N·max(0, |ad − bc| − N/2)² / ((a+b)(c+d)(a+c)(b+d)).
/// `None` when a margin is empty (the statistic is undefined).
pub fn chi2_yates(t: TwoByTwo) -> Option<f64> {
    let (a, b, c, d) = (t.a as f64, t.b as f64, t.c as f64, t.d as f64);
    let n = a + b + c + d;
    let margins = (a + b) * (c + d) * (a + c) * (b + d);
    if margins == 0.0 {
        return None;
    }
    let diff = ((a * d - b * c).abs() - n / 2.0).max(0.0);
    finite(n * diff * diff / margins)
}

/// The BCPNN information component, IC = log2((a + ½) / (E + ½)) with
/// E = (a+b)(a+c)/N the count expected if substance and reaction were
/// reported independently; the ½ shrinks IC towards 0 when counts are small.
/// Its 95 % credibility interval is the closed-form approximation of
/// Norén, Hopstadius & Bate (Stat Methods Med Res 2013;22:57–69) to the
/// gamma-posterior quantiles, with o = a + ½:
/// IC025 = IC − 3.3·o^(−½) − 2·o^(−3/2), IC975 = IC + 2.4·o^(−½) − 0.5·o^(−3/2).
/// Not computable only for an empty table.
pub fn information_component(t: TwoByTwo) -> Estimate {
    let n = t.total() as f64;
    if t.total() == 0 {
        return Estimate {
            value: None,
            lower: None,
            upper: None,
        };
    }
    let (a, b, c) = (t.a as f64, t.b as f64, t.c as f64);
    let expected = (a + b) * (a + c) / n;
    let o = a + 0.5;
    let ic = ((a + 0.5) / (expected + 0.5)).log2();
    Estimate {
        value: finite(ic),
        lower: finite(ic - 3.3 * o.powf(-0.5) - 2.0 * o.powf(-1.5)),
        upper: finite(ic + 2.4 * o.powf(-0.5) - 0.5 * o.powf(-1.5)),
    }
}

/// All statistics for one pair, and whether each flag's criteria hold.
pub fn signal(table: TwoByTwo) -> Signal {
    let prr = prr(table);
    let ror = ror(table);
    let chi2 = chi2_yates(table);
    let ic = information_component(table);
    let enough = table.a >= MIN_REPORTS;
    let flagged = enough && prr.value.is_some_and(|p| p >= 2.0) && chi2.is_some_and(|x| x >= 4.0);
    Signal {
        table,
        prr,
        ror,
        chi2_yates: chi2,
        flagged,
        ic,
        ic_flagged: enough && ic.lower.is_some_and(|l| l > 0.0),
    }
}

/// A figure for people: two decimals, or "not computable".
pub fn show(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{v:.2}"),
        None => "not computable".to_owned(),
    }
}

/// "lower–upper", or "not computable".
pub fn show_interval(e: &Estimate) -> String {
    match (e.lower, e.upper) {
        (Some(l), Some(u)) => format!("{l:.2}–{u:.2}"),
        _ => "not computable".to_owned(),
    }
}

#[cfg(test)]
#[path = "signals_test.rs"]
mod tests;
