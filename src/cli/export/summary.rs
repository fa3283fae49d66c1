//! `canary export summary --from YYYY-MM --to YYYY-MM [--substance CODE]
//! --out FILE.pdf|.csv`: the periodic summary written to a file, the format
//! chosen by the extension, and the export recorded in the audit trail.

use std::path::PathBuf;

use anyhow::{bail, Context};
use diesel::Connection;

use crate::analysis::{summary, summary_out};
use crate::audit::{self, Actor, Event};
use crate::config::Config;

pub fn run(from: &str, to: &str, substance: &str, out: &PathBuf) -> anyhow::Result<()> {
    let period = summary::Period::parse(from, to, substance).map_err(|e| {
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
    crate::cli::require_database(&config.database)?;
    let mut conn = crate::db::connect(&config.database)?;
    crate::keyfile::load(&config, &mut conn)?;
    let s = summary::load(&mut conn, &period)?;
    let body = if format == "pdf" {
        summary_out::pdf(&s)
    } else {
        summary_out::csv(&s)?
    };
    std::fs::write(out, body).with_context(|| format!("writing {}", out.display()))?;
    let event = Event::new("summary_exported", "analysis", None).change(
        format,
        None,
        Some(&period.describe()),
    );
    conn.transaction(|c| audit::append(c, &Actor::cli(), event).map(|_| ()))?;
    eprintln!(
        "export: summary {} ({} reports, {} serious cases) written to {}",
        period.describe(),
        s.total,
        s.cases.len(),
        out.display()
    );
    Ok(())
}
