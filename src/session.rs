//! Incremental rebuilds (`serve`): the last good build is kept, and after an edit only the files
//! whose digest in the new plan differs from what was written are rendered again — first the
//! pages that show cases (at once), then what depends on the whole collection (search indexes,
//! counts, booklets, feeds: `finish`, which a newer edit may cancel). Files the new plan no longer
//! has are removed. The property test in tests/it/incremental.rs checks that the result is byte for
//! byte a fresh build.

use crate::diagnostics::Report;
use crate::load::{Reload, reload_case, theme};
use crate::model::{Lang, Site, TaxonomyKind};
use crate::output::Sink;
use crate::pipeline::{self, BuildOptions, Outcome, Prepared};
use crate::plan::{FileKind, Output, PageKind, Plan};
use crate::render::search::SearchText;
use crate::render::{self, BOOKLET_CASE_TEMPLATE, CARD_TEMPLATE, Which, Written, templates};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The site as last built, and the digest of every file as it is in the output.
pub struct Session {
    opts: BuildOptions,
    /// `None` after a failed update: the next change rebuilds everything.
    prepared: Option<Prepared>,
    written: FxHashMap<String, u64>,
    /// The search files the kept index changed that are not written yet: `None` when the index
    /// was (or will be) made anew, and all of them are written.
    unwritten: Option<Unwritten>,
    /// Cases edited since the kept indexes were last updated, with their text (per language) as
    /// the indexes hold it.
    index_edits: Vec<(usize, [SearchText; 2])>,
    /// Whether every page that shows cases was written with its digest in the current plan (a
    /// build, or an update that compared them all): then after a text edit only the items whose
    /// digest changed can differ from what was written.
    pages_current: bool,
}

/// Search files an in-place update of the index changed (the others keep their bytes).
#[derive(Default)]
struct Unwritten {
    shards: BTreeSet<(Lang, u32)>,
    words: BTreeSet<Lang>,
}

impl Unwritten {
    /// Whether the in-place update left `output` as it is on disk.
    fn unchanged(&self, output: &Output) -> bool {
        match output {
            Output::File(FileKind::SearchShard(lang, k)) => !self.shards.contains(&(*lang, *k)),
            Output::File(FileKind::SearchWords(lang)) => !self.words.contains(lang),
            _ => false,
        }
    }
}

/// What `apply` did.
pub enum Applied {
    /// The changed files were rendered again (`n` files); `finish` may have more to do.
    Updated { files: usize, described: String },
    /// Nothing the site reads changed.
    Nothing,
    /// The change needs a full build (settings, vocabulary, pages, new files, a new year, …).
    NeedsFullBuild,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            prepared: None,
            written: FxHashMap::default(),
            unwritten: None,
            index_edits: Vec::new(),
            pages_current: false,
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// The last good build's site, if there is one.
    pub fn site(&self) -> Option<&Site> {
        self.prepared.as_ref().map(|p| &p.site)
    }

    /// A full build into `sink`, which must be empty (a new staging folder, a new memory).
    pub fn full(&mut self, sink: &dyn Sink) -> Result<Outcome, Report> {
        self.prepared = None;
        self.unwritten = None;
        self.index_edits.clear();
        let (outcome, prepared) = pipeline::build_prepared(&self.opts, sink)?;
        self.written = prepared.plan.items.iter().map(|p| (p.path.clone(), p.digest)).collect();
        self.prepared = Some(prepared);
        self.pages_current = true;
        // The build made the indexes and wrote every shard.
        self.unwritten = Some(Unwritten::default());
        Ok(outcome)
    }

