//! Answers that disagree get a plain question back (422, every other answer
//! kept, the question beside its field and tied to its group); answers to
//! questions that no longer apply are dropped, not stored; every control
//! sends its own name; `canary review contradictions` lists stored reports
//! that disagree and changes nothing.

use canary::db::reports;
use canary::report::model::NewReport;
use canary::report::options::*;
use canary::report::values::Age;

use crate::helpers::*;
use crate::staff_helpers::{canary, text};

type Changes<'a> = &'a [(&'a str, Option<&'a str>)];

fn apply(form: &mut Vec<(String, String)>, changes: Changes) {
    for (name, value) in changes {
        match value {
            Some(v) => set(form, name, v),
            None => unset(form, name),
        }
    }
}

/// Send `form` with `changes`: the reporter gets `question` back beside
/// `field` with every other answer kept, and nothing is stored.
fn asked(
    app: &TestApp,
    form: &mut Vec<(String, String)>,
    changes: Changes,
    field: &str,
    question: &str,
) -> String {
    let stored_before = app.report_count();
    apply(form, changes);
    set(form, "action", "submit");
    let page = app.post_form("/report", form);
    assert_eq!(page.status, 422, "{changes:?}: {}", errors_in(&page.body));
    assert!(
        page.body.contains(&format!("href=\"#f-{field}\"")),
        "{changes:?}: summary links to {field}: {}",
        errors_in(&page.body)
    );
    assert!(
        page.body.contains(&format!("id=\"e-{field}\"")),
        "{changes:?}: question beside {field}"
    );
    let body = unescape(&page.body);
    assert!(
        body.contains(question),
        "{changes:?}: {question:?} not in {}",
        errors_in(&page.body)
    );
    assert!(
        page.body.contains("value=\"Brand Two Maeng Da\""),
        "{changes:?}: answers kept"
    );
    assert!(
        page.body.contains("spent two nights in hospital"),
        "{changes:?}: narrative kept"
    );
    assert_eq!(
        app.report_count(),
        stored_before,
        "{changes:?}: nothing stored"
    );
    page.body
}

/// Put the answers right as a person would, send, and read back what was stored.
fn resolved(app: &TestApp, form: &mut Vec<(String, String)>, fix: Changes) -> NewReport {
    apply(form, fix);
    let (case, _) = app.submit(form);
    let stored = reports::load_by_case(
        &mut app.db.connect(),
        &canary::ids::CaseNumber::parse(&case).unwrap(),
    )
    .unwrap()
    .unwrap();
    stored.report
}

/// No two elements share an id, and no two controls a name (except the
/// options of one radio group), on a form page.
fn assert_each_control_is_its_own(body: &str) {
    let attr = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_owned)
    };
    let mut ids = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for tag in body.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        if let Some(id) = attr(tag, "id") {
            assert!(ids.insert(id.clone()), "id {id} used twice");
        }
        let control = ["input ", "select ", "textarea "]
            .iter()
            .any(|t| tag.starts_with(t));
        let grouped = tag.contains("type=\"radio\"") || tag.contains("type=\"submit\"");
        if let (true, false, Some(name)) = (control, grouped, attr(tag, "name")) {
            assert!(
                names.insert(name.clone()),
                "field {name} sent by two controls"
            );
        }
    }
    assert!(
        names.len() > 100,
        "the whole form was read: {}",
        names.len()
    );
}

fn fresh(app: &TestApp) -> Vec<(String, String)> {
    let (token, idem) = app.fresh_form();
    full_report(&token, &idem)
}

