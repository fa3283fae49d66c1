//! The story of a case in the browser: an admin reviewer codes a case's
//! reactions and assesses causality, links a second report to it as a
//! duplicate, the duplicate's reporter adds a follow-up, and the master's
//! History and follow-ups show it all; then the audit page, filtered to the
//! case, lists the same events. Each step is one line in `walk`.

use canary::auth::Role;

use super::session::{panel, Browser};
use super::test_name;
use crate::case_story::add_followup;
use crate::helpers::*;
use crate::staff_helpers::{add_user, PASSWORD};

const EMAIL: &str = "lead@example.org";
const FOLLOWUP: &str = "His heart rate was 150 at the clinic the next day.";

fn walk(backend: Backend, javascript: bool) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    add_user(&app.db, EMAIL, Role::Admin, PASSWORD);
    let (token, idem) = app.fresh_form();
    let master = app.submit(&full_report(&token, &idem)).0;
    let (token, idem) = app.fresh_form();
    let (dup, code) = app.submit(&full_report(&token, &idem));
    let name = if javascript {
        "case-story"
    } else {
        "case-story-nojs"
    };
    let mut b = Browser::start(&test_name(name, backend), &app.address, javascript);

    sign_in(&mut b);
    b.open(&format!("/review/{master}"), "master");
    code_reactions(&mut b, &master);
    assess_causality(&mut b, &master);
    link_duplicate(&mut b, &dup, &master);
    let added = add_followup(&app, &dup, &code, FOLLOWUP);
    assert_eq!(added.status, 200, "{}", added.body);
    master_tells_the_story(&mut b, &master, &dup);
    audit_page(&mut b, &master, &dup);
    b.finish();
}

fn sign_in(b: &mut Browser) {
    b.open("/staff/login", "sign-in");
    b.fill("E-mail address", EMAIL);
    b.fill("Password", PASSWORD);
    b.press("Sign in", "staff-home");
}

fn code_reactions(b: &mut Browser, case: &str) {
    b.follow("Code the reactions", "reactions");
    b.fill(
        "Why you are saving this coding",
        "Suggestions checked against the narrative.",
    );
    b.press("Save coding", "reactions-saved");
    b.follow(&format!("Back to case {case}"), "case-after-coding");
}

fn assess_causality(b: &mut Browser, case: &str) {
    b.follow("Causality (WHO-UMC and Naranjo)", "causality");
    b.select("Which event you assessed", "Seizure");
    b.choose("WHO-UMC category", "Possible");
    b.fill(
        "Your rationale",
        "Seizure after stopping; benzodiazepines were also used.",
    );
    b.press("Save assessment", "causality-saved");
    b.follow(&format!("Back to case {case}"), "case-after-causality");
}

fn link_duplicate(b: &mut Browser, dup: &str, master: &str) {
    b.open(&format!("/review/{dup}"), "duplicate");
    assert!(b
        .text_of("duplicate-candidates")
        .contains("One possible duplicate"));
    b.follow("compare and decide", "duplicates");
    // The option reads "CASE (score 0.93)": find it by its case number.
    let options = b.script(
        "return Array.from(document.querySelectorAll('#f-other option')).map(o => o.textContent.trim());",
    );
    let option = options
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o.as_str())
        .find(|o| o.starts_with(master))
        .unwrap_or_else(|| panic!("{master} is not a candidate: {options}"))
        .to_owned();
    b.select("Candidate case", &option);
    b.choose(
        "Your decision",
        "It is a duplicate: link this report to the chosen case",
    );
    b.fill("Why", "Same product, onset and story.");
    b.press("Save decision", "duplicate-linked");
    assert!(b.text_of("duplicate-of").contains(master));
}

fn master_tells_the_story(b: &mut Browser, master: &str, dup: &str) {
    b.follow(master, "master-with-duplicate");
    assert!(b.text_of("linked-duplicates").contains(dup));
    assert!(b.text_of("new-information").contains(dup));
    let followups = b.text_of("followups");
    assert!(
        followups.contains(FOLLOWUP) && followups.contains(&format!("duplicate {dup}")),
        "{followups}"
    );
    let history = b.text_of("history");
    for words in [
        "Coded a reaction: Seizure",
        "Assessed causality: WHO-UMC Possible",
        &format!("The reporter of duplicate {dup} added a follow-up"),
    ] {
        assert!(history.contains(words), "{words} missing from {history}");
    }
    assert!(!history.contains("Opened the case"));
    assert!(b.text_of("views").contains(EMAIL));
    let p = panel("Add an internal note");
    b.fill_in(&p, "Note", "Follow-up from the duplicate read.");
    b.press_in(&p, "Add note", "master-note");
}

fn audit_page(b: &mut Browser, master: &str, dup: &str) {
    b.follow_in_bar("Audit trail", "audit");
    assert_eq!(b.h1(), "Audit trail");
    b.fill("Case number", master);
    b.press("Show", "audit-case");
    let table = b.text_of("audit");
    for words in [
        "Added a note",
        "Coded a reaction: Seizure",
        "Assessed causality",
        &format!("The reporter of duplicate {dup} added a follow-up"),
    ] {
        assert!(table.contains(words), "{words} missing from {table}");
    }
    let csv = b.download("Download these events as CSV");
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Coded a reaction: Seizure"));
}

both_backends! {
    case_story_walk => |backend| walk(backend, true);
    case_story_walk_without_javascript => |backend| walk(backend, false);
}
