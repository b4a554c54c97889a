//! The digest of each planned file: a hash of exactly the inputs its render reads, beyond what
//! every page shares (settings, vocabulary, pages, theme — when those change, `serve` rebuilds the
//! whole site). Two plans that give a path the same digest give it the same bytes; the property
//! test in tests/it/incremental.rs holds the render functions to that.

use super::{Booklet, Derived, FileKind, PageKind, Planned, neighbours};
use crate::load::theme::Theme;
use crate::model::{Case, Lang, Markdown, Site};
use std::hash::{Hash, Hasher};

fn hasher() -> rustc_hash::FxHasher {
    rustc_hash::FxHasher::default()
}

/// Digests of what many files read, made once per plan: hashing 10,000 cases for each of 2,048
/// search shards was a third of `serve`'s response to an edit, and the facts of every case for
/// each of the home and overview pages a quarter of the page digests.
#[derive(Debug)]
pub(super) struct Shared {
    /// Every case's text and facts: the search shards and words, the feeds.
    all_cases: u64,
    /// Every case's facts: the counts, charts and matrices of the home and overview pages.
    all_facts: u64,
}

impl Shared {
    pub(super) fn of(site: &Site) -> Shared {
        let mut h = hasher();
        site.cases.len().hash(&mut h);
        for c in &site.cases {
            c.incident.hash(&mut h);
            c.terms.hash(&mut h);
        }
        Shared { all_cases: all_cases(site), all_facts: h.finish() }
    }

    /// After an edit of texts only: the facts are what they were.
    pub(super) fn after_text_edit(&mut self, site: &Site) {
        self.all_cases = all_cases(site);
    }
}

fn all_cases(site: &Site) -> u64 {
    let mut h = hasher();
    site.cases.iter().for_each(|c| c.hash.hash(&mut h));
    h.finish()
}

/// The cases an edit of texts only (no case's id, place or facts changed) can show anew, and
/// which digests read them. Mirrors what `page` and `file` hash: a digest that reads no text of
/// an edited case is what it was, so serve makes only the others again (at 10,000 cases, every
/// page's and file's digest was a third of its answer to an edit). The debug build checks every
/// such plan against a fresh one (`Session`), and tests/it/incremental.rs runs it on random edits.
pub(super) struct TextEdit {
    /// The edited cases (`Case::hash` changed).
    edited: Vec<bool>,
    /// The case pages that read an edited case: its own, its neighbours' (their previous/next
    /// links), those listing it among their related cases, and every case whose text links to
    /// another case.
    case_page: Vec<bool>,
    /// The cases whose booklet article reads an edited case: the edited ones, and every case
    /// whose text links to another case.
    article: Vec<bool>,
}

impl TextEdit {
    pub(super) fn new(site: &Site, derived: &Derived, edited: &[usize]) -> TextEdit {
        let n = site.cases.len();
        let mut e = TextEdit { edited: vec![false; n], case_page: vec![false; n], article: vec![false; n] };
        for &i in edited {
            e.edited[i] = true;
            e.case_page[i] = true;
            let (prev, next) = neighbours(site, i);
            prev.into_iter().chain(next).for_each(|j| e.case_page[j] = true);
        }
        for (i, case) in site.cases.iter().enumerate() {
            let links = !case.body.links.is_empty();
            e.article[i] = e.edited[i] || links;
            e.case_page[i] |= links || derived.related[i].iter().any(|r| e.edited[r.case]);
        }
        e
    }

    /// Whether the digest of page `kind` reads the text of an edited case.
    pub(super) fn page_reads(&self, site: &Site, derived: &Derived, kind: PageKind) -> bool {
        let links = |md: &Option<Markdown>| md.as_ref().is_some_and(|md| !md.links.is_empty());
        let any = |cases: &[usize], of: &[bool]| cases.iter().any(|&c| of[c]);
        match kind {
            PageKind::LanguageChooser
            | PageKind::NotFound
            | PageKind::Search(_)
            | PageKind::Home(_)
            | PageKind::Overview(_)
            | PageKind::Booklets(_)
            | PageKind::Booklet(_, Booklet::Selection) => false,
            PageKind::CaseList(_, n) => any(derived.page_of(&derived.all, n), &self.edited),
            PageKind::Case(_, i) => self.case_page[i],
            PageKind::Taxonomy(_, t) => links(&site.taxonomies[t].description),
            PageKind::Term(_, r, n) => {
                links(&site.term(r).description) || any(derived.page_of(derived.cases_of(r), n), &self.edited)
            }
            PageKind::Combo(_, terms, n) => any(derived.page_of(derived.combo_cases(terms), n), &self.edited),
            PageKind::Page(_, i) => !site.pages[i].body.links.is_empty(),
            PageKind::Booklet(_, Booklet::Collection) => true,
            PageKind::Booklet(_, Booklet::Term(r)) => {
                links(&site.term(r).description) || any(derived.cases_of(r), &self.article)
            }
            PageKind::Booklet(_, Booklet::Named(i)) => {
                links(&site.booklets[i].intro) || any(&derived.named[i], &self.article)
            }
        }
    }

