//! Server-rendered SVG charts (plotters' SVG backend only: no JavaScript,
//! no font files — text is left to the browser's sans-serif). Labels are
//! cleaned of control characters and shortened before drawing, and the
//! backend escapes `< > & " '`, so a chart is safe to inline in a page.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One labelled count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub count: i64,
}

/// One bar made of parts (e.g. serious / not serious), in legend order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stack {
    pub label: String,
    pub parts: Vec<i64>,
}

const BLUE: RGBColor = RGBColor(31, 94, 153);
/// Colour-blind-safe sequence (Okabe–Ito), darkest meaning last.
const PARTS: [RGBColor; 4] = [
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(213, 94, 0),
    RGBColor(0, 0, 0),
];
const ROW: i32 = 22;
const LABEL_W: i32 = 260;
const WIDTH: i32 = 720;
const MAX_LABEL: usize = 38;

/// A label fit for drawing: no control characters, at most `MAX_LABEL` characters.
pub fn clean_label(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_control()).collect();
    if s.chars().count() <= MAX_LABEL {
        return s;
    }
    let mut out: String = s.chars().take(MAX_LABEL - 1).collect();
    out.push('…');
    out
}

fn text_style(anchor: HPos) -> TextStyle<'static> {
    ("sans-serif", 14)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(anchor, VPos::Center))
}

/// Give the root element a role and an accessible name.
fn finish(svg: String, title: &str) -> String {
    let title = clean_label(title)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{title}\" class=\"chart\" "),
        1,
    )
}

/// Horizontal bars, one row per item, the count after each bar.
pub fn bars(title: &str, items: &[Bar]) -> String {
    let stacks: Vec<Stack> = items
        .iter()
        .map(|b| Stack {
            label: b.label.clone(),
            parts: vec![b.count],
        })
        .collect();
    stacked(title, &stacks, &[], &[BLUE])
}

/// Horizontal stacked bars with a legend naming the parts.
pub fn stacked_bars(title: &str, items: &[Stack], legend: &[&str]) -> String {
    stacked(title, items, legend, &PARTS)
}

fn stacked(title: &str, items: &[Stack], legend: &[&str], colours: &[RGBColor]) -> String {
    let legend_h = if legend.is_empty() { 0 } else { ROW + 6 };
    let height = legend_h + ROW * (items.len().max(1) as i32) + 8;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (WIDTH as u32, height as u32)).into_drawing_area();
        // Drawing into a String cannot fail for lack of space or files;
        // a failed element only leaves it out of the picture.
        let _ = root.fill(&WHITE);
        for (i, name) in legend.iter().enumerate() {
            let x = LABEL_W + 150 * i as i32;
            let colour = colours[i % colours.len()];
            let _ = root.draw(&Rectangle::new([(x, 6), (x + 14, 20)], colour.filled()));
            let _ = root.draw(&Text::new(
                clean_label(name),
                (x + 20, 13),
                text_style(HPos::Left),
            ));
        }
        let max = items
            .iter()
            .map(|s| s.parts.iter().sum::<i64>())
            .max()
            .unwrap_or(0)
            .max(1);
        let span = (WIDTH - LABEL_W - 70) as f64;
        for (row, item) in items.iter().enumerate() {
            let y = legend_h + 4 + ROW * row as i32;
            let mid = y + ROW / 2;
            let _ = root.draw(&Text::new(
                clean_label(&item.label),
                (LABEL_W - 8, mid),
                text_style(HPos::Right),
            ));
            let mut x = LABEL_W;
            let mut sum = 0;
            for (k, part) in item.parts.iter().enumerate() {
                sum += part;
                let end = LABEL_W + (span * sum as f64 / max as f64).round() as i32;
                if end > x {
                    let colour = colours[k % colours.len()];
                    let _ = root.draw(&Rectangle::new(
                        [(x, y + 3), (end, y + ROW - 3)],
                        colour.filled(),
                    ));
                }
                x = end;
            }
            let _ = root.draw(&Text::new(
                sum.to_string(),
                (x + 6, mid),
                text_style(HPos::Left),
            ));
        }
        let _ = root.present();
    }
    finish(svg, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporter_text_is_escaped_and_control_characters_dropped() {
        let svg = bars(
            "Top <products>",
            &[Bar {
                label: "<script>alert(\"x\")</script>\u{1}&co".into(),
                count: 3,
            }],
        );
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains('\u{1}'));
        assert!(svg.contains("aria-label=\"Top &lt;products>\""));
    }

    #[test]
    fn long_labels_are_shortened() {
        let long = "x".repeat(100);
        assert_eq!(clean_label(&long).chars().count(), MAX_LABEL);
    }
}
