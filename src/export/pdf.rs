//! A small PDF writer for Canary's printable documents (MedWatch sheet,
//! poison-center summary, periodic summary): headings, wrapped paragraphs,
//! label–value fields, checkboxes and tables on US Letter pages, in the
//! PDF standard fonts (Helvetica; nothing to embed). Layout is ours; the
//! file syntax (objects, escaping, cross-reference table) is `pdf-writer`'s.
//! Text outside Windows-1252 prints as `?`.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// A printable document: a title, blocks in order, a footer on every page.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// Printed at the foot of every page, followed by "page N of M".
    pub footer: String,
    /// Smaller type and tighter lines, for a summary that must fit a page.
    pub compact: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// Wrapped text; a newline starts a new line.
    Paragraph(String),
    /// Label and value pairs, the value wrapped beside its label.
    Fields(Vec<(String, String)>),
    /// Checkboxes, ticked or not, with their labels, several to a line.
    Checks(Vec<(String, bool)>),
    /// A table with a header row, its columns sized to their content and
    /// the header repeated on every page the table continues on.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 50.0;
const BODY: f32 = 9.5;
const LEADING: f32 = 12.0;
const LABEL_W: f32 = 170.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Font {
    Regular,
    Bold,
}

/// One thing drawn on a page.
#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: Font,
        text: String,
    },
    Box {
        x: f32,
        y: f32,
        size: f32,
        ticked: bool,
    },
    Rule {
        y: f32,
    },
}

struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Body type size, line height and the width of a field's label.
    body: f32,
    lead: f32,
    label_w: f32,
}

impl Layout {
    fn new(compact: bool) -> Self {
        let (body, lead, label_w) = if compact {
            (8.0, 9.7, 135.0)
        } else {
            (BODY, LEADING, LABEL_W)
        };
        Self {
            pages: vec![Vec::new()],
            y: PAGE_H - MARGIN,
            body,
            lead,
            label_w,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Make room for `height` points, starting a new page when needed.
    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - MARGIN;
    }

    fn text(&mut self, x: f32, size: f32, font: Font, text: &str) {
        let y = self.y;
        self.ops().push(Op::Text {
            x,
            y,
            size,
            font,
            text: text.to_owned(),
        });
    }
}

/// Render a document to the bytes of a PDF file.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut l = Layout::new(doc.compact);
    let (body, lead) = (l.body, l.lead);
    let width = PAGE_W - 2.0 * MARGIN;
    for line in wrap(&doc.title, 16.0, Font::Bold, width) {
        l.need(20.0);
        l.y -= 16.0;
        l.text(MARGIN, 16.0, Font::Bold, &line);
        l.y -= 4.0;
    }
    if let Some(sub) = &doc.subtitle {
        for line in wrap(sub, body, Font::Regular, width) {
            l.need(lead);
            l.y -= lead;
            l.text(MARGIN, body, Font::Regular, &line);
        }
    }
    for block in &doc.blocks {
        lay_block(&mut l, block, width);
    }
    write(doc, &l.pages)
}

fn lay_block(l: &mut Layout, block: &Block, width: f32) {
    let (body, lead) = (l.body, l.lead);
    match block {
        Block::Heading(h) => {
            l.need(3.0 * lead);
            l.y -= lead;
            let y = l.y - 3.0;
            l.ops().push(Op::Rule { y: y + 14.0 });
            l.y -= 2.0;
            l.text(MARGIN, body + 2.0, Font::Bold, h);
            l.y -= lead / 3.0;
        }
        Block::Paragraph(p) => {
            for line in wrap(p, body, Font::Regular, width) {
                l.need(lead);
                l.y -= lead;
                l.text(MARGIN, body, Font::Regular, &line);
            }
        }
        Block::Fields(fields) => {
            for (label, value) in fields {
                let label_w = l.label_w;
                let labels = wrap(label, body, Font::Bold, label_w - 8.0);
                let values = wrap(value, body, Font::Regular, width - label_w);
                let n = labels.len().max(values.len()).max(1);
                for i in 0..n {
                    l.need(lead);
                    l.y -= lead;
                    if let Some(t) = labels.get(i) {
                        l.text(MARGIN, body, Font::Bold, t);
                    }
                    if let Some(t) = values.get(i) {
                        l.text(MARGIN + label_w, body, Font::Regular, t);
                    }
                }
                l.y -= lead / 6.0;
            }
        }
        Block::Checks(checks) => {
            let col = width / 3.0;
            for row in checks.chunks(3) {
                let lines: Vec<Vec<String>> = row
                    .iter()
                    .map(|(label, _)| wrap(label, body, Font::Regular, col - 16.0))
                    .collect();
                let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
                l.need(lead * n as f32);
                l.y -= lead;
                let top = l.y;
                for (i, (_, ticked)) in row.iter().enumerate() {
                    let x = MARGIN + col * i as f32;
                    l.ops().push(Op::Box {
                        x,
                        y: top - 1.0,
                        size: 8.0,
                        ticked: *ticked,
                    });
                    for (k, t) in lines[i].iter().enumerate() {
                        let y = top - lead * k as f32;
                        l.ops().push(Op::Text {
                            x: x + 12.0,
                            y,
                            size: body,
                            font: Font::Regular,
                            text: t.clone(),
                        });
                    }
                }
                l.y = top - lead * (n as f32 - 1.0) - 2.0;
            }
        }
        Block::Table { columns, rows } => lay_table(l, columns, rows, width),
    }
}

