//! A public table as CSV: `category`, `reports`, `note` — a hidden count is
//! an empty `reports` with the note `hidden`, the last row is the total.
//! Every cell is quoted and formula-neutralised like every other CSV.

use super::suppression::Cell;
use super::tables::PublicTable;
use crate::export::csv::cell::{write_row, writer};

pub const HIDDEN: &str =
    "hidden (fewer than 5 reports, or hidden so that another hidden count cannot be worked out)";
pub const WITHHELD: &str = "withheld: too few reports to publish this table safely";

pub fn table(t: &PublicTable) -> Result<Vec<u8>, csv::Error> {
    let mut w = writer(Vec::new());
    write_row(&mut w, &["category", "reports", "note"])?;
    for (label, cell) in &t.rows {
        match cell {
            Cell::Shown(n) => write_row(&mut w, &[label.as_str(), &n.to_string(), ""])?,
            Cell::Hidden => write_row(&mut w, &[label.as_str(), "", HIDDEN])?,
        }
    }
    match t.total {
        Some(n) => write_row(&mut w, &["Total reports", &n.to_string(), ""])?,
        None => write_row(&mut w, &["Total reports", "", WITHHELD])?,
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::public_data::tables::TableKind;

    #[test]
    fn hidden_counts_are_empty_and_labels_cannot_start_a_formula() {
        let t = PublicTable {
            kind: TableKind::Reactions,
            rows: vec![
                ("=HYPERLINK(\"x\")".into(), Cell::Shown(7)),
                ("Rare".into(), Cell::Hidden),
            ],
            total: Some(9),
        };
        let out = String::from_utf8(table(&t).unwrap()).unwrap();
        assert!(out.contains("\"'=HYPERLINK(\"\"x\"\")\",\"7\",\"\""));
        assert!(out.contains("\"Rare\",\"\",\"hidden"));
        assert!(out.ends_with("\"Total reports\",\"9\",\"\"\r\n"));
    }
}
