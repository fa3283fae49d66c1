//! Reading the MedAscii files of a release: `$`-separated records with a
//! trailing `$`, CRLF or LF line ends, Latin-1 (English) or UTF-8. Every
//! record is checked (field count, 8-digit codes, links to known terms) and
//! the first problem is reported with its file and line.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Llt, MeddraVersion, Release, ReleaseError};

/// UTF-8 when the bytes are UTF-8, else Latin-1 (one byte, one char).
pub fn decode(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// One record: its line number and fields.
struct Record {
    line: usize,
    fields: Vec<String>,
}

struct File {
    name: &'static str,
    records: Vec<Record>,
}

impl File {
    fn read(dir: &Path, name: &'static str, fields: usize) -> Result<Self, ReleaseError> {
        let bytes = std::fs::read(dir.join(name))
            .map_err(|e| ReleaseError::new(name, 0, format!("cannot be read ({e})")))?;
        let text = decode(&bytes);
        let mut records = Vec::new();
        for (i, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() {
                continue;
            }
            let Some(body) = line.strip_suffix('$') else {
                return Err(ReleaseError::new(
                    name,
                    i + 1,
                    "the record does not end with $",
                ));
            };
            let parts: Vec<String> = body.split('$').map(str::to_owned).collect();
            if parts.len() != fields {
                return Err(ReleaseError::new(
                    name,
                    i + 1,
                    format!("{} fields where {fields} were expected", parts.len()),
                ));
            }
            records.push(Record {
                line: i + 1,
                fields: parts,
            });
        }
        if records.is_empty() {
            return Err(ReleaseError::new(name, 0, "holds no record"));
        }
        Ok(Self { name, records })
    }

    fn err(&self, r: &Record, problem: impl Into<String>) -> ReleaseError {
        ReleaseError::new(self.name, r.line, problem)
    }

    /// Field `i` of `r` as an 8-digit code.
    fn code(&self, r: &Record, i: usize, what: &str) -> Result<String, ReleaseError> {
        let v = r.fields[i].trim();
        if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(v.to_owned())
        } else {
            Err(self.err(r, format!("the {what} {v:?} is not an 8-digit code")))
        }
    }

    /// Field `i` of `r` as a non-empty name.
    fn name(&self, r: &Record, i: usize, what: &str) -> Result<String, ReleaseError> {
        let v = r.fields[i].trim();
        if v.is_empty() {
            Err(self.err(r, format!("the {what} is empty")))
        } else {
            Ok(v.to_owned())
        }
    }

    /// Codes and names of a term file, refusing duplicates.
    fn terms(&self, what: &str) -> Result<HashMap<String, (String, usize)>, ReleaseError> {
        let mut out = HashMap::new();
        for (n, r) in self.records.iter().enumerate() {
            let code = self.code(r, 0, &format!("{what} code"))?;
            let name = self.name(r, 1, &format!("{what} name"))?;
            if out.insert(code.clone(), (name, n)).is_some() {
                return Err(self.err(r, format!("{what} {code} appears twice")));
            }
        }
        Ok(out)
    }

    /// Check a parent–child link file against the two term sets.
    fn links(
        &self,
        parents: &HashMap<String, (String, usize)>,
        children: &HashMap<String, (String, usize)>,
        (parent, child): (&str, &str),
    ) -> Result<(), ReleaseError> {
        for r in &self.records {
            let p = self.code(r, 0, &format!("{parent} code"))?;
            let c = self.code(r, 1, &format!("{child} code"))?;
            if !parents.contains_key(&p) {
                return Err(self.err(r, format!("{parent} {p} is not in {parent}.asc")));
            }
            if !children.contains_key(&c) {
                return Err(self.err(r, format!("{child} {c} is not in {child}.asc")));
            }
        }
        Ok(())
    }
}

