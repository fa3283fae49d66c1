//! `canary mail digest` (queue today's digest now, for cron or tests) and
//! `canary mail test --to ADDRESS` (send one message straight away, to
//! check the SMTP settings).

use clap::Subcommand;

use crate::config::Config;
use crate::mail::digest::{self, Digest};
use crate::mail::message;

#[derive(Subcommand)]
pub enum MailCommand {
    /// Queue today's daily digest now (once per UTC day, whoever asks
    /// first: a running server sends it).
    Digest,
    /// Send a test message to ADDRESS now through CANARY_SMTP_URL.
    Test {
        #[arg(long)]
        to: String,
    },
}

pub fn mail(command: MailCommand) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match command {
        MailCommand::Digest => {
            let db = crate::install::open_existing(&config)?;
            let now = crate::intake::now();
            let day = now.format("%Y-%m-%d");
            match digest::queue_blocking(&db, &config.mail, now)? {
                Digest::Queued(n) => println!("digest for {day} queued for {n} account(s)"),
                Digest::AlreadyQueued => println!("digest for {day} was already queued"),
            }
        }
        MailCommand::Test { to } => {
            let url = config.mail.smtp.as_ref().ok_or_else(|| {
                anyhow::anyhow!("CANARY_SMTP_URL is not set: there is no server to send through")
            })?;
            let transport = message::transport(url)?;
            let body = format!(
                "This is a test message from Canary at {}.\nIf you can read it, Canary can send e-mail.\n",
                config.mail.public_url.link("/")
            );
            let mail = message::build(&config.mail.from, &to, "Canary: test message", &body)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            message::send(&transport, &mail).map_err(|e| anyhow::anyhow!("not sent: {e}"))?;
            println!("test message sent");
        }
    }
    Ok(())
}
