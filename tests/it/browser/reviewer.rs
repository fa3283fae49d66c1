//! The reviewer's walk: sign in, open the queue and the case, take it into
//! review and assign it, code the reactions, assess causality, confirm
//! seriousness, mark it assessed, record that it was forwarded, and open or
//! download every per-case export. Each step is one line in `walk`. On a
//! phone with JavaScript on and off, and on a 1280×900 desktop, whose walk
//! on SQLite draws the README's reviewer screenshots.

use canary::auth::Role;

use super::session::{fieldset, lit, panel, Browser, STAFF_BAR};
use super::test_name;
use crate::export_e2b::e2b_env;
use crate::helpers::*;
use crate::staff_helpers::{add_user, PASSWORD};

const EMAIL: &str = "reviewer@example.org";
const STATUS: &str = "Change the status";
const SERIOUSNESS: &str = "Confirm seriousness (ICH E2A)";
const REPORT_TYPE: &str = "FDA report type";

const PHONE: (u32, u32, bool) = (360, 740, true);
const DESKTOP: (u32, u32, bool) = (1280, 900, false);

fn walk(backend: Backend, javascript: bool, size: (u32, u32, bool)) {
    let Some(app) = TestApp::spawn_with(backend, e2b_env) else {
        return;
    };
    add_user(&app.db, EMAIL, Role::Reviewer, PASSWORD);
    let (token, idem) = app.fresh_form();
    let case = app.submit(&full_report(&token, &idem)).0;
    let desktop = size == DESKTOP;
    let name = match (javascript, desktop) {
        (true, false) => "reviewer",
        (false, false) => "reviewer-nojs",
        (true, true) => "reviewer-desktop",
        (false, true) => "reviewer-desktop-nojs",
    };
    let mut b = Browser::start_sized(&test_name(name, backend), &app.address, javascript, size);
    b.draws_the_guide(javascript && desktop && backend == Backend::Sqlite);

    sign_in(&mut b);
    open_case(&mut b, &case);
    set_status(
        &mut b,
        "In review",
        "Read the report; starting the review.",
        &[],
    );
    assign_to_me(&mut b);
    code_reactions(&mut b, &case);
    assess_causality(&mut b, &case);
    confirm_seriousness(&mut b);
    decide_report_type(&mut b);
    set_status(
        &mut b,
        "Assessed",
        "Coded, causality assessed, seriousness confirmed.",
        &[],
    );
    forward(&mut b);
    exports(&mut b, &case);
    b.finish();
}

fn sign_in(b: &mut Browser) {
    b.open("/staff/login", "sign-in");
    b.fill("E-mail address", EMAIL);
    b.fill("Password", PASSWORD);
    b.press("Sign in", "staff-home");
    assert_eq!(b.h1(), "Staff home");
}

fn open_case(b: &mut Browser, case: &str) {
    b.follow_in_bar("Triage queue", "queue");
    assert_eq!(b.h1(), "Triage queue");
    b.scroll_to(STAFF_BAR);
    b.guide_shot("reviewer-queue");
    b.follow(case, "case");
    assert_eq!(b.h1(), format!("Case {case}"));
    b.scroll_to(STAFF_BAR);
    b.guide_shot("reviewer-case");
}

/// Move the case to `to` with a reason, filling `extra` fields (label, value).
fn set_status(b: &mut Browser, to: &str, reason: &str, extra: &[(&str, &str)]) {
    let p = panel(STATUS);
    b.select_in(&p, "New status", to);
    b.fill_in(&p, "Reason", reason);
    for (label, value) in extra {
        b.fill_in(&p, label, value);
    }
    let step = format!("case-{}", to.to_lowercase().replace(' ', "-"));
    b.press_in(&p, "Change status", &step);
    assert_eq!(b.text_of("case-status"), to);
}

fn assign_to_me(b: &mut Browser) {
    let p = panel("Assignment");
    b.select_in(&p, "Assigned to", &format!("{EMAIL} (me)"));
    b.press_in(&p, "Save assignment", "case-assigned");
    assert_eq!(b.text_of("assigned"), EMAIL);
}

fn code_reactions(b: &mut Browser, case: &str) {
    b.follow("Code the reactions", "reactions");
    b.scroll_to(STAFF_BAR);
    b.guide_shot("reviewer-coding");
    b.fill(
        "Why you are saving this coding",
        "Suggestions checked against the narrative.",
    );
    b.press("Save coding", "reactions-saved");
    assert!(b.page_text().contains("The coding was saved."));
    assert!(b.text_of("coded-reactions").contains("Seizure"));
    b.follow(&format!("Back to case {case}"), "case-after-coding");
}

