//! The analyst's walk on a 1280×900 desktop over generated (synthetic)
//! reports: sign in, open the dashboard from the staff home page, read the
//! charts and the disproportionality table, the periodic summary and the
//! export page; an analyst has no account or audit pages. The walk on
//! SQLite draws the README's analyst screenshots.

use canary::auth::Role;

use super::session::{Browser, STAFF_BAR};
use super::test_name;
use crate::helpers::*;
use crate::staff_helpers::{add_user, canary, text, PASSWORD};

const EMAIL: &str = "analyst@example.org";
const DESKTOP: (u32, u32, bool) = (1280, 900, false);

fn walk(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    add_user(&app.db, EMAIL, Role::Analyst, PASSWORD);
    let out = canary(
        &app.db,
        &["generate", "--reports", "400", "--seed", "23"],
        "",
    );
    assert!(out.status.success(), "generate: {}", text(&out.stderr));
    let mut b = Browser::start_sized(
        &test_name("analyst-desktop", backend),
        &app.address,
        true,
        DESKTOP,
    );
    b.draws_the_guide(backend == Backend::Sqlite);

    b.open("/staff/login", "sign-in");
    b.fill("E-mail address", EMAIL);
    b.fill("Password", PASSWORD);
    b.press("Sign in", "staff-home");
    assert_eq!(b.h1(), "Staff home");
    let bar = b.script("return document.querySelector('nav.staff-bar').textContent;");
    let bar = bar.as_str().unwrap_or_default();
    assert!(bar.contains("(Analyst)"), "{bar}");
    assert!(
        !bar.contains("Accounts") && !bar.contains("Audit trail"),
        "no admin pages offered: {bar}"
    );

    b.follow("Analysis dashboard", "dashboard");
    assert_eq!(b.h1(), "Analysis dashboard");
    let total = b.text_of("analysis-total");
    let counted: u32 = total
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count: {total}"));
    assert!(
        (300..=400).contains(&counted),
        "most generated reports counted: {total}"
    );
    b.scroll_to(STAFF_BAR);
    b.guide_shot("analyst-dashboard");
    b.scroll_to("//table[@id='signals']");
    assert!(b.text_of("signals").contains("Kratom"), "pairs listed");
    b.guide_shot("analyst-signals");

    b.follow("Periodic summary", "periodic-summary");
    assert_eq!(b.h1(), "Periodic summary");
    b.scroll_to(STAFF_BAR);
    b.guide_shot("analyst-summary");

    b.open("/analysis/export", "export");
    assert_eq!(b.h1(), "Export reports for analysis");
    b.scroll_to("//h1");
    b.guide_shot("analyst-export");
    b.finish();
}

both_backends! {
    analyst_walk_on_desktop => walk;
}