both_backends! {
    age_outside_the_age_group_is_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("age_group", Some("under_2"))], "age_group", "not in the age group you chose");
        let r = resolved(&app, &mut form, &[("age_group", Some("18_64"))]);
        assert_eq!(r.age, Some(Age::Years(34)), "the exact age is stored");
    };

    pregnant_and_male_is_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("pregnancy", Some("yes"))], "pregnancy", "male and was pregnant");
        let r = resolved(&app, &mut form, &[("pregnancy", Some("not_applicable"))]);
        assert_eq!((r.sex, r.pregnancy), (Sex::Male, Pregnancy::NotApplicable));
    };

    birth_defect_for_a_male_not_pregnant_is_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        let question = "A baby was born with a birth defect\", but the person was not pregnant";
        asked(&app, &mut form, &[("out_birth_defect", Some("on"))], "out_birth_defect", question);
        // A woman who was not pregnant: the same question.
        asked(&app, &mut form, &[("sex", Some("female")), ("pregnancy", Some("no"))], "out_birth_defect", question);
        let r = resolved(&app, &mut form, &[("out_birth_defect", None)]);
        assert!(!r.outcomes.contains(&Outcome::BirthDefect));
        // The baby as the person affected: nothing to ask.
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("out_birth_defect", Some("on")), ("age", Some("0"))]);
        assert!(r.outcomes.contains(&Outcome::BirthDefect));
    };

    lasting_disability_with_recovered_is_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("out_disability", Some("on")), ("current_state", Some("recovered"))], "out_disability", "lasting disability or damage, but said the person has recovered");
        let r = resolved(&app, &mut form, &[("current_state", Some("lasting_effects"))]);
        assert!(r.outcomes.contains(&Outcome::Disability));
        assert_eq!(r.current_state, CurrentState::LastingEffects);
    };

    prefer_not_to_say_with_reasons_is_asked_about_and_tied_to_its_group => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        let body = asked(&app, &mut form, &[("p0_reason_not_said", Some("on"))], "p0_reason_not_said", "ticked \"Prefer not to say\" and gave reasons");
        let fieldset = body.split("<fieldset").find(|f| f.contains("name=\"p0_reason_not_said\"")).unwrap();
        assert!(fieldset.contains("aria-describedby=\"e-p0_reason_not_said\""), "the group is described by its error: {fieldset}");
        // A reason typed in the box counts as a reason too.
        asked(&app, &mut form, &[("p0_reason_pain", None), ("p0_reason_taper_medicine", None), ("p0_reason_text", Some("focus"))], "p0_reason_not_said", "Prefer not to say");
        let r = resolved(&app, &mut form, &[("p0_reason_text", None)]);
        assert_eq!(r.products[0].reasons, vec![ReasonForUse::NotSaid]);
    };

    no_care_with_other_care_or_a_hospital_stay_is_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        let body = asked(&app, &mut form, &[("care_none", Some("on"))], "care_none", "ticked \"No care\" and another kind of care");
        let fieldset = body.split("<fieldset").find(|f| f.contains("name=\"care_none\"")).unwrap();
        assert!(fieldset.contains("aria-describedby=\"e-care_none\""), "the group is described by its error");
        asked(&app, &mut form, &[("care_emergency", None), ("care_admitted", None)], "out_hospitalised", "admitted to hospital, and \"No care\"");
        let r = resolved(&app, &mut form, &[("out_hospitalised", None)]);
        assert_eq!(r.care, vec![Care::None]);
    };

    a_region_outside_the_country_is_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("country", Some("CA"))], "region", "not in the country you chose");
        let r = resolved(&app, &mut form, &[("region", Some("CA-ON"))]);
        assert_eq!((r.country, r.region), (Country::Ca, Some(Region::CaOn)));
        // Free text is not a region.
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("region", Some("Texas"))], "region", "Choose one of the options shown");
        let r = resolved(&app, &mut form, &[("region", None), ("country", Some("GB"))]);
        assert_eq!((r.country, r.region), (Country::Gb, None));
    };

    medicine_details_after_no_are_dropped_and_without_an_answer_asked_about => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("rx_stopped", Some("no"))]);
        assert_eq!(r.medicine_change.answer, YesNoUnknown::No);
        assert_eq!((r.medicine_change.which, r.medicine_change.when), (None, None), "\"which\" and \"when\" no longer apply");
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("rx_stopped", Some("unknown"))]);
        assert_eq!((r.medicine_change.which, r.medicine_change.when), (None, None));
        // Named, but the question above left unanswered: asked, not guessed.
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("rx_stopped", None)], "rx_stopped", "You named a medicine that was stopped or reduced");
        let r = resolved(&app, &mut form, &[("rx_stopped", Some("yes"))]);
        assert_eq!(r.medicine_change.which.as_ref().map(|t| t.as_str()), Some("Buprenorphine"));
    };

    a_substance_name_beside_a_listed_substance_is_dropped => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("p1_substance_other", Some("kava"))]);
        assert_eq!(r.products[1].substance, Substance::KratomLeaf);
        assert_eq!(r.products[1].substance_other, None, "\"If something else\" no longer applies");
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("p1_substance", Some("other")), ("p1_substance_other", Some("kava"))]);
        assert_eq!(r.products[1].substance_other.as_ref().map(|t| t.as_str()), Some("kava"));
    };

    naloxone_helped_after_no_is_dropped => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("naloxone", Some("no"))]);
        assert_eq!((r.naloxone, r.naloxone_helped), (YesNoUnknown::No, NaloxoneHelped::Unknown));
        // Whether it helped, with "was it given?" unanswered: asked, not guessed.
        let mut form = fresh(&app);
        asked(&app, &mut form, &[("naloxone", None)], "naloxone", "not that it was given");
        let r = resolved(&app, &mut form, &[("naloxone", Some("yes"))]);
        assert_eq!((r.naloxone, r.naloxone_helped), (YesNoUnknown::Yes, NaloxoneHelped::Partly));
    };

    another_reason_and_its_text_box_are_separate_controls => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let page = app.get("/report");
        assert_each_control_is_its_own(&page.body);
        assert!(page.body.contains("id=\"f-p0_reason_other\" name=\"p0_reason_other\" value=\"on\""));
        assert!(page.body.contains("<label for=\"f-p0_reason_text\">If another reason, what was it? (optional)</label>"));
        let mut form = fresh(&app);
        // Ticking the box, then adding a product: no "sent twice" refusal.
        set(&mut form, "p0_reason_other", "on");
        set(&mut form, "action", "add_product");
        let page = app.post_form("/report", &form);
        assert_eq!(page.status, 200, "{}", errors_in(&page.body));
        assert!(page.body.contains("id=\"f-p0_reason_other\" name=\"p0_reason_other\" value=\"on\" checked"));
        unset(&mut form, "action");
        let r = resolved(&app, &mut form, &[("p0_reason_text", Some("focus at work"))]);
        assert_eq!(r.products[0].reasons, vec![ReasonForUse::Pain, ReasonForUse::TaperMedicine, ReasonForUse::Other]);
        assert_eq!(r.products[0].reason_other.as_ref().map(|t| t.as_str()), Some("focus at work"));
        // Text alone ticks "Another reason".
        let mut form = fresh(&app);
        let r = resolved(&app, &mut form, &[("p1_reason_text", Some("to stay awake"))]);
        assert_eq!(r.products[1].reasons, vec![ReasonForUse::Energy, ReasonForUse::Other]);
    };

    stored_contradictions_are_listed_for_a_reviewer_and_left_alone => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (clean, _) = app.submit(&fresh(&app));
        let (odd, _) = app.submit(&fresh(&app));
        // Stored before the checks existed: disability with recovered, and
        // a medicine kept after "No".
        let mut conn = app.db.connect();
        {
            use canary::db::schema::reports::dsl::*;
            use diesel::prelude::*;
            diesel::update(reports.filter(case_number.eq(&odd)))
                .set((out_disability.eq(true), current_state.eq("recovered"), rx_stopped.eq("no")))
                .execute(&mut conn)
                .unwrap();
        }
        let before = canary::db::reports::load_by_case(&mut conn, &canary::ids::CaseNumber::parse(&odd).unwrap()).unwrap().unwrap();
        let out = canary(&app.db, &["review", "contradictions"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let listed = text(&out.stdout);
        assert!(listed.contains(&format!("{odd}\tdisability_recovered\tLasting disability, but recovered")), "{listed}");
        assert!(listed.contains(&format!("{odd}\trx_stopped_detail_without_yes\t")), "{listed}");
        assert!(!listed.contains(&clean), "a report that agrees is not listed: {listed}");
        assert!(listed.ends_with("1 report(s) with answers to resolve\n"), "{listed}");
        assert!(!listed.contains("Buprenorphine"), "no free text is printed");
        let after = canary::db::reports::load_by_case(&mut conn, &canary::ids::CaseNumber::parse(&odd).unwrap()).unwrap().unwrap();
        assert_eq!(before.report, after.report, "nothing is changed");
    };

    stored_free_text_regions_map_to_the_list_or_to_not_given => |backend| {
        use diesel::connection::SimpleConnection;
        use diesel::prelude::*;
        use canary::db::schema::reports::dsl::*;
        let app = TestApp::spawn(backend).unwrap();
        // As typed before the list: (country, region typed, region after).
        let typed = [
            ("US", "texas ", Some("US-TX")),
            ("US", "TX", Some("US-TX")),
            ("US", "us-pr", Some("US-PR")),
            ("CA", "Ontario", Some("CA-ON")),
            ("MX", "jal", Some("MX-JAL")),
            ("US", "Ontario", None),
            ("US", "Cuyahoga County, near Parma", None),
            ("GB", "Kent", None),
        ];
        let mut cases = Vec::new();
        for (place, text, _) in typed {
            let mut form = fresh(&app);
            set(&mut form, "region", "");
            set(&mut form, "country", place);
            let (case, _) = app.submit(&form);
            let mut conn = app.db.connect();
            diesel::update(reports.filter(case_number.eq(&case))).set(region.eq(text)).execute(&mut conn).unwrap();
            cases.push(case);
        }
        let dir = match backend { Backend::Sqlite => "sqlite", Backend::Postgres => "postgres" };
        let up = std::fs::read_to_string(format!("{}/migrations/{dir}/2026-12-06-000101_closed_regions/up.sql", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut conn = app.db.connect();
        conn.batch_execute(&up).unwrap();
        for ((place, text, want), case) in typed.iter().zip(&cases) {
            let got: Option<String> = reports.filter(case_number.eq(case)).select(region).first(&mut conn).unwrap();
            assert_eq!(got.as_deref(), *want, "{place} {text:?}");
            let stored = canary::db::reports::load_by_case(&mut conn, &canary::ids::CaseNumber::parse(case).unwrap()).unwrap().unwrap();
            assert_eq!(stored.report.region.map(|g| g.code()), *want, "read back as a region");
        }
    };
}
