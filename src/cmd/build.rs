//! `casebook build`: the site into the output folder, with a summary line and, on a terminal, a
//! progress line for builds that take more than a second.

use super::{SiteArgs, finish, summary};
use casebook::render::Progress;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
    /// Do not keep the replaced site beside the output for the next build (saves the disk space
    /// of one copy of the site; the next build writes every file anew)
    #[arg(long)]
    pub no_keep: bool,
}

impl BuildArgs {
    pub fn run(self) -> ExitCode {
        let out = self.out.clone().unwrap_or_else(|| self.site.root.join("public"));
        let show = !self.quiet && std::io::stderr().is_terminal();
        let progress = show.then(|| Arc::new(Progress::default()));
        let opts = casebook::pipeline::BuildOptions {
            progress,
            keep_previous: !self.no_keep,
            ..self.site.options(Some(out.clone()))
        };
        let bar = opts.progress.clone().map(ProgressLine::start);
        let result = casebook::pipeline::build(&opts);
        drop(bar);
        finish(result, |o| {
            if !self.quiet {
                eprintln!("{}", summary(o, "built", Some(&out)));
            }
            if self.verbose {
                for (stage, time) in &o.written.timings {
                    eprintln!("  {:>8.3} s  {stage}", time.as_secs_f64());
                }
                if o.left_out.len() > super::LEFT_OUT_NAMED {
                    eprintln!("left out:");
                    for (name, n) in &o.left_out {
                        eprintln!("  {name} ({n} cases)");
                    }
                }
            }
        })
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
                let (done, total) = (progress.done.load(Ordering::Relaxed), progress.total.load(Ordering::Relaxed));
                if started.elapsed() < Duration::from_secs(1) || total == 0 {
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