/// Read and check the release in `dir`.
pub fn read_release(dir: &Path, version: MeddraVersion) -> Result<Release, ReleaseError> {
    let soc = File::read(dir, "soc.asc", 10)?;
    let hlgt = File::read(dir, "hlgt.asc", 9)?;
    let hlt = File::read(dir, "hlt.asc", 9)?;
    let pt = File::read(dir, "pt.asc", 11)?;
    let llt = File::read(dir, "llt.asc", 11)?;
    let soc_hlgt = File::read(dir, "soc_hlgt.asc", 2)?;
    let hlgt_hlt = File::read(dir, "hlgt_hlt.asc", 2)?;
    let hlt_pt = File::read(dir, "hlt_pt.asc", 2)?;
    let mdhier = File::read(dir, "mdhier.asc", 12)?;

    let socs = soc.terms("soc")?;
    let hlgts = hlgt.terms("hlgt")?;
    let hlts = hlt.terms("hlt")?;
    let pts = pt.terms("pt")?;
    for r in &pt.records {
        let s = pt.code(r, 3, "primary SOC code")?;
        if !socs.contains_key(&s) {
            return Err(pt.err(r, format!("the primary SOC {s} is not in soc.asc")));
        }
    }
    soc_hlgt.links(&socs, &hlgts, ("soc", "hlgt"))?;
    hlgt_hlt.links(&hlgts, &hlts, ("hlgt", "hlt"))?;
    hlt_pt.links(&hlts, &pts, ("hlt", "pt"))?;

    let mut primary: HashMap<String, String> = HashMap::new();
    for r in &mdhier.records {
        let p = mdhier.code(r, 0, "PT code")?;
        let codes = [
            (mdhier.code(r, 1, "HLT code")?, &hlts, "hlt"),
            (mdhier.code(r, 2, "HLGT code")?, &hlgts, "hlgt"),
            (mdhier.code(r, 3, "SOC code")?, &socs, "soc"),
            (p.clone(), &pts, "pt"),
        ];
        for (code, known, what) in codes {
            if !known.contains_key(&code) {
                return Err(mdhier.err(r, format!("{what} {code} is not in {what}.asc")));
            }
        }
        match r.fields[11].trim() {
            "Y" => {
                let s = mdhier.code(r, 3, "SOC code")?;
                if primary.insert(p.clone(), s).is_some() {
                    return Err(mdhier.err(r, format!("PT {p} has a second primary path")));
                }
            }
            "N" => {}
            other => {
                return Err(mdhier.err(r, format!("primary flag {other:?} is neither Y nor N")))
            }
        }
    }
    if let Some(missing) = pt
        .records
        .iter()
        .map(|r| r.fields[0].trim())
        .find(|c| !primary.contains_key(*c))
    {
        return Err(ReleaseError::new(
            "mdhier.asc",
            0,
            format!("PT {missing} has no primary path (no row flagged Y)"),
        ));
    }

    let mut seen: HashSet<String> = HashSet::with_capacity(llt.records.len());
    let mut llts = Vec::with_capacity(llt.records.len());
    for r in &llt.records {
        let code = llt.code(r, 0, "LLT code")?;
        let name = llt.name(r, 1, "LLT name")?;
        let pt_code = llt.code(r, 2, "PT code")?;
        let Some((pt_name, _)) = pts.get(&pt_code) else {
            return Err(llt.err(r, format!("the LLT's PT {pt_code} is not in pt.asc")));
        };
        let current = match r.fields[9].trim() {
            "Y" => true,
            "N" => false,
            other => {
                return Err(llt.err(r, format!("currency {other:?} is neither Y nor N")));
            }
        };
        if !seen.insert(code.clone()) {
            return Err(llt.err(r, format!("LLT {code} appears twice")));
        }
        let soc_code = primary.get(&pt_code).cloned().unwrap_or_default();
        let soc_name = socs.get(&soc_code).map(|s| s.0.clone()).unwrap_or_default();
        llts.push(Llt {
            code,
            name,
            pt_code,
            pt_name: pt_name.clone(),
            soc_code,
            soc_name,
            current,
        });
    }
    Ok(Release {
        version,
        llts,
        pt_count: pts.len(),
    })
}
