//! The NPDS-style lines of the poison-center summary (poison-centers.md §1,
//! §2, §4): reason for exposure, chronicity, route, duration band, level of
//! care and medical outcome as closed lists, each derived from the
//! reporter's answers as a default that a reviewer may replace (the
//! reviewer's choice is stored per case in `npds_codes`).

use crate::report::model::NewReport;
use crate::report::options::*;
use crate::report::options::{closed_list, ClosedList};
use crate::report::values::Span;

closed_list!(
    /// Reason for exposure in NPDS terms (§4 "Route and reason").
    Reason {
        AdverseReaction = "adverse_reaction" => "Adverse reaction",
        Misuse = "misuse" => "Misuse",
        Abuse = "abuse" => "Abuse",
        TherapeuticError = "therapeutic_error" => "Therapeutic error",
        Withdrawal = "withdrawal" => "Withdrawal",
        SelfHarm = "self_harm" => "Suspected self-harm",
        Unintentional = "unintentional" => "Unintentional",
        Unknown = "unknown" => "Unknown",
    }
);

closed_list!(
    /// Chronicity (§4 "Amount and timing").
    Chronicity {
        Acute = "acute" => "Acute (one-off)",
        AcuteOnChronic = "acute_on_chronic" => "Acute-on-chronic (regular use with a recent larger dose)",
        Chronic = "chronic" => "Chronic (regular use)",
        Unknown = "unknown" => "Unknown",
    }
);

closed_list!(
    /// NPDS medical outcome (§2).
    MedicalOutcome {
        NoEffect = "no_effect" => "No effect",
        Minor = "minor" => "Minor effect",
        Moderate = "moderate" => "Moderate effect",
        Major = "major" => "Major effect",
        Death = "death" => "Death",
        NotFollowedNonToxic = "nf_non_toxic" => "Not followed, judged as non-toxic exposure",
        NotFollowedMinimal = "nf_minimal" => "Not followed, minimal clinical effects possible",
        UnableToFollow = "unable_to_follow" => "Unable to follow, judged as potentially toxic exposure",
        Unrelated = "unrelated" => "Unrelated effect",
        DeathIndirect = "death_indirect" => "Death, indirect report",
        NonExposure = "non_exposure" => "Confirmed non-exposure",
    }
);

/// The reviewer's choices for one case; `None` keeps the derived default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coding {
    pub reason: Option<Reason>,
    pub chronicity: Option<Chronicity>,
    pub outcome: Option<MedicalOutcome>,
    /// "2026-12-06" when a reviewer last set any of them.
    pub set_on: Option<String>,
}

/// A value with where it came from.
pub fn said<T: ClosedList>(chosen: Option<T>, derived: T, set_on: &Option<String>) -> String {
    match (chosen, set_on) {
        (Some(v), Some(on)) => format!("{} (set by a reviewer on {on})", v.label()),
        (Some(v), None) => format!("{} (set by a reviewer)", v.label()),
        (None, _) => format!(
            "{} (derived from the report; not yet confirmed by a reviewer)",
            derived.label()
        ),
    }
}

/// Reason for exposure from the report: stopping → withdrawal, an
/// accidental exposure → unintentional, use for fun → abuse.
pub fn reason(r: &NewReport) -> Reason {
    let used_for_fun = r
        .products
        .iter()
        .any(|p| p.reasons.contains(&ReasonForUse::Recreation));
    match r.kind {
        ReportKind::Withdrawal => Reason::Withdrawal,
        ReportKind::Accidental => Reason::Unintentional,
        _ if !r.withdrawal.is_empty() && r.last_dose.is_some() => Reason::Withdrawal,
        _ if used_for_fun => Reason::Abuse,
        ReportKind::Reaction => Reason::AdverseReaction,
        ReportKind::ProductProblem => Reason::Unknown,
    }
}

fn hours(s: Span) -> f64 {
    let v = f64::from(s.value());
    match s.unit() {
        TimeUnit::Minutes => v / 60.0,
        TimeUnit::Hours => v,
        TimeUnit::Days => v * 24.0,
        TimeUnit::Weeks => v * 24.0 * 7.0,
        TimeUnit::Months => v * 24.0 * 30.0,
        TimeUnit::Years => v * 24.0 * 365.0,
    }
}

