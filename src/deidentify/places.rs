//! Street addresses (English and Spanish), PO boxes, apartment/suite/unit numbers and cued ZIP codes.

use super::util::{cue, followed_by_unit, re, Hints};
use super::{Cand, IdentifierKind as K};
use regex::Regex;
use std::sync::LazyLock;

const SUFFIX: &str = r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Trl|Square|Sq|Loop|Alley|Pike|Row|Crescent|Close|Path|Run|Point|Pt|Ridge|Heights|Hts|Plaza|Expressway|Freeway|Turnpike)";
const STATE_ABBR: &str = r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)";
const STATE_NAME: &str = r"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming|Puerto\s+Rico|Jalisco|Sonora|Chihuahua|Nuevo\s+Le[oó]n|Oaxaca|Puebla|Guerrero|Michoac[aá]n|Veracruz|Yucat[aá]n|Sinaloa|Durango|Zacatecas|Tamaulipas|Coahuila|Guanajuato|Quer[eé]taro|Hidalgo|Morelos|Tabasco|Chiapas|CDMX|Ciudad\s+de\s+M[eé]xico)";
const UNIT: &str = r"(?:(?i:apt|apartment|suite|ste|unit|depto|departamento|dpto|interior|int|piso|room|rm|bldg|building|space|trailer)\.?\s*#?\s*|#\s*)(?:\d{1,5}[A-Za-z]?\b|[A-Z]\d{0,4}\b)";

pub(super) static STREET: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:\p{Lu}[\p{L}'-]*|\d{1,3}(?:st|nd|rd|th))";
    let dir = r"(?:(?:N|S|E|W|NE|NW|SE|SW)\.?|North|South|East|West)";
    let city = r"\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,2}";
    re(&format!(
        r"\b\d{{1,6}}[A-Za-z]?\s+(?:{dir}\s+)?(?:{word}\s+){{0,3}}{word}\s+{SUFFIX}\b(?:\.?\s+{dir}\b)?\.?(?:,?\s+{UNIT})?(?:,\s*{city},?\s+(?:{STATE_ABBR}|{STATE_NAME})\b)?"
    ))
});

/// "Calle Reforma 123", "Av. Insurgentes Sur 1234 int. 5", "Calle 5 de Mayo #22", "Carrera 7 # 45-10".
static CALLE: LazyLock<Regex> = LazyLock::new(|| {
    // Keywords in lower, Capitalised and UPPER case rather than (?i), so the regex engine can
    // skip ahead to them with a literal prefilter.
    let words = [
        "calle",
        "avenida",
        "avda",
        "paseo",
        "camino",
        "carretera",
        "carrera",
        "calzada",
        "privada",
        "callejón",
        "callejon",
        "ronda",
        "pasaje",
        "prolongación",
        "prolongacion",
        "circuito",
        "andador",
        "cerrada",
        "diagonal",
        "transversal",
    ];
    let variants: Vec<String> = words
        .iter()
        .flat_map(|w| {
            let mut cap = w.to_string();
            cap[..1].make_ascii_uppercase();
            [w.to_string(), cap, w.to_uppercase()]
        })
        .collect();
    let kw = format!(r"(?:(?:{})\b\.?|C/|Av\.|Cra\.|Plaza)", variants.join("|"));
    let part = r"(?:(?:de|del|la|las|los|el|y)\s+|\p{Lu}[\p{L}.'-]*\s+|\d{1,3}\s+(?:de\s+)?(?:\p{Lu}\p{L}+\s+)?)";
    re(&format!(
        r"\b{kw}\s+{part}{{0,5}}(?:#\s*|No\.?\s*|N[uú]m\.?\s*|n[uú]mero\s+)?\d{{1,5}}[A-Za-z]?\b(?:\s*-\s*\d{{1,4}}\b)?(?:,?\s+{UNIT})?"
    ))
});

/// Lower-case stems of the Spanish street keywords, for [`Hints::any`].
const CALLE_HINTS: &[&str] = &[
    "calle",
    "aven",
    "avda",
    "paseo",
    "camino",
    "carre",
    "calzada",
    "privada",
    "callej",
    "ronda",
    "pasaje",
    "prolongaci",
    "circuito",
    "andador",
    "cerrada",
    "diagonal",
    "transversal",
    "c/",
    "av.",
    "cra.",
    "plaza",
];

static PO_BOX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box|apartado(?:\s+postal)?|apdo\.?|casilla(?:\s+de\s+correo)?)\s*#?\s*\d{1,7}\b",
    )
});

