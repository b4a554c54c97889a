//! What templates receive: typed views built once per page. Every `path` is relative to the
//! output root; templates write `{{ root }}{{ x.path }}`, where `root` leads from the page back to
//! the output root, so every link is relative.

use crate::model::{Lang, Localized};
use serde::Serialize;

mod serialize;
pub use serialize::{Borrowing, Shared, SharedMoreLink, SharedTermLink};

/// A text and the language it is written in (templates add `lang` when it differs from the page).
#[derive(Serialize, Clone, Copy)]
pub struct Loc<'a> {
    pub text: &'a str,
    pub lang: Lang,
}

impl<'a> From<Localized<'a>> for Loc<'a> {
    fn from(l: Localized<'a>) -> Self {
        Loc { text: l.text, lang: l.lang }
    }
}

/// A text made for the page (a combination's title), and its language.
#[derive(Serialize, Clone)]
pub struct Title<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub lang: Lang,
}

impl<'a> From<Localized<'a>> for Title<'a> {
    fn from(l: Localized<'a>) -> Self {
        Title { text: l.text.into(), lang: l.lang }
    }
}

/// Settings shared by every page of one language.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: Option<&'a str>,
    pub default_lang: Lang,
    /// Who publishes the site, in this language (`None` when site.yaml names nobody).
    pub publisher: Option<PublisherView<'a>>,
    pub licence: Option<&'a str>,
    /// The date of this edition: `iso` for `<time datetime>`, `text` as a reader writes it.
    pub updated: Option<DateView>,
    pub edition: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PublisherView<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub contact: Option<&'a str>,
}

impl<'a> PublisherView<'a> {
    pub fn new(p: &'a crate::model::Publisher, lang: Lang) -> PublisherView<'a> {
        PublisherView {
            name: p.name.get(lang),
            url: p.url.as_deref(),
            contact: p.contact.as_ref().map(|c| c.get(lang)),
        }
    }
}

#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct NavView<'a> {
    pub home: String,
    pub cases: String,
    pub taxonomies: Vec<Link<'a>>,
    pub pages: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub label: Loc<'a>,
    pub path: String,
}

/// The page being rendered.
#[derive(Serialize)]
pub struct PageMeta<'a> {
    /// `home`, `cases`, `case`, `taxonomy`, `term`, `page`, `language-chooser`, `not-found`.
    pub kind: &'static str,
    pub title: Title<'a>,
    pub description: Loc<'a>,
    pub path: String,
    /// This page in every language (the current one included, marked `current`).
    pub translations: Vec<Translation<'a>>,
    /// Absolute URL of this page, when the site has a `base_url`.
    pub canonical: Option<String>,
}

#[derive(Serialize)]
pub struct Translation<'a> {
    pub lang: Lang,
    /// The language's name in itself (日本語, English).
    pub name: &'a str,
    pub path: String,
    pub current: bool,
}

#[derive(Clone)]
pub struct TermLink<'a> {
    pub code: &'a str,
    pub label: &'a str,
    pub path: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct GroupView<'a> {
    pub code: &'a str,
    pub label: &'a str,
    pub terms: Vec<SharedTermLink>,
}

/// One taxonomy's terms on a case.
#[derive(Serialize)]
pub struct Fact<'a> {
    pub name: &'a str,
    pub label: &'a str,
    /// Whether a case may have several terms of this taxonomy.
    pub multiple: bool,
    /// A facet made of another taxonomy's groups (regions of prefectures): the cards leave it out.
    pub derived: bool,
    pub terms: Vec<SharedTermLink>,
    /// The same terms under their group headings, when the taxonomy groups its terms.
    pub groups: Vec<GroupView<'a>>,
    /// What this fact means for this case, when the case carries a caveat on it.
    pub caveat: Option<&'a str>,
}

/// A case in a list.
pub struct CaseCard<'a> {
    pub id: &'a str,
    pub path: String,
    pub number: Option<u32>,
    pub title: Loc<'a>,
    pub summary: Loc<'a>,
    pub incident: bool,
    pub facts: Vec<Fact<'a>>,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub collection: SharedTermLink,
    pub number: Option<u32>,
    pub publisher: &'a str,
    pub title: &'a str,
    pub year: Option<u32>,
    pub url: Option<&'a str>,
    /// The page of the source where the case is printed.
    pub page: Option<u32>,
    /// The source's own numbering of the case, when it is not "case N".
    pub reference: Option<Loc<'a>>,
    /// A note on this case's source (e.g. the date of the announcement).
    pub note: Option<Loc<'a>>,
    /// A note that holds for every case of the collection.
    pub collection_note: Option<Loc<'a>>,
}

#[derive(Serialize)]
pub struct Neighbour<'a> {
    pub path: String,
    pub title: Loc<'a>,
    pub number: Option<u32>,
}

