//! Bar charts of the public tables as hand-written SVG, readable without
//! colour: every bar carries its count as text, shown counts are drawn
//! with a hatch pattern and a black outline, hidden counts as an empty
//! dashed box reading "hidden". The chart names itself with `<title>` and
//! `<desc>`; the same numbers are in the table beside it.

use std::fmt::Write;

use super::suppression::Cell;
use super::tables::PublicTable;

const WIDTH: u32 = 720;
const LABEL_W: u32 = 300;
const ROW: u32 = 26;
const MAX_LABEL: usize = 40;
/// Width of the box drawn for a hidden count.
const HIDDEN_W: u32 = 60;

/// Text safe inside SVG elements and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !c.is_control()) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn short(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(MAX_LABEL - 1).collect();
    out.push('…');
    out
}

/// The chart of a published table (empty for a withheld one).
pub fn bars(t: &PublicTable) -> String {
    if t.total.is_none() || t.rows.is_empty() {
        return String::new();
    }
    let id = t.kind.slug();
    let max = t
        .rows
        .iter()
        .filter_map(|(_, c)| match c {
            Cell::Shown(n) => Some(*n),
            Cell::Hidden => None,
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let span = f64::from(WIDTH - LABEL_W - 80);
    let height = ROW * t.rows.len() as u32 + 8;
    let hidden = t.rows.iter().filter(|(_, c)| *c == Cell::Hidden).count();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"chart-{id}-title chart-{id}-desc\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\">\
         <title id=\"chart-{id}-title\">{title}</title>\
         <desc id=\"chart-{id}-desc\">Bar chart, one bar per row of the table below, each labelled with its number of reports. \
         {hidden} {counts} hidden by the small-number rule, drawn as an empty dashed box reading hidden.</desc>\
         <defs><pattern id=\"hatch-{id}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#1f5e99\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/>\
         </pattern></defs><rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>",
        title = escape(t.kind.title()),
        counts = if hidden == 1 { "count is" } else { "counts are" },
    );
    for (row, (label, cell)) in t.rows.iter().enumerate() {
        let y = 4 + ROW * row as u32;
        let mid = y + ROW / 2 + 5;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{mid}\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"14\" fill=\"#000000\">{}</text>",
            LABEL_W - 8,
            escape(&short(label))
        );
        let (w, text, style) = match cell {
            Cell::Shown(n) => (
                ((span * *n as f64 / max as f64).round() as u32).max(u32::from(*n > 0)),
                n.to_string(),
                format!("fill=\"url(#hatch-{id})\" stroke=\"#000000\""),
            ),
            Cell::Hidden => (
                HIDDEN_W,
                "hidden".to_owned(),
                "fill=\"#ffffff\" stroke=\"#000000\" stroke-dasharray=\"4 3\"".to_owned(),
            ),
        };
        if w > 0 {
            let _ = write!(
                svg,
                "<rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"{}\" {style}/>",
                y + 3,
                ROW - 6
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{mid}\" font-family=\"sans-serif\" font-size=\"14\" fill=\"#000000\">{text}</text>",
            LABEL_W + w + 6
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::public_data::tables::TableKind;

    #[test]
    fn labels_are_escaped_and_every_bar_has_its_number() {
        let t = PublicTable {
            kind: TableKind::Reactions,
            rows: vec![
                ("<script>&\"x\"".into(), Cell::Shown(12)),
                ("Rare".into(), Cell::Hidden),
            ],
            total: Some(20),
        };
        let svg = bars(&t);
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot;x&quot;"));
        assert!(svg.contains(">12</text>"));
        assert!(svg.contains(">hidden</text>"));
        assert!(svg.contains("<title id=\"chart-reactions-title\">"));
        assert!(svg.contains("1 count is hidden"));
        assert!(bars(&PublicTable {
            kind: TableKind::Months,
            rows: Vec::new(),
            total: None
        })
        .is_empty());
    }
}
