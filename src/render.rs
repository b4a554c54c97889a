//! The render stage: every page of the site from the model, the theme and the templates, each
//! checked for broken links and handed to the output sink.

use crate::charts;
use crate::diagnostics::{Diagnostic, Report};
use crate::feeds;
use crate::highlight;
use crate::incremental::{self, Affected};
use crate::lang::{Lang, Localized};
use crate::linkcheck::{self, Broken, PathSet, Pending};
use crate::markdown::{self, AutoLinkTarget, LinkResolver, ROOT};
use crate::model::{Case, Markdown, Site, Source, Taxonomy, TaxonomyKind, TermRef};
use crate::output::Sink;
use crate::routes::{self, Route, root_prefix};
use crate::search;
use crate::theme::{Theme, template_error};
use crate::views::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use tera::{Context, Tera};

/// One page to render.
#[derive(Clone, Copy, Debug)]
enum Job {
    LanguageChooser,
    NotFound,
    Home(Lang),
    /// A page (1-based) of the list of cases.
    Cases(Lang, u32),
    Case(Lang, usize),
    Taxonomy(Lang, usize),
    /// A page (1-based) of a term's cases.
    Term(Lang, usize, usize, u32),
    Page(Lang, usize),
    Search(Lang),
    Overview(Lang),
    Print(Lang),
    TermPrint(Lang, usize, usize),
}

impl Job {
    fn route<'s>(self, site: &'s Site) -> Route<'s> {
        match self {
            Job::LanguageChooser => Route::LanguageChooser,
            Job::NotFound => Route::NotFound,
            Job::Home(l) => Route::Home(l),
            Job::Cases(l, n) => routes::cases_page(l, n),
            Job::Case(l, i) => Route::Case(l, &site.cases[i].id),
            Job::Taxonomy(l, t) => Route::Taxonomy(l, &site.taxonomies[t].name),
            Job::Term(l, t, i, n) => routes::term_page(l, &site.taxonomies[t].name, &site.taxonomies[t].terms[i].id, n),
            Job::Page(l, i) => Route::Page(l, &site.pages[i].slug),
            Job::Search(l) => Route::Search(l),
            Job::Overview(l) => Route::Overview(l),
            Job::Print(l) => Route::Print(l),
            Job::TermPrint(l, t, i) => Route::TermPrint(l, &site.taxonomies[t].name, &site.taxonomies[t].terms[i].id),
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Job::LanguageChooser => "language-chooser",
            Job::NotFound => "not-found",
            Job::Home(_) => "home",
            Job::Cases(..) => "cases",
            Job::Case(..) => "case",
            Job::Taxonomy(..) => "taxonomy",
            Job::Term(..) => "term",
            Job::Search(_) => "search",
            Job::Overview(_) => "overview",
            Job::Print(_) => "print",
            Job::TermPrint(..) => "term-print",
            Job::Page(..) => "page",
        }
    }

    /// The template that renders the page.
    fn template(self) -> &'static str {
        match self {
            Job::LanguageChooser => "language_chooser.html",
            Job::NotFound => "404.html",
            Job::Home(_) => "home.html",
            Job::Cases(..) => "cases.html",
            Job::Case(..) => "case.html",
            Job::Taxonomy(..) => "taxonomy.html",
            Job::Term(..) => "term.html",
            Job::Page(..) => "page.html",
            Job::Search(_) => "search.html",
            Job::Overview(_) => "overview.html",
            Job::Print(_) | Job::TermPrint(..) => "print.html",
        }
    }

    /// The content file a page is made from, named when one of its links is broken.
    fn source_file(self, site: &Site) -> Option<&str> {
        match self {
            Job::Case(_, i) => Some(&site.cases[i].file),
            Job::Page(_, i) => Some(&site.pages[i].file),
            Job::Taxonomy(..) | Job::Term(..) | Job::TermPrint(..) => Some("content/taxonomies.yaml"),
            _ => None,
        }
    }
}

/// Counts of what a render wrote.
#[derive(Debug, Default, Clone)]
pub struct Written {
    pub pages: BTreeMap<&'static str, usize>,
    pub files: usize,
    pub bytes: u64,
    /// Problems that did not stop the render (e.g. a footnote without a definition).
    pub warnings: Vec<Diagnostic>,
    /// How long each part of the render took (for `--verbose` and profiling).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Renders the whole site into `sink`. Errors (broken content links, template errors, broken
/// links in the output, write failures) are collected and returned together.
/// Pages rendered so far and in all, updated while a build runs (for a progress display).
#[derive(Debug, Default)]
pub struct Progress {
    pub done: std::sync::atomic::AtomicUsize,
    pub total: std::sync::atomic::AtomicUsize,
}

/// What every render works from: the checked site, its theme and compiled templates, and the
/// project folder (for the site's own static files).
#[derive(Clone, Copy)]
pub struct Project<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a Tera,
    pub root: &'a Path,
}

