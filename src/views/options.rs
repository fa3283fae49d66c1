//! Option lists as templates need them: code and label pairs.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use crate::report::options::*;
use crate::report::symptoms::{Symptom, SymptomGroup, WithdrawalSymptom};

#[derive(Debug, Clone, Copy)]
pub struct Opt {
    pub code: &'static str,
    pub label: &'static str,
}

/// The options of a closed list, built once per list for the process.
pub fn of<T: ClosedList>() -> &'static [Opt] {
    Vec::leak(
        T::all()
            .iter()
            .map(|v| Opt {
                code: v.code(),
                label: v.label(),
            })
            .collect(),
    )
}

/// The staff roles, as a list to choose from.
pub fn roles() -> &'static [Opt] {
    static ROLES: LazyLock<Vec<Opt>> = LazyLock::new(|| {
        crate::auth::Role::ALL
            .iter()
            .map(|r| Opt {
                code: r.code(),
                label: r.label(),
            })
            .collect()
    });
    &ROLES
}

/// Intern a field name so templates can pass it around by copy. Names come
/// only from templates (a bounded set), so the table stays small.
pub fn intern(name: String) -> &'static str {
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut names = NAMES.lock().unwrap_or_else(|p| p.into_inner());
    match names.get(name.as_str()) {
        Some(n) => n,
        None => {
            let leaked: &'static str = String::leak(name);
            names.insert(leaked);
            leaked
        }
    }
}

/// Symptoms under one heading of the checklist.
pub struct Group {
    pub label: &'static str,
    pub symptoms: &'static [Opt],
}

/// Options under one `<optgroup>` of a select.
pub struct OptGroup {
    pub label: &'static str,
    pub options: &'static [Opt],
}

/// Every list the report form shows.
pub struct FormOptions {
    pub kinds: &'static [Opt],
    pub reporters: &'static [Opt],
    pub sexes: &'static [Opt],
    pub age_groups: &'static [Opt],
    pub weight_units: &'static [Opt],
    pub pregnancy: &'static [Opt],
    pub countries: &'static [Opt],
    /// Regions, one group per country that has them.
    pub regions: Vec<OptGroup>,
    pub yes_no: &'static [Opt],
    pub substances: &'static [Opt],
    pub forms: &'static [Opt],
    pub strength_of: &'static [Opt],
    pub amount_units: &'static [Opt],
    pub routes: &'static [Opt],
    pub time_units: &'static [Opt],
    pub where_bought: &'static [Opt],
    pub roles: &'static [Opt],
    pub reasons: &'static [Opt],
    pub co_used: &'static [Opt],
    pub symptom_groups: Vec<Group>,
    pub withdrawal: &'static [Opt],
    pub severities: &'static [Opt],
    pub dechallenge: &'static [Opt],
    pub rechallenge: &'static [Opt],
    pub outcomes: &'static [Opt],
    pub care: &'static [Opt],
    pub naloxone_helped: &'static [Opt],
    pub current_states: &'static [Opt],
}

pub static FORM: LazyLock<FormOptions> = LazyLock::new(|| FormOptions {
    kinds: of::<ReportKind>(),
    reporters: of::<ReporterRole>(),
    sexes: of::<Sex>(),
    age_groups: of::<AgeGroup>(),
    weight_units: of::<WeightUnit>(),
    pregnancy: of::<Pregnancy>(),
    countries: of::<Country>(),
    regions: crate::report::regions::WITH_REGIONS
        .iter()
        .map(|c| OptGroup {
            label: c.label(),
            options: Vec::leak(
                Region::of(*c)
                    .map(|r| Opt {
                        code: r.code(),
                        label: r.label(),
                    })
                    .collect(),
            ),
        })
        .collect(),
    yes_no: of::<YesNoUnknown>(),
    substances: of::<Substance>(),
    forms: of::<ProductForm>(),
    strength_of: of::<StrengthOf>(),
    amount_units: of::<AmountUnit>(),
    routes: of::<Route>(),
    time_units: of::<TimeUnit>(),
    where_bought: of::<WhereBought>(),
    roles: of::<ProductRole>(),
    reasons: of::<ReasonForUse>(),
    co_used: of::<CoUsed>(),
    symptom_groups: SymptomGroup::all()
        .iter()
        .map(|g| Group {
            label: g.label(),
            symptoms: Vec::leak(
                Symptom::all()
                    .iter()
                    .filter(|s| s.group() == *g)
                    .map(|s| Opt {
                        code: s.code(),
                        label: s.label(),
                    })
                    .collect(),
            ),
        })
        .collect(),
    withdrawal: of::<WithdrawalSymptom>(),
    severities: of::<Severity>(),
    dechallenge: of::<Dechallenge>(),
    rechallenge: of::<Rechallenge>(),
    outcomes: of::<Outcome>(),
    care: of::<Care>(),
    naloxone_helped: of::<NaloxoneHelped>(),
    current_states: of::<CurrentState>(),
});
