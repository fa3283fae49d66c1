//! The public data page over HTTP: `/data` and its CSVs count only
//! reviewed, real, non-duplicate reports, and a database where naive
//! tables would show a single report (the only one from Ohio, the only
//! one about another substance, by vape, who died) publishes no count
//! from 1 to 4 and nothing that pins that report down.

use canary::auth::Role;
use diesel::connection::SimpleConnection;

use crate::helpers::*;
use crate::meddra::{fictional_code, import_fictional};
use crate::review::{act, move_to, staff, Signed};
use crate::staff_helpers::canary;

const RARE_NAME: &str = "Moonroot Tincture";
const LONE_NARRATIVE: &str = "Bought a rare root vape at a fair; found unresponsive at home.";

/// The lone report: Ohio, another substance by vape, one skin symptom, died.
fn lone(f: &mut Vec<(String, String)>) {
    f.retain(|(k, _)| {
        !(k.starts_with("p1_")
            || k.starts_with("out_")
            || k.starts_with("sym_")
            || k.starts_with("wd_")
            || k.starts_with("p0_strength")
            || k == "symptoms_other")
    });
    set(f, "products", "1");
    set(f, "kind", "reaction");
    set(f, "region", "US-OH");
    set(f, "zip3", "432");
    set(f, "p0_substance", "other");
    set(f, "p0_substance_other", RARE_NAME);
    set(f, "p0_form", "vape");
    set(f, "p0_amount_unit", "puff");
    set(f, "p0_route", "inhaled");
    f.push(("sym_rash".into(), "on".into()));
    f.push(("out_death".into(), "on".into()));
    set(f, "current_state", "died");
    set(f, "narrative", LONE_NARRATIVE);
}

fn submit(app: &TestApp, change: impl FnOnce(&mut Vec<(String, String)>)) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    change(&mut fields);
    let (case, _) = app.submit(&fields);
    assert!(case.starts_with("CAN-"), "submitted: {case}");
    case
}

fn code(app: &TestApp, who: &Signed, case: &str, term: &str, llt: &str) {
    let meddra = fictional_code(llt);
    let resp = act(
        app,
        who,
        case,
        "reactions",
        &[
            ("rows", "1"),
            ("r0_source", "narrative"),
            ("r0_term", term),
            ("r0_meddra", meddra.as_str()),
            ("reason", "Coded from the report."),
        ],
    );
    assert_eq!(resp.status, 303, "coding {case}: {}", errors_in(&resp.body));
}

/// Review a case through to "assessed": seriousness confirmed (`criterion`),
/// a causality row for its first product, status moves.
fn assess(app: &TestApp, who: &Signed, case: &str, criterion: &str) {
    move_to(app, who, case, "in_review", &[]);
    let field = format!("ich_{criterion}");
    let resp = act(
        app,
        who,
        case,
        "seriousness",
        &[
            (field.as_str(), "on"),
            ("ich_reason", "Confirmed from the report."),
        ],
    );
    assert_eq!(
        resp.status,
        303,
        "seriousness {case}: {}",
        errors_in(&resp.body)
    );
    app.db
        .connect()
        .batch_execute(&format!(
            "INSERT INTO causality_assessments (id, report_id, product_id, event_assessed, who_umc, naranjo_answers, naranjo_score, naranjo_band, rationale, assessed_by, assessed_at) \
             SELECT 'ca-' || p.id, r.id, p.id, 'Seizure', 'possible', 'uyuuyuuuuu', 4, 'possible', 'timing fits', (SELECT MIN(id) FROM users), r.received_at \
             FROM reports r JOIN report_products p ON p.report_id = r.id WHERE r.case_number = '{case}' AND p.position = 0"
        ))
        .unwrap();
    move_to(app, who, case, "assessed", &[]);
}

