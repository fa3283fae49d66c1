//! `canary export e2b --out FILE.xml [--case CASE…]` and `canary export
//! fhir --version r4|r5 --out FILE.json [--case CASE…]`: the same files as
//! the reviewers' downloads (checked against the FDA rules, audited as the
//! command line), for every assessed case when no case is named. A case
//! that fails a rule is left out and listed (case, element, rule, reason);
//! the command exits non-zero only when nothing could be written.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};

use crate::audit::Actor;
use crate::cli::block_on;
use crate::config::Config;
use crate::export::deliver::{self, Delivery, Format, Refusals};
use crate::ids::CaseNumber;

pub fn run(format: Format, out: PathBuf, cases: Vec<String>) -> anyhow::Result<()> {
    let mut named = Vec::with_capacity(cases.len());
    for c in &cases {
        let Some(case) = CaseNumber::exact(c) else {
            bail!("{c:?} is not a case number");
        };
        named.push(case);
    }
    let config = Config::from_env()?;
    let db = crate::install::open_existing(&config)?;
    let cases = if named.is_empty() {
        block_on(deliver::assessed_cases(&db))??
    } else {
        named
    };
    if cases.is_empty() {
        bail!("no assessed case to export; name cases with --case");
    }
    let delivery = block_on(deliver::deliver(
        &db,
        &Actor::cli(),
        cases.clone(),
        format,
        config.e2b.clone(),
        Refusals::WriteTheRest,
    ))??;
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
        // `deliver` writes the cases that pass; it never asks first.
        Delivery::PartlyRefused { .. } => Err(anyhow!("export stopped before writing")),
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
