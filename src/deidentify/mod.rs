//! Identifier scrubber (temporary pass-through until the scrubber lands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdentifierKind {
    Email,
    Phone,
    Ssn,
    Url,
    Ip,
    Date,
    Address,
    Zip,
    Mrn,
    Name,
    Card,
}
impl IdentifierKind {
    pub const ALL: [IdentifierKind; 11] = [
        Self::Email,
        Self::Phone,
        Self::Ssn,
        Self::Url,
        Self::Ip,
        Self::Date,
        Self::Address,
        Self::Zip,
        Self::Mrn,
        Self::Name,
        Self::Card,
    ];
    pub fn placeholder(self) -> &'static str {
        "[x]"
    }
    pub fn code(self) -> &'static str {
        "x"
    }
    pub fn plain_label(self) -> &'static str {
        "x"
    }
    pub fn from_code(_c: &str) -> Option<Self> {
        None
    }
}
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub kind: IdentifierKind,
    pub start: usize,
    pub end: usize,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    pub text: String,
    pub found: Vec<Found>,
}
impl Scrubbed {
    pub fn kinds(&self) -> Vec<IdentifierKind> {
        Vec::new()
    }
}
pub fn scrub(input: &str) -> Scrubbed {
    Scrubbed {
        text: input.to_owned(),
        found: Vec::new(),
    }
}
