//! Synthetic products and co-used substances: kratom leaf, extracts,
//! concentrated 7-OH and other substances, each with the forms, strengths,
//! amounts, routes and reasons for use that products of its kind come in
//! (substances.md §2–§5), and blanks where a reporter may not know.

use chrono::{Months, NaiveDate};

use super::dice::Dice;
use crate::report::model::Product;
use crate::report::options::*;
use crate::report::values::*;

/// Invented, generic product names (never real brands).
const LEAF_NAMES: &[&str] = &[
    "Red Maeng Da powder",
    "Green Malay capsules",
    "White Borneo powder",
    "Gold blend leaf",
    "Store brand kratom capsules",
];
const EXTRACT_NAMES: &[&str] = &[
    "Kratom extract shot",
    "Full spectrum kratom tincture",
    "Extra strength kratom capsules",
    "Kratom drink mix, citrus",
];
const SEVEN_OH_NAMES: &[&str] = &[
    "7-OH extra strength tablets",
    "Hydroxy 15 mg tablets",
    "7-OH gummies, mixed berry",
    "7-OH liquid shot",
    "7-OH chewable tablets",
];
const OTHER_SUBSTANCES: &[&str] = &[
    "Kava",
    "Phenibut",
    "Tianeptine",
    "Delta-8 THC gummies",
    "Blue lotus tea",
    "Akuamma seeds",
    "Energy supplement",
];

/// The first product is always the suspect; later ones are mostly co-used.
pub fn products(d: &mut Dice, kind: ReportKind, position: f64, onset: NaiveDate) -> Vec<Product> {
    let n = d.weighted(&[(1, 70), (2, 23), (3, 7)]);
    (0..n)
        .map(|i| {
            let role = if i == 0 || d.chance(0.3) {
                ProductRole::Suspect
            } else {
                ProductRole::CoUsed
            };
            product(d, kind, role, position, onset)
        })
        .collect()
}

fn product(
    d: &mut Dice,
    kind: ReportKind,
    role: ProductRole,
    position: f64,
    onset: NaiveDate,
) -> Product {
    // Concentrated 7-OH products grow from a small to a large share over the period.
    let seven_oh = 10 + (40.0 * position) as u32;
    let substance = d.weighted(&[
        (Substance::KratomLeaf, 40),
        (Substance::KratomExtract, 20),
        (Substance::SevenOh, seven_oh),
        (Substance::Other, 8),
    ]);
    let form = form_of(d, substance);
    let (brand, substance_other) = match substance {
        Substance::KratomLeaf => (pick_text(d, LEAF_NAMES, 0.7), None),
        Substance::KratomExtract => (pick_text(d, EXTRACT_NAMES, 0.7), None),
        Substance::SevenOh => (pick_text(d, SEVEN_OH_NAMES, 0.8), None),
        Substance::Other => (None, pick_text(d, OTHER_SUBSTANCES, 1.0)),
    };
    let strength = match substance {
        Substance::SevenOh if d.chance(0.7) => Strength::new(
            f64::from(d.one(&[10, 15, 20, 25, 30, 40, 50])),
            StrengthOf::SevenOh,
        ),
        Substance::KratomExtract if d.chance(0.4) => {
            Strength::new(f64::from(d.between(5, 50) * 10), StrengthOf::Mitragynine)
        }
        Substance::KratomLeaf | Substance::KratomExtract if d.chance(0.05) => {
            Strength::new(f64::from(d.between(5, 50) * 10), StrengthOf::Unknown)
        }
        _ => None,
    };
    let mut reasons = if kind == ReportKind::Accidental {
        Vec::new()
    } else {
        d.some(
            &[
                (ReasonForUse::Pain, 35),
                (ReasonForUse::OpioidWithdrawal, 18),
                (ReasonForUse::TaperMedicine, 5),
                (ReasonForUse::LowMood, 8),
                (ReasonForUse::Anxiety, 10),
                (ReasonForUse::Ptsd, 3),
                (ReasonForUse::Sleep, 6),
                (ReasonForUse::Energy, 15),
                (ReasonForUse::Recreation, 8),
                (ReasonForUse::Other, 2),
                (ReasonForUse::NotSaid, 5),
            ],
            0,
            3,
        )
    };
    // "Prefer not to say" goes alone, as the form asks.
    if reasons.len() > 1 {
        reasons.retain(|r| *r != ReasonForUse::NotSaid);
    }
    let reason_other = reasons
        .contains(&ReasonForUse::Other)
        .then(|| pick_text(d, &["Restless legs", "Focus at work", "Migraines"], 1.0))
        .flatten();
    let used_for = if kind == ReportKind::Accidental {
        None
    } else {
        match d.weighted(&[(0, 20), (1, 15), (2, 20), (3, 35), (4, 10)]) {
            1 => Span::new(d.between(1, 13), TimeUnit::Days),
            2 => Span::new(d.between(1, 8), TimeUnit::Weeks),
            3 => Span::new(d.between(1, 23), TimeUnit::Months),
            4 => Span::new(d.between(2, 12), TimeUnit::Years),
            _ => None,
        }
    };
    let last_use = d
        .chance(0.7)
        .then(|| onset.checked_sub_months(Months::new(d.between(0, 1))))
        .flatten()
        .map(YearMonth::of);
    Product {
        role,
        substance,
        substance_other,
        brand,
        form,
        strength,
        amount: amount(d, form),
        doses_per_day: d
            .chance(0.75)
            .then(|| DosesPerDay::new(d.between(1, 8)))
            .flatten(),
        route: route_of(d, form),
        used_for,
        last_use,
        where_bought: d.weighted(&[
            (WhereBought::SmokeShop, 40),
            (WhereBought::GasStation, 25),
            (WhereBought::Online, 25),
            (WhereBought::Other, 5),
            (WhereBought::Unknown, 5),
        ]),
        lot: d
            .chance(0.1)
            .then(|| {
                FreeText::from_stored(format!(
                    "L{}-{:03}",
                    d.between(2301, 2612),
                    d.between(1, 999)
                ))
            })
            .flatten(),
        // Sellers only in clusters (`--seller-cluster`): the random stream,
        // and so every seed's reports, stay as they were.
        seller: None,
        reasons,
        reason_other,
    }
}

