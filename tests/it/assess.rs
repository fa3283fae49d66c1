//! The reviewers' assessment tools over HTTP: coding reactions, causality
//! with a computed Naranjo score, duplicate candidates and decisions, the
//! role checks on every POST, and the audit trail of each change.

use canary::audit::stored::AuditRow;
use canary::auth::Role;
use canary::db::assessment::{self, similar};
use canary::db::audit::after;
use canary::review::assess;

use crate::helpers::*;
use crate::meddra::fictional_code;
use crate::staff_helpers::*;

struct Reviewer {
    cookie: String,
    csrf: String,
}

fn reviewer(app: &TestApp, role: Role) -> Reviewer {
    let email = format!("{}@example.org", role.code());
    add_user(&app.db, &email, role, PASSWORD);
    let cookie = sign_in(app, &email, PASSWORD);
    let csrf = csrf_of(app, &cookie);
    Reviewer { cookie, csrf }
}

fn submit_with(app: &TestApp, change: impl FnOnce(&mut Vec<(String, String)>)) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    change(&mut fields);
    app.submit(&fields).0
}

fn post(app: &TestApp, who: &Reviewer, path: &str, fields: &[(&str, &str)]) -> Resp {
    let mut all = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_form_with(path, &[("Cookie", &who.cookie)], &all)
}

fn page(app: &TestApp, who: &Reviewer, path: &str) -> String {
    let resp = app.get_with_cookie(path, &who.cookie);
    assert_eq!(resp.status, 200, "{path}: {}", resp.body);
    unescape(&resp.body)
}

fn events(app: &TestApp) -> Vec<AuditRow> {
    after(&mut app.db.connect(), 0, 10_000).unwrap()
}

fn report_id(app: &TestApp, case: &str) -> canary::ids::ReportId {
    similar::case_by_number(
        &mut app.db.connect(),
        &canary::ids::CaseNumber::parse(case).unwrap(),
    )
    .unwrap()
    .unwrap()
    .id
}

const REASON: &str = "Checked against the narrative and the ticked symptoms.";

fn code_two(app: &TestApp, who: &Reviewer, case: &str, meddra: &str) -> Resp {
    post(
        app,
        who,
        &format!("/review/{case}/reactions"),
        &[
            ("rows", "3"),
            ("r0_source", "symptom:seizure"),
            ("r0_term", "seizure"),
            ("r0_meddra", meddra),
            ("r1_source", "narrative"),
            ("r1_term", "insomnia"),
            ("r1_meddra", ""),
            ("r2_source", ""),
            ("r2_term", ""),
            ("r2_meddra", ""),
            ("reason", REASON),
        ],
    )
}

fn assess(app: &TestApp, who: &Reviewer, case: &str, who_umc: &str, rationale: &str) -> Resp {
    post(
        app,
        who,
        &format!("/review/{case}/causality"),
        &[
            ("product", "0"),
            ("c0_event", "term:seizure"),
            ("c0_event_other", ""),
            ("c0_who_umc", who_umc),
            ("c0_q2", "y"),
            ("c0_q3", "y"),
            ("c0_q5", "n"),
            ("c0_q10", "y"),
            ("c0_rationale", rationale),
        ],
    )
}

