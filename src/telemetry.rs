//! Logging set-up. Canary logs events, never report contents: no narrative,
//! no field values, no IP address, no user agent (see the access log in
//! `web::access_log`).

use tracing_subscriber::EnvFilter;

/// Log to stderr, filtered by `CANARY_LOG` (default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_env("CANARY_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // actix-server's start-up lines name the bound address; keep addresses
    // out of the log entirely, whatever level is asked for.
    let filter = match "actix_server=warn".parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