static UNIT_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?i:apt|apartment|suite|depto|departamento|dpto)\.?\s*#?\s*|\bUnit\s+#?\s*)(?:\d{1,5}[A-Za-z]?\b|[A-Z]\d{0,4}\b)",
    )
});

pub(super) static ZIP: LazyLock<Regex> = LazyLock::new(|| {
    let cue = r"(?:(?:(?i:zip(?:\s*code)?|zipcode|postal\s+code|post\s+code|c[oó]digo\s+postal|cp)\b|(?i:c\.p\.))\.?\s*(?:(?i:is|es|was|of|de|es\s+el|is\s+the)\s+)?[:#]?\s*)";
    let state = format!(r"(?:(?:^|[\s,(])(?:{STATE_ABBR}|{STATE_NAME})\.?,?\s+)");
    re(&format!(r"(?:{cue}|{state})(\d{{5}}(?:-\d{{4}})?)\b"))
});

/// A street named without a number after a preposition: "on Meadow Ln", "on oak street".
pub(super) static NAMED_STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b{}\s+)((?:\p{{Lu}}[\p{{L}}'-]*\s+){{1,3}}{SUFFIX}\b\.?|(?i:[a-z]+\s+(?:street|avenue|road|drive|lane|boulevard|court)\b))",
        cue("on|off|at|near|by|along|down|up|en|sobre")
    ))
});

/// Numbered roads: "Hwy 52", "Route 9", "County Road 14", "RR 2 Box 118".
static ROAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:Hwy|Highway|Route|Rte|State\s+Route|State\s+Road|County\s+Road|Farm\s+Road|Rural\s+Route|Carretera|Ruta)\.?\s*-?\s*\d{1,4}[A-Z]?\b(?:\s+Box\s+\d{1,5}\b)?|\b(?:RR|R\.R\.)\s*\d{1,3}\s+Box\s+\d{1,5}\b|\b\d{1,6}\s+(?:County\s+Road|Highway|Hwy|Route)\s+\d{1,4}\b)",
    )
});

/// The road words of [`ROAD`], to skip it on text without any (the pattern is case-sensitive).
const ROAD_WORDS: &[&str] = &[
    "Hwy",
    "Highway",
    "Route",
    "Rte",
    "State",
    "County",
    "Farm",
    "Rural",
    "Carretera",
    "Ruta",
    "RR",
    "R.R.",
];

/// Intersections: "at Fairview and 3rd", "corner of Elm & Vine".
static CORNER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b{}\s+)((?:\p{{Lu}}\p{{L}}+|\d{{1,3}}(?:st|nd|rd|th))\s+(?:and|&|y|con)\s+(?:\p{{Lu}}\p{{L}}+|\d{{1,3}}(?:st|nd|rd|th)))\b",
        cue(r"corner\s+of|intersection\s+of|light\s+at|at|esquina\s+de|esquina\s+con")
    ))
});

/// Number first, Spanish street word after: "2201 Calle Sol"; and building units "Bldg C".
static NUMBER_CALLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b\d{1,5}\s+(?:Calle|Avenida|Av\.|Camino|Paseo|Privada|Callejón|Cerrada)\s+\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,2}|\b(?:Bldg|Building|Edificio|Torre)\.?\s+[A-Z0-9]{1,3}\b",
    )
});

/// The words of [`NUMBER_CALLE`] ("Callejón" starts with "Calle").
const NUMBER_CALLE_WORDS: &[&str] = &[
    "Calle", "Avenida", "Av.", "Camino", "Paseo", "Privada", "Cerrada", "Bldg", "Building",
    "Edificio", "Torre",
];

/// A five-digit ZIP after a town or an address ("Quillby 59999", "[address], 02999") or
/// before the word zip ("44109 zip code").
pub(super) static ZIP_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?:\p{Lu}\p{Ll}[\p{L}'’.-]*|\[(?:place|address)\]),?\s+(\d{5}(?:-\d{4})?)\b|\b(\d{5}(?:-\d{4})?)\s+(?i:zip|zipcode|zip\s+code|postal\s+code|c[oó]digo\s+postal)\b)",
    )
});

