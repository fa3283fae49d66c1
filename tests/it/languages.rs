//! The reporter pages in Spanish: every page and re-render asked for with
//! Accept-Language: es shows no English from the English catalogue (nor any
//! English error message), and the language link keeps the choice in a
//! cookie without JavaScript.

use canary::i18n::CATALOGUES;

use crate::helpers::*;

/// Catalogue keys whose English may stand on a Spanish page: the link back
/// to English is written in English on purpose, and two place names are
/// part of their Spanish names ("Myanmar (Birmania)", "Islas Pitcairn").
const SHOWN_IN_ENGLISH: &[&str] = &["language_name", "switch_to", "c_mm", "c_pn"];

/// A request with a language and optional cookie; redirects are not followed.
fn call(
    app: &TestApp,
    path: &str,
    accept: &str,
    cookie: Option<&str>,
    form: Option<&[(String, String)]>,
) -> Resp {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let mut req = match form {
        Some(_) => agent
            .post(&app.url(path))
            .set("Content-Type", "application/x-www-form-urlencoded"),
        None => agent.get(&app.url(path)),
    }
    .set("Accept-Language", accept);
    if let Some(c) = cookie {
        req = req.set("Cookie", c);
    }
    let result = match form {
        Some(f) => req.send_string(&encode(f)),
        None => req.call(),
    };
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("request failed: {e}"),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .map(|n| (n.to_ascii_lowercase(), response.all(&n).join(", ")))
        .collect();
    Resp {
        status,
        headers,
        body: response.into_string().unwrap_or_default(),
    }
}

/// What a reader sees: text between tags, and the labels in attributes.
fn page_text(body: &str) -> String {
    let attrs = regex::Regex::new(r#"(?:aria-label|label|title|alt|placeholder)="([^"]*)""#)
        .expect("regex");
    let mut text: Vec<String> = attrs.captures_iter(body).map(|c| c[1].to_owned()).collect();
    let tags = regex::Regex::new(r"(?s)<[^>]*>").expect("regex");
    text.push(tags.replace_all(body, " \n ").into_owned());
    unescape(&text.join(" \n "))
}

/// Pieces of English that must not appear on a Spanish page: every English
/// catalogue text (split at `{n}`) that Spanish words differently.
fn english_pieces() -> Vec<&'static str> {
    let (en, es) = (&CATALOGUES[0], CATALOGUES.iter().find(|c| c.code == "es"));
    let es = es.expect("an es catalogue");
    let mut pieces = Vec::new();
    for (i, key) in en.keys.iter().enumerate() {
        if SHOWN_IN_ENGLISH.contains(key) || en.values[i] == es.values[i] {
            continue;
        }
        for piece in en.values[i].split("{n}") {
            let piece = piece.trim_matches(|c: char| c.is_whitespace() || ":.,()".contains(c));
            if piece.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                pieces.push(piece);
            }
        }
    }
    pieces
}

/// `piece` as whole words somewhere in `text`.
fn has_words(text: &str, piece: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '\'');
    text.match_indices(piece).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + piece.len()..].chars().next();
        (!word(piece.chars().next()) || !word(before))
            && (!word(piece.chars().next_back()) || !word(after))
    })
}

/// Fails with every English piece found on a Spanish page.
fn assert_spanish(name: &str, resp: &Resp, also: &[String]) {
    assert!(
        resp.body.contains("<html lang=\"es\">"),
        "{name}: <html lang=\"es\">"
    );
    let text = page_text(&resp.body);
    let found: Vec<&str> = english_pieces()
        .into_iter()
        .chain(also.iter().map(String::as_str))
        .filter(|p| has_words(&text, p))
        .collect();
    assert!(
        found.is_empty(),
        "{name} (status {}) shows English: {found:?}",
        resp.status
    );
}

/// The error messages of a page, for checking that none stays English.
fn messages(body: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?s)<p class="error"[^>]*>.*?</span>(.*?)</p>"#).expect("regex");
    let mut found: Vec<String> = re
        .captures_iter(body)
        .map(|c| unescape(c[1].trim()))
        .collect();
    found.extend(
        errors_in(body)
            .split(" | ")
            .filter_map(|e| e.split_once("\">").map(|(_, m)| unescape(m))),
    );
    found.retain(|m| !m.is_empty());
    found
}

