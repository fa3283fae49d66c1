//! `canary user …` and `canary audit verify`: account management and the
//! audit-chain check, run by an operator on the server. There are no default
//! accounts; the first admin is created here.

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;

use crate::audit::{self, Actor};
use crate::auth::admin::{self, AdminError, Change, Reason};
use crate::auth::users::{self, UserError};
use crate::auth::{passwords, Email, Role};
use crate::config::Config;
use crate::db::Db;

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

/// The configured database, created if need be (`user add` on a fresh
/// install).
fn open_or_create() -> anyhow::Result<Db> {
    let config = Config::from_env()?;
    let db = Db::open(&config.database, 1)?;
    crate::keyfile::load_for(&config)?;
    Ok(db)
}

/// The configured database, which must exist.
fn open_db() -> anyhow::Result<Db> {
    super::open_existing(&Config::from_env()?)
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
            let db = open_or_create()?;
            let added =
                db.write_blocking(
                    |c| match users::add(c, &Actor::cli(), &email, role, &hash) {
                        Err(UserError::Db(e)) => Err(e),
                        other => Ok(other),
                    },
                )?;
            added?;
            println!("added {} ({})", email.as_str(), role.code());
        }
        UserCommand::Disable { email: typed } => {
            let email = email(&typed)?;
            let db = open_db()?;
            let ended =
                db.write_blocking(|c| match users::disable(c, &Actor::cli(), &email) {
                    Err(UserError::Db(e)) => Err(e),
                    other => Ok(other),
                })??;
            println!("disabled {}; {ended} session(s) ended", email.as_str());
        }
        UserCommand::ResetTotp {
            email: typed,
            reason,
        } => {
            let email = email(&typed)?;
            let reason = Reason::parse(&reason)
                .ok_or_else(|| anyhow::anyhow!("give a reason of 1 to 500 characters"))?;
            let db = open_db()?;
            let reset = db.write_blocking(|c| {
                let Some(user) = crate::db::users::by_email(c, email.as_str())? else {
                    return Ok(Err(AdminError::NotFound));
                };
                match admin::change(c, &Actor::cli(), &user.id, Change::ResetTotp, &reason) {
                    Err(AdminError::Db(e)) => Err(e),
                    other => Ok(other),
                }
            })?;
            match reset {
                Ok(ended) => println!(
                    "two-step sign-in reset for {}; {ended} session(s) ended",
                    email.as_str()
                ),
                Err(AdminError::NoChange) => {
                    anyhow::bail!("{} has no two-step sign-in", email.as_str())
                }
                Err(e) => anyhow::bail!("{e}"),
            }
        }
        UserCommand::List => {
            let db = open_db()?;
            let rows = crate::db::users::list(&mut *db.conn()?)?;
            for u in rows {
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
            let db = open_db()?;
            let mut conn = db.conn()?;
            match audit::verify(&mut conn) {
                Ok(count) => {
                    if let Some(hash) = anchor {
                        let hash = hash.trim().to_ascii_lowercase();
                        if !crate::db::audit::has_hash(&mut conn, &hash)? {
                            eprintln!("canary: the anchored hash {hash} is not in the audit chain: events were rewritten or removed since it was written");
                            return Ok(false);
                        }
                        println!("audit chain intact: {count} events, anchor {hash} found");
                    } else {
                        println!("audit chain intact: {count} events");
                    }
                    Ok(true)
                }
                Err(audit::VerifyError::Broken(b)) => {
                    eprintln!("canary: {b}");
                    Ok(false)
                }
                Err(audit::VerifyError::Db(e)) => Err(e.into()),
            }
        }
        AuditCommand::Anchor => {
            let config = Config::from_env()?;
            let db = open_db()?;
            let mut conn = db.conn()?;
            match crate::anchor::publish(&mut conn, &config)? {
                Some(anchor) => println!("{}", anchor.line()),
                None => println!("the audit trail is empty: nothing to anchor"),
            }
            Ok(true)
        }
    }
}
