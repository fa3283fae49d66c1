//! Spreadsheet formula injection (security-checklist.md §8): every field is
//! double-quoted with inner quotes doubled (the `csv` writer with
//! `QuoteStyle::Always`), and a field starting with `=`, `+`, `-`, `@`,
//! TAB, CR, LF or NUL gets a leading `'` so no spreadsheet runs it.

use std::borrow::Cow;
use std::io::Write;

/// First characters a spreadsheet may treat as the start of a formula.
const TRIGGERS: [char; 8] = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

/// The value with a leading `'` when it could start a formula.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some(c) if TRIGGERS.contains(&c) => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A CSV writer quoting every field (RFC 4180, CRLF line ends).
pub fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(64 * 1024)
        .from_writer(out)
}

/// Write one record, every cell neutralised.
pub fn write_row<W: Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: &[S],
) -> Result<(), csv::Error> {
    w.write_record(cells.iter().map(|c| neutralise(c.as_ref()).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[&str]) -> String {
        let mut w = writer(Vec::new());
        write_row(&mut w, cells).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn check_55_owasp_examples() {
        assert_eq!(line(&["=1+2\";=1+2"]), "\"'=1+2\"\";=1+2\"\r\n");
        assert_eq!(line(&["=1+2'\" ;,=1+2"]), "\"'=1+2'\"\" ;,=1+2\"\r\n");
    }

    #[test]
    fn check_55_every_trigger_gets_a_quote_and_plain_text_does_not() {
        for v in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\n=1",
            "\0x",
            "=cmd|' /C calc'!A0",
        ] {
            assert_eq!(neutralise(v), format!("'{v}"), "{v:?}");
        }
        for v in ["", "kratom", "1+1", " =1", "'already"] {
            assert_eq!(neutralise(v), v);
        }
    }

    #[test]
    fn check_55_every_field_is_quoted() {
        assert_eq!(line(&["a", "", "1"]), "\"a\",\"\",\"1\"\r\n");
    }
}
