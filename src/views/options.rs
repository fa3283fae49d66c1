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

/// The form's lists in `lang` (English labels translated by the catalogue,
/// names sorted in that language), built once per language for the process.
pub fn form_in(lang: crate::i18n::Lang) -> &'static FormOptions {
    static ALL: LazyLock<Vec<(&'static str, FormOptions)>> = LazyLock::new(|| {
        crate::i18n::Lang::all()
            .filter(|l| !l.is_english())
            .map(|l| (l.code(), translated(&FORM, l)))
            .collect()
    });
    ALL.iter()
        .find(|(code, _)| *code == lang.code())
        .map(|(_, o)| o)
        .unwrap_or(&FORM)
}

fn translated(o: &FormOptions, lang: crate::i18n::Lang) -> FormOptions {
    let tr = |list: &'static [Opt]| -> &'static [Opt] {
        Vec::leak(
            list.iter()
                .map(|x| Opt {
                    code: x.code,
                    label: lang.label(x.label),
                })
                .collect(),
        )
    };
    FormOptions {
        kinds: tr(o.kinds),
        reporters: tr(o.reporters),
        sexes: tr(o.sexes),
        age_groups: tr(o.age_groups),
        weight_units: tr(o.weight_units),
        pregnancy: tr(o.pregnancy),
        countries: sorted(tr(o.countries)),
        regions: o
            .regions
            .iter()
            .map(|g| OptGroup {
                label: lang.label(g.label),
                options: sorted(tr(g.options)),
            })
            .collect(),
        yes_no: tr(o.yes_no),
        substances: tr(o.substances),
        forms: tr(o.forms),
        strength_of: tr(o.strength_of),
        amount_units: tr(o.amount_units),
        routes: tr(o.routes),
        time_units: tr(o.time_units),
        where_bought: tr(o.where_bought),
        roles: tr(o.roles),
        reasons: tr(o.reasons),
        co_used: tr(o.co_used),
        symptom_groups: o
            .symptom_groups
            .iter()
            .map(|g| Group {
                label: lang.label(g.label),
                symptoms: tr(g.symptoms),
            })
            .collect(),
        withdrawal: tr(o.withdrawal),
        severities: tr(o.severities),
        dechallenge: tr(o.dechallenge),
        rechallenge: tr(o.rechallenge),
        outcomes: tr(o.outcomes),
        care: tr(o.care),
        naloxone_helped: tr(o.naloxone_helped),
        current_states: tr(o.current_states),
    }
}

/// Names in the reader's alphabetical order (accents ignored); "Don't
/// know" (ZZ) stays last.
fn sorted(list: &'static [Opt]) -> &'static [Opt] {
    use unicode_normalization::UnicodeNormalization;
    let key = |o: &Opt| {
        let plain: String = o
            .label
            .nfd()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect();
        (o.code == "ZZ", plain.to_lowercase())
    };
    let mut owned = list.to_vec();
    owned.sort_by_key(key);
    Vec::leak(owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// A label missing from `locales/en.toml` would stay English on every
    /// other language's form.
    #[test]
    fn every_reporter_facing_english_text_is_in_the_catalogue() {
        let en = Lang::english().catalogue();
        let o = &*FORM;
        let lists = [
            o.kinds,
            o.reporters,
            o.sexes,
            o.age_groups,
            o.weight_units,
            o.pregnancy,
            o.countries,
            o.yes_no,
            o.substances,
            o.forms,
            o.strength_of,
            o.amount_units,
            o.routes,
            o.time_units,
            o.where_bought,
            o.roles,
            o.reasons,
            o.co_used,
            o.withdrawal,
            o.severities,
            o.dechallenge,
            o.rechallenge,
            o.outcomes,
            o.care,
            o.naloxone_helped,
            o.current_states,
        ];
        let mut texts: Vec<&str> = lists
            .iter()
            .flat_map(|l| l.iter().map(|x| x.label))
            .collect();
        for g in &o.regions {
            texts.push(g.label);
            texts.extend(g.options.iter().map(|x| x.label));
        }
        for g in &o.symptom_groups {
            texts.push(g.label);
            texts.extend(g.symptoms.iter().map(|x| x.label));
        }
        texts.extend(
            crate::report::agreement::Contradiction::all()
                .iter()
                .map(|c| c.question()),
        );
        texts.extend(
            crate::deidentify::IdentifierKind::ALL
                .iter()
                .map(|k| k.plain_label()),
        );
        let missing: Vec<&str> = texts
            .into_iter()
            .filter(|t| !en.values.contains(t))
            .collect();
        assert!(missing.is_empty(), "not in locales/en.toml: {missing:?}");
    }
}
