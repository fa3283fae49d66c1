//! Completeness guidance on the check-your-answers page: a sparse report
//! lists what a regulator or poison center would miss, each with a Change
//! button that opens the form at that answer; it never blocks sending and
//! is not repeated once seen; a complete report shows none of it.

use crate::helpers::*;

const HEADING: &str = "Answers that would make your report more useful";
const LEFT: &str = "Some answers we suggested before are still empty.";

/// The answers a reporter can leave at "Don't know" and still send.
fn sparse(token: &str, idem: &str) -> Vec<(String, String)> {
    [
        ("token", token),
        ("idem", idem),
        ("products", "1"),
        ("kind", "reaction"),
        ("reporter", "self"),
        ("age_group", "unknown"),
        ("sex", "unknown"),
        ("country", "US"),
        ("p0_role", "suspect"),
        ("p0_substance", "7oh"),
        ("p0_form", "unknown"),
        ("p0_route", "unknown"),
        ("sym_vomiting", "on"),
        ("current_state", "unknown"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Every hidden input of a page, as the browser would send it back.
fn hidden_fields(body: &str) -> Vec<(String, String)> {
    body.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|s| {
            let (name, rest) = s.split_once("\" value=\"")?;
            Some((name.to_owned(), unescape(rest.split('"').next()?)))
        })
        .collect()
}

/// The (action, path, fragment, label) of each Change button in the guidance.
fn guidance_buttons(body: &str) -> Vec<(String, String, String, String)> {
    let Some(start) = body.find("id=\"guidance-h\"") else {
        return vec![];
    };
    let end = body[start..].find("</section>").unwrap() + start;
    body[start..end]
        .split("name=\"action\" value=\"")
        .skip(1)
        .map(|s| {
            let action = s.split('"').next().unwrap().to_owned();
            let target = s.split("formaction=\"").nth(1).unwrap();
            let target = target.split('"').next().unwrap();
            let (path, fragment) = target.split_once('#').unwrap();
            let label = s.split("visually-hidden\">: ").nth(1).unwrap();
            let label = unescape(label.split('<').next().unwrap());
            (action, path.to_owned(), fragment.to_owned(), label)
        })
        .collect()
}

both_backends! {
    a_sparse_report_lists_what_is_missing_and_still_submits => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = sparse(&token, &idem);
        set(&mut form, "action", "check");
        let check = app.post_form("/report", &form);
        assert_eq!(check.status, 200, "{}", errors_in(&check.body));
        let text = unescape(&check.body);
        assert!(text.contains(HEADING));
        assert!(!text.contains(LEFT), "nothing was shown before");

        let buttons = guidance_buttons(&check.body);
        let labels: Vec<&str> = buttons.iter().map(|b| b.3.as_str()).collect();
        assert_eq!(
            labels,
            [
                "The person's age, age group or sex",
                "Product 1: its form (capsules, powder, a liquid shot…)",
                "Product 1: how much was taken each time",
                "How long after a dose the problem started",
                "How the person is now (for example, recovered or getting better)",
            ]
        );
        let minimum = text.find("Needed for a complete report:").unwrap();
        let useful = text.find("Also very helpful:").unwrap();
        let patient = text.find("<span>The person's age, age group or sex</span>").unwrap();
        let product = text.find("<span>Product 1: its form").unwrap();
        assert!(minimum < patient && patient < useful && useful < product, "the minimum elements come first");

        // Each Change button opens the form, every answer kept, with the
        // field it names on the page for the fragment to land on.
        let carried = hidden_fields(&check.body);
        for (action, path, fragment, label) in &buttons {
            let mut edit = carried.clone();
            set(&mut edit, "action", action);
            let page = app.post_form(path, &edit);
            assert_eq!(page.status, 200, "{label}");
            assert!(page.body.contains(&format!("id=\"{fragment}\"")), "{label}: #{fragment} is on the form");
            assert_eq!(hidden(&page.body, "token").as_deref(), Some(token.as_str()));
            assert!(page.body.contains("name=\"p0_substance\"") && page.body.contains("<option value=\"7oh\" selected>"), "{label}: answers kept");
        }

        // Back on the form the reporter gives the sex and adds a second
        // product: the next check page names only the new product's gaps and
        // sums up the rest in one line.
        let mut edit = carried.clone();
        set(&mut edit, "action", "edit:person");
        let page = app.post_form("/report", &edit);
        let seen = hidden(&page.body, "guidance_seen").expect("what was shown travels with the form");
        assert!(seen.contains("patient") && seen.contains("amount0"), "{seen}");
        let mut again = carried.clone();
        set(&mut again, "sex", "female");
        set(&mut again, "products", "2");
        for (k, v) in [("p1_role", "suspect"), ("p1_substance", "kratom_leaf"), ("p1_form", "unknown"), ("p1_route", "unknown")] {
            set(&mut again, k, v);
        }
        set(&mut again, "action", "check");
        let second = app.post_form("/report", &again);
        assert_eq!(second.status, 200, "{}", errors_in(&second.body));
        let labels: Vec<String> = guidance_buttons(&second.body).into_iter().map(|b| b.3).collect();
        assert_eq!(labels, ["Product 2: its form (capsules, powder, a liquid shot…)", "Product 2: how much was taken each time"]);
        let text = unescape(&second.body);
        assert!(text.contains(LEFT));
        assert!(!text.contains("Product 1: how much"), "not asked twice");

        // A third look: nothing new, one short line, no list.
        let third = app.post_form("/report", &hidden_fields(&second.body).into_iter().chain([("action".to_owned(), "check".to_owned())]).collect::<Vec<_>>());
        let text = unescape(&third.body);
        assert!(!text.contains(HEADING));
        assert!(text.contains(LEFT));

        // Never blocking: the sparse report is sent as it is.
        let (case, _) = app.submit(&carried);
        assert!(case.starts_with("CAN-"), "{case}");
        assert_eq!(app.report_count(), 1);
    };

    a_complete_report_shows_no_guidance => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let (token, idem) = app.fresh_form();
        let mut form = full_report(&token, &idem);
        set(&mut form, "action", "check");
        let check = app.post_form("/report", &form);
        assert_eq!(check.status, 200, "{}", errors_in(&check.body));
        let text = unescape(&check.body);
        assert!(text.contains("Check your answers"));
        assert!(!text.contains(HEADING));
        assert!(!text.contains(LEFT));
        assert_eq!(hidden(&check.body, "guidance_seen"), None);
    };
}
