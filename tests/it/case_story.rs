//! The whole story of a case: its History names every change, export and
//! send in plain words (views summarised, older events kept under the
//! internal id included); the admins' audit page filters, pages and
//! downloads the trail; a follow-up on a linked duplicate reaches the
//! master; duplicates and candidates show on the case page and the queue.

use canary::audit::{self, Actor, Event};
use canary::auth::Role;
use canary::db::assessment::similar;
use diesel::Connection;

use crate::helpers::*;
use crate::review::{act, move_to, queue, staff, Signed};

const REASON: &str = "Checked against the narrative and the ticked symptoms.";

fn submit(app: &TestApp) -> (String, String) {
    let (token, idem) = app.fresh_form();
    app.submit(&full_report(&token, &idem))
}

fn page(app: &TestApp, who: &Signed, path: &str) -> String {
    let resp = app.get_with_cookie(path, &who.cookie);
    assert_eq!(resp.status, 200, "{path}: {}", resp.body);
    unescape(&resp.body)
}

fn history(app: &TestApp, who: &Signed, case: &str) -> Vec<String> {
    let body = page(app, who, &format!("/review/{case}"));
    let list = body.split("id=\"history\"").nth(1).unwrap();
    let list = list.split("</ol>").next().unwrap();
    list.split("<li>").skip(1).map(|li| li.to_owned()).collect()
}

fn code_seizure(app: &TestApp, who: &Signed, case: &str) {
    crate::meddra::import_fictional(&app.db);
    let code = crate::meddra::fictional_code("Seizure");
    let resp = act(
        app,
        who,
        case,
        "reactions",
        &[
            ("rows", "1"),
            ("r0_source", "symptom:seizure"),
            ("r0_term", "seizure"),
            ("r0_meddra", code.as_str()),
            ("reason", REASON),
        ],
    );
    assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));
}

fn assess(app: &TestApp, who: &Signed, case: &str) {
    let resp = act(
        app,
        who,
        case,
        "causality",
        &[
            ("product", "0"),
            ("c0_event", "term:seizure"),
            ("c0_event_other", ""),
            ("c0_who_umc", "possible"),
            ("c0_q2", "y"),
            ("c0_q3", "y"),
            ("c0_q5", "n"),
            ("c0_q10", "y"),
            (
                "c0_rationale",
                "Timing fits; alcohol could also explain it.",
            ),
        ],
    );
    assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));
}

fn link(app: &TestApp, who: &Signed, dup: &str, master: &str) {
    let resp = act(
        app,
        who,
        dup,
        "duplicates",
        &[("action", "link"), ("other", master), ("reason", REASON)],
    );
    assert_eq!(resp.status, 303, "{}", errors_in(&resp.body));
}

