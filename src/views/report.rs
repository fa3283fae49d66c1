//! Pages of the public report form and the follow-up pages.

use askama::Template;

use super::options::{intern, FormOptions, Opt};
use super::summary::Section;
use super::Layout;
use crate::form::{FieldErrors, RawForm};
use crate::i18n::{Lang, Messages};
use crate::report::form::product_field;

/// A form's answers and problems, as the form macros read them, in the
/// page's language (messages are made in English and translated here).
pub struct FormState {
    pub values: RawForm,
    pub errors: FieldErrors,
    pub lang: Lang,
    pub t: &'static Messages,
}

impl FormState {
    pub fn new(values: RawForm, errors: FieldErrors) -> Self {
        let lang = Lang::english();
        Self {
            values,
            errors,
            lang,
            t: lang.t(),
        }
    }
    pub fn in_lang(self, lang: Lang) -> Self {
        Self {
            lang,
            t: lang.t(),
            ..self
        }
    }
    pub fn v(&self, name: &str) -> &str {
        self.values.get(name)
    }
    pub fn err(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(|m| self.lang.text(m))
    }
    /// A message of the error summary, in the page's language.
    pub fn msg(&self, message: &str) -> String {
        self.lang.text(message)
    }
    /// "There are {n} problems…", in the page's language.
    pub fn problems(&self) -> String {
        match self.errors.len() {
            1 => self.t.problems_one.to_owned(),
            n => Lang::fill(self.t.problems_many, &[&n.to_string()]),
        }
    }
    pub fn checked(&self, name: &str) -> bool {
        self.values.checked(name)
    }
    pub fn is(&self, name: &str, code: &str) -> bool {
        self.values.get(name) == code
    }
    /// `p{i}_{name}`.
    pub fn pf(&self, i: &usize, name: &str) -> &'static str {
        intern(product_field(*i, name))
    }
    /// The error ids of a checkbox group (`e-{prefix}{code}` of each option
    /// with an error), for the group's `aria-describedby`.
    pub fn group_errors(&self, prefix: &str, options: &[Opt]) -> String {
        options
            .iter()
            .map(|o| format!("{prefix}{}", o.code))
            .filter(|name| self.errors.get(name).is_some())
            .map(|name| format!("e-{name}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// `{prefix}{code}`, for checkbox names.
    pub fn join(&self, prefix: &str, code: &str) -> &'static str {
        intern(format!("{prefix}{code}"))
    }
}

#[derive(Template)]
#[template(path = "report/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub f: FormState,
    pub o: &'static FormOptions,
    pub products: Vec<usize>,
    pub can_add: bool,
    pub token: String,
    pub idem: String,
}

impl FormPage {
    pub fn new(
        layout: Layout,
        f: FormState,
        product_count: usize,
        token: String,
        idem: String,
    ) -> Self {
        let o = super::options::form_in(f.lang);
        Self {
            layout,
            f,
            o,
            products: (0..product_count).collect(),
            can_add: product_count < crate::report::model::MAX_PRODUCTS,
            token,
            idem,
        }
    }
}

#[derive(Template)]
#[template(path = "report/check.html")]
pub struct CheckPage {
    pub layout: Layout,
    pub sections: Vec<Section>,
    /// Every answer, carried to the final submit (and parsed again there).
    pub hidden: Vec<(String, String)>,
    /// Plain names of the kinds of identifier removed from free text.
    pub removed: Vec<&'static str>,
    /// A message to show above the answers (e.g. sent too quickly).
    pub notice: Option<String>,
    /// Answers still missing that a regulator or poison center would need.
    pub guidance: super::guidance::GuidanceBox,
}

#[derive(Template)]
#[template(path = "report/receipt.html")]
pub struct ReceiptPage {
    pub layout: Layout,
    /// None when the receipt was already shown once.
    pub receipt: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "report/thanks.html")]
pub struct ThanksPage {
    pub layout: Layout,
}

#[derive(Template)]
#[template(path = "followup/open.html")]
pub struct FollowupOpenPage {
    pub layout: Layout,
    pub f: FormState,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "followup/case.html")]
pub struct FollowupCasePage {
    pub layout: Layout,
    pub f: FormState,
    pub case_number: String,
    pub code: String,
    pub idem: String,
    pub status: &'static str,
    pub status_help: &'static str,
    /// The reviewer's question, while they wait for an answer.
    pub question: Option<String>,
    pub received: String,
    pub followups: Vec<(String, String)>,
    pub states: &'static [Opt],
    pub added: bool,
    /// The report is a duplicate: what is added goes to the case that
    /// carries on (never named to the reporter).
    pub carries_on: bool,
}
