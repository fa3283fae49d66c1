//! The public report form: field names, and turning a decoded form into a
//! typed [`NewReport`] or the list of what to fix (parse, don't validate).

use std::collections::BTreeSet;

use super::agreement::{self, age_in_group, Contradiction};
use super::model::*;
use super::options::*;
use super::symptoms::{Symptom, WithdrawalSymptom};
use super::values::*;
use crate::form::{FieldErrors, RawForm};

/// Fields whose answers may span several lines.
pub fn is_multiline(field: &str) -> bool {
    matches!(
        field,
        "narrative" | "health_conditions" | "medicines" | "other_treatment" | "symptoms_other"
    )
}

/// Name of field `name` of product block `i` (`p0_brand`).
pub fn product_field(i: usize, name: &str) -> String {
    format!("p{i}_{name}")
}

/// How many product blocks the form shows (hidden field `products`, 1..=10).
pub fn product_count(form: &RawForm) -> usize {
    form.value("products")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PRODUCTS)
}

/// Whether product block `i` has any answer besides its role (an empty
/// block is dropped, not refused).
fn block_used(form: &RawForm, i: usize) -> bool {
    let prefix = product_field(i, "");
    form.iter()
        .any(|(k, v)| k.starts_with(&prefix) && !k.ends_with("_role") && !v.trim().is_empty())
}

/// The form blocks the parsed products came from, in order: product `n`
/// of the report is block `filled_blocks(form)[n]`.
pub fn filled_blocks(form: &RawForm) -> Vec<usize> {
    (0..product_count(form))
        .filter(|&i| block_used(form, i))
        .collect()
}

const SHORT: usize = 120;
const MEDIUM: usize = 1000;

