//! Free text in Safe Harbor files and `canary rescrub`: identifiers planted in every free-text
//! field of a report (as an older scrubber could have stored them) are gone from the
//! safe-harbor ZIP, a narrative no reviewer confirmed is left out and counted in the
//! manifest, dates in text become years and ages over 89 "90 or older"; the case-processing
//! ZIP says it is not Safe Harbor de-identified; `canary rescrub` cleans the stored rows,
//! prints counts by kind (never the text) and writes one audit event.

use std::collections::BTreeMap;

use canary::auth::Role;
use canary::db::schema::{report_products, reports};
use diesel::prelude::*;

use crate::export_csv::{download, unzip};
use crate::helpers::*;
use crate::review::{act, staff};
use crate::staff_helpers::*;

/// (column, text as an older scrubber stored it, the identifying words it must lose).
const PLANTED: &[(&str, &str, &[&str])] = &[
    ("health_conditions", "Diabetes; sees Dr. Orlov at Tamsin Creek Family Clinic", &["Orlov", "Tamsin"]),
    ("medicines", "Metformin, filled at Bellhaven Pharmacy", &["Bellhaven"]),
    ("rx_stopped_which", "Buprenorphine from his prescriber Nadia Petrakis", &["Nadia", "Petrakis"]),
    ("co_used_other", "energy drinks, he lives in Ashgrove Falls, Calder County", &["Ashgrove", "Calder"]),
    ("symptoms_other", "shaking since he turned 91 on March 14, 2025", &["91", "March 14"]),
    ("other_treatment", "IV fluids at Wexham Hollow General", &["Wexham"]),
    ("narrative", "My grandfather Walter Brennick is 93 years old. His neighbour Jolene found him and called 911; we reached her at jolene.k@example.net.", &["Walter", "Brennick", "93", "Jolene", "jolene.k"]),
];
/// The seller field keeps the shop's name and web address, and loses the rest.
const SELLER_PLANTED: &str = "kratomking.com, ask for Marcus Delaney at 216-555-0147";

const PRODUCT_PLANTED: &[(&str, &str, &[&str])] = &[
    (
        "brand",
        "Leaf Gold from Quillon Smoke & Vape, the seller goes by Tank",
        &["Quillon", "Tank"],
    ),
    (
        "reason_other",
        "to keep working at Hanlon Pipe & Supply",
        &["Hanlon"],
    ),
];

/// Submits a clean report and overwrites its free text with `PLANTED`, as scrubber version 1.
fn planted_report(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let case = app.submit(&full_report(&token, &idem)).0;
    let mut conn = app.db.connect();
    let id: String = reports::table
        .filter(reports::case_number.eq(&case))
        .select(reports::id)
        .first(&mut conn)
        .unwrap();
    let t = |i: usize| Some(PLANTED[i].1.to_owned());
    diesel::update(reports::table.filter(reports::id.eq(&id)))
        .set((
            reports::health_conditions.eq(t(0)),
            reports::medicines.eq(t(1)),
            reports::rx_stopped_which.eq(t(2)),
            reports::co_used_other.eq(t(3)),
            reports::symptoms_other.eq(t(4)),
            reports::other_treatment.eq(t(5)),
            reports::narrative.eq(PLANTED[6].1),
            reports::scrubber_version.eq(1),
        ))
        .execute(&mut conn)
        .unwrap();
    diesel::update(
        report_products::table
            .filter(report_products::report_id.eq(&id))
            .filter(report_products::position.eq(0)),
    )
    .set((
        report_products::brand.eq(PRODUCT_PLANTED[0].1),
        report_products::reason_other.eq(PRODUCT_PLANTED[1].1),
        report_products::seller.eq(SELLER_PLANTED),
    ))
    .execute(&mut conn)
    .unwrap();
    case
}

fn words_of(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".csv") && name.as_str() != "codebook.csv")
        .map(|(_, data)| String::from_utf8_lossy(data).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        edge(text[..at].chars().next_back()) && edge(text[at + word.len()..].chars().next())
    })
}

