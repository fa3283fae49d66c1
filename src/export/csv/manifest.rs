//! The manifest closing every analyst ZIP: `manifest.json` and
//! `manifest.txt` with the SHA-256, size and row count of each file, the
//! profile, the filter, when it was generated and by which Canary version.
//! The hash lines of `manifest.txt` are in `sha256sum` format.

use std::io::Write;

use super::profile::Profile;
use super::request::Request;
use super::zip::{Member, ZipOut};
use super::WriteError;

#[derive(Debug, serde::Serialize)]
pub struct Manifest<'a> {
    pub canary_version: &'static str,
    pub generated_at: String,
    pub profile: &'static str,
    pub deidentification: &'static str,
    pub filter: String,
    pub reports: u64,
    /// Narratives and follow-up texts left out because no reviewer had confirmed them.
    pub unconfirmed_narratives_left_out: u64,
    pub files: &'a [Member],
}

pub fn deidentification(profile: Profile) -> &'static str {
    match profile {
        Profile::SafeHarbor => "HIPAA Safe Harbor (45 CFR 164.514(b)(2)): years only, 90+, restricted ZIP3 as 000; free text only from reviewer-confirmed narratives, scrubbed again with the current scrubber, dates in text reduced to the year and ages over 89 as 90 or older",
        Profile::CaseProcessing => "NOT Safe Harbor de-identified: month-precision dates, for public-health authorities",
    }
}

/// Write both manifest files and close the archive.
pub fn finish<W: Write>(
    mut zip: ZipOut<W>,
    req: &Request,
    reports: u64,
    left_out: u64,
) -> Result<W, WriteError> {
    let members = zip.members.clone();
    let manifest = Manifest {
        canary_version: env!("CARGO_PKG_VERSION"),
        generated_at: req.generated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        profile: req.profile.code(),
        deidentification: deidentification(req.profile),
        filter: req.filter_text(),
        reports,
        unconfirmed_narratives_left_out: left_out,
        files: &members,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| WriteError::Io(e.into()))?;
    let mut txt = format!(
        "Canary analyst export\ncanary_version: {}\ngenerated_at: {}\nprofile: {}\ndeidentification: {}\nfilter: {}\nreports: {}\nunconfirmed narratives left out: {}\n\n",
        manifest.canary_version,
        manifest.generated_at,
        manifest.profile,
        manifest.deidentification,
        manifest.filter,
        reports,
        left_out
    );
    for m in &members {
        let rows = m.rows.map(|r| format!(", {r} rows")).unwrap_or_default();
        txt.push_str(&format!("# {}: {} bytes{rows}\n", m.file, m.bytes));
    }
    txt.push('\n');
    for m in &members {
        txt.push_str(&format!("{}  {}\n", m.sha256, m.file));
    }
    zip.small("manifest.json", &json, None)?;
    zip.small("manifest.txt", txt.as_bytes(), None)?;
    Ok(zip.finish()?)
}