/// (label, value) of every body row of the page's table `data-<slug>`,
/// and its total.
fn html_table(body: &str, slug: &str) -> Option<(Vec<(String, String)>, String)> {
    let start = body.find(&format!("id=\"data-{slug}\""))?;
    let t = &body[start..];
    let t = &t[..t.find("</table>").unwrap()];
    let cells = |part: &str| -> Vec<(String, String)> {
        let re = regex::Regex::new(r"<tr><th scope=.row.>([^<]*)</th><td[^>]*>([^<]*)</td></tr>")
            .unwrap();
        re.captures_iter(part)
            .map(|c| (unescape(&c[1]), c[2].to_owned()))
            .collect()
    };
    let (tbody, tfoot) = t.split_at(t.find("<tfoot>").unwrap());
    Some((cells(tbody), cells(tfoot)[0].1.clone()))
}

/// The CSV rows of `/data/<slug>.csv` (header left out).
fn csv_rows(app: &TestApp, slug: &str) -> Vec<Vec<String>> {
    let resp = app.get(&format!("/data/{slug}.csv"));
    assert_eq!(resp.status, 200, "{slug}.csv");
    assert!(resp.header("content-type").unwrap().starts_with("text/csv"));
    let mut r = csv::ReaderBuilder::new().from_reader(resp.body.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

const SLUGS: [&str; 8] = [
    "substances",
    "product-forms",
    "symptom-groups",
    "reactions",
    "seriousness",
    "outcomes",
    "months",
    "states",
];

fn is_small(v: &str) -> bool {
    matches!(v.trim().parse::<u64>(), Ok(1..=4))
}

/// The page and every CSV: the total is `total`, no count is 1–4, and no
/// case number, narrative or reporter-typed name appears.
fn check_published(app: &TestApp, total: u64) -> String {
    let page = app.get("/data");
    assert_eq!(page.status, 200);
    let body = unescape(&page.body);
    assert!(
        body.contains(&format!("{total} reports are counted.")),
        "{body}"
    );
    for forbidden in [
        "CAN-",
        "SYN-",
        RARE_NAME,
        LONE_NARRATIVE,
        "Brand One",
        "Insomnia",
    ] {
        assert!(!body.contains(forbidden), "{forbidden} on /data");
    }
    for slug in SLUGS {
        let (rows, t) = html_table(&page.body, slug).unwrap_or_else(|| panic!("table {slug}"));
        assert_eq!(t, total.to_string(), "{slug} total on the page");
        for (label, v) in &rows {
            assert!(!is_small(v), "{slug}: {label} shows {v}");
        }
        let csv = csv_rows(app, slug);
        let last = csv.last().unwrap();
        assert_eq!(
            (last[0].as_str(), last[1].as_str()),
            ("Total reports", total.to_string().as_str())
        );
        for row in &csv {
            assert!(!is_small(&row[1]), "{slug}.csv: {row:?}");
            for cell in row {
                for forbidden in ["CAN-", "SYN-", RARE_NAME, "Insomnia"] {
                    assert!(!cell.contains(forbidden), "{forbidden} in {slug}.csv");
                }
            }
        }
        // Page and CSV say the same.
        let page_rows: Vec<(String, String)> = rows;
        let csv_body: Vec<(String, String)> = csv[..csv.len() - 1]
            .iter()
            .map(|r| {
                (
                    r[0].clone(),
                    if r[1].is_empty() {
                        "hidden".into()
                    } else {
                        r[1].clone()
                    },
                )
            })
            .collect();
        assert_eq!(page_rows, csv_body, "{slug}: page and CSV differ");
    }
    page.body
}

fn row<'a>(rows: &'a [(String, String)], label: &str) -> &'a str {
    rows.iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
}

