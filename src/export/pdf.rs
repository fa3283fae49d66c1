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
    /// A table with a header row; `widths` are shares of the page width
    /// (one per column; equal when empty).
    Table {
        columns: Vec<String>,
        widths: Vec<f32>,
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
}

impl Layout {
    fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: PAGE_H - MARGIN,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Make room for `height` points, starting a new page when needed.
    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            self.pages.push(Vec::new());
            self.y = PAGE_H - MARGIN;
        }
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
    let mut l = Layout::new();
    let width = PAGE_W - 2.0 * MARGIN;
    for line in wrap(&doc.title, 16.0, Font::Bold, width) {
        l.need(20.0);
        l.y -= 16.0;
        l.text(MARGIN, 16.0, Font::Bold, &line);
        l.y -= 4.0;
    }
    if let Some(sub) = &doc.subtitle {
        for line in wrap(sub, BODY, Font::Regular, width) {
            l.need(LEADING);
            l.y -= LEADING;
            l.text(MARGIN, BODY, Font::Regular, &line);
        }
    }
    for block in &doc.blocks {
        lay_block(&mut l, block, width);
    }
    write(doc, &l.pages)
}

fn lay_block(l: &mut Layout, block: &Block, width: f32) {
    match block {
        Block::Heading(h) => {
            l.need(3.0 * LEADING);
            l.y -= LEADING;
            let y = l.y - 3.0;
            l.ops().push(Op::Rule { y: y + 14.0 });
            l.y -= 2.0;
            l.text(MARGIN, 11.5, Font::Bold, h);
            l.y -= 4.0;
        }
        Block::Paragraph(p) => {
            for line in wrap(p, BODY, Font::Regular, width) {
                l.need(LEADING);
                l.y -= LEADING;
                l.text(MARGIN, BODY, Font::Regular, &line);
            }
        }
        Block::Fields(fields) => {
            for (label, value) in fields {
                let labels = wrap(label, BODY, Font::Bold, LABEL_W - 8.0);
                let values = wrap(value, BODY, Font::Regular, width - LABEL_W);
                let n = labels.len().max(values.len()).max(1);
                for i in 0..n {
                    l.need(LEADING);
                    l.y -= LEADING;
                    if let Some(t) = labels.get(i) {
                        l.text(MARGIN, BODY, Font::Bold, t);
                    }
                    if let Some(t) = values.get(i) {
                        l.text(MARGIN + LABEL_W, BODY, Font::Regular, t);
                    }
                }
                l.y -= 2.0;
            }
        }
        Block::Checks(checks) => {
            let col = width / 3.0;
            for row in checks.chunks(3) {
                let lines: Vec<Vec<String>> = row
                    .iter()
                    .map(|(label, _)| wrap(label, BODY, Font::Regular, col - 16.0))
                    .collect();
                let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
                l.need(LEADING * n as f32);
                l.y -= LEADING;
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
                        let y = top - LEADING * k as f32;
                        l.ops().push(Op::Text {
                            x: x + 12.0,
                            y,
                            size: BODY,
                            font: Font::Regular,
                            text: t.clone(),
                        });
                    }
                }
                l.y = top - LEADING * (n as f32 - 1.0) - 2.0;
            }
        }
        Block::Table {
            columns,
            widths,
            rows,
        } => lay_table(l, columns, widths, rows, width),
    }
}

fn lay_table(l: &mut Layout, columns: &[String], widths: &[f32], rows: &[Vec<String>], width: f32) {
    let shares: Vec<f32> = if widths.len() == columns.len() && !columns.is_empty() {
        let total: f32 = widths.iter().sum();
        widths.iter().map(|w| w / total).collect()
    } else {
        vec![1.0 / columns.len().max(1) as f32; columns.len()]
    };
    let xs: Vec<f32> = shares
        .iter()
        .scan(MARGIN, |x, s| {
            let here = *x;
            *x += s * width;
            Some(here)
        })
        .collect();
    let draw_row = |l: &mut Layout, cells: &[String], font: Font, size: f32| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&shares)
            .map(|(c, s)| wrap(c, size, font, s * width - 6.0))
            .collect();
        let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        l.need(LEADING * n as f32 + 2.0);
        let top = l.y - LEADING;
        for (i, lines) in wrapped.iter().enumerate() {
            for (k, t) in lines.iter().enumerate() {
                let y = top - LEADING * k as f32;
                l.ops().push(Op::Text {
                    x: xs[i],
                    y,
                    size,
                    font,
                    text: t.clone(),
                });
            }
        }
        l.y = top - LEADING * (n as f32 - 1.0) - 3.0;
    };
    draw_row(l, columns, Font::Bold, BODY - 0.5);
    let y = l.y + 1.0;
    l.ops().push(Op::Rule { y });
    for row in rows {
        draw_row(l, row, Font::Regular, BODY - 0.5);
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

/// Break text into lines no wider than `max` points; words longer than a
/// line are cut. Newlines in the text always break.
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
            // A word wider than the line: cut it.
            let mut piece = String::new();
            for ch in word.chars() {
                piece.push(ch);
                if text_width(&piece, size, font) > max {
                    piece.pop();
                    out.push(std::mem::take(&mut piece));
                    piece.push(ch);
                }
            }
            line = piece;
        }
        out.push(line);
    }
    out
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
            widths: vec![],
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
