//! Products and co-used substances as E2B drugs (G.k): role, names, dose,
//! dates, route, indication, action taken, time to onset, recurrence and
//! the reviewer's causality (WHO-UMC and Naranjo as method and result).

use crate::export::case::CaseFile;
use crate::report::model::Product;
use crate::report::options::*;
use crate::review::causality::{AssessedEvent, NaranjoBand, WhoUmc};

use super::model::{month, span_quantity, Assessment, Drug, Quantity, Reaction};

/// G.k.2.3.r.1: the active substance of a Canary substance choice.
pub fn substance_name(p: &Product) -> Option<String> {
    match p.substance {
        Substance::KratomLeaf => Some("Mitragyna speciosa leaf (kratom)".to_owned()),
        Substance::KratomExtract => Some("Mitragyna speciosa extract (kratom)".to_owned()),
        Substance::SevenOh => Some("7-hydroxymitragynine".to_owned()),
        Substance::Other => p.substance_other.as_ref().map(|s| s.to_string()),
    }
}

fn route(r: Route) -> Option<&'static str> {
    match r {
        Route::Swallowed | Route::MixedIn | Route::Drunk => Some("Oral"),
        Route::Inhaled => Some("Respiratory (inhalation)"),
        Route::Snorted => Some("Nasal"),
        Route::Injected => Some("Parenteral"),
        Route::Other => Some("Other"),
        Route::Unknown => None,
    }
}

fn dose_unit(u: AmountUnit) -> &'static str {
    match u {
        AmountUnit::Grams => "g",
        AmountUnit::Milligrams => "mg",
        AmountUnit::Millilitres => "mL",
        // Counted units (capsules, tablets, shots…) are dosage forms.
        _ => "{DF}",
    }
}

