//! Pages of the reviewers' assessment tools (`templates/review/`): reaction
//! coding, causality and duplicate candidates, and the form values each
//! starts from.

use std::sync::LazyLock;

use askama::Template;

use super::options::{intern, of, Opt};
use super::report::FormState;
use super::staff::StaffBar;
use super::Layout;
use crate::form::RawForm;
use crate::report::options::{ClosedList, CurrentState, Outcome};
use crate::review::causality::{self, Answer, WhoUmc, QUESTIONS};
use crate::review::coding::{self, Coding, CodingSource};
use crate::review::reaction_details::{self, Details};
use crate::review::terms::ReactionTerm;

pub static TERMS: LazyLock<&'static [Opt]> = LazyLock::new(of::<ReactionTerm>);
pub static WHO_UMC: LazyLock<&'static [Opt]> = LazyLock::new(of::<WhoUmc>);
pub static ANSWERS: LazyLock<&'static [Opt]> = LazyLock::new(of::<Answer>);
pub static CRITERIA: LazyLock<&'static [Opt]> = LazyLock::new(of::<Outcome>);
pub static STATES: LazyLock<&'static [Opt]> = LazyLock::new(of::<CurrentState>);
pub static DECISIONS: &[Opt] = &[
    Opt {
        code: "link",
        label: "It is a duplicate: link this report to the chosen case",
    },
    Opt {
        code: "not_duplicate",
        label: "It is not a duplicate: stop proposing this pair",
    },
];

/// Blank rows offered below the coded ones, for reactions read elsewhere.
pub const EXTRA_ROWS: usize = 3;

/// The field names of one row of the coding form.
pub struct CodingLine {
    pub n: usize,
    pub source: &'static str,
    pub term: &'static str,
    pub meddra: &'static str,
    /// Prefix of the criterion checkboxes, and the outcome, start, end fields.
    pub criteria: &'static str,
    pub outcome: &'static str,
    pub start: &'static str,
    pub end: &'static str,
}

#[derive(Template)]
#[template(path = "review/reactions.html")]
pub struct ReactionsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub case_number: String,
    pub can_edit: bool,
    pub saved: bool,
    /// Nothing coded yet: the rows show suggestions.
    pub suggested: bool,
    /// What the reporter ticked, rated and wrote.
    pub symptoms: Vec<String>,
    pub withdrawal: Vec<String>,
    pub symptoms_other: Option<String>,
    pub narrative: Option<String>,
    /// The coded reactions as stored.
    pub current: Vec<CodedLine>,
    /// Stored coded reactions that do not parse, described.
    pub damaged: Vec<String>,
    pub f: FormState,
    pub rows: Vec<CodingLine>,
    pub row_count: usize,
    pub sources: Vec<Opt>,
    pub terms: &'static [Opt],
    pub criteria: &'static [Opt],
    pub states: &'static [Opt],
    /// The active MedDRA release, if one is loaded.
    pub release: Option<String>,
    /// The MedDRA word search (GET `term`, `find`) and its hits.
    pub search: FormState,
    pub searched: bool,
    pub search_label: &'static str,
    pub hits: Vec<HitLine>,
    /// The form choosing a hit (`llt`, `pick_reason`).
    pub pick: FormState,
    /// The coded reactions, as options of the search form.
    pub coded_terms: Vec<Opt>,
}

/// One stored coded reaction, with its MedDRA term when coded.
pub struct CodedLine {
    pub term_code: &'static str,
    pub term: &'static str,
    pub source: String,
    /// "Name (code), PT …, SOC …, MedDRA v" or empty.
    pub meddra: String,
    /// The plain search words for this term.
    pub words: String,
}

/// One search hit: a current LLT with its PT and primary SOC.
pub struct HitLine {
    pub code: String,
    pub name: String,
    pub pt: String,
    pub soc: String,
}

/// The rows a coding form shows for `count` rows.
pub fn coding_lines(count: usize) -> Vec<CodingLine> {
    (0..count.min(coding::MAX_ROWS))
        .map(|i| CodingLine {
            n: i + 1,
            source: intern(reaction_details::field(i, "source")),
            term: intern(reaction_details::field(i, "term")),
            meddra: intern(reaction_details::field(i, "meddra")),
            criteria: intern(Details::criteria_prefix(i)),
            outcome: intern(reaction_details::field(i, "outcome")),
            start: intern(reaction_details::field(i, "start")),
            end: intern(reaction_details::field(i, "end")),
        })
        .collect()
}

