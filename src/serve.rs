//! `casebook serve`: builds the site into a private folder, serves it on 127.0.0.1, rebuilds when
//! content or a theme changes, and reloads open pages. A build with errors keeps the last good
//! site online and shows the errors in every open page until they are fixed.

use crate::content::{self, Reload};
use crate::diagnostics::{Diagnostic, Report};
use crate::incremental::{self, Affected};
use crate::linkcheck::PathSet;
use crate::output::{Folder, Staging};
use crate::pipeline::{self, BuildOptions};
use crate::render;
use crate::theme;
use clap::Args;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

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
        // Removing old folders can take a while (a large site has tens of thousands of files).
        std::thread::spawn(|| remove_stale_serve_folders(&std::env::temp_dir()));
        let out = std::env::temp_dir().join(format!("casebook-serve-{}", std::process::id()));
        // Held while this serve runs: another serve's clean-up leaves a locked folder alone. (Not
        // the folder's own lock, which each rebuild takes and lets go.)
        let _lock = match crate::output::Lock::acquire(&alive(&out), None) {
            Ok(l) => l,
            Err(msg) => {
                eprintln!("error: {msg}");
                return ExitCode::FAILURE;
            }
        };
        if !self.bind.is_loopback() {
            eprintln!(
                "warning: serving on {}, so other machines on the network can open the preview (and every draft in it); use the default 127.0.0.1 unless that is what you want",
                self.bind
            );
        }
        let opts = BuildOptions {
            root: self.root.clone(),
            out: Some(out.clone()),
            strict: false,
            progress: None,
            on_lock_wait: None,
        };
        let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let mut live = Live { opts, out: out.clone(), prepared: None, known: PathSet::default() };
        let first = live.full();
        publish(&shared, first);

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
        std::thread::spawn(move || watch(live, &watch_shared));

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

/// Removes the folders of earlier `serve` runs in `tmp` that were stopped with Ctrl-C. A folder is
/// removed only when it is a real folder (not a link), owned by this user, holds casebook's marker
/// as a regular file, and no running serve holds its lock — so nothing is ever deleted through a
/// link, nor a folder of another user or of a serve that still runs.
pub fn remove_stale_serve_folders(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("casebook-serve-").and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid == std::process::id() {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let marked = std::fs::symlink_metadata(path.join(crate::output::MARKER)).is_ok_and(|m| m.is_file());
        if !meta.is_dir() || !owned_by_me(&meta) || !marked {
            continue;
        }
        let Some(lock) = crate::output::Lock::try_acquire(&alive(&path)) else { continue };
        // The marker goes last, so a removal that is itself interrupted is finished next time.
        for child in std::fs::read_dir(&path).into_iter().flatten().flatten() {
            if child.file_name() != crate::output::MARKER {
                let is_dir = child.file_type().is_ok_and(|t| t.is_dir());
                let _ = if is_dir { std::fs::remove_dir_all(child.path()) } else { std::fs::remove_file(child.path()) };
            }
        }
        let _ = std::fs::remove_dir_all(&path);
        let _ = std::fs::remove_file(path.with_file_name(format!(".{name}.casebook-lock")));
        let _ = std::fs::remove_file(lock.path());
    }
}

/// What a running serve locks for as long as it runs: a name beside its folder.
pub fn alive(folder: &Path) -> PathBuf {
    folder.with_extension("alive")
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_: &std::fs::Metadata) -> bool {
    true
}

/// The site as last built, kept so that an edited case rebuilds only the pages it changes.
struct Live {
    opts: BuildOptions,
    out: PathBuf,
    /// `None` after a failed build: the next change rebuilds everything.
    prepared: Option<pipeline::Prepared>,
    /// Every file of the built site, kept up to date by incremental rebuilds (for the link check).
    known: PathSet,
}

impl Live {
    /// A full build into the served folder (staged, then swapped in).
    fn full(&mut self) -> Result<String, Report> {
        self.prepared = None;
        let fail = |msg: String| Report::from(Diagnostic::error(self.out.display().to_string(), msg));
        let staging = Staging::create(&self.out, &[], None).map_err(fail)?;
        let (outcome, prepared) = pipeline::build_prepared(&self.opts, &staging)?;
        staging.commit().map_err(fail)?;
        outcome.warnings.print();
        self.known = render::known_paths(prepared.project(&self.opts.root));
        self.prepared = Some(prepared);
        Ok(crate::cli::summary(&outcome, "rebuilt", None))
    }

