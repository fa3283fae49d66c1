//! A case as Form FDA 3500 (health professionals) sections A–G, for a
//! clinician who files it. Item numbers follow medwatch.md §2
//! (transcribed, unconfirmed).

use chrono::NaiveDate;

use super::course;
use super::describe::{self as d, UNKNOWN};
use super::{Item, Section, NO_REPORTER_IDENTITY};
use crate::export::case::CaseFile;
use crate::report::model::{NewReport, Product};
use crate::report::options::*;

/// The seven outcomes of item B2, in the form's order and wording.
const OUTCOMES: [(Outcome, &str); 7] = [
    (Outcome::Death, "Death"),
    (Outcome::LifeThreatening, "Life-threatening"),
    (
        Outcome::Hospitalised,
        "Hospitalization – initial or prolonged",
    ),
    (Outcome::Disability, "Disability or Permanent Damage"),
    (Outcome::BirthDefect, "Congenital Anomaly/Birth Defect"),
    (
        Outcome::Intervention,
        "Required Intervention to Prevent Permanent Impairment/Damage (Devices)",
    ),
    (
        Outcome::OtherSerious,
        "Other Serious (Important Medical Events)",
    ),
];

pub fn sections(case: &CaseFile, today: NaiveDate) -> Vec<Section> {
    let r = &case.stored.report;
    vec![
        patient(r),
        event(case, today),
        Section {
            letter: "C",
            title: "Product availability".into(),
            intro: None,
            items: vec![
                Item::text(
                    "C1",
                    "Product available for evaluation? (do not send it to FDA)",
                    None,
                )
                .note("Canary's form does not ask."),
                Item::text("C2", "Do you have a picture of the product?", None)
                    .note("Canary's form does not ask and stores no images."),
            ],
        },
        suspects(r),
        Section {
            letter: "E",
            title: "Suspect medical device".into(),
            intro: Some(
                "Does not apply: Canary collects reports about substances, not medical devices."
                    .into(),
            ),
            items: Vec::new(),
        },
        Section {
            letter: "F",
            title: "Other (concomitant) medical products".into(),
            intro: None,
            items: vec![concomitant(r)],
        },
        reporter(case),
    ]
}

fn patient(r: &NewReport) -> Section {
    Section {
        letter: "A",
        title: "Patient information".into(),
        intro: None,
        items: vec![
            Item::text("A1", "Patient identifier (in confidence)", None).note(
                "Left blank: Canary holds no patient identifier (the report is de-identified).",
            ),
            Item::text("A2", "Age", d::age(r)),
            Item::text("A3", "Sex", d::sex(r.sex)),
            Item::text("A4", "Weight", d::weight(r)),
            Item::text("A5", "Ethnicity and race", None).note("Canary's form does not ask."),
        ],
    }
}

fn event(case: &CaseFile, today: NaiveDate) -> Section {
    let r = &case.stored.report;
    let kind = Item::checks(
        "B1",
        "Type of report (check all that apply)",
        vec![
            (
                "Adverse event".into(),
                r.kind != ReportKind::ProductProblem || !r.symptoms.is_empty(),
            ),
            (
                "Product problem (e.g. defects or malfunctions)".into(),
                r.kind == ReportKind::ProductProblem,
            ),
            (
                "Product use / medication error".into(),
                r.kind == ReportKind::Accidental,
            ),
            (
                "Problem with different manufacturer of same medicine".into(),
                false,
            ),
        ],
    )
    .note(format!("Canary report kind: {}.", r.kind.label()));
    let ticked = case.seriousness();
    let note = course::outcome_note(case);
    let outcomes = Item::checks(
        "B2",
        "Outcome attributed to adverse event (check all that apply)",
        OUTCOMES
            .iter()
            .map(|(o, l)| ((*l).to_owned(), ticked.contains(o)))
            .collect(),
    )
    .note(note);
    let mut date = Item::text("B3", "Date of event", r.onset.map(d::month));
    if r.onset.is_some() {
        date = date.note("Month only: Canary stores no day.");
    }
    let mut history: Vec<String> = r.health_conditions.iter().map(|t| t.to_string()).collect();
    match r.pregnancy {
        Pregnancy::Yes => history.push("Pregnant".into()),
        Pregnancy::Unknown => history.push(format!("Pregnancy: {}", UNKNOWN.to_lowercase())),
        Pregnancy::No | Pregnancy::NotApplicable => {}
    }
    if r.co_used.contains(&CoUsed::Alcohol) {
        history.push("Alcohol use at the time".into());
    }
    if r.medicine_change.answer == YesNoUnknown::Yes {
        let which = r
            .medicine_change
            .which
            .as_ref()
            .map_or_else(|| "not named".to_owned(), |w| w.to_string());
        history.push(format!(
            "Prescribed medicine stopped or reduced when the product was started: {which}"
        ));
    }
    Section {
        letter: "B",
        title: "Adverse event, product problem".into(),
        intro: None,
        items: vec![
            kind,
            outcomes,
            date,
            Item::text(
                "B4",
                "Date of this report",
                Some(today.format("%d-%b-%Y").to_string()),
            )
            .note(format!(
                "The day this sheet was produced. Canary received the report on {}.",
                d::day(&case.stored.received_at)
            )),
            Item::text(
                "B5",
                "Describe event, problem or product use / medication error",
                Some(course::description(case)),
            )
            .note("The reporter's narrative after identifier scrubbing, then their structured answers."),
            Item::text("B6", "Relevant tests / laboratory data, with dates", None)
                .note("Canary's form does not ask for test results."),
            Item::text(
                "B7",
                "Other relevant history, including pre-existing medical conditions",
                (!history.is_empty()).then(|| history.join("; ")),
            ),
        ],
    }
}

