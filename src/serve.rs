//! `casebook serve`: builds the site into a private folder, serves it on 127.0.0.1, rebuilds when
//! content or a theme changes, and reloads open pages. A build with errors keeps the last good
//! site online and shows the errors in every open page until they are fixed.

use crate::pipeline::{self, BuildOptions};
use clap::Args;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The project folder (holds content/ and themes/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on; only change it if other machines must see the preview
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}

/// What open pages learn by long-polling: a build number and the last build's errors.
#[derive(Default)]
struct State {
    version: u64,
    errors: String,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

const RELOAD_PATH: &str = "/__casebook/wait";

impl ServeArgs {
    pub fn run(self) -> ExitCode {
        let out = std::env::temp_dir().join(format!("casebook-serve-{}", std::process::id()));
        let opts = BuildOptions { root: self.root.clone(), out: Some(out.clone()), strict: false };
        let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        rebuild(&opts, &shared);

        let listener = match TcpListener::bind((self.bind, self.port)) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {}:{}: {e}", self.bind, self.port);
                eprintln!("  = help: another program uses this port; try --port {}", self.port.wrapping_add(1));
                return ExitCode::FAILURE;
            }
        };
        eprintln!("serving on http://{}:{}/ (Ctrl-C to stop)", self.bind, self.port);

        let watch_shared = shared.clone();
        let watch_opts = opts.clone();
        std::thread::spawn(move || watch(&watch_opts, &watch_shared));

        for stream in listener.incoming().flatten() {
            let shared = shared.clone();
            let out = out.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &out, &shared);
            });
        }
        ExitCode::SUCCESS
    }
}

fn rebuild(opts: &BuildOptions, shared: &Shared) {
    let result = pipeline::build(opts);
    let (lock, cvar) = &**shared;
    let mut state = lock.lock().expect("lock");
    match result {
        Ok(outcome) => {
            outcome.warnings.print();
            eprintln!("{}", crate::cli::summary(&outcome, "rebuilt", None));
            state.errors.clear();
        }
        Err(report) => {
            report.print();
            eprintln!("the last good build is still being served");
            state.errors = report.render(false);
        }
    }
    state.version += 1;
    cvar.notify_all();
}

/// Rebuilds after changes under content/ or themes/, once a burst of changes has settled.
fn watch(opts: &BuildOptions, shared: &Shared) {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); restart serve to see edits");
            return;
        }
    };
    for dir in ["content", "themes"] {
        let path = opts.root.join(dir);
        if path.exists()
            && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive)
        {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    while let Ok(first) = rx.recv() {
        let mut relevant = is_relevant(&first);
        while let Ok(ev) = rx.recv_timeout(Duration::from_millis(40)) {
            relevant |= is_relevant(&ev);
        }
        if relevant {
            rebuild(opts, shared);
        }
    }
}

fn is_relevant(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(ev) => {
            !ev.kind.is_access()
                && ev.paths.iter().any(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp"))
                })
        }
        Err(_) => true,
    }
}

fn handle(mut stream: TcpStream, out: &Path, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    // Skip the headers.
    let mut line = String::new();
    while reader.by_ref().take(8192).read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain", b"only GET and HEAD", method == "HEAD");
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == RELOAD_PATH {
        let seen: u64 = query.strip_prefix("v=").and_then(|v| v.parse().ok()).unwrap_or(0);
        let (lock, cvar) = &**shared;
        let state = lock.lock().expect("lock");
        let (state, _) = cvar.wait_timeout_while(state, Duration::from_secs(25), |s| s.version <= seen).expect("lock");
        let body = format!("{}\n{}", state.version, state.errors);
        return respond(&mut stream, "200 OK", "text/plain; charset=utf-8", body.as_bytes(), false);
    }
    let Some(file) = local_file(out, path) else {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not found", method == "HEAD");
    };
    let file = if file.is_dir() { file.join("index.html") } else { file };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let mime = mime_type(&file);
            let body = if mime.starts_with("text/html") { inject_reload(&bytes, shared) } else { bytes };
            respond(&mut stream, "200 OK", mime, &body, method == "HEAD")
        }
        Err(_) => {
            let page = std::fs::read(out.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            respond(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &inject_reload(&page, shared),
                method == "HEAD",
            )
        }
    }
}

/// The file for a URL path, never outside the served folder.
fn local_file(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::linkcheck::percent_decode(url_path);
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(out.join(rel))
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to a served page (the files on disk stay as a normal build writes them).
fn inject_reload(html: &[u8], shared: &Shared) -> Vec<u8> {
    let version = shared.0.lock().expect("lock").version;
    let script = format!(
        r#"<script>(function(){{var v={version};function show(t){{var e=document.getElementById("casebook-errors");if(!t){{if(e)e.remove();return}}if(!e){{e=document.createElement("pre");e.id="casebook-errors";e.style.cssText="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#300;color:#fdd;z-index:9999;white-space:pre-wrap";document.body.appendChild(e)}}e.textContent=t}}function poll(){{fetch("{RELOAD_PATH}?v="+v).then(function(r){{return r.text()}}).then(function(t){{var i=t.indexOf("\n");var nv=+t.slice(0,i),err=t.slice(i+1);if(err){{v=nv;show(err)}}else if(nv>v){{location.reload();return}}poll()}}).catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"#
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn respond(stream: &mut TcpStream, status: &str, mime: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_output() {
        let out = Path::new("/tmp/site");
        assert_eq!(local_file(out, "/ja/index.html"), Some(out.join("ja/index.html")));
        assert_eq!(local_file(out, "/../etc/passwd"), None);
        assert_eq!(local_file(out, "/%2e%2e/etc/passwd"), None);
        assert_eq!(local_file(out, "/ja/../../x"), None);
    }
}
