//! Every validation rule: 422, an error summary linking to the field, the
//! message beside the field, every other answer kept, nothing stored.

use crate::helpers::*;

/// (what to change, field with the error, part of the message)
type Case = (
    &'static [(&'static str, Option<&'static str>)],
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (&[("kind", None)], "kind", "what kind of report"),
    (&[("reporter", None)], "reporter", "who is reporting"),
    (&[("age", None)], "age", "age group"),
    (&[("age", Some("200"))], "age", "from 0 to 120"),
    (&[("age", Some("-1"))], "age", "from 0 to 120"),
    (&[("sex", None)], "sex", "sex of the person"),
    (&[("weight", Some("heavy"))], "weight", "as a number"),
    (
        &[("weight", Some("2000"))],
        "weight",
        "between 1 and 400 kg",
    ),
    (&[("weight_unit", None)], "weight_unit", "kg or lb"),
    (
        &[("zip3", Some("78701"))],
        "zip3",
        "only the first 3 digits",
    ),
    (
        &[("rx_stopped_month", Some("2999-01"))],
        "rx_stopped_month",
        "in the future",
    ),
    (&[("onset", Some("2999-01"))], "onset", "in the future"),
    (&[("onset", Some("March"))], "onset", "month and year"),
    (
        &[("p0_substance", None)],
        "p0_substance",
        "what the product was",
    ),
    (
        &[("p0_substance", Some("other"))],
        "p0_substance_other",
        "what the substance was",
    ),
    (&[("p0_form", None)], "p0_form", "product's form"),
    (&[("p0_route", None)], "p0_route", "how it was taken"),
    (
        &[("p0_amount_unit", None)],
        "p0_amount_unit",
        "unit for the amount",
    ),
    (&[("p0_amount", Some("0"))], "p0_amount", "more than 0"),
    (
        &[("p0_doses_per_day", Some("0"))],
        "p0_doses_per_day",
        "from 1 to 100",
    ),
    (
        &[("p0_used_for_unit", None)],
        "p0_used_for_unit",
        "Choose a unit",
    ),
    (
        &[("p0_last_use", Some("2999-12"))],
        "p0_last_use",
        "in the future",
    ),
    (
        &[("p0_strength", Some("-5"))],
        "p0_strength",
        "Enter a number",
    ),
    (&[("lasted", Some("5000"))], "lasted", "from 0 to 1000"),
    (&[("care_none", Some("on"))], "care_none", "No care"),
    (&[("out_death", Some("on"))], "current_state", "died"),
    (
        &[("current_state", None)],
        "current_state",
        "how the person is now",
    ),
    (&[("sex", Some("robot"))], "sex", "one of the options"),
];