    /// Applies edited files (paths relative to the project root, with `/`), writing what changes
    /// into `sink` (the output of the last build).
    pub fn apply(&mut self, changed: &[String], sink: &dyn Sink) -> Result<Applied, Report> {
        let mut files: Vec<String> =
            changed.iter().filter(|f| !f.starts_with("content/cases/") || f.ends_with(".md")).cloned().collect();
        files.sort();
        files.dedup();
        if files.is_empty() {
            return Ok(Applied::Nothing);
        }
        if self.prepared.is_none() {
            return Ok(Applied::NeedsFullBuild);
        }
        let result = if files.iter().all(|f| f.starts_with("themes/") && f.contains("/templates/")) {
            self.templates_changed(&files, sink)
        } else if files.iter().all(|f| is_static(f)) {
            self.statics_changed(&files, sink)
        } else if files.iter().all(|f| f.starts_with("content/cases/")) {
            self.cases_changed(&files, sink)
        } else {
            return Ok(Applied::NeedsFullBuild);
        };
        if result.is_err() {
            self.prepared = None;
        }
        result
    }

    /// Renders what depends on the whole collection and is not written yet. `Ok(None)` when
    /// `cancel` was set meanwhile; what it left half done is done again by the next `finish`.
    pub fn finish(&mut self, sink: &dyn Sink, cancel: &AtomicBool) -> Result<Option<Written>, Report> {
        self.apply_index_edits();
        let Some(p) = &mut self.prepared else { return Ok(Some(Written::default())) };
        // An index whose making a newer edit cancelled is made again.
        for cell in &mut p.search {
            if matches!(cell.get(), Some(None)) {
                cell.take();
                self.unwritten = None;
            }
        }
        let p = &*p;
        let mut skipped = Vec::new();
        let todo: Vec<usize> = (0..p.plan.items.len())
            .filter(|&i| {
                let item = &p.plan.items[i];
                if shows_cases(&item.output) || self.written.get(&item.path) == Some(&item.digest) {
                    return false;
                }
                // A file the in-place update of the index left as it was is not written again.
                if self.unwritten.as_ref().is_some_and(|u| u.unchanged(&item.output)) {
                    skipped.push(i);
                    return false;
                }
                true
            })
            .collect();
        for &i in &skipped {
            self.written.insert(p.plan.items[i].path.clone(), p.plan.items[i].digest);
        }
        if todo.is_empty() {
            return Ok(Some(Written::default()));
        }
        let result = render::render(p.project(&self.opts.root), Which::Only(&todo), sink, None, cancel);
        match result {
            Ok(Some(w)) => {
                for &i in &todo {
                    self.written.insert(p.plan.items[i].path.clone(), p.plan.items[i].digest);
                }
                self.unwritten = Some(Unwritten::default());
                Ok(Some(w))
            }
            Ok(None) => Ok(None),
            Err(report) => {
                self.prepared = None;
                self.unwritten = None;
                Err(report)
            }
        }
    }