/// Parse a whole report form. `today` bounds the dates.
pub fn parse(form: &RawForm, today: chrono::NaiveDate) -> Result<NewReport, FieldErrors> {
    let mut p = Parser {
        form,
        errors: FieldErrors::default(),
        scrubbed: BTreeSet::new(),
        today,
    };

    let kind = p.required::<ReportKind>("kind", "Choose what kind of report this is.");
    let reporter = p.required::<ReporterRole>("reporter", "Choose who is reporting.");

    let age_group = p.optional::<AgeGroup>("age_group");
    let age = match form.value("age") {
        Some(v) => match v.parse::<u32>().ok().and_then(Age::from_years) {
            Some(a) => {
                // The exact age wins over a group it falls in; a group it
                // does not fall in is a question back, not silently dropped.
                if age_group.is_some_and(|g| !age_in_group(a, g)) {
                    p.errors
                        .add("age_group", Contradiction::AgeGroup.question());
                }
                Some(a)
            }
            None => {
                p.errors.add(
                    "age",
                    format!("Enter an age in whole years from 0 to {}.", Age::MAX_YEARS),
                );
                None
            }
        },
        None => age_group.map(Age::Group),
    };
    if age.is_none() && form.value("age").is_none() {
        p.errors.add(
            "age",
            "Enter the age in years, or choose an age group below (\"Don't know\" is fine).",
        );
    }
    let sex = p.required::<Sex>(
        "sex",
        "Choose the sex of the person affected (\"Don't know\" is fine).",
    );
    let weight = match form.value("weight") {
        None => None,
        Some(v) => {
            let unit = p.required::<WeightUnit>("weight_unit", "Choose kg or lb for the weight.");
            match (v.parse::<f64>().ok(), unit) {
                (Some(n), Some(u)) => Weight::new(n, u).or_else(|| {
                    p.errors.add(
                        "weight",
                        "Enter a weight between 1 and 400 kg (or 1 and 880 lb).",
                    );
                    None
                }),
                (None, _) => {
                    p.errors
                        .add("weight", "Enter the weight as a number, like 70.");
                    None
                }
                _ => None,
            }
        }
    };
    let pregnancy = p
        .optional::<Pregnancy>("pregnancy")
        .unwrap_or(Pregnancy::NotApplicable);
    let country = p.required::<Country>("country", "Choose a country.");
    let region = p.optional::<Region>("region");
    let zip3 = form.value("zip3").and_then(|v| match Zip3::parse(v) {
        Ok(z) => Some(z),
        Err(msg) => {
            p.errors.add("zip3", msg);
            None
        }
    });
    let health_conditions = p.text("health_conditions", MEDIUM);
    let medicines = p.text("medicines", MEDIUM);
    // "If yes, which / when" no longer apply after "No" or "Don't know":
    // those answers are dropped. Unanswered, they are kept (and asked about).
    let rx_stopped = p.optional::<YesNoUnknown>("rx_stopped");
    let rx_details = matches!(rx_stopped, None | Some(YesNoUnknown::Yes));
    let medicine_change = MedicineChange {
        answer: rx_stopped.unwrap_or(YesNoUnknown::Unknown),
        which: rx_details
            .then(|| p.text("rx_stopped_which", SHORT))
            .flatten(),
        when: rx_details.then(|| p.month("rx_stopped_month")).flatten(),
    };

    let products = (0..product_count(form))
        .filter_map(|i| p.product(i))
        .collect::<Vec<_>>();
    if products.is_empty() && p.errors.get(&product_field(0, "substance")).is_none() {
        p.errors.add(
            product_field(0, "substance"),
            "Tell us about at least one product: choose what it was.",
        );
    }
    let co_used = p.ticked::<CoUsed>("co_");
    let co_used_other = p.text("co_used_other", SHORT);

    let symptoms = p.ticked::<Symptom>("sym_");
    let symptoms_other = p.text("symptoms_other", MEDIUM);
    let withdrawal: Vec<(WithdrawalSymptom, Severity)> = WithdrawalSymptom::all()
        .iter()
        .filter_map(|&w| {
            p.optional::<Severity>(&format!("wd_{}", w.code()))
                .map(|s| (w, s))
        })
        .collect();
    let last_dose = p.span("last_dose");
    let onset = p.month("onset");
    let onset_after = p.span("onset_after");
    let lasted = p.span("lasted");
    let dechallenge = p
        .optional::<Dechallenge>("dechallenge")
        .unwrap_or(Dechallenge::Unknown);
    let rechallenge = p
        .optional::<Rechallenge>("rechallenge")
        .unwrap_or(Rechallenge::Unknown);

    let outcomes = p.ticked::<Outcome>("out_");
    let care = p.ticked::<Care>("care_");
    // "Did it help?" no longer applies after "No" or "Don't know".
    let naloxone = p.optional::<YesNoUnknown>("naloxone");
    let naloxone_helped = match naloxone {
        None | Some(YesNoUnknown::Yes) => p
            .optional::<NaloxoneHelped>("naloxone_helped")
            .unwrap_or(NaloxoneHelped::Unknown),
        _ => NaloxoneHelped::Unknown,
    };
    let naloxone = naloxone.unwrap_or(YesNoUnknown::Unknown);
    let other_treatment = p.text("other_treatment", MEDIUM);
    let current_state =
        p.required::<CurrentState>("current_state", "Choose how the person is now.");
    let narrative = p.text("narrative", MAX_NARRATIVE);

    let has_event = !symptoms.is_empty()
        || symptoms_other.is_some()
        || narrative.is_some()
        || withdrawal.iter().any(|(_, s)| *s != Severity::None);
    if !has_event {
        p.errors.add(
            "sym_slow_breathing",
            "Tick at least one symptom, or describe what happened in your own words.",
        );
    }

    let Parser {
        mut errors,
        scrubbed,
        ..
    } = p;
    let (Some(kind), Some(reporter), Some(sex), Some(country), Some(current_state)) =
        (kind, reporter, sex, country, current_state)
    else {
        return Err(errors);
    };
    let report = NewReport {
        kind,
        reporter,
        age,
        sex,
        weight,
        pregnancy,
        country,
        region,
        zip3,
        health_conditions,
        medicines,
        medicine_change,
        products,
        co_used,
        co_used_other,
        symptoms,
        symptoms_other,
        withdrawal,
        last_dose,
        onset,
        onset_after,
        lasted,
        dechallenge,
        rechallenge,
        outcomes,
        care,
        naloxone,
        naloxone_helped,
        other_treatment,
        current_state,
        narrative,
        scrubbed,
    };
    for found in agreement::check(&report) {
        errors.add(found.field, found.what.question());
    }
    errors.into_result(report)
}

