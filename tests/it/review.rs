//! The reviewers' workspace over HTTP: the queue's order and filters, every
//! workflow transition with its reason and audit event, the question shown
//! to the reporter, assignment, notes, seriousness confirmation, and what an
//! analyst may not do.

use canary::audit::stored::AuditRow;
use canary::auth::Role;
use canary::db::audit::after;
use diesel::connection::SimpleConnection;

use crate::helpers::*;
use crate::staff_helpers::*;

/// A signed-in staff member: (cookie, csrf token).
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
}

pub fn staff(app: &TestApp, email: &str, role: Role) -> Signed {
    add_user(&app.db, email, role, PASSWORD);
    let cookie = sign_in(app, email, PASSWORD);
    let csrf = csrf_of(app, &cookie);
    Signed { cookie, csrf }
}

/// POST a case form (`/review/CASE/<action>`) as `who`.
pub fn act(app: &TestApp, who: &Signed, case: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
    let mut all = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_form_with(
        &format!("/review/{case}/{action}"),
        &[("Cookie", &who.cookie)],
        &all,
    )
}

/// Move a case to `to`, expecting success.
pub fn move_to(app: &TestApp, who: &Signed, case: &str, to: &str, extra: &[(&str, &str)]) {
    let mut fields = vec![("to", to), ("reason", "checked the report")];
    fields.extend_from_slice(extra);
    let resp = act(app, who, case, "status", &fields);
    assert_eq!(resp.status, 303, "{case} → {to}: {}", errors_in(&resp.body));
}

