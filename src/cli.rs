//! The command line: `canary serve` (the default) and `canary scrub`.

use std::io::{Read, Write};
use std::process::ExitCode;

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
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(),
        Command::Scrub { json } => scrub(json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("canary: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> anyhow::Result<()> {
    crate::telemetry::init();
    let config = Config::from_env()?;
    actix_web::rt::System::new().block_on(async move {
        let app = crate::startup::Application::build(config).await?;
        tracing::info!(address = %app.address(), "canary is listening");
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