/// A case's page: the card's fields, and these.
pub struct CaseView<'a> {
    pub card: CaseCard<'a>,
    pub body: String,
    pub body_lang: Lang,
    /// False when this language's text is missing and the Japanese text is shown instead.
    pub translated: bool,
    pub source: SourceView<'a>,
    pub prev: Option<Neighbour<'a>>,
    pub next: Option<Neighbour<'a>>,
    /// The case at a glance, under its title: industry · prefecture · size · year · incident types.
    pub line: Vec<&'a str>,
    /// The cases to read next, each with why (see plan/related.rs).
    pub related: Vec<RelatedView<'a>>,
    /// The term pages of this case's profile and incident types, with their counts ("製造業の事例 14件").
    pub more: Vec<SharedMoreLink>,
}

/// A related case: its title and what it shares with the case of the page.
#[derive(Serialize)]
pub struct RelatedView<'a> {
    pub path: String,
    pub title: Loc<'a>,
    /// "同じ業種", "同じ事故", …, in the order the page shows them.
    pub reasons: Vec<&'a str>,
    /// The reasons joined by the theme's `reason_separator` (what the default theme shows).
    pub why: String,
}

/// A term page to read on from a case, with its count, and the line the default theme shows
/// ("製造業の事例 14件", from the theme's `more_of_term` and `cases_n`). Made here rather than with
/// two `replace` filters per link, which cost more than the rest of the link's markup.
pub struct MoreLink<'a> {
    pub term: TermLink<'a>,
    pub text: String,
}

#[derive(Serialize)]
pub struct TaxonomyView<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub path: String,
    pub description: Option<String>,
    pub description_lang: Lang,
    /// Terms under their groups; a taxonomy without groups has one group with an empty label.
    pub groups: Vec<GroupView<'a>>,
    pub total_terms: usize,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub code: &'a str,
    pub label: &'a str,
    pub path: String,
    pub group: Option<&'a str>,
    pub description: Option<String>,
    pub description_lang: Lang,
    pub source: Option<SourceView<'a>>,
}

#[derive(Serialize)]
pub struct ContentView<'a> {
    pub title: Loc<'a>,
    pub body: String,
    pub body_lang: Lang,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub case_count: usize,
    pub incident_count: usize,
    pub prepared_count: usize,
    /// Every taxonomy with its most frequent terms.
    pub facets: Vec<FacetSummary<'a>>,
    pub collections: Vec<CollectionView<'a>>,
}

#[derive(Serialize)]
pub struct FacetSummary<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub path: String,
    pub top: Vec<TermLink<'a>>,
    pub term_count: usize,
}

#[derive(Serialize)]
pub struct CollectionView<'a> {
    pub link: TermLink<'a>,
    pub source: Option<SourceView<'a>>,
}

/// An entry of the language chooser and the 404 page.
#[derive(Serialize)]
pub struct LanguageEntry<'a> {
    pub lang: Lang,
    pub name: &'a str,
    pub path: String,
    pub site_title: &'a str,
    pub site_description: &'a str,
    pub strings: std::collections::BTreeMap<&'a str, &'a str>,
}

/// What `find.js` needs to know of a page (see render/finder.rs). Paths are relative to the
/// output root.
#[derive(Serialize)]
pub struct FinderView {
    /// The folder of this language's search files.
    pub index: String,
    /// The facets the page fixes, as `name=code&…` (empty on the case list and search pages).
    pub preset: String,
    /// `list` (a list page: its own cards show until the reader narrows) or `search`.
    pub mode: &'static str,
    /// The path of a case with `{id}` in place of its id.
    pub case_url: String,
    /// The path of a term page with `{facet}` and `{code}`.
    pub term_url: String,
    /// The path of the list of all cases.
    pub list_url: String,
    /// The interface strings, as JSON.
    pub strings: String,
    /// The selection booklet, which "印刷用冊子にする" opens with the listed cases (`?ids=…`);
    /// empty when the site writes no booklets.
    pub print_url: String,
    /// The most cases it prints (`booklet_max_cases`).
    pub print_max: usize,
}

/// Links from a term page to the pages of its combinations with one other taxonomy.
#[derive(Serialize)]
pub struct ComboLinks<'a> {
    /// The other taxonomy's label.
    pub label: &'a str,
    /// Each other term with the number of cases of both, linking to their page.
    pub links: Vec<TermLink<'a>>,
}

/// A booklet's PDF (`pdf: true`): where it is and how large, as "PDF 2.3 MB".
#[derive(Serialize)]
pub struct PdfLink {
    pub path: String,
    pub size: String,
}

