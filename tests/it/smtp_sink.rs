//! A small SMTP server for the tests: a std `TcpListener` on 127.0.0.1, a
//! thread per connection, speaking EHLO/HELO, MAIL FROM, RCPT TO, DATA
//! (with dot-unstuffing), RSET, NOOP and QUIT. It records each message's
//! envelope and raw text, can answer 451 to the next N messages, and can be
//! created "down" (its port reserved, nothing listening) and started later.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, lines joined by CRLF.
    pub data: String,
}

impl Received {
    pub fn subject(&self) -> Option<&str> {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .map(str::trim_end)
    }

    /// The body as a mail reader shows it: after the blank line that ends
    /// the headers, quoted-printable decoded when the message says so.
    pub fn body(&self) -> String {
        let (head, body) = self.data.split_once("\r\n\r\n").unwrap_or(("", ""));
        let encoding = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Transfer-Encoding: "))
            .unwrap_or("7bit");
        match encoding.trim() {
            "quoted-printable" => quoted_printable(body),
            "7bit" | "8bit" => body.to_owned(),
            other => panic!("unexpected transfer encoding {other}"),
        }
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    refuse_next: AtomicUsize,
    stopped: AtomicBool,
}

pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
    running: bool,
}

impl SmtpSink {
    /// A sink listening now.
    pub fn start() -> Self {
        let mut sink = Self::down();
        sink.come_up();
        sink
    }

    /// A sink whose port is reserved but closed (connections are refused)
    /// until [`SmtpSink::come_up`].
    pub fn down() -> Self {
        let probe = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = probe.local_addr().expect("addr");
        drop(probe);
        Self {
            addr,
            shared: Arc::default(),
            running: false,
        }
    }

    pub fn come_up(&mut self) {
        assert!(!self.running, "already up");
        let listener = TcpListener::bind(self.addr).expect("rebind the reserved port");
        self.running = true;
        let shared = self.shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
        });
    }

    /// `smtp://127.0.0.1:PORT` for CANARY_SMTP_URL.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Answer `451` at the end of DATA for the next `n` messages.
    pub fn refuse_next(&self, n: usize) {
        self.shared.refuse_next.store(n, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Wait (up to a minute) until `done` holds for what was received.
    pub fn wait_until(&self, what: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; received {received:#?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait until at least `n` messages arrived.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        self.wait_until(&format!("{n} message(s)"), |r| r.len() >= n)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        if self.running {
            // Unblock accept() so the thread sees the flag.
            let _ = TcpStream::connect(self.addr);
        }
    }
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The address inside `MAIL FROM:<a>` / `RCPT TO:<a>` (parameters ignored).
fn angle(arg: &str) -> String {
    let start = arg.find('<').map_or(0, |i| i + 1);
    let end = arg[start..].find('>').map_or(arg.len(), |i| start + i);
    arg[start..end].to_owned()
}

fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut reply = |text: &str| out.write_all(format!("{text}\r\n").as_bytes());
    reply("220 sink.test ESMTP test sink")?;
    let (mut from, mut rcpts) = (None::<String>, Vec::<String>::new());
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end_matches(['\r', '\n']);
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            reply("250-sink.test greets you\r\n250-8BITMIME\r\n250 OK")?;
        } else if upper.starts_with("HELO") {
            reply("250 sink.test")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = Some(angle(&command[10..]));
            rcpts.clear();
            reply("250 OK")?;
        } else if upper.starts_with("RCPT TO:") {
            if from.is_none() {
                reply("503 MAIL first")?;
                continue;
            }
            rcpts.push(angle(&command[8..]));
            reply("250 OK")?;
        } else if upper == "DATA" {
            if from.is_none() || rcpts.is_empty() {
                reply("503 no recipients")?;
                continue;
            }
            reply("354 end with <CRLF>.<CRLF>")?;
            let mut data = Vec::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                let text = line.trim_end_matches(['\r', '\n']);
                if text == "." {
                    break;
                }
                // Dot-unstuffing: the client doubled every leading dot.
                data.push(text.strip_prefix('.').unwrap_or(text).to_owned());
            }
            let refuse = shared
                .refuse_next
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if refuse {
                reply("451 4.3.0 try again later")?;
            } else {
                shared.received.lock().unwrap().push(Received {
                    mail_from: from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpts),
                    data: data.join("\r\n"),
                });
                reply("250 OK queued")?;
            }
            from = None;
            rcpts.clear();
        } else if upper == "RSET" {
            from = None;
            rcpts.clear();
            reply("250 OK")?;
        } else if upper.starts_with("NOOP") {
            reply("250 OK")?;
        } else if upper == "QUIT" {
            reply("221 bye")?;
            return Ok(());
        } else {
            reply("500 unknown command")?;
        }
    }
}
