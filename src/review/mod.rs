//! The reviewers' side of a case: the triage queue, the status workflow and
//! what reviewers add to a case (assignment, notes, confirmed seriousness,
//! forwarding). Rules live here; `db::review` stores them and `web::review`
//! renders them. Every change is written with its audit event in one
//! transaction (`actions`).

pub mod actions;
pub mod completeness;
pub mod queue;
pub mod staff_text;
pub mod workflow;

pub use staff_text::StaffText;
