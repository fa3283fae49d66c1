//! What makes two reports name "the same" lot or seller: pure normalisation
//! of the typed text into a comparison key, so "WWW.Kratom-King.com/",
//! "Kratom King LLC" and "kratom king" are one seller and "Lot# 24b-117"
//! and "24B117" one lot.

/// What an alert groups reports by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    Lot,
    Seller,
}

impl AlertKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Lot => "lot",
            Self::Seller => "seller",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "lot" => Some(Self::Lot),
            "seller" => Some(Self::Seller),
            _ => None,
        }
    }

    /// How a reviewer reads it: "lot" or "seller".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Lot => "lot",
            Self::Seller => "seller",
        }
    }
}

/// A normalised lot or seller: two reports with equal keys name the same one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AlertKey {
    pub kind: AlertKind,
    pub key: String,
}

/// Words before a lot code that are not part of it ("Lot #", "batch no.").
const LOT_PREFIXES: [&str; 6] = ["LOTE", "LOT", "BATCH", "NUMBER", "NO", "NUM"];

/// A lot code as letters and digits only, upper case, without a leading
/// "lot"/"batch"/"no." label. `None` when nothing code-like is left (no
/// digit, or fewer than 3 characters): "don't know" names no lot.
pub fn lot_key(text: &str) -> Option<String> {
    let upper = strip_placeholders(text).to_uppercase();
    let mut words: Vec<&str> = upper
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.first().is_some_and(|w| LOT_PREFIXES.contains(w)) {
        words.remove(0);
    }
    let key: String = words.concat();
    (key.chars().count() >= 3 && key.chars().any(|c| c.is_ascii_digit())).then_some(key)
}

/// Company-form words dropped from the end of a seller's name.
const COMPANY_FORMS: [&str; 9] = [
    "llc",
    "inc",
    "co",
    "corp",
    "ltd",
    "company",
    "incorporated",
    "corporation",
    "limited",
];

/// Domain endings dropped from a web address ("kratomking.com" is "kratomking").
const DOMAIN_ENDINGS: [&str; 12] = [
    "com", "net", "org", "shop", "store", "co", "us", "io", "biz", "info", "online", "uk",
];

/// Words that alone name no particular seller: "smoke shop", "online",
/// "gas station", "don't know".
const GENERIC: [&str; 24] = [
    "the",
    "a",
    "smoke",
    "vape",
    "shop",
    "store",
    "gas",
    "station",
    "online",
    "internet",
    "website",
    "web",
    "site",
    "local",
    "corner",
    "convenience",
    "unknown",
    "dont",
    "don",
    "t",
    "know",
    "idk",
    "n",
    "none",
];

/// A seller's name as a comparison key: case-folded, scheme, "www.", path
/// and domain ending dropped, punctuation and spaces removed, and a
/// trailing "LLC"/"Inc"/"Co" dropped. `None` when no name is left, or only
/// generic words ("smoke shop", "online").
pub fn seller_key(text: &str) -> Option<String> {
    let lower = strip_placeholders(text).trim().to_lowercase();
    let mut rest = lower.as_str();
    for scheme in ["https://", "http://"] {
        rest = rest.strip_prefix(scheme).unwrap_or(rest);
    }
    rest = rest.strip_prefix("www.").unwrap_or(rest);
    let name = match web_host(rest) {
        Some(host) => strip_domain_ending(host),
        None => rest.trim_end_matches('/').to_owned(),
    };
    let mut words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| COMPANY_FORMS.contains(w)) {
        words.pop();
    }
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    if words
        .iter()
        .all(|w| GENERIC.contains(w) || COMPANY_FORMS.contains(w))
    {
        return None;
    }
    let key = words.concat();
    (key.chars().count() >= 3).then_some(key)
}

/// The host of something typed like a web address ("kratom-king.com/shop"):
/// one word with a dot, before any path.
fn web_host(text: &str) -> Option<&str> {
    let host = text.split(['/', '?', '#']).next()?;
    let looks_like = !host.contains(char::is_whitespace)
        && host.contains('.')
        && host
            .rsplit('.')
            .next()
            .is_some_and(|end| end.len() >= 2 && end.chars().all(|c| c.is_ascii_alphabetic()));
    looks_like.then_some(host)
}

fn strip_domain_ending(host: &str) -> String {
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    while labels.len() > 1 && labels.last().is_some_and(|l| DOMAIN_ENDINGS.contains(l)) {
        labels.pop();
    }
    labels.join(".")
}

/// Drop the scrubber's placeholders ("[name]"): they name nothing.
fn strip_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => {
                depth -= 1;
                out.push(' ');
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seller_variants_group_together() {
        for typed in [
            "WWW.Kratom-King.com/",
            "kratom king",
            "Kratom King LLC",
            "Kratom King, Inc.",
            "https://www.kratomking.com/products/gold?ref=x",
            "http://kratom-king.shop",
            "  KRATOM   KING  co ",
            "The Kratom King",
            "kratom_king.com",
        ] {
            assert_eq!(seller_key(typed).as_deref(), Some("kratomking"), "{typed}");
        }
    }

    #[test]
    fn different_sellers_stay_apart() {
        assert_ne!(seller_key("Kratom King"), seller_key("Kratom Queen"));
        assert_ne!(seller_key("kingkratom.com"), seller_key("kratomking.com"));
        assert_eq!(
            seller_key("Sunrise Smoke Shop").as_deref(),
            Some("sunrisesmokeshop")
        );
    }

    #[test]
    fn generic_or_empty_sellers_name_nobody() {
        for typed in [
            "",
            "  ",
            "smoke shop",
            "Online",
            "gas station",
            "don't know",
            "[name]",
            "co",
            "LLC",
            "/",
        ] {
            assert_eq!(seller_key(typed), None, "{typed:?}");
        }
        // A company form is dropped only after a name.
        assert_eq!(seller_key("Co-op Kratom").as_deref(), Some("coopkratom"));
    }

    #[test]
    fn lot_codes_ignore_case_punctuation_and_labels() {
        for typed in [
            "24B117",
            "24b-117",
            "Lot# 24B117",
            "LOT: 24 b 117",
            "batch no. 24B.117",
            "lote 24B117",
        ] {
            assert_eq!(lot_key(typed).as_deref(), Some("24B117"), "{typed}");
        }
        assert_ne!(lot_key("24B117"), lot_key("24B118"));
    }

    #[test]
    fn lots_without_a_code_name_no_lot() {
        for typed in ["", "don't know", "unknown", "no lot", "12", "[phone]"] {
            assert_eq!(lot_key(typed), None, "{typed:?}");
        }
    }

    #[test]
    fn kinds_round_trip_their_codes() {
        for kind in [AlertKind::Lot, AlertKind::Seller] {
            assert_eq!(AlertKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(AlertKind::from_code("brand"), None);
    }
}
