//! `canary export e2b --out FILE.xml [--case CASE…]` and `canary export
//! fhir --version r4|r5 --out FILE.json [--case CASE…]`: the same files as
//! the reviewers' downloads (checked against the FDA rules, audited as the
//! command line), for every assessed case when no case is named. A case
//! that fails a rule is left out and listed (case, element, rule, reason);
//! the command exits non-zero only when nothing could be written.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};
use diesel::Connection;

use crate::audit::Actor;
use crate::config::Config;
use crate::db::{self, interchange};
use crate::export::deliver::{self, Delivery, Format};
use crate::review::workflow::looks_like_case_number;

pub fn run(format: Format, out: PathBuf, cases: Vec<String>) -> anyhow::Result<()> {
    if let Some(bad) = cases.iter().find(|c| !looks_like_case_number(c)) {
        bail!("{bad:?} is not a case number");
    }
    let config = Config::from_env()?;
    crate::cli::require_database(&config.database)?;
    let mut conn = db::connect(&config.database)?;
    crate::keyfile::load(&config, &mut conn)?;
    let cases = if cases.is_empty() {
        interchange::assessed_cases(&mut conn)?
    } else {
        cases
    };
    if cases.is_empty() {
        bail!("no assessed case to export; name cases with --case");
    }
    let settings = config.e2b.clone();
    let delivery =
        conn.transaction(|conn| deliver::deliver(conn, &Actor::cli(), &cases, format, &settings))?;
    match delivery {
        Delivery::File { bytes, refused } => {
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            for (case, f) in &refused {
                eprintln!(
                    "refused {case}: {} (FDA rule {}): {}",
                    f.element, f.rule, f.message
                );
            }
            let mut left_out: Vec<&str> = refused.iter().map(|(c, _)| c.as_str()).collect();
            left_out.dedup();
            eprintln!(
                "export: {} case(s) written to {} as {}; {} refused",
                cases.len() - left_out.len(),
                out.display(),
                format.code(),
                left_out.len()
            );
            Ok(())
        }
        Delivery::NotFound(case) => Err(anyhow!("no case {case}")),
        Delivery::Refused(found) => {
            for (case, f) in &found {
                let case = if case.is_empty() { "batch" } else { case };
                eprintln!("{case}: FDA rule {} ({}): {}", f.rule, f.element, f.message);
            }
            Err(anyhow!(
                "export refused: {} FDA rule(s) failed; no file written",
                found.len()
            ))
        }
    }
}
