//! `casebook pdf`: prints booklets to PDF with headless Chromium, into `content/static/pdf/` by
//! default, where the next build (with `pdf: true` in site.yaml) finds them and links them with
//! their size.

use casebook::output::{Folder, Sink};
use casebook::pipeline;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct PdfArgs {
    #[command(flatten)]
    pub site: super::SiteArgs,
    /// The booklet to print: `all` (every case), a term as `taxonomy/term` (e.g.
    /// `incidents/ransomware`), or the id of a `booklets:` entry of site.yaml; may be repeated
    #[arg(long = "booklet", value_name = "ID", required_unless_present = "all")]
    pub booklets: Vec<String>,
    /// Print every booklet
    #[arg(long, conflicts_with = "booklets")]
    pub all: bool,
    /// Only this language (ja or en) [default: both]
    #[arg(long)]
    pub lang: Option<String>,
    /// Where the PDFs go [default: <root>/content/static/pdf, where the build finds them]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Chromium's binary [default: the first of chromium, chromium-browser, google-chrome,
    /// google-chrome-stable on the PATH]
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
}

impl PdfArgs {
    pub fn run(self) -> ExitCode {
        match self.print() {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::FAILURE
            }
        }
    }

    fn print(&self) -> Result<(), String> {
        let chromium = self.chromium()?;
        // The site is built into a folder of its own, which Chromium opens with file://.
        let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let site_dir = dir.path().join("site");
        let opts = self.site.options(Some(site_dir.clone()));
        let prepared = pipeline::prepare(&opts).map_err(|report| {
            report.print();
            "the site has errors; no PDF was printed".to_owned()
        })?;
        let all = prepared.plan.booklets(&prepared.site);
        let wanted: Vec<_> = all
            .iter()
            .filter(|(_, name, lang, _)| {
                (self.all || self.booklets.contains(name)) && self.lang.as_deref().is_none_or(|l| l == lang.code())
            })
            .collect();
        for name in &self.booklets {
            if !all.iter().any(|(_, n, _, _)| n == name) {
                let left_out = prepared.plan.left_out.iter().find(|(b, _)| &b.name(&prepared.site) == name);
                return Err(match left_out {
                    Some((_, n)) => format!(
                        "the booklet `{name}` has {n} cases, more than booklet_max_cases ({}) in site.yaml, so it is not made",
                        prepared.site.config.booklet_max_cases
                    ),
                    None => {
                        let some: Vec<&str> = all.iter().map(|(_, n, _, _)| n.as_str()).take(8).collect();
                        format!("there is no booklet `{name}`; booklets are named like {}", some.join(", "))
                    }
                });
            }
        }
        if let Some(l) = &self.lang
            && casebook::model::Lang::parse(l).is_none()
        {
            return Err(format!("unknown language `{l}`: use ja or en"));
        }
        pipeline::build(&opts).map_err(|report| {
            report.print();
            "the site has errors; no PDF was printed".to_owned()
        })?;
        let out = self.out.clone().unwrap_or_else(|| self.site.root.join("content/static/pdf"));
        let sink = Folder { dir: out.clone() };
        let mut browser = casebook::pdf::Browser::start(&chromium)?;
        for (booklet, name, lang, path) in wanted {
            let started = std::time::Instant::now();
            let pdf = browser.print(&site_dir.join(path))?;
            let file = booklet.pdf_file(&prepared.site, *lang);
            let file = file.strip_prefix("pdf/").unwrap_or(&file);
            sink.write(file, &pdf).map_err(|e| format!("cannot write {}: {e}", out.join(file).display()))?;
            eprintln!(
                "printed {name} ({lang}): {} in {:.1} s, {:.1} MB",
                out.join(file).display(),
                started.elapsed().as_secs_f64(),
                pdf.len() as f64 / 1e6
            );
        }
        Ok(())
    }

    fn chromium(&self) -> Result<PathBuf, String> {
        if let Some(c) = &self.chromium {
            return if c.is_file() { Ok(c.clone()) } else { Err(format!("--chromium {}: no such file", c.display())) };
        }
        casebook::pdf::find_chromium(std::env::var_os("PATH").as_deref()).ok_or_else(|| {
            format!(
                "casebook pdf prints with headless Chromium, and none was found on the PATH (looked for {}).\n\
                 Install it, e.g. `apt-get install chromium` on Debian or Ubuntu, or give its binary with --chromium PATH.",
                casebook::pdf::CHROMIUM_NAMES.join(", ")
            )
        })
    }
}
