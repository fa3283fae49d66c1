//! E-mail addresses (also spelled out, "jane at gmail dot com"), web addresses, social handles and IP addresses.

use super::util::{after, before, char_after, char_before, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::net::Ipv6Addr;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"));

/// "jane dot doe at gmail dot com", "juan arroba hotmail punto com", "ana (at) yahoo.com".
static SPELLED_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let dot = r"(?:\s*(?:\(dot\)|\[dot\]|\(punto\))\s*|\s+(?:dot|punto)\s+|\.)";
    let at = r"(?:\s*(?:\(at\)|\[at\]|\(arroba\)|@)\s*|\s+(?:at|arroba)\s+)";
    let tld = r"(?:com|net|org|edu|gov|mx|es|co|uk|ca|us|io|me|info|biz|ar|cl|pe|ve|ec|gt|pr)";
    re(&format!(
        r"(?i)\b[a-z0-9][a-z0-9_+-]*(?:{dot}[a-z0-9_+-]+)*{at}[a-z0-9-]+(?:{dot}[a-z0-9-]+)*?{dot}{tld}\b"
    ))
});

static AT_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\s(?:at|AT|At|arroba|ARROBA|Arroba)\s|\((?:at|AT|arroba|ARROBA)\)|\[(?:at|AT)\]")
});

static SPELLED_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:dot|punto|arroba)\b|\((?:at|dot|punto|arroba)\)|\[(?:at|dot)\]")
});

/// Mail providers, for "name at gmail.com" where only the "at" is spelled out.
static PROVIDER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\s(?:at|arroba)\s+(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton|protonmail|pm|gmx|zoho|comcast|att|sbcglobal|verizon|cox|charter|prodigy|telmex|mail)\.",
    )
});

static URL_SCHEME: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'{}|\\^`\[\]]+"#));

pub(super) static URL_BARE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(com|net|org|info|io|co|us|me|ly|gov|edu|app|biz|tv|gg|xyz|site|online|shop|store|link|mx|es|ar|uk|ca|de|fr|ee|bio|page|example|test|invalid|social|lol|club|fm|to|tk|cc)\b(?:/[^\s<>"']*)?"#,
    )
});

/// Top-level domains that are also everyday words or abbreviations ("U.S.", "it.Me").
const AMBIGUOUS_TLD: &[&str] = &[
    "me", "us", "co", "es", "de", "ar", "ly", "tv", "io", "mx", "uk", "ca", "fr", "gg", "app",
    "link", "site", "shop", "store", "online", "to", "cc", "fm", "lol", "club", "page", "bio",
];

pub(super) static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[\s(\[{,;:/])(@[A-Za-z_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?|\b[ur]/[A-Za-z0-9_-]{3,24})\b",
    )
});

pub(super) static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    let o = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)";
    re(&format!(r"\b{o}(?:\.{o}){{3}}\b"))
});

pub(super) static IPV6_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| re(r"[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*"));

const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"', '>'];

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    emails(text, out);
    urls(text, hints, out);
    handles(text, hints, out);
    ips(text, hints, out);
}

/// "k r o s s @ example . com": letters split by single spaces around the "@" and dots.
static SPACED_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b[a-z0-9](?: [a-z0-9._-]){2,40} ?@ ?[a-z0-9-]+(?: ?\. ?[a-z0-9-]+)* ?\. ?[a-z]{2,}\b")
});

fn emails(text: &str, out: &mut Vec<Cand>) {
    if text.contains(" @") || text.contains("@ ") {
        out.extend(
            SPACED_EMAIL
                .find_iter(text)
                .map(|m| Cand::new(K::Email, m.start(), m.end())),
        );
    }
    if text.contains('@') {
        out.extend(
            EMAIL
                .find_iter(text)
                .map(|m| Cand::new(K::Email, m.start(), m.end())),
        );
    }
    // The spelled-out pattern may start at any word, so it only runs on windows around an
    // "at" token; the windows start after a space so no word is cut in half.
    let mut from = 0;
    for at in AT_TOKEN.find_iter(text) {
        if at.start() < from {
            continue;
        }
        let head = before(text, at.start(), 80);
        // After the first whitespace character, whatever its width ("\u{a0}", "\u{2009}").
        let word_start = head
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let start = at.start() - head.len() + word_start;
        let start = start.max(from);
        let end = at.end() + after(text, at.end(), 120).len();
        for m in SPELLED_EMAIL.find_iter(&text[start..end]) {
            let s = m.as_str();
            if SPELLED_WORD.is_match(s) || PROVIDER.is_match(s) {
                out.push(Cand::new(K::Email, start + m.start(), start + m.end()));
                from = start + m.end();
            }
        }
    }
}