/// Regular use (a week or longer of use, or several doses a day) is
/// chronic; a single exposure by a child or a first use is acute.
pub fn chronicity(r: &NewReport) -> Chronicity {
    let regular = r
        .products
        .iter()
        .filter_map(|p| p.used_for)
        .any(|s| hours(s) >= 24.0 * 7.0);
    if regular || r.kind == ReportKind::Withdrawal {
        Chronicity::Chronic
    } else if r.kind == ReportKind::Accidental || r.products.iter().any(|p| p.used_for.is_some()) {
        Chronicity::Acute
    } else {
        Chronicity::Unknown
    }
}

/// The NPDS route of one product.
pub fn route(route: Route) -> &'static str {
    match route {
        Route::Swallowed | Route::MixedIn | Route::Drunk => "Ingestion",
        Route::Inhaled | Route::Snorted => "Inhalation/nasal",
        Route::Injected => "Parenteral",
        Route::Other => "Other",
        Route::Unknown => "Unknown",
    }
}

/// How long the effects lasted, in NPDS bands.
pub fn duration(r: &NewReport) -> String {
    let Some(s) = r.lasted else {
        return match r.current_state {
            CurrentState::NotRecovered | CurrentState::Recovering => {
                "Unknown (effects still present when reported)".to_owned()
            }
            _ => "Unknown".to_owned(),
        };
    };
    let h = hours(s);
    let band = if h <= 2.0 {
        "≤2 h"
    } else if h <= 8.0 {
        ">2–8 h"
    } else if h <= 24.0 {
        ">8–24 h"
    } else if h <= 72.0 {
        ">24 h–3 days"
    } else if h <= 24.0 * 7.0 {
        ">3 days–1 week"
    } else if h <= 24.0 * 31.0 {
        ">1 week–1 month"
    } else {
        ">1 month"
    };
    if r.current_state == CurrentState::LastingEffects {
        format!("{band}, with lasting effects (reported {s})")
    } else {
        format!("{band} (reported {s})")
    }
}

/// Level of care from the highest care ticked (§1, level of care).
pub fn level_of_care(r: &NewReport) -> String {
    let has = |c| r.care.contains(&c);
    if has(Care::Icu) {
        "Admitted to critical care unit".into()
    } else if has(Care::Admitted) {
        "Admitted to non-critical care unit".into()
    } else if has(Care::Emergency) {
        "Treated/evaluated and released (emergency department or urgent care)".into()
    } else if has(Care::Doctor) {
        "Seen by a doctor or nurse; not admitted".into()
    } else if has(Care::PoisonCenter) || has(Care::None) {
        "Managed on site, not in a health care facility".into()
    } else {
        "Unknown".into()
    }
}

/// The default medical outcome from the report (and `died_later`, a
/// follow-up telling of a death): death, life-threatening symptoms or
/// intensive care → major; hospital, emergency care or naloxone →
/// moderate; other symptoms → minor; none → no effect.
pub fn outcome(r: &NewReport, serious: &[Outcome], died_later: bool) -> MedicalOutcome {
    let died =
        died_later || r.current_state == CurrentState::Died || serious.contains(&Outcome::Death);
    let major = serious.contains(&Outcome::LifeThreatening)
        || serious.contains(&Outcome::Disability)
        || r.care.contains(&Care::Icu)
        || r.needs_urgent_help()
        || r.current_state == CurrentState::LastingEffects;
    let moderate = serious.contains(&Outcome::Hospitalised)
        || serious.contains(&Outcome::Intervention)
        || serious.contains(&Outcome::OtherSerious)
        || r.care.contains(&Care::Admitted)
        || r.care.contains(&Care::Emergency)
        || r.naloxone == YesNoUnknown::Yes
        || r.withdrawal.iter().any(|(_, s)| *s == Severity::Severe);
    let effects = !r.symptoms.is_empty() || r.symptoms_other.is_some() || !r.withdrawal.is_empty();
    if died {
        MedicalOutcome::Death
    } else if major {
        MedicalOutcome::Major
    } else if moderate {
        MedicalOutcome::Moderate
    } else if effects {
        MedicalOutcome::Minor
    } else if r.current_state == CurrentState::Unknown {
        MedicalOutcome::UnableToFollow
    } else {
        MedicalOutcome::NoEffect
    }
}
