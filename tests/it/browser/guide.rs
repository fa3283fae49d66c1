//! The README's screenshots: taken at the key steps of each role's walk,
//! checked as a PNG picture of the whole viewport with something on it, and
//! written to docs/screenshots/<name>.png only when
//! `CANARY_WRITE_SCREENSHOTS=1` (so ordinary test runs leave the tree clean).

use std::path::{Path, PathBuf};

/// The variable that makes the walks (re)write docs/screenshots/.
pub const WRITE: &str = "CANARY_WRITE_SCREENSHOTS";

/// The smallest PNG taken as a picture of a page: a blank 360×740 or
/// 1280×900 viewport compresses to about 2 KB or less (see
/// `blank_page_is_refused` in mod.rs); a page with text and controls is tens
/// of kilobytes.
pub const MIN_BYTES: usize = 8 * 1024;

/// Whether this run writes the README's screenshots.
pub fn writing() -> bool {
    std::env::var(WRITE).is_ok_and(|v| v == "1")
}

/// docs/screenshots/ in the repository.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join("screenshots")
}

/// The width and height of a complete PNG file (signature, IHDR first,
/// IEND last), or what is wrong with it.
pub fn png_size(png: &[u8]) -> Result<(u32, u32), String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !png.starts_with(SIGNATURE) {
        return Err("no PNG signature".into());
    }
    let chunk = &png[SIGNATURE.len()..];
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    if chunk.len() < 8 + 13 || &chunk[4..8] != b"IHDR" || be(&chunk[..4]) != 13 {
        return Err("the first chunk is not a 13-byte IHDR".into());
    }
    if !png.ends_with(b"IEND\xae\x42\x60\x82") {
        return Err("the file does not end with IEND (cut short?)".into());
    }
    Ok((be(&chunk[8..12]), be(&chunk[12..16])))
}

/// Check `png` as a screenshot of a `size` viewport (CSS pixels at a pixel
/// ratio of 1): its own width and height, and not blank.
pub fn check(png: &[u8], size: (u32, u32), name: &str) {
    let shown = png_size(png).unwrap_or_else(|e| panic!("{name}: not a PNG: {e}"));
    assert_eq!(shown, size, "{name}: the picture is the viewport's size");
    assert!(
        png.len() >= MIN_BYTES,
        "{name}: {} bytes: a blank page? (a page with content is at least {MIN_BYTES})",
        png.len()
    );
}

#[test]
fn png_size_reads_the_header_and_refuses_other_files() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&360u32.to_be_bytes());
    png.extend_from_slice(&740u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png.extend_from_slice(b"\0\0\0\0IEND\xae\x42\x60\x82");
    assert_eq!(png_size(&png), Ok((360, 740)));
    assert!(png_size(&png[..png.len() - 1]).is_err(), "cut short");
    assert!(png_size(b"GIF89a").is_err());
    assert!(png_size(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIDAT").is_err());
}
