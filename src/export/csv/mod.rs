//! The analyst CSV export (issue 5): tidy long tables (`reports.csv`,
//! `products.csv`, `reactions.csv`, `followups.csv`, `causality.csv`,
//! `signals.csv`), a codebook and a
//! SHA-256 manifest in one ZIP, streamed from the database in constant
//! memory; and the CAERS-shaped CSV. Columns come only from the explicit
//! allow-lists in [`reports_table`] and [`child_tables`]; the
//! [`profile`] decides which of them and how generalised.

pub mod archive;
pub mod caers;
pub mod causality_table;
pub mod cell;
pub mod child_tables;
pub mod codebook;
pub mod columns;
pub mod download;
pub mod manifest;
pub mod profile;
pub mod reaction_lines;
pub mod reports_table;
pub mod request;
pub mod signals_table;
pub mod zip;

pub use profile::Profile;
pub use request::{Request, TableFile};

/// Writing a file of the export failed (the database aside: see
/// [`archive::ExportError`]).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] ::csv::Error),
}