both_backends! {
    public_data_hides_a_lone_report_and_counts_only_reviewed_real_reports => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        import_fictional(&app.db);

        // Nothing reviewed yet: the page says so, nobody signs in.
        let empty = app.get("/data");
        assert_eq!(empty.status, 200);
        assert!(empty.body.contains("No reports have been reviewed yet."));
        assert!(empty.body.contains("Poison Help"), "the urgent-help banner shows");
        assert_eq!(app.get("/data/cases.csv").status, 404);

        // The lone report and two from Texas: 3 reviewed, too few for anything.
        let lone_case = submit(&app, lone);
        code(&app, &rev, &lone_case, "insomnia", "Insomnia");
        assess(&app, &rev, &lone_case, "death");
        let mut texas = Vec::new();
        for _ in 0..11 {
            texas.push(submit(&app, |_| {}));
        }
        for case in &texas[..2] {
            assess(&app, &rev, case, "hospitalised");
        }
        let few = unescape(&app.get("/data").body);
        assert!(few.contains("Fewer than 5 reports have been reviewed"), "{few}");
        assert!(!few.contains("3 reports"));
        assert_eq!(few.matches("Withheld: too few reports").count(), 8);
        let csv = csv_rows(&app, "states");
        assert_eq!(csv.len(), 1, "only the total row: {csv:?}");
        assert_eq!(csv[0][1], "", "the total 3 is not published");

        // The other nine from Texas, six of them coded to Seizure.
        for (i, case) in texas.iter().enumerate() {
            if i < 6 {
                code(&app, &rev, case, "seizure", "Seizure");
            }
            if i >= 2 {
                assess(&app, &rev, case, "hospitalised");
            }
        }

        // Reports that must not count, all like the lone one (so naive
        // counts would show Ohio, vape and "other substance" as 13):
        // unreviewed, linked duplicates, and synthetic.
        for _ in 0..4 {
            submit(&app, lone);
        }
        for _ in 0..4 {
            let dup = submit(&app, lone);
            let resp = act(&app, &rev, &dup, "duplicates",
                &[("action", "link"), ("other", texas[0].as_str()), ("reason", "Same event.")]);
            assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));
        }
        let mut fake = Vec::new();
        for _ in 0..4 {
            let case = submit(&app, lone);
            assess(&app, &rev, &case, "death");
            fake.push(format!("'{case}'"));
        }
        app.db.connect().batch_execute(&format!(
            "UPDATE reports SET synthetic = true WHERE case_number IN ({})", fake.join(","))).unwrap();
        // And what `canary generate` makes, some of it assessed.
        let out = canary(&app.db, &["generate", "--reports", "60", "--seed", "7"], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

        let body = check_published(&app, 12);
        let (states, _) = html_table(&body, "states").unwrap();
        assert_eq!(row(&states, "Ohio"), "hidden");
        assert_eq!(row(&states, "Texas"), "hidden", "11 = 12 − Ohio would reveal Ohio's 1");
        let (subst, _) = html_table(&body, "substances").unwrap();
        assert_eq!(row(&subst, "Other substance"), "hidden");
        assert_eq!(row(&subst, "Kratom extract"), "0");
        // 11 and 11 beside the hidden 1: both 11s go with it (equal counts together).
        assert_eq!(row(&subst, "Kratom leaf or powder"), "hidden");
        let (forms, _) = html_table(&body, "product-forms").unwrap();
        assert_eq!(row(&forms, "Vape"), "hidden");
        let (serious, _) = html_table(&body, "seriousness").unwrap();
        assert_eq!(row(&serious, "Death"), "hidden");
        assert_eq!(row(&serious, "Hospital stay"), "hidden");
        let (outcomes, _) = html_table(&body, "outcomes").unwrap();
        assert_eq!(row(&outcomes, "Died"), "hidden");
        let (symptoms, _) = html_table(&body, "symptom-groups").unwrap();
        assert_eq!(row(&symptoms, "Skin"), "hidden");
        let (coded, _) = html_table(&body, "reactions").unwrap();
        assert_eq!(row(&coded, "Seizure"), "6");
        assert_eq!(row(&coded, "Other terms (each in fewer than 5 reports)"), "hidden");
        assert_eq!(row(&coded, "No reaction coded yet"), "hidden");
        let (months, _) = html_table(&body, "months").unwrap();
        assert_eq!(months.len(), 1);
        assert_eq!(months[0].1, "12");

        // The charts: a number or "hidden" on every bar, named for screen readers.
        assert!(body.contains("<title id=\"chart-states-title\">"));
        assert!(body.contains("<desc id=\"chart-states-desc\">"));
        assert!(body.contains("<a href=\"/data\">Public data</a>"), "linked from the footer");
    };
}
