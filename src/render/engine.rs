//! Rendering a set of planned files in parallel: each page is rendered into one buffer, its links
//! checked at once against the plan's paths, and handed to the sink; anchors on other pages are
//! checked once every page of the pass is known.

use super::context::{Renderer, slot};
use super::files;
use super::linkcheck::{self, Broken, Pending};
use super::pages;
use super::parts;
use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::model::Lang;
use crate::output::Sink;
use crate::plan::{FileKind, Output, PageKind, PathSet, Planned, root_prefix};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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

/// Pages rendered so far and in all, updated while a build runs (for a progress display).
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

/// What rendering a set of files produced, before the final checks.
#[derive(Default)]
pub struct Pass {
    written: Written,
    problems: Vec<Diagnostic>,
    broken: Vec<Broken>,
    pending: Pending,
    ids_by_page: HashMap<String, Vec<u64>>,
    /// Set when a cancelled search index stopped the pass.
    pub cancelled: bool,
    /// How long the pages took, and the other files with the search indexes (side by side).
    pub sides: [std::time::Duration; 2],
}

/// Renders the planned `items` into `sink`, pages and files side by side (the search indexes'
/// sequential merge fills cores the pages leave idle). Stops starting new work once `cancel` is set.
pub fn run(
    r: &Renderer,
    items: &[&Planned],
    known: &PathSet,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    cancel: &AtomicBool,
) -> Pass {
    let (pages, others): (Vec<&Planned>, Vec<&Planned>) =
        items.iter().partition(|p| matches!(p.output, Output::Page(_)));
    if let Some(p) = progress {
        p.total.store(pages.len(), Ordering::Relaxed);
    }
    let timed = |f: &dyn Fn() -> Pass| {
        let started = std::time::Instant::now();
        (f(), started.elapsed())
    };
    let ((mut pass, pages_took), (file_pass, files_took)) = rayon::join(
        || timed(&|| render_pages(r, &pages, known, sink, progress, cancel)),
        || timed(&|| write_files(r, &others, sink, cancel)),
    );
    pass.sides = [pages_took, files_took];
    pass.written.files += file_pass.written.files;
    pass.written.bytes += file_pass.written.bytes;
    pass.problems.extend(file_pass.problems);
    pass.cancelled |= file_pass.cancelled;
    pass
}

fn render_pages(
    r: &Renderer,
    items: &[&Planned],
    known: &PathSet,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    cancel: &AtomicBool,
) -> Pass {
    let pass = Mutex::new(Pass::default());
    items.par_iter().for_each(|item| {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let Output::Page(kind) = item.output else { return };
        let path = &item.path;
        let page = match pages::render(r, kind, path) {
            Ok(x) => x,
            Err(d) => {
                pass.lock().expect("lock").problems.push(d);
                return;
            }
        };
        let root = root_prefix(path);
        let (links, ids) = parts::links_and_ids(r, page.lang, &page.html, &root);
        let mut local_pending = Pending::default();
        let bad = linkcheck::check_page(path, &links, &ids, known, &mut local_pending);
        let twice = linkcheck::repeated_ids(&ids);
        let repeated = (!twice.is_empty()).then(|| repeated_ids_warning(r, kind, path, &twice));
        let id_hashes = linkcheck::id_hashes(&ids);
        drop((links, ids));
        let diags = page.diags;
        let html = parts::assemble(r, page.lang, page.html, &root);
        if let Some(p) = progress {
            p.done.fetch_add(1, Ordering::Relaxed);
        }
        let result = sink.write(path, &html);
        let mut pass = pass.lock().expect("lock");
        pass.broken.extend(bad);
        pass.pending.items.extend(local_pending.items);
        pass.ids_by_page.insert(path.clone(), id_hashes);
        pass.problems.extend(diags);
        pass.problems.extend(repeated);
        match result {
            Ok(()) => {
                *pass.written.pages.entry(kind.name()).or_default() += 1;
                pass.written.files += 1;
                pass.written.bytes += html.len() as u64;
            }
            Err(e) => pass.problems.push(Diagnostic::error(path, format!("cannot write: {e}"))),
        }
    });
    pass.into_inner().expect("lock")
}

fn repeated_ids_warning(r: &Renderer, kind: PageKind, path: &str, twice: &[&str]) -> Diagnostic {
    let file = kind.source_file(r.site).unwrap_or("the theme's templates");
    let list = twice.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
    Diagnostic::warning(file, format!("the page {path} has more than one element with the id {list}"))
        .help("links to that id reach only the first; rename the heading (`## Title {#other-id}`) — ids the theme uses, such as `main` and `q`, are taken")
}

