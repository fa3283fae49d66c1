//! Logging set-up. Canary logs events, never report contents: no narrative,
//! no field values, no IP address, no user agent (see the access log in
//! `web::access_log`).

use tracing_subscriber::EnvFilter;

/// Log to stderr, filtered by `CANARY_LOG` (default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_env("CANARY_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
