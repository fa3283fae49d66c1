//! The public data page: each table with its chart, its numbers and its
//! CSV link.

use askama::Template;

use super::Layout;
use crate::public_data::chart;
use crate::public_data::suppression::Cell;
use crate::public_data::tables::PublicTable;

pub struct RowView {
    pub label: String,
    /// The count, or "hidden".
    pub value: String,
    pub hidden: bool,
}

pub struct TableView {
    pub slug: &'static str,
    pub title: &'static str,
    pub category: &'static str,
    pub about: &'static str,
    /// SVG built by `public_data::chart` (labels escaped); empty if withheld.
    pub svg: String,
    pub rows: Vec<RowView>,
    /// `None`: withheld.
    pub total: Option<u64>,
}

impl From<&PublicTable> for TableView {
    fn from(t: &PublicTable) -> Self {
        Self {
            slug: t.kind.slug(),
            title: t.kind.title(),
            category: t.kind.category(),
            about: t.kind.about(),
            svg: chart::bars(t),
            rows: t
                .rows
                .iter()
                .map(|(label, cell)| match cell {
                    Cell::Shown(n) => RowView {
                        label: label.clone(),
                        value: n.to_string(),
                        hidden: false,
                    },
                    Cell::Hidden => RowView {
                        label: label.clone(),
                        value: "hidden".to_owned(),
                        hidden: true,
                    },
                })
                .collect(),
            total: t.total,
        }
    }
}

#[derive(Template)]
#[template(path = "public/data.html")]
pub struct DataPage {
    pub layout: Layout,
    /// How many reports are counted, in words.
    pub reports_text: String,
    pub tables: Vec<TableView>,
}

impl DataPage {
    /// `reports`: the number counted, `None` when 1 to 4 (not published).
    pub fn new(layout: Layout, reports: Option<u64>, tables: &[PublicTable]) -> Self {
        let reports_text = match reports {
            Some(0) => "No reports have been reviewed yet.".to_owned(),
            Some(n) => format!("{n} reports are counted."),
            None => "Fewer than 5 reports have been reviewed, so no figures are published yet."
                .to_owned(),
        };
        Self {
            layout,
            reports_text,
            tables: tables.iter().map(TableView::from).collect(),
        }
    }
}