/// Writes the files that are not pages (they hold no links to check).
fn write_files(r: &Renderer, items: &[&Planned], sink: &dyn Sink, cancel: &AtomicBool) -> Pass {
    let mut pass = Pass::default();
    let early = write_docs_with_index(r, items, sink, cancel, &mut pass);
    if pass.cancelled {
        return pass;
    }
    for item in items {
        let Output::File(kind) = &item.output else { continue };
        if cancel.load(Ordering::Relaxed) {
            pass.cancelled = true;
            return pass;
        }
        if let FileKind::SearchDoc(lang, i) = kind
            && early[slot(*lang)].get(*i).copied().unwrap_or(false)
        {
            continue;
        }
        let bytes = match files::render(r, kind, cancel) {
            Ok(Some(b)) => b,
            Ok(None) => {
                pass.cancelled = true;
                return pass;
            }
            Err(d) => {
                pass.problems.push(d);
                continue;
            }
        };
        match sink.write(&item.path, &bytes) {
            Ok(()) => {
                pass.written.files += 1;
                pass.written.bytes += bytes.len() as u64;
            }
            Err(e) => pass.problems.push(Diagnostic::error(&item.path, format!("cannot write: {e}"))),
        }
    }
    pass
}

/// Writes each language's search documents while its index is made, from the plain text the index
/// reads (`files::index_with_docs`), when this render makes the index. Returns, per language, which
/// cases' documents were written.
fn write_docs_with_index(
    r: &Renderer,
    items: &[&Planned],
    sink: &dyn Sink,
    cancel: &AtomicBool,
    pass: &mut Pass,
) -> [Vec<bool>; 2] {
    let mut written: [Vec<bool>; 2] = Default::default();
    for lang in Lang::ALL {
        let mut paths: Vec<Option<&str>> = vec![None; r.site.cases.len()];
        for item in items {
            if let Output::File(FileKind::SearchDoc(l, i)) = &item.output
                && *l == lang
            {
                paths[*i] = Some(item.path.as_str());
            }
        }
        if paths.iter().all(Option::is_none) {
            continue;
        }
        let wanted: Vec<bool> = paths.iter().map(Option::is_some).collect();
        let done: Vec<AtomicBool> = paths.iter().map(|_| AtomicBool::new(false)).collect();
        let outcome = Mutex::new(Pass::default());
        let write = |i: usize, bytes: Vec<u8>| {
            let Some(path) = paths[i] else { return };
            let result = sink.write(path, &bytes);
            let mut out = outcome.lock().expect("lock");
            match result {
                Ok(()) => {
                    out.written.files += 1;
                    out.written.bytes += bytes.len() as u64;
                }
                Err(e) => out.problems.push(Diagnostic::error(path, format!("cannot write: {e}"))),
            }
            done[i].store(true, Ordering::Relaxed);
        };
        if !files::index_with_docs(r, lang, cancel, &wanted, &write) {
            continue;
        }
        let outcome = outcome.into_inner().expect("lock");
        pass.written.files += outcome.written.files;
        pass.written.bytes += outcome.written.bytes;
        pass.problems.extend(outcome.problems);
        if r.search[slot(lang)].get().is_some_and(Option::is_none) {
            pass.cancelled = true;
            return written;
        }
        written[slot(lang)] = done.into_iter().map(AtomicBool::into_inner).collect();
    }
    written
}

impl Pass {
    /// Problems found before the pass (the glossary's autolinks), reported first.
    pub fn prepend(&mut self, problems: Vec<Diagnostic>) {
        self.problems.splice(0..0, problems);
    }

