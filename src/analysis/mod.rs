//! Analysis of the collected reports: disproportionality statistics
//! ([`signals`]), the dashboard's figures ([`figures`], read by the
//! [`dashboard`] use case) drawn as SVG charts ([`charts`]), and the
//! periodic summary ([`periodic`], read and exported by the [`summary`]
//! use cases, rendered as PDF and CSV by [`summary_out`]).

pub mod charts;
pub mod dashboard;
pub mod figures;
pub mod periodic;
pub mod signals;
pub mod summary;
pub mod summary_out;