/// Column widths sized to the content at `size`: every column at least as
/// wide as its longest word (so no word or identifier is ever cut), the
/// rest of the width shared by how much more each column's text wants.
/// `None` when the longest words alone do not fit.
fn column_widths(
    columns: &[String],
    rows: &[Vec<String>],
    size: f32,
    width: f32,
) -> Option<Vec<f32>> {
    const PAD: f32 = 6.0;
    let longest = |t: &str, font| {
        t.split_whitespace()
            .map(|w| text_width(w, size, font))
            .fold(0.0f32, f32::max)
    };
    let whole = |t: &str, font| {
        t.split('\n')
            .map(|l| text_width(l, size, font))
            .fold(0.0f32, f32::max)
    };
    let mut min: Vec<f32> = columns
        .iter()
        .map(|c| longest(c, Font::Bold) + PAD)
        .collect();
    let mut want: Vec<f32> = columns.iter().map(|c| whole(c, Font::Bold) + PAD).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns.len()) {
            min[i] = min[i].max(longest(cell, Font::Regular) + PAD);
            want[i] = want[i].max(whole(cell, Font::Regular) + PAD);
        }
    }
    let total_min: f32 = min.iter().sum();
    if total_min > width || columns.is_empty() {
        return None;
    }
    let total_want: f32 = want.iter().sum();
    if total_want <= width {
        let extra = (width - total_want) / columns.len() as f32;
        return Some(want.iter().map(|w| w + extra).collect());
    }
    let spare = width - total_min;
    let more: f32 = want.iter().zip(&min).map(|(w, m)| w - m).sum();
    Some(
        min.iter()
            .zip(&want)
            .map(|(m, w)| m + spare * (w - m) / more)
            .collect(),
    )
}

/// Font sizes a table may shrink to so that its longest words fit.
const TABLE_SIZES: [f32; 7] = [9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0];

fn lay_table(l: &mut Layout, columns: &[String], rows: &[Vec<String>], width: f32) {
    let fitted = TABLE_SIZES
        .iter()
        .find_map(|&size| column_widths(columns, rows, size, width).map(|w| (size, w)));
    // Last resort (words longer than the page): equal columns, cut words.
    let (size, widths) = fitted.unwrap_or_else(|| {
        let n = columns.len().max(1) as f32;
        (6.0, vec![width / n; columns.len()])
    });
    let lead = LEADING * size / BODY;
    let xs: Vec<f32> = widths
        .iter()
        .scan(MARGIN, |x, w| {
            let here = *x;
            *x += w;
            Some(here)
        })
        .collect();
    let wrap_row = |cells: &[String], font: Font| -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(c, size, font, w - 6.0))
            .collect()
    };
    let height =
        |w: &[Vec<String>]| lead * w.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 + 3.0;
    let draw = |l: &mut Layout, wrapped: &[Vec<String>], font: Font| {
        let top = l.y - lead;
        for (i, lines) in wrapped.iter().enumerate() {
            for (k, t) in lines.iter().enumerate() {
                l.ops().push(Op::Text {
                    x: xs[i],
                    y: top - lead * k as f32,
                    size,
                    font,
                    text: t.clone(),
                });
            }
        }
        l.y -= height(wrapped);
    };
    let header = wrap_row(columns, Font::Bold);
    let draw_header = |l: &mut Layout| {
        draw(l, &header, Font::Bold);
        let y = l.y + 1.0;
        l.ops().push(Op::Rule { y });
    };
    let first = rows
        .first()
        .map_or(0.0, |r| height(&wrap_row(r, Font::Regular)));
    l.need(height(&header) + first);
    draw_header(l);
    for row in rows {
        let wrapped = wrap_row(row, Font::Regular);
        if l.y - height(&wrapped) < MARGIN + 20.0 {
            // Continue on a new page under the same header.
            l.new_page();
            draw_header(l);
        }
        draw(l, &wrapped, Font::Regular);
    }
    l.y -= 4.0;
}

