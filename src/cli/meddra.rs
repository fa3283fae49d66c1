//! `canary meddra import DIR [--version V]`, `canary meddra status` and
//! `canary meddra activate V`: the operator's licensed MedDRA release,
//! read from its MedAscii folder and kept beside earlier versions.

use std::path::PathBuf;
use std::time::Instant;

use clap::Subcommand;

use crate::audit::Actor;
use crate::config::Config;
use crate::meddra::{read_release, release_version};
use crate::meddra_admin;

#[derive(Subcommand)]
pub enum MeddraCommand {
    /// Import a release from its MedAscii folder (llt.asc, pt.asc, …) in one
    /// transaction and make it the active one. A broken release is refused,
    /// naming the file and line; the database is left as it was.
    Import {
        /// The folder holding the .asc files.
        dir: PathBuf,
        /// The release's version, like 27.1 (must agree with meddra_release.asc
        /// when that file is present).
        #[arg(long)]
        version: Option<String>,
    },
    /// List the imported releases and which one is active.
    Status,
    /// Make an imported release the one reviewers code with.
    Activate { version: String },
}

pub fn run(command: MeddraCommand) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let db = crate::install::open_existing(&config)?;
    match command {
        MeddraCommand::Import { dir, version } => {
            let started = Instant::now();
            let version = release_version(&dir, version.as_deref())?;
            let release = read_release(&dir, version)?;
            let read = started.elapsed().as_secs_f64();
            let imported = meddra_admin::import(&db, &Actor::cli(), &release)?;
            if !imported {
                anyhow::bail!(
                    "MedDRA {} is already imported; use `canary meddra activate {}` to code with it",
                    release.version,
                    release.version
                );
            }
            println!(
                "imported MedDRA {} ({} LLTs, {} PTs) and made it active; seconds={:.2} (reading {:.2})",
                release.version,
                release.llts.len(),
                release.pt_count,
                started.elapsed().as_secs_f64(),
                read
            );
        }
        MeddraCommand::Status => {
            let releases = meddra_admin::releases(&db)?;
            if releases.is_empty() {
                println!("no MedDRA release is imported: reactions cannot be coded and E2B files are not submittable");
            }
            for r in releases {
                println!(
                    "{}\t{}\t{} LLTs\t{} PTs\timported {}",
                    r.version,
                    if r.active { "active" } else { "inactive" },
                    r.llt_count,
                    r.pt_count,
                    r.imported_at.format("%Y-%m-%d %H:%M UTC")
                );
            }
        }
        MeddraCommand::Activate { version } => {
            let done = meddra_admin::activate(&db, &Actor::cli(), &version)?;
            if !done {
                anyhow::bail!("MedDRA {version} is not imported (see `canary meddra status`)");
            }
            println!("MedDRA {version} is now the active release");
        }
    }
    Ok(())
}