pub fn render(project: Project<'_>, sink: &dyn Sink, progress: Option<&Progress>) -> Result<Written, Report> {
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str, timings: &mut Vec<_>| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let (renderer, setup_problems) = Renderer::new(project);
    let site = project.site;
    let jobs = renderer.jobs();
    let extra = feeds::files(site, &renderer.routes(&jobs));
    let known = renderer.known_paths(&jobs);
    lap("plan pages", &mut timings);
    // The search indexes are built while the pages render: both run on the same thread pool, and
    // the indexes' sequential merge fills cores the pages leave idle.
    if let Some(p) = progress {
        p.total.store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let ((statics, static_problems), mut pass) =
        rayon::join(|| renderer.static_files(), || renderer.render_pages(&jobs, &known, sink, progress));
    pass.problems.splice(0..0, setup_problems);
    pass.problems.extend(static_problems);
    lap("render pages and search indexes", &mut timings);
    let files = statics.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
    pass.write_files(files.chain(extra.iter().map(|(p, b)| (p.as_str(), b.as_slice()))), sink);
    lap("write static files", &mut timings);
    let result = pass.finish(true, &|page, link| renderer.blame(page, link));
    lap("check anchors", &mut timings);
    result.map(|mut w| {
        w.timings = timings;
        w
    })
}

/// The buffer a page is rendered into starts this large (most pages are 8–40 KB).
const PAGE_CAPACITY: usize = 32 * 1024;

/// `html` with every ROOT marker replaced by `root`, the way from the page back to the site root.
fn fill_root(html: Vec<u8>, root: &str) -> Vec<u8> {
    let finder = memchr::memmem::Finder::new(ROOT.as_bytes());
    let mut hits = finder.find_iter(&html).peekable();
    if hits.peek().is_none() {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut from = 0;
    for at in hits {
        out.extend_from_slice(&html[from..at]);
        out.extend_from_slice(root.as_bytes());
        from = at + ROOT.len();
    }
    out.extend_from_slice(&html[from..]);
    out
}

/// Phase 1 of an incremental rebuild (`serve`): the pages `affected` names, in place.
pub fn render_update(
    project: Project<'_>,
    sink: &dyn Sink,
    affected: &Affected,
    known: &PathSet,
) -> Result<Written, Report> {
    let (renderer, setup_problems) = Renderer::new(project);
    let site = project.site;
    let per = site.config.paginate_by;
    let page_range = |from: usize, to: usize, len: usize| {
        let last = incremental::pages(len, per) as u32;
        let page = |pos: usize| per.map_or(1, |p| pos / p + 1) as u32;
        page(from).min(last)..=page(to).min(last)
    };
    let mut jobs = Vec::new();
    for lang in Lang::ALL {
        jobs.extend(affected.cases.iter().map(|&i| Job::Case(lang, i)));
        for &(r, from, to) in &affected.terms {
            let len = renderer.by_term[r.taxonomy][r.term].len();
            jobs.extend(page_range(from, to, len).map(|n| Job::Term(lang, r.taxonomy, r.term, n)));
        }
        if let Some((from, to)) = affected.list {
            jobs.extend(page_range(from, to, site.cases.len()).map(|n| Job::Cases(lang, n)));
        }
    }
    let mut pass = renderer.render_pages(&jobs, known, sink, None);
    pass.problems.splice(0..0, setup_problems);
    pass.finish(false, &|page, link| renderer.blame(page, link))
}

/// After template edits (`serve`): renders again every page whose template uses one of
/// `templates` (by `extends`/`include`, see `theme::template_users`), in place.
pub fn render_templates(
    project: Project<'_>,
    sink: &dyn Sink,
    known: &PathSet,
    templates: &std::collections::BTreeSet<String>,
) -> Result<Written, Report> {
    let (renderer, setup_problems) = Renderer::new(project);
    let cards = templates.contains(CARD_TEMPLATE);
    let booklets = templates.contains(BOOKLET_CASE_TEMPLATE);
    let jobs: Vec<Job> = renderer
        .jobs()
        .into_iter()
        .filter(|j| {
            templates.contains(j.template())
                || (cards && matches!(j, Job::Cases(..) | Job::Term(..)))
                || (booklets && matches!(j, Job::Print(..) | Job::TermPrint(..)))
        })
        .collect();
    let mut pass = renderer.render_pages(&jobs, known, sink, None);
    pass.problems.splice(0..0, setup_problems);
    pass.finish(false, &|page, link| renderer.blame(page, link))
}

/// After edits of static files only (`serve`): writes `static/<rel>` again for each of `rels`,
/// the site's own file (content/static/) before the theme's, as a full build does.
pub fn render_statics(project: Project<'_>, sink: &dyn Sink, rels: &[String]) -> Result<Written, Report> {
    let mut written = Written::default();
    let mut report = Report::default();
    for rel in rels {
        let out = format!("static/{rel}");
        let own = project.root.join("content/static").join(rel);
        let bytes = if std::fs::symlink_metadata(&own).is_ok() {
            match crate::safe_fs::Project::new(project.root).read(&own, None) {
                Ok(b) => b,
                Err(d) => {
                    report.push(d);
                    continue;
                }
            }
        } else {
            match project.theme.statics.get(rel) {
                Some(file) => file.bytes.clone(),
                None => continue,
            }
        };
        match sink.write(&out, &bytes) {
            Ok(()) => {
                written.files += 1;
                written.bytes += bytes.len() as u64;
            }
            Err(e) => report.push(Diagnostic::error(out, format!("cannot write: {e}"))),
        }
    }
    if report.is_empty() { Ok(written) } else { Err(report) }
}

/// Every file a full build of `site` writes (links are checked against this set).
pub fn known_paths(project: Project<'_>) -> PathSet {
    let (renderer, _) = Renderer::new(project);
    renderer.known_paths(&renderer.jobs())
}

/// Phase 2 of an incremental rebuild (`serve`): what depends on the whole collection — search
/// indexes, the home and taxonomy pages (counts), booklets, feeds. Returns
/// `Ok(None)` if `cancel` was set meanwhile (a newer edit arrived); phase 2 is then run again
/// after that edit, so files it left half-updated are made whole.
pub fn render_rest(
    project: Project<'_>,
    sink: &dyn Sink,
    affected: &Affected,
    known: &PathSet,
    cancel: &AtomicBool,
) -> Result<Option<Written>, Report> {
    let (renderer, _) = Renderer::new(project);
    let site = project.site;
    let all = renderer.jobs();
    let touched: Vec<(usize, usize)> = affected.terms.iter().map(|(r, _, _)| (r.taxonomy, r.term)).collect();
    let jobs: Vec<Job> = all
        .iter()
        .copied()
        .filter(|job| match *job {
            Job::Home(_) | Job::Taxonomy(..) => affected.counts,
            Job::Print(_) => true,
            Job::TermPrint(_, t, i) => touched.contains(&(t, i)),
            _ => false,
        })
        .collect();
    let (mut pass, (ja, en)) = rayon::join(
        || renderer.render_pages_until(&jobs, known, sink, None, cancel),
        || rayon::join(|| renderer.search_index(Lang::Ja, cancel), || renderer.search_index(Lang::En, cancel)),
    );
    let (Some(ja), Some(en)) = (ja, en) else { return Ok(None) };
    if cancel.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut files =
        vec![("static/search-ja.js".to_owned(), ja.into_bytes()), ("static/search-en.js".to_owned(), en.into_bytes())];
    files.extend(feeds::files(site, &renderer.routes(&all)));
    pass.write_files(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())), sink);
    pass.finish(false, &|page, link| renderer.blame(page, link)).map(Some)
}

/// The page numbers a pager shows on page `current` of `total`: the first and the last, and two
/// on either side of the current one; a gap of a single page shows that page instead. A list of
/// 60 pages then has 7–9 links on each page, not 60 (the pager of a large collection stays short
/// to read, and a page's size does not grow with the number of pages).
fn pager_numbers(current: u32, total: u32) -> Vec<u32> {
    let mut shown: Vec<u32> = [1, total].into_iter().chain(current.saturating_sub(2)..=current + 2).collect();
    shown.retain(|&k| (1..=total).contains(&k));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for k in shown {
        if let Some(&last) = out.last()
            && k == last + 2
        {
            out.push(last + 1);
        }
        out.push(k);
    }
    out
}

/// What rendering a set of pages produced, before the final checks.
struct Pass {
    written: Written,
    problems: Vec<Diagnostic>,
    broken: Vec<Broken>,
    pending: Pending,
    ids_by_page: HashMap<String, Vec<u64>>,
}

