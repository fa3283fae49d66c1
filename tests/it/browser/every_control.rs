//! The every-control walk: someone who ticks every box, fills every text
//! box and, over several rounds, tries every option of every select and
//! radio group (scrolling through the whole country and region lists),
//! answers what the page asks as a person would, and sends the report. No
//! page on the way is an error page: only the form itself comes back (422)
//! with questions.

use std::collections::{BTreeMap, BTreeSet};

use super::session::{Browser, Control};
use super::test_name;
use crate::helpers::*;

const CONTINUE: &str = "Continue to check your answers";
const CHECK: &str = "Check your answers before sending";
/// Country (and a region of it, or none) sent in each round.
const PLACES: [(&str, &str); 5] = [
    ("United States", "Texas"),
    ("Canada", "Ontario"),
    ("Mexico", "Jalisco"),
    ("United Kingdom", "Not given"),
    ("Don't know", "Not given"),
];

/// A field's name without its product prefix (`p1_amount` → `amount`).
fn base(name: &str) -> &str {
    match name.split_once('_') {
        Some((p, rest))
            if p.len() > 1 && p.starts_with('p') && p[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => name,
    }
}

/// What a person types into a text box.
fn typed(c: &Control) -> &'static str {
    if c.kind == "month" {
        return "2025-03";
    }
    match base(&c.name) {
        "age" => "34",
        "weight" => "70",
        "zip3" => "787",
        "doses_per_day" => "3",
        "strength" | "amount" | "used_for" | "last_dose" | "onset_after" | "lasted" => "2",
        "lot" => "RB-0423-17",
        _ => "Noted while trying every box",
    }
}

struct Walk {
    b: Browser,
    /// Options of each radio group and select (by name), and those sent.
    offered: BTreeMap<String, BTreeSet<String>>,
    sent: BTreeMap<String, BTreeSet<String>>,
    filled: BTreeSet<String>,
    ticked: BTreeSet<String>,
    questions: BTreeSet<String>,
}

impl Walk {
    /// Fill every text box not yet filled and tick every checkbox on the page.
    fn fill_and_tick(&mut self) {
        for c in self.b.controls() {
            match c.kind.as_str() {
                "checkbox" => {
                    self.b.set_choice(&c.id, true);
                    self.ticked.insert(c.name);
                }
                "text" | "month" | "textarea" if !self.filled.contains(&c.name) => {
                    self.b.set_control(&c, typed(&c));
                    self.filled.insert(c.name);
                }
                _ => {}
            }
        }
    }

    /// Round `r`: the r-th option of every group that still has one untried.
    fn choose_round(&mut self, r: usize) {
        let controls = self.b.controls();
        let mut radios: BTreeMap<&str, Vec<&Control>> = BTreeMap::new();
        for c in controls.iter().filter(|c| c.kind == "radio") {
            radios.entry(&c.name).or_default().push(c);
        }
        for (name, group) in radios {
            let labels = group.iter().map(|c| c.label.clone());
            self.offered
                .entry(name.to_owned())
                .or_default()
                .extend(labels);
            if r < group.len() {
                self.b.set_choice(&group[r].id, true);
            }
        }
        for c in controls.iter().filter(|c| c.kind == "select") {
            if c.name == "country" || c.name == "region" {
                if r == 0 {
                    // The long lists: scroll through all of them once.
                    self.b.arrow_through(c);
                    self.offered
                        .entry(c.name.clone())
                        .or_default()
                        .extend(c.options.iter().cloned());
                    self.sent
                        .entry(c.name.clone())
                        .or_default()
                        .extend(c.options.iter().cloned());
                }
                let (country, region) = PLACES[r % PLACES.len()];
                self.b
                    .set_control(c, if c.name == "country" { country } else { region });
                continue;
            }
            let options = &c.options[1..];
            self.offered
                .entry(c.name.clone())
                .or_default()
                .extend(options.iter().cloned());
            if r < options.len() {
                self.b.set_control(c, &options[r]);
            }
        }
    }

    /// Record what the form sends now (checked radios, chosen options).
    fn record_sent(&mut self) {
        for c in self.b.controls() {
            let value = match c.kind.as_str() {
                "radio" if c.checked => c.label,
                "select" => c.chosen,
                _ => continue,
            };
            self.sent.entry(c.name).or_default().insert(value);
        }
    }