fn urls(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    let schemes = if hints.any(&["://", "www."]) {
        URL_SCHEME.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in schemes {
        let end = m.start() + m.as_str().trim_end_matches(TRAILING).len();
        out.push(Cand::new(K::Url, m.start(), end));
    }
    let bare = hints
        .may_dot_letter()
        .then(|| hints.captures(&URL_BARE, text));
    for c in bare.into_iter().flatten() {
        let (Some(m), Some(tld)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if char_before(text, m.start()) == Some('@') {
            continue;
        }
        let host = &text[m.start()..tld.start()];
        let first_label = host.split('.').next().unwrap_or_default();
        let t = tld.as_str();
        let ambiguous = AMBIGUOUS_TLD.contains(&t.to_ascii_lowercase().as_str());
        let has_path = m.end() > tld.end() + 1;
        if !host.chars().any(|c| c.is_ascii_alphabetic()) || (first_label.len() < 2 && !has_path) {
            continue;
        }
        if ambiguous
            && !has_path
            && (t.chars().any(|c| c.is_ascii_uppercase()) || first_label.len() < 3)
        {
            continue;
        }
        let end = m.start() + m.as_str().trim_end_matches(TRAILING).len();
        out.push(Cand::new(K::Url, m.start(), end));
    }
}

fn handles(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    if !handle_may_start(text) {
        return;
    }
    for c in hints.captures(&HANDLE, text) {
        if let Some(h) = c.get(1) {
            let body = h.as_str().trim_start_matches('@');
            if body.chars().any(|c| c.is_ascii_alphabetic())
                && char_after(text, h.end()) != Some('@')
            {
                out.push(Cand::new(K::Url, h.start(), h.end()));
            }
        }
    }
}

/// A cheap necessary condition for HANDLE: an "@", "u/" or "r/" at the start of the text or
/// right after whitespace or one of `( [ { , ; : /`. Skips the regex on most narratives.
fn handle_may_start(text: &str) -> bool {
    let opens =
        |i: usize| char_before(text, i).is_none_or(|c| c.is_whitespace() || "([{,;:/".contains(c));
    text.match_indices('@').any(|(i, _)| opens(i))
        || text
            .match_indices("u/")
            .chain(text.match_indices("r/"))
            .any(|(i, _)| opens(i))
}

fn ips(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for m in hints.finds(&IPV4, text) {
        let touching = |c: Option<char>| c.is_some_and(|c| c == '.' || c.is_ascii_digit());
        // "1.2.3.4.5" is a version or code, not an address; a sentence-final dot is fine.
        let next_is_part = char_after(text, m.end()) == Some('.')
            && char_after(text, m.end() + 1).is_some_and(|c| c.is_ascii_digit());
        if !touching(char_before(text, m.start())) && !next_is_part {
            out.push(Cand::new(K::Ip, m.start(), m.end()));
        }
    }
    if !text.contains(':') {
        return;
    }
    for m in hints.finds(&IPV6_TOKEN, text) {
        let token = m.as_str().trim_end_matches('.');
        let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != ':');
        let digits = token.chars().filter(char::is_ascii_hexdigit).count();
        if bounded(char_before(text, m.start()))
            && bounded(char_after(text, m.start() + token.len()))
            && digits >= 3
            && token.chars().any(|c| c.is_ascii_digit())
            && token.parse::<Ipv6Addr>().is_ok()
        {
            out.push(Cand::new(K::Ip, m.start(), m.start() + token.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_of(text: &str) -> Vec<(K, String)> {
        super::super::util::found_by(detect, text)
    }

    #[test]
    fn emails_plain_and_spelled() {
        assert!(kinds_of("write jane.doe+ae@example.co.uk now")
            .contains(&(K::Email, "jane.doe+ae@example.co.uk".into())));
        assert!(kinds_of("reach me jane dot doe at gmail dot com ok")
            .contains(&(K::Email, "jane dot doe at gmail dot com".into())));
        assert!(kinds_of("escriban a juanp arroba hotmail punto com")
            .contains(&(K::Email, "juanp arroba hotmail punto com".into())));
        assert!(kinds_of("it is mikey22 at yahoo.com")
            .contains(&(K::Email, "mikey22 at yahoo.com".into())));
        assert!(!kinds_of("I was at walmart.com")
            .iter()
            .any(|(k, _)| *k == K::Email));
    }

    #[test]
    fn wide_spaces_before_a_spelled_email_do_not_split_a_character() {
        // The window before " at " starts after its first whitespace, which may be more than
        // one byte: a no-break space pasted from a document, a thin space (found by fuzzing).
        for space in ['\u{a0}', '\u{2009}', '\u{3000}'] {
            let text = format!("Wach{space}ch reach me jane dot doe at gmail dot com");
            assert!(
                kinds_of(&text).contains(&(K::Email, "jane dot doe at gmail dot com".into())),
                "{text}"
            );
            assert!(!super::super::scrub(&text).text.contains("gmail"));
        }
    }

    #[test]
    fn urls_and_handles() {
        assert!(kinds_of("see https://reddit.com/r/kratom/abc.")
            .contains(&(K::Url, "https://reddit.com/r/kratom/abc".into())));
        assert!(
            kinds_of("facebook.com/jane.doe").contains(&(K::Url, "facebook.com/jane.doe".into()))
        );
        assert!(kinds_of("dm me @jane_doe99.").contains(&(K::Url, "@jane_doe99".into())));
        assert!(kinds_of("in the U.S. and i.e. e.g.").is_empty());
        assert!(kinds_of("I took it.Me and him").is_empty());
    }

    #[test]
    fn ip_addresses() {
        assert_eq!(
            kinds_of("from 192.168.1.20."),
            vec![(K::Ip, "192.168.1.20".into())]
        );
        assert_eq!(
            kinds_of("addr 2001:db8::8a2e:370:7334 x"),
            vec![(K::Ip, "2001:db8::8a2e:370:7334".into())]
        );
        assert!(kinds_of("at 10:30:15 and add::ed").is_empty());
        assert!(kinds_of("version 1.2.3.4.5").is_empty());
    }
}
