//! The build, as a flat list of named stages: load → plan → render → write. Each stage is one
//! call; the output folder is touched only when every stage succeeded.

use crate::diagnostics::{Diagnostic, Report};
use crate::load::{self, theme};
use crate::model::Site;
use crate::output::{Discard, Protected, Reuse, Sink, Staging};
use crate::plan::Plan;
use crate::render::{self, Progress, Which, Written, templates};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
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
    pub progress: Option<Arc<Progress>>,
    /// Called once if another build holds the output folder's lock; this build then waits for it.
    pub on_lock_wait: Option<fn(&Path)>,
    /// Keep the site a build replaces beside the output, for the next build to rewrite in place
    /// (`build --no-keep` says no: it removes a kept one too, and saves a copy's disk space).
    pub keep_previous: bool,
}

impl BuildOptions {
    /// Options for a build of the project at `root` into `out` (`None`: check only).
    pub fn new(root: impl Into<PathBuf>, out: Option<PathBuf>) -> BuildOptions {
        BuildOptions { root: root.into(), out, strict: false, progress: None, on_lock_wait: None, keep_previous: true }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct Outcome {
    pub written: Written,
    /// Warnings that did not stop the build.
    pub warnings: Report,
    pub elapsed: Duration,
    pub cases: usize,
    /// The booklets left out because they hold more than `booklet_max_cases` cases: (what, how
    /// many cases), e.g. ("incidents/ransomware", 2104). The build summary names them.
    pub left_out: Vec<(String, usize)>,
    /// `booklet_max_cases` of site.yaml.
    pub booklet_max_cases: usize,
}

/// Everything a render needs, loaded and checked, and the plan of the files it writes.
pub struct Prepared {
    pub site: Site,
    pub theme: theme::Theme,
    pub tera: tera::Tera,
    pub plan: Plan,
    /// Warnings of the load (under `--strict` they were errors).
    pub warnings: Report,
    pub timings: Vec<(&'static str, Duration)>,
    /// The search indexes, once a render made them.
    pub search: render::SearchCache,
    /// The cases' cards, once a render made them.
    pub cards: render::CardCache,
    /// The glossary's autolinks, once a render made them.
    pub autolinks: render::AutoLinkCache,
}

impl Prepared {
    /// The prepared site as renders take it; `root` is the project folder it was loaded from.
    pub fn project<'a>(&'a self, root: &'a Path) -> render::Project<'a> {
        render::Project {
            site: &self.site,
            theme: &self.theme,
            tera: &self.tera,
            plan: &self.plan,
            root,
            search: &self.search,
            cards: &self.cards,
            autolinks: &self.autolinks,
        }
    }
}

/// Runs the build. On error, the report holds every problem found, and the output folder is as it was.
pub fn build(opts: &BuildOptions) -> Result<Outcome, Report> {
    match &opts.out {
        None => build_into(opts, &Discard),
        Some(out) => {
            let fail = |msg: String| Report::from(Diagnostic::error(out.display().to_string(), msg));
            // The new site is written beside the old one and swapped in only if every stage succeeded.
            let reuse = if opts.keep_previous { Reuse::Keep } else { Reuse::Delete };
            let staging = Staging::create(out, &protected(&opts.root), opts.on_lock_wait, reuse).map_err(fail)?;
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

/// Like `build_into`, and also returns what was loaded and planned (kept by `serve` for
/// incremental rebuilds).
pub fn build_prepared(opts: &BuildOptions, sink: &dyn Sink) -> Result<(Outcome, Prepared), Report> {
    let started = Instant::now();
    // 1. load and check the content and the theme; 2. plan every file.
    let prepared = prepare(opts)?;
    // 3. render every file into the sink (4. which writes it), checking every link.
    let never = AtomicBool::new(false);
    let project = prepared.project(&opts.root);
    let mut written = render::render(project, Which::All, sink, opts.progress.as_deref(), &never)
        .map_err(|r| with(&prepared.warnings, r.into_items()))?
        .expect("a build is never cancelled");
    written.timings.splice(0..0, prepared.timings.iter().copied());
    let mut warnings = prepared.warnings.clone();
    warnings.extend(std::mem::take(&mut written.warnings));
    if opts.strict && !warnings.is_empty() {
        // Warnings found while rendering count as errors under --strict, like those of the load.
        warnings.promote_warnings();
        return Err(warnings);
    }
    let site = &prepared.site;
    let left_out = prepared.plan.left_out.iter().map(|&(b, n)| (b.name(site), n)).collect();
    let outcome = Outcome {
        written,
        warnings,
        elapsed: started.elapsed(),
        cases: site.cases.len(),
        left_out,
        booklet_max_cases: site.config.booklet_max_cases,
    };
    Ok((outcome, prepared))
}

/// Stages 1 and 2: load and check the content, load the theme and compile its templates, plan.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Report> {
    let started = Instant::now();
    let (site, mut report) = load::load(&opts.root);
    if opts.strict {
        report.promote_warnings();
    }
    let site = match site {
        Some(site) if !report.has_errors() => site,
        _ => return Err(report),
    };
    let loaded = started.elapsed();
    let theme = theme::load(&opts.root, &site.config.theme).map_err(|p| with(&report, p))?;
    let tera = templates::compile(&theme).map_err(|p| with(&report, p))?;
    let themed = started.elapsed();
    let plan = Plan::new(&site, &theme);
    let timings = vec![
        ("load and check content", loaded),
        ("load theme", themed - loaded),
        ("plan every file", started.elapsed() - themed),
    ];
    let cards = render::card_cache(site.cases.len());
    Ok(Prepared {
        site,
        theme,
        tera,
        plan,
        warnings: report,
        timings,
        search: Default::default(),
        cards,
        autolinks: Default::default(),
    })
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
