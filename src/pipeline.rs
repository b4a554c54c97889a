//! The build, as a flat list of named stages: load → theme → render → write.

use crate::content;
use crate::diagnostics::{Diagnostic, Report};
use crate::model::Site;
use crate::output::{Discard, Protected, Sink, Staging};
use crate::render::{self, Written};
use crate::theme;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder: holds `content/` and, optionally, `themes/`.
    pub root: PathBuf,
    /// Where the site goes; `None` checks everything and writes nothing.
    pub out: Option<PathBuf>,
    /// Warnings (e.g. a missing English text) count as errors.
    pub strict: bool,
    /// Counts rendered pages, for a progress display.
    pub progress: Option<std::sync::Arc<render::Progress>>,
    /// Called once if another build holds the output folder's lock; this build then waits for it.
    pub on_lock_wait: Option<fn(&Path)>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct Outcome {
    pub written: Written,
    /// Warnings that did not stop the build.
    pub warnings: Report,
    pub elapsed: Duration,
    pub cases: usize,
}

/// Runs the build. On error, the report holds every problem found, and the output folder is as it was.
pub fn build(opts: &BuildOptions) -> Result<Outcome, Report> {
    match &opts.out {
        None => build_into(opts, &Discard),
        Some(out) => {
            let fail = |msg: String| Report::from(Diagnostic::error(out.display().to_string(), msg));
            // The new site is written beside the old one and swapped in only if every stage succeeded.
            let staging = Staging::create(out, &protected(&opts.root), opts.on_lock_wait).map_err(fail)?;
            let outcome = build_into(opts, &staging)?;
            staging.commit().map_err(fail)?;
            Ok(outcome)
        }
    }
}

/// The stages, writing into `sink`.
pub fn build_into(opts: &BuildOptions, sink: &dyn Sink) -> Result<Outcome, Report> {
    build_prepared(opts, sink).map(|(outcome, _)| outcome)
}

/// Like `build_into`, and also returns the loaded site, theme and templates (kept by `serve`
/// for incremental rebuilds).
pub fn build_prepared(opts: &BuildOptions, sink: &dyn Sink) -> Result<(Outcome, Prepared), Report> {
    let started = Instant::now();
    // 1. Load and validate the content; 2. load the theme and compile its templates.
    let prepared = prepare(opts)?;
    let Prepared { site, theme, tera, warnings, timings } = &prepared;

    // 3. Render every page into the sink, checking every link.
    let project = render::Project { site, theme, tera, root: &opts.root };
    let mut written =
        render::render(project, sink, opts.progress.as_deref()).map_err(|r| with(warnings, r.into_items()))?;
    written.timings.splice(0..0, timings.iter().copied());
    let mut all_warnings = warnings.clone();
    all_warnings.extend(std::mem::take(&mut written.warnings));
    if opts.strict && !all_warnings.is_empty() {
        // Warnings found while rendering count as errors under --strict, like those of the load.
        all_warnings.promote_warnings();
        return Err(all_warnings);
    }
    let outcome = Outcome { written, warnings: all_warnings, elapsed: started.elapsed(), cases: site.cases.len() };
    Ok((outcome, prepared))
}

/// Everything a render needs, loaded and checked.
pub struct Prepared {
    pub site: Site,
    pub theme: theme::Theme,
    pub tera: tera::Tera,
    /// Warnings of the load (under `--strict` they were errors).
    pub warnings: Report,
    pub timings: Vec<(&'static str, Duration)>,
}

impl Prepared {
    /// The prepared site as renders take it; `root` is the project folder it was loaded from.
    pub fn project<'a>(&'a self, root: &'a std::path::Path) -> render::Project<'a> {
        render::Project { site: &self.site, theme: &self.theme, tera: &self.tera, root }
    }
}

/// Stages 1 and 2: load and check the content, load the theme and compile its templates.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Report> {
    let started = Instant::now();
    let root = &opts.root;
    let (site, mut report) = content::load(root);
    let loaded = started.elapsed();
    if opts.strict {
        report.promote_warnings();
    }
    let site = match site {
        Some(site) if !report.has_errors() => site,
        _ => return Err(report),
    };
    let theme = theme::load(root, &site.config.theme).map_err(|p| with(&report, p))?;
    let tera = theme::compile(&theme).map_err(|p| with(&report, p))?;
    let timings = vec![("load and check content", loaded), ("load theme", started.elapsed() - loaded)];
    Ok(Prepared { site, theme, tera, warnings: report, timings })
}

/// The folders an output folder must never replace.
pub fn protected(root: &Path) -> Vec<Protected> {
    vec![
        Protected { path: root.to_path_buf(), may_contain_output: true },
        Protected { path: root.join("content"), may_contain_output: false },
        Protected { path: root.join("themes"), may_contain_output: false },
        Protected { path: root.join("src"), may_contain_output: false },
        Protected { path: root.join(".git"), may_contain_output: false },
    ]
}

fn with(report: &Report, more: Vec<Diagnostic>) -> Report {
    let mut r = report.clone();
    r.extend(more);
    r
}
