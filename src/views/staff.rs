//! Pages of the staff area: sign-in, the staff home page, account
//! management, notification settings.

use askama::Template;

use super::options::Opt;
use super::report::FormState;
use super::Layout;

#[derive(Template)]
#[template(path = "staff/login.html")]
pub struct LoginPage {
    pub layout: Layout,
    pub f: FormState,
    /// Shown above the form (the same words for every refusal).
    pub message: Option<&'static str>,
}

/// What the signed-in person sees on every staff page.
pub struct StaffBar {
    pub email: String,
    pub role: &'static str,
    pub csrf: String,
    pub can_manage_users: bool,
}

#[derive(Template)]
#[template(path = "staff/home.html")]
pub struct StaffHomePage {
    pub layout: Layout,
    pub bar: StaffBar,
    /// (what, allowed) for every permission.
    pub permissions: Vec<(&'static str, bool)>,
    /// (status label, number of reports) for every status.
    pub counts: Vec<(&'static str, i64)>,
    pub total: i64,
    /// Analyst or admin: link to the analysis dashboard.
    pub can_analyse: bool,
}

pub struct UserLine {
    pub email: String,
    pub role: &'static str,
    pub disabled: bool,
    /// "On", "Being set up" or "Off".
    pub totp: &'static str,
    pub created: String,
}

/// An option built at run time (an account to choose).
pub struct DynOpt {
    pub code: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
pub struct UsersPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub users: Vec<UserLine>,
    /// The three forms' answers and problems (their field names differ).
    pub f: FormState,
    pub notice: Option<&'static str>,
    pub accounts: Vec<DynOpt>,
    pub roles: &'static [Opt],
    pub changes: &'static [Opt],
}

#[derive(Template)]
#[template(path = "staff/notifications.html")]
pub struct NotificationsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    /// The two checkboxes, ticked as stored.
    pub f: FormState,
    pub options: &'static [super::options::Opt],
    pub saved: bool,
}