impl Pass {
    fn write_files<'f>(&mut self, files: impl Iterator<Item = (&'f str, &'f [u8])>, sink: &dyn Sink) {
        for (path, bytes) in files {
            match sink.write(path, bytes) {
                Ok(()) => {
                    self.written.files += 1;
                    self.written.bytes += bytes.len() as u64;
                }
                Err(e) => self.problems.push(Diagnostic::error(path, format!("cannot write: {e}"))),
            }
        }
    }

    /// Reports broken links, each with the content file it comes from when `blame` knows it;
    /// anchors on pages of other passes are checked only when `all_pages` says this pass rendered
    /// every page.
    fn finish(self, all_pages: bool, blame: &dyn Fn(&str, &str) -> Option<String>) -> Result<Written, Report> {
        let Pass { mut written, problems, mut broken, pending, ids_by_page } = self;
        let (mut problems, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            problems.into_iter().partition(|d| d.severity == crate::diagnostics::Severity::Error);
        written.warnings = warnings;
        let pending = if all_pages {
            pending
        } else {
            Pending {
                items: pending.items.into_iter().filter(|(_, _, target, _)| ids_by_page.contains_key(target)).collect(),
            }
        };
        broken.extend(linkcheck::finish(pending, &ids_by_page));
        broken.sort();
        for b in broken {
            let why = match blame(&b.page, &b.link) {
                Some(file) => format!("{} (the page is made from {file})", b.why),
                None => b.why.clone(),
            };
            problems.push(Diagnostic::error(b.page.clone(), format!("broken link `{}`: {why}", b.link)));
        }
        if problems.is_empty() {
            Ok(written)
        } else {
            let mut report = Report::default();
            report.extend(problems);
            Err(report)
        }
    }
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    root: &'a Path,
    /// One template engine per language, with that language's UI strings, site texts and
    /// navigation in its global context.
    tera: BTreeMap<Lang, Tera>,
    by_term: Vec<Vec<Vec<usize>>>,
    /// Glossary words per language, linked where they first appear in a text.
    autolinks: BTreeMap<Lang, Vec<AutoLinkTarget>>,
    /// A case as booklets show it, rendered once per language and shared by every booklet it
    /// appears in (its HTML holds ROOT markers, so it fits any page depth).
    booklet_articles: Vec<[OnceLock<Article>; 2]>,
    /// A case's card in lists (`partials/case_card.html`), rendered once per language and shared
    /// by every list it appears in: the list of all cases and each of its terms' pages.
    cards: Vec<[OnceLock<Result<String, Diagnostic>>; 2]>,
}

/// The template of a case in lists; it sees `c` (a `CaseCard`), `root`, `lang` and `t`.
const CARD_TEMPLATE: &str = "partials/case_card.html";

/// A case's booklet article: its HTML and the problems of its Markdown, or a template error.
type Article = Result<(String, Vec<Diagnostic>), Diagnostic>;

/// The template of a case in booklets; it sees `c` (a `PrintCase`), `root`, `lang` and `t`.
const BOOKLET_CASE_TEMPLATE: &str = "partials/print_case.html";

impl<'a> Renderer<'a> {
    fn new(project: Project<'a>) -> (Renderer<'a>, Vec<Diagnostic>) {
        let Project { site, theme, tera, root } = project;
        let mut engines = BTreeMap::new();
        for lang in Lang::ALL {
            let mut t = tera.clone();
            let g = t.global_context();
            g.insert("lang", &lang);
            g.insert("other_lang", &lang.other());
            g.insert("t", &theme.strings_for(lang));
            g.insert(
                "site",
                &SiteView {
                    title: site.config.title.get(lang),
                    description: site.config.description.get(lang),
                    base_url: site.config.base_url.as_deref(),
                    default_lang: site.config.default_lang,
                },
            );
            g.insert("nav", &nav(site, lang));
            engines.insert(lang, t);
        }
        let mut renderer = Renderer {
            site,
            theme,
            root,
            tera: engines,
            by_term: site.cases_by_term(),
            autolinks: BTreeMap::new(),
            booklet_articles: site.cases.iter().map(|_| Default::default()).collect(),
            cards: site.cases.iter().map(|_| Default::default()).collect(),
        };
        let (autolinks, problems) = renderer.autolink_targets();
        renderer.autolinks = autolinks;
        (renderer, problems)
    }

    /// The `autolink` words of every page, per language, checked against the page's heading ids.
    fn autolink_targets(&self) -> (BTreeMap<Lang, Vec<AutoLinkTarget>>, Vec<Diagnostic>) {
        let mut targets: BTreeMap<Lang, Vec<AutoLinkTarget>> = BTreeMap::new();
        let mut problems = Vec::new();
        for page in self.site.pages.iter().filter(|p| !p.autolink.is_empty()) {
            for lang in Lang::ALL {
                let text = page.body.text.get(lang);
                let origin = markdown::Origin { file: &page.file, first_line: 1, exact_lines: false };
                let opts = markdown::Options_ { lang, id_prefix: "", autolinks: &[], heading_offset: 0 };
                let ids: Vec<String> = markdown::render(text.text, &origin, self, &opts)
                    .headings
                    .into_iter()
                    .map(|(_, id, _)| id)
                    .collect();
                for entry in &page.autolink {
                    let words = entry.words(lang);
                    if words.is_empty() {
                        continue;
                    }
                    if !ids.contains(&entry.anchor) {
                        let which = if text.lang == Lang::Ja { "Japanese" } else { "English" };
                        problems.push(
                            Diagnostic::error(
                                &page.file,
                                format!("autolink `{}` has no heading with that id in the {which} text", entry.anchor),
                            )
                            .at_line(crate::diagnostics::Pos::new(entry.line, 1, 1))
                            .help(format!("give the entry's heading an explicit id: `## Term {{#{}}}`", entry.anchor)),
                        );
                        continue;
                    }
                    let href = format!("{ROOT}{}#{}", Route::Page(lang, &page.slug).path(), entry.anchor);
                    targets.entry(lang).or_default().push(AutoLinkTarget {
                        words: words.to_vec(),
                        except: entry.except.clone(),
                        href,
                    });
                }
            }
        }
        (targets, problems)
    }