    /// Reports broken links, each with the content file it comes from; anchors on pages of other
    /// passes are checked only when `all_pages` says this pass rendered every page.
    pub fn finish(self, r: &Renderer, all_pages: bool) -> Result<Written, Report> {
        let Pass { mut written, problems, mut broken, pending, ids_by_page, .. } = self;
        let (mut problems, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            problems.into_iter().partition(|d| d.severity == Severity::Error);
        written.warnings = warnings;
        let pending = if all_pages {
            pending
        } else {
            Pending {
                items: pending.items.into_iter().filter(|(_, _, target, _)| ids_by_page.contains_key(target)).collect(),
            }
        };
        broken.extend(linkcheck::finish(pending, &ids_by_page));
        problems.extend(broken_link_problems(r, broken, &problems));
        if problems.is_empty() {
            Ok(written)
        } else {
            let mut report = Report::default();
            report.extend(problems);
            Err(report)
        }
    }
}

/// One problem per broken link and the content file it comes from, naming the pages that show
/// it (a case's link breaks on its page and on every booklet that holds the case). A link whose
/// text a content error already names at its line (a broken `@/…` link) is not reported again.
fn broken_link_problems(r: &Renderer, mut broken: Vec<Broken>, reported: &[Diagnostic]) -> Vec<Diagnostic> {
    broken.sort();
    // The same link written from pages at different depths reads differently: group by target.
    // (blamed file, target, why) → (the link as first written, the pages).
    type Key = (Option<String>, String, String);
    let mut groups: BTreeMap<Key, (String, Vec<String>)> = BTreeMap::new();
    for b in broken {
        let file = blame(r, &b.page, &b.link);
        let target = match b.link.split_once('#') {
            Some((path, fragment)) if !path.is_empty() => {
                crate::plan::routes::resolve(&b.page, path).map_or(b.link.clone(), |t| format!("{t}#{fragment}"))
            }
            _ => b.link.clone(),
        };
        let group = groups.entry((file, target, b.why)).or_insert_with(|| (b.link.clone(), Vec::new()));
        group.1.push(b.page);
    }
    let mut out = Vec::new();
    for ((file, target, why), (link, pages)) in groups {
        let named = format!("`{link}`");
        if reported.iter().any(|d| file.as_deref() == Some(d.file.as_str()) && d.message.contains(&named)) {
            continue;
        }
        let shown: Vec<&str> = pages.iter().skip(1).take(3).map(String::as_str).collect();
        let more = if pages.len() > 4 { format!(" and {} more", pages.len() - 4) } else { String::new() };
        let also = if shown.is_empty() { String::new() } else { format!("; also on {}{more}", shown.join(", ")) };
        // At the link in the content file when the file holds it; otherwise at the page (the
        // link comes from a template), saying which file the page is made from.
        let placed = file.as_deref().and_then(|f| {
            let message = format!("broken link {named}: {why} (on {}{also})", pages[0]);
            source_position(r, f, &target).map(|(pos, text)| Diagnostic::error(f, message).at(pos, &text))
        });
        out.push(placed.unwrap_or_else(|| {
            let notes: Vec<String> = file
                .map(|f| format!("the page is made from {f}"))
                .into_iter()
                .chain((!shown.is_empty()).then(|| format!("also on {}{more}", shown.join(", "))))
                .collect();
            let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
            Diagnostic::error(&pages[0], format!("broken link {named}: {why}{notes}"))
        }));
    }
    out
}

/// Where `file` links to `target` with an `@/…` link (e.g. `@/cases/x.md#gone` for
/// `ja/cases/x/index.html#gone`): the position, and the file's text to quote.
fn source_position(r: &Renderer, file: &str, target: &str) -> Option<(crate::diagnostics::Pos, String)> {
    let md =
        r.site.cases.iter().map(|c| &c.body).chain(r.site.pages.iter().map(|p| &p.body)).find(|md| md.file == file)?;
    let (target_path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let leads_there = |link: &&String| {
        let (path, frag) = link.split_once('#').unwrap_or((link.as_str(), ""));
        let name = path.trim_end_matches(".md").rsplit('/').next().unwrap_or("");
        frag == fragment && !name.is_empty() && target_path.contains(&format!("/{name}/"))
    };
    let link = md.links.iter().find(leads_there)?;
    let text = std::fs::read_to_string(r.root.join(file)).ok()?;
    let needle = format!("@/{link}");
    let offset = text.find(&needle)?;
    let line = text[..offset].matches('\n').count() + 1;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    Some((crate::diagnostics::Pos::new(line, col, needle.chars().count()), text))
}

/// The content file a broken `link` on the page at `page` comes from: for a booklet, the case
/// whose text holds it; otherwise the file the page is made from. Only called for broken links.
fn blame(r: &Renderer, page: &str, link: &str) -> Option<String> {
    let kind = r.plan.items.iter().find(|p| p.path == page).and_then(|p| match p.output {
        Output::Page(k) => Some(k),
        Output::File(_) => None,
    })?;
    let from_case = match kind {
        PageKind::Booklet(lang, which) => pages::case_with_link(r, lang, which, link, &root_prefix(page)),
        _ => None,
    };
    from_case.or(kind.source_file(r.site)).map(str::to_owned)
}
