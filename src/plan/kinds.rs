//! What the plan holds: the kinds of pages (with their routes, templates and names), of booklets
//! and of other files (with their paths).

use super::{Derived, Route, routes};
use crate::model::{Lang, Site, TermRef};

/// A page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageKind {
    LanguageChooser,
    NotFound,
    Home(Lang),
    /// A page (1-based) of the list of all cases.
    CaseList(Lang, u32),
    Case(Lang, usize),
    Taxonomy(Lang, usize),
    /// A page (1-based) of a term's cases.
    Term(Lang, TermRef, u32),
    /// A page (1-based) of the cases that have both terms (a pair of `combinations:` in site.yaml).
    Combo(Lang, [TermRef; 2], u32),
    Page(Lang, usize),
    Search(Lang),
    Overview(Lang),
    Booklet(Lang, Booklet),
    /// The list of the booklets of `booklets:` in site.yaml.
    Booklets(Lang),
}

/// What a printable booklet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Booklet {
    /// Every case of the site.
    Collection,
    /// The cases of one term.
    Term(TermRef),
    /// Any cases, named in the page's address and put together in the browser.
    Selection,
    /// A booklet of `booklets:` in site.yaml (index into `Site::booklets`).
    Named(usize),
}

impl Booklet {
    /// How the build summary and `casebook pdf` name the booklet: `all`, `incidents/ransomware`,
    /// `selection`, or the id of a booklet of `booklets:` (which may be neither `all` nor
    /// `selection`, and has no `/`).
    pub fn name(self, site: &Site) -> String {
        match self {
            Booklet::Collection => "all".into(),
            Booklet::Term(r) => format!("{}/{}", site.taxonomies[r.taxonomy].name, site.term(r).id),
            Booklet::Selection => "selection".into(),
            Booklet::Named(i) => site.booklets[i].id.to_string(),
        }
    }

    /// The cases the booklet holds, in site order (none for the selection booklet, which its
    /// address fills in the browser).
    pub fn cases(self, derived: &Derived) -> &[usize] {
        match self {
            Booklet::Collection => &derived.all,
            Booklet::Term(r) => derived.cases_of(r),
            Booklet::Selection => &[],
            Booklet::Named(i) => &derived.named[i],
        }
    }

    /// Where `casebook pdf` puts the booklet's PDF under `static/` (`content/static/` in the
    /// project): `pdf/incidents-ransomware.ja.pdf`; a booklet of `booklets:` in a folder of its
    /// own, `pdf/booklets/{id}.ja.pdf`, so that no id can meet a term's file name.
    pub fn pdf_file(self, site: &Site, lang: Lang) -> String {
        match self {
            Booklet::Named(i) => format!("pdf/booklets/{}.{lang}.pdf", site.booklets[i].id),
            _ => format!("pdf/{}.{lang}.pdf", self.name(site).replace('/', "-")),
        }
    }

    /// With `pdf: true`, the booklet's PDF among the site's static files: its index and size.
    pub fn pdf(self, site: &Site, lang: Lang) -> Option<(usize, u64)> {
        if !site.config.pdf {
            return None;
        }
        let rel = self.pdf_file(site, lang);
        let i = site.statics.iter().position(|f| f.rel == rel)?;
        Some((i, std::fs::metadata(&site.statics[i].path).map_or(0, |m| m.len())))
    }
}

/// A file that is not a page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A theme's static file, by its path under `static/`.
    ThemeStatic(String),
    /// A file of `content/static/` (index into `Site::statics`).
    SiteStatic(usize),
    HighlightCss,
    /// The cases and facets the browser narrows with (static/search/<lang>/meta.js).
    SearchMeta(Lang),
    /// Shard k of the postings.
    SearchShard(Lang, u32),
    /// One case's card and text (index into `Site::cases`).
    SearchDoc(Lang, usize),
    /// The words to suggest a spelling from.
    SearchWords(Lang),
    /// A case's booklet article as a script (static/print/<lang>/<id>.js), for the selection booklet.
    PrintCase(Lang, usize),
    Sitemap,
    Feed(Lang),
}

impl FileKind {
    pub fn path(&self, site: &Site) -> String {
        match self {
            FileKind::ThemeStatic(rel) => format!("static/{rel}"),
            FileKind::SiteStatic(i) => format!("static/{}", site.statics[*i].rel),
            FileKind::HighlightCss => "static/highlight.css".into(),
            FileKind::SearchMeta(l) => format!("static/search/{l}/meta.js"),
            FileKind::SearchShard(l, k) => format!("static/search/{l}/t/{k}.js"),
            FileKind::SearchDoc(l, i) => format!("static/search/{l}/doc/{}.js", site.cases[*i].id),
            FileKind::SearchWords(l) => format!("static/search/{l}/words.js"),
            FileKind::PrintCase(l, i) => format!("static/print/{l}/{}.js", site.cases[*i].id),
            FileKind::Sitemap => "sitemap.xml".into(),
            FileKind::Feed(l) => format!("{l}/atom.xml"),
        }
    }
}