pub fn status_of(app: &TestApp, who: &Signed, case: &str) -> String {
    let page = app.get_with_cookie(&format!("/review/{case}"), &who.cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    element_text(&page.body, "case-status").unwrap()
}

/// Case numbers in the order the queue lists them.
pub fn queue(app: &TestApp, who: &Signed, query: &str) -> Vec<String> {
    let page = app.get_with_cookie(&format!("/review?{query}"), &who.cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    page.body
        .split("<th scope=\"row\"><a href=\"/review/")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(str::to_owned))
        .collect()
}

/// Submit a variant of the full report: `outcomes` replaces its outcome boxes.
pub fn submit_with(app: &TestApp, outcomes: &[&str], changes: &[(&str, &str)]) -> String {
    let (token, idem) = app.fresh_form();
    let mut fields = full_report(&token, &idem);
    fields.retain(|(k, _)| !k.starts_with("out_"));
    for o in outcomes {
        fields.push((format!("out_{o}"), "on".into()));
    }
    if outcomes.contains(&"death") {
        set(&mut fields, "current_state", "died");
    }
    for (k, v) in changes {
        set(&mut fields, k, v);
    }
    app.submit(&fields).0
}

fn events_about(app: &TestApp, case: &str) -> Vec<AuditRow> {
    after(&mut app.db.connect(), 0, 100_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity_id.as_deref() == Some(case))
        .collect()
}

/// A causality row, as the causality page stores one.
fn assess_causality(app: &TestApp, case: &str) {
    let sql = format!(
        "INSERT INTO causality_assessments (id, report_id, product_id, event_assessed, who_umc, naranjo_answers, naranjo_score, naranjo_band, rationale, assessed_by, assessed_at) \
         SELECT 'ca-' || p.id, r.id, p.id, 'Seizure', 'possible', 'uyuuyuuuuu', 4, 'possible', 'timing fits', (SELECT MIN(id) FROM users), r.received_at \
         FROM reports r JOIN report_products p ON p.report_id = r.id WHERE r.case_number = '{case}' AND p.position = 0"
    );
    app.db.connect().batch_execute(&sql).unwrap();
}

both_backends! {
    queue_puts_the_most_serious_first_then_the_oldest => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        // No outcome and no emergency symptom: not serious.
        let mild = submit_with(&app, &[], &[("sym_seizure", "")]);
        let hospital_old = submit_with(&app, &["hospitalised"], &[]);
        let death = submit_with(&app, &["death"], &[("p0_brand", "Deadly Blue Caps")]);
        let hospital_new = submit_with(&app, &["hospitalised"], &[]);
        assert_eq!(queue(&app, &rev, ""), vec![death.clone(), hospital_old.clone(), hospital_new.clone(), mild.clone()]);

        // Filters: seriousness, substance, search by product and case number, dates.
        assert_eq!(queue(&app, &rev, "seriousness=serious").len(), 3);
        assert_eq!(queue(&app, &rev, "seriousness=not_serious"), vec![mild.clone()]);
        assert_eq!(queue(&app, &rev, "seriousness=death"), vec![death.clone()]);
        assert_eq!(queue(&app, &rev, "substance=7oh").len(), 4);
        assert!(queue(&app, &rev, "substance=other").is_empty());
        assert_eq!(queue(&app, &rev, "q=deadly+blue"), vec![death.clone()]);
        assert_eq!(queue(&app, &rev, &format!("q={}", &mild[4..])), vec![mild.clone()]);
        assert!(queue(&app, &rev, "q=100%25").is_empty(), "LIKE wildcards are literal");
        assert!(queue(&app, &rev, "to=2000-01-01").is_empty());
        assert_eq!(queue(&app, &rev, "from=2000-01-01").len(), 4);

        // A bad filter value is named, and the rest of the page still works.
        let page = app.get_with_cookie("/review?from=last+week", &rev.cookie);
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Enter a date as year-month-day"));

        // Closed cases leave the default (open) view but stay findable.
        move_to(&app, &rev, &mild, "spam", &[]);
        assert!(!queue(&app, &rev, "").contains(&mild));
        assert_eq!(queue(&app, &rev, "status=spam"), vec![mild.clone()]);
        assert_eq!(queue(&app, &rev, "status=all").len(), 4);
    };

    a_case_walks_the_whole_workflow_with_reasons_in_the_audit_trail => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let (case, code) = app.submit(&full_report(&token, &idem));
        let other = submit_with(&app, &[], &[]);
        assert_eq!(status_of(&app, &rev, &case), "New");

        // No reason: refused with the problem named, nothing changed.
        let resp = act(&app, &rev, &case, "status", &[("to", "in_review")]);
        assert_eq!(resp.status, 422);
        assert!(resp.body.contains("Give a reason for this change"));
        assert_eq!(status_of(&app, &rev, &case), "New");
        // Not a next step of "new".
        let resp = act(&app, &rev, &case, "status", &[("to", "closed"), ("reason", "x")]);
        assert_eq!(resp.status, 422);
        assert!(unescape(&resp.body).contains("cannot move to “Closed”"));

        move_to(&app, &rev, &case, "in_review", &[]);
        // Asking the reporter needs the question, which their follow-up page shows.
        let resp = act(&app, &rev, &case, "status", &[("to", "needs_info"), ("reason", "dose unclear")]);
        assert_eq!(resp.status, 422);
        move_to(&app, &rev, &case, "needs_info", &[("question", "How many tablets did he take on the last day?")]);
        assert_eq!(status_of(&app, &rev, &case), "Needs information");
        let opened = app.post_form("/follow-up", &[("case", case.as_str()), ("code", code.as_str()), ("action", "open")]
            .map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert!(opened.body.contains("How many tablets did he take on the last day?"), "{}", opened.body);
        let answer = [
            ("case", case.as_str()), ("code", code.as_str()), ("action", "add"),
            ("idem", &hidden(&opened.body, "idem").unwrap()), ("narrative", "Six tablets."),
        ].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(app.post_form("/follow-up", &answer).status, 200);
        // The answer sends the case back to the reviewers.
        assert_eq!(status_of(&app, &rev, &case), "In review");
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).body;
        assert!(page.contains("Six tablets."));
        assert!(page.contains("The reporter"), "history names the reporter's answer");

        // Assessed needs the seriousness confirmed and a causality assessment.
        let resp = act(&app, &rev, &case, "status", &[("to", "assessed"), ("reason", "done")]);
        assert_eq!(resp.status, 422);
        let body = unescape(&resp.body);
        assert!(body.contains("confirm the seriousness") && body.contains("assess causality"), "{}", errors_in(&body));
        let resp = act(&app, &rev, &case, "seriousness", &[("ich_hospitalised", "on"), ("ich_reason", "admitted two nights")]);
        assert_eq!(resp.status, 303);
        assess_causality(&app, &case);
        move_to(&app, &rev, &case, "assessed", &[]);

        // Forwarded: to whom, when, their reference; it can go to a second body.
        let resp = act(&app, &rev, &case, "status", &[("to", "forwarded"), ("reason", "serious"), ("sent_on", "2026-01-05")]);
        assert_eq!(resp.status, 422);
        assert!(resp.body.contains("Say who the case was sent to"));
        move_to(&app, &rev, &case, "forwarded", &[("recipient", "FDA MedWatch"), ("sent_on", "2026-01-05"), ("reference", "MW-5551234")]);
        move_to(&app, &rev, &case, "forwarded", &[("recipient", "Texas Poison Center Network"), ("sent_on", "2026-01-06")]);
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).body;
        assert!(page.contains("To FDA MedWatch on 2026-01-05, their reference MW-5551234"));
        assert!(page.contains("To Texas Poison Center Network on 2026-01-06"));
        move_to(&app, &rev, &case, "closed", &[]);
        move_to(&app, &rev, &case, "in_review", &[]);
        move_to(&app, &rev, &case, "not_a_report", &[]);
        move_to(&app, &rev, &case, "in_review", &[]);

        // Duplicate of another case: linked both ways on the page; reopening unlinks.
        let resp = act(&app, &rev, &case, "status", &[("to", "duplicate"), ("reason", "same"), ("duplicate_of", &case)]);
        assert!(resp.body.contains("cannot be a duplicate of itself"));
        move_to(&app, &rev, &case, "duplicate", &[("duplicate_of", &other)]);
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).body;
        assert_eq!(element_text(&page, "case-status").unwrap(), "Duplicate");
        assert!(page.contains(&format!("duplicate of <a href=\"/review/{other}\">{other}</a>")));
        move_to(&app, &rev, &case, "in_review", &[]);
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).body;
        assert!(!page.contains("id=\"duplicate-of\""));

        // Every status change is one audit event with old, new and reason.
        let changes: Vec<(String, String)> = events_about(&app, &case)
            .into_iter()
            .filter(|e| e.action == "status")
            .map(|e| (e.old_value.unwrap(), e.new_value.unwrap()))
            .collect();
        let expected = [
            ("new", "in_review"), ("in_review", "needs_info"), ("needs_info", "in_review"),
            ("in_review", "assessed"), ("assessed", "forwarded"), ("forwarded", "forwarded"),
            ("forwarded", "closed"), ("closed", "in_review"), ("in_review", "not_a_report"),
            ("not_a_report", "in_review"), ("in_review", "duplicate"), ("duplicate", "in_review"),
        ];
        assert_eq!(changes, expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec());
        assert!(events_about(&app, &case).iter().filter(|e| e.action == "status").all(|e| e.reason.is_some()));
        let verify = canary(&app.db, &["audit", "verify"], "");
        assert!(verify.status.success(), "{}", text(&verify.stderr));
    };

    assignment_notes_and_seriousness_change_the_queue => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let analyst_id = add_user(&app.db, "ana@example.org", Role::Analyst, PASSWORD);
        let death = submit_with(&app, &["death"], &[]);
        let mild = submit_with(&app, &[], &[]);
        assert_eq!(queue(&app, &rev, ""), vec![death.clone(), mild.clone()]);

        // Assign to me: the "mine" filter finds it; an analyst cannot be assigned.
        assert!(queue(&app, &rev, "mine=on").is_empty());
        let rev_id = canary::db::users::by_email(&mut app.db.connect(), "rev@example.org").unwrap().unwrap().id;
        assert_eq!(act(&app, &rev, &mild, "assign", &[("assignee", &rev_id)]).status, 303);
        assert_eq!(queue(&app, &rev, "mine=on"), vec![mild.clone()]);
        let page = app.get_with_cookie(&format!("/review/{mild}"), &rev.cookie).body;
        assert_eq!(element_text(&page, "assigned").unwrap(), "rev@example.org");
        let resp = act(&app, &rev, &mild, "assign", &[("assignee", &analyst_id)]);
        assert_eq!(resp.status, 422);
        assert!(resp.body.contains("Choose an active reviewer"));

        // Notes: kept in order with the author; identifiers scrubbed.
        assert_eq!(act(&app, &rev, &mild, "notes", &[("note", "")]).status, 422);
        assert_eq!(act(&app, &rev, &mild, "notes", &[("note", "Called the clinic at 555-867-5309.")]).status, 303);
        assert_eq!(act(&app, &rev, &mild, "notes", &[("note", "Second note.")]).status, 303);
        let page = app.get_with_cookie(&format!("/review/{mild}"), &rev.cookie).body;
        let first = page.find("Called the clinic").unwrap();
        assert!(first < page.find("Second note.").unwrap());
        assert!(!page.contains("867-5309"), "phone number scrubbed from the note");

        // The reviewer decides the reported death was not serious: it moves down.
        let resp = act(&app, &rev, &death, "seriousness", &[("ich_reason", "")]);
        assert_eq!(resp.status, 422);
        assert_eq!(act(&app, &rev, &death, "seriousness", &[("ich_reason", "reporter ticked death by mistake, see follow-up")]).status, 303);
        let page = app.get_with_cookie(&format!("/review/{death}"), &rev.cookie).body;
        assert!(page.contains("Not serious (confirmed)"));
        let order = queue(&app, &rev, "");
        assert_eq!(order.len(), 2);
        let page = app.get_with_cookie("/review", &rev.cookie).body;
        assert!(page.contains("(confirmed)") && page.contains("(reported)"));
        let event = events_about(&app, &death).into_iter().find(|e| e.action == "seriousness").unwrap();
        assert_eq!(event.old_value, None);
        assert_eq!(event.new_value.as_deref(), Some(""));
        assert_eq!(event.reason.as_deref(), Some("reporter ticked death by mistake, see follow-up"));
    };

    an_analyst_reads_cases_but_cannot_change_them => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let analyst = staff(&app, "ana@example.org", Role::Analyst);
        let case = submit_with(&app, &["hospitalised"], &[]);
        assert_eq!(queue(&app, &analyst, ""), vec![case.clone()]);
        let page = app.get_with_cookie(&format!("/review/{case}"), &analyst.cookie);
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("Change the status"), "no forms for a read-only role");
        for action in ["status", "assign", "seriousness", "notes"] {
            let resp = act(&app, &analyst, &case, action, &[("to", "in_review"), ("reason", "x"), ("note", "x"), ("ich_reason", "x")]);
            assert_eq!(resp.status, 403, "{action}");
        }
        assert_eq!(status_of(&app, &analyst, &case), "New");
        // Only the report's arrival and the analyst's views are recorded.
        assert!(events_about(&app, &case).iter().all(|e| e.action == "view" || e.action == "report_received"));
    };

    check_60_opening_a_case_appends_one_view_event => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let case = submit_with(&app, &[], &[]);
        let before = events_about(&app, &case).len();
        assert_eq!(app.get_with_cookie(&format!("/review/{case}"), &rev.cookie).status, 200);
        let after_view = events_about(&app, &case);
        assert_eq!(after_view.len(), before + 1);
        let view = after_view.last().unwrap();
        assert_eq!(view.action, "view");
        assert_eq!(view.actor_role, "reviewer");
        assert!(view.actor_id.is_some());
        // Unknown and malformed case numbers are simply not found.
        assert_eq!(app.get_with_cookie("/review/CAN-2026-999999", &rev.cookie).status, 404);
        assert_eq!(app.get_with_cookie("/review/..%2Fstaff", &rev.cookie).status, 404);
    };

    the_case_page_shows_the_report_followups_and_what_medwatch_would_miss => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let case = submit_with(&app, &["hospitalised"], &[("weight", ""), ("weight_unit", ""), ("p0_lot", "")]);
        let page = app.get_with_cookie(&format!("/review/{case}"), &rev.cookie);
        assert_eq!(page.status, 200);
        let body = unescape(&page.body);
        assert!(body.contains("Brand One 7-OH Extra"));
        assert!(body.contains("spent two nights in hospital"));
        assert!(body.contains("Weight <span class=\"hint\">(Form 3500 item A4)"), "{}", &body[body.find("id=\"gaps\"").unwrap_or(0)..][..600.min(body.len())]);
        assert!(body.contains("lot number"));
        assert!(body.contains("Hospitalisation (reported, not yet confirmed)"));
    };
}