pub(crate) fn detect(text: &str, hints: &Hints, out: &mut Vec<Cand>) {
    for re in [&*NAMED_STREET, &*CORNER] {
        for c in hints.captures(re, text) {
            if let Some(m) = c.get(1) {
                if !vague_street(m.as_str()) {
                    out.push(Cand::new(K::Address, m.start(), m.end()));
                }
            }
        }
    }
    let road = ROAD_WORDS.iter().any(|w| hints.has(text, w));
    let number_calle = NUMBER_CALLE_WORDS.iter().any(|w| hints.has(text, w));
    for (re, wanted) in [(&*ROAD, road), (&*NUMBER_CALLE, number_calle)] {
        if !wanted {
            continue;
        }
        for m in re.find_iter(text) {
            out.push(Cand::new(K::Address, m.start(), m.end()));
        }
    }
    let calle = hints.any(CALLE_HINTS);
    let po_box = hints.any(&["box", "apartado", "apdo", "casilla"]);
    let unit = hints.may(&["apt", "apartment", "suite", "depto", "departamento", "dpto"])
        || hints.has(text, "Unit");
    let wanted = [true, calle, po_box, unit];
    for (i, re) in [&*STREET, &*CALLE, &*PO_BOX, &*UNIT_ALONE]
        .into_iter()
        .enumerate()
    {
        if !wanted[i] {
            continue;
        }
        for m in hints.finds(re, text) {
            if !(followed_by_unit(text, m.end()) || (i == 1 && vague_calle(m.as_str()))) {
                out.push(Cand::new(K::Address, m.start(), m.end()));
            }
        }
    }
    if hints.longest_digit_run < 5 {
        return;
    }
    for c in hints
        .captures(&ZIP, text)
        .chain(hints.captures(&ZIP_CONTEXT, text))
    {
        if let Some(z) = c.get(1).or_else(|| c.get(2)) {
            let glued = text[z.end()..].starts_with(|c: char| {
                c == '-'
                    || c == '/'
                    || c == '.' && text[z.end() + 1..].starts_with(|d: char| d.is_ascii_digit())
            });
            let seen = out
                .iter()
                .any(|c| c.kind == K::Zip && c.start == z.start() && c.end == z.end());
            if !followed_by_unit(text, z.end()) && !glued && !seen {
                out.push(Cand::new(K::Zip, z.start(), z.end()));
            }
        }
    }
}

/// "on the street", "on Main Street" in a generic sense: the street word alone or after a
/// determiner is no address.
fn vague_street(m: &str) -> bool {
    let first = m
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        first.as_str(),
        "the"
            | "a"
            | "this"
            | "that"
            | "our"
            | "my"
            | "his"
            | "her"
            | "their"
            | "same"
            | "main"
            | "side"
            | "back"
            | "dead"
            | "one"
            | "wrong"
            | "right"
            | "other"
            | "each"
            | "every"
            | "no"
            | "which"
            | "what"
            | "your"
            | "any"
            | "some"
            | "bus"
            | "home"
    ) && m.chars().next().is_some_and(char::is_lowercase)
}

/// Lower-case "calle 2" is usually just "the street"; numbered streets need a name or a "#".
fn vague_calle(m: &str) -> bool {
    let Some(first) = m.chars().next() else {
        return true;
    };
    first.is_lowercase() && !m.contains('#') && !m.chars().skip(1).any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(K, String)> {
        super::super::util::found_by(detect, text)
    }

    #[test]
    fn english_streets() {
        for a in [
            "1234 Elm Street",
            "55 North Main St.",
            "12 W 5th Ave",
            "8 Oak Ridge Dr, Apt 4B",
            "901 Lakeview Blvd Suite 200",
        ] {
            assert!(
                spans(&format!("we live at {a} now")).contains(&(K::Address, a.to_owned())),
                "{a}"
            );
        }
        assert!(spans("before seeing the Dr and took 2 Advil").is_empty());
    }

    #[test]
    fn spanish_streets_po_boxes_units() {
        for a in [
            "Calle Reforma 123",
            "Avenida Juárez 45",
            "Calle 5 de Mayo #22",
            "P.O. Box 4471",
            "Apartado Postal 88",
            "Apt 4B",
            "depto 302",
        ] {
            assert!(
                spans(&format!("vivo en {a} y")).contains(&(K::Address, a.to_owned())),
                "{a}"
            );
        }
    }

    #[test]
    fn zip_only_after_cue() {
        assert_eq!(spans("Austin, TX 78701"), vec![(K::Zip, "78701".into())]);
        assert_eq!(
            spans("zip code 94110-1234."),
            vec![(K::Zip, "94110-1234".into())]
        );
        assert_eq!(spans("código postal 06700"), vec![(K::Zip, "06700".into())]);
        assert!(spans("took 10000 mg, 7-OH 12345 mg, lot 94110").is_empty());
    }
}