    /// Whether the digest of file `kind` reads the text of an edited case.
    pub(super) fn file_reads(&self, kind: &FileKind) -> bool {
        match kind {
            FileKind::ThemeStatic(_)
            | FileKind::SiteStatic(_)
            | FileKind::HighlightCss
            | FileKind::SearchMeta(_)
            | FileKind::Sitemap => false,
            FileKind::SearchShard(..) | FileKind::SearchWords(_) | FileKind::Feed(_) => true,
            FileKind::SearchDoc(_, i) => self.edited[*i],
            FileKind::PrintCase(_, i) => self.article[*i],
        }
    }
}

pub(super) fn page(site: &Site, derived: &Derived, shared: &Shared, kind: PageKind) -> u64 {
    let mut h = hasher();
    kind.hash(&mut h);
    if let PageKind::Booklet(l, b) = kind {
        // The link to its PDF, with the PDF's size (`pdf: true`).
        b.pdf(site, l).hash(&mut h);
    }
    match kind {
        PageKind::LanguageChooser | PageKind::NotFound | PageKind::Search(_) => {}
        PageKind::Home(_) => {
            shared.all_facts.hash(&mut h);
            derived.named_written().for_each(|i| named_link(site, derived, i, &mut h));
        }
        PageKind::Overview(_) => shared.all_facts.hash(&mut h),
        PageKind::CaseList(_, n) => {
            Booklet::Collection.pdf(site, Lang::Ja).hash(&mut h);
            Booklet::Collection.pdf(site, Lang::En).hash(&mut h);
            list(site, derived, &derived.all, n, &mut h);
        }
        PageKind::Case(_, i) => case_page(site, derived, i, &mut h),
        PageKind::Taxonomy(_, t) => {
            if let Some(md) = &site.taxonomies[t].description {
                links(site, derived, md, &mut h);
            }
            derived.by_term[t].iter().for_each(|cases| cases.len().hash(&mut h));
        }
        PageKind::Term(_, r, n) => {
            let term = site.term(r);
            if let Some(md) = &term.description {
                links(site, derived, md, &mut h);
            }
            list(site, derived, derived.cases_of(r), n, &mut h);
            // Its booklet's PDF and the PDF's size (`pdf: true`).
            Booklet::Term(r).pdf(site, Lang::Ja).hash(&mut h);
            Booklet::Term(r).pdf(site, Lang::En).hash(&mut h);
            // Its links to the pages of its combinations, with their counts.
            derived.combos_of(r).for_each(|(c, other)| (other, c.cases.len()).hash(&mut h));
            // Its links to the booklets of `booklets:` that select it, with their counts.
            derived
                .named_written()
                .filter(|&i| site.booklets[i].selects(r))
                .for_each(|i| named_link(site, derived, i, &mut h));
        }
        PageKind::Combo(_, terms, n) => {
            list(site, derived, derived.combo_cases(terms), n, &mut h);
            // It links both terms' pages with their counts.
            terms.iter().for_each(|&r| derived.count(r).hash(&mut h));
        }
        PageKind::Page(_, i) => links(site, derived, &site.pages[i].body, &mut h),
        PageKind::Booklet(_, Booklet::Collection) => {
            site.cases.iter().for_each(|c| booklet_case(site, derived, c, &mut h))
        }
        // Put together in the browser: the page holds no case.
        PageKind::Booklet(_, Booklet::Selection) => {}
        PageKind::Booklet(_, Booklet::Term(r)) => {
            if let Some(md) = &site.term(r).description {
                links(site, derived, md, &mut h);
            }
            derived.cases_of(r).iter().for_each(|&c| booklet_case(site, derived, &site.cases[c], &mut h));
        }
        PageKind::Booklet(_, Booklet::Named(i)) => {
            if let Some(md) = &site.booklets[i].intro {
                links(site, derived, md, &mut h);
            }
            derived.named[i].iter().for_each(|&c| booklet_case(site, derived, &site.cases[c], &mut h));
        }
        // Each booklet (written or left out for its size), and the whole collection's booklet.
        PageKind::Booklets(_) => {
            (0..derived.named.len()).for_each(|i| named_link(site, derived, i, &mut h));
            derived.booklet_fits(site.cases.len()).hash(&mut h);
        }
    }
    h.finish()
}

