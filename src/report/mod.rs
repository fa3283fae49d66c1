//! The report domain: the closed lists of the public form, bounded values,
//! the typed report, and parsing a submitted form into it.

#[macro_use]
pub mod options;
pub mod agreement;
pub mod closed_list;
pub mod completeness;
pub mod countries;
pub mod form;

pub mod model;
pub mod regions;
pub mod stored;
pub mod symptoms;
pub mod values;

pub use model::{NewReport, Product};