    fn routes(&self, jobs: &[Job]) -> Vec<Route<'a>> {
        jobs.iter().map(|j| j.route(self.site)).collect()
    }

    /// Every file the build writes: pages, static files, generated files. Links are checked
    /// against this set while pages render.
    fn known_paths(&self, jobs: &[Job]) -> PathSet {
        let routes = self.routes(jobs);
        let mut known: PathSet = routes.iter().map(Route::path).collect();
        known.extend(self.static_file_names());
        known.extend(feeds::file_names(self.site));
        known
    }

    /// Renders `jobs` in parallel into `sink`, checking each page's links as it is written.
    fn render_pages(&self, jobs: &[Job], known: &PathSet, sink: &dyn Sink, progress: Option<&Progress>) -> Pass {
        self.render_pages_until(jobs, known, sink, progress, &AtomicBool::new(false))
    }

    /// `render_pages`, skipping the jobs not yet started once `cancel` is set.
    fn render_pages_until(
        &self,
        jobs: &[Job],
        known: &PathSet,
        sink: &dyn Sink,
        progress: Option<&Progress>,
        cancel: &AtomicBool,
    ) -> Pass {
        let site = self.site;
        let written = Mutex::new(Written::default());
        let problems = Mutex::new(Vec::<Diagnostic>::new());
        let broken = Mutex::new(Vec::<Broken>::new());
        let pending = Mutex::new(Pending::default());
        let ids_by_page = Mutex::new(HashMap::<String, Vec<u64>>::new());
        jobs.par_iter().for_each(|&job| {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            let path = job.route(site).path();
            let (html, diags) = match self.render_job(job) {
                Ok(r) => r,
                Err(d) => {
                    problems.lock().expect("lock").push(d);
                    return;
                }
            };
            let (links, ids) = linkcheck::scan(&html);
            let mut local_pending = Pending::default();
            let bad = linkcheck::check_page(&path, &links, &ids, known, &mut local_pending);
            let twice = linkcheck::repeated_ids(&ids);
            if !twice.is_empty() {
                let file = job.source_file(site).unwrap_or("the theme's templates");
                let list = twice.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
                let d = Diagnostic::warning(
                    file,
                    format!("the page {path} has more than one element with the id {list}"),
                )
                .help("links to that id reach only the first; rename the heading (`## Title {#other-id}`) — ids the theme uses, such as `main` and `q`, are taken");
                problems.lock().expect("lock").push(d);
            }

            broken.lock().expect("lock").extend(bad);
            pending.lock().expect("lock").items.extend(local_pending.items);
            let id_hashes = linkcheck::id_hashes(&ids);
            drop((links, ids));
            ids_by_page.lock().expect("lock").insert(path.clone(), id_hashes);
            if !diags.is_empty() {
                problems.lock().expect("lock").extend(diags);
            }
            if let Some(p) = progress {
                p.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            match sink.write(&path, &html) {
                Ok(()) => {
                    let mut w = written.lock().expect("lock");
                    *w.pages.entry(job.kind()).or_default() += 1;
                    w.files += 1;
                    w.bytes += html.len() as u64;
                }
                Err(e) => problems.lock().expect("lock").push(Diagnostic::error(path, format!("cannot write: {e}"))),
            }
        });
        Pass {
            written: written.into_inner().expect("lock"),
            problems: problems.into_inner().expect("lock"),
            broken: broken.into_inner().expect("lock"),
            pending: pending.into_inner().expect("lock"),
            ids_by_page: ids_by_page.into_inner().expect("lock"),
        }
    }

    /// The content file a broken `link` on the page at `page` comes from: for a booklet, the case
    /// whose text holds it; otherwise the file the page is made from. Only called for broken links.
    fn blame(&self, page: &str, link: &str) -> Option<String> {
        let job = self.jobs().into_iter().find(|j| j.route(self.site).path() == page)?;
        self.booklet_case_with(job, link, &root_prefix(page)).or(job.source_file(self.site)).map(str::to_owned)
    }

    /// For a booklet page: the file of the case whose article holds a link to `link`.
    fn booklet_case_with(&self, job: Job, link: &str, root: &str) -> Option<&'a str> {
        let (lang, cases): (Lang, Vec<usize>) = match job {
            Job::Print(l) => (l, (0..self.site.cases.len()).collect()),
            Job::TermPrint(l, t, i) => (l, self.by_term[t][i].clone()),
            _ => return None,
        };
        let escaped = crate::highlight::escape(link);
        let relative = escaped.strip_prefix(root).unwrap_or(&escaped);
        let wanted = [format!("href=\"{escaped}\""), format!("href=\"{ROOT}{relative}\"")];
        cases.into_iter().find_map(|c| {
            let slot = self.booklet_articles[c][usize::from(lang == Lang::En)].get()?;
            let (html, _) = slot.as_ref().ok()?;
            wanted.iter().any(|w| html.contains(w.as_str())).then_some(self.site.cases[c].file.as_str())
        })
    }

    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![Job::LanguageChooser, Job::NotFound];
        for lang in Lang::ALL {
            jobs.push(Job::Home(lang));
            jobs.extend((1..=self.page_count(site.cases.len())).map(|n| Job::Cases(lang, n)));
            jobs.extend((0..site.cases.len()).map(|i| Job::Case(lang, i)));
            for (t, tax) in site.taxonomies.iter().enumerate() {
                jobs.push(Job::Taxonomy(lang, t));
                for i in 0..tax.terms.len() {
                    jobs.extend((1..=self.page_count(self.by_term[t][i].len())).map(|n| Job::Term(lang, t, i, n)));
                }
            }
            jobs.extend((0..site.pages.len()).map(|i| Job::Page(lang, i)));
            jobs.push(Job::Search(lang));
            jobs.push(Job::Overview(lang));
            if site.config.print_booklets {
                jobs.push(Job::Print(lang));
                for (t, tax) in site.taxonomies.iter().enumerate() {
                    let with_cases = (0..tax.terms.len()).filter(|&i| !self.by_term[t][i].is_empty());
                    jobs.extend(with_cases.map(|i| Job::TermPrint(lang, t, i)));
                }
            }
        }
        jobs
    }

    /// Theme static files, then the site's own `content/static/` (which wins), then generated files:
    /// the highlighting stylesheet and the search indexes. A file that cannot be read is a problem.
    fn static_files(&self) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
        let mut files: BTreeMap<String, Vec<u8>> =
            self.theme.statics.iter().map(|(p, f)| (format!("static/{p}"), f.bytes.clone())).collect();
        let mut problems = Vec::new();
        let project = crate::safe_fs::Project::new(self.root);
        for file in &self.site.statics {
            match project.read(&file.path, None) {
                Ok(bytes) => {
                    files.insert(format!("static/{}", file.rel), bytes);
                }
                Err(d) => problems.push(d),
            }
        }
        files.insert("static/highlight.css".into(), highlight::stylesheet().into_bytes());
        let never = AtomicBool::new(false);
        let (ja, en) = rayon::join(|| self.search_index(Lang::Ja, &never), || self.search_index(Lang::En, &never));
        files.insert("static/search-ja.js".into(), ja.expect("not cancelled").into_bytes());
        files.insert("static/search-en.js".into(), en.expect("not cancelled").into_bytes());
        (files, problems)
    }

    /// The output paths `static_files` writes, without making them.
    fn static_file_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.theme.statics.keys().map(|p| format!("static/{p}")).collect();
        names.extend(self.site.statics.iter().map(|f| format!("static/{}", f.rel)));
        names.extend(["static/highlight.css", "static/search-ja.js", "static/search-en.js"].map(String::from));
        names
    }

    fn render_job(&self, job: Job) -> Result<(Vec<u8>, Vec<Diagnostic>), Diagnostic> {
        let site = self.site;
        let route = job.route(site);
        let path = route.path();
        let root = root_prefix(&path);
        let lang = route.lang().unwrap_or(site.config.default_lang);
        let mut ctx = Context::new();
        ctx.insert("root", &root);
        let mut diags = Vec::new();
        let title_site = Localized { text: site.config.title.get(lang), lang };
        let desc_site = Localized { text: site.config.description.get(lang), lang };
        let (template, title, description): (&str, Localized, Localized) = match job {
            Job::LanguageChooser | Job::NotFound => {
                let entries: Vec<LanguageEntry> = Lang::ALL
                    .iter()
                    .map(|&l| LanguageEntry {
                        lang: l,
                        name: self.theme.string("language_name", l),
                        path: Route::Home(l).path(),
                        site_title: site.config.title.get(l),
                        site_description: site.config.description.get(l),
                        strings: self.theme.strings_for(l),
                    })
                    .collect();
                ctx.insert("languages", &entries);
                (job.template(), title_site, desc_site)
            }
            Job::Home(l) => {
                ctx.insert("home", &self.home_view(l));
                ctx.insert("charts", &self.charts(l));
                (job.template(), title_site, desc_site)
            }
            Job::Cases(l, n) => {
                let all: Vec<usize> = (0..site.cases.len()).collect();
                let (slice, pager) = self.paginate(&all, n, |k| routes::cases_page(l, k).path());
                let cards = self.card_list(slice, l)?;
                ctx.insert("pager", &pager);
                let filters: Vec<TaxonomyView> =
                    (0..site.taxonomies.len()).map(|t| self.taxonomy_view(t, l, None)).collect();
                ctx.insert("cases", &cards);
                ctx.insert("total", &site.cases.len());
                ctx.insert("filters", &filters);
                ctx.insert("booklet", &site.config.print_booklets.then(|| Route::Print(l).path()));
                (job.template(), Localized { text: self.theme.string("all_cases", l), lang: l }, desc_site)
            }
            Job::Case(l, i) => {
                let case = &site.cases[i];
                let (body, body_lang, d) = self.markdown(&case.body, l, "", true);
                diags.extend(d);
                let view = CaseView {
                    card: self.card(case, l, true),
                    body,
                    body_lang,
                    translated: case.is_translated(l),
                    source: self.source_view(case, l),
                    prev: i
                        .checked_sub(1)
                        .filter(|&p| site.cases[p].collection(site) == case.collection(site))
                        .map(|p| self.neighbour(p, l)),
                    next: Some(i + 1)
                        .filter(|&n| n < site.cases.len() && site.cases[n].collection(site) == case.collection(site))
                        .map(|n| self.neighbour(n, l)),
                };
                ctx.insert("case", &view);
                (job.template(), case.title.get(l), case.summary.get(l))
            }
            Job::Taxonomy(l, t) => {
                let tax = &site.taxonomies[t];
                let description = tax.description.as_ref().map(|md| {
                    let (html, dl, d) = self.markdown(md, l, "", true);
                    diags.extend(d);
                    (html, dl)
                });
                ctx.insert("taxonomy", &self.taxonomy_view(t, l, description));
                (job.template(), Localized { text: tax.label.get(l), lang: l }, desc_site)
            }
            Job::Term(l, t, i, n) => {
                let tax = &site.taxonomies[t];
                let term = &tax.terms[i];
                let (description, description_lang) = match &term.description {
                    Some(md) => {
                        let (html, dl, d) = self.markdown(md, l, "", true);
                        diags.extend(d);
                        (Some(html), dl)
                    }
                    None => (None, l),
                };
                let view = TermView {
                    code: term.id.as_str(),
                    label: term.label.get(l),
                    path: Route::Term(l, &tax.name, &term.id).path(),
                    group: term.group.map(|g| tax.groups[g].label.get(l)),
                    description,
                    description_lang,
                    source: term.source.as_ref().map(|s| self.source_of(t, i, s, None, l)),
                };
                let (slice, pager) =
                    self.paginate(&self.by_term[t][i], n, |k| routes::term_page(l, &tax.name, &term.id, k).path());
                let cards = self.card_list(slice, l)?;
                ctx.insert("pager", &pager);
                ctx.insert("taxonomy", &self.taxonomy_link(tax, l));
                ctx.insert("term", &view);
                ctx.insert("cases", &cards);
                ctx.insert("total", &self.by_term[t][i].len());
                let booklet = (site.config.print_booklets && !cards.is_empty())
                    .then(|| Route::TermPrint(l, &tax.name, &term.id).path());
                ctx.insert("booklet", &booklet);
                (job.template(), Localized { text: term.label.get(l), lang: l }, desc_site)
            }
            Job::Overview(l) => {
                ctx.insert("charts", &self.charts(l));
                ctx.insert("home", &self.home_view(l));
                (job.template(), Localized { text: self.theme.string("overview_title", l), lang: l }, desc_site)
            }
            Job::Search(l) => {
                ctx.insert("search", &SearchView { index: format!("static/search-{l}.js") });
                (job.template(), Localized { text: self.theme.string("search", l), lang: l }, desc_site)
            }
            Job::Print(l) => {
                let cases: Vec<usize> = (0..site.cases.len()).collect();
                let (view, d) = self.print_view(l, site.config.title.get(l).to_owned(), None, &cases);
                diags.extend(d);
                ctx.insert("booklet", &view);
                (job.template(), Localized { text: site.config.title.get(l), lang: l }, desc_site)
            }
            Job::TermPrint(l, t, i) => {
                let tax = &site.taxonomies[t];
                let term = &tax.terms[i];
                let title = format!("{}: {}", tax.label.get(l), term.label.get(l));
                let (mut view, d) = self.print_view(l, title, Some((t, i)), &self.by_term[t][i]);
                diags.extend(d);
                if let Some(md) = &term.description {
                    let (html, dl, d) = self.markdown(md, l, "term-", true);
                    diags.extend(d);
                    view.intro = Some(html);
                    view.intro_lang = dl;
                }
                ctx.insert("booklet", &view);
                (job.template(), Localized { text: term.label.get(l), lang: l }, desc_site)
            }
            Job::Page(l, i) => {
                let page = &site.pages[i];
                let (body, body_lang, d) = self.markdown(&page.body, l, "", page.autolink.is_empty());
                diags.extend(d);
                ctx.insert("content", &ContentView { title: page.title.get(l).into(), body, body_lang });
                let description = page.summary.as_ref().map_or(desc_site, |s| s.get(l));
                (job.template(), page.title.get(l), description)
            }
        };
        let translations = match route.lang() {
            Some(_) => Lang::ALL
                .iter()
                .map(|&other| Translation {
                    lang: other,
                    name: self.theme.string("language_name", other),
                    path: route.in_lang(other).path(),
                    current: other == lang,
                })
                .collect(),
            None => Vec::new(),
        };
        let meta = PageMeta {
            kind: job.kind(),
            title: title.into(),
            description: description.into(),
            canonical: site.config.base_url.as_ref().map(|b| format!("{b}{path}")),
            path,
            translations,
        };
        ctx.insert("page", &meta);
        // Rendered as bytes into a buffer of a typical page's size: Tera's own `render` grows its
        // buffer from empty and then re-validates the whole page as UTF-8.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        self.tera[&lang].render_to(template, &ctx, &mut html).map_err(|e| template_error(self.theme, &e))?;
        Ok((fill_root(html, &root), diags))
    }

    /// How many list pages `n` cases take (at least one, even when empty).
    fn page_count(&self, n: usize) -> u32 {
        match self.site.config.paginate_by {
            Some(per) if n > 0 => n.div_ceil(per) as u32,
            _ => 1,
        }
    }

    /// Page `n` of `items`, and the pager that leads to the other pages.
    fn paginate<'s>(&self, items: &'s [usize], n: u32, path: impl Fn(u32) -> String) -> (&'s [usize], Pager) {
        let Some(per) = self.site.config.paginate_by else {
            return (items, Pager { current: 1, total: 1, prev: None, next: None, pages: Vec::new() });
        };
        let total = self.page_count(items.len());
        let start = ((n - 1) as usize * per).min(items.len());
        let end = (start + per).min(items.len());
        let pages = if total > 1 {
            let mut prev = 0;
            pager_numbers(n, total)
                .into_iter()
                .map(|k| {
                    let gap_before = k > prev + 1;
                    prev = k;
                    PageLink { number: k, path: path(k), current: k == n, gap_before }
                })
                .collect()
        } else {
            Vec::new()
        };
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| path(n - 1)),
            next: (n < total).then(|| path(n + 1)),
            pages,
        };
        (&items[start..end], pager)
    }

    /// A printable booklet of `cases`; `term` is the term it is made for, if any.
    fn print_view(
        &self,
        lang: Lang,
        title: String,
        term: Option<(usize, usize)>,
        cases: &[usize],
    ) -> (PrintView<'_>, Vec<Diagnostic>) {
        let site = self.site;
        let mut problems = Vec::new();
        let mut entries = Vec::with_capacity(cases.len());
        for &c in cases {
            let case = &site.cases[c];
            let html = match self.booklet_article(c, lang) {
                Ok((html, d)) => {
                    problems.extend(d.iter().cloned());
                    html.as_str()
                }
                Err(d) => {
                    problems.push(d.clone());
                    ""
                }
            };
            entries.push(BookletEntry {
                anchor: format!("case-{}", case.id),
                title: case.title.get(lang).into(),
                collection: site
                    .term(TermRef { taxonomy: site.collections, term: case.collection(site) })
                    .label
                    .get(lang),
                number: case.number,
                html,
            });
        }
        let sources: Vec<SourceView> = {
            let c = site.collections;
            let mut used: Vec<usize> = cases.iter().map(|&i| site.cases[i].collection(site)).collect();
            used.sort_unstable();
            used.dedup();
            used.iter()
                .filter_map(|&i| {
                    site.taxonomies[c].terms[i].source.as_ref().map(|s| self.source_of(c, i, s, None, lang))
                })
                .collect()
        };
        let back = match term {
            Some((t, i)) => {
                let tax = &site.taxonomies[t];
                Route::Term(lang, &tax.name, &tax.terms[i].id).path()
            }
            None => Route::Cases(lang).path(),
        };
        let view = PrintView {
            title_css: css_string(&title),
            title,
            intro: None,
            intro_lang: lang,
            back,
            cases: entries,
            sources,
        };
        (view, problems)
    }

    /// The cards of `cases` for a list page, each rendered once (with ROOT markers for links).
    fn card_list(&self, cases: &[usize], lang: Lang) -> Result<Vec<ListedCase<'_>>, Diagnostic> {
        cases
            .iter()
            .map(|&c| {
                let slot = &self.cards[c][usize::from(lang == Lang::En)];
                let html = slot.get_or_init(|| {
                    let mut ctx = Context::new();
                    ctx.insert("root", ROOT);
                    ctx.insert("c", &self.card(&self.site.cases[c], lang, false));
                    self.tera[&lang].render(CARD_TEMPLATE, &ctx).map_err(|e| template_error(self.theme, &e))
                });
                match html {
                    Ok(html) => Ok(ListedCase { id: self.site.cases[c].id.as_str(), html }),
                    Err(d) => Err(d.clone()),
                }
            })
            .collect()
    }

    /// Case `c` as booklets show it (`partials/print_case.html`), rendered once per language and
    /// shared by every booklet it appears in: its text has ids prefixed with the case id (many
    /// texts share the page) and headings one level down, under the case title.
    fn booklet_article(&self, c: usize, lang: Lang) -> &Article {
        let slot = &self.booklet_articles[c][usize::from(lang == Lang::En)];
        slot.get_or_init(|| {
            let case = &self.site.cases[c];
            let (body, body_lang, problems) = self.markdown_shifted(&case.body, lang, &format!("{}-", case.id), 1);
            let view = PrintCase {
                anchor: format!("case-{}", case.id),
                card: self.card(case, lang, true),
                body,
                body_lang,
                source: self.source_view(case, lang),
            };
            let mut ctx = Context::new();
            ctx.insert("root", ROOT);
            ctx.insert("c", &view);
            let html =
                self.tera[&lang].render(BOOKLET_CASE_TEMPLATE, &ctx).map_err(|e| template_error(self.theme, &e))?;
            Ok((html, problems))
        })
    }

    /// The search index of `lang` as a script (see `search.rs`).
    fn search_index(&self, lang: Lang, cancel: &AtomicBool) -> Option<String> {
        let site = self.site;
        let docs: Vec<search::SearchDoc> = site
            .cases
            .iter()
            .map(|case| search::SearchDoc {
                path: Route::Case(lang, &case.id).path(),
                title: case.title.get(lang).text,
                summary: case.summary.get(lang).text,
                terms: case.term_refs().map(|r| (r.taxonomy, r.term)).collect(),
                fallback_lang: (case.title.get(lang).lang != lang).then_some(case.title.get(lang).lang),
            })
            .collect();
        let text = |i: usize| {
            let case = &site.cases[i];
            let labels: Vec<&str> = case.term_refs().map(|r| site.term(r).label.get(lang)).collect();
            search::SearchText { facts: labels.join(" "), body: markdown::plain_text(case.body.text.get(lang).text) }
        };
        let facets: Vec<search::SearchFacet> = site
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| search::SearchFacet {
                name: tax.name.as_str().to_owned(),
                label: tax.label.get(lang).to_owned(),
                terms: tax
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(i, term)| {
                        let label =
                            if self.by_term[t][i].is_empty() { String::new() } else { term.label.get(lang).to_owned() };
                        (term.id.as_str().to_owned(), label)
                    })
                    .collect(),
            })
            .collect();
        search::index_script(lang, &docs, &text, &facets, cancel)
    }

    /// Renders Markdown for `lang`; returns HTML (with ROOT markers), the language it is in, problems.
    /// Glossary words are linked unless `autolink` is false (on the glossary itself).
    fn markdown(&self, md: &Markdown, lang: Lang, id_prefix: &str, autolink: bool) -> (String, Lang, Vec<Diagnostic>) {
        self.markdown_with(md, lang, id_prefix, autolink, 0)
    }

    /// Markdown with headings moved `offset` levels down (a case's `##` under a booklet's `##`).
    fn markdown_shifted(
        &self,
        md: &Markdown,
        lang: Lang,
        id_prefix: &str,
        offset: u8,
    ) -> (String, Lang, Vec<Diagnostic>) {
        self.markdown_with(md, lang, id_prefix, true, offset)
    }

    fn markdown_with(
        &self,
        md: &Markdown,
        lang: Lang,
        id_prefix: &str,
        autolink: bool,
        heading_offset: u8,
    ) -> (String, Lang, Vec<Diagnostic>) {
        let text = md.text.get(lang);
        let first_line = if text.lang == Lang::En { md.en_line } else { md.ja_line };
        let origin = markdown::Origin { file: &md.file, first_line, exact_lines: md.exact_lines };
        // Words are matched in the language the text is written in.
        let autolinks = match self.autolinks.get(&text.lang) {
            Some(t) if autolink => t.as_slice(),
            _ => &[],
        };
        let opts = markdown::Options_ { lang, id_prefix, autolinks, heading_offset };
        let r = markdown::render(text.text, &origin, self, &opts);
        (r.html, text.lang, r.problems)
    }

    fn term_link(&self, t: usize, i: usize, lang: Lang) -> TermLink<'a> {
        let tax = &self.site.taxonomies[t];
        let term = &tax.terms[i];
        TermLink {
            code: term.id.as_str(),
            label: term.label.get(lang),
            path: Route::Term(lang, &tax.name, &term.id).path(),
            count: self.by_term[t][i].len(),
        }
    }

    /// A taxonomy with all its terms under their groups; `description` is its rendered text.
    fn taxonomy_view(&self, t: usize, lang: Lang, description: Option<(String, Lang)>) -> TaxonomyView<'a> {
        let tax = &self.site.taxonomies[t];
        let (description, description_lang) = match description {
            Some((html, dl)) => (Some(html), dl),
            None => (None, lang),
        };
        TaxonomyView {
            name: tax.name.as_str(),
            label: tax.label.get(lang),
            path: Route::Taxonomy(lang, &tax.name).path(),
            description,
            description_lang,
            groups: self.grouped_terms(t, (0..tax.terms.len()).collect(), lang),
            total_terms: tax.terms.len(),
        }
    }

    fn taxonomy_link(&self, tax: &'a Taxonomy, lang: Lang) -> Link<'a> {
        Link {
            name: tax.name.as_str(),
            label: Loc { text: tax.label.get(lang), lang },
            path: Route::Taxonomy(lang, &tax.name).path(),
        }
    }

    /// Terms `terms` of taxonomy `t` under their group headings (in group order).
    fn grouped_terms(&self, t: usize, terms: Vec<usize>, lang: Lang) -> Vec<GroupView<'a>> {
        let tax = &self.site.taxonomies[t];
        if tax.groups.is_empty() {
            return vec![GroupView {
                code: "",
                label: "",
                terms: terms.iter().map(|&i| self.term_link(t, i, lang)).collect(),
            }];
        }
        tax.groups
            .iter()
            .enumerate()
            .filter_map(|(g, group)| {
                let members: Vec<TermLink> = terms
                    .iter()
                    .filter(|&&i| tax.terms[i].group == Some(g))
                    .map(|&i| self.term_link(t, i, lang))
                    .collect();
                (!members.is_empty()).then(|| GroupView {
                    code: group.id.as_str(),
                    label: group.label.get(lang),
                    terms: members,
                })
            })
            .collect()
    }

    fn card(&self, case: &'a Case, lang: Lang, with_groups: bool) -> CaseCard<'a> {
        let site = self.site;
        let facts = site
            .taxonomies
            .iter()
            .enumerate()
            .filter(|(t, _)| !case.terms[*t].is_empty())
            .map(|(t, tax)| Fact {
                name: tax.name.as_str(),
                label: tax.label.get(lang),
                multiple: tax.multiple,
                terms: case.terms[t].iter().map(|&i| self.term_link(t, i, lang)).collect(),
                groups: if with_groups && !tax.groups.is_empty() {
                    self.grouped_terms(t, case.terms[t].clone(), lang)
                } else {
                    Vec::new()
                },
                caveat: case
                    .caveats
                    .iter()
                    .map(|&c| &site.config.caveats[c])
                    .find(|c| c.taxonomy == tax.name.as_str())
                    .map(|c| c.text.get(lang)),
            })
            .collect();
        CaseCard {
            id: case.id.as_str(),
            path: Route::Case(lang, &case.id).path(),
            number: case.number,
            title: case.title.get(lang).into(),
            summary: case.summary.get(lang).into(),
            incident: case.incident,
            facts,
        }
    }

    fn neighbour(&self, i: usize, lang: Lang) -> Neighbour<'a> {
        let c = &self.site.cases[i];
        Neighbour { path: Route::Case(lang, &c.id).path(), title: c.title.get(lang).into(), number: c.number }
    }

    fn source_view(&self, case: &'a Case, lang: Lang) -> SourceView<'a> {
        let t = self.site.collections;
        let i = case.collection(self.site);
        let mut view = match &self.site.taxonomies[t].terms[i].source {
            Some(s) => self.source_of(t, i, s, case.number, lang),
            None => SourceView {
                collection: self.term_link(t, i, lang),
                number: case.number,
                publisher: "",
                title: "",
                year: None,
                url: None,
                page: None,
                reference: None,
                note: None,
                collection_note: None,
            },
        };
        let c = &case.citation;
        view.page = c.page;
        view.reference = c.reference.as_ref().map(|r| r.get(lang).into());
        view.note = c.note.as_ref().map(|n| n.get(lang).into());
        view
    }

    fn source_of(&self, t: usize, i: usize, s: &'a Source, number: Option<u32>, lang: Lang) -> SourceView<'a> {
        SourceView {
            collection: self.term_link(t, i, lang),
            number,
            publisher: s.publisher.get(lang),
            title: s.title.get(lang),
            year: s.year,
            url: s.url.as_deref(),
            page: None,
            reference: None,
            note: None,
            collection_note: s.note.as_ref().map(|n| n.get(lang).into()),
        }
    }

    /// The visual summaries of the collection, for the overview and home pages: a chart per
    /// taxonomy (a tile map for the prefectures) and the matrix `site.yaml` asks for. Links carry
    /// ROOT markers, so the same charts fit any page.
    fn charts(&self, lang: Lang) -> Vec<ChartView> {
        let site = self.site;
        let t = |k: &'a str| self.theme.string(k, lang);
        let mut out = Vec::new();
        for (ti, tax) in site.taxonomies.iter().enumerate() {
            let facet = tax.label.get(lang);
            let title = t("chart_title").replace("{facet}", facet);
            let text = charts::ChartText {
                title: &title,
                label_header: facet,
                count_header: t("count_header"),
                table_summary: t("show_table"),
                count_one: t("cases_one"),
                count_other: t("cases_n"),
            };
            let mut data: Vec<(usize, charts::Datum)> = tax
                .terms
                .iter()
                .enumerate()
                .map(|(i, term)| {
                    (
                        i,
                        charts::Datum {
                            label: term.label.get(lang).to_owned(),
                            count: self.by_term[ti][i].len(),
                            href: Route::Term(lang, &tax.name, &term.id).path(),
                        },
                    )
                })
                .collect();
            let id = format!("chart-{}", tax.name);
            let is_map = !tax.terms.is_empty()
                && tax.terms.iter().all(|term| charts::TILES.iter().any(|(code, _, _)| *code == term.id.as_str()));
            let html = if is_map {
                let keyed: Vec<(String, charts::Datum)> =
                    data.into_iter().map(|(i, d)| (tax.terms[i].id.as_str().to_owned(), d)).collect();
                charts::tile_map(&id, &text, &keyed, ROOT)
            } else {
                if !(tax.ordered || tax.kind == TaxonomyKind::Year) {
                    data.retain(|(_, d)| d.count > 0);
                    data.sort_by_key(|(i, d)| (std::cmp::Reverse(d.count), *i));
                }
                let data: Vec<charts::Datum> = data.into_iter().map(|(_, d)| d).collect();
                charts::bars(&id, &text, &data, ROOT)
            };
            out.push(ChartView {
                id,
                title,
                path: Route::Taxonomy(lang, &tax.name).path(),
                taxonomy: tax.name.as_str().to_owned(),
                html,
            });
        }
        if let Some((rows, columns)) = &site.config.matrix
            && let (Some(r), Some(c)) = (site.taxonomy_by_name(rows), site.taxonomy_by_name(columns))
        {
            out.push(self.matrix(lang, r, c));
        }
        out
    }

    /// Cases per (row term, column term): e.g. which measures companies took after each kind of
    /// incident. Each cell links to the search page narrowed to both terms.
    fn matrix(&self, lang: Lang, r: usize, c: usize) -> ChartView {
        let site = self.site;
        let (rows_tax, cols_tax) = (&site.taxonomies[r], &site.taxonomies[c]);
        let t = |k: &'a str| self.theme.string(k, lang);
        let title = t("matrix_title")
            .replace("{rows}", rows_tax.label.get(lang))
            .replace("{columns}", cols_tax.label.get(lang));
        let text = charts::ChartText {
            title: &title,
            label_header: rows_tax.label.get(lang),
            count_header: t("count_header"),
            table_summary: t("show_table"),
            count_one: t("cases_one"),
            count_other: t("cases_n"),
        };
        let columns: Vec<usize> = (0..cols_tax.terms.len()).filter(|&i| !self.by_term[c][i].is_empty()).collect();
        let mut rows = Vec::new();
        let order: Vec<usize> = {
            let mut o: Vec<usize> = (0..rows_tax.terms.len()).filter(|&i| !self.by_term[r][i].is_empty()).collect();
            o.sort_by_key(|&i| rows_tax.terms[i].group);
            o
        };
        for i in order {
            let term = &rows_tax.terms[i];
            let cells = columns
                .iter()
                .map(|&j| {
                    let col = &cols_tax.terms[j];
                    let count = self.by_term[r][i].iter().filter(|&&k| site.cases[k].terms[c].contains(&j)).count();
                    charts::Datum {
                        label: format!("{} × {}", term.label.get(lang), col.label.get(lang)),
                        count,
                        href: format!(
                            "{}?{}={}&{}={}",
                            Route::Search(lang).path(),
                            rows_tax.name,
                            term.id,
                            cols_tax.name,
                            col.id
                        ),
                    }
                })
                .collect();
            rows.push(charts::MatrixRow {
                label: term.label.get(lang).to_owned(),
                group: term.group.map_or(String::new(), |g| rows_tax.groups[g].label.get(lang).to_owned()),
                cells,
            });
        }
        let names: Vec<String> = columns.iter().map(|&j| cols_tax.terms[j].label.get(lang).to_owned()).collect();
        let id = "chart-matrix".to_owned();
        let html = charts::matrix(&id, &text, &names, &rows, ROOT);
        ChartView { id, title, path: String::new(), taxonomy: String::new(), html }
    }

    fn home_view(&self, lang: Lang) -> HomeView<'a> {
        let site = self.site;
        let incident_count = site.cases.iter().filter(|c| c.incident).count();
        let facets = site
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| {
                let mut order: Vec<usize> = (0..tax.terms.len()).filter(|&i| !self.by_term[t][i].is_empty()).collect();
                if !tax.ordered {
                    order.sort_by_key(|&i| std::cmp::Reverse(self.by_term[t][i].len()));
                }
                FacetSummary {
                    name: tax.name.as_str(),
                    label: tax.label.get(lang),
                    path: Route::Taxonomy(lang, &tax.name).path(),
                    top: order
                        .iter()
                        .take(if tax.ordered { usize::MAX } else { 8 })
                        .map(|&i| self.term_link(t, i, lang))
                        .collect(),
                    term_count: tax.terms.len(),
                }
            })
            .collect();
        let c = site.collections;
        // Newest source first: what a returning reader has not seen yet.
        let mut order: Vec<usize> = (0..site.taxonomies[c].terms.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(site.taxonomies[c].terms[i].source.as_ref().and_then(|s| s.year)));
        let collections = order
            .into_iter()
            .map(|i| CollectionView {
                link: self.term_link(c, i, lang),
                source: site.taxonomies[c].terms[i].source.as_ref().map(|s| self.source_of(c, i, s, None, lang)),
            })
            .collect();
        HomeView {
            case_count: site.cases.len(),
            incident_count,
            prepared_count: site.cases.len() - incident_count,
            facets,
            collections,
        }
    }
}

