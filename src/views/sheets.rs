//! Pages of the per-case printables: the MedWatch answer sheet, the
//! poison-center summary, its send confirmation, and the admin's
//! poison-center address setting.

use std::sync::LazyLock;

use askama::Template;

use super::options::{of, Opt};
use super::report::FormState;
use super::staff::StaffBar;
use super::Layout;
use crate::export::medwatch::Sheet;
use crate::export::poison::Summary;

#[derive(Template)]
#[template(path = "review/medwatch.html")]
pub struct MedwatchPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub sheet: Sheet,
    pub generated: String,
    /// The other form's code and name, for the switch link.
    pub other: (&'static str, &'static str),
}

#[derive(Template)]
#[template(path = "review/poison_center.html")]
pub struct PoisonPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub summary: Summary,
    /// The configured address; `None` until an admin sets one.
    pub recipient: Option<String>,
    pub sent_to: Option<String>,
    /// The reviewer's NPDS coding as form values ("" keeps the default).
    pub npds: FormState,
    /// Derived reason, chronicity and outcome, named in the hints.
    pub defaults: [String; 3],
    /// Just saved.
    pub coded: bool,
}

/// The NPDS lists, built once for the process.
static NPDS_OPTIONS: LazyLock<[&'static [Opt]; 3]> = LazyLock::new(|| {
    use crate::export::poison::npds::*;
    [of::<Reason>(), of::<Chronicity>(), of::<MedicalOutcome>()]
});

impl PoisonPage {
    pub fn reasons(&self) -> &'static [Opt] {
        NPDS_OPTIONS[0]
    }
    pub fn chronicities(&self) -> &'static [Opt] {
        NPDS_OPTIONS[1]
    }
    pub fn outcomes(&self) -> &'static [Opt] {
        NPDS_OPTIONS[2]
    }
    pub fn hint(&self, i: usize) -> String {
        format!(
            "Leave at Choose… to keep the default derived from the report: {}.",
            self.defaults.get(i).map_or("", String::as_str)
        )
    }
}

#[derive(Template)]
#[template(path = "review/poison_send.html")]
pub struct PoisonSendPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub case_number: String,
    pub recipient: Option<String>,
    pub f: FormState,
    pub text: String,
}

#[derive(Template)]
#[template(path = "staff/poison_center.html")]
pub struct PoisonSettingsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    pub current: Option<String>,
    pub saved: bool,
}
