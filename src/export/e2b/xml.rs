//! A thin layer over quick-xml's writer: elements with attributes, text
//! that is always escaped, and characters XML 1.0 cannot carry removed
//! (so no reporter text can break the document or inject markup).

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub type Result = std::io::Result<()>;

pub struct Xml {
    w: Writer<Vec<u8>>,
}

/// Drop what XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE/F).
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(bad) {
        text.chars().filter(|c| !bad(*c)).collect::<String>().into()
    } else {
        text.into()
    }
}

impl Xml {
    pub fn new() -> std::io::Result<Self> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { w })
    }

    fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, clean(v).as_ref()));
        }
        e
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result {
        self.w.write_event(Event::Start(Self::start(name, attrs)))
    }

    pub fn close(&mut self, name: &str) -> Result {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result {
        self.w.write_event(Event::Empty(Self::start(name, attrs)))
    }

    /// `<name attrs>text</name>`, the text escaped.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result {
        self.open(name, attrs)?;
        self.w
            .write_event(Event::Text(BytesText::new(clean(text).as_ref())))?;
        self.close(name)
    }

    pub fn finish(self) -> Vec<u8> {
        self.w.into_inner()
    }
}

impl Xml {
    /// An XML comment; `--` (which would end it early) is broken up.
    pub fn comment(&mut self, text: &str) -> Result {
        let safe = clean(text).replace("--", "- -");
        self.w
            .write_event(Event::Comment(BytesText::from_escaped(safe)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_forbidden_characters_dropped() {
        let mut x = Xml::new().unwrap();
        x.open("a", &[("title", "say \"hi\" & <go>")]).unwrap();
        x.text("t", &[], "2 < 3 & ]]> \u{1}bell — café 日本")
            .unwrap();
        x.comment("a -- b").unwrap();
        x.close("a").unwrap();
        let out = String::from_utf8(x.finish()).unwrap();
        assert!(
            out.contains("title=\"say &quot;hi&quot; &amp; &lt;go&gt;\""),
            "{out}"
        );
        assert!(
            out.contains("2 &lt; 3 &amp; ]]&gt; bell — café 日本"),
            "{out}"
        );
        assert!(
            !out.contains('\u{1}') && out.contains("<!--a - - b-->"),
            "{out}"
        );
    }
}