fn form_of(d: &mut Dice, substance: Substance) -> ProductForm {
    use ProductForm as F;
    match substance {
        Substance::KratomLeaf => d.weighted(&[
            (F::LeafPowder, 55),
            (F::Capsule, 35),
            (F::Tea, 7),
            (F::Unknown, 3),
        ]),
        Substance::KratomExtract => d.weighted(&[
            (F::Liquid, 45),
            (F::Capsule, 20),
            (F::Tablet, 15),
            (F::DrinkMix, 10),
            (F::Gummy, 10),
        ]),
        Substance::SevenOh => d.weighted(&[
            (F::Tablet, 55),
            (F::Liquid, 15),
            (F::Gummy, 15),
            (F::DrinkMix, 5),
            (F::Vape, 5),
            (F::Unknown, 5),
        ]),
        Substance::Other => d.weighted(&[
            (F::Capsule, 25),
            (F::Gummy, 20),
            (F::Tea, 15),
            (F::LeafPowder, 15),
            (F::Other, 15),
            (F::Unknown, 10),
        ]),
    }
}

fn route_of(d: &mut Dice, form: ProductForm) -> Route {
    use ProductForm as F;
    match form {
        F::LeafPowder => d.weighted(&[
            (Route::MixedIn, 70),
            (Route::Swallowed, 15),
            (Route::Drunk, 10),
            (Route::Snorted, 2),
            (Route::Other, 3),
        ]),
        F::Capsule | F::Tablet | F::Gummy => d.weighted(&[
            (Route::Swallowed, 97),
            (Route::Snorted, 2),
            (Route::Unknown, 1),
        ]),
        F::Liquid | F::Tea => Route::Drunk,
        F::DrinkMix => d.weighted(&[(Route::Drunk, 70), (Route::MixedIn, 30)]),
        F::Vape => Route::Inhaled,
        F::Other | F::Unknown => d.weighted(&[
            (Route::Swallowed, 40),
            (Route::Unknown, 40),
            (Route::Injected, 5),
            (Route::Other, 15),
        ]),
    }
}

/// A plausible amount per dose for the form, or none (not known).
fn amount(d: &mut Dice, form: ProductForm) -> Option<Amount> {
    use AmountUnit as U;
    use ProductForm as F;
    if d.chance(0.15) {
        return None;
    }
    let (value, unit) = match form {
        F::LeafPowder if d.chance(0.25) => (f64::from(d.between(1, 4)), U::Teaspoons),
        F::LeafPowder => (f64::from(d.between(2, 30)) / 2.0, U::Grams),
        F::Capsule => (f64::from(d.between(2, 12)), U::Capsules),
        F::Tablet => (f64::from(d.between(1, 4)), U::Tablets),
        F::Liquid if d.chance(0.5) => (f64::from(d.between(1, 3)), U::Shots),
        F::Liquid => (f64::from(d.between(2, 12) * 5), U::Millilitres),
        F::Gummy => (f64::from(d.between(1, 4)), U::Gummies),
        F::Tea => (f64::from(d.between(5, 10) * 50), U::Millilitres),
        F::DrinkMix => (f64::from(d.between(2, 10)), U::Grams),
        F::Vape => (f64::from(d.between(5, 40)), U::Puffs),
        F::Other | F::Unknown => (f64::from(d.between(1, 3)), U::Capsules),
    };
    Amount::new(value, unit)
}

/// Co-used substances: about a third of reports name at least one (§5).
pub fn co_used(d: &mut Dice) -> Vec<CoUsed> {
    if !d.chance(0.35) {
        return Vec::new();
    }
    d.some(
        &[
            (CoUsed::Alcohol, 30),
            (CoUsed::RxOpioids, 12),
            (CoUsed::BupMethadone, 8),
            (CoUsed::IllicitOpioids, 10),
            (CoUsed::Benzodiazepines, 15),
            (CoUsed::Stimulants, 10),
            (CoUsed::Cannabis, 20),
            (CoUsed::Botanicals, 8),
            (CoUsed::Other, 4),
            (CoUsed::Unknown, 5),
        ],
        1,
        3,
    )
}

/// `items` as stored text with probability `p`.
pub fn pick_text(d: &mut Dice, items: &[&str], p: f64) -> Option<FreeText> {
    if d.chance(p) {
        FreeText::from_stored(d.one(items).to_owned())
    } else {
        None
    }
}
