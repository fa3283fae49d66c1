//! The reporter's walk: the whole form filled by its labels, a second
//! product, a refused answer put right without losing the others, the
//! check page, the receipt, and a follow-up added later with its code; and
//! a sparse report whose check page says what is still missing. The walk
//! with JavaScript on SQLite draws the README's reporter screenshots.

use super::session::{fieldset, pair, Browser};
use super::test_name;
use crate::helpers::*;

const MONTH_STOPPED: &str = "If yes, when was it stopped or reduced?";
const BRAND: &str = "Brand and product name (optional)";
const REASONS: &str = "Why was it used? (tick all that apply)";
const SYMPTOMS: &str = "Symptoms (tick all that apply)";
const WITHDRAWAL: &str =
    "Withdrawal symptoms after stopping or cutting down (only if this was withdrawal)";

fn walk(backend: Backend, javascript: bool) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let name = if javascript {
        "reporter"
    } else {
        "reporter-nojs"
    };
    let mut b = Browser::start(&test_name(name, backend), &app.address, javascript);
    b.draws_the_guide(javascript && backend == Backend::Sqlite);
    assert_eq!(
        b.page_scripts_run(),
        javascript,
        "JavaScript on/off as asked"
    );

    b.open("/", "home");
    b.follow("Report a problem", "form");
    about_and_person(&mut b);
    b.scroll_to(&fieldset("Who is filling in this form?"));
    b.guide_shot("reporter-form");
    // A month in the future is refused after the whole form is filled.
    b.fill(MONTH_STOPPED, "2099-01");
    product_one(&mut b);
    b.press("Add another product", "form-second-product");
    assert!(
        b.url().ends_with("#product-1"),
        "the page opens at the new product: {}",
        b.url()
    );
    assert_eq!(
        b.value_in(&fieldset("Product 1"), BRAND),
        "Brand One 7-OH Extra"
    );
    product_two(&mut b);
    what_happened(&mut b);
    b.press("Continue to check your answers", "form-refused-month");

    assert!(b.page_text().contains("This month is in the future."));
    b.scroll_to("//div[@class='error-summary']");
    b.guide_shot("reporter-mistake");
    assert_eq!(b.value("If yes, which medicine?"), "Buprenorphine");
    assert_eq!(
        b.value_in(&fieldset("Product 2"), BRAND),
        "Brand Two Maeng Da"
    );
    assert!(b.is_checked_in("", SYMPTOMS, "Seizure (fit)"));
    assert_eq!(
        b.value("Other treatment (optional)"),
        "IV fluids and clonidine"
    );
    b.fill(MONTH_STOPPED, "2025-01");
    b.press("Continue to check your answers", "check");

    assert_eq!(b.h1(), "Check your answers before sending");
    b.scroll_to("//h1");
    b.guide_shot("reporter-check");
    let summary = b.page_text();
    for shown in [
        "Brand One 7-OH Extra",
        "Brand Two Maeng Da",
        "Buprenorphine",
        "Texas",
    ] {
        assert!(summary.contains(shown), "check page shows {shown}");
    }
    b.press("Send report", "receipt");
    assert_eq!(b.h1(), "Thank you. Your report was received.");
    let case = b.text_of("case-number");
    let code = b.text_of("followup-code");
    assert!(case.starts_with("CAN-"), "{case}");
    assert_eq!(app.report_count(), 1);
    b.scroll_to("//h1");
    b.guide_shot("reporter-receipt");

    b.open("/", "home-later");
    b.follow("Check on it or add more information", "follow-up");
    b.fill("Case number", &case);
    b.fill("Private follow-up code", &code);
    b.press("Continue", "follow-up-case");
    assert_eq!(b.h1(), format!("Case {case}"));
    b.choose("How is the person now? (optional)", "Recovered");
    b.fill("What else should we know?", "He sleeps normally again.");
    b.press("Add to my report", "follow-up-added");
    let page = b.page_text();
    assert!(page.contains("Your new information was added to the report."));
    assert!(page.contains("He sleeps normally again."));
    b.scroll_to("//h1");
    b.guide_shot("reporter-follow-up");
    assert_eq!(b.page_scripts_run(), javascript, "still on/off at the end");
    b.finish();
}

