//! `canary review contradictions`: list stored reports whose answers
//! disagree (case number and which disagreement, never free text), so a
//! reviewer can resolve them. It reads only; nothing is changed.

use clap::Subcommand;

use crate::config::Config;
use crate::report::agreement;
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
    let db = super::open_existing(&config)?;
    let mut conn = db.conn()?;
    let mut cases = 0;
    for case in crate::db::reports::case_numbers(&mut conn)? {
        let Some(stored) = crate::db::reports::load_by_case(&mut conn, &case)? else {
            continue;
        };
        let found = agreement::check(&stored.report);
        for f in &found {
            println!("{case}\t{}\t{}", f.what.code(), f.what.label());
        }
        cases += usize::from(!found.is_empty());
    }
    println!("{cases} report(s) with answers to resolve");
    Ok(())
}
