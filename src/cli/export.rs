//! `canary export …`: the exports a reviewer or analyst downloads, written
//! to a file from the command line and audited as the command line:
//! `csv`/`caers` tables ([`tables`]), `e2b`/`fhir` per case
//! ([`interchange`]), `summary` for a period ([`summary`]).

mod interchange;
mod summary;
mod tables;

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use crate::export::csv::Profile;
use crate::export::deliver::Format;
use tables::{parse_profile, FilterArgs};

#[derive(Clone, Copy, ValueEnum)]
pub enum FhirVersion {
    R4,
    R5,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The analyst CSV ZIP: reports, products, reactions and follow-ups
    /// tables, a codebook and a SHA-256 manifest.
    Csv {
        /// De-identification profile.
        #[arg(long, default_value = "safe-harbor", value_parser = parse_profile)]
        profile: Profile,
        /// Where to write the ZIP.
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The CAERS-shaped CSV (FDA's HFCS product-based layout, one row per
    /// product per case; dates MM/YYYY or YYYY by profile).
    Caers {
        #[arg(long, default_value = "safe-harbor", value_parser = parse_profile)]
        profile: Profile,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// ICH E2B(R3) XML with FDA regional elements (one batch file).
    E2b {
        #[arg(long, value_name = "FILE.xml")]
        out: PathBuf,
        /// A case number; repeat for more (default: every assessed case).
        #[arg(long = "case", value_name = "CASE")]
        cases: Vec<String>,
    },
    /// A FHIR AdverseEvent Bundle (JSON).
    Fhir {
        #[arg(long, value_enum)]
        version: FhirVersion,
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
        #[arg(long = "case", value_name = "CASE")]
        cases: Vec<String>,
    },
    /// The periodic summary for whole months, as PDF or CSV.
    Summary {
        /// First month, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
        /// Last month, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        to: String,
        /// Only reports naming this substance (kratom_leaf, kratom_extract, 7oh, other).
        #[arg(long)]
        substance: Option<String>,
        /// Output file; .pdf or .csv.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(command: ExportCommand) -> anyhow::Result<()> {
    match command {
        ExportCommand::Csv {
            profile,
            out,
            filter,
        } => tables::csv(profile, &out, filter.parse()?),
        ExportCommand::Caers {
            profile,
            out,
            filter,
        } => tables::caers(profile, &out, filter.parse()?),
        ExportCommand::E2b { out, cases } => interchange::run(Format::E2b, out, cases),
        ExportCommand::Fhir {
            version,
            out,
            cases,
        } => {
            let format = match version {
                FhirVersion::R4 => Format::FhirR4,
                FhirVersion::R5 => Format::FhirR5,
            };
            interchange::run(format, out, cases)
        }
        ExportCommand::Summary {
            from,
            to,
            substance,
            out,
        } => summary::run(&from, &to, substance.as_deref().unwrap_or(""), &out),
    }
}