    /// Edited case files: read again, the site re-planned, the changed pages that show cases
    /// rendered now, files no longer planned removed.
    fn cases_changed(&mut self, files: &[String], sink: &dyn Sink) -> Result<Applied, Report> {
        let root = self.opts.root.clone();
        // The index first takes the edits before this one, while the site still has their text.
        self.apply_index_edits();
        let p = self.prepared.as_mut().expect("checked by apply");
        // The facts of the edited cases: when none changed, nor any case's place, the related
        // cases of every page stay as they were.
        let facts = |site: &Site| -> Vec<Option<(Vec<Vec<usize>>, bool)>> {
            files
                .iter()
                .map(|f| site.cases.iter().find(|c| &c.file == f).map(|c| (c.terms.clone(), c.incident)))
                .collect()
        };
        let facts_before = facts(&p.site);
        let old_texts: Vec<(String, Option<[SearchText; 2]>)> = files
            .iter()
            .map(|f| {
                let i = p.site.cases.iter().position(|c| &c.file == f);
                (f.clone(), i.map(|i| Lang::ALL.map(|l| render::search_text(&p.site, l, i))))
            })
            .collect();
        // Whether every case keeps its place in site order: each edited case is replaced where it
        // was, under its id, and the order still holds. (Copying every id to compare the orders
        // was a tenth of an edit's answer at 10,000 cases.)
        let mut kept_places = true;
        for file in files {
            let case = match reload_case(&p.site, &root, file) {
                Reload::NeedsFullBuild => {
                    // The kept site stays in site order for whoever builds it again.
                    p.site.sort_cases();
                    return Ok(Applied::NeedsFullBuild);
                }
                Reload::Errors(problems) => {
                    let mut report = Report::default();
                    report.extend(problems);
                    return Err(report);
                }
                Reload::Case(case, _warnings) => case,
            };
            kept_places &= replace_case(&mut p.site, file, case.map(|c| *c));
        }
        let in_order = kept_places && p.site.in_order();
        if !in_order {
            p.site.sort_cases();
        }
        if year_without_cases(&p.site) {
            return Ok(Applied::NeedsFullBuild);
        }
        // The kept search index takes the edited cases' new postings in place when every case
        // keeps its place in site order (an index is by place), in the second phase, so the pages
        // come first; otherwise it is made anew.
        let in_place = in_order && old_texts.iter().all(|(_, t)| t.is_some());
        if in_place && self.unwritten.is_some() {
            for (file, old) in old_texts {
                let i = p.site.cases.iter().position(|c| c.file == file).expect("same order");
                self.index_edits.push((i, old.expect("checked")));
            }
        } else {
            p.search.iter_mut().for_each(|c| drop(c.take()));
            self.unwritten = None;
            self.index_edits.clear();
        }
        let candidates = if in_order && facts(&p.site) == facts_before {
            // Only texts changed: the same files at the same paths, and only the digests of the
            // files that show an edited case can differ.
            let edited: Vec<usize> =
                files.iter().filter_map(|f| p.site.cases.iter().position(|c| &c.file == f)).collect();
            let changed = p.plan.after_text_edit(&p.site, &p.theme, &edited);
            // The other cards show what they showed: their cases and their terms' counts.
            for &i in &edited {
                p.cards[i] = Default::default();
            }
            #[cfg(debug_assertions)]
            {
                let fresh = Plan::new(&p.site, &p.theme);
                assert!(fresh.items == p.plan.items, "the plan after a text edit is the plan of a fresh build");
            }
            // Pages whose digest changed for another reason than this edit (an update that did
            // not write every page) are found by comparing them all.
            if self.pages_current { Candidates::Only(changed) } else { Candidates::Any }
        } else {
            p.plan = Plan::new(&p.site, &p.theme);
            p.cards = render::card_cache(p.site.cases.len());
            Candidates::Any
        };
        let applied = self.write_changed(sink, shows_cases, candidates, &format!("for {}", files.join(", ")));
        self.pages_current = applied.is_ok();
        applied
    }

    /// Updates the kept search indexes with the cases edited since the last update: each case's
    /// postings go from the text recorded at its edit to the text the site has now.
    fn apply_index_edits(&mut self) {
        let (Some(p), Some(unwritten)) = (self.prepared.as_mut(), self.unwritten.as_mut()) else {
            self.index_edits.clear();
            return;
        };
        for (i, old) in self.index_edits.drain(..) {
            for (slot, lang) in Lang::ALL.into_iter().enumerate() {
                if let Some(Some(index)) = p.search[slot].get_mut() {
                    let new = render::search_text(&p.site, lang, i);
                    let changed = index.replace_case(i, &old[slot], &new);
                    unwritten.shards.extend(changed.shards.into_iter().map(|k| (lang, k)));
                    if changed.words {
                        unwritten.words.insert(lang);
                    }
                }
            }
        }
    }

