//! The streamed ZIP: members are deflated as they are written to a
//! non-seekable output (an HTTP body or a file), each member's SHA-256 and
//! size are computed on the fly, and the manifest (`manifest.txt`,
//! `manifest.json`) closes the archive.

use std::io::{self, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type Inner<W> = ZipWriter<zip::write::StreamWriter<W>>;

/// One finished member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Member {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    /// Data rows (without the header); `None` for non-tables.
    pub rows: Option<u64>,
}

pub struct ZipOut<W: Write> {
    zip: Inner<W>,
    pub members: Vec<Member>,
}

/// The writer of the member being written: hashes and counts its bytes.
pub struct MemberWriter<'a, W: Write> {
    zip: &'a mut Inner<W>,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for MemberWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.zip.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.zip.flush()
    }
}

fn zip_err(e: zip::result::ZipError) -> io::Error {
    io::Error::other(e)
}

impl<W: Write> ZipOut<W> {
    pub fn new(out: W) -> Self {
        Self {
            zip: ZipWriter::new_stream(out),
            members: Vec::new(),
        }
    }

    /// Start a member; finish it with [`ZipOut::end`].
    pub fn begin(&mut self, name: &str) -> io::Result<MemberWriter<'_, W>> {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1));
        self.zip.start_file(name, options).map_err(zip_err)?;
        Ok(MemberWriter {
            zip: &mut self.zip,
            hash: Sha256::new(),
            bytes: 0,
        })
    }

    /// Record a member's hash once its writer is done.
    pub fn end(&mut self, name: &str, hash: Sha256, bytes: u64, rows: Option<u64>) {
        self.members.push(Member {
            file: name.to_owned(),
            sha256: hex::encode(hash.finalize()),
            bytes,
            rows,
        });
    }

    /// Write a whole member from bytes already in memory (small files).
    pub fn small(&mut self, name: &str, data: &[u8], rows: Option<u64>) -> io::Result<()> {
        let mut w = self.begin(name)?;
        w.write_all(data)?;
        let (hash, bytes) = (w.hash, w.bytes);
        self.end(name, hash, bytes, rows);
        Ok(())
    }

    /// Write the central directory and give back the output.
    pub fn finish(self) -> io::Result<W> {
        Ok(self.zip.finish().map_err(zip_err)?.into_inner())
    }
}

impl<W: Write> MemberWriter<'_, W> {
    pub fn done(self) -> (Sha256, u64) {
        (self.hash, self.bytes)
    }
}
