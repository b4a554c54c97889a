//! `casebook serve`: builds the site into a private folder, serves it on 127.0.0.1 (http.rs),
//! rebuilds what an edit changes (watch.rs, over the library's `Session`), and reloads open
//! pages. A change with errors keeps the last good site online and shows the errors in every
//! open page until they are fixed.

mod http;
mod watch;

use casebook::diagnostics::{Diagnostic, Report};
use casebook::output::{Folder, Lock, Reuse, Staging, alive, remove_stale_serve_folders};
use casebook::pipeline::BuildOptions;
use casebook::session::{Applied, Session};
use clap::Args;
use http::BuildState;
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

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

impl ServeArgs {
    pub fn run(self) -> ExitCode {
        // Removing old folders can take a while (a large site has tens of thousands of files).
        std::thread::spawn(|| remove_stale_serve_folders(&std::env::temp_dir()));
        let out = std::env::temp_dir().join(format!("casebook-serve-{}", std::process::id()));
        // Held while this serve runs: another serve's clean-up leaves a locked folder alone. (Not
        // the folder's own lock, which each rebuild takes and lets go.)
        let _alive = match Lock::acquire(&alive(&out), None) {
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
        let mut live =
            Live { session: Session::new(BuildOptions::new(&self.root, Some(out.clone()))), out: out.clone() };
        let (tx, rx) = tokio::sync::watch::channel(BuildState::default());
        let publish = move |result: Result<String, Report>| {
            tx.send_modify(|state| {
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
            });
        };
        publish(live.full());
        let listener = match TcpListener::bind((self.bind, self.port)) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {}:{}: {e}", self.bind, self.port);
                eprintln!("  = help: another program uses this port; try --port {}", self.port.wrapping_add(1));
                return ExitCode::FAILURE;
            }
        };
        if let Some(watching) = watch::start(&self.root) {
            std::thread::spawn(move || watch::run(live, watching, publish));
        }
        eprintln!("serving on http://{}:{}/ (Ctrl-C to stop)", self.bind, self.port);
        match http::serve(listener, out, rx) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: the preview server stopped: {e}");
                ExitCode::FAILURE
            }
        }
    }
}

/// The served site: the session that knows the last good build, and its folder.
pub struct Live {
    session: Session,
    out: PathBuf,
}

impl Live {
    fn root(&self) -> &Path {
        self.session.root()
    }

    /// A full build into the served folder (staged, then swapped in).
    fn full(&mut self) -> Result<String, Report> {
        let fail = |msg: String| Report::from(Diagnostic::error(self.out.display().to_string(), msg));
        let staging = Staging::create(&self.out, &[], None, Reuse::Delete).map_err(fail)?;
        let outcome = self.session.full(&staging)?;
        staging.commit().map_err(fail)?;
        outcome.warnings.print();
        Ok(super::summary(&outcome, "rebuilt", None))
    }

    /// Applies changed files (`None`: everything may have changed). Returns the summary and
    /// whether a second phase is to follow.
    fn update(&mut self, changed: Option<Vec<PathBuf>>) -> Result<(String, bool), Report> {
        let Some(changed) = changed else { return self.full().map(|s| (s, false)) };
        let started = Instant::now();
        let root = self.root().to_path_buf();
        let files: Vec<String> =
            changed.iter().map(|p| p.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/")).collect();
        match self.session.apply(&files, &Folder { dir: self.out.clone() })? {
            Applied::Nothing => Ok((String::new(), false)),
            Applied::NeedsFullBuild => self.full().map(|s| (s, false)),
            Applied::Updated { files, described } => {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                Ok((format!("updated {files} files {described} in {ms:.0} ms"), true))
            }
        }
    }

    /// The second phase: search indexes, counts, booklets, feeds. `Ok(None)` when a newer edit
    /// cancelled it.
    fn finish(&mut self, cancel: &AtomicBool) -> Result<Option<String>, Report> {
        let started = Instant::now();
        let written = self.session.finish(&Folder { dir: self.out.clone() }, cancel)?;
        Ok(written.map(|w| {
            if w.files == 0 {
                return String::new();
            }
            format!(
                "updated {} search, list and booklet files in {:.0} ms",
                w.files,
                started.elapsed().as_secs_f64() * 1000.0
            )
        }))
    }
}