struct Parser<'a> {
    form: &'a RawForm,
    errors: FieldErrors,
    scrubbed: BTreeSet<crate::deidentify::IdentifierKind>,
    today: chrono::NaiveDate,
}

impl Parser<'_> {
    fn optional<T: ClosedList>(&mut self, field: &str) -> Option<T> {
        let value = self.form.value(field)?;
        let parsed = T::from_code(value);
        if parsed.is_none() {
            self.errors.add(field, "Choose one of the options shown.");
        }
        parsed
    }

    fn required<T: ClosedList>(&mut self, field: &str, message: &str) -> Option<T> {
        if self.form.value(field).is_none() {
            self.errors.add(field, message);
            return None;
        }
        self.optional(field)
    }

    /// Every option of `T` whose checkbox `{prefix}{code}` is ticked.
    fn ticked<T: ClosedList>(&self, prefix: &str) -> Vec<T> {
        T::all()
            .iter()
            .copied()
            .filter(|v| self.form.checked(&format!("{prefix}{}", v.code())))
            .collect()
    }

    fn text(&mut self, field: &str, max: usize) -> Option<FreeText> {
        match FreeText::scrubbed(self.form.get(field), max, &mut self.scrubbed) {
            Ok(t) => t,
            Err(msg) => {
                self.errors.add(field, msg);
                None
            }
        }
    }

    fn seller(&mut self, field: &str) -> Option<FreeText> {
        match FreeText::seller(self.form.get(field), 80, &mut self.scrubbed) {
            Ok(t) => t,
            Err(msg) => {
                self.errors.add(field, msg);
                None
            }
        }
    }

    fn month(&mut self, field: &str) -> Option<YearMonth> {
        let value = self.form.value(field)?;
        // Browsers without a month picker show a text box: accept MM/YYYY too.
        let iso = match value.split_once('/') {
            Some((m, y)) => format!("{y}-{m:0>2}"),
            None => value.to_owned(),
        };
        match YearMonth::parse(&iso, self.today) {
            Ok(ym) => Some(ym),
            Err(msg) => {
                self.errors.add(field, msg);
                None
            }
        }
    }

    fn number(&mut self, field: &str) -> Option<f64> {
        let value = self.form.value(field)?;
        match value.replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => {
                self.errors.add(field, "Enter a number, like 2 or 1.5.");
                None
            }
        }
    }

    /// A whole number in `{field}` with its unit in `{field}_unit`.
    fn span(&mut self, field: &str) -> Option<Span> {
        let value = self.form.value(field)?;
        let unit_field = format!("{field}_unit");
        let unit = self.required::<TimeUnit>(&unit_field, "Choose a unit (minutes, hours, days…).");
        let Ok(n) = value.parse::<u32>() else {
            self.errors.add(field, "Enter a whole number, like 3.");
            return None;
        };
        match Span::new(n, unit?) {
            Some(s) => Some(s),
            None => {
                self.errors
                    .add(field, format!("Enter a number from 0 to {}.", Span::MAX));
                None
            }
        }
    }

    /// Product block `i`, or `None` when the block was left empty.
    fn product(&mut self, i: usize) -> Option<Product> {
        let f = |name: &str| product_field(i, name);
        if !block_used(self.form, i) {
            return None;
        }
        let role = self
            .optional::<ProductRole>(&f("role"))
            .unwrap_or(ProductRole::Suspect);
        let substance = self.required::<Substance>(&f("substance"), "Choose what the product was.");
        // "If something else, what was it?" no longer applies beside a
        // substance from the list: that answer is dropped.
        let substance_other = match substance {
            Some(s) if s != Substance::Other => None,
            _ => self.text(&f("substance_other"), SHORT),
        };
        if substance == Some(Substance::Other) && substance_other.is_none() {
            self.errors
                .add(f("substance_other"), "Tell us what the substance was.");
        }
        let brand = self.text(&f("brand"), SHORT);
        let form = self.required::<ProductForm>(
            &f("form"),
            "Choose the product's form (\"Don't know\" is fine).",
        );
        let strength = self.number(&f("strength")).and_then(|mg| {
            let of = self
                .optional::<StrengthOf>(&f("strength_of"))
                .unwrap_or(StrengthOf::Unknown);
            Strength::new(mg, of).or_else(|| {
                self.errors.add(
                    f("strength"),
                    "Enter the label strength in mg, more than 0.",
                );
                None
            })
        });
        let amount = match self.number(&f("amount")) {
            None => None,
            Some(n) => {
                let unit =
                    self.required::<AmountUnit>(&f("amount_unit"), "Choose a unit for the amount.");
                unit.and_then(|u| {
                    Amount::new(n, u).or_else(|| {
                        self.errors.add(
                            f("amount"),
                            "Enter an amount more than 0 and at most 10,000.",
                        );
                        None
                    })
                })
            }
        };
        let doses_per_day = self.form.value(&f("doses_per_day")).and_then(|v| {
            let parsed = v.parse::<u32>().ok().and_then(DosesPerDay::new);
            if parsed.is_none() {
                self.errors.add(
                    f("doses_per_day"),
                    "Enter how many times a day, from 1 to 100.",
                );
            }
            parsed
        });
        let route = self.required::<Route>(
            &f("route"),
            "Choose how it was taken (\"Don't know\" is fine).",
        );
        let used_for = self.span(&f("used_for"));
        let last_use = self.month(&f("last_use"));
        let where_bought = self
            .optional::<WhereBought>(&f("where"))
            .unwrap_or(WhereBought::Unknown);
        let lot = self.text(&f("lot"), 60);
        let seller = self.seller(&f("seller"));
        let mut reasons = self.ticked::<ReasonForUse>(&f("reason_"));
        let reason_other = self.text(&f("reason_text"), SHORT);
        // Naming another reason is ticking "Another reason".
        if reason_other.is_some() && !reasons.contains(&ReasonForUse::Other) {
            reasons.push(ReasonForUse::Other);
            reasons.sort();
        }
        Some(Product {
            role,
            substance: substance?,
            substance_other,
            brand,
            form: form?,
            strength,
            amount,
            doses_per_day,
            route: route?,
            used_for,
            last_use,
            where_bought,
            lot,
            seller,
            reasons,
            reason_other,
        })
    }
}

/// Remove product block `k`, moving the later blocks up one place.
pub fn remove_product(form: &mut RawForm, k: usize) {
    let count = product_count(form);
    if count <= 1 || k >= count {
        return;
    }
    let prefix = |i: usize| product_field(i, "");
    let moved: Vec<(String, String)> = form
        .iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    for (name, _) in moved
        .iter()
        .filter(|(n, _)| (k..count).any(|i| n.starts_with(&prefix(i))))
    {
        form.remove(name);
    }
    for (name, value) in moved {
        for i in k + 1..count {
            if let Some(rest) = name.strip_prefix(&prefix(i)) {
                form.set(format!("{}{rest}", prefix(i - 1)), value.clone());
            }
        }
    }
    form.set("products", (count - 1).to_string());
}