    /// Edited static files: the theme read again (its own static files), the changed files written.
    fn statics_changed(&mut self, files: &[String], sink: &dyn Sink) -> Result<Applied, Report> {
        let p = self.prepared.as_mut().expect("checked by apply");
        let theme = theme::load(&self.opts.root, &p.site.config.theme).map_err(to_report)?;
        let (statics, report) = crate::load::list_statics(&self.opts.root);
        if report.has_errors() {
            return Err(report);
        }
        let names = |theme: &theme::Theme, statics: &[crate::model::StaticFile]| -> BTreeSet<String> {
            theme.statics.keys().cloned().chain(statics.iter().map(|f| f.rel.clone())).collect()
        };
        // A static file that is new (or gone) changes which links work: the site is built again.
        if names(&theme, &statics) != names(&p.theme, &p.site.statics) {
            return Ok(Applied::NeedsFullBuild);
        }
        p.theme = theme;
        p.site.statics = statics;
        p.plan = Plan::new(&p.site, &p.theme);
        p.cards = render::card_cache(p.site.cases.len());
        // With the static files, the pages that show cases: a booklet's PDF is linked with its size
        // from its term's pages and the case lists (the booklets follow in `finish`).
        let statics_and_lists = |o: &Output| {
            matches!(o, Output::File(FileKind::ThemeStatic(_) | FileKind::SiteStatic(_))) || shows_cases(o)
        };
        let applied =
            self.write_changed(sink, statics_and_lists, Candidates::Any, &format!("for {}", files.join(", ")));
        self.pages_current = applied.is_ok();
        applied
    }

    /// Edited templates: the pages whose templates use them (through `extends` and `include`) are
    /// rendered again; nothing else changes.
    fn templates_changed(&mut self, files: &[String], sink: &dyn Sink) -> Result<Applied, Report> {
        let p = self.prepared.as_mut().expect("checked by apply");
        let names: Vec<String> =
            files.iter().filter_map(|f| f.split_once("/templates/").map(|(_, t)| t.to_owned())).collect();
        p.theme = theme::load(&self.opts.root, &p.site.config.theme).map_err(to_report)?;
        p.tera = templates::compile(&p.theme).map_err(to_report)?;
        p.plan = Plan::new(&p.site, &p.theme);
        p.cards = render::card_cache(p.site.cases.len());
        let users = templates::template_users(&p.theme, &names);
        let todo: Vec<usize> =
            (0..p.plan.items.len()).filter(|&i| uses_templates(&p.plan.items[i].output, &users)).collect();
        let never = AtomicBool::new(false);
        let written =
            render::render(p.project(&self.opts.root), Which::Only(&todo), sink, None, &never)?.unwrap_or_default();
        // A new plan whose page digests were not compared with what was written.
        self.pages_current = false;
        Ok(Applied::Updated { files: written.files, described: format!("for {}", names.join(", ")) })
    }

    /// Renders the items of the current plan that `select` picks and whose digest differs from
    /// what was written, looking among the `candidates`, and removes what the plan no longer has.
    fn write_changed(
        &mut self,
        sink: &dyn Sink,
        select: impl Fn(&Output) -> bool,
        candidates: Candidates,
        described: &str,
    ) -> Result<Applied, Report> {
        let p = self.prepared.as_ref().expect("checked by apply");
        let items = &p.plan.items;
        let differs =
            |&i: &usize| select(&items[i].output) && self.written.get(&items[i].path) != Some(&items[i].digest);
        // `Candidates::Only` when every page that shows cases was written with its digest
        // (`pages_current`): after a text edit only the items whose digest changed can differ then,
        // and looking up all 25,000 pages' paths was a sixth of an edit's answer at 10,000 cases.
        let todo: Vec<usize> = match &candidates {
            Candidates::Any => (0..items.len()).filter(differs).collect(),
            Candidates::Only(changed) => changed.iter().copied().filter(differs).collect(),
        };
        debug_assert!(
            matches!(candidates, Candidates::Any) || todo == (0..items.len()).filter(differs).collect::<Vec<_>>(),
            "the items whose digest changed hold every item that differs from what was written"
        );
        let never = AtomicBool::new(false);
        let written =
            render::render(p.project(&self.opts.root), Which::Only(&todo), sink, None, &never)?.unwrap_or_default();
        for &i in &todo {
            self.written.insert(items[i].path.clone(), items[i].digest);
        }
        let planned = p.plan.paths();
        // What was written is a subset of the plan's paths after every update; when they are the
        // same paths, nothing is gone (looking up 47,000 paths was a sixth of an edit's answer).
        let gone: Vec<String> = match candidates {
            Candidates::Only(_) => Vec::new(),
            Candidates::Any => self.written.keys().filter(|k| !planned.contains(k.as_str())).cloned().collect(),
        };
        debug_assert!(self.written.keys().all(|k| planned.contains(k.as_str()) || gone.contains(k)));
        for rel in &gone {
            sink.remove(rel)
                .map_err(|e| Report::from(crate::diagnostics::Diagnostic::error(rel, format!("cannot remove: {e}"))))?;
            self.written.remove(rel);
        }
        Ok(Applied::Updated { files: written.files + gone.len(), described: described.to_owned() })
    }
}

