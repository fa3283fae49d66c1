//! A case as Form FDA 3500B (MedWatch consumer voluntary report) sections
//! A–F. Item numbers follow medwatch.md §4 (transcribed, unconfirmed).

use chrono::NaiveDate;

use super::course;
use super::describe::{self as d, UNKNOWN};
use super::{Item, Section, NO_REPORTER_IDENTITY};
use crate::export::case::CaseFile;
use crate::report::model::Product;
use crate::report::options::*;

/// The seven outcomes in the 3500B's order and consumer wording.
const OUTCOMES: [(Outcome, &str); 7] = [
    (
        Outcome::Hospitalised,
        "Hospitalization (admitted or stayed longer)",
    ),
    (
        Outcome::Intervention,
        "Required help to prevent permanent harm",
    ),
    (Outcome::Disability, "Disability or health problem"),
    (Outcome::BirthDefect, "Birth defect"),
    (Outcome::LifeThreatening, "Life-threatening"),
    (Outcome::Death, "Death"),
    (
        Outcome::OtherSerious,
        "Other serious or important medical event",
    ),
];

pub fn sections(case: &CaseFile, today: NaiveDate) -> Vec<Section> {
    vec![
        problem(case),
        Section {
            letter: "B",
            title: "Product availability".into(),
            intro: None,
            items: vec![
                Item::text(
                    "B1",
                    "Do you still have the product? (do not send it)",
                    None,
                )
                .note("Canary's form does not ask."),
                Item::text("B2", "Do you have a picture of the product?", None)
                    .note("Canary's form does not ask and stores no images."),
            ],
        },
        products(case),
        Section {
            letter: "D",
            title: "About the medical device".into(),
            intro: Some(
                "Does not apply: Canary collects reports about substances, not medical devices."
                    .into(),
            ),
            items: Vec::new(),
        },
        person(case),
        Section {
            letter: "F",
            title: "About the person filling out this form".into(),
            intro: Some(NO_REPORTER_IDENTITY.into()),
            items: vec![
                Item::text(
                    "",
                    "Who reported to Canary",
                    Some(case.stored.report.reporter.label().to_owned()),
                )
                .note("A role, not an identity."),
                Item::text(
                    "F9",
                    "Today's date",
                    Some(today.format("%d-%b-%Y").to_string()),
                )
                .note(format!(
                    "The day this sheet was produced. Canary received the report on {}.",
                    d::day(&case.stored.received_at)
                )),
            ],
        },
    ]
}

fn problem(case: &CaseFile) -> Section {
    let r = &case.stored.report;
    let hurt = r.kind != ReportKind::ProductProblem || !r.symptoms.is_empty();
    let kind = Item::checks(
        "A1",
        "What kind of problem was it? (check all that apply)",
        vec![
            (
                "Hurt or had a bad side effect (including new or worse symptoms)".into(),
                hurt,
            ),
            (
                "Used a product incorrectly, which could have led or did lead to unsafe use".into(),
                r.kind == ReportKind::Accidental,
            ),
            (
                "Noticed a problem with the quality of the product".into(),
                r.kind == ReportKind::ProductProblem,
            ),
            (
                "Had problems after switching from one product maker to another".into(),
                false,
            ),
        ],
    )
    .note(format!("Canary report kind: {}.", r.kind.label()));
    let ticked = case.seriousness();
    let outcome_note = course::outcome_note(case);
    let outcomes = Item::checks(
        "A2",
        "Did any of the following happen? (check all that apply)",
        OUTCOMES
            .iter()
            .map(|(o, label)| ((*label).to_owned(), ticked.contains(o)))
            .collect(),
    )
    .note(outcome_note);
    let mut date = Item::text("A3", "Date the problem occurred", r.onset.map(d::month));
    if r.onset.is_some() {
        date = date.note("Month only: Canary stores no day.");
    }
    Section {
        letter: "A",
        title: "About the problem".into(),
        intro: None,
        items: vec![
            kind,
            outcomes,
            date,
            Item::text(
                "A4",
                "Tell us what happened, how it happened or why",
                Some(course::description(case)),
            )
            .note("The reporter's narrative after identifier scrubbing, then their structured answers."),
            Item::text("A5", "Relevant tests or laboratory results", None)
                .note("Canary's form does not ask for test results."),
        ],
    }
}

fn products(case: &CaseFile) -> Section {
    let r = &case.stored.report;
    let suspects: Vec<&Product> = r.suspects().collect();
    let mut items = Vec::new();
    for (n, p) in suspects.iter().enumerate() {
        let tag = if suspects.len() > 1 {
            format!(" (product #{})", n + 1)
        } else {
            String::new()
        };
        items.extend(product_items(p, r, &tag));
    }
    Section {
        letter: "C",
        title: "About the products".into(),
        intro: suspects
            .is_empty()
            .then(|| "No product was named as the suspected cause.".into()),
        items,
    }
}