both_backends! {
    reviewer_codes_reactions_and_sees_them_after_reload => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = reviewer(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let path = format!("/review/{case}/reactions");
        let first = page(&app, &rev, &path);
        assert!(first.contains("Canary ships no MedDRA terms"));
        assert!(first.contains("Could not stop yawning"), "other symptoms shown for reading");
        assert!(first.contains(r#"value="tachycardia" selected"#), "suggested from a ticked symptom");
        assert!(first.contains(r#"value="withdrawal_syndrome" selected"#));
        crate::meddra::import_fictional(&app.db);
        let (seizure, variant) = (fictional_code("Seizure"), fictional_code("Seizure (fictional variant)"));
        let saved = code_two(&app, &rev, &case, &seizure);
        assert_eq!(saved.status, 303, "{}", errors_in(&saved.body));
        assert_eq!(saved.header("location"), Some(format!("{path}?saved").as_str()));
        let reloaded = page(&app, &rev, &format!("{path}?saved"));
        assert!(reloaded.contains("The coding was saved"));
        let table = reloaded.split("id=\"coded-reactions\"").nth(1).unwrap();
        assert!(table.contains("Seizure") && table.contains(&seizure), "{table}");
        assert!(table.contains("Trouble sleeping (insomnia)") && table.contains("The narrative"));
        // Change one code and drop the other: one event per change, with the reason.
        let changed = post(&app, &rev, &path, &[
            ("rows", "1"), ("r0_source", "symptom:seizure"), ("r0_term", "seizure"),
            ("r0_meddra", &variant), ("reason", "Seizure code corrected after a second look."),
        ]);
        assert_eq!(changed.status, 303);
        let rows = events(&app);
        let coding: Vec<_> = rows.iter().filter(|e| e.field.as_deref() == Some("coded_reaction")).collect();
        let actions: Vec<&str> = coding.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["reaction_coded", "reaction_coded", "reaction_uncoded", "reaction_recoded"]);
        assert_eq!(coding[0].reason.as_deref(), Some(REASON));
        assert_eq!(coding[3].reason.as_deref(), Some("Seizure code corrected after a second look."));
        assert!(coding[3].old_value.as_deref().unwrap().contains(&seizure));
        assert!(coding[3].new_value.as_deref().unwrap().contains(&variant));
        assert_eq!(coding[0].entity_id.as_deref(), Some(case.as_str()), "logged under the case number");
        let summary = assess::summary(&mut app.db.connect(), &report_id(&app, &case)).unwrap();
        assert_eq!(summary.coded, 1);
    };

    meddra_code_error_keeps_the_other_answers => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = reviewer(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let resp = code_two(&app, &rev, &case, "1234");
        assert_eq!(resp.status, 422);
        let body = unescape(&resp.body);
        assert!(body.contains("A MedDRA code is exactly 8 digits"), "{body}");
        assert!(body.contains(r##"href="#f-r0_meddra""##), "the summary links to the field");
        assert!(body.contains(r#"value="insomnia" selected"#), "other rows kept");
        assert!(body.contains(r#"value="1234""#) && body.contains(REASON), "typed values kept");
        let stored = assessment::codings(&mut app.db.connect(), &report_id(&app, &case)).unwrap();
        assert!(stored.is_empty(), "nothing partial is stored");
    };

    causality_score_is_computed_and_reassessing_replaces => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = reviewer(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        assert_eq!(code_two(&app, &rev, &case, "").status, 303);
        let path = format!("/review/{case}/causality");
        let form = page(&app, &rev, &path);
        assert!(form.contains("Brand One 7-OH Extra") && !form.contains("Brand Two Maeng Da"), "suspects only");
        assert!(form.contains("id=\"withdrawal-caveat\""));
        let saved = assess(&app, &rev, &case, "possible", "Timing fits; alcohol and benzodiazepines also used.");
        assert_eq!(saved.status, 303, "{}", errors_in(&saved.body));
        let shown = page(&app, &rev, &path);
        // q2 yes +2, q3 yes +1, q5 no +2, q10 yes +1; the rest don't know.
        assert!(shown.contains(r#"<span class="naranjo-score">6</span> (<span class="naranjo-band">Probable</span>)"#), "{shown}");
        assert!(shown.contains(r#"<dd class="who-umc">Possible</dd>"#));
        let again = assess(&app, &rev, &case, "probably-likely", "Seizure stopped after the product was stopped.");
        assert_eq!(again.status, 303);
        let id = report_id(&app, &case);
        let rows = assessment::causality_for_report(&mut app.db.connect(), &id).unwrap();
        assert_eq!(rows.len(), 1, "replaced, not added");
        assert_eq!((rows[0].who_umc.as_str(), rows[0].naranjo_answers.as_str(), rows[0].naranjo_score),
            ("probably-likely", "uyyunuuuuy", 6));
        let audited: Vec<_> = events(&app).into_iter().filter(|e| e.action == "causality_assessed").collect();
        assert_eq!(audited.len(), 2);
        assert_eq!(audited[0].old_value, None);
        assert!(audited[1].old_value.as_deref().unwrap().contains("who_umc=possible"));
        assert!(audited[1].new_value.as_deref().unwrap().contains("who_umc=probably-likely; naranjo=uyyunuuuuy; score=6 (probable)"));
        assert_eq!(audited[1].reason.as_deref(), Some("Seizure stopped after the product was stopped."));
        let summary = assess::summary(&mut app.db.connect(), &id).unwrap();
        assert_eq!(summary.causality, vec![("Product 1: Brand One 7-OH Extra".to_owned(), "Probable / likely", 6, "Probable")]);
    };

    missing_rationale_is_refused_and_nothing_stored => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = reviewer(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let resp = assess(&app, &rev, &case, "possible", "  ");
        assert_eq!(resp.status, 422);
        let body = unescape(&resp.body);
        assert!(body.contains("Write your rationale: why you chose this category (it is required)."));
        assert!(body.contains(r#"value="possible" checked"#), "answers kept");
        let rows = assessment::causality_for_report(&mut app.db.connect(), &report_id(&app, &case)).unwrap();
        assert!(rows.is_empty());
        assert!(!events(&app).iter().any(|e| e.action == "causality_assessed"));
    };

    analysts_read_but_every_post_is_forbidden => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let analyst = reviewer(&app, Role::Analyst);
        let case = submit_with(&app, |_| {});
        let other = submit_with(&app, |_| {});
        for (tool, fields) in [
            ("reactions", vec![("rows", "1"), ("r0_source", "narrative"), ("r0_term", "seizure"), ("reason", REASON)]),
            ("causality", vec![("product", "0"), ("c0_event", "term:seizure"), ("c0_who_umc", "possible"), ("c0_rationale", REASON)]),
            ("duplicates", vec![("action", "link"), ("other", other.as_str()), ("reason", REASON)]),
        ] {
            let path = format!("/review/{case}/{tool}");
            let shown = page(&app, &analyst, &path);
            assert!(!shown.contains(&format!("action=\"{path}\"")), "{tool}: no form for analysts");
            assert_eq!(post(&app, &analyst, &path, &fields).status, 403, "{tool}");
        }
        let id = report_id(&app, &case);
        let summary = assess::summary(&mut app.db.connect(), &id).unwrap();
        assert_eq!((summary.coded, summary.causality.len(), summary.duplicate_of), (0, 0, None));
        assert_eq!(similar::case_by_id(&mut app.db.connect(), &id).unwrap().unwrap().status, "new");
    };

    duplicates_are_proposed_linked_and_refused => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = reviewer(&app, Role::Reviewer);
        let a = submit_with(&app, |_| {});
        let b = submit_with(&app, |f| set(f, "narrative",
            "After stopping the tablets he could not sleep for days, had a seizure on day 3 and spent two nights in the hospital."));
        let c = submit_with(&app, |f| {
            for k in ["sym_fast_heart", "sym_vomiting", "sym_seizure", "wd_aches", "wd_runny_nose", "wd_craving", "symptoms_other"] {
                unset(f, k);
            }
            set(f, "kind", "reaction");
            set(f, "sym_rash", "on");
            set(f, "age", "70");
            set(f, "sex", "female");
            set(f, "onset", "2024-01");
            set(f, "p0_brand", "Another Label");
            set(f, "narrative", "An itchy rash on both arms appeared a week after a new capsule.");
        });
        let dup_page = |case: &str| page(&app, &rev, &format!("/review/{case}/duplicates"));
        let listed = |body: &str, case: &str| body.split("id=\"candidates\"").nth(1).is_some_and(|t| t.contains(case));
        let on_a = dup_page(&a);
        assert!(listed(&on_a, &b), "{on_a}");
        assert!(!listed(&on_a, &c), "a clearly different report is not proposed");
        assert!(on_a.contains("same substance and brand") && on_a.contains("same onset month"));
        assert!(listed(&dup_page(&b), &a));
        assert!(!dup_page(&c).contains("id=\"candidates\""));
        let id_a = report_id(&app, &a);
        assert_eq!(assess::summary(&mut app.db.connect(), &id_a).unwrap().duplicate_candidates, 1);

        // A decision needs a reason.
        let bare = post(&app, &rev, &format!("/review/{b}/duplicates"), &[("action", "link"), ("other", &a), ("reason", "")]);
        assert_eq!(bare.status, 422);
        assert!(unescape(&bare.body).contains("Give the reason for your decision"));

        let link_reason = "Same product, onset and story; the second report repeats the first.";
        let linked = post(&app, &rev, &format!("/review/{b}/duplicates"), &[("action", "link"), ("other", &a), ("reason", link_reason)]);
        assert_eq!(linked.status, 303, "{}", errors_in(&linked.body));
        let b_ref = similar::case_by_number(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&b).unwrap()).unwrap().unwrap();
        assert_eq!((b_ref.status.as_str(), b_ref.duplicate_of.as_deref()), ("duplicate", Some(id_a.as_str())));
        assert!(dup_page(&b).contains(&format!("This report is a duplicate of case <a href=\"/review/{a}\">{a}</a>")));
        let on_a = dup_page(&a);
        assert!(on_a.split("id=\"linked-duplicates\"").nth(1).unwrap().contains(&b));
        assert!(!listed(&on_a, &b), "a linked report is no longer a candidate");
        assert_eq!(assess::summary(&mut app.db.connect(), &b_ref.id).unwrap().duplicate_of.map(|c| c.to_string()), Some(a.clone()));

        let unlink_reason = "Different day of onset after all, per follow-up.";
        let unlinked = post(&app, &rev, &format!("/review/{b}/duplicates"), &[("action", "unlink"), ("reason", unlink_reason)]);
        assert_eq!(unlinked.status, 303);
        let b_ref = similar::case_by_number(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&b).unwrap()).unwrap().unwrap();
        assert_eq!((b_ref.status.as_str(), b_ref.duplicate_of), ("in_review", None));

        let not_reason = "Two different people: the follow-up gives different towns.";
        let decided = post(&app, &rev, &format!("/review/{a}/duplicates"), &[("action", "not_duplicate"), ("other", &b), ("reason", not_reason)]);
        assert_eq!(decided.status, 303);
        assert!(!listed(&dup_page(&a), &b) && !listed(&dup_page(&b), &a), "no longer proposed either way");

        let rows = events(&app);
        let find = |action: &str| rows.iter().filter(|e| e.action == action).cloned().collect::<Vec<_>>();
        let link = find("duplicate_linked");
        assert_eq!((link.len(), link[0].new_value.as_deref(), link[0].reason.as_deref()), (1, Some(a.as_str()), Some(link_reason)));
        let statuses: Vec<(Option<String>, Option<String>, Option<String>)> = find("status_changed").into_iter()
            .map(|e| (e.old_value, e.new_value, e.reason)).collect();
        assert_eq!(statuses, vec![
            (Some("new".into()), Some("duplicate".into()), Some(link_reason.into())),
            (Some("duplicate".into()), Some("in_review".into()), Some(unlink_reason.into())),
        ]);
        assert_eq!(find("duplicate_unlinked")[0].old_value.as_deref(), Some(a.as_str()));
        let not = find("not_duplicate");
        assert_eq!((not[0].new_value.as_deref(), not[0].reason.as_deref()), (Some(b.as_str()), Some(not_reason)));
        let out = canary(&app.db, &["audit", "verify"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
    };

    links_follow_to_the_master_case => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = reviewer(&app, Role::Reviewer);
        let a = submit_with(&app, |_| {});
        let b = submit_with(&app, |_| {});
        let c = submit_with(&app, |_| {});
        let link = |this: &str, other: &str| post(&app, &rev, &format!("/review/{this}/duplicates"),
            &[("action", "link"), ("other", other), ("reason", REASON)]);
        assert_eq!(link(&b, &a).status, 303);
        // c names b, which repeats a: c is linked to a.
        assert!(dup_page_lists(&app, &rev, &c, &a), "a is still a candidate of c");
        assert_eq!(post(&app, &rev, &format!("/review/{c}/duplicates"), &[("action", "link"), ("other", &b), ("reason", REASON)]).status, 303);
        let id_a = report_id(&app, &a);
        let c_ref = similar::case_by_number(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&c).unwrap()).unwrap().unwrap();
        assert_eq!(c_ref.duplicate_of.as_deref(), Some(id_a.as_str()));
        // a cannot become a duplicate of its own duplicate.
        let refused = link(&a, &b);
        assert_eq!(refused.status, 422);
        assert!(unescape(&refused.body).contains("That case is a duplicate of this one"));
        assert_eq!(similar::case_by_id(&mut app.db.connect(), &id_a).unwrap().unwrap().status, "new");
    };
}

fn dup_page_lists(app: &TestApp, who: &Reviewer, case: &str, other: &str) -> bool {
    let body = page(app, who, &format!("/review/{case}/duplicates"));
    body.split("id=\"candidates\"")
        .nth(1)
        .is_some_and(|t| t.contains(other))
}