/// A CSS string literal (for `content:` in the print stylesheet's running headers).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn nav(site: &Site, lang: Lang) -> NavView<'_> {
    NavView {
        home: Route::Home(lang).path(),
        cases: Route::Cases(lang).path(),
        taxonomies: site
            .taxonomies
            .iter()
            .map(|t| Link {
                name: t.name.as_str(),
                label: Loc { text: t.label.get(lang), lang },
                path: Route::Taxonomy(lang, &t.name).path(),
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                name: p.slug.as_str(),
                label: p.title.get(lang).into(),
                path: Route::Page(lang, &p.slug).path(),
            })
            .collect(),
    }
}

/// `@/…` links in Markdown: cases, pages, taxonomies, terms and static files.
impl LinkResolver for Renderer<'_> {
    fn resolve(&self, lang: Lang, target: &str) -> Result<String, String> {
        let site = self.site;
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        let path = path.trim_end_matches('/');
        let resolved = if let Some(id) = path.strip_prefix("cases/") {
            let id = id.strip_suffix(".md").unwrap_or(id);
            match site.cases.iter().find(|c| c.id.as_str() == id) {
                Some(c) => Route::Case(lang, &c.id).path(),
                None => {
                    let ids: Vec<&str> = site.cases.iter().map(|c| c.id.as_str()).collect();
                    return Err(match crate::diagnostics::did_you_mean(id, ids) {
                        Some(s) => format!("there is no case `{id}`; did you mean `{s}`?"),
                        None => format!("there is no case `{id}`"),
                    });
                }
            }
        } else if let Some(slug) = path.strip_prefix("pages/") {
            let slug = slug.strip_suffix(".md").unwrap_or(slug);
            match site.pages.iter().find(|p| p.slug.as_str() == slug) {
                Some(p) => Route::Page(lang, &p.slug).path(),
                None => return Err(format!("there is no page content/pages/{slug}.md")),
            }
        } else if let Some(file) = path.strip_prefix("static/") {
            let exists = self.theme.statics.contains_key(file) || self.site.statics.iter().any(|f| f.rel == file);
            if !exists || file.split('/').any(|s| s == ".." || s.is_empty()) {
                return Err(format!("there is no file content/static/{file}"));
            }
            format!("static/{file}")
        } else if path == "cases" {
            Route::Cases(lang).path()
        } else if path.is_empty() {
            Route::Home(lang).path()
        } else {
            let (tax_name, term) = match path.split_once('/') {
                Some((t, term)) => (t, Some(term)),
                None => (path, None),
            };
            let Some(t) = site.taxonomy_by_name(tax_name) else {
                let names: Vec<&str> = site.taxonomies.iter().map(|t| t.name.as_str()).collect();
                return Err(format!(
                    "`{tax_name}` is neither cases/, pages/, static/ nor a taxonomy ({})",
                    names.join(", ")
                ));
            };
            let tax = &site.taxonomies[t];
            match term {
                None => Route::Taxonomy(lang, &tax.name).path(),
                Some(code) => match tax.terms.iter().find(|x| x.id.as_str() == code) {
                    Some(x) => Route::Term(lang, &tax.name, &x.id).path(),
                    None => {
                        let codes: Vec<&str> = tax.terms.iter().map(|x| x.id.as_str()).collect();
                        return Err(format!(
                            "there is no term `{code}` in {tax_name}; {}",
                            crate::config::suggestion(code, &codes)
                        ));
                    }
                },
            }
        };
        Ok(match fragment {
            Some(f) => format!("{resolved}#{f}"),
            None => resolved,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::pager_numbers;

    #[test]
    fn pagers_show_the_ends_and_a_window_around_the_current_page() {
        assert_eq!(pager_numbers(1, 2), [1, 2]);
        assert_eq!(pager_numbers(4, 7), [1, 2, 3, 4, 5, 6, 7], "a gap of one page shows the page");
        assert_eq!(pager_numbers(1, 60), [1, 2, 3, 60]);
        assert_eq!(pager_numbers(30, 60), [1, 28, 29, 30, 31, 32, 60]);
        assert_eq!(pager_numbers(59, 60), [1, 57, 58, 59, 60]);
        assert_eq!(pager_numbers(5, 60), [1, 2, 3, 4, 5, 6, 7, 60]);
    }
}
