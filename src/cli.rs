//! The command line: `build`, `check`, `serve`, `new`. Each subcommand has its own arguments and `run`.

use crate::diagnostics::Report;
use crate::pipeline::{self, BuildOptions, Outcome};
use crate::render::Progress;
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(
    name = "casebook",
    version,
    about = "Builds a bilingual (Japanese/English) static site from a collection of security cases"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site from content/ into the output folder (public/ by default)
    Build(BuildArgs),
    /// Check all content, templates and links without writing anything
    Check(CheckArgs),
    /// Preview the site on http://127.0.0.1, rebuilding and reloading when files change
    Serve(crate::serve::ServeArgs),
    /// Create content/cases/<ID>.md with every field filled in as an example
    New(NewArgs),
    /// Build the site into one zip that opens offline by double-clicking index.html
    Bundle(crate::bundle::BundleArgs),
}

/// The options every command that builds the site takes.
#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The project folder (holds content/ and themes/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings (such as a missing English text) as errors
    #[arg(long)]
    pub strict: bool,
}

impl SiteArgs {
    /// Build options for this project, writing into `out` (`None`: nowhere).
    pub fn options(&self, out: Option<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            out,
            strict: self.strict,
            progress: None,
            on_lock_wait: Some(tell_waiting),
        }
    }
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output folder [default: <root>/public]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
    /// Also print how long each stage took
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The id of the new case: lowercase letters, digits and '-' (e.g. ipa2017-004)
    pub id: String,
    /// The project folder (holds content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::New(args) => args.run(),
        Command::Bundle(args) => args.run(),
    }
}

impl BuildArgs {
    pub fn run(self) -> ExitCode {
        let out = self.out.clone().unwrap_or_else(|| self.site.root.join("public"));
        let show = !self.quiet && std::io::stderr().is_terminal();
        let progress = show.then(|| Arc::new(Progress::default()));
        let opts = BuildOptions { progress, ..self.site.options(Some(out.clone())) };
        let bar = opts.progress.clone().map(ProgressLine::start);
        let result = pipeline::build(&opts);
        drop(bar);
        finish(result, |o| {
            if !self.quiet {
                eprintln!("{}", summary(o, "built", Some(&out)));
            }
            if self.verbose {
                for (stage, time) in &o.written.timings {
                    eprintln!("  {:>8.3} s  {stage}", time.as_secs_f64());
                }
            }
        })
    }
}

impl CheckArgs {
    pub fn run(self) -> ExitCode {
        let opts = self.site.options(None);
        finish(pipeline::build(&opts), |o| eprintln!("{}", summary(o, "checked", None)))
    }
}

impl NewArgs {
    pub fn run(self) -> ExitCode {
        let taxonomies = match crate::content::load_vocabulary(&self.root) {
            Ok((_, t)) => t,
            Err(report) => {
                report.print();
                return ExitCode::FAILURE;
            }
        };
        match crate::new_case::create(&self.root, &self.id, &taxonomies) {
            Ok(path) => {
                eprintln!("created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::FAILURE
            }
        }
    }
}

/// Said when another casebook holds the output's lock.
fn tell_waiting(output: &std::path::Path) {
    eprintln!("another casebook is writing {}; waiting for it to finish…", output.display());
}

fn finish(result: Result<Outcome, Report>, ok: impl FnOnce(&Outcome)) -> ExitCode {
    match result {
        Ok(outcome) => {
            outcome.warnings.print();
            ok(&outcome);
            ExitCode::SUCCESS
        }
        Err(report) => {
            report.print();
            eprintln!("nothing was written; the previous output, if any, is unchanged");
            ExitCode::FAILURE
        }
    }
}

/// A progress line on stderr for builds that take more than a second; drawn only on a terminal,
/// erased when the build ends.
struct ProgressLine {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    fn start(progress: Arc<Progress>) -> ProgressLine {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut drawn = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if started.elapsed() < Duration::from_secs(1) {
                    continue;
                }
                let (done, total) = (progress.done.load(Ordering::Relaxed), progress.total.load(Ordering::Relaxed));
                if total == 0 {
                    continue;
                }
                let filled = done * 30 / total.max(1);
                eprint!("\r  rendering [{}{}] {done}/{total} pages", "#".repeat(filled), ".".repeat(30 - filled));
                drawn = true;
            }
            if drawn {
                eprint!("\r\x1b[K");
            }
        });
        ProgressLine { stop, thread: Some(thread) }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One line: what was built, how long it took, how big it is.
pub fn summary(o: &Outcome, verb: &str, out: Option<&std::path::Path>) -> String {
    let pages: usize = o.written.pages.values().sum();
    let kinds: Vec<String> = o.written.pages.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let place = out.map(|p| format!(" into {}", p.display())).unwrap_or_default();
    format!(
        "{verb} {} cases: {pages} pages ({}), {} files, {:.1} MiB{place} in {:.2} s",
        o.cases,
        kinds.join(", "),
        o.written.files,
        o.written.bytes as f64 / (1024.0 * 1024.0),
        o.elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
