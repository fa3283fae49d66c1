//! The completeness guidance of the check-your-answers page: every word of
//! it lives here (one catalogue to translate), and the box the template
//! draws from a report's gaps (`report::completeness`).

use std::sync::LazyLock;

use crate::form::RawForm;
use crate::i18n::Lang;
use crate::report::completeness::{self, Gap, SEEN_FIELD};
use crate::report::form::filled_blocks;
use crate::report::model::NewReport;

/// Every user-facing string of the guidance. `{n}` stands for a product's
/// number as the check page shows it.
pub struct GuidanceText {
    pub heading: &'static str,
    pub intro: &'static str,
    pub minimum: &'static str,
    pub useful: &'static str,
    pub change: &'static str,
    /// The one line that replaces a list already shown once.
    pub left: &'static str,
    pub patient: &'static str,
    pub event: &'static str,
    pub suspect: &'static str,
    pub product_form: &'static str,
    pub amount: &'static str,
    pub onset: &'static str,
    pub onset_withdrawal: &'static str,
    pub outcome: &'static str,
}

pub const EN: GuidanceText = GuidanceText {
    heading: "Answers that would make your report more useful",
    intro: "A poison center or a regulator such as the FDA can use a report best when it has these answers. Add them if you know them. If you don't, you can still send the report.",
    minimum: "Needed for a complete report:",
    useful: "Also very helpful:",
    change: "Change",
    left: "Some answers we suggested before are still empty. That is fine: you can send the report as it is.",
    patient: "The person's age, age group or sex",
    event: "What happened: tick a symptom or describe it in your own words",
    suspect: "Which product you think caused the problem",
    product_form: "Product {n}: its form (capsules, powder, a liquid shot…)",
    amount: "Product {n}: how much was taken each time",
    onset: "How long after a dose the problem started",
    onset_withdrawal: "How long after the last dose the withdrawal symptoms started",
    outcome: "How the person is now (for example, recovered or getting better)",
};

impl GuidanceText {
    pub fn item(&self, gap: Gap) -> String {
        let numbered = |s: &str, i: usize| s.replace("{n}", &(i + 1).to_string());
        match gap {
            Gap::Patient => self.patient.into(),
            Gap::Event => self.event.into(),
            Gap::SuspectProduct => self.suspect.into(),
            Gap::ProductForm(i) => numbered(self.product_form, i),
            Gap::Amount(i) => numbered(self.amount, i),
            Gap::Onset { withdrawal: false } => self.onset.into(),
            Gap::Onset { withdrawal: true } => self.onset_withdrawal.into(),
            Gap::Outcome => self.outcome.into(),
        }
    }
}

/// One missing answer with its "Change" button.
#[derive(Clone)]
pub struct GuidanceItem {
    pub text: String,
    /// The button's `action` value (`edit:<section>`).
    pub action: String,
    /// Where the form opens: `/report#f-<field>`.
    pub target: String,
}

/// What the check page shows; empty when nothing is missing.
#[derive(Clone)]
pub struct GuidanceBox {
    pub t: &'static GuidanceText,
    pub minimum: Vec<GuidanceItem>,
    pub useful: Vec<GuidanceItem>,
    /// Gaps shown on an earlier check page are still open.
    pub left: bool,
}

impl GuidanceBox {
    pub fn has_list(&self) -> bool {
        !self.minimum.is_empty() || !self.useful.is_empty()
    }
}

/// The guidance's words in `lang` (the catalogues in `locales/` hold each
/// English string above with its translation).
pub fn text_in(lang: Lang) -> &'static GuidanceText {
    static ALL: LazyLock<Vec<(&'static str, GuidanceText)>> = LazyLock::new(|| {
        Lang::all()
            .map(|l| {
                let tr = |s: &'static str| l.label(s);
                let text = GuidanceText {
                    heading: tr(EN.heading),
                    intro: tr(EN.intro),
                    minimum: tr(EN.minimum),
                    useful: tr(EN.useful),
                    change: tr(EN.change),
                    left: tr(EN.left),
                    patient: tr(EN.patient),
                    event: tr(EN.event),
                    suspect: tr(EN.suspect),
                    product_form: tr(EN.product_form),
                    amount: tr(EN.amount),
                    onset: tr(EN.onset),
                    onset_withdrawal: tr(EN.onset_withdrawal),
                    outcome: tr(EN.outcome),
                };
                (l.code(), text)
            })
            .collect()
    });
    ALL.iter()
        .find(|(code, _)| *code == lang.code())
        .map_or(&EN, |(_, t)| t)
}

/// The guidance for `report` parsed from `form`, in `lang`, and the new
/// value of the hidden field remembering what was shown (`None` when
/// nothing ever was).
pub fn build(report: &NewReport, form: &RawForm, lang: Lang) -> (GuidanceBox, Option<String>) {
    let t = text_in(lang);
    let g = completeness::guidance(&completeness::gaps(report), form.get(SEEN_FIELD));
    let blocks = filled_blocks(form);
    let item = |gap: Gap| GuidanceItem {
        text: t.item(gap),
        action: format!("edit:{}", gap.section()),
        target: format!("/report#f-{}", gap.field(&blocks)),
    };
    let (minimum, useful): (Vec<Gap>, Vec<Gap>) = g.new.iter().partition(|g| g.is_minimum());
    let shown = GuidanceBox {
        t,
        minimum: minimum.into_iter().map(item).collect(),
        useful: useful.into_iter().map(item).collect(),
        left: g.left > 0,
    };
    (shown, Some(g.seen).filter(|s| !s.is_empty()))
}
