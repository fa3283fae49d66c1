//! The analyst export page (`templates/analysis/export.html`).

use askama::Template;

use super::options::Opt;
use super::report::FormState;
use super::staff::{DynOpt, StaffBar};
use super::Layout;

#[derive(Template)]
#[template(path = "analysis/export.html")]
pub struct ExportPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    pub substances: &'static [Opt],
    pub statuses: &'static [Opt],
    pub seriousness: Vec<DynOpt>,
    /// The profiles this person may choose.
    pub profiles: Vec<DynOpt>,
    /// Whether only administrators may export the case-processing profile.
    pub admin_only: bool,
    pub is_admin: bool,
    pub saved: bool,
}
