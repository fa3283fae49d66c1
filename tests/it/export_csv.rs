//! The analyst CSV ZIP over HTTP and on the command line: every table
//! re-parses (strict RFC 4180, the `csv` crate) into the stored values,
//! formula-like text comes out neutralised, a safe-harbor export holds no
//! month, no age over 89, no restricted ZIP3 and no column outside the
//! allow-list, the manifest's hashes match, the codebook lists exactly the
//! columns present, linked duplicates appear once, roles are enforced and
//! every download is audited.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};

use canary::auth::Role;
use canary::db::schema::{followups, report_products, report_reactions, reports};
use canary::export::csv::profile::RESTRICTED_ZIP3;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::helpers::*;
use crate::review::{staff, Signed};
use crate::staff_helpers::*;

const TABLES: [&str; 6] = [
    "reports",
    "products",
    "reactions",
    "followups",
    "causality",
    "signals",
];
const TRIGGERS: [char; 8] = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

/// POST the download form; (status, content type, body bytes).
pub(crate) fn download(
    app: &TestApp,
    who: &Signed,
    fields: &[(&str, &str)],
) -> (u16, String, Vec<u8>) {
    download_from(app, who, "/analysis/export/csv", fields)
}

pub(crate) fn download_from(
    app: &TestApp,
    who: &Signed,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, Vec<u8>) {
    let mut all = vec![("csrf".to_owned(), who.csrf.clone())];
    all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let result = ureq::AgentBuilder::new()
        .redirects(0)
        .build()
        .post(&app.url(path))
        .set("Cookie", &who.cookie)
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&encode(&all));
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = resp.status();
    let kind = resp.content_type().to_owned();
    let mut body = Vec::new();
    resp.into_reader().read_to_end(&mut body).unwrap();
    (status, kind, body)
}

pub(crate) fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid ZIP");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().unwrap().into_owned(), data);
    }
    out
}

