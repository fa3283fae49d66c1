//! `canary generate --reports N [--seed S] [--year-from YYYY]
//! [--lot-cluster LOT:N] [--seller-cluster NAME:N]`: fill the configured
//! database with synthetic reports (see `crate::generate`).
//! Progress goes to stderr every 10 %; the last line on stdout is
//! `generated=N seconds=S rate=R/s`.

use crate::config::Config;
use crate::db::Db;
use crate::generate::{self, Clusters, Options};

pub fn run(
    reports: u64,
    seed: Option<u64>,
    year_from: Option<i32>,
    clusters: Clusters,
) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let db = Db::open(&config.database, 1)?;
    crate::keyfile::load_for(&config)?;
    let seed = seed.unwrap_or_else(rand::random);
    eprintln!("generate: {reports} synthetic reports, seed {seed}");
    let mut shown = 0;
    let options = Options {
        reports,
        seed,
        year_from,
        clusters,
    };
    let summary = generate::run(&db, &options, |done, total, seconds| {
        let tenth = done * 10 / total.max(1);
        if tenth > shown {
            shown = tenth;
            eprintln!(
                "generate: {:>3} % ({done} of {total} reports, {seconds:.1} s)",
                tenth * 10
            );
        }
    })?;
    eprintln!(
        "generate: {:.1} s of {:.1} s spent writing",
        summary.writing, summary.seconds
    );
    let rate = summary.generated as f64 / summary.seconds.max(1e-9);
    println!(
        "generated={} seconds={:.1} rate={rate:.0}/s",
        summary.generated, summary.seconds
    );
    Ok(())
}
