//! Page structs for askama templates, one per page, mirroring `templates/`.
//! Templates escape everything; none applies `|safe` to reporter text.

pub mod account;
pub mod analysis;
pub mod assess;
pub mod audit;
pub mod export;
pub mod interchange;
pub mod options;
pub mod password;
pub mod report;
pub mod review;
pub mod sheets;
pub mod staff;
pub mod summary;

use askama::Template;

use crate::config::UrgentHelp;

/// What the base layout needs on every page.
pub struct Layout {
    pub title: String,
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
            emergency_number: help.emergency_number.clone(),
            poison_help: help.poison_help.clone(),
            urgent: false,
            wide: false,
        }
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
    pub title: &'static str,
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