/// Width of `text` in points (Helvetica metrics; bold is a little wider).
fn text_width(text: &str, size: f32, font: Font) -> f32 {
    let units: u32 = text.chars().map(char_width).sum();
    let bold = if font == Font::Bold { 1.06 } else { 1.0 };
    units as f32 * size / 1000.0 * bold
}

/// Helvetica advance widths (1/1000 em) for printable ASCII; 556 otherwise.
fn char_width(c: char) -> u32 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // sp..
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
        556, // 0..?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
        778, // @..O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
        556, // P.._
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
        556, // `..o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
    ];
    match c as u32 {
        n @ 32..=126 => u32::from(ASCII[(n - 32) as usize]),
        _ => 556,
    }
}

/// Break text into lines no wider than `max` points, at spaces; a word
/// longer than a whole line (tables size columns so this does not happen)
/// is broken after a `-` or `/` where it can be, else cut. Newlines in the
/// text always break.
fn wrap(text: &str, size: f32, font: Font, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, font) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            line = break_word(word, size, font, max, &mut out);
        }
        out.push(line);
    }
    out
}

/// Push the full-width pieces of an overlong `word` to `out`, each ending
/// after its last `-` or `/` when it has one; return the remainder.
fn break_word(word: &str, size: f32, font: Font, max: f32, out: &mut Vec<String>) -> String {
    let mut rest = word.to_owned();
    while text_width(&rest, size, font) > max {
        let mut fit = 0;
        for (i, ch) in rest.char_indices() {
            if text_width(&rest[..i + ch.len_utf8()], size, font) > max {
                break;
            }
            fit = i + ch.len_utf8();
        }
        let at = rest[..fit]
            .rfind(['-', '/'])
            .map(|i| i + 1)
            .unwrap_or(fit.max(rest.chars().next().map_or(1, char::len_utf8)));
        out.push(rest[..at].to_owned());
        rest = rest[at..].to_owned();
    }
    rest
}

/// Windows-1252 bytes for the standard fonts' WinAnsiEncoding.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            n @ (0x20..=0x7e | 0xa0..=0xff) => n as u8,
            0x2013 => 0x96,
            0x2014 => 0x97,
            0x2018 => 0x91,
            0x2019 => 0x92,
            0x201c => 0x93,
            0x201d => 0x94,
            0x2022 => 0x95,
            0x2026 => 0x85,
            0x20ac => 0x80,
            0x2122 => 0x99,
            _ => b'?',
        })
        .collect()
}

fn write(doc: &Document, pages: &[Vec<Op>]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .producer(TextStr("Canary"));
    for (id, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(id)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let total = pages.len();
    for (i, ops) in pages.iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        page.finish();

        let mut c = Content::new();
        for op in ops {
            draw(&mut c, op);
        }
        let footer = format!("{} - page {} of {}", doc.footer, i + 1, total);
        draw(
            &mut c,
            &Op::Text {
                x: MARGIN,
                y: MARGIN - 10.0,
                size: 7.5,
                font: Font::Regular,
                text: footer,
            },
        );
        pdf.stream(content_id, &c.finish());
    }
    pdf.finish()
}

