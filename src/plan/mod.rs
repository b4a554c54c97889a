//! The plan: every file a build writes — each page with its kind, each static and generated file —
//! with a digest of exactly the inputs it is made from. It is the one list that the link check
//! (which paths exist), the sitemap (which pages to list) and `serve` (which pages to render again
//! after an edit: those whose digest changed; which to remove: those no longer planned) all read.
//!
//! A new kind of page is one `PageKind` variant (kinds.rs; its path in routes.rs, its digest in
//! digest.rs), one render function in render/pages/, and one template.

mod derived;
mod digest;
mod kinds;
pub mod related;
pub mod routes;

pub use derived::Derived;
pub use kinds::{Booklet, FileKind, PageKind};
pub use routes::{Route, root_prefix};

use crate::load::theme::Theme;
use crate::model::{Lang, Site, TermRef};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::collections::HashSet;

/// The paths of every file a build writes. Looked up for every link of every page, so with a fast
/// non-cryptographic hash (the paths are the build's own, not an attacker's).
pub type PathSet = HashSet<String, FxBuildHasher>;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    Page(PageKind),
    File(FileKind),
}

/// One file of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// Relative to the output folder, with `/`.
    pub path: String,
    pub output: Output,
    /// A hash of what the file is made from: equal digests, equal files.
    pub digest: u64,
}

/// Every file of a build, in a stable order.
#[derive(Debug)]
pub struct Plan {
    pub items: Vec<Planned>,
    pub derived: Derived,
    /// The booklets that were not planned because they hold more than `booklet_max_cases` cases
    /// (in both languages), with their number of cases: the build summary names them.
    pub left_out: Vec<(Booklet, usize)>,
    /// Every path of the plan, made on first use (each render's link check reads it).
    known: std::sync::OnceLock<PathSet>,
    /// What many digests read, kept for `after_text_edit`.
    shared: digest::Shared,
}

/// What changed between two plans.
#[derive(Debug, Default)]
pub struct Diff {
    /// Indexes into the new plan's items: files that are new or whose digest changed.
    pub changed: Vec<usize>,
    /// Paths of the old plan that the new one no longer has.
    pub removed: Vec<String>,
}

impl Plan {
    /// The plan of `site` with `theme`.
    pub fn new(site: &Site, theme: &Theme) -> Plan {
        Plan::with_derived(site, theme, Derived::new(site))
    }

    /// The plan of `site` from what it shares, made by the caller (`Derived::with_related`).
    pub fn with_derived(site: &Site, theme: &Theme, derived: Derived) -> Plan {
        let mut pages = vec![PageKind::LanguageChooser, PageKind::NotFound];
        for lang in Lang::ALL {
            pages.extend(pages_of(site, &derived, lang));
        }
        // In parallel: at 10,000 cases the digests of 25,000 pages are most of re-planning after
        // an edit in serve. (The order of `items` is the order of `pages` all the same.)
        use rayon::prelude::*;
        let shared = digest::Shared::of(site);
        let mut items: Vec<Planned> = pages
            .into_par_iter()
            .map(|kind| Planned {
                path: kind.route(site).path(),
                digest: digest::page(site, &derived, &shared, kind),
                output: Output::Page(kind),
            })
            .collect();
        items.extend(files(site, theme, &derived, &shared, &items));
        let left_out = left_out(site, &derived);
        Plan { items, derived, left_out, known: Default::default(), shared }
    }

