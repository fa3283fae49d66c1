//! Pages of the password reset: ask for a link, "check your e-mail",
//! choose a new password, done, and the page for a dead link.

use askama::Template;

use super::report::FormState;
use super::Layout;

#[derive(Template)]
#[template(path = "staff/password/forgot.html")]
pub struct ForgotPage {
    pub layout: Layout,
    pub f: FormState,
}

/// The same page whether or not the address has an account.
#[derive(Template)]
#[template(path = "staff/password/sent.html")]
pub struct SentPage {
    pub layout: Layout,
    pub minutes: i64,
}

#[derive(Template)]
#[template(path = "staff/password/reset.html")]
pub struct ResetPage {
    pub layout: Layout,
    pub f: FormState,
    /// The form's own address (it holds the token).
    pub action: String,
}

#[derive(Template)]
#[template(path = "staff/password/done.html")]
pub struct DonePage {
    pub layout: Layout,
}

#[derive(Template)]
#[template(path = "staff/password/invalid.html")]
pub struct InvalidLinkPage {
    pub layout: Layout,
    pub minutes: i64,
}