/// Which items of an update's plan may differ from what was written.
enum Candidates {
    /// A new plan: any item, and paths may be gone.
    Any,
    /// The plan after a text edit (`Plan::after_text_edit`): the same paths, and only these
    /// items' digests changed.
    Only(Vec<usize>),
}

/// Pages rendered at once after an edit; the rest waits for `finish`.
fn shows_cases(output: &Output) -> bool {
    matches!(output, Output::Page(k) if k.shows_cases())
}

/// Whether an output is made with one of the templates `users`.
fn uses_templates(output: &Output, users: &BTreeSet<String>) -> bool {
    match output {
        Output::Page(kind) => {
            users.contains(kind.template())
                || (users.contains(CARD_TEMPLATE) && matches!(kind, PageKind::CaseList(..) | PageKind::Term(..)))
                || (users.contains(BOOKLET_CASE_TEMPLATE) && matches!(kind, PageKind::Booklet(..)))
        }
        Output::File(FileKind::Sitemap) => users.contains("feeds/sitemap.xml"),
        Output::File(FileKind::Feed(_)) => users.contains("feeds/atom.xml"),
        Output::File(FileKind::PrintCase(..)) => {
            users.contains(BOOKLET_CASE_TEMPLATE) || users.contains(render::TOC_ENTRY_TEMPLATE)
        }
        Output::File(_) => false,
    }
}

/// Whether `file` is a static file: `content/static/…` or `themes/<name>/static/…`.
fn is_static(file: &str) -> bool {
    file.starts_with("content/static/")
        || file.strip_prefix("themes/").and_then(|r| r.split_once('/')).is_some_and(|(_, r)| r.starts_with("static/"))
}

/// Replaces the case read from `file` (`None`: the file was deleted), where it was or (a new
/// file) last; the caller puts the cases in site order again. Returns whether it replaced a case
/// where it was, under the same id.
fn replace_case(site: &mut Site, file: &str, new: Option<crate::model::Case>) -> bool {
    let old = site.cases.iter().position(|c| c.file == file);
    match (old, new) {
        (Some(i), Some(case)) => {
            let same_id = site.cases[i].id == case.id;
            site.cases[i] = case;
            same_id
        }
        (Some(i), None) => {
            site.cases.remove(i);
            false
        }
        (None, Some(case)) => {
            site.cases.push(case);
            false
        }
        (None, None) => true,
    }
}

/// A year taxonomy's terms are the years the cases use: a year no case uses any more makes the
/// vocabulary differ from a fresh load's, so the site is built again.
fn year_without_cases(site: &Site) -> bool {
    // Only the year taxonomies: every case's terms of all of them were a tenth of an edit's answer.
    site.taxonomies.iter().enumerate().filter(|(_, tax)| tax.kind == TaxonomyKind::Year).any(|(t, tax)| {
        let mut used = vec![false; tax.terms.len()];
        site.cases.iter().flat_map(|c| &c.terms[t]).for_each(|&term| used[term] = true);
        used.contains(&false)
    })
}

fn to_report(problems: Vec<crate::diagnostics::Diagnostic>) -> Report {
    let mut report = Report::default();
    report.extend(problems);
    report
}
