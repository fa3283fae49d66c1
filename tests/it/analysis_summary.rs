//! The periodic summary: the printable page, the PDF (read back with
//! pdftotext) and the CSV (re-parsed with the csv crate) list the serious
//! cases of the period, downloads are audited, a bad period is refused,
//! reviewers are kept out, and `canary export summary` writes the same.

use std::process::Command;

use canary::analysis::summary_out::CSV_COLUMNS;
use canary::auth::Role;

use crate::helpers::*;
use crate::staff_helpers::*;

fn signed(app: &TestApp, role: Role) -> String {
    let email = format!("{}@example.org", role.code());
    add_user(&app.db, &email, role, PASSWORD);
    sign_in(app, &email, PASSWORD)
}

/// A serious 7-OH withdrawal report and a not serious kratom one:
/// (serious case, not serious case).
fn two_reports(app: &TestApp) -> (String, String) {
    let (token, idem) = app.fresh_form();
    let serious = app.submit(&full_report(&token, &idem)).0;
    let (token, idem) = app.fresh_form();
    let mut f = full_report(&token, &idem);
    f.retain(|(k, _)| {
        !(k.starts_with("p1_")
            || k.starts_with("out_")
            || k.starts_with("wd_")
            || k.starts_with("care_")
            // A seizure alone makes a report medically important (serious).
            || k == "sym_seizure")
    });
    set(&mut f, "products", "1");
    set(&mut f, "kind", "reaction");
    set(&mut f, "p0_substance", "kratom_leaf");
    set(&mut f, "current_state", "recovered");
    (serious, app.submit(&f).0)
}

/// GET as raw bytes: (status, content type, body).
fn get_bytes(app: &TestApp, path: &str, cookie: &str) -> (u16, String, Vec<u8>) {
    use std::io::Read;
    let resp = match ureq::get(&app.url(path)).set("Cookie", cookie).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let (status, kind) = (resp.status(), resp.content_type().to_owned());
    let mut body = Vec::new();
    resp.into_reader().read_to_end(&mut body).unwrap();
    (status, kind, body)
}

fn month() -> String {
    chrono::Utc::now().format("%Y-%m").to_string()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed: .ci/run installs it");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_reader(bytes);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS);
    r.records().map(Result::unwrap).collect()
}

fn serious_cases(rows: &[csv::StringRecord]) -> Vec<String> {
    rows.iter()
        .filter(|r| &r[0] == "serious_case")
        .map(|r| r[4].to_owned())
        .collect()
}

both_backends! {
    summary_page_pdf_and_csv_list_the_serious_cases => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let analyst = signed(&app, Role::Analyst);
        let (serious, other) = two_reports(&app);
        let q = format!("from={m}&to={m}", m = month());

        let page = app.get_with_cookie(&format!("/analysis/summary?{q}"), &analyst);
        assert_eq!(page.status, 200, "{}", page.body);
        let cases = page.body.split("id=\"summary-cases\"").nth(1).unwrap();
        assert!(cases.contains(&serious) && !cases.contains(&other));
        assert!(element_text(&page.body, "summary-total").unwrap().starts_with("2 reports"));

        let (status, kind, pdf) = get_bytes(&app, &format!("/analysis/summary.pdf?{q}"), &analyst);
        assert_eq!((status, kind.as_str()), (200, "application/pdf"));
        let text = pdf_text(&pdf);
        assert!(text.contains("Serious cases (1)"), "{text}");
        assert!(text.contains(&serious), "{text}");
        assert!(!text.contains(&other));

        let (status, _, csv) = get_bytes(&app, &format!("/analysis/summary.csv?{q}&substance=7oh"), &analyst);
        assert_eq!(status, 200);
        let rows = csv_rows(&csv);
        assert_eq!(serious_cases(&rows), vec![serious.clone()]);
        let period = rows.iter().find(|r| &r[0] == "period").unwrap();
        assert_eq!(&period[3], "1", "the substance filter leaves one report");
        let case = rows.iter().find(|r| &r[0] == "serious_case").unwrap();
        assert_eq!(&case[5], "18 to 64 years");
        assert!(case[7].contains("7-OH") && case[7].contains("2 tablets × 4 a day"), "{:?}", &case[7]);

        let exported = audit_events(&app.db, "summary_exported");
        assert_eq!(exported.len(), 2, "each download is audited");
        assert!(exported.iter().any(|e| e.field.as_deref() == Some("pdf")));

        let bad = app.get_with_cookie("/analysis/summary?from=2026-13&to=soon", &analyst);
        assert_eq!(bad.status, 422);
        assert!(unescape(&bad.body).contains("Enter a month as year-month"));
        assert_eq!(app.get_with_cookie("/analysis/summary.csv", &analyst).status, 400);
        let reviewer = signed(&app, Role::Reviewer);
        assert_eq!(app.get_with_cookie(&format!("/analysis/summary.csv?{q}"), &reviewer).status, 403);
    };

    the_command_line_writes_the_summary => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (serious, _) = two_reports(&app);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("summary.csv");
        let m = month();
        let run = canary(&app.db, &["export", "summary", "--from", &m, "--to", &m, "--out", out.to_str().unwrap()], "");
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert_eq!(serious_cases(&csv_rows(&std::fs::read(&out).unwrap())), vec![serious]);
        let refused = canary(&app.db, &["export", "summary", "--from", "2026-1", "--to", &m, "--out", "x.txt"], "");
        assert!(!refused.status.success());
        assert!(text(&refused.stderr).contains("--from"), "{}", text(&refused.stderr));
    };
}
