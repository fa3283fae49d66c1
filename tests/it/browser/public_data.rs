//! The public data page in Chromium for a generated database, at phone
//! width and on a tall desktop window (the whole page in one screenshot):
//! no sign-in, nothing overflows, axe-core finds no WCAG 2.1 A/AA
//! violation, with page scripts off. The screenshot path is printed; the
//! phone's on SQLite is the README's.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;

use super::session::Browser;
use super::test_name;
use crate::helpers::*;
use crate::staff_helpers::{canary, text};

const PHONE: (u32, u32, bool) = (360, 740, true);
const TALL_DESKTOP: (u32, u32, bool) = (1280, 9600, false);

fn screenshot(test: &str, file: &str) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("browser-artifacts")
        .join(test)
        .join(file)
}

fn walk(backend: Backend, size: (u32, u32, bool), name: &str) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let out = canary(
        &app.db,
        &["generate", "--reports", "1500", "--seed", "19"],
        "",
    );
    assert!(out.status.success(), "generate: {}", text(&out.stderr));
    // As generated, every report is synthetic, so the page counts none.
    assert!(app
        .get("/data")
        .body
        .contains("No reports have been reviewed yet."));
    // For the picture, count the generated reports as if they were real.
    app.db
        .connect()
        .batch_execute("UPDATE reports SET synthetic = false")
        .unwrap();

    let test = test_name(name, backend);
    let mut b = Browser::start_sized(&test, &app.address, false, size);
    b.draws_the_guide(size == PHONE && backend == Backend::Sqlite);
    b.open("/data", "public-data");
    let shown = b.page_text();
    assert!(shown.contains("reports are counted."), "{shown}");
    if size == PHONE {
        b.scroll_to("(//section[contains(@class, 'data-table')])[1]");
        b.guide_shot("public-data");
    }
    assert!(shown.contains("How small numbers are hidden"));
    assert!(shown.contains("Download “Reports by state or region” as CSV"));
    b.finish();
    let png = screenshot(&test, "01-public-data.png");
    assert!(png.exists(), "{}", png.display());
    println!("public data screenshot: {}", png.display());
}

both_backends! {
    public_data_at_phone_width => |backend| walk(backend, PHONE, "public-data-phone");
    public_data_whole_page_on_desktop => |backend| walk(backend, TALL_DESKTOP, "public-data-desktop");
}
