//! The tables of the public data page (pure): which tables there are, what
//! each counts, and how raw counts become a published table under the
//! small-cell rule ([`super::suppression`]). Rows keep a fixed order (the
//! list's own order, months in time order, names alphabetically), never an
//! order by count, so the position of a hidden row tells nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::suppression::{suppress, Cell, Published};

/// One table of the page; its slug names its CSV (`/data/<slug>.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Substances,
    Forms,
    Symptoms,
    Reactions,
    Seriousness,
    Outcomes,
    Months,
    States,
}

impl TableKind {
    pub const ALL: [TableKind; 8] = [
        Self::Substances,
        Self::Forms,
        Self::Symptoms,
        Self::Reactions,
        Self::Seriousness,
        Self::Outcomes,
        Self::Months,
        Self::States,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Substances => "substances",
            Self::Forms => "product-forms",
            Self::Symptoms => "symptom-groups",
            Self::Reactions => "reactions",
            Self::Seriousness => "seriousness",
            Self::Outcomes => "outcomes",
            Self::Months => "months",
            Self::States => "states",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Substances => "Reports by substance",
            Self::Forms => "Reports by product form",
            Self::Symptoms => "Reports by symptom group",
            Self::Reactions => "Reactions coded by reviewers (MedDRA preferred term)",
            Self::Seriousness => "Most serious outcome, as confirmed by a reviewer",
            Self::Outcomes => "How the person was when the report was made",
            Self::Months => "Reports by month received",
            Self::States => "Reports by state or region",
        }
    }

    /// The heading of the first column.
    pub fn category(self) -> &'static str {
        match self {
            Self::Substances => "Substance",
            Self::Forms => "Product form",
            Self::Symptoms => "Symptom group",
            Self::Reactions => "Preferred term",
            Self::Seriousness => "Most serious outcome",
            Self::Outcomes => "State when reported",
            Self::Months => "Month received",
            Self::States => "State or region",
        }
    }

    /// A report may count in more than one row (so rows add up to more
    /// than the total).
    pub fn many_per_report(self) -> bool {
        matches!(
            self,
            Self::Substances | Self::Forms | Self::Symptoms | Self::Reactions
        )
    }

    /// What the table counts, in plain words.
    pub fn about(self) -> &'static str {
        match self {
            Self::Substances => "Reports naming each substance. A report about more than one product counts once for each substance it names.",
            Self::Forms => "Reports naming a product of each form. A report about more than one product counts once for each form.",
            Self::Symptoms => "Reports with at least one symptom ticked in each body-system group of the report form. A report counts once for each group.",
            Self::Reactions => "Reports with a reaction a reviewer coded to each MedDRA preferred term. Terms with fewer than 5 reports are counted together as one row, so that a rare term cannot point to a person. A report counts once for each term.",
            Self::Seriousness => "Each report once, under the most serious outcome a reviewer confirmed.",
            Self::Outcomes => "Each report once, by how the person was doing when the report was made.",
            Self::Months => "Each report once, by the month Canary received it (not the month of the reaction).",
            Self::States => "Each report once, by the state, province or region given in the report.",
        }
    }
}

/// A table before suppression: labelled counts and the reports it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    pub kind: TableKind,
    pub rows: Vec<(String, u64)>,
    pub total: u64,
}

/// A table as the page and the CSV show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicTable {
    pub kind: TableKind,
    pub rows: Vec<(String, Cell)>,
    /// `None`: the table is withheld.
    pub total: Option<u64>,
}

/// Apply the small-cell rule.
pub fn publish(raw: RawTable) -> PublicTable {
    let counts: Vec<u64> = raw.rows.iter().map(|(_, n)| *n).collect();
    match suppress(&counts, raw.total) {
        Published::Table { cells, total } => PublicTable {
            kind: raw.kind,
            rows: raw.rows.into_iter().map(|(l, _)| l).zip(cells).collect(),
            total: Some(total),
        },
        Published::Withheld => PublicTable {
            kind: raw.kind,
            rows: Vec::new(),
            total: None,
        },
    }
}

/// Counts of a table where a report may fall in several rows: distinct
/// reports per category from `(report, category)` pairs, in the order of
/// `order`; reports with no category at all form the row `none` (when
/// there are any), so the table still covers all `total` reports.
pub fn many_per_report<K: Ord + Clone>(
    pairs: &[(String, K)],
    order: &[(K, String)],
    none: &str,
    total: u64,
) -> Vec<(String, u64)> {
    let mut by: BTreeMap<&K, BTreeSet<&str>> = BTreeMap::new();
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for (report, k) in pairs {
        by.entry(k).or_default().insert(report.as_str());
        covered.insert(report.as_str());
    }
    let mut rows: Vec<(String, u64)> = order
        .iter()
        .map(|(k, label)| (label.clone(), by.get(k).map_or(0, |s| s.len() as u64)))
        .collect();
    let left = total.saturating_sub(covered.len() as u64);
    if left > 0 {
        rows.push((none.to_owned(), left));
    }
    rows
}

