//! Grouping recent reports by the lot or seller they name (pure): which
//! keys have reached the threshold, with their reports.

use crate::ids::{CaseNumber, ReportId};
use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::key::{lot_key, seller_key, AlertKey, AlertKind};

/// One product of a recent report, as stored.
#[derive(Debug, Clone)]
pub struct Mention {
    pub report_id: ReportId,
    pub case_number: CaseNumber,
    pub received_at: NaiveDateTime,
    pub lot: Option<String>,
    pub seller: Option<String>,
}

/// Reports naming one lot or seller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: AlertKey,
    /// The text of the earliest mention, as typed (scrubbed).
    pub label: String,
    /// Report id → received time; a report naming the key twice counts once.
    pub reports: BTreeMap<ReportId, NaiveDateTime>,
}

/// Groups of at least `min_reports` distinct reports, lots first, then by key.
pub fn over_threshold(mentions: &[Mention], min_reports: usize) -> Vec<Group> {
    let mut groups: BTreeMap<AlertKey, Group> = BTreeMap::new();
    for m in mentions {
        let keys = [
            (
                AlertKind::Lot,
                m.lot.as_deref(),
                m.lot.as_deref().and_then(lot_key),
            ),
            (
                AlertKind::Seller,
                m.seller.as_deref(),
                m.seller.as_deref().and_then(seller_key),
            ),
        ];
        for (kind, typed, key) in keys {
            let (Some(typed), Some(key)) = (typed, key) else {
                continue;
            };
            let key = AlertKey { kind, key };
            groups
                .entry(key.clone())
                .or_insert_with(|| Group {
                    key,
                    label: typed.trim().to_owned(),
                    reports: BTreeMap::new(),
                })
                .reports
                .insert(m.report_id.clone(), m.received_at);
        }
    }
    groups
        .into_values()
        .filter(|g| g.reports.len() >= min_reports)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    fn mention(report: &str, lot: Option<&str>, seller: Option<&str>) -> Mention {
        Mention {
            report_id: ReportId::from_stored(report.into()),
            case_number: CaseNumber::from_stored(format!("CASE-{report}")),
            received_at: at(1),
            lot: lot.map(Into::into),
            seller: seller.map(Into::into),
        }
    }

    #[test]
    fn distinct_reports_naming_one_key_reach_the_threshold() {
        let mentions = [
            mention("a", Some("24B117"), None),
            mention("b", Some("lot 24b-117"), Some("Kratom King")),
            mention("c", Some("24B 117"), Some("WWW.Kratom-King.com/")),
            // Two products of one report count once.
            mention("c", Some("24B117"), None),
            mention("d", Some("99Z001"), Some("kratom king llc")),
        ];
        let groups = over_threshold(&mentions, 3);
        let keys: Vec<(AlertKind, &str, usize)> = groups
            .iter()
            .map(|g| (g.key.kind, g.key.key.as_str(), g.reports.len()))
            .collect();
        assert_eq!(
            keys,
            [
                (AlertKind::Lot, "24B117", 3),
                (AlertKind::Seller, "kratomking", 3)
            ]
        );
        assert_eq!(groups[0].label, "24B117");
        assert_eq!(groups[1].label, "Kratom King");
    }

    #[test]
    fn below_the_threshold_nothing_groups() {
        let mentions = [
            mention("a", Some("24B117"), Some("smoke shop")),
            mention("b", Some("24B117"), Some("smoke shop")),
            mention("c", Some("don't know"), Some("Smoke Shop")),
        ];
        assert!(over_threshold(&mentions, 3).is_empty());
    }
}
