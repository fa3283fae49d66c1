//! The periodic summary PDF as a reader gets it (Poppler's `pdftotext`):
//! every case number printed is a real case number, each serious case is
//! printed whole, no word is broken, and the long case table continues
//! across pages under its header.

use std::collections::BTreeSet;

use canary::auth::Role;
use diesel::prelude::*;

use crate::export_medwatch::{get_bytes, pdf_text};
use crate::helpers::*;
use crate::staff_helpers::*;

/// Words without surrounding punctuation.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| ",.;:()[]\"'".contains(c))
                .to_owned()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

both_backends! {
    the_summary_pdf_prints_whole_case_numbers_and_whole_words => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let out = canary(&app.db, &["generate", "--reports", "300", "--seed", "5"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        add_user(&app.db, "analyst@example.org", Role::Analyst, PASSWORD);
        let cookie = sign_in(&app, "analyst@example.org", PASSWORD);
        let to = chrono::Utc::now().format("%Y-%m").to_string();
        let q = format!("from=2000-01&to={to}");

        // The truth: the serious cases the CSV lists, and every case number.
        let (status, _, csv) = get_bytes(&app, &format!("/analysis/summary.csv?{q}"), &cookie);
        assert_eq!(status, 200);
        let mut r = csv::Reader::from_reader(csv.as_slice());
        let serious: BTreeSet<String> = r.records().map(Result::unwrap)
            .filter(|r| &r[0] == "serious_case").map(|r| r[4].to_owned()).collect();
        assert!(serious.len() > 60, "enough serious cases to fill pages: {}", serious.len());
        let all: BTreeSet<String> = canary::db::schema::reports::table
            .select(canary::db::schema::reports::case_number)
            .load(&mut app.db.connect()).unwrap().into_iter().collect();

        let (status, _, pdf) = get_bytes(&app, &format!("/analysis/summary.pdf?{q}"), &cookie);
        assert_eq!(status, 200);
        let text = pdf_text(&pdf);
        let number = regex::Regex::new(r"(?:CAN|SYN)-[0-9-]+").unwrap();
        let printed: BTreeSet<String> = number.find_iter(&text).map(|m| m.as_str().to_owned()).collect();
        for p in &printed {
            assert!(all.contains(p), "{p} is not a case number: a cut or joined identifier");
        }
        assert_eq!(printed, serious, "every serious case printed whole, and no other");

        // The table runs over several pages, its header on each.
        let pages: usize = regex::Regex::new(r"page \d+ of (\d+)").unwrap()
            .captures(&text).unwrap()[1].parse().unwrap();
        assert!(pages >= 3, "{pages} pages");
        let headers = text.lines().filter(|l| l.contains("Products and doses") && l.contains("Seriousness")).count();
        assert!(headers >= 2, "the case table's header repeats on the pages it continues on ({headers})");
        println!("summary pdf: serious_cases={} pages={pages} case_table_headers={headers}", serious.len());

        // No word is broken: every word the PDF prints is a word of the
        // summary as the page and the CSV hold it (or of the page footer).
        let page = app.get_with_cookie(&format!("/analysis/summary?{q}"), &cookie);
        let tags = regex::Regex::new(r"<[^>]*>").unwrap();
        let mut known: BTreeSet<String> = words(&unescape(&tags.replace_all(&page.body, " "))).into_iter().collect();
        known.extend(words(&String::from_utf8_lossy(&csv).replace(',', " ")));
        // The PDF's own fixed text: the opening paragraph, the month
        // table's header and the footer.
        known.extend(words(canary::analysis::summary_out::ABOUT));
        known.extend(words("Month Serious Not serious All"));
        known.extend(words("Canary periodic summary: voluntary reports, not proof of causation - page of"));
        let broken: Vec<String> = words(&text).into_iter()
            .filter(|w| w.chars().any(char::is_alphabetic) && !known.contains(w))
            .collect();
        assert!(broken.is_empty(), "words the PDF broke or invented: {broken:?}");
    };
}