both_backends! {
    each_rule_gives_its_message_and_keeps_answers => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        for (changes, field, message) in CASES {
            let mut form = full_report(&token, &idem);
            for (name, value) in changes.iter() {
                match value {
                    Some(v) => set(&mut form, name, v),
                    None => unset(&mut form, name),
                }
            }
            for action in ["check", "submit"] {
                set(&mut form, "action", action);
                let page = app.post_form("/report", &form);
                assert_eq!(page.status, 422, "{changes:?} on {action}");
                assert!(page.body.contains("class=\"error-summary\""), "{changes:?}: summary");
                assert!(page.body.contains(&format!("href=\"#f-{field}\"")), "{changes:?}: summary links to {field}: {}", errors_in(&page.body));
                let beside = format!("id=\"e-{field}\"");
                assert!(page.body.contains(&beside), "{changes:?}: message beside {field}");
                assert!(unescape(&page.body).to_lowercase().contains(&message.to_lowercase()), "{changes:?}: {message:?} not in {}", errors_in(&page.body));
                // Other answers are kept.
                assert!(page.body.contains("value=\"Brand Two Maeng Da\""), "{changes:?}: answers kept");
                assert!(page.body.contains("spent two nights in hospital"), "{changes:?}: narrative kept");
            }
        }
        assert_eq!(app.report_count(), 0, "nothing partial is stored");
    };

    a_report_needs_a_product_and_an_event => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        form.retain(|(k, _)| !(k.starts_with("p0_") || k.starts_with("p1_")));
        set(&mut form, "products", "2");
        set(&mut form, "action", "submit");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 422);
        assert!(page.body.contains("at least one product"));

        let mut form = full_report(&token, &idem);
        form.retain(|(k, _)| !(k.starts_with("sym") || k.starts_with("wd_") || k == "narrative"));
        set(&mut form, "action", "submit");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 422);
        assert!(page.body.contains("at least one symptom, or describe what happened"));

        // A narrative alone is enough.
        unset(&mut form, "action");
        set(&mut form, "narrative", "Felt awful after one shot.");
        app.submit(&form);
        assert_eq!(app.report_count(), 1);
    };

    check_18_ages_90_and_over_stored_as_90_plus_out_of_range_refused => |backend| {
        use diesel::prelude::*;
        use canary::db::schema::reports;
        let app = TestApp::spawn(backend).unwrap();
        for age in ["90", "95", "120"] {
            let (token, idem) = app.fresh_form();
            let mut form = full_report(&token, &idem);
            set(&mut form, "age", age);
            let (case, _) = app.submit(&form);
            let stored = canary::db::reports::load_by_case(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&case).unwrap()).unwrap().unwrap();
            assert_eq!(stored.report.age, Some(canary::report::values::Age::Group(canary::report::options::AgeGroup::NinetyPlus)));
            // The row itself holds the group, not the typed years.
            let row: (Option<i32>, Option<String>) = reports::table
                .filter(reports::case_number.eq(&case))
                .select((reports::age_years, reports::age_group))
                .first(&mut app.db.connect())
                .unwrap();
            assert_eq!((row.0, row.1.as_deref()), (None, Some("90+")), "age {age}");
        }
        for age in ["-1", "200"] {
            let (token, idem) = app.fresh_form();
            let mut form = full_report(&token, &idem);
            set(&mut form, "age", age);
            set(&mut form, "action", "submit");
            let page = app.post_form("/report", &form);
            // Canary answers every validation failure with 422 (a 4xx, like
            // the checklist's 400) and the message beside the field.
            assert_eq!(page.status, 422, "age {age}");
            assert!(page.body.contains("from 0 to 120"), "age {age}: {}", errors_in(&page.body));
        }
        assert_eq!(app.report_count(), 3, "the refused ages stored nothing");
    };

    check_15_narrative_nfc_char_cap_after_normalising_byte_cap_on_raw_body => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        // 5,000 decomposed é (10,000 code points) normalise to 5,000 characters: accepted.
        set(&mut form, "narrative", &"e\u{301}".repeat(5000));
        let (case, _) = app.submit(&form);
        let stored = canary::db::reports::load_by_case(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&case).unwrap()).unwrap().unwrap();
        assert_eq!(stored.report.narrative.unwrap().as_str(), "\u{e9}".repeat(5000));
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        set(&mut form, "narrative", &"a".repeat(5001));
        set(&mut form, "action", "submit");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 422);
        assert!(page.body.contains("5000 characters or fewer"));
        // The byte cap is on the raw body: 2,500 Hangul syllables typed as
        // conjoining jamo (27 bytes each once percent-encoded) normalise to
        // 2,500 characters, under the character cap, yet the body is over
        // MAX_BODY and is refused before it is read.
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        let jamo = "\u{1100}\u{1161}\u{11A8}".repeat(2500);
        assert_eq!(unicode_normalization::UnicodeNormalization::nfc(jamo.as_str()).count(), 2500);
        set(&mut form, "narrative", &jamo);
        set(&mut form, "action", "submit");
        let body = encode(&form);
        assert!(body.len() > canary::web::MAX_BODY);
        let page = app.post_raw("/report", "application/x-www-form-urlencoded", body.as_bytes());
        assert_eq!(page.status, 413);
        assert_eq!(app.report_count(), 1);
    };
}
