//! Browser end-to-end tests: real headless Chromium driven through
//! chromedriver (started by the test on a free port), walking the site as a
//! reporter and as a reviewer on a 360×740 phone viewport, with
//! JavaScript on and off, and as a reviewer and an analyst on a 1280×900
//! desktop; axe-core checks every page at WCAG 2.1 A/AA.
//! Screenshots: target/browser-artifacts/<test>/NN-step.png, and the
//! README's at the key steps of each role's walk (see `guide`).

mod analyst;
mod axe;
mod case_story;
mod driver;
mod every_control;
mod guide;
mod public_data;
mod reporter;
mod reporter_es;
mod reviewer;
mod session;
mod summaries;

use crate::helpers::Backend;

/// The artifact folder name of a walk on a backend.
fn test_name(walk: &str, backend: Backend) -> String {
    let db = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    format!("{walk}-{db}")
}

const BAD_PAGE: &str = "data:text/html,<!doctype html><html lang=en><head><title>Bad</title>\
    <meta name=viewport content='width=device-width, initial-scale=1'></head>\
    <body><main><h1>Bad page</h1><p style='color:%23bbb'>Faint text</p>\
    <input type=text name=age></main></body></html>";

/// The checker itself: a page with an unlabelled field and low-contrast
/// text must be reported, or a clean walk would prove nothing.
#[test]
fn axe_reports_violations() {
    let mut b = session::Browser::start("axe-self-check", "", true);
    b.open(BAD_PAGE, "bad-page");
    let found = b.violations().join("\n");
    assert!(
        found.contains("label ("),
        "unlabelled field reported: {found}"
    );
    assert!(
        found.contains("color-contrast ("),
        "low contrast reported: {found}"
    );
}

/// The same with page scripts blocked, as in the walks without JavaScript.
#[test]
fn axe_reports_violations_without_javascript() {
    let mut b = session::Browser::start("axe-self-check-nojs", "", false);
    assert!(!b.page_scripts_run(), "page scripts are blocked");
    b.open(BAD_PAGE, "bad-page");
    let found = b.violations().join("\n");
    assert!(
        found.contains("label ("),
        "unlabelled field reported: {found}"
    );
}

/// The screenshot check refuses a blank page: a walk's picture must show
/// the page, or a broken page would pass for one.
#[test]
fn guide_shot_refuses_a_blank_page() {
    let mut b = session::Browser::start("guide-self-check", "", false);
    b.open(
        "data:text/html,<!doctype html><html lang=en><head><title>Blank</title>\
         <meta name=viewport content='width=device-width, initial-scale=1'></head></html>",
        "blank",
    );
    let shot = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| b.guide_shot("blank")));
    let message = shot.expect_err("a blank page is refused");
    let message = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("a blank page?"), "{message}");
}
