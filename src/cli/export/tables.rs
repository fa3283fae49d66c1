//! `canary export csv` writes the analyst ZIP, `canary export caers` the
//! CAERS-shaped CSV; each shows a progress bar on stderr, is audited as the
//! CLI actor and exits non-zero with a clear message on any error.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::audit::Actor;
use crate::cli::block_on;
use crate::config::Config;
use crate::db::Db;
use crate::export::csv::download::{self, AdminsOnly};
use crate::export::csv::{archive, caers, Profile, Request, TableFile};
use crate::export::filter::AnalysisFilter;
use crate::form::RawForm;

/// The analysis filter as options (the same as the web form's fields).
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// First day (or month) received, YYYY-MM-DD or YYYY-MM.
    #[arg(long, value_name = "YYYY-MM[-DD]")]
    pub from: Option<String>,
    /// Last day (or month) received, YYYY-MM-DD or YYYY-MM.
    #[arg(long, value_name = "YYYY-MM[-DD]")]
    pub to: Option<String>,
    /// Substance code (e.g. kratom_leaf, 7oh).
    #[arg(long, value_name = "CODE")]
    pub substance: Option<String>,
    /// serious, not_serious or an outcome code (e.g. death).
    #[arg(long)]
    pub seriousness: Option<String>,
    /// A status code (default: every counted status).
    #[arg(long)]
    pub status: Option<String>,
}

impl FilterArgs {
    /// The typed filter, or every problem named.
    pub fn parse(&self) -> anyhow::Result<AnalysisFilter> {
        let mut form = RawForm::default();
        for (name, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("substance", &self.substance),
            ("seriousness", &self.seriousness),
            ("status", &self.status),
        ] {
            if let Some(v) = value {
                form.set(name, v.as_str());
            }
        }
        let (filter, errors) = AnalysisFilter::parse(&form);
        if !errors.is_empty() {
            let problems: Vec<String> = errors
                .iter()
                .map(|e| format!("--{}: {}", e.field, e.message))
                .collect();
            anyhow::bail!("{}", problems.join("; "));
        }
        Ok(filter)
    }
}

pub fn parse_profile(v: &str) -> Result<Profile, String> {
    Profile::parse(v).ok_or_else(|| "choose safe-harbor or case-processing".to_owned())
}

/// A progress bar of reports done per table.
fn bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} reports ({per_sec}, {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Create `path` (never over an existing directory) for writing.
fn create(path: &Path) -> anyhow::Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(256 * 1024, file))
}

/// Open the database and begin the download of `file` (recorded as the
/// command line, which may have every profile).
fn open(
    file: TableFile,
    profile: Profile,
    filter: AnalysisFilter,
) -> anyhow::Result<(Db, Request)> {
    let config = Config::from_env()?;
    let db = crate::install::open_existing(&config)?;
    let req = block_on(download::start(
        &db,
        &Actor::cli(),
        true,
        file,
        profile,
        filter,
    ))??
    .map_err(|AdminsOnly| anyhow::anyhow!("the case-processing profile is for administrators"))?;
    Ok((db, req))
}

pub fn csv(profile: Profile, out: &Path, filter: AnalysisFilter) -> anyhow::Result<()> {
    let (db, req) = open(TableFile::Analyst, profile, filter)?;
    let file = create(out)?;
    let bar = bar();
    let result = archive::write(&db, &req, file, &mut |table, done, total| {
        bar.set_length(total);
        bar.set_message(table);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let (mut file, members, reports) = match result {
        Ok(done) => done,
        Err(e) => {
            // Leave no half-written archive behind.
            let _ = std::fs::remove_file(out);
            return Err(e).context("export failed");
        }
    };
    file.flush()?;
    for m in &members {
        let rows = m.rows.map(|r| format!("{r} rows")).unwrap_or_default();
        eprintln!("export: {:<14} {rows}", m.file);
    }
    println!(
        "exported reports={reports} profile={} out={}",
        profile.code(),
        out.display()
    );
    Ok(())
}

pub fn caers(profile: Profile, out: &Path, filter: AnalysisFilter) -> anyhow::Result<()> {
    let (db, req) = open(TableFile::Caers, profile, filter)?;
    let file = create(out)?;
    let bar = bar();
    let result = caers::write(&db, &req, file, &mut |table, done, total| {
        bar.set_length(total);
        bar.set_message(table);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let (mut file, rows) = match result {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(out);
            return Err(e).context("export failed");
        }
    };
    file.flush()?;
    println!(
        "exported rows={rows} profile={} out={}",
        profile.code(),
        out.display()
    );
    Ok(())
}
