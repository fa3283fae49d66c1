//! The operator's MedDRA release, with the FICTIONAL release under
//! tests/fixtures/meddra-fictional (invented codes in the MedAscii layout):
//! `canary meddra import` refuses a broken release naming file and line and
//! leaves the database as it was, keeps versions side by side with one
//! active; reviewers find LLTs by words (PT and SOC beside each, non-current
//! ones never offered), choose one without JavaScript, and get suggestions;
//! without a release no code can be saved and E2B is marked not submittable.

use std::path::{Path, PathBuf};

use canary::auth::Role;
use canary::db::assessment;

use crate::export_e2b::{e2b_env, post, staff, submit_with, Who};
use crate::helpers::*;
use crate::staff_helpers::*;

pub const FICTIONAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/meddra-fictional"
);

/// Import the fictional release (version 99.0) into `db`.
pub fn import_fictional(db: &TestDb) {
    let out = canary(
        db,
        &["meddra", "import", FICTIONAL, "--version", "99.0"],
        "",
    );
    assert!(out.status.success(), "import: {}", text(&out.stderr));
}

/// The fictional code of the LLT named `name`.
pub fn fictional_code(name: &str) -> String {
    let text =
        String::from_utf8_lossy(&std::fs::read(Path::new(FICTIONAL).join("llt.asc")).unwrap())
            .into_owned();
    text.lines()
        .map(|l| l.split('$').collect::<Vec<_>>())
        .find(|f| f[1] == name)
        .map(|f| f[0].to_owned())
        .unwrap_or_else(|| panic!("no fictional LLT {name:?}"))
}

