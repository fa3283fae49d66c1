//! The MedWatch answer sheet: one case mapped onto the sections and items
//! of FDA Form 3500B (consumers) or Form 3500 (health professionals), so a
//! reviewer can type it into FDA's portal or post it. [`consumer`] and
//! [`professional`] own the two mappings, [`describe`] and [`course`] the
//! shared wording (dates, doses, the event description), [`document`] the PDF layout; the
//! HTML page renders the same [`Sheet`]. Items the case does not answer are
//! marked "Not reported", never filled in; "don't know" stays "Unknown".

pub mod consumer;
pub mod course;
pub mod describe;
pub mod document;
pub mod professional;

use super::case::CaseFile;
use crate::ids::CaseNumber;

/// Printed for an item the case does not answer.
pub const NOT_REPORTED: &str = "Not reported";

/// Which FDA form the sheet follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Form FDA 3500B, MedWatch Consumer Voluntary Reporting.
    Consumer,
    /// Form FDA 3500, for health professionals.
    Professional,
}

impl Form {
    /// From the `form` query parameter: `3500` or `3500b` (the default).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "" | "3500b" | "3500B" => Some(Self::Consumer),
            "3500" => Some(Self::Professional),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Consumer => "3500b",
            Self::Professional => "3500",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Consumer => "Form FDA 3500B (consumer)",
            Self::Professional => "Form FDA 3500 (health professional)",
        }
    }
}

/// A checkbox on the form and whether the case ticks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub label: String,
    pub ticked: bool,
}

/// What an item holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An answer from the case.
    Text(String),
    /// Checkboxes, ticked from the case.
    Checks(Vec<Check>),
    /// The case does not answer it.
    NotReported,
}

/// One numbered item of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item number, e.g. "A2" (transcribed, see [`Sheet::numbering_note`]).
    pub number: String,
    pub label: String,
    pub value: Value,
    /// Where the answer comes from, or why the item is left as it is.
    pub note: Option<String>,
}

impl Item {
    pub fn text(number: &str, label: &str, value: Option<String>) -> Self {
        Self {
            number: number.to_owned(),
            label: label.to_owned(),
            value: value.map_or(Value::NotReported, Value::Text),
            note: None,
        }
    }

    pub fn checks(number: &str, label: &str, checks: Vec<(String, bool)>) -> Self {
        Self {
            number: number.to_owned(),
            label: label.to_owned(),
            value: Value::Checks(
                checks
                    .into_iter()
                    .map(|(label, ticked)| Check { label, ticked })
                    .collect(),
            ),
            note: None,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The answer as text; `None` for checkboxes.
    pub fn answer(&self) -> Option<&str> {
        match &self.value {
            Value::Text(t) => Some(t),
            Value::NotReported => Some(NOT_REPORTED),
            Value::Checks(_) => None,
        }
    }

    pub fn is_missing(&self) -> bool {
        self.value == Value::NotReported
    }

    pub fn check_list(&self) -> &[Check] {
        match &self.value {
            Value::Checks(c) => c,
            _ => &[],
        }
    }
}

/// A lettered section of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub letter: &'static str,
    pub title: String,
    /// Said once for the whole section (e.g. why it is left blank).
    pub intro: Option<String>,
    pub items: Vec<Item>,
}

/// A whole answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub form: Form,
    pub case_number: CaseNumber,
    /// The four minimum elements of a valid report (medwatch.md §5) and
    /// whether the case has each; the reporter is never held by Canary.
    pub minimum: Vec<Check>,
    pub sections: Vec<Section>,
    /// Made by `canary generate`: every sheet says so at the top.
    pub synthetic: bool,
}

impl Sheet {
    pub fn title(&self) -> String {
        format!(
            "MedWatch answer sheet, {} – case {}",
            self.form.name(),
            self.case_number
        )
    }

    /// The reference's caveat about item numbers, printed on every sheet.
    pub fn numbering_note(&self) -> &'static str {
        "Item numbers follow a transcription of the current form (OMB 0910-0291) and are not confirmed by FDA; check them against FDA's own form when you type this in. Canary does not submit anything to FDA."
    }

    /// The banner of a synthetic case.
    pub fn synthetic_banner(&self) -> Option<&'static str> {
        self.synthetic.then_some(crate::export::SYNTHETIC_BANNER)
    }

    /// Every item, in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// The item with this number (the first, for repeated product blocks).
    pub fn item(&self, number: &str) -> Option<&Item> {
        self.items().find(|i| i.number == number)
    }
}

/// The sheet of `case` laid out like `form`, produced on `today` (the
/// date of this report, 3500 B4 / 3500B F9).
pub fn sheet(case: &CaseFile, form: Form, today: chrono::NaiveDate) -> Sheet {
    let sections = match form {
        Form::Consumer => consumer::sections(case, today),
        Form::Professional => professional::sections(case, today),
    };
    Sheet {
        form,
        case_number: case.header.case_number.clone(),
        minimum: minimum(case),
        sections,
        synthetic: case.header.synthetic,
    }
}

/// The four minimum elements (ICH E2D §3.1, medwatch.md §5).
fn minimum(case: &CaseFile) -> Vec<Check> {
    use crate::report::options::{AgeGroup, Sex};
    use crate::report::values::Age;
    let r = &case.stored.report;
    let patient = matches!(r.age, Some(Age::Years(_)))
        || matches!(r.age, Some(Age::Group(g)) if g != AgeGroup::Unknown)
        || matches!(r.sex, Sex::Female | Sex::Male | Sex::Intersex)
        || r.weight.is_some();
    let event = !r.symptoms.is_empty()
        || r.symptoms_other.is_some()
        || !r.withdrawal.is_empty()
        || !r.outcomes.is_empty()
        || r.narrative.is_some();
    [
        ("An identifiable patient (age, sex or weight)", patient),
        ("An adverse event or outcome", event),
        ("A suspect product", r.suspects().next().is_some()),
        (
            "An identifiable reporter: not held by Canary, added by whoever files the report",
            false,
        ),
    ]
    .into_iter()
    .map(|(label, ticked)| Check {
        label: label.to_owned(),
        ticked,
    })
    .collect()
}

/// The reporter section's explanation, shared by both forms.
pub const NO_REPORTER_IDENTITY: &str = "Canary holds no reporter identity. Reports are collected de-identified: the form never asks for a name, address, telephone number or e-mail address, and none is stored, so nothing here can identify the person who reported. FDA needs an identifiable reporter for a valid report: whoever types this sheet into FDA's form fills in this section with their own details.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_print_in_the_forms_style_and_forms_parse() {
        let ym = crate::report::values::YearMonth::parse(
            "2025-07",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        );
        assert_eq!(ym.map(describe::month), Ok("Jul-2025".to_owned()));
        assert_eq!(Form::parse(""), Some(Form::Consumer));
        assert_eq!(Form::parse("3500"), Some(Form::Professional));
        assert_eq!(
            Form::parse("3500A"),
            None,
            "the manufacturers' form is not offered"
        );
    }

    #[test]
    fn a_missing_item_reads_not_reported() {
        let item = Item::text("C5", "Expiration date", None);
        assert!(item.is_missing());
        assert_eq!(item.answer(), Some(NOT_REPORTED));
        let unknown = Item::text("C15", "Did it stop?", Some(describe::UNKNOWN.into()));
        assert!(
            !unknown.is_missing(),
            "don't know is not the same as not asked"
        );
    }
}