impl PdfLink {
    pub fn new(rel: &str, bytes: u64) -> PdfLink {
        let size = if bytes >= 100_000 {
            format!("PDF {:.1} MB", bytes as f64 / 1e6)
        } else {
            format!("PDF {} KB", bytes.div_ceil(1000))
        };
        PdfLink { path: format!("static/{rel}"), size }
    }
}

/// A booklet of `booklets:` in site.yaml, as lists show it (home, term and booklets pages).
#[derive(Serialize)]
pub struct NamedBookletLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub path: String,
    pub count: usize,
    pub pdf: Option<PdfLink>,
    /// What it selects: per taxonomy, its label and the terms (linked to their pages).
    pub select: Vec<SelectView<'a>>,
}

#[derive(Serialize)]
pub struct SelectView<'a> {
    pub label: &'a str,
    pub terms: Vec<TermLink<'a>>,
}

/// A booklet of `booklets:` that is not written because it would hold more than
/// `booklet_max_cases` cases: the booklets page names it and says why.
#[derive(Serialize)]
pub struct NamedBookletLeftOut<'a> {
    pub title: &'a str,
    pub note: String,
}

/// What a list says when its booklet is left out for its size.
#[derive(Serialize)]
pub struct BookletLeftOut {
    /// "2,104 cases are too many for one booklet (at most 200)…"
    pub note: String,
    /// The selection booklet, which prints the cases a narrowed list shows.
    pub selection: String,
}

/// A printable booklet: the whole collection, the cases of one term, the chosen cases, or a
/// booklet of `booklets:` in site.yaml.
#[derive(Serialize)]
pub struct PrintView<'a> {
    pub title: String,
    /// Who hands the booklet out, on its cover: its own (`booklets:`) or the site's publisher.
    pub publisher: Option<PublisherView<'a>>,
    /// The logo on the cover (a booklet of `booklets:`), and its text: the publisher's name.
    pub logo: Option<String>,
    pub logo_alt: &'a str,
    /// The title as a CSS string, for running headers.
    pub title_css: String,
    /// The term's explanatory text, for a term's handout.
    pub intro: Option<String>,
    pub intro_lang: Lang,
    /// The page the booklet belongs to (the term page, or the list of cases).
    pub back: String,
    pub cases: Vec<BookletEntry<'a>>,
    pub sources: Vec<SourceView<'a>>,
    /// The selection booklet: its cases are named in the address and loaded by static/booklet.js.
    pub selection: bool,
    /// The most cases a booklet holds (`booklet_max_cases`): the selection booklet refuses more.
    pub max_cases: usize,
}

/// A case in a booklet: what the contents list shows, and the case's article, rendered once by
/// `partials/print_case.html` (insert with `| safe`). On a booklet page, `html` is a marker that
/// the article replaces once the page is rendered (see `render::parts`).
#[derive(Serialize)]
pub struct BookletEntry<'a> {
    pub anchor: String,
    pub title: Loc<'a>,
    pub collection: &'a str,
    pub number: Option<u32>,
    pub html: std::borrow::Cow<'a, str>,
}

/// A case in a booklet: its anchor, the card's fields, and these.
pub struct PrintCase<'a> {
    pub anchor: String,
    pub card: CaseCard<'a>,
    pub body: String,
    pub body_lang: Lang,
    pub source: SourceView<'a>,
    /// With `base_url`: the case page's address, printed as text and as `qr` (inline SVG), so a
    /// reader of the paper gets back to it.
    pub url: Option<String>,
    pub qr: Option<String>,
}

/// Links between the pages of a paginated list.
#[derive(Serialize)]
pub struct Pager {
    pub current: u32,
    pub total: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The pages to link to, when there is more than one: the first, the last and those around
    /// the current one (see `render::pager_numbers`).
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: u32,
    pub path: String,
    pub current: bool,
    /// Pages between the one before and this one are left out (the pager shows an ellipsis).
    pub gap_before: bool,
}

/// A visual summary: its id, the taxonomy it shows (empty for the matrix) and its SVG and table.
#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    /// Where the chart's taxonomy lists its terms (empty for the matrix).
    pub path: String,
    pub taxonomy: String,
    pub html: String,
}

/// `sitemap.xml`: every indexable page with its alternates in both languages.
#[derive(Serialize)]
pub struct SitemapView {
    pub urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub alternates: Vec<Alternate>,
}

#[derive(Serialize)]
pub struct Alternate {
    /// A language code, or `x-default`.
    pub lang: &'static str,
    pub href: String,
}

/// An Atom feed of one language: every case, dated by its collection's year.
#[derive(Serialize)]
pub struct FeedView<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub home: String,
    pub self_url: String,
    pub updated: String,
    pub author: &'a str,
    pub entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: Loc<'a>,
    pub summary: Loc<'a>,
    pub url: String,
    pub updated: String,
}