impl PageKind {
    /// The page's place in the URL layout.
    pub fn route<'s>(self, site: &'s Site) -> Route<'s> {
        let term = |r: TermRef| (&site.taxonomies[r.taxonomy].name, &site.taxonomies[r.taxonomy].terms[r.term].id);
        match self {
            PageKind::LanguageChooser => Route::LanguageChooser,
            PageKind::NotFound => Route::NotFound,
            PageKind::Home(l) => Route::Home(l),
            PageKind::CaseList(l, n) => routes::cases_page(l, n),
            PageKind::Case(l, i) => Route::Case(l, &site.cases[i].id),
            PageKind::Taxonomy(l, t) => Route::Taxonomy(l, &site.taxonomies[t].name),
            PageKind::Term(l, r, n) => {
                let (t, id) = term(r);
                routes::term_page(l, t, id, n)
            }
            PageKind::Combo(l, [a, b], n) => {
                let ((ta, a), (tb, b)) = (term(a), term(b));
                routes::combo_page(l, [ta, tb], [a, b], n)
            }
            PageKind::Page(l, i) => Route::Page(l, &site.pages[i].slug),
            PageKind::Search(l) => Route::Search(l),
            PageKind::Overview(l) => Route::Overview(l),
            PageKind::Booklet(l, Booklet::Collection) => Route::Print(l),
            PageKind::Booklet(l, Booklet::Term(r)) => {
                let (t, id) = term(r);
                Route::TermPrint(l, t, id)
            }
            PageKind::Booklet(l, Booklet::Selection) => Route::PrintSelection(l),
            PageKind::Booklet(l, Booklet::Named(i)) => Route::NamedBooklet(l, &site.booklets[i].id),
            PageKind::Booklets(l) => Route::Booklets(l),
        }
    }

    /// The kind's name, as the build summary counts pages.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::LanguageChooser => "language-chooser",
            PageKind::NotFound => "not-found",
            PageKind::Home(_) => "home",
            PageKind::CaseList(..) => "cases",
            PageKind::Case(..) => "case",
            PageKind::Taxonomy(..) => "taxonomy",
            PageKind::Term(..) => "term",
            PageKind::Combo(..) => "combination",
            PageKind::Page(..) => "page",
            PageKind::Search(_) => "search",
            PageKind::Overview(_) => "overview",
            PageKind::Booklet(_, Booklet::Collection) => "print",
            PageKind::Booklet(_, Booklet::Term(_)) => "term-print",
            PageKind::Booklet(_, Booklet::Selection) => "print-selection",
            PageKind::Booklet(_, Booklet::Named(_)) => "booklet",
            PageKind::Booklets(_) => "booklets",
        }
    }

    /// The template that renders the page.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::LanguageChooser => "language_chooser.html",
            PageKind::NotFound => "404.html",
            PageKind::Home(_) => "home.html",
            PageKind::CaseList(..) => "cases.html",
            PageKind::Case(..) => "case.html",
            PageKind::Taxonomy(..) => "taxonomy.html",
            PageKind::Term(..) => "term.html",
            PageKind::Combo(..) => "combination.html",
            PageKind::Page(..) => "page.html",
            PageKind::Search(_) => "search.html",
            PageKind::Overview(_) => "overview.html",
            PageKind::Booklet(..) => "print.html",
            PageKind::Booklets(_) => "booklets.html",
        }
    }

    /// Whether search engines should list the page (the sitemap lists only these): not the 404
    /// page, not the booklets (they repeat the case pages for printing).
    pub fn indexable(self) -> bool {
        !matches!(self, PageKind::NotFound | PageKind::Booklet(..))
    }

    /// Pages that show one case or a list of cases: after an edit, `serve` renders these first and
    /// the pages that depend on the whole collection afterwards.
    pub fn shows_cases(self) -> bool {
        matches!(self, PageKind::Case(..) | PageKind::CaseList(..) | PageKind::Term(..) | PageKind::Combo(..))
    }

    /// The content file a page is made from, named when one of its links is broken.
    pub fn source_file(self, site: &Site) -> Option<&str> {
        match self {
            PageKind::Case(_, i) => Some(&site.cases[i].file),
            PageKind::Page(_, i) => Some(&site.pages[i].file),
            PageKind::Taxonomy(..) | PageKind::Term(..) | PageKind::Booklet(_, Booklet::Term(_)) => {
                Some("content/taxonomies.yaml")
            }
            PageKind::Booklet(_, Booklet::Named(_)) | PageKind::Booklets(_) => Some("content/site.yaml"),
            _ => None,
        }
    }
}
