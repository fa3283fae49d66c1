//! `canary rescrub [--all]`: re-run the current identifier scrubber over stored free text
//! (see `crate::rescrub`). The last line on stdout is
//! `rescrubbed reports=N changed=M removed=K <kind>=<count>…`; no removed text is printed.

use crate::audit::Actor;
use crate::config::Config;

pub fn run(all: bool) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let db = crate::install::open_existing(&config)?;
    let outcome = crate::rescrub::run(&db, &Actor::cli(), all)?;
    println!("{}", outcome.line());
    Ok(())
}