    /// Continue, answering every question the page asks, to the check page.
    fn continue_to_check(&mut self, step: &str) {
        self.record_sent();
        self.b.press(CONTINUE, step);
        for attempt in 0..4 {
            let asked = self.b.error_fields();
            if asked.is_empty() {
                break;
            }
            assert_eq!(
                self.b.status(),
                422,
                "{step}: the form comes back with its questions"
            );
            let controls = self.b.controls();
            for field in asked {
                self.resolve(&field, &controls);
                self.questions.insert(base(&field).to_owned());
            }
            self.record_sent();
            self.b
                .press(CONTINUE, &format!("{step}-answered-{attempt}"));
        }
        assert_eq!(self.b.status(), 200, "{step}");
        assert_eq!(self.b.h1(), CHECK, "{step}: every question answered");
    }

    /// Put right what the page asks about, as a person would.
    fn resolve(&mut self, field: &str, controls: &[Control]) {
        let by_id = |id: &str| {
            controls
                .iter()
                .find(|c| c.id == id)
                .cloned()
                .unwrap_or_else(|| panic!("no #{id}"))
        };
        let b = &mut self.b;
        match base(field) {
            "age_group" => b.set_control(&by_id("f-age_group"), "Choose…"),
            "region" => b.set_control(&by_id("f-region"), "Not given"),
            "pregnancy" => b.set_choice("f-pregnancy-not_applicable", true),
            "rx_stopped" => b.set_choice("f-rx_stopped", true),
            "naloxone" => b.set_choice("f-naloxone", true),
            "out_birth_defect" | "out_disability" | "reason_not_said" => {
                b.set_choice(&format!("f-{field}"), false)
            }
            "care_none" | "out_hospitalised" => b.set_choice("f-care_none", false),
            "current_state" if by_id("f-out_death").checked => {
                b.set_choice("f-current_state-died", true)
            }
            "current_state" => b.set_choice("f-current_state-recovering", true),
            other => panic!("unexpected question about {other}: {}", b.page_text()),
        }
    }
}

fn walk(backend: Backend, javascript: bool) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let name = if javascript {
        "every-control"
    } else {
        "every-control-nojs"
    };
    let b = Browser::start(&test_name(name, backend), &app.address, javascript);
    assert_eq!(
        b.page_scripts_run(),
        javascript,
        "JavaScript on/off as asked"
    );
    let mut w = Walk {
        b,
        offered: BTreeMap::new(),
        sent: BTreeMap::new(),
        filled: BTreeSet::new(),
        ticked: BTreeSet::new(),
        questions: BTreeSet::new(),
    };
    w.b.open("/report", "form");
    w.fill_and_tick();
    // A button of the form after ticking every box ("Another reason" included).
    w.b.press("Add another product", "second-product");
    assert_eq!(
        w.b.status(),
        200,
        "adding a product after ticking every box"
    );
    w.fill_and_tick();

    let rounds = 10;
    for r in 0..rounds {
        w.choose_round(r);
        if r + 1 == rounds {
            // The last round also adds a third product and removes it again.
            w.b.press("Add another product", "third-product");
            w.b.press("Remove product 3", "third-product-removed");
            assert_eq!(w.b.status(), 200);
        }
        w.continue_to_check(&format!("round-{r}"));
        if r + 1 < rounds {
            w.b.press("Change About this report", &format!("round-{r}-change"));
            assert_eq!(w.b.status(), 200);
        }
    }
    w.b.press("Send report", "receipt");
    assert_eq!(w.b.status(), 200);
    assert_eq!(w.b.h1(), "Thank you. Your report was received.");
    assert_eq!(app.report_count(), 1);

    for (group, options) in &w.offered {
        let missing: Vec<_> = options.difference(&w.sent[group]).collect();
        assert!(missing.is_empty(), "{group}: never tried {missing:?}");
    }
    for asked in [
        "age_group",
        "care_none",
        "current_state",
        "reason_not_said",
        "out_disability",
    ] {
        assert!(
            w.questions.contains(asked),
            "the page asked about {asked}: {:?}",
            w.questions
        );
    }
    println!(
        "every-control walk: {} text boxes, {} checkboxes, {} groups, questions {:?}",
        w.filled.len(),
        w.ticked.len(),
        w.offered.len(),
        w.questions
    );
    w.b.finish();
}

both_backends! {
    every_control_walk => |backend| walk(backend, true);
    every_control_walk_without_javascript => |backend| walk(backend, false);
}
