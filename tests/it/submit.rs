//! Submitting reports: the full round trip into the database, receipts,
//! idempotency, adding products without JavaScript, concurrency.

use canary::db::reports;
use canary::report::model::NewReport;
use canary::report::options::*;
use canary::report::symptoms::{Symptom, WithdrawalSymptom};
use canary::report::values::Age;

use crate::helpers::*;

fn stored(app: &TestApp, case: &str) -> canary::report::stored::StoredReport {
    reports::load_by_case(
        &mut app.db.connect(),
        &canary::ids::CaseNumber::parse(case).unwrap(),
    )
    .unwrap()
    .expect("stored report")
}

both_backends! {
    full_report_round_trips_every_field => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let form = full_report(&token, &idem);

        // The check page shows the answers as they will be stored, with the help banner repeated.
        let mut check = form.clone();
        set(&mut check, "action", "check");
        let page = app.post_form("/report", &check);
        assert_eq!(page.status, 200, "{}", errors_in(&page.body));
        assert!(page.body.contains("Check your answers"));
        assert!(page.body.contains("Brand Two Maeng Da"));
        assert!(page.body.contains("class=\"urgent\""), "seizure ticked: the emergency banner is repeated");
        assert_eq!(app.report_count(), 0, "checking stores nothing");

        let (case, code) = app.submit(&form);
        assert!(case.starts_with("CAN-20") && case.len() == "CAN-2026-000001".len(), "{case}");
        assert_eq!(code.replace('-', "").len(), 20);

        let s = stored(&app, &case);
        assert_eq!(s.status, ReportStatus::New);
        let r: &NewReport = &s.report;
        assert_eq!(r.kind, ReportKind::Withdrawal);
        assert_eq!(r.reporter, ReporterRole::FamilyFriend);
        assert_eq!(r.age, Some(Age::Years(34)));
        assert_eq!(r.sex, Sex::Male);
        assert_eq!(r.weight.map(|w| (w.value(), w.unit())), Some((180.0, WeightUnit::Lb)));
        assert_eq!(r.region, Some(Region::UsTx));
        assert_eq!(r.zip3.as_ref().map(|z| z.as_str()), Some("787"));
        assert_eq!(r.medicine_change.answer, YesNoUnknown::Yes);
        assert_eq!(r.medicine_change.which.as_ref().map(|t| t.as_str()), Some("Buprenorphine"));
        assert_eq!(r.medicine_change.when.map(|m| m.to_string()), Some("2025-01".into()));
        assert_eq!(r.products.len(), 2);
        let (p0, p1) = (&r.products[0], &r.products[1]);
        assert_eq!((p0.role, p0.substance, p0.form, p0.route), (ProductRole::Suspect, Substance::SevenOh, ProductForm::Tablet, Route::Swallowed));
        assert_eq!(p0.brand.as_ref().map(|t| t.as_str()), Some("Brand One 7-OH Extra"));
        assert_eq!(p0.strength.map(|s| (s.mg(), s.of())), Some((15.0, StrengthOf::SevenOh)));
        assert_eq!(p0.amount.map(|a| (a.value(), a.unit())), Some((2.0, AmountUnit::Tablets)));
        assert_eq!(p0.doses_per_day.map(|d| d.get()), Some(4));
        assert_eq!(p0.used_for.map(|s| (s.value(), s.unit())), Some((8, TimeUnit::Months)));
        assert_eq!(p0.last_use.map(|m| m.to_string()), Some("2025-06".into()));
        assert_eq!(p0.where_bought, WhereBought::SmokeShop);
        assert_eq!(p0.lot.as_ref().map(|t| t.as_str()), Some("RB-0423-17"));
        assert_eq!(p0.reasons, vec![ReasonForUse::Pain, ReasonForUse::TaperMedicine]);
        assert_eq!((p1.role, p1.substance, p1.form), (ProductRole::CoUsed, Substance::KratomLeaf, ProductForm::LeafPowder));
        assert_eq!(p1.amount.map(|a| (a.value(), a.unit())), Some((3.5, AmountUnit::Grams)));
        assert_eq!(p1.reasons, vec![ReasonForUse::Energy]);
        assert_eq!(r.co_used, vec![CoUsed::Alcohol, CoUsed::Benzodiazepines]);
        assert_eq!(r.symptoms, vec![Symptom::FastHeart, Symptom::Seizure, Symptom::Vomiting]);
        assert_eq!(
            r.withdrawal,
            vec![
                (WithdrawalSymptom::RunnyNose, Severity::Mild),
                (WithdrawalSymptom::Aches, Severity::Severe),
                (WithdrawalSymptom::Craving, Severity::Moderate),
            ]
        );
        assert_eq!(r.last_dose.map(|s| s.to_string()), Some("18 hours".into()));
        assert_eq!(r.onset_after.map(|s| s.to_string()), Some("18 hours".into()));
        assert_eq!(r.lasted.map(|s| s.to_string()), Some("9 days".into()));
        assert_eq!((r.dechallenge, r.rechallenge), (Dechallenge::NotStopped, Rechallenge::Yes));
        assert_eq!(r.outcomes, vec![Outcome::Hospitalised, Outcome::OtherSerious]);
        assert_eq!(r.care, vec![Care::Emergency, Care::Admitted]);
        assert_eq!((r.naloxone, r.naloxone_helped), (YesNoUnknown::Yes, NaloxoneHelped::Partly));
        assert_eq!(r.current_state, CurrentState::Recovering);
        assert!(r.narrative.as_ref().unwrap().as_str().starts_with("After stopping the tablets"));
        assert_eq!(r.seriousness_rank(), 2, "hospitalisation ranks third");

        // What the form parser makes of the same answers is exactly what was stored.
        let raw = canary::form::RawForm::decode(encode(&form).as_bytes()).unwrap();
        let parsed = canary::report::form::parse(&raw, chrono::Utc::now().date_naive()).unwrap();
        assert_eq!(&parsed, r);
    };

    receipt_is_shown_once => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        set(&mut form, "action", "submit");
        let resp = app.post_form("/report", &form);
        let cookie = resp.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        let first = app.get_with_cookie("/report/receipt", &cookie);
        assert!(first.body.contains("followup-code"));
        assert!(first.body.contains("class=\"urgent\""), "a seizure was ticked: the receipt repeats where to get help");
        assert!(first.header("set-cookie").unwrap().contains("Max-Age=0"), "cookie cleared");
        let forged = app.get_with_cookie("/report/receipt", &cookie.replace("CAN-", "CAX-"));
        assert!(!forged.body.contains("followup-code"), "a tampered cookie shows nothing");

        // Without an emergency symptom the banner is not repeated.
        let (token, idem) = app.fresh_form();
        let mut calm = full_report(&token, &idem);
        unset(&mut calm, "sym_seizure");
        set(&mut calm, "action", "check");
        let check = app.post_form("/report", &calm);
        assert_eq!(check.status, 200);
        assert!(!check.body.contains("class=\"urgent\""));
        assert!(check.body.contains("formaction=\"/report#products\""), "change links jump to their section");
    };

    check_29_same_idempotency_key_sequential_or_concurrent_gives_one_report_one_receipt => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let form = full_report(&token, &idem);
        let first = app.submit(&form);
        let second = app.submit(&form);
        assert_eq!(first, second, "a double submit shows the same receipt");
        assert_eq!(app.report_count(), 1);

        // Concurrent retries of one new submission: still one report.
        let (token, idem) = app.fresh_form();
        let form = full_report(&token, &idem);
        let app = std::sync::Arc::new(app);
        let receipts: Vec<(String, String)> = (0..6)
            .map(|_| {
                let (app, form) = (app.clone(), form.clone());
                std::thread::spawn(move || app.submit(&form))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        assert!(receipts.windows(2).all(|w| w[0] == w[1]), "{receipts:?}");
        assert_eq!(app.report_count(), 2);
    };

    add_and_remove_products_without_javascript => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        set(&mut form, "products", "1");
        form.retain(|(k, _)| !k.starts_with("p1_"));
        set(&mut form, "action", "add_product");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Product 2</legend>"));
        assert_eq!(hidden(&page.body, "products").as_deref(), Some("2"));
        assert!(page.body.contains("value=\"Brand One 7-OH Extra\""), "answers kept");

        // Fill product 2, then remove product 1: product 2 moves up.
        set(&mut form, "products", "2");
        set(&mut form, "p1_brand", "Second Brand");
        set(&mut form, "action", "remove:0");
        let page = app.post_form("/report", &form);
        assert_eq!(hidden(&page.body, "products").as_deref(), Some("1"));
        assert!(page.body.contains("value=\"Second Brand\""));
        assert!(!page.body.contains("Brand One 7-OH Extra"));
        assert_eq!(app.report_count(), 0);
    };

    case_numbers_are_sequential_per_year => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut numbers = Vec::new();
        for _ in 0..3 {
            let (token, idem) = app.fresh_form();
            numbers.push(app.submit(&full_report(&token, &idem)).0);
        }
        let tail: Vec<u32> = numbers.iter().map(|n| n.rsplit('-').next().unwrap().parse().unwrap()).collect();
        assert_eq!(tail, vec![1, 2, 3], "{numbers:?}");
    };
}

/// Two app instances on one PostgreSQL, submitting at once: every case
/// number is unique and every report is stored.
#[test]
fn case_numbers_unique_across_two_servers_on_postgres() {
    let Some(db) = TestDb::new(Backend::Postgres) else {
        eprintln!("PostgreSQL not configured (CANARY_TEST_POSTGRES_URL); not run");
        return;
    };
    let db = std::sync::Arc::new(db);
    let generous = |env: &mut std::collections::HashMap<String, String>| {
        env.insert("CANARY_SUBMIT_PER_CLIENT_PER_HOUR".into(), "1000".into());
    };
    let apps = [
        std::sync::Arc::new(TestApp::spawn_on(db.clone(), generous)),
        std::sync::Arc::new(TestApp::spawn_on(db.clone(), generous)),
    ];
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let app = apps[i % 2].clone();
            std::thread::spawn(move || {
                (0..5)
                    .map(|_| {
                        let (token, idem) = app.fresh_form();
                        app.submit(&full_report(&token, &idem)).0
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut cases: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let total = cases.len();
    cases.sort();
    cases.dedup();
    assert_eq!(cases.len(), total, "duplicate case numbers");
    assert_eq!(apps[0].report_count(), total as i64);
}