fn about_and_person(b: &mut Browser) {
    b.choose(
        "What are you reporting?",
        "Withdrawal after stopping or cutting down",
    );
    b.choose("Who is filling in this form?", "A family member or friend");
    b.fill("Age in years", "34");
    b.choose("Sex", "Male");
    b.fill("Weight (optional)", "180");
    b.select_in(&pair("Weight (optional)"), "Unit", "lb");
    b.choose("Pregnant at the time?", "Does not apply");
    b.select("Country", "United States");
    b.select("State, province or territory (optional)", "Texas");
    b.fill("First 3 digits of the ZIP code (optional)", "787");
    b.fill(
        "Health conditions that might matter (optional)",
        "Chronic back pain and depression",
    );
    b.fill(
        "Medicines taken regularly (optional)",
        "Sertraline 50 mg daily",
    );
    b.choose(
        "When the product was started, was a prescribed medicine stopped or reduced?",
        "Yes",
    );
    b.fill("If yes, which medicine?", "Buprenorphine");
}

fn product_one(b: &mut Browser) {
    let p = fieldset("Product 1");
    b.choose_in(
        &p,
        "Do you think this product caused the problem?",
        "I think this product caused the problem",
    );
    b.select_in(&p, "What was it?", "7-OH (7-hydroxymitragynine) product");
    b.fill_in(&p, BRAND, "Brand One 7-OH Extra");
    b.select_in(&p, "Form", "Tablets");
    b.fill_in(&p, "Label strength in mg per unit (optional)", "15");
    b.select_in(&p, "mg of what?", "7-OH");
    b.fill_in(&p, "Amount each time (optional)", "2");
    b.select_in(
        &format!("{p}{}", pair("Amount each time (optional)")),
        "Unit",
        "tablets",
    );
    b.fill_in(&p, "Times a day (optional)", "4");
    b.select_in(
        &p,
        "How was it taken?",
        "Swallowed (capsule, tablet, gummy)",
    );
    b.fill_in(&p, "How long was it used? (optional)", "8");
    b.select_in(
        &format!("{p}{}", pair("How long was it used? (optional)")),
        "Unit",
        "months",
    );
    b.fill_in(&p, "Month it was last used (optional)", "2025-06");
    b.select_in(&p, "Where was it bought? (optional)", "Smoke or vape shop");
    b.fill_in(&p, "Lot or batch number (optional)", "RB-0423-17");
    b.tick_in(&p, REASONS, "Pain");
    b.tick_in(&p, REASONS, "To come off a prescribed medicine");
}

fn product_two(b: &mut Browser) {
    let p = fieldset("Product 2");
    b.choose_in(
        &p,
        "Do you think this product caused the problem?",
        "Used at the same time, but probably not the cause",
    );
    b.select_in(&p, "What was it?", "Kratom leaf or powder");
    b.fill_in(&p, BRAND, "Brand Two Maeng Da");
    b.select_in(&p, "Form", "Leaf powder (loose)");
    b.fill_in(&p, "Amount each time (optional)", "3.5");
    b.select_in(
        &format!("{p}{}", pair("Amount each time (optional)")),
        "Unit",
        "grams",
    );
    b.select_in(&p, "How was it taken?", "Powder mixed into a drink or food");
    b.select_in(&p, "Where was it bought? (optional)", "Online");
    b.tick_in(&p, REASONS, "Energy or focus");
    let co = "Was anything else used around the same time? (tick all that apply)";
    b.tick(co, "Alcohol");
    b.tick(co, "Benzodiazepines or \"bars\"");
    b.fill("Anything else used (optional)", "energy drinks");
}