pub(super) fn file(
    site: &Site,
    theme: &Theme,
    derived: &Derived,
    pages: &[Planned],
    shared: &Shared,
    kind: &FileKind,
) -> u64 {
    let mut h = hasher();
    kind.hash(&mut h);
    match kind {
        FileKind::ThemeStatic(rel) => theme.statics[rel].bytes.hash(&mut h),
        FileKind::SiteStatic(i) => {
            // Size and time of the last change: a static file is read only when it is written.
            if let Ok(meta) = std::fs::metadata(&site.statics[*i].path) {
                meta.len().hash(&mut h);
                meta.modified().ok().hash(&mut h);
            }
        }
        FileKind::HighlightCss => {}
        // The postings and the words change with any text; the metadata with the cases' order and facts.
        FileKind::SearchShard(..) | FileKind::SearchWords(_) | FileKind::Feed(_) => shared.all_cases.hash(&mut h),
        FileKind::SearchMeta(_) => {
            site.cases.iter().for_each(|c| (&c.id, c.incident, &c.terms).hash(&mut h));
            derived.by_term.iter().flatten().for_each(|cases| cases.is_empty().hash(&mut h));
        }
        FileKind::SearchDoc(_, i) => site.cases[*i].hash.hash(&mut h),
        FileKind::PrintCase(_, i) => booklet_case(site, derived, &site.cases[*i], &mut h),
        FileKind::Sitemap => {
            for p in pages {
                if let super::Output::Page(k) = p.output
                    && k.indexable()
                {
                    p.path.hash(&mut h);
                }
            }
        }
    }
    h.finish()
}

/// A case page: the case, its neighbours' titles, the counts of its terms, the targets of its links.
fn case_page(site: &Site, derived: &Derived, i: usize, h: &mut impl Hasher) {
    let case = &site.cases[i];
    case.hash.hash(h);
    let (prev, next) = neighbours(site, i);
    for n in [prev, next] {
        n.map(|j| (&site.cases[j].id, site.cases[j].hash)).hash(h);
    }
    for r in case.term_refs() {
        derived.count(r).hash(h);
    }
    // Its related cases: which, why, and their titles and facts.
    for rel in &derived.related[i] {
        rel.hash(h);
        let c = &site.cases[rel.case];
        (&c.id, c.hash).hash(h);
    }
    links(site, derived, &case.body, h);
}

/// One page of a list of cases: which page of how many, and the cases it shows.
fn list(site: &Site, derived: &Derived, cases: &[usize], n: u32, h: &mut impl Hasher) {
    cases.len().hash(h);
    derived.page_count(cases.len()).hash(h);
    for &c in derived.page_of(cases, n) {
        site.cases[c].id.hash(h);
        site.cases[c].hash.hash(h);
    }
}

/// A case in a booklet: its text and what its links point at.
fn booklet_case(site: &Site, derived: &Derived, case: &Case, h: &mut impl Hasher) {
    case.hash.hash(h);
    links(site, derived, &case.body, h);
}

/// A booklet of `booklets:` as lists show it (`render::pages::booklet::named_link`): its number of
/// cases, its PDFs, and the counts of the terms it selects.
fn named_link(site: &Site, derived: &Derived, i: usize, h: &mut impl Hasher) {
    (i, derived.named[i].len()).hash(h);
    Lang::ALL.map(|l| Booklet::Named(i).pdf(site, l)).hash(h);
    for (t, terms) in &site.booklets[i].select {
        terms.iter().for_each(|&term| derived.count(crate::model::TermRef { taxonomy: *t, term }).hash(h));
    }
}

/// What the `@/…` links of a text lead to: whether each linked case exists, and its text (a link
/// to a heading of it breaks when the heading goes).
fn links(site: &Site, derived: &Derived, md: &Markdown, h: &mut impl Hasher) {
    for target in &md.links {
        target.hash(h);
        if let Some(id) = target.strip_prefix("cases/") {
            let id = id.split('#').next().unwrap_or(id).trim_end_matches('/');
            let id = id.strip_suffix(".md").unwrap_or(id);
            derived.case(id).map(|c| site.cases[c].hash).hash(h);
        } else if let Some(file) = target.strip_prefix("static/") {
            site.statics.iter().any(|f| f.rel == file.split('#').next().unwrap_or(file)).hash(h);
        } else if target.starts_with("booklets") {
            // `@/booklets/{id}` breaks when the booklet is no longer written.
            derived.named_written().for_each(|i| i.hash(h));
        }
    }
}