fn assess_causality(b: &mut Browser, case: &str) {
    b.follow("Causality (WHO-UMC and Naranjo)", "causality");
    b.select("Which event you assessed", "Seizure");
    b.choose("WHO-UMC category", "Possible");
    b.choose(
        "2. Did the problem begin only after the person had taken the product?",
        "Yes",
    );
    b.choose(
        "5. Could something other than the product, such as an illness or another substance, account for the problem by itself?",
        "Don't know",
    );
    b.fill(
        "Your rationale",
        "Seizure after stopping; benzodiazepines were also used.",
    );
    b.scroll_to(&fieldset("WHO-UMC category"));
    b.guide_shot("reviewer-causality");
    b.press("Save assessment", "causality-saved");
    assert!(b.page_text().contains("The assessment was saved."));
    b.follow(&format!("Back to case {case}"), "case-after-causality");
}

fn confirm_seriousness(b: &mut Browser) {
    let p = panel(SERIOUSNESS);
    b.tick_in(&p, "Criteria met", "Hospitalisation");
    b.untick_in(
        &p,
        "Criteria met",
        "Other serious (important medical event)",
    );
    b.fill_in(&p, "Reason", "Two nights in hospital after a seizure.");
    b.press_in(&p, "Confirm seriousness", "case-seriousness-confirmed");
    assert!(b
        .text_of("case-tags")
        .contains("Hospitalisation (confirmed)"));
}

/// The proposal (15-day: the case is serious) is preselected; the
/// reviewer confirms it.
fn decide_report_type(b: &mut Browser) {
    let p = panel(REPORT_TYPE);
    assert!(b.text_of("report-type-state").starts_with("Not decided"));
    assert!(b.is_checked_in(
        &p,
        "Does this case go to FDA as a 15-day report?",
        "15-day expedited report"
    ));
    b.press_in(&p, "Record the report type", "case-report-type-decided");
    assert!(b
        .text_of("report-type-state")
        .starts_with("Decided: 15-day expedited report"));
}

fn forward(b: &mut Browser) {
    set_status(
        b,
        "Forwarded",
        "Serious case: sent to MedWatch.",
        &[
            ("Sent to (for “Forwarded”)", "FDA MedWatch"),
            ("Day it was sent", "2026-01-15"),
            ("Their reference number (if any)", "MW-12345"),
        ],
    );
    assert!(b.text_of("forwards").contains("To FDA MedWatch"));
}

/// The forms and sheets a reviewer sends on: two pages read in the
/// browser, then each download fetched in the signed-in session.
fn exports(b: &mut Browser, case: &str) {
    b.follow("MedWatch answer sheet (Form 3500B)", "medwatch-3500b");
    assert!(b.page_text().contains(case), "the sheet names the case");
    b.scroll_to("//h1");
    b.guide_shot("reviewer-medwatch");
    b.follow(&format!("← Case {case}"), "case-after-medwatch");
    b.follow("Poison-center summary", "poison-center");
    assert!(b.page_text().contains(case), "the summary names the case");
    b.follow(&format!("← Case {case}"), "case-after-poison-center");

    let xml = b.download("Download E2B(R3) XML");
    assert_eq!(xml.status, 200, "E2B download: {}", xml.body);
    assert!(
        xml.content_type.contains("xml"),
        "E2B content type {}",
        xml.content_type
    );
    assert!(xml.body.contains("<MCCI_IN200100UV01") && xml.body.contains(case));
    let json = b.download("Download FHIR R4 Bundle");
    assert_eq!(json.status, 200, "FHIR download: {}", json.body);
    assert!(
        json.content_type.contains("json"),
        "FHIR content type {}",
        json.content_type
    );
    let bundle: serde_json::Value = serde_json::from_str(&json.body).expect("FHIR JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert!(json.body.contains(case), "the bundle names the case");
    for sheet in [
        "MedWatch answer sheet (Form 3500B)",
        "Poison-center summary",
    ] {
        let xpath = format!("//main//li[a[normalize-space()={}]]", lit(sheet));
        let pdf = b.download_in(&xpath, "PDF");
        assert_eq!(
            (pdf.status, pdf.content_type.as_str()),
            (200, "application/pdf"),
            "{sheet} PDF"
        );
        assert!(pdf.body.starts_with("%PDF-"), "{sheet} PDF is a PDF");
    }
}

both_backends! {
    reviewer_walk => |backend| walk(backend, true, PHONE);
    reviewer_walk_without_javascript => |backend| walk(backend, false, PHONE);
    reviewer_walk_on_desktop => |backend| walk(backend, true, DESKTOP);
}