both_backends! {
    issue_15_safe_harbor_zip_holds_no_planted_identifier_and_no_unconfirmed_narrative => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let planted = planted_report(&app);
        let (token, idem) = app.fresh_form();
        let mut f = full_report(&token, &idem);
        set(&mut f, "narrative", "The violet tablets made her dizzy for a whole day.");
        let unconfirmed = app.submit(&f).0;
        let reviewer = staff(&app, "reviewer@example.org", Role::Reviewer);
        let before = app.get_with_cookie(&format!("/review/{planted}"), &reviewer.cookie);
        assert!(element_text(&before.body, "narrative-state").unwrap().starts_with("Not confirmed"));
        let resp = act(&app, &reviewer, &planted, "narrative", &[]);
        assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));
        let after = app.get_with_cookie(&format!("/review/{planted}"), &reviewer.cookie);
        assert!(element_text(&after.body, "narrative-state").unwrap().starts_with("Confirmed by reviewer@example.org"));
        assert_eq!(audit_events(&app.db, "narrative_confirmed").len(), 1);

        let analyst = staff(&app, "analyst@example.org", Role::Analyst);
        let (status, _, body) = download(&app, &analyst, &[("profile", "safe-harbor")]);
        assert_eq!(status, 200);
        let files = unzip(&body);
        let all = words_of(&files);
        for (column, _, words) in PLANTED.iter().chain(PRODUCT_PLANTED) {
            for w in *words {
                assert!(!holds_word(&all, w), "{column}: {w:?} reached the safe-harbor ZIP");
            }
        }
        // The confirmed narrative is there, cleaned; the old age is a band, the date a year.
        assert!(all.contains("called 911"), "the confirmed narrative is exported");
        assert!(all.contains("90 or older"), "{all}");
        assert!(all.contains("2025"));
        // The unconfirmed one is left out and counted.
        assert!(!all.contains("violet tablets"), "an unconfirmed narrative reached the file");
        let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(manifest["unconfirmed_narratives_left_out"], 1);
        let txt = String::from_utf8_lossy(&files["manifest.txt"]).into_owned();
        assert!(txt.contains("unconfirmed narratives left out: 1"), "{txt}");
        assert!(all.contains(&unconfirmed), "the unconfirmed case is still exported without its text");

        let (status, _, body) = download(&app, &analyst, &[("profile", "case-processing")]);
        assert_eq!(status, 200);
        let files = unzip(&body);
        let txt = String::from_utf8_lossy(&files["manifest.txt"]).into_owned();
        assert!(txt.contains("NOT Safe Harbor de-identified"), "{txt}");
    };

    issue_15_rescrub_cleans_stored_text_prints_counts_only_and_audits_once => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let planted = planted_report(&app);
        let out = canary(&app.db, &["rescrub"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        let last = stdout.lines().last().unwrap_or_default().to_owned();
        assert!(last.starts_with("rescrubbed reports=1 changed=1 "), "{last}");
        for kind in ["name=", "place=", "facility=", "age=", "email="] {
            assert!(last.contains(kind), "{kind} in {last}");
        }
        let printed = format!("{stdout}{}", text(&out.stderr));
        for (_, _, words) in PLANTED.iter().chain(PRODUCT_PLANTED) {
            for w in *words {
                assert!(!holds_word(&printed, w), "{w:?} printed");
            }
        }
        let mut conn = app.db.connect();
        let (narrative, version, kinds): (String, i32, String) = reports::table
            .filter(reports::case_number.eq(&planted))
            .select((reports::narrative, reports::scrubber_version, reports::scrubbed_kinds))
            .first(&mut conn)
            .unwrap();
        assert_eq!(version, canary::deidentify::VERSION);
        for w in PLANTED[6].2 {
            assert!(!holds_word(&narrative, w), "{w} in {narrative}");
        }
        assert!(kinds.contains("name") && kinds.contains("age"), "{kinds}");
        let brand: Option<String> = report_products::table
            .filter(report_products::brand.is_not_null())
            .filter(report_products::position.eq(0))
            .select(report_products::brand)
            .first(&mut conn)
            .unwrap();
        assert!(!brand.unwrap_or_default().contains("Quillon"));
        let seller: Option<String> = report_products::table
            .filter(report_products::position.eq(0))
            .select(report_products::seller)
            .first(&mut conn)
            .unwrap();
        let seller = seller.unwrap_or_default();
        assert!(seller.starts_with("kratomking.com"), "the seller's website stays: {seller}");
        for w in ["Marcus", "Delaney", "0147"] {
            assert!(!seller.contains(w), "{w} in the seller field: {seller}");
        }
        let events = audit_events(&app.db, "rescrub");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].actor_role, "cli");
        assert_eq!(events[0].reason.as_deref(), Some(last.as_str()));
        // A second run finds nothing left at an older version.
        let again = canary(&app.db, &["rescrub"], "");
        assert!(text(&again.stdout).trim_end().ends_with("rescrubbed reports=0 changed=0 removed=0"), "{}", text(&again.stdout));
    };
}
