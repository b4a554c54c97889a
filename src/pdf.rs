//! Printing booklets to PDF with headless Chromium, driven over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: JSON messages ending in a NUL byte on file descriptors 3 and 4, so
//! no WebSocket and no port). A booklet is laid out by Paged.js in the page; Chromium's own
//! `--print-to-pdf` prints before that layout is done, so this waits until the page sets
//! `<html data-booklet="ready">` and then asks for the PDF with the page size of its CSS.
//!
//! Chromium is found by the caller (`find_chromium`); what to say when it is missing is the
//! command line's business.

use base64::Engine;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The names Chromium's binary has on the usual systems, in the order they are tried on the PATH.
pub const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// The first of `CHROMIUM_NAMES` found on `path` (the PATH variable's value).
pub fn find_chromium(path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = path.map(|p| std::env::split_paths(p).collect()).unwrap_or_default();
    CHROMIUM_NAMES.iter().flat_map(|name| dirs.iter().map(move |d| d.join(name))).find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A headless Chromium, with one tab to print from.
pub struct Browser {
    child: Child,
    to_browser: std::fs::File,
    from_browser: Receiver<Value>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// How long one booklet may take to lay out (the 101 cases of the real collection take about
/// 30 s on a slow machine).
pub const LAYOUT_TIMEOUT: Duration = Duration::from_secs(300);

impl Browser {
    /// Starts `chromium` headless with a profile of its own.
    pub fn start(chromium: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| format!("cannot make a browser profile: {e}"))?;
        let (to_child_read, to_child_write) = pipe()?;
        let (from_child_read, from_child_write) = pipe()?;
        let mut cmd = Command::new(chromium);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-pipe",
            "about:blank",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        let (r, w) = (fd(&to_child_read), fd(&from_child_write));
        // SAFETY: between fork and exec only async-signal-safe calls (dup2) are made.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(move || {
                // Moved out of the way first (either may already be 3 or 4), then to 3 and 4;
                // dup2 clears close-on-exec on the copies it makes.
                let (r, w) = (libc::fcntl(r, libc::F_DUPFD_CLOEXEC, 10), libc::fcntl(w, libc::F_DUPFD_CLOEXEC, 10));
                if r < 0 || w < 0 || libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
        drop((to_child_read, from_child_write));
        let (tx, rx) = channel();
        let mut reader = from_child_read;
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = vec![0u8; 1 << 16];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                while let Some(end) = buf.iter().position(|&b| b == 0) {
                    let msg: Vec<u8> = buf.drain(..=end).collect();
                    if let Ok(v) = serde_json::from_slice::<Value>(&msg[..msg.len() - 1])
                        && tx.send(v).is_err()
                    {
                        return;
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            to_browser: to_child_write,
            from_browser: rx,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}), false)?;
        let target = target["targetId"].as_str().ok_or("Chromium opened no tab")?.to_owned();
        let attached = browser.call("Target.attachToTarget", json!({"targetId": target, "flatten": true}), false)?;
        browser.session = attached["sessionId"].as_str().ok_or("Chromium gave no session")?.to_owned();
        Ok(browser)
    }

    /// Opens `page` (a file) and returns its PDF once its booklet is laid out.
    pub fn print(&mut self, page: &Path) -> Result<Vec<u8>, String> {
        self.print_url(&format!("file://{}", page.display()))
    }

    /// Like `print`, for any address (the selection booklet with `?ids=…`).
    pub fn print_url(&mut self, url: &str) -> Result<Vec<u8>, String> {
        let page = url;
        self.call("Page.navigate", json!({"url": url}), true)?;
        let started = Instant::now();
        loop {
            let state = self.call(
                "Runtime.evaluate",
                json!({"expression": "document.documentElement.dataset.booklet || ''", "returnByValue": true}),
                true,
            )?;
            match state["result"]["value"].as_str() {
                Some("ready") => break,
                Some("failed") => return Err(format!("{page}: the booklet could not be laid out (a script failed)")),
                _ => {}
            }
            if started.elapsed() > LAYOUT_TIMEOUT {
                return Err(format!("{page} was not laid out within {} s", LAYOUT_TIMEOUT.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let pdf = self.call(
            "Page.printToPDF",
            json!({"preferCSSPageSize": true, "printBackground": true, "transferMode": "ReturnAsBase64"}),
            true,
        )?;
        let data = pdf["data"].as_str().ok_or("Chromium returned no PDF")?;
        base64::engine::general_purpose::STANDARD.decode(data).map_err(|e| format!("Chromium's PDF: {e}"))
    }

    /// Sends one command and waits for its answer (events in between are skipped).
    fn call(&mut self, method: &str, params: Value, in_tab: bool) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if in_tab {
            msg["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&msg).map_err(|e| e.to_string())?;
        bytes.push(0);
        self.to_browser.write_all(&bytes).map_err(|e| format!("Chromium stopped listening: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_browser.recv_timeout(left) {
                Ok(v) if v["id"] == id => {
                    return match v.get("error") {
                        Some(e) => Err(format!("Chromium refused {method}: {e}")),
                        None => Ok(v["result"].clone()),
                    };
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return Err(format!("Chromium did not answer {method}")),
                Err(RecvTimeoutError::Disconnected) => return Err("Chromium stopped".into()),
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pipe() -> Result<(std::fs::File, std::fs::File), String> {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2(2) writes. Close-on-exec, so only the
    // copies that dup2 makes at 3 and 4 reach Chromium.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(format!("cannot make a pipe: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    Ok(unsafe { (std::fs::File::from_raw_fd(fds[0]), std::fs::File::from_raw_fd(fds[1])) })
}

fn fd(f: &std::fs::File) -> i32 {
    use std::os::fd::AsRawFd;
    f.as_raw_fd()
}