fn product_items(p: &Product, r: &crate::report::model::NewReport, tag: &str) -> Vec<Item> {
    let label = |l: &str| format!("{l}{tag}");
    let mut name = d::product_name(p);
    if let Some(w) = d::where_bought(p) {
        name.push_str(&format!("; bought at: {w}"));
    }
    let ongoing = match (r.kind, r.dechallenge) {
        (ReportKind::Withdrawal, _) => {
            Some("No (stopped or cut down: a withdrawal report)".to_owned())
        }
        (_, Dechallenge::NotStopped) => Some("Yes (the product was not stopped)".to_owned()),
        (_, Dechallenge::Yes | Dechallenge::No) => Some("No (use was stopped)".to_owned()),
        (_, Dechallenge::Unknown) => None,
    };
    vec![
        Item::text(
            "C1",
            &label("Product name as on the package; place and date of purchase"),
            Some(name),
        )
        .note("Date of purchase: not reported."),
        Item::text("C2", &label("Is use ongoing?"), ongoing),
        Item::text(
            "C3",
            &label("Company that makes (or compounds) the product"),
            None,
        )
        .note("Canary asks for the brand (in C1), not the maker."),
        Item::checks(
            "C4",
            &label("Product type (check all that apply)"),
            [
                "Brand name",
                "Generic or biosimilar",
                "Over-the-counter",
                "Compounded",
                "Cosmetic",
                "Cannabinoid hemp",
            ]
            .iter()
            .map(|t| ((*t).to_owned(), false))
            .chain([(format!("Other: {}", p.substance.label()), true)])
            .collect(),
        )
        .note(match d::form_of(p) {
            Some(f) => format!("Product form: {f}."),
            None => "Product form: not reported.".to_owned(),
        }),
        Item::text("C5", &label("Expiration date"), None),
        Item::text(
            "C6",
            &label("Lot number"),
            p.lot.as_ref().map(|l| l.to_string()),
        ),
        Item::text("C7", &label("NDC number"), None),
        Item::text("C8", &label("Strength"), p.strength.map(|s| s.to_string())),
        Item::text("C9", &label("Quantity (amount per use)"), d::quantity(p)),
        Item::text("C10", &label("Frequency"), d::frequency(p)),
        Item::text("C11", &label("How was it taken or used?"), d::route(p)),
        Item::text("C12", &label("Usage dates or duration"), d::usage(p)),
        Item::text(
            "C14",
            &label("Why was the person using the product?"),
            d::reasons(p),
        ),
        Item::text(
            "C15",
            &label("Did the problem stop after the dose was reduced or use stopped?"),
            Some(course::dechallenge(r)),
        ),
        Item::text(
            "C16",
            &label("Did the problem return when the person started again?"),
            Some(d::rechallenge(r.rechallenge)),
        ),
    ]
}

fn person(case: &CaseFile) -> Section {
    let r = &case.stored.report;
    let mut other = Vec::new();
    match r.pregnancy {
        Pregnancy::Yes => other.push("Pregnant: yes".to_owned()),
        Pregnancy::No => other.push("Pregnant: no".to_owned()),
        Pregnancy::Unknown => other.push(format!("Pregnant: {}", UNKNOWN.to_lowercase())),
        Pregnancy::NotApplicable => {}
    }
    if r.co_used.contains(&CoUsed::Alcohol) {
        other.push("Alcohol used at the same time".to_owned());
    }
    let mc = &r.medicine_change;
    if mc.answer == YesNoUnknown::Yes {
        let mut line =
            "A prescribed medicine was stopped or reduced when the product was started".to_owned();
        if let Some(w) = &mc.which {
            line.push_str(&format!(": {w}"));
        }
        if let Some(m) = mc.when {
            line.push_str(&format!(" ({})", d::month(m)));
        }
        other.push(line);
    }
    let concomitant = d::concomitant(r);
    Section {
        letter: "E",
        title: "About the person who had the problem".into(),
        intro: None,
        items: vec![
            Item::text("E1", "Initials", None)
                .note("Left blank: Canary holds no initials (the report is de-identified)."),
            Item::text("E2", "Sex", d::sex(r.sex)),
            Item::text("E3", "Age", d::age(r)),
            Item::text("E4", "Date of birth", None).note("Left blank: Canary stores the age only."),
            Item::text("E5", "Weight", d::weight(r)),
            Item::text("E6", "Race and/or ethnicity", None).note("Canary's form does not ask."),
            Item::text(
                "E7",
                "Known medical conditions",
                r.health_conditions.as_ref().map(|t| t.to_string()),
            ),
            Item::text("E8", "Allergies", None).note("Canary's form does not ask."),
            Item::text(
                "E9",
                "Other important information (tobacco, pregnancy, alcohol…)",
                (!other.is_empty()).then(|| other.join("; ")),
            ),
            Item::text(
                "E10",
                "Over-the-counter medicines, vitamins, minerals, supplements, herbal remedies",
                (!concomitant.is_empty()).then(|| concomitant.join("; ")),
            )
            .note("Everything the reporter said was used at the same time."),
            Item::text(
                "E11",
                "Prescription medicines and medical devices",
                r.medicines.as_ref().map(|t| t.to_string()),
            ),
        ],
    }
}
