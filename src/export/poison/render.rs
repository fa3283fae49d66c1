//! The poison-center summary as a one-page PDF and as the plain text of
//! the e-mail sent to a poison center.

use super::Summary;
use crate::export::pdf::{Block, Document};

pub fn title(s: &Summary) -> String {
    format!("Poison-center case summary – case {}", s.case_number)
}

fn source(s: &Summary) -> String {
    format!(
        "Canary case {} · generated {} · de-identified case-processing profile · reporter's answers, no reviewer notes",
        s.case_number, s.generated
    )
}

pub fn document(s: &Summary) -> Document {
    let mut blocks = vec![Block::Paragraph(s.banner.clone())];
    for part in &s.parts {
        blocks.push(Block::Heading(part.title.clone()));
        blocks.push(Block::Fields(
            part.lines
                .iter()
                .map(|l| (l.label.trim().to_owned(), l.value.clone()))
                .collect(),
        ));
    }
    Document {
        title: title(s),
        subtitle: Some(source(s)),
        footer: format!("Canary case {} · poison-center summary", s.case_number),
        compact: true,
        blocks,
    }
}

/// The summary as plain text (the e-mail body).
pub fn text(s: &Summary) -> String {
    let mut out = format!("{}\n{}\n\n{}\n", title(s), source(s), s.banner);
    for part in &s.parts {
        out.push_str(&format!("\n{}\n", part.title.to_uppercase()));
        for l in &part.lines {
            out.push_str(&format!("- {}: {}\n", l.label.trim(), l.value));
        }
    }
    out
}
