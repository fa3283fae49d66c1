//! A blocking writer whose bytes become a streamed HTTP body: the export
//! runs on a blocking thread and hands 64 KiB chunks through a bounded
//! channel, so a slow client slows the export down instead of filling
//! memory.

use std::io::{self, Write};

use actix_web::web::Bytes;
use futures_util::stream::Stream;
use tokio::sync::mpsc;

const CHUNK: usize = 64 * 1024;
/// Chunks in flight between the export thread and the response.
const DEPTH: usize = 8;

pub type Item = Result<Bytes, io::Error>;

pub struct ChannelWriter {
    tx: mpsc::Sender<Item>,
    buf: Vec<u8>,
}

/// A writer for the blocking side and the body stream for the response.
pub fn channel() -> (ChannelWriter, impl Stream<Item = Item>) {
    let (tx, rx) = mpsc::channel(DEPTH);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    (
        ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
        },
        body,
    )
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }

    /// A handle that ends the body with an error, so the client sees a
    /// broken download, never a truncated file that looks whole.
    pub fn failure(&self) -> Failure {
        Failure(self.tx.clone())
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

pub struct Failure(mpsc::Sender<Item>);

impl Failure {
    pub fn fail(self, e: io::Error) {
        let _ = self.0.blocking_send(Err(e));
    }
}
