//! `canary generate`: synthetic reports land in the real database marked
//! synthetic, numbered in their own `SYN-` series (the real case counter
//! untouched), load like submitted reports, cover every kind of report,
//! carry a synthetic reviewer's assessments, and show up for staff.

use std::collections::BTreeSet;

use canary::auth::Role;
use canary::db::reports::load_by_case;
use canary::db::schema::{case_counters, causality_assessments, coded_reactions, reports, users};
use canary::report::options::{ClosedList, ReportKind};
use diesel::prelude::*;

use crate::helpers::*;
use crate::staff_helpers::*;

fn generate(db: &TestDb, n: &str) -> (String, String) {
    let out = canary(db, &["generate", "--reports", n, "--seed", "42"], "");
    assert!(
        out.status.success(),
        "generate failed: {}",
        text(&out.stderr)
    );
    (text(&out.stdout), text(&out.stderr))
}

both_backends! {
    generated_reports_are_synthetic_load_and_cover_every_kind => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (stdout, stderr) = generate(&app.db, "300");
        let last = stdout.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("generated=300 seconds=") && last.contains(" rate=") && last.ends_with("/s"),
            "last line: {last:?}"
        );
        for tenth in ["10 %", "50 %", "100 %"] {
            assert!(stderr.contains(tenth), "no {tenth} progress line in {stderr}");
        }

        let mut conn = app.db.connect();
        let rows: Vec<(String, bool)> = reports::table
            .select((reports::case_number, reports::synthetic))
            .load(&mut conn)
            .unwrap();
        assert_eq!(rows.len(), 300);
        assert!(rows.iter().all(|(_, synthetic)| *synthetic), "every report is marked synthetic");
        let cases: BTreeSet<&str> = rows.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cases.len(), 300, "case numbers are unique");
        for case in &cases {
            let parts: Vec<&str> = case.split('-').collect();
            assert!(parts.len() == 3 && parts[0] == "SYN" && parts[2].len() == 7, "{case}");
        }
        let counters: i64 = case_counters::table.count().get_result(&mut conn).unwrap();
        assert_eq!(counters, 0, "the real case counter is untouched");

        let mut kinds = BTreeSet::new();
        let (mut serious, mut withdrawal, mut followed_up) = (0, 0, 0);
        for case in &cases {
            let stored = load_by_case(&mut conn, &canary::ids::CaseNumber::parse(case).unwrap()).unwrap().expect("stored report");
            kinds.insert(stored.report.kind);
            serious += usize::from(stored.report.is_serious());
            withdrawal += usize::from(!stored.report.withdrawal.is_empty());
            followed_up += usize::from(!stored.followups.is_empty());
            assert!(!stored.report.products.is_empty());
        }
        for kind in ReportKind::all() {
            assert!(kinds.contains(kind), "no {} report generated", kind.code());
        }
        assert!(serious > 0 && withdrawal > 0 && followed_up > 0, "{serious} {withdrawal} {followed_up}");

        // A synthetic reviewer assessed some of them; nobody can sign in as it.
        let coded: i64 = coded_reactions::table.count().get_result(&mut conn).unwrap();
        let bands: Vec<String> = causality_assessments::table
            .select(causality_assessments::naranjo_band)
            .load(&mut conn)
            .unwrap();
        assert!(coded > 0 && !bands.is_empty(), "coded {coded}, causality {}", bands.len());
        assert!(bands.iter().all(|b| ["definite", "probable", "possible", "doubtful"].contains(&b.as_str())));
        let reviewer: bool = users::table
            .filter(users::email.eq("synthetic-reviewer@canary.invalid"))
            .select(users::disabled)
            .first(&mut conn)
            .unwrap();
        assert!(reviewer, "the synthetic reviewer account is disabled");

        // Staff see them counted.
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let home = app.get_with_cookie("/staff", &cookie);
        assert_eq!(element_text(&home.body, "total-reports").as_deref(), Some("300"));

        // A second run continues the series and the audit chain stays intact.
        generate(&app.db, "10");
        let numbers: Vec<String> = reports::table.select(reports::case_number).load(&mut conn).unwrap();
        let highest = numbers.iter().filter_map(|c| c.rsplit('-').next()).max().unwrap().to_owned();
        assert_eq!(highest, "0000310");
        let verify = canary(&app.db, &["audit", "verify"], "");
        assert!(verify.status.success(), "{}", text(&verify.stderr));
    };

    a_large_queue_is_counted_to_a_cap_and_paged_in_order_without_gaps => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        generate(&app.db, "1060");
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);

        // Walk every page of "all statuses" by its "Next page" links.
        let mut path = "/review?status=all".to_owned();
        let mut seen: Vec<String> = Vec::new();
        let mut pages = 0;
        loop {
            let page = app.get_with_cookie(&path, &cookie);
            assert_eq!(page.status, 200, "{path}");
            pages += 1;
            if pages == 1 {
                let count = page.body.split("id=\"queue-count\" role=\"status\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or_default();
                assert_eq!(count, "More than 1000 cases, page 1.", "the count stops at the cap");
            }
            seen.extend(
                page.body
                    .split("<th scope=\"row\"><a href=\"/review/")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next().map(str::to_owned)),
            );
            let next = page.body.split(" rel=\"next\"").next().and_then(|before| {
                page.body.contains(" rel=\"next\"").then(|| before.rsplit("href=\"").next().map(|h| unescape(h.trim_end_matches('"'))))
            });
            match next.flatten() {
                Some(href) => path = href,
                None => break,
            }
            assert!(pages < 30, "the pager never ends at {path}");
        }
        assert_eq!(pages, 22, "1,060 cases are 22 pages of 50");

        // Every case once, in the queue's order: most serious, then oldest.
        let mut conn = app.db.connect();
        let mut expected: Vec<(i32, chrono::NaiveDateTime, String, String)> = reports::table
            .select((reports::queue_rank, reports::received_at, reports::id, reports::case_number))
            .load(&mut conn)
            .unwrap();
        expected.sort();
        let expected: Vec<String> = expected.into_iter().map(|(_, _, _, case)| case).collect();
        assert_eq!(seen, expected);
    };

    year_from_in_the_future_is_refused => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let out = canary(&app.db, &["generate", "--reports", "5", "--year-from", "2999"], "");
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("--year-from"), "{}", text(&out.stderr));
        assert_eq!(app.report_count(), 0);
    };
}