    /// The plan after an edit of the cases `edited` that changed the text of each but no case's
    /// id, place or facts (serve, after most edits): the same files at the same paths, so only
    /// the digests of the files that can show an edited case are made again. At 10,000 cases,
    /// making every path and digest anew was half of serve's answer to an edit.
    /// Returns the items whose digest changed, in plan order.
    pub fn after_text_edit(&mut self, site: &Site, theme: &Theme, edited: &[usize]) -> Vec<usize> {
        use rayon::prelude::*;
        let derived = &self.derived;
        let edit = digest::TextEdit::new(site, derived, edited);
        self.shared.after_text_edit(site);
        let shared = &self.shared;
        let pages = self.items.iter().take_while(|p| matches!(p.output, Output::Page(_))).count();
        let (page_items, file_items) = self.items.split_at_mut(pages);
        // Sets the digest of `p` to `made` (if it was made) and says whether it changed.
        let set = |p: &mut Planned, made: Option<u64>| made.is_some_and(|d| std::mem::replace(&mut p.digest, d) != d);
        let mut changed: Vec<usize> = page_items
            .par_iter_mut()
            .enumerate()
            .filter_map(|(i, p)| {
                let Output::Page(kind) = p.output else { unreachable!("pages come first") };
                let made = edit.page_reads(site, derived, kind).then(|| digest::page(site, derived, shared, kind));
                set(p, made).then_some(i)
            })
            .collect();
        let page_items = &*page_items;
        changed.par_extend(file_items.par_iter_mut().enumerate().filter_map(|(i, p)| {
            let Output::File(kind) = &p.output else { unreachable!("files come after pages") };
            let made = edit.file_reads(kind).then(|| digest::file(site, theme, derived, page_items, shared, kind));
            set(p, made).then_some(pages + i)
        }));
        changed
    }

    /// Every path of the plan, for the link check.
    pub fn paths(&self) -> &PathSet {
        self.known.get_or_init(|| self.items.iter().map(|p| p.path.clone()).collect())
    }

    /// The pages of the plan.
    pub fn pages(&self) -> impl Iterator<Item = (usize, PageKind)> + '_ {
        self.items.iter().enumerate().filter_map(|(i, p)| match p.output {
            Output::Page(k) => Some((i, k)),
            Output::File(_) => None,
        })
    }

    /// The booklets a reader can print as they are (not the selection booklet, which its address
    /// fills): (booklet, name, language, path), in the order of the plan.
    pub fn booklets(&self, site: &Site) -> Vec<(Booklet, String, Lang, String)> {
        self.pages()
            .filter_map(|(i, k)| match k {
                PageKind::Booklet(_, Booklet::Selection) => None,
                PageKind::Booklet(lang, b) => Some((b, b.name(site), lang, self.items[i].path.clone())),
                _ => None,
            })
            .collect()
    }

    /// What `self` (the new plan) renders that `old` did not, or differently, and what it drops.
    pub fn diff(&self, old: &Plan) -> Diff {
        let before: FxHashMap<&str, u64> = old.items.iter().map(|p| (p.path.as_str(), p.digest)).collect();
        let now = self.paths();
        Diff {
            changed: (0..self.items.len())
                .filter(|&i| before.get(self.items[i].path.as_str()) != Some(&self.items[i].digest))
                .collect(),
            removed: old.items.iter().filter(|p| !now.contains(&p.path)).map(|p| p.path.clone()).collect(),
        }
    }
}

/// The pages of one language, in the order of the menus.
fn pages_of(site: &Site, derived: &Derived, lang: Lang) -> Vec<PageKind> {
    let mut out = vec![PageKind::Home(lang)];
    out.extend((1..=derived.page_count(site.cases.len())).map(|n| PageKind::CaseList(lang, n)));
    out.extend((0..site.cases.len()).map(|i| PageKind::Case(lang, i)));
    for (t, tax) in site.taxonomies.iter().enumerate() {
        out.push(PageKind::Taxonomy(lang, t));
        for i in 0..tax.terms.len() {
            let r = TermRef { taxonomy: t, term: i };
            out.extend((1..=derived.page_count(derived.count(r))).map(|n| PageKind::Term(lang, r, n)));
        }
    }
    for combo in &derived.combos {
        out.extend((1..=derived.page_count(combo.cases.len())).map(|n| PageKind::Combo(lang, combo.terms, n)));
    }
    out.extend((0..site.pages.len()).map(|i| PageKind::Page(lang, i)));
    out.push(PageKind::Search(lang));
    out.push(PageKind::Overview(lang));
    if derived.booklet_max.is_some() && !site.booklets.is_empty() {
        out.push(PageKind::Booklets(lang));
    }
    if derived.booklet_max.is_some() {
        out.push(PageKind::Booklet(lang, Booklet::Selection));
    }
    if derived.booklet_fits(site.cases.len()) {
        out.push(PageKind::Booklet(lang, Booklet::Collection));
    }
    out.extend(derived.named_written().map(|i| PageKind::Booklet(lang, Booklet::Named(i))));
    out.extend(
        term_refs(site)
            .filter(|&r| derived.booklet_fits(derived.count(r)))
            .map(|r| PageKind::Booklet(lang, Booklet::Term(r))),
    );
    out
}

