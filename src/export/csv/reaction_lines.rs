//! One case's `reactions.csv` rows: each reported symptom with the terms a
//! reviewer coded from it, then one row per other place a reviewer coded
//! terms from (the withdrawal list as a whole, the other-symptoms text, the
//! narrative).

use super::child_tables::ReactionLine;
use crate::export::rows::{CodingOut, ReactionOut};

pub fn lines(
    case_number: &str,
    reactions: Vec<ReactionOut>,
    codings: Vec<CodingOut>,
) -> Vec<ReactionLine> {
    let mut codings: Vec<Option<CodingOut>> = codings.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for r in reactions {
        let key = if r.withdrawal {
            format!("withdrawal:{}", r.code)
        } else {
            format!("symptom:{}", r.code)
        };
        let mut line = ReactionLine {
            case_number: case_number.to_owned(),
            symptom: r.code,
            withdrawal: r.withdrawal,
            severity: r.severity.filter(|_| r.withdrawal),
            coded_terms: Vec::new(),
            meddra_codes: Vec::new(),
            coded_from: String::new(),
        };
        take(&mut codings, &key, &mut line);
        if !line.coded_terms.is_empty() {
            line.coded_from = "symptom".into();
        }
        out.push(line);
    }
    // Terms coded from anywhere else, one row per source.
    while let Some(source) = codings.iter().flatten().map(|c| c.source.clone()).next() {
        let mut line = ReactionLine {
            case_number: case_number.to_owned(),
            symptom: String::new(),
            withdrawal: false,
            severity: None,
            coded_terms: Vec::new(),
            meddra_codes: Vec::new(),
            coded_from: match source.as_str() {
                "" => "narrative".into(),
                "withdrawal" => "withdrawal_list".into(),
                s if s.contains(':') => "symptom".into(),
                s => s.to_owned(),
            },
        };
        take(&mut codings, &source, &mut line);
        out.push(line);
    }
    out
}

/// Move the codings from `source` onto `line`.
fn take(codings: &mut [Option<CodingOut>], source: &str, line: &mut ReactionLine) {
    for slot in codings.iter_mut() {
        if slot.as_ref().is_some_and(|c| c.source == source) {
            if let Some(c) = slot.take() {
                line.coded_terms.push(c.term);
                line.meddra_codes.push(c.meddra_code.unwrap_or_default());
            }
        }
    }
    if line.meddra_codes.iter().all(String::is_empty) {
        line.meddra_codes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reaction(code: &str, withdrawal: bool, severity: Option<&str>) -> ReactionOut {
        ReactionOut {
            report_id: crate::ids::ReportId::from_stored("r".into()),
            code: code.into(),
            withdrawal,
            severity: severity.map(str::to_owned),
        }
    }

    fn coding(term: &str, source: &str, meddra: Option<&str>) -> CodingOut {
        CodingOut {
            report_id: crate::ids::ReportId::from_stored("r".into()),
            term: term.into(),
            source: source.into(),
            meddra_code: meddra.map(str::to_owned),
        }
    }

    #[test]
    fn coded_terms_sit_on_their_symptom_and_the_rest_get_rows_of_their_own() {
        let lines = lines(
            "CAN-1",
            vec![
                reaction("nausea", false, None),
                reaction("sweating", true, Some("severe")),
            ],
            vec![
                coding("nausea", "symptom:nausea", Some("10028813")),
                coding("seizure", "", None),
                coding("withdrawal_syndrome", "withdrawal", None),
            ],
        );
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].coded_terms, ["nausea"]);
        assert_eq!(lines[0].meddra_codes, ["10028813"]);
        assert_eq!(lines[1].severity.as_deref(), Some("severe"));
        assert!(lines[1].coded_terms.is_empty());
        assert_eq!(lines[2].coded_from, "narrative");
        assert_eq!(lines[3].coded_from, "withdrawal_list");
        assert!(lines[3].symptom.is_empty());
    }
}
