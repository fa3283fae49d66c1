//! Causality for one suspect product (clinical-scales.md §2–§3): the
//! WHO-UMC category, the ten Naranjo questions in Canary's own words with
//! their points, the score and band computed here (never typed in), and
//! reading the reviewer's form. Storing it is `review::assess`.

use crate::form::{FieldErrors, RawForm};
use crate::report::options::{closed_list, ClosedList};

use super::reason;
use super::terms::ReactionTerm;

closed_list!(
    /// WHO-UMC categories; the codes are FHIR's `adverse-event-causality-assess`.
    WhoUmc {
        Certain = "certain" => "Certain",
        Probable = "probably-likely" => "Probable / likely",
        Possible = "possible" => "Possible",
        Unlikely = "unlikely" => "Unlikely",
        Conditional = "conditional-classified" => "Conditional / unclassified",
        Unassessable = "unassessable-unclassifiable" => "Unassessable / unclassifiable",
    }
);

impl WhoUmc {
    /// What must hold for the category, in Canary's words.
    pub fn criteria(self) -> &'static str {
        match self {
            Self::Certain => "Timing fits; nothing else explains it; it eased when the product was stopped; it is a recognised effect; it came back on re-use where that was needed.",
            Self::Probable => "Timing fits; illness or other substances are unlikely explanations; it eased when the product was stopped; re-use not needed.",
            Self::Possible => "Timing fits, but illness or other substances could also explain it; what happened on stopping may be unknown.",
            Self::Unlikely => "The timing makes a link improbable (not impossible), and other causes explain it plausibly.",
            Self::Conditional => "More information is needed, or is being gathered, before it can be judged.",
            Self::Unassessable => "The information is too thin or contradictory to judge and cannot be completed or checked.",
        }
    }
}

closed_list!(
    NaranjoBand {
        Definite = "definite" => "Definite",
        Probable = "probable" => "Probable",
        Possible = "possible" => "Possible",
        Doubtful = "doubtful" => "Doubtful",
    }
);

impl NaranjoBand {
    /// ≥ 9 definite, 5–8 probable, 1–4 possible, ≤ 0 doubtful.
    pub fn of(score: i32) -> Self {
        match score {
            9.. => Self::Definite,
            5..=8 => Self::Probable,
            1..=4 => Self::Possible,
            _ => Self::Doubtful,
        }
    }
}

closed_list!(
    /// One Naranjo answer; stored as its first letter.
    Answer {
        Yes = "y" => "Yes",
        No = "n" => "No",
        DontKnow = "u" => "Don't know",
    }
);

/// A Naranjo question: Canary's wording and the points for yes and no
/// ("don't know" always scores 0).
pub struct Question {
    pub text: &'static str,
    pub yes: i32,
    pub no: i32,
}

pub const QUESTIONS: [Question; 10] = [
    Question { text: "Has this kind of reaction to this product been reliably described before (published reports or other confirmed cases)?", yes: 1, no: 0 },
    Question { text: "Did the problem begin only after the person had taken the product?", yes: 2, no: -1 },
    Question { text: "Once the product was stopped, or a reversal drug such as naloxone was given, did the problem get better?", yes: 1, no: 0 },
    Question { text: "When the person used the product again, did the problem come back?", yes: 2, no: -1 },
    Question { text: "Could something other than the product, such as an illness or another substance, account for the problem by itself?", yes: -1, no: 2 },
    Question { text: "Did the problem come back when the person was given a dummy pill or inactive substance?", yes: -1, no: 1 },
    Question { text: "Did a lab test find the product in blood, urine or another fluid at an amount known to be harmful?", yes: 1, no: 0 },
    Question { text: "Did more of the product make the problem worse, or less of it make the problem milder?", yes: 1, no: 0 },
    Question { text: "Has the person had a problem like this before with the same product or one like it?", yes: 1, no: 0 },
    Question { text: "Is there objective evidence of the problem, such as an examination finding, a test result or a medical record?", yes: 1, no: 0 },
];

/// The ten answers; unanswered questions are "don't know".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answers(pub [Answer; 10]);

impl Answers {
    pub fn letters(&self) -> String {
        self.0.iter().map(|a| a.code()).collect()
    }

    pub fn from_letters(letters: &str) -> Option<Self> {
        let mut out = [Answer::DontKnow; 10];
        let mut chars = letters.chars();
        for slot in &mut out {
            *slot = Answer::from_code(chars.next()?.encode_utf8(&mut [0; 4]))?;
        }
        chars.next().is_none().then_some(Self(out))
    }