/// Every term of every taxonomy, in the order of the menus.
fn term_refs(site: &Site) -> impl Iterator<Item = TermRef> + '_ {
    site.taxonomies
        .iter()
        .enumerate()
        .flat_map(|(t, tax)| (0..tax.terms.len()).map(move |i| TermRef { taxonomy: t, term: i }))
}

/// The booklets left out for their size, with their number of cases. A booklet of `booklets:` is
/// bounded like the others: `booklet_max_cases` is what a browser lays out and a seminar hands
/// out as one booklet, whoever asked for it; the loader also warns at its line in site.yaml.
fn left_out(site: &Site, derived: &Derived) -> Vec<(Booklet, usize)> {
    let mut out = Vec::new();
    if derived.booklet_too_large(site.cases.len()) {
        out.push((Booklet::Collection, site.cases.len()));
    }
    out.extend(
        derived
            .named
            .iter()
            .enumerate()
            .filter(|(_, c)| derived.booklet_too_large(c.len()))
            .map(|(i, c)| (Booklet::Named(i), c.len())),
    );
    out.extend(
        term_refs(site).map(|r| (Booklet::Term(r), derived.count(r))).filter(|&(_, n)| derived.booklet_too_large(n)),
    );
    out
}

/// The files besides pages: static files (the site's own win over the theme's), the highlighting
/// stylesheet, the search indexes, and the sitemap and feeds when the site has an address.
fn files(site: &Site, theme: &Theme, derived: &Derived, shared: &digest::Shared, pages: &[Planned]) -> Vec<Planned> {
    let own: HashSet<&str> = site.statics.iter().map(|f| f.rel.as_str()).collect();
    let mut kinds: Vec<FileKind> = theme
        .statics
        .keys()
        .filter(|rel| !own.contains(rel.as_str()))
        .map(|rel| FileKind::ThemeStatic(rel.clone()))
        .collect();
    kinds.extend((0..site.statics.len()).map(FileKind::SiteStatic));
    kinds.push(FileKind::HighlightCss);
    let shards = crate::render::search::shard_count(site.cases.len());
    for lang in Lang::ALL {
        kinds.push(FileKind::SearchMeta(lang));
        kinds.extend((0..shards).map(|k| FileKind::SearchShard(lang, k)));
        kinds.extend((0..site.cases.len()).map(|i| FileKind::SearchDoc(lang, i)));
        kinds.push(FileKind::SearchWords(lang));
        if derived.booklet_max.is_some() {
            kinds.extend((0..site.cases.len()).map(|i| FileKind::PrintCase(lang, i)));
        }
    }
    if site.config.base_url.is_some() {
        kinds.push(FileKind::Sitemap);
        kinds.extend(Lang::ALL.map(FileKind::Feed));
    }
    use rayon::prelude::*;
    kinds
        .into_par_iter()
        .map(|kind| Planned {
            path: kind.path(site),
            digest: digest::file(site, theme, derived, pages, shared, &kind),
            output: Output::File(kind),
        })
        .collect()
}

/// The cases before and after case `i` in its collection (the case page links to them).
pub fn neighbours(site: &Site, i: usize) -> (Option<usize>, Option<usize>) {
    let collection = site.cases[i].collection(site.collections);
    let same = |j: usize| site.cases[j].collection(site.collections) == collection;
    let prev = i.checked_sub(1).filter(|&p| same(p));
    let next = Some(i + 1).filter(|&n| n < site.cases.len() && same(n));
    (prev, next)
}
