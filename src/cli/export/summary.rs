//! `canary export summary --from YYYY-MM --to YYYY-MM [--substance CODE]
//! --out FILE.pdf|.csv`: the periodic summary written to a file, the format
//! chosen by the extension, and the export recorded in the audit trail.

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::analysis::periodic::Period;
use crate::analysis::{summary, summary_out};
use crate::audit::Actor;
use crate::cli::block_on;
use crate::config::Config;

pub fn run(from: &str, to: &str, substance: &str, out: &PathBuf) -> anyhow::Result<()> {
    let period = Period::parse(from, to, substance).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            e.iter()
                .map(|e| format!("--{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("pdf") => "pdf",
        Some("csv") => "csv",
        _ => bail!("--out must end in .pdf or .csv"),
    };
    let config = Config::from_env()?;
    let db = crate::install::open_existing(&config)?;
    let s = block_on(summary::export(&db, &Actor::cli(), period, format))??;
    let body = if format == "pdf" {
        summary_out::pdf(&s)
    } else {
        summary_out::csv(&s)?
    };
    std::fs::write(out, body).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "export: summary {} ({} reports, {} serious cases) written to {}",
        s.period.describe(),
        s.total,
        s.cases.len(),
        out.display()
    );
    Ok(())
}