/// A copy of the fictional release with `file` changed by `edit`.
fn broken_copy(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(FICTIONAL).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let target = dir.path().join(file);
    let text = String::from_utf8_lossy(&std::fs::read(&target).unwrap()).into_owned();
    std::fs::write(&target, edit(text)).unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn code_row(app: &TestApp, who: &Who, case: &str, meddra: &str) -> Resp {
    post(
        app,
        who,
        &format!("/review/{case}/reactions"),
        &[
            ("rows", "1"),
            ("r0_source", "symptom:seizure"),
            ("r0_term", "seizure"),
            ("r0_meddra", meddra),
            ("reason", "Seizure is what the reporter ticked."),
        ],
    )
}

both_backends! {
    a_release_is_imported_refused_when_broken_and_kept_beside_others => |backend| {
        // Only `serve`, `generate` and `user add` create a database.
        let app = TestApp::spawn(backend).unwrap();
        let db = &app.db;
        let (_keep, bad_pt) = broken_copy("llt.asc", |t| t.replacen("$99300000$$", "$99399999$$", 1));
        let out = canary(db, &["meddra", "import", bad_pt.to_str().unwrap(), "--version", "99.0"], "");
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(err.contains("llt.asc line 1: the LLT's PT 99399999 is not in pt.asc"), "{err}");
        let (_keep2, short) = broken_copy("pt.asc", |t| t.replacen("$$\r\n", "$\r\n", 1));
        let err = text(&canary(db, &["meddra", "import", short.to_str().unwrap()], "").stderr);
        assert!(err.contains("pt.asc line 1: 10 fields where 11 were expected"), "{err}");
        let (_keep3, missing) = broken_copy("hlt_pt.asc", |t| t);
        std::fs::remove_file(missing.join("mdhier.asc")).unwrap();
        let err = text(&canary(db, &["meddra", "import", missing.to_str().unwrap()], "").stderr);
        assert!(err.contains("mdhier.asc: cannot be read"), "{err}");
        let status = text(&canary(db, &["meddra", "status"], "").stdout);
        assert!(status.contains("no MedDRA release is imported"), "a refused import leaves nothing: {status}");

        let err = text(&canary(db, &["meddra", "import", FICTIONAL, "--version", "98.0"], "").stderr);
        assert!(err.contains("the release says version 99.0, but --version says 98.0"), "{err}");
        import_fictional(db);
        let (_keep4, next) = broken_copy("meddra_release.asc", |t| t.replacen("99.0", "99.1", 1));
        let out = canary(db, &["meddra", "import", next.to_str().unwrap()], "");
        let said = text(&out.stdout);
        assert!(said.contains("imported MedDRA 99.1 (180 LLTs, 60 PTs) and made it active"), "{said}");
        let again = canary(db, &["meddra", "import", FICTIONAL], "");
        assert!(!again.status.success() && text(&again.stderr).contains("MedDRA 99.0 is already imported"));
        let status = text(&canary(db, &["meddra", "status"], "").stdout);
        assert!(status.contains("99.0\tinactive\t180 LLTs\t60 PTs"), "{status}");
        assert!(status.contains("99.1\tactive\t180 LLTs"), "{status}");
        assert!(canary(db, &["meddra", "activate", "99.0"], "").status.success());
        let status = text(&canary(db, &["meddra", "status"], "").stdout);
        assert!(status.contains("99.0\tactive") && status.contains("99.1\tinactive"), "{status}");
    };

    a_reviewer_searches_words_and_chooses_a_current_llt => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        import_fictional(&app.db);
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let path = format!("/review/{case}/reactions");
        let first = app.get_with_cookie(&path, &rev.cookie);
        assert!(first.body.contains("Coding uses MedDRA 99.0"), "{}", first.body);
        let tachy = fictional_code("Tachycardia");
        assert!(first.body.contains(&format!(r#"value="{tachy}""#)), "suggested from the release");
        let typo = code_row(&app, &rev, &case, "99388888");
        assert_eq!(typo.status, 422);
        assert!(unescape(&typo.body).contains("99388888 is not an LLT of MedDRA 99.0"), "{}", typo.body);
        let old = code_row(&app, &rev, &case, &fictional_code("Seizure (fictional old wording)"));
        assert!(unescape(&old.body).contains("non-current LLT"), "{}", old.body);
        assert_eq!(code_row(&app, &rev, &case, "").status, 303);

        let found = app.get_with_cookie(&format!("{path}?term=seizure&find=SEIZURE"), &rev.cookie);
        assert_eq!(found.status, 200);
        let body = unescape(&found.body);
        let seizure = fictional_code("Seizure");
        assert!(body.contains(&format!("Seizure ({seizure}); PT: Seizure; SOC: Fictional SOC: nerves")), "{body}");
        assert!(body.contains("Seizure (fictional variant)"), "{body}");
        assert!(!body.contains("fictional old wording"), "non-current LLTs are never offered");
        let none = app.get_with_cookie(&format!("{path}?term=seizure&find=zebra"), &rev.cookie);
        assert!(none.body.contains("id=\"meddra-no-hits\""));

        let variant = fictional_code("Seizure (fictional variant)");
        let missing = post(&app, &rev, &format!("{path}/meddra"), &[("term", "seizure"), ("find", "seizure"), ("llt", &variant), ("pick_reason", "")]);
        assert_eq!(missing.status, 422);
        assert!(unescape(&missing.body).contains(&format!(r#"value="{variant}" checked"#)), "the choice is kept");
        let chosen = post(&app, &rev, &format!("{path}/meddra"), &[("term", "seizure"), ("find", "seizure"), ("llt", &variant), ("pick_reason", "The reporter's words match the variant.")]);
        assert_eq!(chosen.status, 303, "{}", chosen.body);
        let after = unescape(&app.get_with_cookie(&path, &rev.cookie).body);
        assert!(after.contains(&format!("Seizure (fictional variant) ({variant}); PT: Seizure; SOC: Fictional SOC: nerves; MedDRA 99.0")), "{after}");
        let mut conn = app.db.connect();
        let id = canary::db::reports::load_by_case(&mut conn, &canary::ids::CaseNumber::parse(&case).unwrap()).unwrap().unwrap().id;
        let rows = assessment::codings(&mut conn, &id).unwrap();
        assert_eq!(rows[0].meddra_code.as_deref(), Some(variant.as_str()));
        assert_eq!(rows[0].meddra_version.as_deref(), Some("99.0"));
        assert_eq!(rows[0].term, "seizure", "the reporter's term stays the verbatim term");
    };

    without_a_release_no_code_is_saved_and_e2b_is_not_submittable => |backend| {
        let app = TestApp::spawn_with(backend, e2b_env).unwrap();
        let rev = staff(&app, Role::Reviewer);
        let case = submit_with(&app, |_| {});
        let page = app.get_with_cookie(&format!("/review/{case}/reactions"), &rev.cookie);
        assert!(page.body.contains("id=\"meddra-none\""));
        let refused = code_row(&app, &rev, &case, "99300000");
        assert_eq!(refused.status, 422);
        assert!(unescape(&refused.body).contains("No MedDRA release is loaded"), "{}", refused.body);
        assert_eq!(code_row(&app, &rev, &case, "").status, 303);
        crate::export_e2b::decide(&app, &rev, &case, "15-day", "Serious and unexpected.");
        let xml = app.get_with_cookie(&format!("/review/{case}/export/e2b.xml"), &rev.cookie);
        assert_eq!(xml.status, 200, "{}", xml.body);
        assert!(xml.body.contains("NOT SUBMITTABLE"), "{}", &xml.body[..600.min(xml.body.len())]);
        assert!(!xml.body.contains("codeSystemVersion"), "no code, no version, nothing invented");
    };
}
