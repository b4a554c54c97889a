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
        line.push_str(&format!(
            "\nleft out {} booklet{} of more than {} cases (booklet_max_cases in site.yaml; their pages offer the \
             selection booklet instead): {}",
            o.left_out.len(),
            if o.left_out.len() == 1 { "" } else { "s" },
            o.booklet_max_cases,
            left_out_list(&o.left_out)
        ));
    }
    line
}

/// Up to this many booklets left out are named one by one; more are counted per taxonomy (at
/// 10,000 cases all 157 of them filled a screen); `build --verbose` names them all.
pub const LEFT_OUT_NAMED: usize = 12;

/// The booklets left out, as the summary names them: `all (3), incidents/ransomware (130)`, or,
/// when there are many, `all (10000), incidents: 11 booklets of 1064–1116 cases, …`.
pub fn left_out_list(left_out: &[(String, usize)]) -> String {
    if left_out.len() <= LEFT_OUT_NAMED {
        return left_out.iter().map(|(name, n)| format!("{name} ({n})")).collect::<Vec<_>>().join(", ");
    }
    // Grouped by what comes before the `/` (the taxonomy, or `booklets` for those of site.yaml), in
    // the order of the first of each group.
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut single: Vec<String> = Vec::new();
    for (name, n) in left_out {
        match name.split_once('/') {
            Some((group, _)) => match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, counts)) => counts.push(*n),
                None => groups.push((group, vec![*n])),
            },
            None => single.push(format!("{name} ({n})")),
        }
    }
    let grouped = groups.into_iter().map(|(group, counts)| {
        let (lo, hi) = (counts.iter().min().copied().unwrap_or(0), counts.iter().max().copied().unwrap_or(0));
        let sizes = if lo == hi { format!("{lo}") } else { format!("{lo}–{hi}") };
        match counts.len() {
            1 => format!("{group}: 1 booklet of {sizes} cases"),
            k => format!("{group}: {k} booklets of {sizes} cases"),
        }
    });
    single.into_iter().chain(grouped).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn many_booklets_left_out_are_counted_per_taxonomy_not_listed() {
        let few: Vec<(String, usize)> = vec![("all".into(), 300), ("incidents/ransomware".into(), 130)];
        assert_eq!(super::left_out_list(&few), "all (300), incidents/ransomware (130)");
        let mut many: Vec<(String, usize)> = vec![("all".into(), 10_000)];
        many.extend((0..11).map(|i| (format!("incidents/i{i}"), 1_064 + i * 5)));
        many.extend((0..47).map(|i| (format!("prefectures/p{i}"), 182 + i)));
        many.push(("booklets/manufacturing-malware".into(), 152));
        assert_eq!(
            super::left_out_list(&many),
            "all (10000), incidents: 11 booklets of 1064–1114 cases, prefectures: 47 booklets of 182–228 cases, \
             booklets: 1 booklet of 152 cases"
        );
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
