//! A report as labelled sections, in the reporter's words: the "check your
//! answers" page shows it before submit (in the reporter's language), and
//! staff pages reuse it in English. Free text is shown as typed.

use crate::i18n::Lang;
use crate::report::model::NewReport;
use crate::report::options::ClosedList;
use crate::report::values::{Amount, FreeText, Span, Strength};

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

/// The summary's words in one language.
#[derive(Clone, Copy)]
struct Words(Lang);

impl Words {
    fn label<T: ClosedList>(self, v: T) -> &'static str {
        self.0.label(v.label())
    }

    fn join<T: ClosedList>(self, values: &[T]) -> String {
        if values.is_empty() {
            self.0.label("None ticked").to_owned()
        } else {
            values
                .iter()
                .map(|v| self.label(*v))
                .collect::<Vec<_>>()
                .join("; ")
        }
    }

    fn opt<T: ToString>(self, value: Option<T>) -> String {
        value
            .map(|v| v.to_string())
            .unwrap_or_else(|| self.0.label(NOT_GIVEN).to_owned())
    }

    /// A value whose English display has words in it ("34 years").
    fn said<T: ToString>(self, value: Option<T>) -> String {
        self.0.text(&self.opt(value))
    }

    fn text(self, value: &Option<FreeText>) -> String {
        self.opt(value.as_ref())
    }

    fn span(self, value: Option<Span>) -> String {
        self.opt(value.map(|s| format!("{} {}", s.value(), self.label(s.unit()))))
    }

    fn amount(self, value: Option<Amount>) -> String {
        self.opt(value.map(|a| format!("{} {}", a.value(), self.label(a.unit()))))
    }

    fn strength(self, value: Option<Strength>) -> String {
        self.said(value)
    }
}

struct Rows(Vec<Row>, Lang);

impl Rows {
    fn add(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.0.push(Row {
            label: self.1.text(&label.into()),
            value: value.into(),
        });
        self
    }
}

/// The sections in English (staff pages).
pub fn sections(r: &NewReport) -> Vec<Section> {
    sections_in(r, Lang::english())
}

/// The sections in `lang`: labels and listed answers translated, free text
/// as typed.
pub fn sections_in(r: &NewReport, lang: Lang) -> Vec<Section> {
    let w = Words(lang);
    let mut about = Rows(Vec::new(), lang);
    about
        .add("What you are reporting", w.label(r.kind))
        .add("Who is reporting", w.label(r.reporter));

    let mut person = Rows(Vec::new(), lang);
    person
        .add("Age", w.said(r.age))
        .add("Sex", w.label(r.sex))
        .add(
            "Weight",
            w.opt(
                r.weight
                    .map(|x| format!("{} {}", x.value(), w.label(x.unit()))),
            ),
        )
        .add("Pregnant", w.label(r.pregnancy))
        .add("Country", w.label(r.country))
        .add("State or region", w.opt(r.region.map(|g| w.label(g))))
        .add(
            "First 3 digits of ZIP code",
            w.opt(r.zip3.as_ref().map(|z| z.as_str().to_owned())),
        )
        .add("Health conditions", w.text(&r.health_conditions))
        .add("Regular medicines", w.text(&r.medicines))
        .add(
            "Prescribed medicine stopped or reduced when the product was started",
            w.label(r.medicine_change.answer),
        )
        .add("Which medicine", w.text(&r.medicine_change.which))
        .add(
            "When it was stopped or reduced",
            w.opt(r.medicine_change.when),
        );

    let mut products = Rows(Vec::new(), lang);
    for (i, p) in r.products.iter().enumerate() {
        let n = i + 1;
        products
            .add(
                format!("Product {n}"),
                match (&p.brand, &p.substance_other) {
                    (None, None) => w.label(p.substance).to_owned(),
                    _ => p.display_name(),
                },
            )
            .add(format!("Product {n}: role"), w.label(p.role))
            .add(
                format!("Product {n}: what it is"),
                match &p.substance_other {
                    Some(other) => format!("{} ({other})", w.label(p.substance)),
                    None => w.label(p.substance).to_owned(),
                },
            )
            .add(format!("Product {n}: form"), w.label(p.form))
            .add(
                format!("Product {n}: label strength"),
                w.strength(p.strength),
            )
            .add(format!("Product {n}: amount each time"), w.amount(p.amount))
            .add(
                format!("Product {n}: times a day"),
                w.opt(p.doses_per_day.map(|d| d.get())),
            )
            .add(format!("Product {n}: how it was taken"), w.label(p.route))
            .add(format!("Product {n}: used for"), w.span(p.used_for))
            .add(format!("Product {n}: last used"), w.opt(p.last_use))
            .add(
                format!("Product {n}: where bought"),
                w.label(p.where_bought),
            )
            .add(format!("Product {n}: lot or batch"), w.text(&p.lot))
            .add(format!("Product {n}: shop or website"), w.text(&p.seller))
            .add(format!("Product {n}: reasons for use"), w.join(&p.reasons))
            .add(
                format!("Product {n}: other reason"),
                w.text(&p.reason_other),
            );
    }
    products
        .add("Also used", w.join(&r.co_used))
        .add("Something else used", w.text(&r.co_used_other));

    let mut happened = Rows(Vec::new(), lang);
    happened
        .add("Symptoms", w.join(&r.symptoms))
        .add("Other symptoms", w.text(&r.symptoms_other));
    if !r.withdrawal.is_empty() {
        let list = r
            .withdrawal
            .iter()
            .map(|(x, s)| format!("{}: {}", w.label(*x), w.label(*s)))
            .collect::<Vec<_>>();
        happened.add("Withdrawal symptoms", list.join("; "));
    }
    happened
        .add("Time since last dose (withdrawal)", w.span(r.last_dose))
        .add("When it started", w.opt(r.onset))
        .add("How long after a dose", w.span(r.onset_after))
        .add("How long it lasted", w.span(r.lasted))
        .add(
            "Did it stop when the product was stopped?",
            w.label(r.dechallenge),
        )
        .add(
            "Did it come back when the product was started again?",
            w.label(r.rechallenge),
        );

    let mut care = Rows(Vec::new(), lang);
    care.add("What happened as a result", w.join(&r.outcomes))
        .add("Care received", w.join(&r.care))
        .add("Naloxone (Narcan) given", w.label(r.naloxone));
    if r.naloxone == crate::report::options::YesNoUnknown::Yes {
        care.add("Did naloxone help?", w.label(r.naloxone_helped));
    }
    care.add("Other treatment", w.text(&r.other_treatment))
        .add("How the person is now", w.label(r.current_state));

    let mut story = Rows(Vec::new(), lang);
    story.add("What happened, in your words", w.text(&r.narrative));

    vec![
        Section {
            id: "about",
            title: lang.label("About this report"),
            rows: about.0,
        },
        Section {
            id: "person",
            title: lang.label("The person affected"),
            rows: person.0,
        },
        Section {
            id: "products",
            title: lang.label("Products"),
            rows: products.0,
        },
        Section {
            id: "happened",
            title: lang.label("What happened"),
            rows: happened.0,
        },
        Section {
            id: "care",
            title: lang.label("Seriousness and care"),
            rows: care.0,
        },
        Section {
            id: "story",
            title: lang.label("In your own words"),
            rows: story.0,
        },
    ]
}
