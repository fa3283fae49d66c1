//! Analysis of the collected reports: disproportionality statistics
//! ([`signals`]), the dashboard's figures ([`dashboard`]) drawn as SVG
//! charts ([`charts`]), and the periodic summary ([`summary`], rendered as
//! PDF and CSV by [`summary_out`]).

pub mod charts;
pub mod dashboard;
pub mod signals;
pub mod summary;
pub mod summary_out;
