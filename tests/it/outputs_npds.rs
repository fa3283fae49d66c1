//! The poison-center summary in NPDS terms (poison-centers.md §2, §4) and
//! the MedWatch B section as FDA reads it: every §4 line filled or
//! explicitly unknown for a serious withdrawal case, a child's
//! unintentional exposure and a death, no line contradicting another, the
//! reviewer's NPDS coding stored and audited and carried into the PDF and
//! the e-mail text; B4 is the day the sheet is made, the death month is
//! given, and stopping-then-withdrawal never reads as "got better".

use canary::auth::Role;

use crate::export_medwatch::{answer, get_bytes, item, items, pdf_text, squash};
use crate::helpers::*;
use crate::review::{staff, Signed};
use crate::staff_helpers::audit_events;

/// The summary's (label, value) lines as the page shows them.
fn lines(body: &str) -> Vec<(String, String)> {
    body.split("<div class=\"row\"><dt>")
        .skip(1)
        .map(|chunk| {
            let label = chunk.split("</dt>").next().unwrap_or_default();
            let value = chunk
                .split("<dd>")
                .nth(1)
                .and_then(|v| v.split("</dd>").next())
                .unwrap_or_default();
            let text = |s: &str| unescape(&s.replace("&#62;", ">").replace("&#60;", "<"));
            (text(label), text(value))
        })
        .collect()
}

fn value<'a>(all: &'a [(String, String)], label: &str) -> &'a str {
    all.iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no line {label:?}: {all:#?}"))
}

/// The §4 lines every summary carries, each filled or explicitly unknown.
const NPDS_LINES: [&str; 16] = [
    "Co-exposures",
    "1. Amount and use",
    "Last dose to first symptoms",
    "Last dose (stopping) to withdrawal",
    "Chronicity",
    "Route",
    "Reason for exposure",
    "Reasons for use",
    "Duration of effects",
    "Treatment given",
    "Level of care",
    "Medical outcome (NPDS)",
    "Seriousness (ICH)",
    "Age",
    "Sex",
    "Reporter",
];

/// No line says something another line denies.
fn consistent(all: &[(String, String)]) {
    for label in NPDS_LINES {
        assert!(!value(all, label).trim().is_empty(), "{label} is empty");
    }
    let co = value(all, "Co-exposures");
    assert!(
        !(co.contains(';') && co.starts_with("Unknown")),
        "unknown beside a list: {co}"
    );
    let reason = value(all, "Reason for exposure");
    let stop = value(all, "Last dose (stopping) to withdrawal");
    assert_eq!(
        reason.starts_with("Withdrawal"),
        !stop.starts_with("Does not apply"),
        "reason {reason:?} against {stop:?}"
    );
    let outcome = value(all, "Medical outcome (NPDS)");
    let died = value(all, "State when reported") == "Died"
        || all
            .iter()
            .any(|(l, v)| l.starts_with("Follow-up") && v.contains(": now died"));
    assert_eq!(
        outcome.starts_with("Death"),
        died,
        "{outcome} / died {died}"
    );
    if died {
        assert!(!value(all, "Seriousness (ICH)").starts_with("not serious"));
    }
    if all.iter().all(|(l, _)| l != "Symptoms") {
        assert!(
            !outcome.starts_with("No effect"),
            "{outcome} beside reported symptoms"
        );
    }
}