struct Table {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

/// Strict parse: every record has the header's width.
fn parse(data: &[u8]) -> Table {
    let mut r = csv::ReaderBuilder::new().flexible(false).from_reader(data);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("a well-formed record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// The stored text a cell stands for: the export's leading `'` removed.
fn unquote(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

/// Every cell of every table: none starts with a formula trigger.
fn assert_neutral(files: &BTreeMap<String, Vec<u8>>) {
    for (name, data) in files.iter().filter(|(n, _)| n.ends_with(".csv")) {
        let t = parse(data);
        for row in &t.rows {
            for (col, cell) in row {
                assert!(
                    !cell.starts_with(TRIGGERS),
                    "{name} {col}: bare formula {cell:?}"
                );
            }
        }
    }
}

fn tables(files: &BTreeMap<String, Vec<u8>>) -> HashMap<&'static str, Table> {
    TABLES
        .iter()
        .map(|t| (*t, parse(&files[&format!("{t}.csv")])))
        .collect()
}

/// A report whose free-text fields hold the OWASP examples.
fn hostile_report(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let mut f = full_report(&token, &idem);
    set(&mut f, "narrative", "\r=1+1 then he was sick for two days");
    set(&mut f, "symptoms_other", "=1+1");
    set(&mut f, "co_used_other", "+1");
    set(&mut f, "other_treatment", "-1");
    set(&mut f, "health_conditions", "@SUM(A1)");
    set(&mut f, "medicines", "\t=1");
    set(&mut f, "p0_brand", "=cmd|' /C calc'!A0");
    set(&mut f, "zip3", "036");
    set(&mut f, "age", "95");
    app.submit(&f).0
}

both_backends! {
    check_56_strict_rfc4180_reparse_one_record_per_report_or_caers_product_row => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let hostile = hostile_report(&app);
        let out = canary(&app.db, &["generate", "--reports", "120", "--seed", "7"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let admin = staff(&app, "admin@example.org", Role::Admin);
        let (status, kind, body) = download(&app, &admin, &[("profile", "case-processing")]);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        assert_eq!(kind, "application/zip");
        let files = unzip(&body);
        assert_neutral(&files);
        let t = tables(&files);

        // reports.csv against the reports table, field by field.
        let mut conn = app.db.connect();
        type Stored = (String, String, Option<String>, Option<String>, Option<String>, String, Option<String>, String);
        let stored: Vec<Stored> = reports::table
            .filter(reports::duplicate_of.is_null())
            .filter(reports::status.ne_all(["spam", "not_a_report", "duplicate"]))
            .select((reports::case_number, reports::narrative, reports::zip3, reports::onset_month,
                     reports::symptoms_other, reports::sex, reports::medicines, reports::status))
            .load(&mut conn).unwrap();
        assert_eq!(t["reports"].rows.len(), stored.len());
        let by_case: HashMap<&str, &HashMap<String, String>> =
            t["reports"].rows.iter().map(|r| (r["case_number"].as_str(), r)).collect();
        for (case, narrative, zip3, onset, other, sex, medicines, status) in &stored {
            let row = by_case.get(case.as_str()).unwrap_or_else(|| panic!("{case} missing"));
            assert_eq!(unquote(&row["narrative"]), narrative.as_str(), "{case}");
            assert_eq!(row["zip3"], zip3.as_ref().map(|z| format!("{z}xx")).unwrap_or_default(), "{case}");
            assert_eq!(row["onset"], onset.clone().unwrap_or_default(), "{case}");
            assert_eq!(unquote(&row["symptoms_other"]), other.clone().unwrap_or_default(), "{case}");
            assert_eq!(unquote(&row["medicines"]), medicines.clone().unwrap_or_default(), "{case}");
            assert_eq!(&row["sex"], sex);
            assert_eq!(&row["status"], status);
        }

        // The hostile report: each example is there, behind a single quote.
        let h = by_case[hostile.as_str()];
        assert_eq!(h["symptoms_other"], "'=1+1");
        assert_eq!(h["co_used_other"], "'+1");
        assert_eq!(h["other_treatment"], "'-1");
        // Intake's scrubber reads `@SUM` as a social-media handle; whatever
        // it stored comes out neutralised.
        let stored: Option<String> = reports::table
            .filter(reports::case_number.eq(&hostile))
            .select(reports::health_conditions)
            .first(&mut conn).unwrap();
        let stored = stored.unwrap_or_default();
        let expected = if stored.starts_with(TRIGGERS) { format!("'{stored}") } else { stored };
        assert_eq!(h["health_conditions"], expected);
        assert_eq!(h["medicines"], "'=1");
        assert!(h["narrative"].starts_with("'=1+1 then"), "{}", h["narrative"]);
        assert_eq!((h["age"].as_str(), h["age_group"].as_str()), ("", "90+"));
        assert_eq!(h["zip3"], "036xx", "case-processing keeps the stored prefix");
        let brand = t["products"].rows.iter()
            .find(|r| r["case_number"] == hostile && r["product_number"] == "1").unwrap();
        assert_eq!(brand["brand"], "'=cmd|' /C calc'!A0");
        assert_eq!(brand["lot"], "RB-0423-17");

        // products.csv, reactions.csv and followups.csv against their tables.
        let counted: BTreeSet<&str> = by_case.keys().copied().collect();
        let products: Vec<(String, i32, String, Option<String>)> = report_products::table
            .inner_join(reports::table)
            .select((reports::case_number, report_products::position, report_products::substance, report_products::brand))
            .load(&mut conn).unwrap();
        let products: BTreeSet<(String, String, String, String)> = products.into_iter()
            .filter(|p| counted.contains(p.0.as_str()))
            .map(|(c, pos, s, b)| (c, (pos + 1).to_string(), s, b.unwrap_or_default()))
            .collect();
        let exported: BTreeSet<(String, String, String, String)> = t["products"].rows.iter()
            .map(|r| (r["case_number"].clone(), r["product_number"].clone(), r["substance"].clone(), unquote(&r["brand"]).to_owned()))
            .collect();
        assert_eq!(exported, products);

        // The CAERS-shaped file: one strict record per product row.
        let (status, kind, body) = download_from(&app, &admin, "/analysis/export/caers", &[("profile", "case-processing")]);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        assert!(kind.starts_with("text/csv"), "{kind}");
        let caers = parse(&body);
        assert_eq!(caers.header, canary::export::csv::caers::HEADER.map(str::to_owned).to_vec());
        let mut per_case: BTreeMap<String, usize> = BTreeMap::new();
        for row in &caers.rows {
            *per_case.entry(row["Report ID"].clone()).or_default() += 1;
            for cell in row.values() {
                assert!(!cell.starts_with(TRIGGERS), "CAERS: bare formula {cell:?}");
            }
        }
        let mut expected: BTreeMap<String, usize> = BTreeMap::new();
        for (case, ..) in &products {
            *expected.entry(case.clone()).or_default() += 1;
        }
        assert_eq!(caers.rows.len(), products.len());
        assert_eq!(per_case, expected);
        assert!(caers.rows.iter().any(|r| r["Product"] == "'=cmd|' /C calc'!A0"), "the hostile brand, neutralised");

        let reactions: Vec<(String, String, bool, Option<String>)> = report_reactions::table
            .inner_join(reports::table)
            .select((reports::case_number, report_reactions::code, report_reactions::withdrawal, report_reactions::severity))
            .load(&mut conn).unwrap();
        let reactions: BTreeSet<(String, String, String, String)> = reactions.into_iter()
            .filter(|r| counted.contains(r.0.as_str()))
            .map(|(c, code, w, s)| (c, code, w.to_string(), if w { s.unwrap_or_default() } else { String::new() }))
            .collect();
        let exported: BTreeSet<(String, String, String, String)> = t["reactions"].rows.iter()
            .filter(|r| !r["symptom"].is_empty())
            .map(|r| (r["case_number"].clone(), r["symptom"].clone(), r["withdrawal"].clone(), r["severity"].clone()))
            .collect();
        assert_eq!(exported, reactions);
        assert!(t["reactions"].rows.iter().any(|r| !r["coded_terms"].is_empty()), "the reviewer's coded terms are exported");
        assert!(t["reactions"].rows.iter().any(|r| r["severity"] == "severe"));

        let fups: Vec<(String, String)> = followups::table
            .inner_join(reports::table)
            .select((reports::case_number, followups::narrative))
            .load(&mut conn).unwrap();
        let fups: BTreeSet<(String, String)> = fups.into_iter().filter(|f| counted.contains(f.0.as_str())).collect();
        let exported: BTreeSet<(String, String)> = t["followups"].rows.iter()
            .map(|r| (r["case_number"].clone(), unquote(&r["narrative"]).to_owned()))
            .collect();
        assert!(!fups.is_empty());
        assert_eq!(exported, fups);
    };

    safe_harbor_keeps_years_only_and_the_manifest_and_codebook_match => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let hostile = hostile_report(&app);
        let out = canary(&app.db, &["generate", "--reports", "150", "--seed", "11"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        // The default profile is safe-harbor.
        let (status, _, body) = download(&app, &analyst, &[]);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let files = unzip(&body);
        let names: BTreeSet<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, BTreeSet::from(["causality.csv", "codebook.csv", "followups.csv", "manifest.json", "manifest.txt", "products.csv", "reactions.csv", "reports.csv", "signals.csv"]));
        assert_neutral(&files);
        let t = tables(&files);

        let month = regex::Regex::new(r"\b(19|20)\d{2}[-/.](0?[1-9]|1[0-2])\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b").unwrap();
        let codebook = parse(&files["codebook.csv"]);
        for (name, table) in &t {
            // The codebook lists exactly this table's columns, in order.
            let listed: Vec<&str> = codebook.rows.iter().filter(|r| r["table"] == *name).map(|r| r["column"].as_str()).collect();
            assert_eq!(listed, table.header.iter().map(String::as_str).collect::<Vec<_>>(), "{name}");
            for row in &table.rows {
                for (col, cell) in row {
                    let kind = codebook.rows.iter().find(|r| r["table"] == *name && &r["column"] == col).unwrap()["type"].clone();
                    if kind.starts_with("year") && !cell.is_empty() {
                        assert!(cell.len() == 4 && cell.parse::<u16>().is_ok(), "{name}.{col}: {cell}");
                    }
                    assert!(!month.is_match(cell), "{name}.{col} holds a month or day: {cell:?}");
                }
            }
        }
        assert!(!t["products"].header.contains(&"lot".to_owned()), "lot is case-processing only");
        for row in &t["reports"].rows {
            let age = &row["age"];
            assert!(age.is_empty() || age.parse::<u32>().is_ok_and(|y| y <= 89), "{age}");
            let zip3 = &row["zip3"];
            assert!(zip3.is_empty() || zip3.ends_with("xx"), "{zip3}");
            assert!(!RESTRICTED_ZIP3.contains(&zip3.get(..3).unwrap_or_default()), "{zip3}");
        }
        let h = t["reports"].rows.iter().find(|r| r["case_number"] == hostile).unwrap();
        assert_eq!((h["age"].as_str(), h["age_group"].as_str(), h["zip3"].as_str()), ("", "90+", "000xx"));
        assert!(h["onset"] == "2025" && h["received"].len() == 4, "{} {}", h["onset"], h["received"]);

        // Manifest: hashes, sizes and row counts of every other file.
        let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(manifest["profile"], "safe-harbor");
        assert_eq!(manifest["reports"].as_u64().unwrap() as usize, t["reports"].rows.len());
        let listed = manifest["files"].as_array().unwrap();
        assert_eq!(listed.len(), 7);
        let txt = String::from_utf8(files["manifest.txt"].clone()).unwrap();
        for f in listed {
            let name = f["file"].as_str().unwrap();
            let hash = hex::encode(Sha256::digest(&files[name]));
            assert_eq!(f["sha256"], hash, "{name}");
            assert_eq!(f["bytes"].as_u64().unwrap() as usize, files[name].len());
            assert!(txt.contains(&format!("{hash}  {name}")), "{name} in manifest.txt");
            if let Some(t) = t.get(name.trim_end_matches(".csv")) {
                assert_eq!(f["rows"].as_u64().unwrap() as usize, t.rows.len(), "{name}");
            }
        }
    };

    duplicates_once_roles_enforced_and_downloads_audited => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let first = { let (t, i) = app.fresh_form(); app.submit(&full_report(&t, &i)).0 };
        let second = { let (t, i) = app.fresh_form(); app.submit(&full_report(&t, &i)).0 };
        {
            // The reviewer linked the second as a duplicate of the first.
            let mut conn = app.db.connect();
            let ids: Vec<(String, String)> = reports::table.select((reports::case_number, reports::id)).load(&mut conn).unwrap();
            let id = |c: &str| ids.iter().find(|(n, _)| n == c).unwrap().1.clone();
            let (original, copy) = (canary::ids::ReportId::from_stored(id(&first)), canary::ids::ReportId::from_stored(id(&second)));
            canary::db::assessment::set_duplicate(&mut conn, &copy, Some(&original),
                canary::report::options::ReportStatus::Duplicate, canary::db::now()).unwrap();
        }
        let reviewer = staff(&app, "reviewer@example.org", Role::Reviewer);
        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        let admin = staff(&app, "admin@example.org", Role::Admin);

        assert_eq!(app.get_with_cookie("/analysis/export", &reviewer.cookie).status, 403);
        assert_eq!(download(&app, &reviewer, &[]).0, 403);
        assert_eq!(app.get_with_cookie("/analysis/export", &analyst.cookie).status, 200);

        let (status, _, body) = download(&app, &analyst, &[("profile", "case-processing")]);
        assert_eq!(status, 200);
        let reports = &tables(&unzip(&body))["reports"];
        let cases: Vec<&str> = reports.rows.iter().map(|r| r["case_number"].as_str()).collect();
        assert_eq!(cases, vec![first.as_str()], "the linked duplicate is counted once, as its original");

        // An admin keeps case-processing to admins.
        let resp = app.post_form_with("/analysis/export/settings", &[("Cookie", admin.cookie.as_str())],
            &[("csrf", admin.csrf.as_str()), ("case_processing_admin_only", "on")]);
        assert_eq!(resp.status, 303);
        assert_eq!(audit_events(&app.db, "export_setting_changed").len(), 1);
        assert_eq!(download(&app, &analyst, &[("profile", "case-processing")]).0, 403);
        let page = app.get_with_cookie("/analysis/export", &analyst.cookie);
        assert!(!page.body.contains("value=\"case-processing\""), "the analyst is not offered it");
        assert_eq!(download(&app, &analyst, &[("profile", "safe-harbor")]).0, 200);
        assert_eq!(download(&app, &admin, &[("profile", "case-processing"), ("substance", "7oh")]).0, 200);
        // Without the CSRF token nothing is exported.
        let bare = app.post_form_with("/analysis/export/csv", &[("Cookie", analyst.cookie.as_str())], &[("profile", "safe-harbor")]);
        assert_eq!(bare.status, 403);
        // A bad filter is named, with 422.
        let (status, _, body) = download(&app, &analyst, &[("from", "March")]);
        assert_eq!(status, 422);
        assert!(String::from_utf8_lossy(&body).contains("year-month"));

        let events = audit_events(&app.db, "export");
        let what: Vec<String> = events.iter().map(|e| e.new_value.clone().unwrap_or_default()).collect();
        assert_eq!(what, vec![
            "profile=case-processing filter=all".to_owned(),
            "profile=safe-harbor filter=all".to_owned(),
            "profile=case-processing filter=substance=7oh".to_owned(),
        ]);
        let roles: Vec<&str> = events.iter().map(|e| e.actor_role.as_str()).collect();
        assert_eq!(roles, ["analyst", "analyst", "admin"]);
    };

    the_command_line_writes_the_same_zip_and_is_audited => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let out = canary(&app.db, &["generate", "--reports", "40", "--seed", "3"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.zip");
        let path_s = path.to_string_lossy().into_owned();
        let out = canary(&app.db, &["export", "csv", "--profile", "case-processing", "--out", &path_s, "--from", "2000-01"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("profile=case-processing"));
        let files = unzip(&std::fs::read(&path).unwrap());
        assert!(tables(&files)["reports"].rows.len() >= 30);
        let events = audit_events(&app.db, "export");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].actor_role, "cli");
        assert_eq!(events[0].new_value.as_deref(), Some("profile=case-processing filter=from=2000-01-01"));

        let bad = canary(&app.db, &["export", "csv", "--out", &path_s, "--substance", "tea"], "");
        assert!(!bad.status.success());
        assert!(text(&bad.stderr).contains("--substance"), "{}", text(&bad.stderr));
    };

    check_19_safe_harbor_zip3_036_becomes_000_941_stays_full_zip_never_stored => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let restricted = with_zip3(&app, "036");
        let open = with_zip3(&app, "941");
        // A full ZIP is refused, not cut: nothing of it is stored.
        let (token, idem) = app.fresh_form();
        let mut f = full_report(&token, &idem);
        set(&mut f, "zip3", "03601");
        set(&mut f, "action", "submit");
        let page = app.post_form("/report", &f);
        assert_eq!(page.status, 422);
        assert!(page.body.contains("only the first 3 digits"), "{}", errors_in(&page.body));
        assert_eq!(app.report_count(), 2);
        let stored: Vec<Option<String>> = reports::table.select(reports::zip3).load(&mut app.db.connect()).unwrap();
        let mut stored: Vec<String> = stored.into_iter().flatten().collect();
        stored.sort();
        assert_eq!(stored, ["036", "941"], "the prefixes are stored as typed");

        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        let (status, _, body) = download(&app, &analyst, &[("profile", "safe-harbor")]);
        assert_eq!(status, 200);
        let t = tables(&unzip(&body));
        let zip_of = |case: &str| t["reports"].rows.iter().find(|r| r["case_number"] == case).unwrap()["zip3"].clone();
        assert_eq!(zip_of(&restricted), "000xx");
        assert_eq!(zip_of(&open), "941xx");
    };

    check_20_event_dates_stored_as_months_and_safe_harbor_exports_years_only => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        // Schema: no report table has a day-bearing event-date column; the
        // event dates are the `_month` text columns (the `_at` columns are
        // server timestamps, not events in the person's life).
        let mut conn = app.db.connect();
        let names: Vec<String> = match &mut conn {
            canary::db::DbConnection::Sqlite(_) => diesel::sql_query(
                "SELECT p.name || ':' || lower(p.type) AS value FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.name IN ('reports', 'report_products', 'report_co_used', 'report_reactions', 'followups')"),
            canary::db::DbConnection::Postgres(_) => diesel::sql_query(
                "SELECT column_name::text || ':' || lower(data_type::text) AS value FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name IN ('reports', 'report_products', 'report_co_used', 'report_reactions', 'followups')"),
        }
        .load::<Name>(&mut conn).unwrap().into_iter().map(|n| n.value).collect();
        assert!(names.iter().any(|n| n == "onset_month:text"), "{names:?}");
        for n in &names {
            let (name, kind) = n.split_once(':').unwrap();
            if kind.contains("date") || kind.contains("time") {
                assert!(name.ends_with("_at") || name.ends_with("_until"), "{n}: a day-bearing column that is not a server timestamp");
            }
            for part in name.split('_') {
                assert!(!["date", "dates", "dob", "birthday", "birthdate"].contains(&part), "column {n} could hold a day");
            }
        }
        // A day typed into a month field is refused.
        let (token, idem) = app.fresh_form();
        let mut f = full_report(&token, &idem);
        set(&mut f, "onset", "2025-06-15");
        set(&mut f, "action", "submit");
        assert_eq!(app.post_form("/report", &f).status, 422);
        assert_eq!(app.report_count(), 0);

        hostile_report(&app);
        let out = canary(&app.db, &["generate", "--reports", "60", "--seed", "20"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let month = regex::Regex::new(r"^\d{4}-(0[1-9]|1[0-2])$").unwrap();
        let mut dates: Vec<Option<String>> = reports::table.select(reports::onset_month).load(&mut conn).unwrap();
        dates.extend(reports::table.select(reports::rx_stopped_month).load::<Option<String>>(&mut conn).unwrap());
        dates.extend(report_products::table.select(report_products::last_use_month).load::<Option<String>>(&mut conn).unwrap());
        let dates: Vec<String> = dates.into_iter().flatten().collect();
        assert!(dates.len() > 60, "{}", dates.len());
        for d in &dates {
            assert!(month.is_match(d), "stored event date {d:?} is not YYYY-MM");
        }

        // Every date column of the safe-harbor export holds a year only.
        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        let (status, _, body) = download(&app, &analyst, &[("profile", "safe-harbor")]);
        assert_eq!(status, 200);
        let files = unzip(&body);
        let codebook = parse(&files["codebook.csv"]);
        let mut checked = 0;
        for (name, table) in &tables(&files) {
            for col in &table.header {
                let kind = &codebook.rows.iter().find(|r| r["table"] == *name && &r["column"] == col).unwrap()["type"];
                if !(kind.contains("date") || kind.contains("month") || kind.starts_with("year")) {
                    continue;
                }
                for row in &table.rows {
                    let cell = &row[col];
                    assert!(cell.is_empty() || (cell.len() == 4 && cell.parse::<u16>().is_ok()), "{name}.{col} ({kind}): {cell:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 60, "date cells checked: {checked}");
    };
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

/// Submit the full report with `zip3`; the case number.
fn with_zip3(app: &TestApp, zip3: &str) -> String {
    let (token, idem) = app.fresh_form();
    let mut f = full_report(&token, &idem);
    set(&mut f, "zip3", zip3);
    app.submit(&f).0
}
