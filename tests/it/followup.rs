//! The reporter's follow-up: the code opens the case and adds information;
//! wrong codes are refused and throttled.

use crate::helpers::*;

fn open(app: &TestApp, case: &str, code: &str) -> Resp {
    let fields = [("case", case), ("code", code), ("action", "open")];
    app.post_form(
        "/follow-up",
        &fields.map(|(k, v)| (k.to_owned(), v.to_owned())),
    )
}

both_backends! {
    the_code_opens_the_case_and_adds_a_followup => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let (case, code) = app.submit(&full_report(&token, &idem));

        // Typed loosely: lower case, spaces instead of dashes.
        let page = open(&app, &case.to_lowercase(), &code.to_lowercase().replace('-', " "));
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(&format!("Case {case}")));
        assert!(page.body.contains("Received"));

        let mut fields = vec![
            ("case".to_owned(), case.clone()),
            ("code".to_owned(), code.clone()),
            ("idem".to_owned(), hidden(&page.body, "idem").unwrap()),
            ("action".to_owned(), "add".to_owned()),
            ("current_state".to_owned(), "recovered".to_owned()),
            ("narrative".to_owned(), "He is sleeping normally again after three weeks. Call me on 555-234-5678.".to_owned()),
        ];
        let added = app.post_form("/follow-up", &fields);
        assert_eq!(added.status, 200);
        assert!(added.body.contains("Your new information was added"));
        assert!(added.body.contains("sleeping normally again"));
        // A double click adds it once.
        app.post_form("/follow-up", &fields);
        let stored = canary::db::reports::load_by_case(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&case).unwrap()).unwrap().unwrap();
        assert_eq!(stored.followups.len(), 1);
        assert_eq!(stored.followups[0].current_state, Some(canary::report::options::CurrentState::Recovered));
        let text = stored.followups[0].narrative.as_ref().unwrap().as_str();
        assert!(text.contains("[phone]") && !text.contains("234-5678"), "follow-ups are scrubbed too: {text}");

        // An empty follow-up is refused with a message, answers kept.
        set(&mut fields, "idem", &hidden(&added.body, "idem").unwrap());
        set(&mut fields, "current_state", "");
        set(&mut fields, "narrative", "");
        let empty = app.post_form("/follow-up", &fields);
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("Write what you would like to add"));
    };

    wrong_codes_are_refused_and_throttled => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let (case, code) = app.submit(&full_report(&token, &idem));
        let wrong = if code.starts_with('A') { code.replacen('A', "B", 1) } else { format!("A{}", &code[1..]) };
        let page = open(&app, &case, &wrong);
        assert_eq!(page.status, 403);
        assert!(page.body.contains("could not find a report with that case number and code"));
        assert!(!page.body.contains(&wrong), "the code is not echoed back");
        // Unknown case numbers get the same answer (no enumeration).
        assert_eq!(open(&app, "CAN-2026-999999", &code).status, 403);

        // Five wrong codes lock the case for a while, even for the right code.
        for _ in 0..4 {
            assert_eq!(open(&app, &case, &wrong).status, 403);
        }
        let locked = open(&app, &case, &code);
        assert_eq!(locked.status, 429);
        assert!(locked.header("retry-after").is_some());
    };

    one_client_is_throttled_across_cases => |backend| {
        let app = TestApp::spawn_with(backend, |env| { env.insert("CANARY_FOLLOWUP_FAILURES_PER_HOUR".into(), "3".into()); }).unwrap();
        for i in 0..3 {
            assert_eq!(open(&app, &format!("CAN-2026-00000{i}"), "AAAA-AAAA-AAAA-AAAA-AAAA").status, 403);
        }
        let page = open(&app, "CAN-2026-000009", "AAAA-AAAA-AAAA-AAAA-AAAA");
        assert_eq!(page.status, 429);
    };
}