fn summary_of(app: &TestApp, who: &Signed, case: &str) -> Vec<(String, String)> {
    let page = app.get_with_cookie(&format!("/review/{case}/poison-center"), &who.cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    lines(&page.body)
}

/// A child found gummies: one product, no regular use, unsure what else.
fn child_case(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let mut f = full_report(&token, &idem);
    for name in [
        "p1_role",
        "p1_substance",
        "p1_brand",
        "p1_form",
        "p1_amount",
        "p1_amount_unit",
        "p1_route",
        "p1_where",
        "p1_reason_energy",
        "co_alcohol",
        "co_benzodiazepines",
        "co_used_other",
        "wd_aches",
        "wd_runny_nose",
        "wd_craving",
        "last_dose",
        "last_dose_unit",
        "p0_used_for",
        "p0_used_for_unit",
        "p0_doses_per_day",
        "p0_reason_pain",
        "p0_reason_taper_medicine",
        "sym_fast_heart",
        "sym_vomiting",
        "sym_seizure",
        "symptoms_other",
        "out_hospitalised",
        "out_other_serious",
        "care_admitted",
        "other_treatment",
        "health_conditions",
        "medicines",
        "rx_stopped_which",
        "rx_stopped_month",
        "weight",
        "weight_unit",
    ] {
        unset(&mut f, name);
    }
    for (k, v) in [
        ("products", "1"),
        ("kind", "accidental"),
        ("age", "3"),
        ("sex", "female"),
        ("rx_stopped", "no"),
        ("p0_form", "gummy"),
        ("p0_brand", "Fruity 7-OH Gummies"),
        ("p0_amount", "3"),
        ("p0_amount_unit", "gummy"),
        ("sym_drowsy", "on"),
        ("co_unknown", "on"),
        ("lasted", "6"),
        ("lasted_unit", "hours"),
        ("naloxone", "no"),
        ("current_state", "recovered"),
        ("dechallenge", "unknown"),
        ("rechallenge", "not_restarted"),
        (
            "narrative",
            "Found her with an open bag of gummies; very sleepy, seen in the emergency room.",
        ),
    ] {
        set(&mut f, k, v);
    }
    app.submit(&f).0
}

/// A death after a reaction, reported this month.
fn death_case(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    let mut f = full_report(&token, &idem);
    for name in [
        "wd_aches",
        "wd_runny_nose",
        "wd_craving",
        "last_dose",
        "last_dose_unit",
        "lasted",
        "lasted_unit",
        "out_hospitalised",
    ] {
        unset(&mut f, name);
    }
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    for (k, v) in [
        ("kind", "reaction"),
        ("age", "41"),
        ("sym_unresponsive", "on"),
        ("out_death", "on"),
        ("care_icu", "on"),
        ("naloxone_helped", "no"),
        ("current_state", "died"),
        ("dechallenge", "unknown"),
        ("onset", month.as_str()),
        ("p0_last_use", month.as_str()),
        (
            "narrative",
            "He was found unresponsive and died in intensive care.",
        ),
    ] {
        set(&mut f, k, v);
    }
    app.submit(&f).0
}

both_backends! {
    npds_lines_are_filled_and_agree_for_withdrawal_child_and_death => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let withdrawal = app.submit(&full_report(&token, &idem)).0;
        let child = child_case(&app);
        let death = death_case(&app);

        let w = summary_of(&app, &rev, &withdrawal);
        consistent(&w);
        assert!(value(&w, "Reason for exposure").starts_with("Withdrawal (derived from the report"));
        assert!(value(&w, "Chronicity").starts_with("Chronic (regular use)"));
        assert_eq!(value(&w, "Last dose (stopping) to withdrawal"), "about 18 hours");
        assert_eq!(value(&w, "Duration of effects"), ">1 week–1 month (reported 9 days)");
        assert_eq!(value(&w, "Level of care"), "Admitted to non-critical care unit");
        assert!(value(&w, "Medical outcome (NPDS)").starts_with("Major effect"), "a seizure is a candidate major effect");
        assert_eq!(value(&w, "Route"), "Ingestion: swallowed (capsule, tablet, gummy); Ingestion: powder mixed into a drink or food");
        assert_eq!(value(&w, "Reasons for use"), "Pain; To come off a prescribed medicine; Energy or focus");
        let co = value(&w, "Co-exposures");
        assert!(co.starts_with("Brand Two Maeng Da") && co.contains("Alcohol") && co.ends_with("energy drinks"), "{co}");

        let c = summary_of(&app, &rev, &child);
        consistent(&c);
        assert!(value(&c, "Reason for exposure").starts_with("Unintentional"));
        assert!(value(&c, "Chronicity").starts_with("Acute (one-off)"));
        assert_eq!(value(&c, "Age"), "3 years");
        assert_eq!(value(&c, "Last dose (stopping) to withdrawal"), "Does not apply (not a withdrawal report)");
        assert_eq!(value(&c, "Co-exposures"), "Unknown (the reporter was not sure what else was taken)");
        assert_eq!(value(&c, "Duration of effects"), ">2–8 h (reported 6 hours)");
        assert!(value(&c, "Level of care").starts_with("Treated/evaluated and released"));
        assert!(value(&c, "Medical outcome (NPDS)").starts_with("Moderate effect"));
        assert_eq!(value(&c, "Reasons for use"), "Unknown (not reported)");

        let d = summary_of(&app, &rev, &death);
        consistent(&d);
        assert!(value(&d, "Medical outcome (NPDS)").starts_with("Death"));
        assert_eq!(value(&d, "Level of care"), "Admitted to critical care unit");
        assert!(value(&d, "Reason for exposure").starts_with("Adverse reaction"));
        assert_eq!(value(&d, "Last dose (stopping) to withdrawal"), "Does not apply (not a withdrawal report)");
        assert_eq!(value(&d, "Duration of effects"), "Unknown");

        // Each prints on one page, with the same lines.
        for case in [&withdrawal, &child, &death] {
            let (status, _, bytes) = get_bytes(&app, &format!("/review/{case}/poison-center.pdf"), &rev.cookie);
            assert_eq!(status, 200);
            let text = squash(&pdf_text(&bytes));
            assert!(text.contains("page 1 of 1"), "{case} is more than one page: {text}");
            assert!(text.contains("Medical outcome (NPDS)") && text.contains("Reason for exposure"), "{text}");
        }
    };

    a_reviewer_sets_the_npds_coding_and_it_is_audited_and_printed => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let case = app.submit(&full_report(&token, &idem)).0;
        let path = format!("/review/{case}/poison-center/npds");
        let fields = [("reason", "misuse"), ("chronicity", "acute_on_chronic"), ("outcome", "moderate")];

        // CSRF, role and unknown codes are refused; nothing is stored.
        let mut no_token = vec![("csrf", "")];
        no_token.extend_from_slice(&fields);
        assert_eq!(app.post_form_with(&path, &[("Cookie", &rev.cookie)], &no_token).status, 403);
        let analyst = staff(&app, "an@example.org", Role::Analyst);
        let mut theirs = vec![("csrf", analyst.csrf.as_str())];
        theirs.extend_from_slice(&fields);
        assert_eq!(app.post_form_with(&path, &[("Cookie", &analyst.cookie)], &theirs).status, 403);
        let bogus = app.post_form_with(&path, &[("Cookie", &rev.cookie)], &[("csrf", &rev.csrf), ("reason", "bored")]);
        assert_eq!(bogus.status, 400);
        assert!(unescape(&bogus.body).contains("Unknown reason for exposure"));
        assert!(audit_events(&app.db, "npds_coded").is_empty());

        let mut ok = vec![("csrf", rev.csrf.as_str())];
        ok.extend_from_slice(&fields);
        let saved = app.post_form_with(&path, &[("Cookie", &rev.cookie)], &ok);
        assert_eq!(saved.status, 303, "{}", errors_in(&saved.body));
        let events = audit_events(&app.db, "npds_coded");
        assert_eq!(events.len(), 3, "one event per changed field");
        assert!(events.iter().all(|e| e.entity_id.as_deref() == Some(case.as_str())));
        let reason = events.iter().find(|e| e.field.as_deref() == Some("npds_reason")).unwrap();
        assert_eq!((reason.old_value.as_deref(), reason.new_value.as_deref()), (None, Some("misuse")));

        let today = chrono::Utc::now().date_naive().to_string();
        let page = app.get_with_cookie(&format!("/review/{case}/poison-center"), &rev.cookie);
        let all = lines(&page.body);
        assert_eq!(value(&all, "Reason for exposure"), format!("Misuse (set by a reviewer on {today})"));
        assert!(value(&all, "Medical outcome (NPDS)").starts_with("Moderate effect (set by a reviewer"));
        assert!(value(&all, "Chronicity").starts_with("Acute-on-chronic"));
        assert!(page.body.contains("<option value=\"misuse\" selected>"), "the form shows the choice");
        // The e-mail carries the same lines as the page.
        let confirm = app.get_with_cookie(&format!("/review/{case}/poison-center/send"), &rev.cookie);
        let mail = unescape(&confirm.body.replace("&#62;", ">"));
        for (label, value) in &all {
            assert!(mail.contains(&format!("- {}: {value}", label.trim())), "{label}: {value} not in the e-mail");
        }
        let (_, _, bytes) = get_bytes(&app, &format!("/review/{case}/poison-center.pdf"), &rev.cookie);
        assert!(squash(&pdf_text(&bytes)).contains("Misuse (set by a reviewer on"));

        // Choosing the derived default again clears the choice, audited.
        let clear = app.post_form_with(&path, &[("Cookie", &rev.cookie)], &[("csrf", &rev.csrf), ("reason", ""), ("chronicity", "acute_on_chronic"), ("outcome", "moderate")]);
        assert_eq!(clear.status, 303);
        assert_eq!(audit_events(&app.db, "npds_coded").len(), 4);
        let all = summary_of(&app, &rev, &case);
        assert!(value(&all, "Reason for exposure").starts_with("Withdrawal (derived"));
    };

    medwatch_b4_is_today_the_death_month_is_given_and_withdrawal_reads_right => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let rev = staff(&app, "rev@example.org", Role::Reviewer);
        let (token, idem) = app.fresh_form();
        let mut f = full_report(&token, &idem);
        set(&mut f, "dechallenge", "yes");
        let (withdrawal, code) = app.submit(&f);
        let death = death_case(&app);
        let today = chrono::Utc::now().format("%d-%b-%Y").to_string();

        let sheet = items(&app.get_with_cookie(&format!("/review/{withdrawal}/medwatch?form=3500"), &rev.cookie).body);
        assert_eq!(answer(&sheet, "B4"), today, "the date of this report, not the day received");
        let d7 = answer(&sheet, "D7");
        assert!(d7.starts_with("Doesn't apply: the problem is withdrawal, which began after use was stopped or cut down, about 18 hours after the last dose"), "{d7}");
        assert!(!d7.starts_with("Yes"), "stopping then withdrawal never reads as getting better");
        assert!(answer(&sheet, "B5").contains("the product was stopped or cut down, and the withdrawal symptoms described here followed"));
        let consumer = items(&app.get_with_cookie(&format!("/review/{withdrawal}/medwatch"), &rev.cookie).body);
        assert_eq!(answer(&consumer, "F9"), today);
        assert!(answer(&consumer, "C15").starts_with("Doesn't apply: the problem is withdrawal"));

        // A follow-up tells of a death: the month it was told in.
        let open = app.post_form("/follow-up", &[("case".into(), withdrawal.clone()), ("code".into(), code.clone()), ("action".into(), "open".into())]);
        assert_eq!(open.status, 200, "{}", open.body);
        let fields = vec![
            ("case".to_owned(), withdrawal.clone()),
            ("code".to_owned(), code),
            ("idem".to_owned(), hidden(&open.body, "idem").unwrap()),
            ("action".to_owned(), "add".to_owned()),
            ("current_state".to_owned(), "died".to_owned()),
            ("narrative".to_owned(), "He died at home.".to_owned()),
        ];
        assert_eq!(app.post_form("/follow-up", &fields).status, 200);
        let page = unescape(&app.get_with_cookie(&format!("/review/{withdrawal}/medwatch?form=3500"), &rev.cookie).body);
        let month = chrono::Utc::now().format("%b-%Y").to_string();
        assert!(page.contains(&format!("Date of death: {month} (month only: Canary stores no day).")), "death told in a follow-up");
        let summary = lines(&app.get_with_cookie(&format!("/review/{withdrawal}/poison-center"), &rev.cookie).body);
        consistent(&summary);
        assert!(value(&summary, "Medical outcome (NPDS)").starts_with("Death"), "the follow-up's death is the outcome");

        let sheet = items(&app.get_with_cookie(&format!("/review/{death}/medwatch?form=3500"), &rev.cookie).body);
        let b2 = item(&sheet, "B2");
        assert!(b2.checks.iter().any(|(l, t)| l == "Death" && *t));
        let page = unescape(&app.get_with_cookie(&format!("/review/{death}/medwatch?form=3500"), &rev.cookie).body);
        assert!(page.contains(&format!("Date of death: {month} (month only: Canary stores no day).")), "death month missing");
        assert_eq!(answer(&sheet, "D7"), "Unknown (the reporter did not know)");
    };
}
