//! Pages of the per-case printables: the MedWatch answer sheet, the
//! poison-center summary, its send confirmation, and the admin's
//! poison-center address setting.

use askama::Template;

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
