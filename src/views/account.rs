//! Pages of a staff member's own account and of the second sign-in step,
//! and the QR code drawn on the server as inline SVG (no script, no image
//! request).

use askama::Template;

use super::report::FormState;
use super::staff::StaffBar;
use super::Layout;
use crate::auth::totp::Secret;

/// What a person setting up two-step sign-in is shown.
pub struct Setup {
    /// The secret in groups of four, for typing into an app.
    pub grouped: String,
    /// The `otpauth://` URI as an inline SVG QR code (built here, from our
    /// own URI: safe to insert unescaped).
    pub qr_svg: String,
}

impl Setup {
    pub fn new(secret: &Secret, email: &str) -> Self {
        Self {
            grouped: secret.grouped(),
            qr_svg: qr_svg(&secret.uri(email)).unwrap_or_default(),
        }
    }
}

/// An SVG QR code of `text`, without the XML declaration (it sits in HTML).
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code.render::<svg::Color>().min_dimensions(200, 200).build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen(
        "<svg ",
        "<svg role=\"img\" aria-label=\"QR code to scan with your authenticator app\" ",
        1,
    ))
}

#[derive(Template)]
#[template(path = "staff/account.html")]
pub struct AccountPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub f: FormState,
    /// A change that just succeeded.
    pub notice: Option<&'static str>,
    /// The role requires two-step sign-in and it is not set up yet.
    pub must_enrol: bool,
    /// The role requires two-step sign-in.
    pub required: bool,
    pub totp_on: bool,
    /// Set while the person is setting it up.
    pub setup: Option<Setup>,
}

#[derive(Template)]
#[template(path = "staff/login_code.html")]
pub struct LoginCodePage {
    pub layout: Layout,
    pub f: FormState,
    pub message: Option<&'static str>,
}
