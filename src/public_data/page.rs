//! Use case: load the counts of the public data page from the database
//! (`db::public_data`), label them and apply the small-cell rule, for the
//! whole page ([`show`]) or for one table's CSV ([`table`]).

use std::collections::BTreeMap;

use super::suppression::MIN_CELL;
use super::tables::{self, month_rows, publish, PublicTable, RawTable, TableKind};
use crate::db::public_data as q;
use crate::db::{Db, DbConnection, DbError};
use crate::report::countries::Country;
use crate::report::options::{ClosedList, CurrentState, Outcome, ProductForm, Region, Substance};
use crate::report::symptoms::{Symptom, SymptomGroup};
use crate::review::queue::outcome_of;

/// The page: the number of reports counted (`None` when it is 1 to 4 and
/// so not published) and every table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicData {
    pub reports: Option<u64>,
    pub tables: Vec<PublicTable>,
}

const NO_PRODUCT: &str = "No product named";
const WITHDRAWAL: &str = "withdrawal";

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Short public wording of the seriousness criteria.
fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Death => "Death",
        Outcome::LifeThreatening => "Life-threatening",
        Outcome::Hospitalised => "Hospital stay",
        Outcome::Disability => "Lasting disability",
        Outcome::BirthDefect => "Birth defect",
        Outcome::Intervention => "Treatment to prevent lasting harm",
        Outcome::OtherSerious => "Other serious medical event",
    }
}

fn substance_label(s: Substance) -> &'static str {
    match s {
        Substance::Other => "Other substance",
        s => s.label(),
    }
}

fn state_label(code: Option<&str>) -> Option<String> {
    let r = Region::from_code(code?)?;
    Some(match r.country() {
        Country::Us => r.label().to_owned(),
        c => format!("{} ({})", r.label(), c.label()),
    })
}

fn raw(conn: &mut DbConnection, kind: TableKind, total: u64) -> Result<RawTable, DbError> {
    let rows = match kind {
        TableKind::Substances => {
            let order: Vec<(String, String)> = Substance::all()
                .iter()
                .map(|s| (s.code().to_owned(), substance_label(*s).to_owned()))
                .collect();
            tables::many_per_report(&q::substances(conn)?, &order, NO_PRODUCT, total)
        }
        TableKind::Forms => {
            let order: Vec<(String, String)> = ProductForm::all()
                .iter()
                .map(|f| (f.code().to_owned(), f.label().to_owned()))
                .collect();
            tables::many_per_report(&q::forms(conn)?, &order, NO_PRODUCT, total)
        }
        TableKind::Symptoms => {
            let pairs: Vec<(String, &'static str)> = q::reactions(conn)?
                .into_iter()
                .map(|(report, code, withdrawal)| {
                    let group = if withdrawal {
                        WITHDRAWAL
                    } else {
                        Symptom::from_code(&code)
                            .map_or(SymptomGroup::Other, Symptom::group)
                            .code()
                    };
                    (report, group)
                })
                .collect();
            let mut order: Vec<(&'static str, String)> = SymptomGroup::all()
                .iter()
                .map(|g| (g.code(), g.label().to_owned()))
                .collect();
            order.push((WITHDRAWAL, "Withdrawal symptoms".to_owned()));
            tables::many_per_report(&pairs, &order, "No symptom ticked", total)
        }
        TableKind::Reactions => tables::pooled_terms(
            &q::coded_terms(conn)?,
            MIN_CELL,
            "Other terms (each in fewer than 5 reports)",
            "No reaction coded yet",
            total,
        ),
        TableKind::Seriousness => {
            let mut by: BTreeMap<Option<Outcome>, u64> = BTreeMap::new();
            for (rank, n) in q::by_rank(conn)? {
                *by.entry(outcome_of(rank)).or_default() += count(n);
            }
            let mut rows: Vec<(String, u64)> = Outcome::all()
                .iter()
                .map(|o| {
                    let n = by.get(&Some(*o)).copied().unwrap_or(0);
                    (outcome_label(*o).to_owned(), n)
                })
                .collect();
            rows.push((
                "Not serious".to_owned(),
                by.get(&None).copied().unwrap_or(0),
            ));
            rows
        }
        TableKind::Outcomes => {
            let by: BTreeMap<String, u64> = q::by_current_state(conn)?
                .into_iter()
                .map(|(c, n)| (c, count(n)))
                .collect();
            CurrentState::all()
                .iter()
                .map(|s| {
                    let label = match s {
                        CurrentState::Unknown => "Not known",
                        s => s.label(),
                    };
                    (label.to_owned(), by.get(s.code()).copied().unwrap_or(0))
                })
                .collect()
        }
        TableKind::Months => month_rows(
            &q::by_month(conn)?
                .into_iter()
                .map(|(m, n)| (m, count(n)))
                .collect::<Vec<_>>(),
        ),
        TableKind::States => {
            let mut by: BTreeMap<String, u64> = BTreeMap::new();
            let mut none = 0;
            for (code, n) in q::by_region(conn)? {
                match state_label(code.as_deref()) {
                    Some(label) => *by.entry(label).or_default() += count(n),
                    None => none += count(n),
                }
            }
            let mut rows: Vec<(String, u64)> = by.into_iter().collect();
            if none > 0 {
                rows.push(("No state or region given".to_owned(), none));
            }
            rows
        }
    };
    Ok(RawTable { kind, rows, total })
}

fn reports(conn: &mut DbConnection) -> Result<u64, DbError> {
    Ok(count(q::total(conn)?))
}

/// The public data page.
pub async fn show(db: &Db) -> Result<PublicData, DbError> {
    db.read(load).await
}

/// One table of the page, for its CSV.
pub async fn table(db: &Db, kind: TableKind) -> Result<PublicTable, DbError> {
    db.read(move |c| load_table(c, kind)).await
}

/// Every table of the page.
fn load(conn: &mut DbConnection) -> Result<PublicData, DbError> {
    let total = reports(conn)?;
    let tables = TableKind::ALL
        .into_iter()
        .map(|k| raw(conn, k, total).map(publish))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PublicData {
        reports: (total == 0 || total >= MIN_CELL).then_some(total),
        tables,
    })
}

/// One table, for its CSV.
fn load_table(conn: &mut DbConnection, kind: TableKind) -> Result<PublicTable, DbError> {
    let total = reports(conn)?;
    Ok(publish(raw(conn, kind, total)?))
}
