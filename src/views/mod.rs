//! Page structs for askama templates, one per page, mirroring `templates/`.
//! Templates escape everything; none applies `|safe` to reporter text.

pub mod account;
pub mod alerts;
pub mod analysis;
pub mod assess;
pub mod audit;
pub mod export;
pub mod guidance;
pub mod interchange;
pub mod options;
pub mod password;
pub mod public_data;
pub mod report;
pub mod review;
pub mod sheets;
pub mod staff;
pub mod summary;

use askama::Template;

use crate::config::UrgentHelp;
use crate::i18n::{Lang, Messages};

/// What the base layout needs on every page.
pub struct Layout {
    pub title: String,
    /// The page's language (staff pages: always English).
    pub lang: Lang,
    pub t: &'static Messages,
    /// Reporter pages offer the other languages, each a link to
    /// `/language/{code}?back={back}`; staff pages have none.
    pub back: Option<&'static str>,
    /// The help lines are the United States' (Poison Help, 988).
    pub us_help: bool,
    pub emergency_number: String,
    pub poison_help: String,
    /// Repeat the call-for-help message prominently at the top.
    pub urgent: bool,
    /// Use the full width (staff tables); public pages keep a reading width.
    pub wide: bool,
}

impl Layout {
    pub fn new(title: &str, help: &UrgentHelp) -> Self {
        Self {
            title: title.to_owned(),
            lang: Lang::english(),
            t: Lang::english().t(),
            back: None,
            us_help: help.region == "US",
            emergency_number: help.emergency_number.clone(),
            poison_help: help.poison_help.clone(),
            urgent: false,
            wide: false,
        }
    }

    /// A reporter page in `lang`, whose language links come back to `back`.
    pub fn public(title: &str, help: &UrgentHelp, lang: Lang, back: &'static str) -> Self {
        Self {
            lang,
            t: lang.t(),
            back: Some(back),
            ..Self::new(title, help)
        }
    }

    /// The languages this page can switch to.
    pub fn other_languages(&self) -> Vec<Lang> {
        match self.back {
            Some(_) => Lang::all().filter(|l| *l != self.lang).collect(),
            None => Vec::new(),
        }
    }

    /// A catalogue message with its `{n}` filled in.
    pub fn fill(&self, template: &str, value: impl std::fmt::Display) -> String {
        Lang::fill(template, &[&value.to_string()])
    }

    pub fn fill2(&self, template: &str, a: &str, b: &str) -> String {
        Lang::fill(template, &[a, b])
    }

    pub fn urgent(mut self, urgent: bool) -> Self {
        self.urgent = urgent;
        self
    }

    pub fn wide(mut self) -> Self {
        self.wide = true;
        self
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub title: String,
    pub message: String,
    pub reference: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
}

#[derive(Template)]
#[template(path = "privacy.html")]
pub struct PrivacyPage {
    pub layout: Layout,
}
