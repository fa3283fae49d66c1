//! Named facilities and employers: hospitals, clinics, pharmacies, schools, churches, shops, jails, care homes and workplaces.
//!
//! No list of real organisations is needed: a run of capitalised words is a facility when it
//! ends in a kind-of-place word ("… Regional Medical Center", "… Smoke & Vape", "… Freight")
//! or starts with one in Spanish ("Hospital San Rafael", "Farmacia del Valle"), and at least
//! one of its words is not itself generic ("Poison Control Center", "Urgent Care" stay); or
//! when it follows a workplace cue ("works at", "trabaja en", "employer:").

use super::util::{cue, fold, re, with_fold, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// One capitalised name word: "Mercy", "St.", "O'Neil", "Ready-Mix", "Smith's", "#14".
const CAP: &str = r"(?:St\.|Mt\.|Ft\.|\p{Lu}[\p{L}'’-]*|\d{1,4}(?:st|nd|rd|th)|#\d{1,4})";
/// Joiners allowed inside a name: "Keller & Sons", "Church of the Nazarene".
const JOIN: &str = r"(?:&|and|of|the|de|del|la|las|los|el|y|on|at)";

const HEAD_FINAL: &str = r"(?:Hospital|Hospitals|Clinic|Clinics|Pharmacy|Drugs?|Drugstore|Apothecary|Center|Centre|Health|Healthcare|Medical|Behavioral|Wellness|Recovery|Rehab|Treatment|Detox|Hospice|School|Elementary|Academy|University|College|Institute|Library|Church|Chapel|Cathedral|Temple|Mosque|Synagogue|Ministries|Ministry|Outreach|Jail|Prison|Penitentiary|Correctional|Detention|Lounge|Bar|Tavern|Pub|Grill|Diner|Cafe|Café|Bakery|Restaurant|Pizza|Pizzeria|Tacos|Kitchen|Market|Mart|Store|Shop|Shoppe|Outlet|Vape|Vapes|Smoke|Smokes|Tobacco|Kava|Dispensary|Express|Stop|Gas|Fuel|Station|Motel|Inn|Hotel|Gym|Fitness|Living|Care|Manor|Home|Homes|Village|Regional|General|Memorial|Freight|Logistics|Trucking|Transport|Transit|Timber|Lumber|Solar|Plumbing|Roofing|Construction|Contracting|Builders|Packaging|Poultry|Farms?|Ranch|Dairy|Foods?|Distribution|Warehouse|Shipyard|Mill|Mills|Plant|Factory|Mining|Mine|Energy|Electric|Auto|Motors|Tire|Lube|Seafood|Processing|Grain|Elevator|Concrete|Ready-Mix|Landscaping|Cleaning|Services|Solutions|Industries|Manufacturing|Inc|LLC|Co|Company|Corp|Corporation|Group|Brothers|Bros|Sons|High|Bowl|Lanes|Arcade|Theater|Theatre|Cinema|Botanicals|Apothecary|Cannabis|ED|ER|Partners|Enterprises|Cream|District|Department|EMS|Dept\.?|Casino|Salon|Spa|Laundromat|Depot|Supply|Garage|Repair|Towing|Bank)";

const HEAD_INITIAL: &str = r"(?:Urgencias|Plaza|Secundaria|Telesecundaria|Cl[ií]nica|Hospital|Cl[ií]nica|Sanatorio|Farmacia|Farmacias|Bot[aá]nica|Taquer[ií]a|Panader[ií]a|Carnicer[ií]a|Tienda|Abarrotes|Supermercado|Mercado|Restaurante|Cantina|Escuela|Colegio|Preparatoria|Secundaria|Primaria|Universidad|Instituto|Iglesia|Parroquia|Centro|Construcciones|Constructora|Empacadora|Transportes|Bomberos|Cruz|Asilo|Residencia|Casa|Saint|St\.|Our\s+Lady)";

/// Words that alone do not name a particular place ("Urgent Care", "Poison Control Center").
static GENERIC: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    include_str!("data/generic_org_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
});

static FINAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{CAP}(?:\s+(?:{JOIN}\s+)?{CAP}){{0,4}}?\s+(?:&\s+)?{HEAD_FINAL}(?:\s+(?:&\s+)?{HEAD_FINAL}){{0,2}}\b\.?(?:\s+(?:#|No\.|N[uú]m\.)\s*\d{{1,4}}\b)?"
    ))
});

/// A shop "called …", a "Store: …" line, or a name with a store number ("FuelUp #9").
pub(super) static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?i:\b(?:shop|store|place|bar|club|clinic|restaurant|station|dispensary|pharmacy|tienda|lugar|farmacia|cl[ií]nica|escuela|school)\s+(?:in\s+\w+(?:\s+\w+)?\s+)?(?:called|named|llamad[oa])\s+|\b(?:dispensary|store|shop|pharmacy|hospital|clinic|school|employer|workplace|tienda|farmacia|escuela|empleador)\s*:\s*))({CAP}(?:\s+(?:{JOIN}\s+)?(?:{CAP}|\d{{1,3}}))*\.?)|\b(\p{{Lu}}[\p{{L}}'’-]+(?:\s+\p{{Lu}}[\p{{L}}'’-]+)?\s+#\d{{1,4}})\b"
    ))
});