fn what_happened(b: &mut Browser) {
    b.tick(SYMPTOMS, "Fast or pounding heartbeat");
    b.tick(SYMPTOMS, "Vomiting");
    b.tick(SYMPTOMS, "Seizure (fit)");
    b.fill("Other symptoms (optional)", "Could not stop yawning");
    let w = fieldset(WITHDRAWAL);
    b.select_in(&w, "Aching bones, joints or muscles", "Severe");
    b.select_in(&w, "Runny nose", "Mild");
    b.select_in(&w, "Strong craving to use", "Moderate");
    let gap = "Time between the last dose and the first withdrawal symptoms";
    b.fill_in(&w, gap, "18");
    b.select_in(&pair(gap), "Unit", "hours");
    b.fill("When did it start?", "2025-06");
    let after = "How long after a dose did it start? (optional)";
    b.fill(after, "18");
    b.select_in(&pair(after), "Unit", "hours");
    let lasted = "How long did it last? (optional)";
    b.fill(lasted, "9");
    b.select_in(&pair(lasted), "Unit", "days");
    b.choose(
        "Did it stop or get better when the product was stopped?",
        "The product was not stopped",
    );
    b.choose(
        "Did it come back when the product was started again?",
        "Yes, it came back",
    );
    let serious = "Did any of these happen? (tick all that apply)";
    b.tick(
        serious,
        "They were admitted to hospital, or a hospital stay got longer",
    );
    b.tick(serious, "Another serious or important medical event");
    let care = "What care did the person get? (tick all that apply)";
    b.tick(care, "Urgent care or emergency room");
    b.tick(care, "Admitted to hospital");
    b.choose("Was naloxone (Narcan) given?", "Yes");
    b.choose("If naloxone was given, did it help?", "Partly");
    b.fill("Other treatment (optional)", "IV fluids and clonidine");
    b.choose("How is the person now?", "Getting better");
    b.fill(
        "What happened? (optional if you ticked symptoms)",
        "After stopping the tablets he could not sleep for days, had a seizure on day 3 and spent two nights in hospital.",
    );
}

/// A sparse report, without JavaScript: the check page says what a poison
/// center or regulator would miss, a Change button opens the form at that
/// answer, the list is not shown twice, and the report is sent as it is.
fn sparse_walk(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let name = test_name("reporter-sparse", backend);
    let mut b = Browser::start(&name, &app.address, false);
    b.open("/report", "form");
    b.choose(
        "What are you reporting?",
        "A bad reaction after using a product",
    );
    b.choose(
        "Who is filling in this form?",
        "I am the person it happened to",
    );
    b.select(
        "Age group (only if you don't know the exact age)",
        "Don't know",
    );
    b.choose("Sex", "Don't know");
    let p = fieldset("Product 1");
    b.choose_in(
        &p,
        "Do you think this product caused the problem?",
        "I think this product caused the problem",
    );
    b.select_in(&p, "What was it?", "Kratom leaf or powder");
    b.select_in(&p, "Form", "Don't know");
    b.select_in(&p, "How was it taken?", "Don't know");
    b.tick(SYMPTOMS, "Vomiting");
    b.choose("How is the person now?", "Don't know");
    b.press("Continue to check your answers", "check-sparse");

    assert_eq!(b.h1(), "Check your answers before sending");
    let text = b.page_text();
    assert!(text.contains("Answers that would make your report more useful"));
    assert!(text.contains("Product 1: how much was taken each time"));
    b.press(
        "Change: The person's age, age group or sex",
        "change-to-age",
    );
    assert!(b.url().ends_with("/report#f-age"), "{}", b.url());
    b.choose("Sex", "Female");
    b.press("Continue to check your answers", "check-again");

    let text = b.page_text();
    assert!(
        !text.contains("Answers that would make your report more useful"),
        "not shown twice"
    );
    assert!(text.contains("Some answers we suggested before are still empty."));
    b.press("Send report", "receipt");
    assert_eq!(b.h1(), "Thank you. Your report was received.");
    assert_eq!(app.report_count(), 1);
    b.finish();
}

both_backends! {
    reporter_walk => |backend| walk(backend, true);
    reporter_walk_without_javascript => |backend| walk(backend, false);
    sparse_report_walk => sparse_walk;
}
