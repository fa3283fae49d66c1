//! `canary user …` and `canary audit verify`: account management and the
//! audit-chain check, run by an operator on the server. There are no default
//! accounts; the first admin is created here.

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;

use crate::anchor::Verified;
use crate::audit::{Actor, VerifyError};
use crate::auth::admin::{self, AdminError, Reason};
use crate::auth::users;
use crate::auth::{passwords, Email, Role};
use crate::config::Config;
use crate::install;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is read from stdin (prompted without
    /// echo on a terminal), never from the command line.
    Add {
        #[arg(long)]
        email: String,
        /// reviewer, analyst or admin
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Disable an account and end all its sessions at once.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Remove an account's two-step sign-in (a lost phone) and end its
    /// sessions; the person signs in with the password and sets it up again.
    /// The way back in when the only admin has lost their phone.
    ResetTotp {
        #[arg(long)]
        email: String,
        /// Why, for the audit trail.
        #[arg(long)]
        reason: String,
    },
    /// List accounts: e-mail, role, state, created.
    List,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain: exit 0 and print the count when intact,
    /// exit 1 naming the first broken event otherwise.
    Verify {
        /// A head hash written out earlier (an anchor line's `hash=`): the
        /// chain must still contain it.
        #[arg(long, value_name = "HASH")]
        anchor: Option<String>,
    },
    /// Write the chain's head outside the database now: print it, log it,
    /// and append/mail it where CANARY_AUDIT_ANCHOR_FILE/_EMAIL say.
    Anchor,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "expected reviewer, analyst or admin".to_owned())
}

fn email(typed: &str) -> anyhow::Result<Email> {
    Email::parse(typed).ok_or_else(|| anyhow::anyhow!("{typed:?} is not an e-mail address"))
}

/// One line from stdin, without its line ending; a prompt without echo
/// (asked twice) when stdin is a terminal.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Same password again: ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub fn user(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { email: typed, role } => {
            let email = email(&typed)?;
            let password = read_password()?;
            passwords::check_new(&password).map_err(|p| anyhow::anyhow!("{p}"))?;
            let hash = passwords::hash(&password)?;
            let db = install::open_or_create(&Config::from_env()?)?;
            let shown = email.as_str().to_owned();
            super::block_on(users::create(&db, Actor::cli(), email, role, hash))??;
            println!("added {shown} ({})", role.code());
        }
        UserCommand::Disable { email: typed } => {
            let email = email(&typed)?;
            let db = install::open_existing(&Config::from_env()?)?;
            let shown = email.as_str().to_owned();
            let ended = super::block_on(users::disable_account(&db, Actor::cli(), email))??;
            println!("disabled {shown}; {ended} session(s) ended");
        }
        UserCommand::ResetTotp {
            email: typed,
            reason,
        } => {
            let email = email(&typed)?;
            let reason = Reason::parse(&reason)
                .ok_or_else(|| anyhow::anyhow!("give a reason of 1 to 500 characters"))?;
            let db = install::open_existing(&Config::from_env()?)?;
            let shown = email.as_str().to_owned();
            match super::block_on(admin::reset_totp(&db, Actor::cli(), email, reason))? {
                Ok(ended) => {
                    println!("two-step sign-in reset for {shown}; {ended} session(s) ended")
                }
                Err(AdminError::NoChange) => {
                    anyhow::bail!("{shown} has no two-step sign-in")
                }
                Err(AdminError::Db(e)) => return Err(e.into()),
                Err(e) => anyhow::bail!("{e}"),
            }
        }
        UserCommand::List => {
            let db = install::open_existing(&Config::from_env()?)?;
            for u in super::block_on(users::list(&db))?? {
                let state = if u.disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{state}\t{}",
                    u.email,
                    u.role,
                    u.created_at.format("%Y-%m-%dT%H:%M:%SZ")
                );
            }
        }
    }
    Ok(())
}

/// `Ok(true)` when the chain is intact.
pub fn audit(command: AuditCommand) -> anyhow::Result<bool> {
    match command {
        AuditCommand::Verify { anchor } => {
            let db = install::open_existing(&Config::from_env()?)?;
            let hash = anchor.map(|h| h.trim().to_ascii_lowercase());
            match crate::anchor::verify(&db, hash.as_deref()) {
                Ok(Verified {
                    events,
                    anchor_found,
                }) => {
                    match (hash, anchor_found) {
                        (Some(hash), Some(false)) => {
                            eprintln!("canary: the anchored hash {hash} is not in the audit chain: events were rewritten or removed since it was written");
                            return Ok(false);
                        }
                        (Some(hash), _) => {
                            println!("audit chain intact: {events} events, anchor {hash} found")
                        }
                        (None, _) => println!("audit chain intact: {events} events"),
                    }
                    Ok(true)
                }
                Err(VerifyError::Broken(b)) => {
                    eprintln!("canary: {b}");
                    Ok(false)
                }
                Err(VerifyError::Db(e)) => Err(e.into()),
            }
        }
        AuditCommand::Anchor => {
            let config = Config::from_env()?;
            let db = install::open_existing(&config)?;
            match crate::anchor::publish_now(&db, &config)? {
                Some(anchor) => println!("{}", anchor.line()),
                None => println!("the audit trail is empty: nothing to anchor"),
            }
            Ok(true)
        }
    }
}