    /// The Naranjo total, −4 to 13.
    pub fn score(&self) -> i32 {
        self.0
            .iter()
            .zip(&QUESTIONS)
            .map(|(a, q)| match a {
                Answer::Yes => q.yes,
                Answer::No => q.no,
                Answer::DontKnow => 0,
            })
            .sum()
    }

    pub fn band(&self) -> NaranjoBand {
        NaranjoBand::of(self.score())
    }
}

/// The event a product was assessed for: a coded reaction or free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssessedEvent {
    Term(ReactionTerm),
    Text(String),
}

impl AssessedEvent {
    pub fn storage(&self) -> String {
        match self {
            Self::Term(t) => format!("term:{}", t.code()),
            Self::Text(s) => format!("text:{s}"),
        }
    }

    pub fn from_storage(stored: &str) -> Self {
        match stored.split_once(':') {
            Some(("term", code)) => match ReactionTerm::from_code(code) {
                Some(t) => Self::Term(t),
                None => Self::Text(stored.to_owned()),
            },
            Some(("text", text)) => Self::Text(text.to_owned()),
            _ => Self::Text(stored.to_owned()),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::Term(t) => t.label().to_owned(),
            Self::Text(s) => s.clone(),
        }
    }
}

/// A causality assessment as stored (without its report and assessor).
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct CausalityRow {
    pub product_id: String,
    pub event_assessed: String,
    pub who_umc: String,
    pub naranjo_answers: String,
    pub naranjo_score: i32,
    pub naranjo_band: String,
    pub rationale: String,
    pub assessed_at: chrono::NaiveDateTime,
}

/// A suspect product of a report, with the name a reviewer would use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspectProduct {
    pub id: String,
    pub position: i32,
    pub label: String,
}

/// A reviewer's assessment of one suspect product, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub event: AssessedEvent,
    pub who_umc: WhoUmc,
    pub answers: Answers,
    pub rationale: String,
}

impl Assessment {
    /// The assessment as its audit event records it.
    pub fn describe(&self) -> String {
        describe(
            &self.event.storage(),
            self.who_umc.code(),
            &self.answers.letters(),
            self.answers.score(),
            self.answers.band().code(),
        )
    }
}

/// An assessment as the audit trail records it, from its stored values.
pub fn describe(event: &str, who: &str, letters: &str, score: i32, band: &str) -> String {
    format!("event={event}; who_umc={who}; naranjo={letters}; score={score} ({band})")
}

/// Field `name` of the form for the product at `position`.
pub fn field(position: i32, name: &str) -> String {
    format!("c{position}_{name}")
}

/// Read the form for the product at `position`.
pub fn parse(form: &RawForm, position: i32) -> Result<Assessment, FieldErrors> {
    let f = |name: &str| field(position, name);
    let mut errors = FieldErrors::default();
    let event = match form.value(&f("event")) {
        Some("text") => match reason::parse(form.get(&f("event_other")), 200, false) {
            Ok(Some(text)) => Some(AssessedEvent::Text(text)),
            Ok(None) => {
                errors.add(f("event_other"), "Describe the event you assessed.");
                None
            }
            Err(e) => {
                errors.add(f("event_other"), e);
                None
            }
        },
        Some(code) => match code.strip_prefix("term:").and_then(ReactionTerm::from_code) {
            Some(t) => Some(AssessedEvent::Term(t)),
            None => {
                errors.add(f("event"), "Choose the event from the list.");
                None
            }
        },
        None => {
            errors.add(f("event"), "Choose which event you assessed.");
            None
        }
    };
    let who_umc = WhoUmc::from_code(form.get(&f("who_umc")));
    if who_umc.is_none() {
        errors.add(f("who_umc"), "Choose a WHO-UMC category.");
    }
    let mut answers = [Answer::DontKnow; 10];
    for (i, slot) in answers.iter_mut().enumerate() {
        let name = f(&format!("q{}", i + 1));
        match form.value(&name) {
            None => {}
            Some(code) => match Answer::from_code(code) {
                Some(a) => *slot = a,
                None => errors.add(name, "Answer yes, no or don't know."),
            },
        }
    }
    let rationale = reason::required(
        form.get(&f("rationale")),
        reason::MAX_REASON,
        "Write your rationale: why you chose this category (it is required).",
    )
    .map_err(|e| errors.add(f("rationale"), e));
    match (event, who_umc, rationale) {
        (Some(event), Some(who_umc), Ok(rationale)) if errors.is_empty() => Ok(Assessment {
            event,
            who_umc,
            answers: Answers(answers),
            rationale,
        }),
        _ => Err(errors),
    }
}
