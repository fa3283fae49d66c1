//! Building lettre messages and the SMTP transport, and describing a send
//! failure without personal data (no address, no server text).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{Address, Message, SmtpTransport, Transport};

use crate::config::SmtpUrl;

/// Longest wait for the mail server at each step.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message was not handed to the server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendFailure {
    /// The message can never be built (e.g. a stored address that is not
    /// one): giving up at once.
    #[error("{0}")]
    Unsendable(&'static str),
    /// Worth another try later; the text names the class of error only.
    #[error("{0}")]
    Retry(String),
}

/// A blocking SMTP transport for `url` (one connection per message).
pub fn transport(url: &SmtpUrl) -> anyhow::Result<SmtpTransport> {
    // lettre's error names no part of the URL, so the password stays out.
    let builder = SmtpTransport::from_url(url.expose())
        .map_err(|e| anyhow::anyhow!("CANARY_SMTP_URL is not usable: {e}"))?;
    Ok(builder.timeout(Some(SMTP_TIMEOUT)).build())
}

/// A plain-text message to a bare address. A recipient or sender that does
/// not parse as an address (a CR/LF in it, a display name, anything else)
/// is refused rather than sent: the envelope is exactly `To`.
pub fn build(from: &str, to: &str, subject: &str, body: &str) -> Result<Message, SendFailure> {
    let to: Address = to
        .parse()
        .map_err(|_| SendFailure::Unsendable("invalid recipient address"))?;
    let from: Mailbox = from
        .parse()
        .map_err(|_| SendFailure::Unsendable("invalid sender address"))?;
    Message::builder()
        .from(from)
        .to(Mailbox::new(None, to))
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|_| SendFailure::Unsendable("message could not be built"))
}

/// Hand `message` to the server (blocking: call on a blocking thread).
pub fn send(transport: &SmtpTransport, message: &Message) -> Result<(), SendFailure> {
    transport
        .send(message)
        .map(|_| ())
        .map_err(|e| SendFailure::Retry(describe(&e)))
}

/// A short class of SMTP error: the reply code, or what kind of failure.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = e.status() {
        let kind = if e.is_permanent() {
            "permanent"
        } else {
            "transient"
        };
        return format!("smtp {kind} {code}");
    }
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_tls() {
        "tls error"
    } else if e.is_response() {
        "unreadable reply"
    } else {
        "connection failed"
    };
    format!("smtp {kind}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_injection_never_reaches_a_message() {
        let injected = "rev@example.org\r\nBcc: attacker@evil.example";
        assert_eq!(
            build("canary@localhost", injected, "s", "b").err(),
            Some(SendFailure::Unsendable("invalid recipient address"))
        );
        let named = "Rev <attacker@evil.example>";
        assert!(build("canary@localhost", named, "s", "b").is_err());
        let message = build(
            "canary@localhost",
            "rev@example.org",
            "Case\r\nBcc: a@evil.example",
            "b",
        )
        .unwrap();
        let envelope = message.envelope();
        assert_eq!(envelope.to().len(), 1);
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
    }
}