/// The reporter adds `narrative` to `case` with their follow-up code.
pub fn add_followup(app: &TestApp, case: &str, code: &str, narrative: &str) -> Resp {
    let open = [("case", case), ("code", code), ("action", "open")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let opened = app.post_form("/follow-up", &open);
    assert_eq!(opened.status, 200, "{}", opened.body);
    let fields = [
        ("case", case),
        ("code", code),
        ("idem", &hidden(&opened.body, "idem").unwrap()),
        ("action", "add"),
        ("narrative", narrative),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    app.post_form("/follow-up", &fields)
}

both_backends! {
    history_names_every_change_and_export_and_summarises_views => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (a, _) = submit(&app);
        let (b, _) = submit(&app);
        code_seizure(&app, &rev, &a);
        assess(&app, &rev, &a);
        assert_eq!(app.get_with_cookie(&format!("/review/{a}/export/fhir-r4.json"), &rev.cookie).status, 200);
        assert_eq!(app.get_with_cookie(&format!("/review/{a}/medwatch"), &rev.cookie).status, 200);
        link(&app, &rev, &b, &a);
        // An event from before this release, kept under the internal id.
        let id_a = similar::case_by_number(&mut app.db.connect(), &canary::ids::CaseNumber::parse(&a).unwrap()).unwrap().unwrap().id;
        app.db.connect().transaction::<_, canary::db::DbError, _>(|c| {
            audit::append(c, &Actor::cli(), Event::new("note", "report", Some(&id_a)))?;
            Ok(())
        }).unwrap();
        for _ in 0..3 {
            page(&app, &rev, &format!("/review/{a}"));
        }
        let lines = history(&app, &rev, &a);
        let all = lines.join("\n");
        let coded = format!(
            "Coded a reaction: Seizure (MedDRA {}, version 99.0)",
            crate::meddra::fictional_code("Seizure")
        );
        for words in [
            coded.as_str(),
            "Assessed causality: WHO-UMC Possible; Naranjo score",
            "Exported FHIR R4 Bundle",
            "Exported MedWatch answer sheet (Form 3500B)",
            "Command line · Added a note",
        ] {
            assert!(all.contains(words), "{words} missing from\n{all}");
        }
        assert!(!all.contains("Opened the case"), "views are summarised, not listed: {all}");
        assert!(!all.contains("Changed format"), "{all}");
        let body = page(&app, &rev, &format!("/review/{a}"));
        let views = body.split("id=\"views\"").nth(1).unwrap().split("</ul>").next().unwrap();
        // The three reads, the History read and this one: one line, five views.
        assert!(views.contains("rev@example.org: 5 times, last"), "{views}");
        let on_b = history(&app, &rev, &b).join("\n");
        assert!(on_b.contains("Changed the status: New → Duplicate"), "{on_b}");
        assert!(on_b.contains(&format!("Linked as a duplicate of {a}")), "{on_b}");
        let resp = act(&app, &rev, &b, "duplicates", &[("action", "unlink"), ("reason", "Different people after all.")]);
        assert_eq!(resp.status, 303);
        let on_b = history(&app, &rev, &b).join("\n");
        assert!(on_b.contains("Changed the status: Duplicate → In review"), "{on_b}");
        assert!(on_b.contains(&format!("Unlinked: no longer a duplicate of {a}")), "{on_b}");
        assert!(on_b.contains("reason: Different people after all."), "{on_b}");
    };

    a_followup_on_a_linked_duplicate_reaches_the_master => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (a, _) = submit(&app);
        let (b, code_b) = submit(&app);
        // The master waits for its reporter: out of the reviewer's hands.
        move_to(&app, &rev, &a, "needs_info", &[("question", "Which day did the seizure happen?")]);
        link(&app, &rev, &b, &a);
        let master = page(&app, &rev, &format!("/review/{a}"));
        let listed = master.split("id=\"linked-duplicates\"").nth(1).unwrap().split("</p>").next().unwrap();
        assert!(listed.contains(&b), "{listed}");

        let added = add_followup(&app, &b, &code_b, "His heart rate was 150 at the clinic.");
        assert_eq!(added.status, 200, "{}", added.body);
        let told = unescape(&added.body);
        assert!(told.contains("Your new information was added to the case that carries on"), "{told}");
        assert!(told.contains("Handled with another report"), "{told}");
        assert!(!told.contains(&a), "the reporter is not shown the other case");

        let master = page(&app, &rev, &format!("/review/{a}"));
        let followups = master.split("id=\"followups\"").nth(1).unwrap().split("</ol>").next().unwrap();
        assert!(followups.contains("heart rate was 150"), "{followups}");
        assert!(followups.contains(&format!("from the reporter of duplicate <a href=\"/review/{b}\">{b}</a>")), "{followups}");
        assert!(master.contains("id=\"new-information\""), "marked as new information");
        assert_eq!(element_text(&master, "case-status").unwrap(), "In review", "back in review");
        let story = history(&app, &rev, &a).join("\n");
        assert!(story.contains(&format!("The reporter of duplicate {b} added a follow-up")), "{story}");
        assert!(story.contains("Changed the status: Needs information → In review"), "{story}");
        let queue_page = page(&app, &rev, "/review");
        let row = queue_page.split(&format!("/review/{a}\"")).nth(1).unwrap().split("</th>").next().unwrap();
        assert!(row.contains("New information"), "{row}");
        // A note marks it as seen.
        assert_eq!(act(&app, &rev, &a, "notes", &[("note", "Read the follow-up from the duplicate.")]).status, 303);
        assert!(!page(&app, &rev, &format!("/review/{a}")).contains("id=\"new-information\""));
        assert_eq!(queue(&app, &rev, ""), vec![a.clone()], "the duplicate left the open queue");
    };

    case_page_and_queue_show_an_undecided_duplicate_candidate => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (a, _) = submit(&app);
        let alone = page(&app, &rev, &format!("/review/{a}"));
        assert!(!alone.contains("id=\"duplicate-candidates\""), "no candidate yet");
        let marked = |case: &str| {
            let body = page(&app, &rev, "/review");
            let row = body.split(&format!("/review/{case}\"")).nth(1).unwrap().split("</th>").next().unwrap().to_owned();
            row.contains("Possible duplicate")
        };
        assert!(!marked(&a));
        let (b, _) = submit(&app);
        // Opening either case scores its candidates and marks both in the queue.
        let body = page(&app, &rev, &format!("/review/{a}"));
        assert!(marked(&a) && marked(&b), "both marked in the queue");
        let notice = body.split("id=\"duplicate-candidates\"").nth(1).unwrap().split("</p>").next().unwrap();
        assert!(notice.contains("One possible duplicate has not been decided yet"), "{notice}");
        let resp = act(&app, &rev, &a, "duplicates", &[("action", "not_duplicate"), ("other", &b), ("reason", "Different towns.")]);
        assert_eq!(resp.status, 303);
        assert!(!page(&app, &rev, &format!("/review/{a}")).contains("id=\"duplicate-candidates\""), "decided");
        assert!(!marked(&a) && !marked(&b), "the queue marker goes with the decision");
    };
}