    /// Applies changed files. Edited case files rebuild only the pages they change (phase 1,
    /// returned for `finish`); anything else rebuilds the whole site.
    fn update(&mut self, changed: &[PathBuf]) -> Result<(String, Option<Affected>), Report> {
        let root = &self.opts.root;
        let mut files: Vec<String> =
            changed.iter().map(|p| p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/")).collect();
        // Other files in content/cases/ are ignored by the build (it warns about them).
        files.retain(|f| !f.starts_with("content/cases/") || f.ends_with(".md"));
        files.sort();
        files.dedup();
        if files.is_empty() {
            return Ok((String::new(), None));
        }
        if self.prepared.is_none() {
            return self.full().map(|s| (s, None));
        }
        let templates: Vec<String> =
            files.iter().filter_map(|f| f.split_once("/templates/").map(|(_, t)| t.to_owned())).collect();
        if templates.len() == files.len() && files.iter().all(|f| f.starts_with("themes/")) {
            return self.update_templates(&templates).map(|s| (s, None));
        }
        // Edited static files that the site already has: written again, nothing else (a new or
        // deleted one changes which links work, so it rebuilds the site).
        let statics: Option<Vec<String>> = files.iter().map(|f| static_source(f)).collect();
        if let Some(rels) = statics
            && files.iter().all(|f| root.join(f).is_file())
            && rels.iter().all(|r| self.known.contains(&format!("static/{r}")))
        {
            return self.update_statics(&rels).map(|s| (s, None));
        }
        let only_cases = files.iter().all(|f| f.starts_with("content/cases/") && f.ends_with(".md"));
        if !only_cases {
            return self.full().map(|s| (s, None));
        }
        let started = Instant::now();
        let mut total = Affected::default();
        let mut pages = 0;
        for file in &files {
            let p = self.prepared.as_mut().expect("checked above");
            let case = match content::reload_case(&p.site, root, file) {
                Reload::NeedsFullBuild => return self.full().map(|s| (s, None)),
                Reload::Errors(problems) => {
                    let mut report = Report::default();
                    report.extend(problems);
                    return Err(report);
                }
                Reload::Case(case, warnings) => {
                    let mut report = Report::default();
                    report.extend(warnings);
                    report.print();
                    case
                }
            };
            let affected = incremental::apply_case(&mut p.site, file, case.map(|c| *c));
            for rel in &affected.removed {
                self.known.remove(rel);
            }
            self.known.extend(affected.added.iter().cloned());
            let folder = Folder { dir: self.out.clone() };
            let written = render::render_update(p.project(root), &folder, &affected, &self.known);
            let written = written.inspect_err(|_| self.prepared = None)?;
            for rel in &affected.removed {
                let _ = folder.remove(rel);
            }
            pages += written.files;
            merge(&mut total, affected);
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok((format!("updated {pages} pages for {} in {ms:.0} ms", files.join(", ")), Some(total)))
    }

    /// Edited templates: the theme is loaded again and only the pages whose templates use the
    /// edited ones are rendered again.
    fn update_templates(&mut self, templates: &[String]) -> Result<String, Report> {
        let started = Instant::now();
        let root = self.opts.root.clone();
        let p = self.prepared.as_mut().expect("checked by update");
        let theme = theme::load(&root, &p.site.config.theme).map_err(to_report)?;
        let tera = theme::compile(&theme).map_err(to_report)?;
        let users = theme::template_users(&theme, templates);
        p.theme = theme;
        p.tera = tera;
        let folder = Folder { dir: self.out.clone() };
        let written = render::render_templates(p.project(&root), &folder, &self.known, &users);
        let written = written.inspect_err(|_| self.prepared = None)?;
        Ok(format!(
            "updated {} pages for {} in {:.0} ms",
            written.files,
            templates.join(", "),
            started.elapsed().as_secs_f64() * 1000.0
        ))
    }

    /// Edited static files (`content/static/`, a theme's `static/`): the theme is loaded again
    /// and the files are written again.
    fn update_statics(&mut self, rels: &[String]) -> Result<String, Report> {
        let started = Instant::now();
        let root = self.opts.root.clone();
        let p = self.prepared.as_mut().expect("checked by update");
        p.theme = theme::load(&root, &p.site.config.theme).map_err(to_report)?;
        let folder = Folder { dir: self.out.clone() };
        let written = render::render_statics(p.project(&root), &folder, rels);
        let written = written.inspect_err(|_| self.prepared = None)?;
        Ok(format!(
            "updated {} static files ({}) in {:.0} ms",
            written.files,
            rels.join(", "),
            started.elapsed().as_secs_f64() * 1000.0
        ))
    }

    /// Phase 2 of an incremental rebuild: search indexes, counts, booklets, feeds. `Ok(None)`
    /// when a newer edit cancelled it.
    fn finish(&mut self, affected: &Affected, cancel: &AtomicBool) -> Result<Option<String>, Report> {
        let started = Instant::now();
        let Some(p) = &self.prepared else { return Ok(Some(String::new())) };
        let folder = Folder { dir: self.out.clone() };
        let root = &self.opts.root;
        let written = render::render_rest(p.project(root), &folder, affected, &self.known, cancel);
        let written = written.inspect_err(|_| self.prepared = None)?;
        Ok(written.map(|w| {
            format!(
                "updated {} search, list and booklet files in {:.0} ms",
                w.files,
                started.elapsed().as_secs_f64() * 1000.0
            )
        }))
    }
}

/// The output name under `static/` of a static source file (`content/static/<rel>` or
/// `themes/<name>/static/<rel>`), or `None` if the file is not one.
fn static_source(file: &str) -> Option<String> {
    let rel = match file.strip_prefix("content/static/") {
        Some(rel) => rel,
        None => file.strip_prefix("themes/")?.split_once('/')?.1.strip_prefix("static/")?,
    };
    Some(rel.to_owned())
}

fn to_report(problems: Vec<Diagnostic>) -> Report {
    let mut report = Report::default();
    report.extend(problems);
    report
}

fn merge(total: &mut Affected, more: Affected) {
    total.terms.extend(more.terms);
    total.counts |= more.counts;
}

/// Tells open pages about a build: reload, or show its errors.
fn publish(shared: &Shared, result: Result<String, Report>) {
    let (lock, cvar) = &**shared;
    let mut state = lock.lock().expect("lock");
    match result {
        Ok(summary) => {
            if !summary.is_empty() {
                eprintln!("{summary}");
            }
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
fn watch(mut live: Live, shared: &Shared) {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    // Set by every change, so that a running phase 2 stops and the change is rebuilt at once.
    let changed_flag = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&changed_flag);
    let handler = move |event: notify::Result<notify::Event>| {
        // Not for reads or editors' swap files, which the loop ignores too.
        if !relevant_paths(&event).is_empty() {
            flag.store(true, Ordering::Relaxed);
        }
        let _ = tx.send(event);
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); restart serve to see edits");
            return;
        }
    };
    for dir in ["content", "themes"] {
        let path = live.opts.root.join(dir);
        if path.exists()
            && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive)
        {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    // Changed pages are rebuilt at once (phase 1); what depends on the whole collection (search
    // indexes, counts, booklets: phase 2) waits until edits pause, and stops when another edit
    // arrives while it runs (it runs again after that edit), so no save waits for it.
    let mut pending: Option<Affected> = None;
    loop {
        changed_flag.store(false, Ordering::Relaxed);
        let first = match pending {
            Some(_) => match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(ev) => ev,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    match live.finish(pending.as_ref().expect("checked"), &changed_flag) {
                        Ok(None) => {} // cancelled: the change that cancelled it is next
                        Ok(Some(summary)) => {
                            pending = None;
                            publish(shared, Ok(summary));
                        }
                        Err(report) => {
                            pending = None;
                            publish(shared, Err(report));
                        }
                    }
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            },
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => return,
            },
        };
        let mut changed = relevant_paths(&first);
        // Editors save in a burst of events (write, rename, attributes); wait until it settles.
        while let Ok(ev) = rx.recv_timeout(Duration::from_millis(15)) {
            changed.extend(relevant_paths(&ev));
        }
        if changed.is_empty() {
            continue;
        }
        match live.update(&changed) {
            Ok((summary, Some(affected))) => {
                publish(shared, Ok(summary));
                match pending.as_mut() {
                    Some(total) => merge(total, affected),
                    None => pending = Some(affected),
                }
            }
            Ok((summary, None)) => {
                pending = None;
                publish(shared, Ok(summary));
            }
            Err(report) => publish(shared, Err(report)),
        }
    }
}

/// The paths of an event that matter: not editor swap files, not reads. A watcher error counts
/// as a change of everything (an empty path under content/).
fn relevant_paths(event: &notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(ev) if ev.kind.is_access() => Vec::new(),
        Ok(ev) => ev
            .paths
            .iter()
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp"))
            })
            .cloned()
            .collect(),
        Err(_) => vec![PathBuf::from("content")],
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
