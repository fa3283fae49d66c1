//! The command line: `canary serve` (the default), `canary scrub`,
//! `canary healthcheck`, `canary user …`, `canary audit verify` and
//! `canary mail …`, `canary meddra …`, `canary generate`, `canary export …`,
//! `canary rescrub` and `canary review contradictions`.

mod export;
mod generate;
mod mail;
mod meddra;
mod rescrub;
mod review;
mod staff;

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Parser)]
#[command(
    name = "canary",
    version,
    about = "Self-hosted adverse-event report collector"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default). Configured by CANARY_* variables.
    Serve,
    /// Remove identifiers from text on stdin and print the cleaned text.
    Scrub {
        /// Print {"text": …, "found": [{"kind", "start", "end"}]} with byte offsets into the input.
        #[arg(long)]
        json: bool,
    },
    /// Exit 0 only if the server at CANARY_BIND answers GET /healthz with 200
    /// within 3 seconds (for container health checks).
    Healthcheck,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: staff::UserCommand,
    },
    /// Check the audit trail.
    Audit {
        #[command(subcommand)]
        command: staff::AuditCommand,
    },
    /// E-mail: queue today's digest, or send a test message.
    Mail {
        #[command(subcommand)]
        command: mail::MailCommand,
    },
    /// Write an export to a file: the analyst CSV ZIP, the CAERS-shaped CSV,
    /// E2B(R3) XML, FHIR R4/R5 Bundles, the periodic summary.
    Export {
        #[command(subcommand)]
        command: export::ExportCommand,
    },
    /// Reviewer checks over stored reports (they change nothing).
    Review {
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// The operator's licensed MedDRA release: import, status, activate.
    Meddra {
        #[command(subcommand)]
        command: meddra::MeddraCommand,
    },
    /// Re-run the current identifier scrubber over the free text stored with
    /// reports cleaned by an older version; prints counts by kind, never the text.
    Rescrub {
        /// Every report, not only those cleaned by an older scrubber version.
        #[arg(long)]
        all: bool,
    },
    /// Add synthetic reports (marked synthetic, case numbers SYN-YYYY-NNNNNNN)
    /// to the configured database, for demonstrations and load tests.
    Generate {
        /// How many reports to add.
        #[arg(long)]
        reports: u64,
        /// Seed for the random choices (default: a random one, printed).
        #[arg(long)]
        seed: Option<u64>,
        /// Spread received dates from 1 January of this year (default: the last two years).
        #[arg(long, value_name = "YYYY")]
        year_from: Option<i32>,
        /// Make the last N reports name lot LOT, received within the last
        /// week: enough of them raise a batch alert.
        #[arg(long, value_name = "LOT:N", value_parser = crate::generate::Cluster::parse)]
        lot_cluster: Option<crate::generate::Cluster>,
        /// Make the last N reports name seller NAME, in varying spellings.
        #[arg(long, value_name = "NAME:N", value_parser = crate::generate::Cluster::parse)]
        seller_cluster: Option<crate::generate::Cluster>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(),
        Command::Scrub { json } => scrub(json),
        Command::Healthcheck => healthcheck(),
        Command::User { command } => staff::user(command),
        Command::Mail { command } => mail::mail(command),
        Command::Export { command } => export::run(command),
        Command::Review { command } => review::run(command),
        Command::Meddra { command } => meddra::run(command),
        Command::Rescrub { all } => rescrub::run(all),
        Command::Generate {
            reports,
            seed,
            year_from,
            lot_cluster,
            seller_cluster,
        } => generate::run(
            reports,
            seed,
            year_from,
            crate::generate::Clusters {
                lot: lot_cluster,
                seller: seller_cluster,
            },
        ),
        Command::Audit { command } => match staff::audit(command) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("canary: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Run a use case to completion from a command (the CLI has no server
/// running; database work goes to the blocking pool as in the web).
pub(crate) fn block_on<F: std::future::Future>(f: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(f))
}

fn serve() -> anyhow::Result<()> {
    crate::telemetry::init();
    let config = Config::from_env()?;
    let missing = config.e2b.missing();
    if !missing.is_empty() {
        tracing::warn!(
            missing = %missing.join(", "),
            "E2B sender settings are not set; E2B exports are refused until they are"
        );
    }
    tracing::info!(
        window_days = config.alerts.window.get(),
        min_reports = config.alerts.min_reports.get(),
        "batch and seller alerts: CANARY_ALERT_MIN_REPORTS reports naming one lot or seller within CANARY_ALERT_WINDOW_DAYS days"
    );
    actix_web::rt::System::new().block_on(async move {
        let app = crate::startup::Application::build(config).await?;
        tracing::info!(port = app.address().port(), "canary is listening");
        app.run().await?;
        Ok(())
    })
}

fn scrub(json: bool) -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let clean = crate::deidentify::scrub(&input);
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({ "text": clean.text, "found": clean.found });
        writeln!(out, "{value}")?;
    } else {
        write!(out, "{}", clean.text)?;
    }
    Ok(())
}

fn healthcheck() -> anyhow::Result<()> {
    let mut addr = Config::from_env()?.bind;
    // A server bound to every address is reached through loopback.
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            IpAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    let left = || {
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| anyhow::anyhow!("no answer from {addr} within 3 s"))
    };
    let mut stream = TcpStream::connect_timeout(&addr, left()?)?;
    stream.set_write_timeout(Some(left()?))?;
    stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut head = Vec::new();
    let mut buf = [0u8; 512];
    while !head.contains(&b'\n') && head.len() < 4096 {
        stream.set_read_timeout(Some(left()?))?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                anyhow::bail!("no answer from {addr} within 3 s")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let status_line = head.lines().next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(version), Some("200")) if version.starts_with("HTTP/") => Ok(()),
        _ => anyhow::bail!("unhealthy: {addr} answered {status_line:?}"),
    }
}
