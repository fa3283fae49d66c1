//! The CAERS-shaped CSV: FDA's current HFCS product-based layout
//! (substances.md §8), one row per product per case repeating the case's
//! outcomes, streamed in keyset batches like the analyst ZIP. Dates follow
//! the profile — `MM/YYYY` (case-processing) or `YYYY` (safe-harbor) —
//! where FDA writes `MM/DD/YYYY`: Canary never stores a day. `Patient Age`
//! is always a number (see [`age`]).

use std::collections::HashMap;

use crate::ids::ReportId;
use std::io::Write;

use super::archive::{ExportError, BATCH};
use super::cell;
use super::profile::{self, Profile};
use super::request::{Progress, Request};
use crate::db::export as q;
use crate::db::{Db, DbConnection};
use crate::export::rows::{ProductOut, ReportOut};
use crate::report::options::{ClosedList, Substance};

/// The current HFCS header, in FDA's order.
pub const HEADER: [&str; 12] = [
    "Date FDA First Received Report",
    "Report ID",
    "Date Event",
    "Product Type",
    "Product",
    "Product Code",
    "Description",
    "Patient Age",
    "Age Units",
    "Sex",
    "Case MedDRA Preferred Terms",
    "Case Outcome",
];

/// FDA industry code 54 and its name, for kratom sold as a supplement.
const KRATOM_CODE: (&str, &str) = ("54", "Vit/Min/Prot/Unconv Diet(Human/Animal)");

/// A `YYYY-MM` month in CAERS's order under `profile`.
pub fn date(profile: Profile, month: &str) -> String {
    match (profile, month.split_once('-')) {
        (_, None) => String::new(),
        (Profile::SafeHarbor, Some((y, _))) => y.to_owned(),
        (Profile::CaseProcessing, Some((y, m))) => format!("{m}/{y}"),
    }
}

fn sex(code: &str) -> &'static str {
    match code {
        "female" => "Female",
        "male" => "Male",
        "not_said" => "Not Reported",
        "unknown" => "Unknown",
        _ => "Not Available",
    }
}

/// The case's outcomes in CAERS's title-case words, comma-separated.
pub fn outcomes(r: &ReportOut) -> String {
    let mut out = Vec::new();
    let flags = [
        (r.out_death, "Death"),
        (r.out_life_threatening, "Life Threatening"),
        (r.out_hospitalised, "Hospitalization"),
        (r.out_disability, "Disability"),
        (r.out_birth_defect, "Other Serious Outcome"),
        (r.out_intervention, "Required Intervention"),
        (
            r.out_other_serious,
            "Other Serious or Important Medical Event",
        ),
    ];
    out.extend(flags.iter().filter(|(on, _)| *on).map(|(_, w)| *w));
    let care: Vec<&str> = r.care.split(',').collect();
    if care
        .iter()
        .any(|c| ["emergency", "admitted", "icu"].contains(c))
    {
        out.push("Visited Emergency Room");
    }
    if care.contains(&"doctor") {
        out.push("Visited a Health Care Provider");
    }
    if out.is_empty() {
        out.push("Other Outcome");
    }
    out.join(", ")
}

/// `Patient Age` and `Age Units` in FDA's types: the age is always a
/// number. Whole years up to 89; ages of 90 and over (kept only as the
/// group `90+`) as 9 `Decade(s)`, a unit FDA's layout has, so no exact age
/// over 89 is written; `Not Available` when only a younger group is known.
pub fn age(r: &ReportOut) -> (String, &'static str) {
    let years = profile::age_years(r.age_years);
    if !years.is_empty() {
        return (years, "Year(s)");
    }
    match profile::age_group(r.age_years, r.age_group.as_deref()).as_str() {
        "90+" => ("9".to_owned(), "Decade(s)"),
        _ => (String::new(), "Not Available"),
    }
}

fn row(profile: Profile, r: &ReportOut, p: &ProductOut, terms: &[String]) -> Vec<String> {
    let product = p
        .brand
        .clone()
        .or_else(|| p.substance_other.clone())
        .or_else(|| Substance::from_code(&p.substance).map(|s| s.label().to_owned()))
        .unwrap_or_default();
    let (code, description) = if p.substance.starts_with("kratom") {
        KRATOM_CODE
    } else {
        ("", "")
    };
    let (age, age_unit) = age(r);
    let product_type = if p.role == "suspect" {
        "SUSPECT"
    } else {
        "CONCOMITANT"
    };
    vec![
        date(profile, &r.received_at.format("%Y-%m").to_string()),
        r.case_number.to_string(),
        date(profile, r.onset_month.as_deref().unwrap_or("")),
        product_type.to_owned(),
        super::columns::Kind::FreeText.apply(profile, product),
        code.to_owned(),
        description.to_owned(),
        age,
        age_unit.to_owned(),
        sex(&r.sex).to_owned(),
        // PT names from the operator's MedDRA release, once a reviewer coded
        // the reactions (Canary ships no MedDRA).
        terms.join(", "),
        outcomes(r),
    ]
}

/// Write the CAERS-shaped CSV for `req` to `out` on a connection of its
/// own; returns the output and the number of rows.
pub fn write<W: Write>(
    db: &Db,
    req: &Request,
    out: W,
    progress: Progress<'_>,
) -> Result<(W, u64), ExportError> {
    let mut conn = db.conn()?;
    write_on(&mut conn, req, out, progress)
}

fn write_on<W: Write>(
    conn: &mut DbConnection,
    req: &Request,
    out: W,
    progress: Progress<'_>,
) -> Result<(W, u64), ExportError> {
    let total = q::count(conn, &req.filter)? as u64;
    let mut w = cell::writer(out);
    cell::write_row(&mut w, &HEADER)?;
    let (mut after, mut done, mut rows) = (None::<ReportId>, 0u64, 0u64);
    loop {
        let batch = q::reports_after(conn, &req.filter, after.as_ref(), BATCH)?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id.clone());
        done += batch.len() as u64;
        let ids: Vec<ReportId> = batch.iter().map(|r| r.id.clone()).collect();
        let mut products: HashMap<ReportId, Vec<ProductOut>> = HashMap::new();
        for p in q::products_of(conn, &ids)? {
            products.entry(p.report_id.clone()).or_default().push(p);
        }
        let terms = q::preferred_terms_of(conn, &ids)?;
        for r in &batch {
            let case_terms = terms.get(&r.id).map_or(&[][..], Vec::as_slice);
            for p in products.remove(&r.id).unwrap_or_default() {
                cell::write_row(&mut w, &row(req.profile, r, &p, case_terms))?;
                rows += 1;
            }
        }
        progress("caers", done, total);
    }
    let out = w
        .into_inner()
        .map_err(|e| ExportError::from(e.into_error()))?;
    Ok((out, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_profile_not_fdas_day_format() {
        assert_eq!(date(Profile::CaseProcessing, "2025-06"), "06/2025");
        assert_eq!(date(Profile::SafeHarbor, "2025-06"), "2025");
        assert_eq!(date(Profile::SafeHarbor, ""), "");
    }
}
