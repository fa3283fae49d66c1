//! `canary review contradictions`: list stored reports whose answers
//! disagree (case number and which disagreement, never free text), so a
//! reviewer can resolve them. It reads only; nothing is changed.

use clap::Subcommand;

use crate::config::Config;
use crate::report::options::ClosedList;

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// List stored reports with answers that disagree, or an answer kept to
    /// a question that no longer applies (one line per case and kind).
    Contradictions,
}

pub fn run(command: ReviewCommand) -> anyhow::Result<()> {
    let ReviewCommand::Contradictions = command;
    let config = Config::from_env()?;
    let db = crate::install::open_existing(&config)?;
    let found = super::block_on(crate::overview::contradictions(&db))??;
    for (case, kinds) in &found {
        for f in kinds {
            println!("{case}\t{}\t{}", f.what.code(), f.what.label());
        }
    }
    println!("{} report(s) with answers to resolve", found.len());
    Ok(())
}