fn draw(c: &mut Content, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            font,
            text,
        } => {
            let name = match font {
                Font::Regular => Name(b"F1"),
                Font::Bold => Name(b"F2"),
            };
            c.begin_text();
            c.set_font(name, *size);
            c.next_line(*x, *y);
            c.show(Str(&win_ansi(text)));
            c.end_text();
        }
        Op::Box { x, y, size, ticked } => {
            c.set_line_width(0.8);
            c.rect(*x, *y, *size, *size);
            c.stroke();
            if *ticked {
                c.move_to(*x + 1.5, *y + 1.5);
                c.line_to(*x + size - 1.5, *y + size - 1.5);
                c.move_to(*x + 1.5, *y + size - 1.5);
                c.line_to(*x + size - 1.5, *y + 1.5);
                c.stroke();
            }
        }
        Op::Rule { y } => {
            c.set_line_width(0.5);
            c.move_to(MARGIN, *y);
            c.line_to(PAGE_W - MARGIN, *y);
            c.stroke();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            title: "Case (CAN-2026-0001)".into(),
            subtitle: Some("Printed by Canary".into()),
            footer: "CAN-2026-0001".into(),
            compact: false,
            blocks,
        }
    }

    #[test]
    fn a_document_is_a_pdf_with_its_text_escaped() {
        let bytes = render(&doc(vec![
            Block::Heading("Section A".into()),
            Block::Fields(vec![("Age".into(), "34 (years)".into())]),
            Block::Paragraph("a) unbalanced \\ text".into()),
            Block::Checks(vec![
                ("Death".into(), false),
                ("Hospitalisation".into(), true),
            ]),
        ]));
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("(34 (years)) Tj"),
            "balanced parentheses stay as they are"
        );
        assert!(
            text.contains("(a\\) unbalanced \\\\ text) Tj"),
            "others are escaped"
        );
        assert!(text.contains("/BaseFont /Helvetica-Bold"));
        assert!(text.contains("page 1 of 1"));
        assert!(text.trim_end().ends_with("%%EOF"));
    }

    #[test]
    fn long_content_flows_onto_more_pages() {
        let rows = (0..200)
            .map(|i| vec![format!("CAN-{i}"), "text".into()])
            .collect();
        let bytes = render(&doc(vec![Block::Table {
            columns: vec!["Case".into(), "What".into()],
            rows,
        }]));
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("page 1 of 4") || text.contains("page 1 of 5"),
            "several pages"
        );
        assert!(text.contains("(CAN-199)"), "the last row is printed");
    }

    #[test]
    fn table_columns_fit_their_longest_word_and_headers_repeat_on_each_page() {
        let columns: Vec<String> = ["Case", "Products and doses", "Seriousness", "Outcome"]
            .map(String::from)
            .to_vec();
        let rows: Vec<Vec<String>> = (0..150)
            .map(|i| {
                vec![
                    format!("SYN-2025-{i:07}"),
                    "Kratom leaf or powder 3.5 grams twice a day with a long description".into(),
                    "Hospitalisation".into(),
                    "Recovered".into(),
                ]
            })
            .collect();
        let width = PAGE_W - 2.0 * MARGIN;
        let widths = column_widths(&columns, &rows, 9.0, width).unwrap();
        assert!((widths.iter().sum::<f32>() - width).abs() < 0.01);
        for (i, w) in widths.iter().enumerate() {
            let longest = rows
                .iter()
                .flat_map(|r| r[i].split_whitespace())
                .map(|word| text_width(word, 9.0, Font::Regular))
                .fold(0.0f32, f32::max);
            assert!(*w - 6.0 >= longest, "column {i} cuts a word");
        }
        let bytes = render(&doc(vec![Block::Table { columns, rows }]));
        let text = String::from_utf8_lossy(&bytes);
        let pages: usize = text
            .split("page 1 of ")
            .nth(1)
            .and_then(|t| t.split(')').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        let headers = text.matches("(Products and doses) Tj").count();
        assert!(pages >= 3, "{pages} pages");
        assert_eq!(headers, pages, "one header per page");
        assert!(
            text.contains("(SYN-2025-0000149) Tj"),
            "the last case number whole"
        );
    }

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text =
            "The person felt dizzy and sick after taking the powder, then slept for many hours.";
        let lines = wrap(text, 10.0, Font::Regular, 120.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        assert!(lines
            .iter()
            .all(|l| text_width(l, 10.0, Font::Regular) <= 120.0));
        let long = wrap(&"x".repeat(300), 10.0, Font::Regular, 100.0);
        assert_eq!(long.concat().len(), 300);
    }

    #[test]
    fn text_outside_windows_1252_prints_as_a_question_mark() {
        assert_eq!(win_ansi("café – ok ✓"), b"caf\xe9 \x96 ok ?".to_vec());
    }
}
