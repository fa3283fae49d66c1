//! A report as labelled sections, in the reporter's words: the "check your
//! answers" page shows it before submit, and staff pages reuse it.

use crate::report::model::NewReport;
use crate::report::options::ClosedList;
use crate::report::values::FreeText;

pub struct Row {
    pub label: String,
    pub value: String,
}

pub struct Section {
    /// Anchor of the form section, for "Change" links.
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<Row>,
}

const NOT_GIVEN: &str = "Not given";

fn join<T: ClosedList>(values: &[T]) -> String {
    if values.is_empty() {
        "None ticked".to_owned()
    } else {
        values
            .iter()
            .map(|v| v.label())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| NOT_GIVEN.to_owned())
}

fn text(value: &Option<FreeText>) -> String {
    opt(value.as_ref())
}

struct Rows(Vec<Row>);

impl Rows {
    fn add(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.0.push(Row {
            label: label.into(),
            value: value.into(),
        });
        self
    }
}

pub fn sections(r: &NewReport) -> Vec<Section> {
    let mut about = Rows(Vec::new());
    about
        .add("What you are reporting", r.kind.label())
        .add("Who is reporting", r.reporter.label());

    let mut person = Rows(Vec::new());
    person
        .add("Age", opt(r.age))
        .add("Sex", r.sex.label())
        .add(
            "Weight",
            opt(r
                .weight
                .map(|w| format!("{} {}", w.value(), w.unit().label()))),
        )
        .add("Pregnant", r.pregnancy.label())
        .add("Country", r.country.label())
        .add(
            "State or region",
            opt(r.region.map(|g| g.label().to_owned())),
        )
        .add(
            "First 3 digits of ZIP code",
            opt(r.zip3.as_ref().map(|z| z.as_str().to_owned())),
        )
        .add("Health conditions", text(&r.health_conditions))
        .add("Regular medicines", text(&r.medicines))
        .add(
            "Prescribed medicine stopped or reduced when the product was started",
            r.medicine_change.answer.label(),
        )
        .add("Which medicine", text(&r.medicine_change.which))
        .add(
            "When it was stopped or reduced",
            opt(r.medicine_change.when),
        );

    let mut products = Rows(Vec::new());
    for (i, p) in r.products.iter().enumerate() {
        let n = i + 1;
        products
            .add(format!("Product {n}"), p.display_name())
            .add(format!("Product {n}: role"), p.role.label())
            .add(
                format!("Product {n}: what it is"),
                match &p.substance_other {
                    Some(other) => format!("{} ({other})", p.substance.label()),
                    None => p.substance.label().to_owned(),
                },
            )
            .add(format!("Product {n}: form"), p.form.label())
            .add(format!("Product {n}: label strength"), opt(p.strength))
            .add(format!("Product {n}: amount each time"), opt(p.amount))
            .add(
                format!("Product {n}: times a day"),
                opt(p.doses_per_day.map(|d| d.get())),
            )
            .add(format!("Product {n}: how it was taken"), p.route.label())
            .add(format!("Product {n}: used for"), opt(p.used_for))
            .add(format!("Product {n}: last used"), opt(p.last_use))
            .add(format!("Product {n}: where bought"), p.where_bought.label())
            .add(format!("Product {n}: lot or batch"), text(&p.lot))
            .add(format!("Product {n}: reasons for use"), join(&p.reasons))
            .add(format!("Product {n}: other reason"), text(&p.reason_other));
    }
    products
        .add("Also used", join(&r.co_used))
        .add("Something else used", text(&r.co_used_other));

    let mut happened = Rows(Vec::new());
    happened
        .add("Symptoms", join(&r.symptoms))
        .add("Other symptoms", text(&r.symptoms_other));
    if !r.withdrawal.is_empty() {
        let list = r
            .withdrawal
            .iter()
            .map(|(w, s)| format!("{}: {}", w.label(), s.label()))
            .collect::<Vec<_>>();
        happened.add("Withdrawal symptoms", list.join("; "));
    }
    happened
        .add("Time since last dose (withdrawal)", opt(r.last_dose))
        .add("When it started", opt(r.onset))
        .add("How long after a dose", opt(r.onset_after))
        .add("How long it lasted", opt(r.lasted))
        .add(
            "Did it stop when the product was stopped?",
            r.dechallenge.label(),
        )
        .add(
            "Did it come back when the product was started again?",
            r.rechallenge.label(),
        );

    let mut care = Rows(Vec::new());
    care.add("What happened as a result", join(&r.outcomes))
        .add("Care received", join(&r.care))
        .add("Naloxone (Narcan) given", r.naloxone.label());
    if r.naloxone == crate::report::options::YesNoUnknown::Yes {
        care.add("Did naloxone help?", r.naloxone_helped.label());
    }
    care.add("Other treatment", text(&r.other_treatment))
        .add("How the person is now", r.current_state.label());

    let mut story = Rows(Vec::new());
    story.add("What happened, in your words", text(&r.narrative));

    vec![
        Section {
            id: "about",
            title: "About this report",
            rows: about.0,
        },
        Section {
            id: "person",
            title: "The person affected",
            rows: person.0,
        },
        Section {
            id: "products",
            title: "Products",
            rows: products.0,
        },
        Section {
            id: "happened",
            title: "What happened",
            rows: happened.0,
        },
        Section {
            id: "care",
            title: "Seriousness and care",
            rows: care.0,
        },
        Section {
            id: "story",
            title: "In your own words",
            rows: story.0,
        },
    ]
}
