//! The command line: one `Args` struct per subcommand, each with its own `run`. The only part of
//! casebook that knows about arguments, terminals and exit codes.

mod build;
mod bundle;
mod check;
mod new;
#[cfg(target_os = "linux")]
mod pdf;
mod serve;

use casebook::diagnostics::Report;
use casebook::pipeline::{BuildOptions, Outcome};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
    Build(build::BuildArgs),
    /// Check all content, templates and links without writing anything
    Check(check::CheckArgs),
    /// Preview the site on http://127.0.0.1, rebuilding and reloading when files change
    Serve(serve::ServeArgs),
    /// Create content/cases/<ID>.md with every field filled in as an example
    New(new::NewArgs),
    /// Build the site into one zip that opens offline by double-clicking index.html
    Bundle(bundle::BundleArgs),
    /// Print booklets to PDF with headless Chromium (into content/static/pdf/ by default)
    #[cfg(target_os = "linux")]
    Pdf(pdf::PdfArgs),
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
        BuildOptions { strict: self.strict, on_lock_wait: Some(tell_waiting), ..BuildOptions::new(&self.root, out) }
    }
}

pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::New(args) => args.run(),
        Command::Bundle(args) => args.run(),
        #[cfg(target_os = "linux")]
        Command::Pdf(args) => args.run(),
    }
}

/// Said when another casebook holds the output's lock.
pub fn tell_waiting(output: &std::path::Path) {
    eprintln!("another casebook is writing {}; waiting for it to finish…", output.display());
}

/// Prints the warnings and `ok`'s lines, or the errors; the exit code says which.
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

/// One line: what was built, how long it took, how big it is.
pub fn summary(o: &Outcome, verb: &str, out: Option<&std::path::Path>) -> String {
    let pages: usize = o.written.pages.values().sum();
    let kinds: Vec<String> = o.written.pages.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let place = out.map(|p| format!(" into {}", p.display())).unwrap_or_default();
    let mut line = format!(
        "{verb} {} cases: {pages} pages ({}), {} files, {:.1} MiB{place} in {:.2} s",
        o.cases,
        kinds.join(", "),
        o.written.files,
        o.written.bytes as f64 / (1024.0 * 1024.0),
        o.elapsed.as_secs_f64()
    );
    if !o.left_out.is_empty() {
        let named: Vec<String> = o.left_out.iter().map(|(name, n)| format!("{name} ({n})")).collect();
        line.push_str(&format!(
            "\nleft out {} booklet{} of more than {} cases (booklet_max_cases in site.yaml; their pages offer the \
             selection booklet instead): {}",
            o.left_out.len(),
            if o.left_out.len() == 1 { "" } else { "s" },
            o.booklet_max_cases,
            named.join(", ")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