/// The rows of a table with open-ended categories (MedDRA terms): each
/// category with at least `min` reports by name, sorted by name; the rest
/// pooled as `pooled` (distinct reports having any of them); reports with
/// none as `none`.
pub fn pooled_terms(
    pairs: &[(String, String)],
    min: u64,
    pooled: &str,
    none: &str,
    total: u64,
) -> Vec<(String, u64)> {
    let mut by: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (report, term) in pairs {
        by.entry(term.as_str()).or_default().insert(report.as_str());
    }
    let mut rows = Vec::new();
    let mut rare: BTreeSet<&str> = BTreeSet::new();
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for (term, reports) in &by {
        covered.extend(reports.iter());
        if reports.len() as u64 >= min {
            rows.push(((*term).to_owned(), reports.len() as u64));
        } else {
            rare.extend(reports.iter());
        }
    }
    if !rare.is_empty() {
        rows.push((pooled.to_owned(), rare.len() as u64));
    }
    let left = total.saturating_sub(covered.len() as u64);
    if left > 0 {
        rows.push((none.to_owned(), left));
    }
    rows
}

/// Consecutive months `YYYY-MM` from the first to the last with reports,
/// the months between with 0, so a gap is a zero and not a missing row.
pub fn month_rows(counts: &[(String, u64)]) -> Vec<(String, u64)> {
    let by: BTreeMap<&str, u64> = counts.iter().map(|(m, n)| (m.as_str(), *n)).collect();
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some(first), Some(last)) = (
        by.keys().next().and_then(|m| parse(m)),
        by.keys().last().and_then(|m| parse(m)),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last && out.len() < 1200 {
        let key = format!("{y:04}-{m:02}");
        out.push((key.clone(), by.get(key.as_str()).copied().unwrap_or(0)));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn every_slug_parses_back() {
        for k in TableKind::ALL {
            assert_eq!(TableKind::from_slug(k.slug()), Some(k));
        }
        assert_eq!(TableKind::from_slug("cases"), None);
    }

    #[test]
    fn a_report_counts_once_per_category_and_reports_without_one_are_a_row() {
        let order = vec![("a".to_owned(), "A".to_owned()), ("b".into(), "B".into())];
        let p = pairs(&[("r1", "a"), ("r1", "a"), ("r1", "b"), ("r2", "a")]);
        let rows = many_per_report(&p, &order, "None", 5);
        assert_eq!(
            rows,
            vec![("A".into(), 2), ("B".into(), 1), ("None".into(), 3)]
        );
    }

    #[test]
    fn rare_terms_are_pooled_by_report() {
        let mut v = Vec::new();
        for r in 0..6 {
            v.push((format!("r{r}"), "Nausea".to_owned()));
        }
        v.push(("r0".into(), "Rare one".into()));
        v.push(("r0".into(), "Rare two".into()));
        v.push(("r1".into(), "Rare two".into()));
        let rows = pooled_terms(&v, 5, "Other", "Not coded", 10);
        assert_eq!(
            rows,
            vec![
                ("Nausea".into(), 6),
                ("Other".into(), 2),
                ("Not coded".into(), 4)
            ]
        );
    }

    #[test]
    fn months_fill_gaps_with_zero() {
        let rows = month_rows(&[("2025-11".into(), 3), ("2026-02".into(), 7)]);
        let months: Vec<&str> = rows.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(months, vec!["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(rows[1].1, 0);
    }

    #[test]
    fn publishing_keeps_labels_and_order() {
        let t = publish(RawTable {
            kind: TableKind::States,
            rows: vec![("Ohio".into(), 1), ("Texas".into(), 30)],
            total: 31,
        });
        assert_eq!(t.total, Some(31));
        assert_eq!(
            t.rows,
            vec![
                ("Ohio".into(), Cell::Hidden),
                ("Texas".into(), Cell::Hidden)
            ]
        );
        let t = publish(RawTable {
            kind: TableKind::States,
            rows: vec![("Ohio".into(), 3)],
            total: 3,
        });
        assert_eq!(t.total, None);
        assert!(t.rows.is_empty());
    }
}