/// The form prefilled with `codings` and [`EXTRA_ROWS`] blank rows; a
/// reaction nobody confirmed yet, and each blank row, starts from
/// `reported` (the reporter's case-level answers).
pub fn coding_form(codings: &[Coding], reported: &Details) -> (RawForm, usize) {
    let mut form = RawForm::default();
    let count = (codings.len() + EXTRA_ROWS).min(coding::MAX_ROWS);
    for i in 0..count {
        codings
            .get(i)
            .and_then(|c| c.details.as_ref())
            .unwrap_or(reported)
            .fill(&mut form, i);
    }
    for (i, c) in codings.iter().enumerate() {
        form.set(reaction_details::field(i, "source"), c.source.code());
        form.set(reaction_details::field(i, "term"), c.term.code());
        if let Some(m) = &c.meddra {
            form.set(reaction_details::field(i, "meddra"), m.as_str());
        }
    }
    form.set("rows", count.to_string());
    (form, count)
}

pub fn source_options(sources: &[CodingSource]) -> Vec<Opt> {
    sources
        .iter()
        .map(|s| Opt {
            code: intern(s.code()),
            label: intern(s.label()),
        })
        .collect()
}

/// One Naranjo question as the form shows it.
pub struct QuestionLine {
    pub name: &'static str,
    pub text: String,
    pub points: String,
}

/// A stored assessment, for reading.
pub struct SavedAssessment {
    pub event: String,
    pub who_umc: &'static str,
    pub score: i32,
    pub band: &'static str,
    pub answers: Vec<(String, &'static str)>,
    pub rationale: String,
    pub assessed: String,
}

/// One suspect product's section of the causality page.
pub struct ProductSection {
    pub position: i32,
    pub label: String,
    pub f: FormState,
    pub saved: Option<SavedAssessment>,
    pub event: &'static str,
    pub event_other: &'static str,
    pub who_umc: &'static str,
    pub questions: Vec<QuestionLine>,
    pub rationale: &'static str,
}

impl ProductSection {
    pub fn new(position: i32, label: String, f: FormState, saved: Option<SavedAssessment>) -> Self {
        let name = |n: &str| intern(causality::field(position, n));
        let points = |p: i32| match p {
            0 => "0".to_owned(),
            p if p > 0 => format!("+{p}"),
            p => format!("\u{2212}{}", -p),
        };
        Self {
            position,
            label,
            f,
            saved,
            event: name("event"),
            event_other: name("event_other"),
            who_umc: name("who_umc"),
            questions: QUESTIONS
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionLine {
                    name: name(&format!("q{}", i + 1)),
                    text: format!("{}. {}", i + 1, q.text),
                    points: format!("Yes {}, no {}, don't know 0.", points(q.yes), points(q.no)),
                })
                .collect(),
            rationale: name("rationale"),
        }
    }
}

#[derive(Template)]
#[template(path = "review/causality.html")]
pub struct CausalityPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub case_number: String,
    pub can_edit: bool,
    pub saved: bool,
    /// What the reporter said about timing, stopping and restarting.
    pub facts: Vec<(&'static str, String)>,
    pub products: Vec<ProductSection>,
    pub events: Vec<Opt>,
    /// (label, criteria) of each WHO-UMC category.
    pub criteria: Vec<(&'static str, &'static str)>,
    pub who_options: &'static [Opt],
    pub answers: &'static [Opt],
    /// Stored coded reactions that do not parse, described.
    pub damaged: Vec<String>,
}

pub fn who_criteria() -> Vec<(&'static str, &'static str)> {
    WhoUmc::all()
        .iter()
        .map(|w| (w.label(), w.criteria()))
        .collect()
}

/// A candidate as listed.
pub struct CandidateLine {
    pub case_number: String,
    pub score: String,
    pub reasons: String,
}

#[derive(Template)]
#[template(path = "review/duplicates.html")]
pub struct DuplicatesPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub case_number: String,
    pub can_edit: bool,
    pub saved: bool,
    /// The case this one repeats, when linked.
    pub duplicate_of: Option<String>,
    /// Cases linked as duplicates of this one.
    pub linked: Vec<String>,
    pub candidates: Vec<CandidateLine>,
    /// (case number, label) for the candidate select.
    pub candidate_options: Vec<(String, String)>,
    pub decisions: &'static [Opt],
    pub f: FormState,
    pub threshold: String,
}
