//! What one coded reaction means (E2B E.i.3.2, E.i.7, E.i.4, E.i.5): its
//! own seriousness criteria, outcome, start and end month. The reporter's
//! case-level answers are the default a reviewer confirms or changes per
//! reaction on the coding form.

use crate::form::{FieldErrors, RawForm};
use crate::report::options::{ClosedList, CurrentState, Outcome};
use crate::report::values::YearMonth;

/// Name of field `name` of row `i` of the coding form.
pub fn field(i: usize, name: &str) -> String {
    format!("r{i}_{name}")
}

/// A coded reaction as stored ('' source = the narrative).
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct CodingRow {
    pub term: String,
    pub source: String,
    pub meddra_code: Option<String>,
    pub meddra_version: Option<String>,
    /// What the reaction means, as confirmed (NULL outcome: not yet).
    pub seriousness: Option<String>,
    pub outcome: Option<String>,
    pub started: Option<String>,
    pub ended: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub seriousness: Vec<Outcome>,
    pub outcome: CurrentState,
    pub start: Option<YearMonth>,
    pub end: Option<YearMonth>,
}

/// Stored columns: seriousness, outcome, started, ended.
pub type Stored = (String, String, Option<String>, Option<String>);

fn month(raw: &str) -> Option<YearMonth> {
    let far = chrono::NaiveDate::from_ymd_opt(9999, 12, 31)?;
    YearMonth::parse(raw, far).ok()
}

impl Details {
    pub fn storage(&self) -> Stored {
        (
            self.seriousness
                .iter()
                .map(|o| o.code())
                .collect::<Vec<_>>()
                .join(","),
            self.outcome.code().to_owned(),
            self.start.map(|m| m.to_string()),
            self.end.map(|m| m.to_string()),
        )
    }

    /// `None` when the reaction was never confirmed (NULL outcome) or a
    /// value does not parse.
    pub fn from_storage(
        seriousness: Option<&str>,
        outcome: Option<&str>,
        start: Option<&str>,
        end: Option<&str>,
    ) -> Option<Self> {
        let outcome = CurrentState::from_code(outcome?)?;
        let seriousness = seriousness
            .unwrap_or("")
            .split(',')
            .filter(|c| !c.is_empty())
            .map(Outcome::from_code)
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            seriousness,
            outcome,
            start: start.and_then(month),
            end: end.and_then(month),
        })
    }

    /// Name of the criterion checkbox prefix of row `i`.
    pub fn criteria_prefix(i: usize) -> String {
        field(i, "s_")
    }

    /// Put these details in row `i` of a coding form.
    pub fn fill(&self, form: &mut RawForm, i: usize) {
        for o in &self.seriousness {
            form.set(format!("{}{}", Self::criteria_prefix(i), o.code()), "on");
        }
        form.set(field(i, "outcome"), self.outcome.code());
        if let Some(s) = self.start {
            form.set(field(i, "start"), s.to_string());
        }
        if let Some(e) = self.end {
            form.set(field(i, "end"), e.to_string());
        }
    }

    /// Read row `i`; problems go to `errors` under the row's field names.
    pub fn parse(
        form: &RawForm,
        i: usize,
        today: chrono::NaiveDate,
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        let prefix = Self::criteria_prefix(i);
        let seriousness: Vec<Outcome> = Outcome::all()
            .iter()
            .copied()
            .filter(|o| form.checked(&format!("{prefix}{}", o.code())))
            .collect();
        let (o, s, e) = (field(i, "outcome"), field(i, "start"), field(i, "end"));
        let outcome = CurrentState::from_code(form.get(&o));
        if outcome.is_none() {
            errors.add(&o, "Choose the outcome of this reaction.");
        }
        let mut read = |name: &str| match form.value(name) {
            None => Some(None),
            Some(v) => YearMonth::parse(v, today)
                .map(Some)
                .map_err(|e| errors.add(name, e))
                .ok(),
        };
        let (start, end) = (read(&s)?, read(&e)?);
        if let (Some(a), Some(b)) = (start, end) {
            if b < a {
                errors.add(&e, "The reaction cannot end before it started.");
                return None;
            }
        }
        Some(Self {
            seriousness,
            outcome: outcome?,
            start,
            end,
        })
    }

    /// The reporter's case-level answers: the default of every reaction.
    pub fn reported(stored: &crate::report::stored::StoredReport) -> Self {
        let r = &stored.report;
        let outcome = stored
            .followups
            .iter()
            .rev()
            .find_map(|f| f.current_state)
            .unwrap_or(r.current_state);
        Self {
            seriousness: r.outcomes.clone(),
            outcome,
            start: r.onset,
            end: None,
        }
    }

    pub fn describe(&self) -> String {
        let (s, o, a, b) = self.storage();
        format!(
            "serious={s}; outcome={o}; start={}; end={}",
            a.unwrap_or_default(),
            b.unwrap_or_default()
        )
    }
}