pub(super) static INITIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{HEAD_INITIAL}(?:\s+(?:{JOIN}\s+)?{CAP}){{1,4}}(?:\s+(?:No\.|N[uú]m\.|#)\s*\d{{1,4}}\b)?"
    ))
});

static WORKPLACE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b{}(?i:\s+(?:\w+\s+)?(?:at|for|with|in|en|para|con|de))|{})\s+(?:the\s+|la\s+|el\s+)?({CAP}(?:\s+(?:{JOIN}\s+)?{CAP}){{0,4}})",
        cue(
            r"works?|worked|working|employed|employee|job|jobs|shift|shifts|hired|fired|laid\s+off|trabaja|trabajaba|trabajo|trabajó|chamba|chambea"
        ),
        cue(r"employer\s*[:=-]?|empleador\s*[:=-]?|empresa\s*[:=-]?|works?\s+at")
    ))
});

/// "I drive for Halvorsen Freight": apart from [`WORKPLACE`], whose cue words the engine skips
/// ahead to, because "I" would be a candidate at every capital I.
static DRIVES_FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:(?:I|he|she|they)\s+drive\s+for)\s+(?:the\s+|la\s+|el\s+)?({CAP}(?:\s+(?:{JOIN}\s+)?{CAP}){{0,4}})"
    ))
});

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for m in FINAL.find_iter(text).chain(hints.finds(&INITIAL, text)) {
        if let Some((s, e)) = trim(text, m.start(), m.end()) {
            if specific(&text[s..e]) {
                out.push(Cand::new(K::Facility, s, e));
            }
        }
    }
    for c in hints.captures(&NAMED, text) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            let first = m.as_str().split_whitespace().next().unwrap_or_default();
            if !super::lexicon::is_stop(first) && !super::people::product_follows(text, m.end()) {
                out.push(Cand::new(K::Facility, m.start(), m.end()));
            }
        }
    }
    let drives = hints
        .may(&["drive"])
        .then(|| DRIVES_FOR.captures_iter(text))
        .into_iter()
        .flatten();
    for c in WORKPLACE.captures_iter(text).chain(drives) {
        if let Some(m) = c.get(1) {
            if let Some((s, e)) = trim(text, m.start(), m.end()) {
                if specific(&text[s..e]) || !is_generic(&text[s..e]) {
                    out.push(Cand::new(K::Facility, s, e));
                }
            }
        }
    }
}

fn is_generic(word: &str) -> bool {
    with_fold(word.trim_end_matches(['.', ',', '\'', '’']), |f| {
        GENERIC.contains(f)
    })
}

/// At least one word that is not generic and not a joiner; poison centres are public
/// services, not identifiers ("Texas Poison Center Network").
fn specific(span: &str) -> bool {
    !span.to_ascii_lowercase().contains("poison")
        && span
            .split_whitespace()
            .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
            .any(|w| !is_generic(w.trim_end_matches("'s").trim_end_matches("’s")))
}

/// Drops leading generic words ("The", "At", "Took") and trailing punctuation.
fn trim(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let span = &text[start..end];
    let mut s = start;
    for w in span.split_whitespace() {
        let lead = fold(w);
        if matches!(
            lead.as_str(),
            "the"
                | "a"
                | "an"
                | "at"
                | "to"
                | "from"
                | "in"
                | "el"
                | "la"
                | "los"
                | "las"
                | "en"
                | "and"
                | "my"
                | "our"
                | "his"
                | "her"
                | "their"
                | "mi"
                | "su"
                | "called"
        ) && !(lead == "the" && w == "The" && !super::util::is_sentence_start(text, start))
            || super::lexicon::is_stop(w)
                && !is_generic(w)
                && super::util::is_sentence_start(text, s)
        {
            s = start + (w.as_ptr() as usize - span.as_ptr() as usize) + w.len();
            continue;
        }
        break;
    }
    let s = s + text[s..end].len() - text[s..end].trim_start().len();
    let e = s + text[s..end].trim_end_matches(['.', ',', ' ']).len();
    (e > s).then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facilities(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        detect(text, &Hints::new(text), &mut v);
        v.iter().map(|c| text[c.start..c.end].to_owned()).collect()
    }

    #[test]
    fn named_places_of_care_shops_and_workplaces() {
        for (text, want) in [
            (
                "taken to Saint Odile Medical Center by ambulance",
                "Saint Odile Medical Center",
            ),
            (
                "she was at Thornbury Regional overnight",
                "Thornbury Regional",
            ),
            (
                "bought at Big Eddie's Smoke & Vape last week",
                "Big Eddie's Smoke & Vape",
            ),
            (
                "la llevamos al Hospital Santa Lucía de Tepic",
                "Hospital Santa Lucía de Tepic",
            ),
            ("he works at Pennock Gravel as a driver", "Pennock Gravel"),
            (
                "mi esposo trabaja en Carnicería El Toro",
                "Carnicería El Toro",
            ),
            (
                "filled at Ridgeway Family Pharmacy",
                "Ridgeway Family Pharmacy",
            ),
        ] {
            assert!(
                facilities(text).iter().any(|f| f == want),
                "{text}: {:?}",
                facilities(text)
            );
        }
    }

    #[test]
    fn generic_places_stay() {
        for text in [
            "I called Poison Control and went to Urgent Care",
            "the county jail and the Emergency Room",
            "at the gas station",
            "Took it at Home",
        ] {
            assert!(
                facilities(text).is_empty(),
                "{text}: {:?}",
                facilities(text)
            );
        }
    }
}