fn number(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn dosage_text(p: &Product) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(a) = p.amount {
        parts.push(a.to_string());
    }
    if let Some(n) = p.doses_per_day {
        parts.push(format!("{} times a day", n.get()));
    }
    if let Some(s) = p.strength {
        parts.push(format!("label strength {s}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// G.k.8 from what the reporter said about stopping.
fn action(case: &CaseFile) -> Option<&'static str> {
    if case.stored.report.kind == ReportKind::Withdrawal {
        return Some("1");
    }
    match case.stored.report.dechallenge {
        Dechallenge::Yes | Dechallenge::No => Some("1"),
        Dechallenge::NotStopped => Some("4"),
        Dechallenge::Unknown => Some("0"),
    }
}

/// G.k.9.i.4: 1 restarted and it came back, 2 restarted and it did not,
/// 4 not restarted. "Don't know" leaves the element out (code 3 would say
/// the product was restarted with an unknown result).
fn recurrence(r: Rechallenge) -> Option<&'static str> {
    match r {
        Rechallenge::Yes => Some("1"),
        Rechallenge::No => Some("2"),
        Rechallenge::Unknown => None,
        Rechallenge::NotRestarted => Some("4"),
    }
}

/// G.k.4.r.2/r.3 for `n` doses a day: whole hours when they divide the
/// day, else whole minutes (7 a day: 206 min, not 3.429 h).
pub fn interval(n: u32) -> Quantity {
    let minutes = (1440.0 / f64::from(n.max(1))).round().max(1.0) as u32;
    if minutes.is_multiple_of(60) {
        Quantity {
            value: (minutes / 60).to_string(),
            unit: "h",
        }
    } else {
        Quantity {
            value: minutes.to_string(),
            unit: "min",
        }
    }
}

fn assessments(case: &CaseFile, index: usize, reactions: &[Reaction]) -> Vec<Assessment> {
    let mut out = Vec::new();
    for c in case.causality_of(index) {
        let label = AssessedEvent::from_storage(&c.event_assessed).label();
        let Some(reaction) = reactions.iter().find(|r| r.term == label) else {
            continue;
        };
        let who = WhoUmc::from_code(&c.who_umc).map_or(c.who_umc.as_str(), |w| w.label());
        out.push(Assessment {
            reaction_uuid: reaction.uuid.clone(),
            method: "WHO-UMC",
            result: who.to_owned(),
        });
        let band =
            NaranjoBand::from_code(&c.naranjo_band).map_or(c.naranjo_band.as_str(), |b| b.label());
        out.push(Assessment {
            reaction_uuid: reaction.uuid.clone(),
            method: "Naranjo",
            result: format!("{band} (score {})", c.naranjo_score),
        });
    }
    out
}

/// Every product in report order, suspects first (FDA warning W0005 wants
/// a suspect first), then each co-used substance as a concomitant drug.
pub fn from_case(
    case: &CaseFile,
    reactions: &[Reaction],
    uuid: impl Fn(&str, usize) -> String,
) -> Vec<Drug> {
    let r = &case.stored.report;
    let mut order: Vec<usize> = case.suspect_indexes();
    let suspects = order.clone();
    order.extend((0..r.products.len()).filter(|i| !suspects.contains(i)));
    let mut drugs: Vec<Drug> = order
        .into_iter()
        .map(|i| {
            let p = &r.products[i];
            let suspect = p.role == ProductRole::Suspect;
            Drug {
                uuid: uuid("drug", i),
                role: if suspect {
                    ("1", "Suspect")
                } else {
                    ("2", "Concomitant")
                },
                name: p.display_name(),
                substance: substance_name(p),
                dose: p.amount.map(|a| Quantity {
                    value: number(a.value()),
                    unit: dose_unit(a.unit()),
                }),
                period: p.doses_per_day.map(|n| interval(u32::from(n.get()))),
                last_use: p.last_use.map(month),
                duration: p.used_for.map(span_quantity),
                lot: p.lot.as_ref().map(|l| l.to_string()),
                dosage_text: dosage_text(p),
                form: (p.form != ProductForm::Unknown).then(|| p.form.label().to_owned()),
                route: route(p.route).map(str::to_owned),
                indications: p
                    .reasons
                    .iter()
                    .filter(|x| !matches!(x, ReasonForUse::NotSaid | ReasonForUse::Other))
                    .map(|x| x.label().to_owned())
                    .chain(p.reason_other.iter().map(|o| o.to_string()))
                    .collect(),
                action: suspect.then(|| action(case)).flatten(),
                last_dose_to_onset: suspect
                    .then_some(r.last_dose.or(r.onset_after).map(span_quantity))
                    .flatten(),
                recurrence: suspect.then(|| recurrence(r.rechallenge)).flatten(),
                assessments: assessments(case, i, reactions),
            }
        })
        .collect();
    let base = drugs.len();
    for (k, c) in r
        .co_used
        .iter()
        .filter(|c| **c != CoUsed::Unknown)
        .enumerate()
    {
        let name = match (c, &r.co_used_other) {
            (CoUsed::Other, Some(o)) => o.to_string(),
            _ => c.label().to_owned(),
        };
        drugs.push(Drug {
            uuid: uuid("co_used", base + k),
            role: ("2", "Concomitant"),
            name,
            substance: None,
            dose: None,
            period: None,
            last_use: None,
            duration: None,
            lot: None,
            dosage_text: None,
            form: None,
            route: None,
            indications: Vec::new(),
            action: None,
            last_dose_to_onset: None,
            recurrence: None,
            assessments: Vec::new(),
        });
    }
    drugs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dose_intervals_use_a_unit_whose_value_fits() {
        let q = |n| {
            let i = interval(n);
            (i.value, i.unit)
        };
        assert_eq!(q(7), ("206".to_owned(), "min"));
        assert_eq!(q(3), ("8".to_owned(), "h"));
        assert_eq!(q(1), ("24".to_owned(), "h"));
        assert_eq!(q(100), ("14".to_owned(), "min"));
        for n in 1..=100 {
            let i = interval(n);
            assert!(i.value.len() <= 4 && !i.value.contains('.'), "{n}: {i:?}");
        }
    }

    #[test]
    fn dont_know_about_rechallenge_leaves_the_element_out() {
        assert_eq!(recurrence(Rechallenge::Unknown), None);
        assert_eq!(recurrence(Rechallenge::NotRestarted), Some("4"));
    }
}