/// A complete report whose free text is in Spanish (free text is stored and
/// shown as typed), with a phone number for the scrubber to remove.
fn spanish_report(token: &str, idem: &str) -> Vec<(String, String)> {
    let mut fields = full_report(token, idem);
    for (name, value) in [
        ("health_conditions", "Dolor de espalda"),
        ("medicines", "Sertralina 50 mg"),
        ("rx_stopped_which", "Buprenorfina"),
        ("p0_brand", "Marca Uno"),
        ("p1_brand", "Marca Dos"),
        ("co_used_other", "bebidas energéticas"),
        ("symptoms_other", "No paraba de bostezar"),
        ("other_treatment", "Suero y clonidina"),
        (
            "narrative",
            "Dejó las tabletas y no pudo dormir. Llámeme al 555-234-5678.",
        ),
    ] {
        set(&mut fields, name, value);
    }
    fields
}

fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = fields.to_vec();
    for (k, v) in changes {
        set(&mut fields, k, v);
    }
    fields
}

both_backends! {
    every_reporter_page_in_spanish_has_no_english => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let es = "es-MX,es;q=0.9,en;q=0.5";
        let get = |path: &str| call(&app, path, es, None, None);
        for path in ["/", "/privacy", "/report", "/follow-up", "/report/thanks"] {
            let page = get(path);
            assert_eq!(page.status, 200, "{path}");
            assert_spanish(path, &page, &[]);
        }

        let (token, idem) = app.fresh_form();
        let base = vec![("token".to_owned(), token.clone()), ("idem".to_owned(), idem.clone())];
        let full = spanish_report(&token, &idem);
        let long = "a".repeat(5001);
        // Re-renders with errors: the same request in English names the
        // messages that must not stay English.
        let refused: Vec<(&str, Vec<(String, String)>)> = vec![
            ("empty form", with(&base, &[("action", "check")])),
            ("values out of range", with(&base, &[
                ("action", "check"), ("kind", "bogus"), ("age", "300"), ("weight", "x"),
                ("weight_unit", "kg"), ("zip3", "12345"), ("rx_stopped_month", "2099-01"),
                ("p0_substance", "other"), ("p0_form", "capsule"), ("p0_route", "swallowed"),
                ("p0_strength", "-1"), ("p0_amount", "2"), ("p0_doses_per_day", "500"),
                ("p0_used_for", "x"), ("p0_used_for_unit", "days"), ("p0_last_use", "1800-01"),
                ("lasted", "5"), ("onset", "junio"), ("onset_after", "99999"),
                ("onset_after_unit", "hours"), ("narrative", long.as_str()),
            ])),
            ("more values", with(&full, &[
                ("action", "check"), ("age", ""), ("age_group", ""), ("weight", "5000"),
                ("zip3", "12"), ("p0_amount", "0"), ("p0_strength", "0"), ("p1_substance", ""),
            ])),
            ("characters refused", with(&full, &[
                ("action", "check"), ("p0_reason_text", "dolor\nde espalda"), ("p0_lot", "a\u{202E}b"),
                ("p1_brand", "a\u{7}b"),
            ])),
            ("answers that disagree", with(&full, &[
                ("action", "check"), ("sex", "male"), ("pregnancy", "yes"), ("age_group", "under_2"),
                ("out_death", "on"), ("care_none", "on"), ("p0_reason_not_said", "on"),
                ("region", "MX-JAL"), ("naloxone", ""), ("out_disability", "on"),
                ("current_state", "recovered"), ("out_birth_defect", "on"),
                ("p1_substance_other", "otra"),
            ])),
            ("no care but hospital", with(&full, &[
                ("action", "check"), ("care_emergency", ""), ("care_admitted", ""), ("care_none", "on"),
                ("rx_stopped", ""), ("pregnancy", "no"), ("out_birth_defect", "on"),
            ])),
        ];
        for (name, fields) in &refused {
            let english = call(&app, "/report", "en", None, Some(fields));
            let page = call(&app, "/report", es, None, Some(fields));
            assert!(matches!(page.status, 400 | 422), "{name}: {}", page.status);
            let english_messages = messages(&english.body);
            assert!(!english_messages.is_empty(), "{name}: no messages");
            assert_spanish(name, &page, &english_messages);
        }

        let added = call(&app, "/report", es, None, Some(&with(&full, &[("action", "add_product")])));
        assert!(added.body.contains("Quitar el producto 3"), "three products now");
        assert_spanish("add a product", &added, &[]);
        let check = call(&app, "/report", es, None, Some(&with(&full, &[("action", "check")])));
        assert_eq!(check.status, 200, "{}", errors_in(&check.body));
        assert!(check.body.contains("un número de teléfono"), "what the scrubber removed");
        assert_spanish("check page", &check, &[]);

        // Answers a regulator would need, missing: the completeness guidance,
        // then (once shown) its one-line reminder.
        let gaps = with(&full, &[
            ("action", "check"), ("age", ""), ("age_group", "unknown"), ("sex", "unknown"),
            ("p0_form", "unknown"), ("p0_amount", ""), ("p0_amount_unit", ""), ("last_dose", ""),
            ("last_dose_unit", ""), ("onset_after", ""), ("onset_after_unit", ""),
            ("current_state", "unknown"), ("p0_role", "co_used"),
        ]);
        let guided = call(&app, "/report", es, None, Some(&gaps));
        assert_eq!(guided.status, 200, "{}", errors_in(&guided.body));
        assert!(guided.body.contains("id=\"guidance\""), "the guidance is shown");
        assert_spanish("check page with guidance", &guided, &[]);
        let seen = hidden(&guided.body, "guidance_seen").unwrap_or_default();
        let again = call(&app, "/report", es, None, Some(&with(&gaps, &[("guidance_seen", seen.as_str())])));
        assert!(again.body.contains("id=\"guidance\""), "the reminder is shown");
        assert_spanish("check page with the guidance reminder", &again, &[]);

        let sent = call(&app, "/report", es, None, Some(&with(&full, &[("action", "submit")])));
        assert_eq!(sent.status, 303, "{}", errors_in(&sent.body));
        let receipt_cookie = sent.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        let receipt = call(&app, "/report/receipt", es, Some(&receipt_cookie), None);
        assert_spanish("receipt", &receipt, &[]);
        let case = element_text(&receipt.body, "case-number").unwrap();
        let code = element_text(&receipt.body, "followup-code").unwrap();
        let again = call(&app, "/report/receipt", es, None, None);
        assert!(again.body.contains("Este recibo ya se mostró"));
        assert_spanish("receipt shown before", &again, &[]);
        let (_, other_idem) = app.fresh_form();
        let fresh = with(&full, &[("action", "submit"), ("idem", other_idem.as_str())]);
        let spent = call(&app, "/report", es, None, Some(&fresh));
        let spent_en = call(&app, "/report", "en", None, Some(&fresh));
        assert_eq!(spent.status, 409);
        assert_spanish("form already used", &spent, &messages(&spent_en.body));

        let open = |code: &str, lang: &str| call(&app, "/follow-up", lang, None, Some(&[
            ("case".to_owned(), case.clone()), ("code".to_owned(), code.to_owned()),
            ("action".to_owned(), "open".to_owned()),
        ]));
        let wrong_code = if code.starts_with('A') { code.replacen('A', "B", 1) } else { format!("A{}", &code[1..]) };
        let wrong = open(&wrong_code, es);
        assert_eq!(wrong.status, 403);
        assert_spanish("wrong code", &wrong, &["We could not find a report".to_owned()]);
        let case_page = open(&code, es);
        assert_eq!(case_page.status, 200);
        assert!(case_page.body.contains(&format!("Caso {case}")));
        assert_spanish("case page", &case_page, &[]);
        let add = |narrative: &str, state: &str, idem: String| call(&app, "/follow-up", es, None, Some(&[
            ("case".to_owned(), case.clone()), ("code".to_owned(), code.clone()),
            ("idem".to_owned(), idem), ("action".to_owned(), "add".to_owned()),
            ("current_state".to_owned(), state.to_owned()), ("narrative".to_owned(), narrative.to_owned()),
        ]));
        let empty = add("", "", hidden(&case_page.body, "idem").unwrap());
        assert_eq!(empty.status, 422);
        assert_spanish("empty follow-up", &empty, &["Write what you would like to add".to_owned()]);
        let done = add("Ya duerme bien.", "recovered", hidden(&case_page.body, "idem").unwrap());
        assert!(done.body.contains("Su nueva información se agregó al reporte."));
        assert!(done.body.contains("Se recuperó. Ya duerme bien."), "earlier follow-ups listed");
        assert_spanish("follow-up added", &done, &[]);
    };

    the_language_link_sets_a_cookie_and_works_without_javascript => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let form = app.get("/report");
        assert!(form.body.contains("<html lang=\"en\">"));
        assert!(form.body.contains("href=\"/language/es?back=/report\""), "a plain link to Spanish");

        let switched = app.get("/language/es?back=/report");
        assert_eq!(switched.status, 303);
        assert_eq!(switched.header("location"), Some("/report"));
        let cookie = switched.header("set-cookie").unwrap();
        assert!(cookie.starts_with("canary-lang=es;"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");

        // The cookie wins over the browser's language, both ways.
        let spanish = call(&app, "/report", "en-US,en", Some("canary-lang=es"), None);
        assert!(spanish.body.contains("<html lang=\"es\">"));
        assert!(spanish.body.contains("Reporte una mala reacción"));
        assert!(spanish.body.contains("href=\"/language/en?back=/report\""), "and a link back");
        let english = call(&app, "/", "es", Some("canary-lang=en"), None);
        assert!(english.body.contains("<html lang=\"en\">"));
        assert_eq!(app.get("/language/en").header("set-cookie").map(|c| c.starts_with("canary-lang=en;")), Some(true));

        // Only Canary's own reporter pages are gone back to; unknown languages are not found.
        assert_eq!(app.get("/language/es?back=https://example.com/").header("location"), Some("/"));
        assert_eq!(app.get("/language/es?back=//example.com").header("location"), Some("/"));
        assert_eq!(app.get("/language/xx").status, 404);

        // Staff pages stay English whatever the reporter chose.
        let login = call(&app, "/staff/login", "es", Some("canary-lang=es"), None);
        assert!(login.body.contains("<html lang=\"en\">"));
        assert!(!login.body.contains("/language/"), "no language link on staff pages");
    };

    error_pages_follow_the_reporters_language_and_staff_read_spanish_reports_in_english => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        // A page that does not exist, and a form the server cannot read, in Spanish.
        let missing = call(&app, "/no-such-page", "es", None, None);
        assert_eq!(missing.status, 404);
        assert_spanish("404 page", &missing, &[]);
        assert!(missing.body.contains("Página no encontrada"), "{}", missing.body);
        let (token, idem) = app.fresh_form();
        let mut twice = full_report(&token, &idem);
        twice.push(("narrative".into(), "otra vez".into()));
        let unreadable = call(&app, "/report", "es", Some("canary-lang=es"), Some(&twice));
        assert_eq!(unreadable.status, 400);
        assert_spanish("400 page", &unreadable, &["twice".to_owned()]);
        assert!(unreadable.body.contains("dos veces"), "{}", unreadable.body);

        // A report sent from the Spanish form reaches the reviewer with English
        // labels and the reporter's Spanish words as typed.
        let (token, idem) = app.fresh_form();
        let fields = with(&spanish_report(&token, &idem), &[("action", "submit")]);
        let sent = call(&app, "/report", "es", Some("canary-lang=es"), Some(&fields));
        assert_eq!(sent.status, 303, "{}", errors_in(&sent.body));
        let receipt_cookie = sent.header("set-cookie").expect("receipt cookie");
        let receipt_cookie = receipt_cookie.split(';').next().unwrap_or_default();
        let receipt = app.get_with_cookie("/report/receipt", &format!("{receipt_cookie}; canary-lang=es"));
        let case = element_text(&receipt.body, "case-number").expect("case number");
        let reviewer = crate::review::staff(&app, "reviewer@example.org", canary::auth::Role::Reviewer);
        // Staff error pages stay English whatever the browser asks for.
        let both = format!("{}; canary-lang=es", reviewer.cookie);
        let staff_missing = call(&app, "/review/CAN-2000-999999", "es", Some(&both), None);
        assert_eq!(staff_missing.status, 404);
        assert!(staff_missing.body.contains("<html lang=\"en\">") && staff_missing.body.contains("Page not found"));
        let page = app.get_with_cookie(&format!("/review/{case}"), &reviewer.cookie);
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<html lang=\"en\">"));
        assert!(page.body.contains("Dejó las tabletas y no pudo dormir."), "the narrative as typed");
        assert!(!page.body.contains("555-234-5678"), "scrubbed");
        assert!(page.body.contains("Dolor de espalda"));
        for label in ["What happened, in your words", "Health conditions"] {
            assert!(page.body.contains(label), "English label {label:?} on the staff page");
        }
    };
}
