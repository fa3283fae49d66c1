//! The periodic summary as a PDF (the shared `export::pdf` writer) and as
//! a CSV (one table with a `section` column, so it re-parses as one
//! rectangle). CSV cells are neutralised against spreadsheet formula
//! injection here with a small private helper; the analyst-CSV branch has
//! its own — the two should become one shared helper when merged.

use super::periodic::Summary;
use super::signals::{show, show_interval};
use crate::export::csv::cell::neutralise;
use crate::export::pdf::{self, Block, Document};

pub const ABOUT: &str = "Counts of voluntary reports received by Canary in the period, each report once (spam, \
\"not a report\" and linked duplicates left out). Seriousness is the reviewer's confirmed decision where \
there is one, otherwise what the reporter ticked. Disproportionality flags (PRR >= 2, Yates chi-square >= 4, \
at least 3 reports) show reporting disproportion, not proof of causation and not how often a reaction \
happens among users; IC is the BCPNN information component with its 95% credibility interval (CrI). \
This is not medical advice.";

fn bars(rows: &[super::charts::Bar]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|b| vec![b.label.clone(), b.count.to_string()])
        .collect()
}

/// The summary as a printable PDF.
pub fn pdf(s: &Summary) -> Vec<u8> {
    let table = |columns: &[&str], rows: Vec<Vec<String>>| Block::Table {
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    };
    let mut blocks = vec![
        Block::Paragraph(ABOUT.to_owned()),
        Block::Fields(vec![("Reports".into(), s.total.to_string())]),
        Block::Heading("Reports by month".into()),
        table(
            &["Month", "Serious", "Not serious", "All"],
            s.months
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
        ),
        Block::Heading("Seriousness (most serious criterion)".into()),
        table(&["Seriousness", "Reports"], bars(&s.seriousness)),
        Block::Heading("Outcome when reported".into()),
        table(&["Outcome", "Reports"], bars(&s.outcomes)),
        Block::Heading("Top reactions".into()),
        table(&["Reaction", "Reports"], bars(&s.reactions)),
        Block::Heading(format!("Serious cases ({})", s.cases.len())),
    ];
    if s.cases.is_empty() {
        blocks.push(Block::Paragraph("No serious cases in the period.".into()));
    } else {
        blocks.push(table(
            &[
                "Case",
                "Month",
                "Age",
                "Sex",
                "Products and doses",
                "Reactions",
                "Seriousness",
                "Outcome",
                "Status",
            ],
            s.cases
                .iter()
                .map(|c| {
                    vec![
                        c.case_number.clone(),
                        c.month.clone(),
                        c.age_group.clone(),
                        c.sex.clone(),
                        c.products.clone(),
                        c.reactions.clone(),
                        c.seriousness.clone(),
                        c.outcome.clone(),
                        c.status.clone(),
                    ]
                })
                .collect(),
        ));
    }
    blocks.push(Block::Heading("Disproportionality flags".into()));
    if s.flags.is_empty() {
        blocks.push(Block::Paragraph(
            "No substance and reaction pair met the criteria.".into(),
        ));
    } else {
        blocks.push(table(
            &[
                "Substance",
                "Reaction",
                "a",
                "PRR (95% CI)",
                "ROR (95% CI)",
                "Chi-square",
                "IC (95% CrI)",
            ],
            s.flags
                .iter()
                .map(|f| {
                    vec![
                        f.substance.to_owned(),
                        f.reaction.clone(),
                        f.signal.table.a.to_string(),
                        format!(
                            "{} ({})",
                            show(f.signal.prr.value),
                            show_interval(&f.signal.prr)
                        ),
                        format!(
                            "{} ({})",
                            show(f.signal.ror.value),
                            show_interval(&f.signal.ror)
                        ),
                        show(f.signal.chi2_yates),
                        format!(
                            "{} ({})",
                            show(f.signal.ic.value),
                            show_interval(&f.signal.ic)
                        ),
                    ]
                })
                .collect(),
        ));
    }
    pdf::render(&Document {
        title: "Canary periodic summary".into(),
        subtitle: Some(s.period.describe()),
        footer: "Canary periodic summary: voluntary reports, not proof of causation".into(),
        compact: false,
        blocks,
    })
}

pub const CSV_COLUMNS: [&str; 12] = [
    "section",
    "item",
    "month",
    "reports",
    "case_number",
    "age_group",
    "sex",
    "products",
    "reactions",
    "seriousness",
    "outcome",
    "status",
];

/// The summary as CSV: one header, a `section` column telling the rows apart.
pub fn csv(s: &Summary) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    let mut row =
        |cells: [&str; 12]| w.write_record(cells.iter().map(|c| neutralise(c).into_owned()));
    let period = s.period.describe();
    row([
        "period",
        &period,
        "",
        &s.total.to_string(),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ])?;
    for m in &s.months {
        row([
            "month_serious",
            "Serious",
            &m.month,
            &m.serious.to_string(),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ])?;
        row([
            "month_not_serious",
            "Not serious",
            &m.month,
            &m.not_serious.to_string(),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ])?;
    }
    for (section, list) in [
        ("seriousness", &s.seriousness),
        ("outcome", &s.outcomes),
        ("reaction", &s.reactions),
    ] {
        for b in list {
            row([
                section,
                &b.label,
                "",
                &b.count.to_string(),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ])?;
        }
    }
    for c in &s.cases {
        row([
            "serious_case",
            "",
            &c.month,
            "",
            &c.case_number,
            &c.age_group,
            &c.sex,
            &c.products,
            &c.reactions,
            &c.seriousness,
            &c.outcome,
            &c.status,
        ])?;
    }
    for f in &s.flags {
        let item = format!(
            "{} × {}: PRR {} ({}), ROR {} ({}), chi-square {}, IC {} ({})",
            f.substance,
            f.reaction,
            show(f.signal.prr.value),
            show_interval(&f.signal.prr),
            show(f.signal.ror.value),
            show_interval(&f.signal.ror),
            show(f.signal.chi2_yates),
            show(f.signal.ic.value),
            show_interval(&f.signal.ic)
        );
        row([
            "flag",
            &item,
            "",
            &f.signal.table.a.to_string(),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use crate::export::csv::cell::neutralise;

    #[test]
    fn owasp_formula_starts_are_neutralised() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Kratom"), "Kratom");
    }
}
