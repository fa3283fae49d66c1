//! The poison-center summary and the periodic summary pages at phone and
//! desktop width: every NPDS line is on the page, nothing overflows the
//! viewport, axe-core finds no WCAG 2.1 A/AA violation, and the summary
//! prints on one page; the reviewer saves an NPDS outcome through the form.

use canary::auth::Role;

use super::session::Browser;
use super::test_name;
use crate::helpers::*;
use crate::staff_helpers::{add_user, PASSWORD};

const PHONE: (u32, u32, bool) = (360, 740, true);
const DESKTOP: (u32, u32, bool) = (1280, 900, false);

fn walk(backend: Backend, size: (u32, u32, bool), name: &str) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    add_user(&app.db, "rev@example.org", Role::Admin, PASSWORD);
    let (token, idem) = app.fresh_form();
    let case = app.submit(&full_report(&token, &idem)).0;
    let mut b = Browser::start_sized(&test_name(name, backend), &app.address, true, size);
    b.open("/staff/login", "sign-in");
    b.fill("E-mail address", "rev@example.org");
    b.fill("Password", PASSWORD);
    b.press("Sign in", "staff-home");

    b.open(&format!("/review/{case}/poison-center"), "poison-center");
    let text = b.page_text();
    for line in [
        "Reason for exposure",
        "Chronicity",
        "Duration of effects",
        "Level of care",
        "Medical outcome (NPDS)",
        "Co-exposures",
    ] {
        assert!(text.contains(line), "{line} on the page");
    }
    // Printed from the browser, the summary is one page.
    let printed = crate::export_medwatch::pdf_text(&b.print_pdf());
    let pages = printed.matches('\u{c}').count();
    assert_eq!(
        pages, 1,
        "the printed summary takes {pages} pages:\n{printed}"
    );
    assert!(
        printed.contains("Medical outcome (NPDS)") && !printed.contains("Save NPDS coding"),
        "{printed}"
    );
    b.select("Medical outcome (NPDS scale)", "Moderate effect");
    b.press("Save NPDS coding", "poison-center-coded");
    assert!(b.text_of("coded").contains("saved"));
    assert!(b.page_text().contains("Moderate effect (set by a reviewer"));

    let month = chrono::Utc::now().format("%Y-%m").to_string();
    b.open(
        &format!("/analysis/summary?from={month}&to={month}"),
        "periodic-summary",
    );
    assert!(b.page_text().contains(&case), "the serious case is listed");
    // The dashboard's disproportionality table, IC columns included.
    b.open("/analysis", "dashboard");
    assert!(b.page_text().contains("IC 95 % credibility interval"));
    b.finish();
}

both_backends! {
    summaries_at_phone_width => |backend| walk(backend, PHONE, "summaries-phone");
    summaries_at_desktop_width => |backend| walk(backend, DESKTOP, "summaries-desktop");
}
