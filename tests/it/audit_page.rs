//! The admins' audit page over HTTP: filters by case, person, action and
//! date (bad values named), pages of 50, a CSV download whose cells cannot
//! start a spreadsheet formula, and no way in for reviewers or analysts.

use canary::auth::Role;

use crate::helpers::*;
use crate::review::{act, staff, Signed};
use crate::staff_helpers::*;

fn submit(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    app.submit(&full_report(&token, &idem)).0
}

fn get(app: &TestApp, who: &Signed, path: &str) -> Resp {
    app.get_with_cookie(path, &who.cookie)
}

/// The `#` column of the audit table, in page order.
fn seqs(body: &str) -> Vec<i64> {
    let Some(table) = body.split("id=\"audit\"").nth(1) else {
        return Vec::new();
    };
    table
        .split("<tr>")
        .skip(2)
        .filter_map(|row| {
            row.split("<td>")
                .nth(1)?
                .split("</td>")
                .next()?
                .parse()
                .ok()
        })
        .collect()
}

both_backends! {
    admins_filter_page_and_download_the_trail => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let admin = staff(&app, "admin@example.org", Role::Admin);
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let a = submit(&app);
        let b = submit(&app);
        // A reason that would be a formula in a spreadsheet.
        let formula = "=SUM(A1:A9) checked twice";
        assert_eq!(act(&app, &rev, &a, "status", &[("to", "in_review"), ("reason", formula)]).status, 303);
        for _ in 0..55 {
            assert_eq!(get(&app, &rev, &format!("/review/{b}")).status, 200);
        }

        // Roles: only admins.
        for who in [&rev, &staff(&app, "ana@example.org", Role::Analyst)] {
            assert_eq!(get(&app, who, "/staff/audit").status, 403);
            assert_eq!(get(&app, who, "/staff/audit.csv").status, 403);
        }

        // By case: only that case's events, in words.
        let by_case = get(&app, &admin, &format!("/staff/audit?case={a}"));
        assert_eq!(by_case.status, 200, "{}", by_case.body);
        let body = unescape(&by_case.body);
        assert!(body.contains("Changed the status: New → In review"), "{body}");
        assert!(!body.contains(&format!("/review/{b}\"")), "other cases left out");
        assert!(body.contains("Report received"), "{body}");
        // The report's arrival and the status change.
        assert_eq!(element_text(&by_case.body, "audit-count").unwrap().split(' ').next(), Some("2"));

        // By person and action, paged: 55 views of b, 50 on the first page.
        let rev_id = user_id(&app.db, "rev@example.org");
        let views = get(&app, &admin, &format!("/staff/audit?person={rev_id}&action=view"));
        assert_eq!(views.status, 200);
        let first = seqs(&views.body);
        assert_eq!(first.len(), 50, "{}", views.body);
        assert!(first.windows(2).all(|w| w[0] > w[1]), "newest first");
        assert!(views.body.contains("55 events, page 1 of 2"), "{}", views.body);
        let second = get(&app, &admin, &format!("/staff/audit?person={rev_id}&action=view&page=2"));
        let second = seqs(&second.body);
        assert_eq!(second.len(), 5);
        assert!(second[0] < *first.last().unwrap(), "pages do not overlap");
        // The reporter's submissions are not the reviewer's.
        let reporter = get(&app, &admin, "/staff/audit?person=reporter&action=view");
        assert!(seqs(&reporter.body).is_empty());

        // Dates: today has them all; a day long ago none.
        let today = chrono::Utc::now().date_naive().to_string();
        let dated = get(&app, &admin, &format!("/staff/audit?from={today}&to={today}&action=view"));
        assert!(dated.body.contains("55 events"), "{}", dated.body);
        let old = get(&app, &admin, "/staff/audit?to=2000-01-01");
        assert!(old.body.contains("No events match"));

        // Bad values are named, not ignored.
        let bad = get(&app, &admin, "/staff/audit?case=CAN-2026-999999&person=nobody&action=bogus&from=yesterday");
        assert_eq!(bad.status, 422);
        let bad = unescape(&bad.body);
        for msg in ["There is no case CAN-2026-999999.", "Choose a person from the list.", "Choose an action from the list.", "Enter a date as year-month-day"] {
            assert!(bad.contains(msg), "{msg}");
        }

        // CSV: the same events, cells neutralised, and the download is audited.
        let csv = get(&app, &admin, &format!("/staff/audit.csv?case={a}"));
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "the report's arrival and the status change: {}", csv.body);
        assert_eq!(&rows[0][5], "Report received");
        let reason = &rows[1][12];
        assert_eq!(reason, format!("'{formula}"), "formula neutralised");
        assert_eq!(&rows[1][6], a.as_str());
        assert_eq!(&rows[1][5], "Changed the status: New → In review");
        let exported = audit_events(&app.db, "audit_exported");
        assert_eq!(exported.len(), 1);
        assert!(exported[0].new_value.as_deref().unwrap().contains(&a));
    };
}
