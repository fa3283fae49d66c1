//! E2B C.1.10.r: once a reviewer links a duplicate to its master, the
//! duplicate's file names the master's case id and the master's file names
//! each duplicate (both schema-valid).

use canary::auth::Role;

use crate::export_e2b::{decide, e2b_env, post, staff, submit_with, xmllint};
use crate::helpers::*;

/// The C.1.10.r case ids in an E2B file.
fn linked_ids(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| {
            n.tag_name().name() == "id"
                && n.attribute("root") == Some("2.16.840.1.113883.3.989.2.1.3.2")
        })
        .filter(|n| {
            n.ancestors()
                .any(|a| a.tag_name().name() == "relatedInvestigation")
        })
        .filter_map(|n| n.attribute("extension").map(str::to_owned))
        .collect()
}

both_backends! {
    a_linked_duplicate_and_its_master_name_each_other_in_c_1_10 => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let master = submit_with(&app, |_| {});
        let duplicate = submit_with(&app, |_| {});
        for case in [&master, &duplicate] {
            decide(&app, &rev, case, "15-day", "Serious and unexpected.");
        }
        let before = app.get_with_cookie(&format!("/review/{duplicate}/export/e2b.xml"), &rev.cookie);
        assert_eq!(before.status, 200, "{}", before.body);
        assert!(linked_ids(&before.body).is_empty(), "nothing linked yet");
        let linked = post(&app, &rev, &format!("/review/{duplicate}/duplicates"), &[("action", "link"), ("other", &master), ("reason", "Same story sent twice.")]);
        assert_eq!(linked.status, 303, "{}", linked.body);
        let dir = tempfile::tempdir().unwrap();
        for (case, other) in [(&duplicate, &master), (&master, &duplicate)] {
            let resp = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
            assert_eq!(resp.status, 200, "{}", resp.body);
            assert_eq!(linked_ids(&resp.body), vec![format!("US-CANARYTEST-{other}")], "{case}");
            let path = dir.path().join(format!("{case}.xml"));
            std::fs::write(&path, &resp.body).unwrap();
            xmllint(&path);
        }
    };
}
