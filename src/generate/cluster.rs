//! `--lot-cluster LOT:N` and `--seller-cluster NAME:N`: the last N generated
//! reports are received within the last week and name the lot (on their
//! first product), or the seller in varying spellings ("Kratom King",
//! "WWW.KratomKing.com/", "kratom king llc"), so a generated database shows
//! a batch or seller alert. Neither draws on the random stream: the same
//! seed gives the same reports otherwise.

use chrono::{NaiveDateTime, TimeDelta};

use crate::report::model::NewReport;
use crate::report::values::FreeText;

/// A text and how many reports name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub text: String,
    pub reports: u64,
}

impl Cluster {
    /// `TEXT:N`, N from 1 to 1000.
    pub fn parse(value: &str) -> Result<Self, String> {
        let (text, n) = value
            .rsplit_once(':')
            .ok_or_else(|| format!("expected TEXT:N, like 24B117:5 (got {value:?})"))?;
        let text = text.trim();
        let reports: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("N in {value:?} is not a number"))?;
        if text.is_empty() || text.chars().count() > 60 || !(1..=1000).contains(&reports) {
            return Err(format!(
                "expected a text of 1 to 60 characters and N from 1 to 1000 (got {value:?})"
            ));
        }
        Ok(Self {
            text: text.to_owned(),
            reports,
        })
    }
}

/// The clusters of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clusters {
    pub lot: Option<Cluster>,
    pub seller: Option<Cluster>,
}

impl Clusters {
    /// Reports at the end of the run that belong to a cluster.
    pub fn reports(&self) -> u64 {
        let n = |c: &Option<Cluster>| c.as_ref().map_or(0, |c| c.reports);
        n(&self.lot).max(n(&self.seller))
    }

    /// When the report `from_end` places before the end (0 = last) is
    /// received: spread over the last week, the last report an hour ago.
    pub fn received(&self, now: NaiveDateTime, from_end: u64) -> NaiveDateTime {
        let week = 7 * 24 * 3600;
        let step = week / (self.reports().max(1) as i64 + 1);
        now - TimeDelta::seconds(3600 + step * from_end as i64)
    }

    /// Name the cluster's lot and seller on the report `from_end` places
    /// before the end.
    pub fn apply(&self, report: &mut NewReport, from_end: u64) {
        let Some(product) = report.products.first_mut() else {
            return;
        };
        if let Some(c) = self.lot.as_ref().filter(|c| from_end < c.reports) {
            product.lot = FreeText::from_stored(c.text.clone());
        }
        if let Some(c) = self.seller.as_ref().filter(|c| from_end < c.reports) {
            product.seller = FreeText::from_stored(spelling(&c.text, from_end));
        }
    }
}

/// One of three spellings of a seller's name, in turn.
fn spelling(name: &str, k: u64) -> String {
    match k % 3 {
        0 => name.to_owned(),
        1 => {
            let joined: String = name.split_whitespace().collect();
            format!("WWW.{joined}.com/")
        }
        _ => format!("{} llc", name.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::seller_key;

    #[test]
    fn clusters_parse_text_and_count() {
        assert_eq!(
            Cluster::parse("24B117:5"),
            Ok(Cluster {
                text: "24B117".into(),
                reports: 5
            })
        );
        assert_eq!(
            Cluster::parse("Lot: 7:3").map(|c| c.text),
            Ok("Lot: 7".into())
        );
        for bad in ["24B117", "24B117:0", ":3", "24B117:x", "24B117:1001"] {
            assert!(Cluster::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn seller_spellings_share_one_key() {
        let keys: Vec<_> = (0..3)
            .map(|k| seller_key(&spelling("Kratom King", k)))
            .collect();
        assert!(
            keys.iter().all(|k| k.as_deref() == Some("kratomking")),
            "{keys:?}"
        );
    }

    #[test]
    fn cluster_reports_fall_in_the_last_week() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        let c = Clusters {
            lot: Some(Cluster::parse("L1:50").unwrap()),
            seller: None,
        };
        for k in 0..50 {
            let at = c.received(now, k);
            assert!(at < now && now - at < TimeDelta::days(7), "{k}: {at}");
        }
    }
}
