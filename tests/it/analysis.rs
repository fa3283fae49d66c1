//! The analysis dashboard over HTTP: the numbers beside each chart match a
//! known set of submitted reports, filters change them, a duplicate linked
//! by a reviewer counts once, the SVG charts parse as XML without reporter
//! text, the PRR/ROR/IC figures match the pure functions (IC also in the
//! analyst ZIP's signals.csv), and only analysts and admins get in.

use canary::analysis::signals::{self, show, show_interval, TwoByTwo};
use canary::auth::Role;

use crate::helpers::*;
use crate::staff_helpers::*;

const BRAND: &str = "<script>alert('x')</script> Evil & Co";

fn signed(app: &TestApp, role: Role) -> (String, String) {
    let email = format!("{}@example.org", role.code());
    add_user(&app.db, &email, role, PASSWORD);
    let cookie = sign_in(app, &email, PASSWORD);
    let csrf = csrf_of(app, &cookie);
    (cookie, csrf)
}

/// The full two-product withdrawal report, changed by `change`.
fn submit(app: &TestApp, change: impl FnOnce(&mut Vec<(String, String)>)) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    change(&mut fields);
    app.submit(&fields).0
}

/// A one-product, not serious reaction report: kratom leaf capsules.
fn kratom_reaction(f: &mut Vec<(String, String)>, symptoms: &[&str]) {
    f.retain(|(k, _)| {
        !(k.starts_with("p1_")
            || k.starts_with("out_")
            || k.starts_with("sym_")
            || k.starts_with("wd_")
            || k.starts_with("care_")
            || k == "symptoms_other")
    });
    for s in symptoms {
        f.push((format!("sym_{s}"), "on".into()));
    }
    set(f, "products", "1");
    set(f, "kind", "reaction");
    set(f, "p0_substance", "kratom_leaf");
    set(f, "p0_form", "capsule");
    unset(f, "p0_strength");
    unset(f, "p0_strength_of");
    set(f, "p0_amount_unit", "capsule");
    set(f, "p0_brand", BRAND);
    set(f, "current_state", "recovered");
    set(f, "naloxone", "no");
    unset(f, "naloxone_helped");
    set(
        f,
        "narrative",
        "A rash on both arms after a new capsule; it faded in a week.",
    );
}

fn dashboard(app: &TestApp, cookie: &str, query: &str) -> String {
    let resp = app.get_with_cookie(&format!("/analysis?{query}"), cookie);
    assert_eq!(resp.status, 200, "{}", resp.body);
    resp.body
}

fn strip_tags(s: &str) -> String {
    let re = regex::Regex::new(r"<[^>]*>").unwrap();
    unescape(re.replace_all(s, "").trim())
}

/// The rows of the table with `id`, each a list of cell texts.
fn table(body: &str, id: &str) -> Vec<Vec<String>> {
    let Some(start) = body.find(&format!("id=\"{id}\"")) else {
        return Vec::new();
    };
    let t = &body[start..];
    let t = &t[..t.find("</table>").unwrap()];
    let t = &t[t.find("<tbody>").unwrap()..];
    let cell = regex::Regex::new(r"(?s)<t[hd][^>]*>(.*?)</t[hd]>").unwrap();
    t.split("<tr>")
        .skip(1)
        .map(|row| cell.captures_iter(row).map(|c| strip_tags(&c[1])).collect())
        .collect()
}

/// (row header, count) pairs of a one-number table, sorted.
fn counts(body: &str, id: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = table(body, id)
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    out.sort();
    out
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    out.sort();
    out
}

fn total(body: &str) -> String {
    element_text(body, "analysis-total").unwrap()
}