fn suspects(r: &NewReport) -> Section {
    let list: Vec<&Product> = r.suspects().collect();
    let mut items = Vec::new();
    for (n, p) in list.iter().enumerate() {
        let tag = format!(" (#{})", n + 1);
        let label = |l: &str| format!("{l}{tag}");
        let mut name = d::product_name(p);
        if let Some(s) = p.strength {
            name.push_str(&format!("; strength {s}"));
        }
        if let Some(w) = d::where_bought(p) {
            name.push_str(&format!("; bought at: {w}"));
        }
        items.extend([
            Item::text(
                "D1",
                &label("Name, strength, manufacturer (from the label)"),
                Some(name),
            )
            .note("Manufacturer: not reported."),
            Item::text(
                "D1",
                &label("Lot number"),
                p.lot.as_ref().map(|l| l.to_string()),
            ),
            Item::text(
                "D2",
                &label("Dose or amount, frequency, route"),
                d::dose_line(p),
            ),
            Item::text("D3", &label("Therapy dates or duration"), d::usage(p)),
            Item::text("D4", &label("Diagnosis or reason for use"), d::reasons(p)),
            Item::text(
                "D5",
                &label("Product type (OTC, compounded, generic, biosimilar)"),
                None,
            )
            .note(format!(
                "None of these is asked; the product is a {}.",
                p.substance.label()
            )),
            Item::text("D6", &label("Expiration date"), None),
            Item::text(
                "D7",
                &label("Did the event abate after use stopped or the dose was reduced?"),
                Some(course::dechallenge(r)),
            ),
            Item::text(
                "D8",
                &label("Did the event reappear after reintroduction?"),
                Some(d::rechallenge(r.rechallenge)),
            ),
        ]);
    }
    Section {
        letter: "D",
        title: "Suspect products".into(),
        intro: list
            .is_empty()
            .then(|| "No product was named as the suspected cause.".into()),
        items,
    }
}

fn concomitant(r: &NewReport) -> Item {
    let mut lines = d::concomitant(r);
    if let Some(m) = &r.medicines {
        lines.push(format!("Regular medicines: {m}"));
    }
    Item::text(
        "F",
        "Product names and therapy dates (exclude treatment of event)",
        (!lines.is_empty()).then(|| lines.join("; ")),
    )
    .note("Treatments given for the event (e.g. naloxone) are in the description (B5).")
}

fn reporter(case: &CaseFile) -> Section {
    let r = &case.stored.report;
    // Only a "yes" is known: someone reporting for themselves may still be
    // a health professional, so anything else stays not reported.
    let professional = (r.reporter == ReporterRole::HealthProfessional).then(|| "Yes".to_owned());
    let also: Vec<String> = case
        .forwards
        .iter()
        .map(|f| format!("{} ({})", f.recipient, f.sent_on))
        .collect();
    Section {
        letter: "G",
        title: "Reporter".into(),
        intro: Some(NO_REPORTER_IDENTITY.into()),
        items: vec![
            Item::text("G1", "Name, address, phone, e-mail", None)
                .note("Not held by Canary: the person filing fills this in."),
            Item::text("G2", "Health professional?", professional),
            Item::text("G3", "Occupation", None)
                .note(format!("Who reported to Canary: {}.", r.reporter.label())),
            Item::text(
                "G4",
                "Also reported to",
                (!also.is_empty()).then(|| also.join("; ")),
            )
            .note("Forwards a reviewer recorded in Canary."),
        ],
    }
}
