//! The analyst CSVs as an analyst's own tool reads them: every file of the
//! ZIP and the CAERS-shaped CSV loaded with pandas' `read_csv(path)` and
//! its default type inference (pandas in a venv found through
//! CANARY_PANDAS_PYTHON, made by scripts/test): ZIP areas keep their
//! leading zeros, ages are numbers, MedDRA codes stay identifiers, every
//! column is in the codebook and the codebook has no other, the CAERS
//! CSV carries the coded reactions' preferred terms, and the
//! reviewer's WHO-UMC and Naranjo assessment is in causality.csv.

use std::path::Path;

use canary::auth::Role;
use serde_json::Value;

use crate::export_csv::{download_from, unzip};
use crate::export_e2b::{code_and_assess, staff, submit_with};
use crate::helpers::*;
use crate::review::Signed;

fn python() -> String {
    std::env::var("CANARY_PANDAS_PYTHON").unwrap_or_else(|_| "/opt/canary-pandas/bin/python".into())
}

/// Load every CSV in `dir` with `pandas.read_csv(path)` (no options) and
/// describe it: columns, dtypes and the rows as text.
const LOAD: &str = r#"
import json, sys, pathlib, pandas
out = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.csv")):
    df = pandas.read_csv(path)
    out[path.stem] = {
        "columns": list(df.columns),
        "dtypes": {c: str(t) for c, t in df.dtypes.items()},
        "rows": json.loads(df.to_json(orient="records")),
    }
print(json.dumps(out))
"#;

fn load(dir: &Path) -> Value {
    let py = python();
    let out = std::process::Command::new(&py)
        .arg("-c")
        .arg(LOAD)
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("{py} (pandas venv, made by scripts/test) cannot run: {e}"));
    assert!(
        out.status.success(),
        "pandas refused the files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn row<'a>(table: &'a Value, key: &str, value: &str) -> &'a Value {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key} = {value}"))
}

both_backends! {
    a_default_pandas_import_keeps_zip3_text_ages_numeric_and_matches_the_codebook => |backend| {
        let app = TestApp::spawn(backend).unwrap();
        let admin = staff(&app, Role::Admin);
        let maine = submit_with(&app, |f| { set(f, "zip3", "044"); set(f, "age", "34"); });
        let old = submit_with(&app, |f| { set(f, "zip3", "036"); set(f, "age", "95"); });
        let child = submit_with(&app, |f| { unset(f, "zip3"); unset(f, "age"); set(f, "age_group", "2_11"); });
        code_and_assess(&app, &admin, &maine);
        let who = Signed { cookie: admin.cookie.clone(), csrf: admin.csrf.clone() };

        for profile in ["case-processing", "safe-harbor"] {
            let (status, _, body) = download_from(&app, &who, "/analysis/export/csv", &[("profile", profile)]);
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
            let dir = tempfile::tempdir().unwrap();
            for (name, data) in unzip(&body).iter().filter(|(n, _)| n.ends_with(".csv")) {
                std::fs::write(dir.path().join(name), data).unwrap();
            }
            let t = load(dir.path());

            // Every column of every table is in the codebook, and nothing else.
            let book = &t["codebook"];
            for name in ["reports", "products", "reactions", "followups", "causality", "signals"] {
                let listed: Vec<&Value> = book["rows"].as_array().unwrap().iter()
                    .filter(|r| r["table"] == name).map(|r| &r["column"]).collect();
                let columns: Vec<&Value> = t[name]["columns"].as_array().unwrap().iter().collect();
                assert_eq!(listed, columns, "{profile}: {name}.csv against the codebook");
            }
            let tables = book["rows"].as_array().unwrap().iter().map(|r| r["table"].as_str().unwrap().to_owned())
                .collect::<std::collections::BTreeSet<_>>();
            assert_eq!(tables.len(), 6, "no codebook entry for a table not in the ZIP: {tables:?}");

            let reports = &t["reports"];
            assert_eq!(reports["dtypes"]["zip3"], "object", "{profile}");
            assert!(reports["dtypes"]["age"].as_str().unwrap().starts_with("float") || reports["dtypes"]["age"].as_str().unwrap().starts_with("int"), "age is numeric: {}", reports["dtypes"]["age"]);
            assert_eq!(reports["dtypes"]["age_group"], "object");
            let m = row(reports, "case_number", &maine);
            assert_eq!(m["zip3"], "044xx", "{profile}: the leading zero survives");
            assert_eq!(&m["zip3"].as_str().unwrap()[..3], "044");
            assert_eq!((m["age"].as_f64(), m["age_group"].as_str()), (Some(34.0), Some("18_64")));
            let o = row(reports, "case_number", &old);
            assert_eq!((o["age"].is_null(), o["age_group"].as_str()), (true, Some("90+")), "no 90+ in the numeric column");
            let expected = if profile == "safe-harbor" { "000xx" } else { "036xx" };
            assert_eq!(o["zip3"], expected);
            let c = row(reports, "case_number", &child);
            assert_eq!((c["age"].is_null(), c["age_group"].as_str(), c["zip3"].is_null()), (true, Some("2_11"), true));

            // The reviewer's coding and causality, as identifiers and numbers.
            let reactions = &t["reactions"];
            assert_eq!(reactions["dtypes"]["meddra_codes"], "object");
            assert!(reactions["rows"].as_array().unwrap().iter().any(|r| r["case_number"] == maine.as_str() && r["meddra_codes"] == format!("LLT:{}", crate::meddra::fictional_code("Seizure")).as_str()));
            let causality = &t["causality"];
            assert_eq!(causality["dtypes"]["naranjo_score"], "int64");
            let a = row(causality, "case_number", &maine);
            assert_eq!((a["product_number"].as_i64(), a["event_term"].as_str()), (Some(1), Some("seizure")));
            assert_eq!((a["who_umc"].as_str(), a["naranjo_score"].as_i64(), a["naranjo_band"].as_str()), (Some("probably-likely"), Some(6), Some("probable")));
            assert_eq!(causality["rows"].as_array().unwrap().len(), 1, "only the assessed product");
        }

        // The CAERS-shaped CSV: FDA's numeric Patient Age, 90+ as 9 decades.
        let (status, _, body) = download_from(&app, &who, "/analysis/export/caers", &[("profile", "safe-harbor")]);
        assert_eq!(status, 200);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("caers.csv"), &body).unwrap();
        let caers = &load(dir.path())["caers"];
        assert!(caers["dtypes"]["Patient Age"].as_str().unwrap().starts_with("float"), "{}", caers["dtypes"]["Patient Age"]);
        let m = row(caers, "Report ID", &maine);
        assert_eq!((m["Patient Age"].as_f64(), m["Age Units"].as_str()), (Some(34.0), Some("Year(s)")));
        // The coded reactions' preferred terms, from the (fictional) release.
        assert_eq!(m["Case MedDRA Preferred Terms"].as_str(), Some("Insomnia, Seizure"));
        let o_terms = &row(caers, "Report ID", &old)["Case MedDRA Preferred Terms"];
        assert!(o_terms.is_null(), "an uncoded case has no preferred terms: {o_terms}");
        let o = row(caers, "Report ID", &old);
        assert_eq!((o["Patient Age"].as_f64(), o["Age Units"].as_str()), (Some(9.0), Some("Decade(s)")));
        let c = row(caers, "Report ID", &child);
        assert_eq!((c["Patient Age"].is_null(), c["Age Units"].as_str()), (true, Some("Not Available")));
    };
}