both_backends! {
    charts_and_tables_count_the_submitted_reports_once => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (analyst, _) = signed(&app, Role::Analyst);
        let (_, _) = signed(&app, Role::Reviewer);
        let reviewer_cookie = sign_in(&app, "reviewer@example.org", PASSWORD);
        let reviewer_csrf = csrf_of(&app, &reviewer_cookie);

        // R1: 7-OH tablets (suspect) + kratom leaf powder (co-used),
        // withdrawal, hospitalised. R2: the same events reported again.
        let r1 = submit(&app, |_| {});
        let r2 = submit(&app, |f| set(f, "narrative",
            "After stopping the tablets he could not sleep for days, had a seizure on day 3 and spent two nights in the hospital."));
        // R3, R4: kratom leaf capsules, not serious.
        submit(&app, |f| kratom_reaction(f, &["rash"]));
        submit(&app, |f| kratom_reaction(f, &["rash", "vomiting"]));

        let before = dashboard(&app, &analyst, "");
        assert!(total(&before).starts_with("4 reports"), "{}", total(&before));

        // A reviewer links R2 to R1: from then on it is counted once.
        let linked = app.post_form_with(
            &format!("/review/{r2}/duplicates"),
            &[("Cookie", &reviewer_cookie)],
            &[("csrf", &reviewer_csrf), ("action", "link"), ("other", &r1), ("reason", "The same events reported twice.")],
        );
        assert_eq!(linked.status, 303, "{}", errors_in(&linked.body));

        let body = dashboard(&app, &analyst, "");
        assert!(total(&body).starts_with("3 reports"), "{}", total(&body));
        let month = chrono::Utc::now().format("%Y-%m").to_string();
        assert_eq!(table(&body, "table-months"), vec![vec![month, "1".into(), "2".into(), "3".into()]]);
        assert_eq!(counts(&body, "table-substances"), pairs(&[
            ("7-OH (7-hydroxymitragynine) product", "1"),
            ("Kratom leaf or powder", "3"),
        ]));
        assert_eq!(counts(&body, "table-forms"), pairs(&[
            ("Capsules", "2"), ("Leaf powder (loose)", "1"), ("Tablets", "1"),
        ]));
        assert_eq!(counts(&body, "table-reactions"), pairs(&[
            ("Fast or pounding heartbeat", "1"),
            ("Vomiting", "2"),
            ("Seizure (fit)", "1"),
            ("Rash or itching", "2"),
            ("Withdrawal: Aching bones, joints or muscles", "1"),
            ("Withdrawal: Runny nose", "1"),
            ("Withdrawal: Strong craving to use", "1"),
        ]));
        assert_eq!(counts(&body, "table-outcomes"), pairs(&[("Getting better", "1"), ("Recovered", "2")]));
        let mut wd = table(&body, "table-withdrawal");
        wd.sort();
        assert_eq!(wd, vec![
            vec!["Aching bones, joints or muscles".to_string(), "0".into(), "0".into(), "1".into()],
            vec!["Runny nose".to_string(), "1".into(), "0".into(), "0".into()],
            vec!["Strong craving to use".to_string(), "0".into(), "1".into(), "0".into()],
        ]);

        // Every chart is well-formed XML and carries no reporter text.
        let svgs: Vec<&str> = body.split("<svg ").skip(1).map(|s| &s[..s.find("</svg>").unwrap() + 6]).collect();
        assert_eq!(svgs.len(), 6, "one chart per section");
        for s in &svgs {
            let xml = format!("<svg {s}");
            let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(doc.root_element().attribute("aria-label").is_some());
            assert!(!xml.contains("Evil"), "no product names in charts");
        }
        assert!(!body.contains("<script>alert"));
        let month_texts: Vec<String> = roxmltree::Document::parse(&format!("<svg {}", svgs[0])).unwrap()
            .descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).map(|t| t.trim().to_owned()).collect();
        assert!(month_texts.contains(&"3".to_string()), "the bar's total is drawn: {month_texts:?}");

        // Disproportionality: kratom leaf (suspect in R3, R4) × vomiting
        // (R1, R4): a = 1, b = 1, c = 1, d = 0 of 3 reports.
        let rows = table(&body, "signals");
        let row = rows.iter().find(|r| r[0] == "Kratom leaf or powder" && r[1] == "Vomiting").unwrap();
        let s = signals::signal(TwoByTwo { a: 1, b: 1, c: 1, d: 0 });
        assert_eq!(row[2..6], ["1", "1", "1", "0"]);
        assert_eq!(row[6], show(s.prr.value));
        assert_eq!(row[6], "0.50");
        assert_eq!(row[7], show_interval(&s.prr));
        assert_eq!(row[8], show(s.ror.value));
        assert_eq!(row[9], "not computable", "d = 0 leaves ROR without an interval");
        assert_eq!(row[10], show(s.chi2_yates));
        assert_eq!(row[11], "—");
        assert!(body.contains("not proof that the substance causes the reaction"));
    };

    filters_change_the_counts => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (analyst, _) = signed(&app, Role::Analyst);
        submit(&app, |_| {});
        submit(&app, |f| kratom_reaction(f, &["rash"]));
        let serious = dashboard(&app, &analyst, "seriousness=serious");
        assert!(total(&serious).starts_with("1 report "), "{}", total(&serious));
        assert_eq!(counts(&serious, "table-forms"), pairs(&[("Leaf powder (loose)", "1"), ("Tablets", "1")]));
        let seven_oh = dashboard(&app, &analyst, "substance=7oh");
        assert!(total(&seven_oh).starts_with("1 report "));
        assert!(seven_oh.contains("A substance filter is on"));
        let kratom = dashboard(&app, &analyst, "substance=kratom_leaf");
        assert!(total(&kratom).starts_with("2 reports"));
        let later = dashboard(&app, &analyst, "from=2999-01");
        assert!(total(&later).starts_with("0 reports"));
        assert!(table(&later, "table-substances").is_empty());
        let bad = dashboard(&app, &analyst, "substance=tea");
        assert!(unescape(&bad).contains("Choose a substance from the list."));
        assert!(total(&bad).starts_with("2 reports"), "the bad filter is dropped");
    };

    information_component_on_the_page_and_in_the_signal_csv => |backend| {
        let app = TestApp::spawn_with(backend, |env| {
            env.insert("CANARY_SUBMIT_PER_CLIENT_PER_HOUR".into(), "100".into());
        })
        .unwrap();
        let (analyst, csrf) = signed(&app, Role::Analyst);
        // Kratom leaf (suspect) with a rash in 3 reports; 30 reports about
        // 7-OH tablets without a rash: a = 3, b = 0, c = 0, d = 30, N = 33.
        for _ in 0..3 {
            submit(&app, |f| kratom_reaction(f, &["rash"]));
        }
        for _ in 0..30 {
            submit(&app, |_| {});
        }
        // E = 3 × 3 / 33 = 0.2727273; IC = log2(3.5 / 0.7727273) = 2.1793
        // IC025 = 2.1793 − 3.3 / √3.5 − 2 / 3.5^1.5 = 2.1793 − 1.7639 − 0.3054 = 0.1100
        // IC975 = 2.1793 + 2.4 / √3.5 − 0.5 / 3.5^1.5 = 2.1793 + 1.2829 − 0.0764 = 3.3858
        let known = TwoByTwo { a: 3, b: 0, c: 0, d: 30 };
        let s = signals::signal(known);
        assert!(s.ic_flagged && !s.flagged, "IC025 > 0 while PRR (c = 0) is not computable");

        let body = dashboard(&app, &analyst, "");
        let rows = table(&body, "signals");
        let row = rows.iter().find(|r| r[0] == "Kratom leaf or powder" && r[1] == "Rash or itching").unwrap();
        assert_eq!(row[2..6], ["3", "0", "0", "30"]);
        assert_eq!(row[11], "—", "no Evans flag");
        assert_eq!((row[12].as_str(), row[13].as_str(), row[14].as_str()), ("2.18", "0.11–3.39", "IC025 > 0"));
        assert_eq!((row[12].clone(), row[13].clone()), (show(s.ic.value), show_interval(&s.ic)));
        assert!(unescape(&body).contains("IC025 > 0</strong> column marks pairs whose whole interval lies above 0 and that have a ≥ 3"), "the page says what the flag is");
        // 7-OH × seizure: in every 7-OH report and only there, a = 30.
        let seizure = rows.iter().find(|r| r[0].starts_with("7-OH") && r[1] == "Seizure (fit)").unwrap();
        assert_eq!(seizure[2..6], ["30", "0", "0", "3"]);

        // The analyst ZIP's signals.csv has the same figures, and its codebook says what they are.
        let who = crate::review::Signed { cookie: analyst.clone(), csrf };
        let (status, _, zip) = crate::export_csv::download(&app, &who, &[("profile", "safe-harbor")]);
        assert_eq!(status, 200);
        let files = crate::export_csv::unzip(&zip);
        let mut csv = csv::Reader::from_reader(&files["signals.csv"][..]);
        let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rash = csv
            .records()
            .map(|r| r.unwrap())
            .find(|r| &r[at("substance")] == "kratom_leaf" && &r[at("symptom")] == "rash" && &r[at("withdrawal")] == "false")
            .expect("kratom leaf × rash in signals.csv");
        assert_eq!([&rash[at("a")], &rash[at("b")], &rash[at("c")], &rash[at("d")]], ["3", "0", "0", "30"]);
        assert_eq!((&rash[at("ic")], &rash[at("ic025")], &rash[at("ic975")]), ("2.1793", "0.1100", "3.3858"));
        assert_eq!((&rash[at("ic025_flag")], &rash[at("evans_flag")], &rash[at("prr")]), ("true", "false", ""));
        let book = String::from_utf8(files["codebook.csv"].clone()).unwrap();
        for column in ["\"signals\",\"ic\"", "\"signals\",\"ic025\"", "\"signals\",\"ic975\"", "\"signals\",\"ic025_flag\""] {
            assert!(book.contains(column), "codebook lists {column}");
        }
    };

    only_analysts_and_admins_see_the_dashboard => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        for (role, status, link) in [(Role::Analyst, 200, true), (Role::Admin, 200, true), (Role::Reviewer, 403, false)] {
            let (cookie, _) = signed(&app, role);
            assert_eq!(app.get_with_cookie("/analysis", &cookie).status, status, "{role:?}");
            let home = app.get_with_cookie("/staff", &cookie);
            assert_eq!(home.body.contains("id=\"analysis-link\""), link, "{role:?}");
        }
        assert_ne!(app.get("/analysis").status, 200);
    };
}
