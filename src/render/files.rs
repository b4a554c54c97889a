//! The files of a build that are not pages: static files (copied as they are), the highlighting
//! stylesheet, the search indexes, and the sitemap and feeds (built-in templates, so a theme may
//! change them like any page).

use super::context::{Renderer, slot};
use super::highlight;
use super::markdown;
use super::search;
use super::templates::template_error;
use super::views::{Alternate, FeedEntry, FeedView, SitemapUrl, SitemapView};
use crate::diagnostics::Diagnostic;
use crate::load::Project;
use crate::model::{Case, Lang, Site, TermRef};
use crate::plan::{FileKind, Route};
use std::borrow::Cow;
use std::sync::atomic::AtomicBool;
use tera::Context;

/// The bytes of a planned file; `None` when `cancel` was set while a search index was made.
/// (A theme's static files and the stylesheet are borrowed: they are written as they are.)
pub fn render<'r>(r: &'r Renderer, kind: &FileKind, cancel: &AtomicBool) -> Result<Option<Cow<'r, [u8]>>, Diagnostic> {
    let made = match kind {
        FileKind::ThemeStatic(rel) => return Ok(Some(Cow::Borrowed(&r.theme.statics[rel].bytes))),
        FileKind::HighlightCss => return Ok(Some(Cow::Borrowed(highlight::STYLESHEET.as_bytes()))),
        FileKind::SiteStatic(i) => Project::new(r.root).read(&r.site.statics[*i].path, None)?,
        FileKind::SearchShard(lang, k) => match index(r, *lang, cancel) {
            Some(index) => index.shard_script(*k as usize).into_bytes(),
            None => return Ok(None),
        },
        FileKind::SearchMeta(lang) => meta(r, *lang).into_bytes(),
        FileKind::SearchDoc(lang, i) => doc(r, *lang, *i).into_bytes(),
        FileKind::SearchWords(lang) => match words(r, *lang, cancel) {
            Some(w) => w.into_bytes(),
            None => return Ok(None),
        },
        FileKind::PrintCase(lang, i) => super::pages::print_case_script(r, *i, *lang)?.into_bytes(),
        FileKind::Sitemap => sitemap(r)?,
        FileKind::Feed(lang) => feed(r, *lang)?,
    };
    Ok(Some(Cow::Owned(made)))
}

/// The postings of `lang`, made once per render and shared by its shards.
fn index<'r>(r: &'r Renderer, lang: Lang, cancel: &AtomicBool) -> Option<&'r search::SearchIndex> {
    r.search[slot(lang)]
        .get_or_init(|| search::SearchIndex::build(lang, r.site.cases.len(), &|i| search_text(r.site, lang, i), cancel))
        .as_ref()
}

/// Makes the postings of `lang` now, if no render has made them yet, and hands `write` the
/// document file of each case `wanted` says (`doc/<id>.js`), made from the same plain text the
/// index reads: a case's Markdown is then turned into plain text once, not once for the index and
/// again for its document. Returns whether it made the index (then every wanted document was
/// handed over, unless `cancel` stopped it).
pub fn index_with_docs(
    r: &Renderer,
    lang: Lang,
    cancel: &AtomicBool,
    wanted: &[bool],
    write: &(dyn Fn(usize, Vec<u8>) + Sync),
) -> bool {
    let mut made = false;
    r.search[slot(lang)].get_or_init(|| {
        made = true;
        let text = |i: usize| {
            let t = search_text(r.site, lang, i);
            if wanted.get(i).copied().unwrap_or(false) {
                write(i, doc_with_body(r, lang, i, &t.body).into_bytes());
            }
            t
        };
        search::SearchIndex::build(lang, r.site.cases.len(), &text, cancel)
    });
    made
}

/// What the index reads of case `i`: title, summary, the labels of its terms, its text.
pub fn search_text(site: &Site, lang: Lang, i: usize) -> search::SearchText {
    let case = &site.cases[i];
    let labels: Vec<&str> = case.term_refs().map(|t| site.term(t).label.get(lang)).collect();
    search::SearchText {
        title: case.title.get(lang).text.to_owned(),
        summary: case.summary.get(lang).text.to_owned(),
        facts: labels.join(" "),
        body: markdown::plain_text(case.body.text.get(lang).text),
    }
}

fn meta(r: &Renderer, lang: Lang) -> String {
    let site = r.site;
    let ids: Vec<&str> = site.cases.iter().map(|c| c.id.as_str()).collect();
    let incident: Vec<bool> = site.cases.iter().map(|c| c.incident).collect();
    let facets: Vec<search::FacetData> = site
        .taxonomies
        .iter()
        .enumerate()
        .map(|(t, tax)| search::FacetData {
            name: tax.name.as_str(),
            label: tax.label.get(lang),
            multiple: tax.multiple,
            grouped_by: tax.groups_facet.as_deref(),
            terms: tax
                .terms
                .iter()
                .enumerate()
                .map(|(i, term)| {
                    let group = term.group.map(|g| tax.groups[g].id.as_str());
                    (
                        term.id.as_str(),
                        term.label.get(lang),
                        group,
                        r.derived.cases_of(TermRef { taxonomy: t, term: i }),
                    )
                })
                .collect(),
        })
        .collect();
    search::meta_script(lang, search::shard_count(site.cases.len()), &ids, &incident, &facets)
}

fn doc(r: &Renderer, lang: Lang, i: usize) -> String {
    doc_with_body(r, lang, i, &markdown::plain_text(r.site.cases[i].body.text.get(lang).text))
}

/// The document file of case `i`, whose text without markup is `body`.
fn doc_with_body(r: &Renderer, lang: Lang, i: usize, body: &str) -> String {
    let site = r.site;
    let case = &site.cases[i];
    let c = site.collections;
    let title = case.title.get(lang);
    // Every fact the index reads (the card shows all but the measures and the regions, as
    // partials/case_card.html does).
    let facts =
        case.term_refs().map(|t| (site.taxonomies[t.taxonomy].name.as_str(), site.term(t).label.get(lang))).collect();
    let fragment = search::DocFragment {
        id: case.id.as_str(),
        title: title.text,
        summary: case.summary.get(lang).text,
        fallback_lang: (title.lang != lang).then_some(title.lang),
        number: case.number,
        collection: site.term(TermRef { taxonomy: c, term: case.collection(c) }).label.get(lang),
        incident: case.incident,
        facts,
        body: body.trim(),
    };
    search::doc_script(lang, &fragment)
}

/// The words of the texts a reader may misspell — Latin words of three letters or more, and
/// katakana words of three characters or more (loanwords: ランサムウェア, バックアップ) — and the labels
/// of every term and glossary entry: what a spelling is suggested from when nothing matches.
fn words(r: &Renderer, lang: Lang, cancel: &AtomicBool) -> Option<String> {
    use std::borrow::Cow;
    let site = r.site;
    // The words of the texts come with the index (counted while its cases are tokenized, and kept
    // up to date by serve); the labels are few.
    let index = index(r, lang, cancel)?;
    let mut words: rustc_hash::FxHashSet<Cow<str>> = index.words.keys().map(|w| Cow::Borrowed(w.as_str())).collect();
    for tax in &site.taxonomies {
        words.extend(tax.terms.iter().map(|t| Cow::Borrowed(t.label.get(lang))));
    }
    for page in &site.pages {
        for entry in &page.autolink {
            words.extend(entry.words(lang).iter().map(|w| Cow::Borrowed(w.as_str())));
        }
    }
    let mut words: Vec<Cow<str>> = words.into_iter().collect();
    words.sort_unstable();
    let words: Vec<String> = words.into_iter().map(Cow::into_owned).collect();
    Some(search::words_script(lang, &words))
}

fn sitemap(r: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let base = r.site.config.base_url.as_deref().unwrap_or_default();
    let urls = r
        .plan
        .pages()
        .filter(|(_, kind)| kind.indexable())
        .map(|(_, kind)| {
            let route = kind.route(r.site);
            let alternates = match route.lang() {
                None => Vec::new(),
                Some(_) => Lang::ALL
                    .iter()
                    .map(|&l| Alternate { lang: l.code(), href: format!("{base}{}", route.in_lang(l).path()) })
                    .chain(std::iter::once(Alternate { lang: "x-default", href: format!("{base}index.html") }))
                    .collect(),
            };
            SitemapUrl { loc: format!("{base}{}", route.path()), alternates }
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("sitemap", &SitemapView { urls });
    let lang = r.site.config.default_lang;
    r.tera[&lang].render("feeds/sitemap.xml", &ctx).map(String::into_bytes).map_err(|e| template_error(r.theme, &e))
}

/// Entries carry no build time: a case's date is the year its collection was published, so two
/// builds of the same content give the same feed.
fn feed(r: &Renderer, lang: Lang) -> Result<Vec<u8>, Diagnostic> {
    let site = r.site;
    let base = site.config.base_url.as_deref().unwrap_or_default();
    let collections = &site.taxonomies[site.collections];
    let date = |year: u32| format!("{year:04}-01-01T00:00:00Z");
    let year_of = |case: &Case| {
        collections.terms[case.collection(site.collections)].source.as_ref().and_then(|s| s.year).unwrap_or(2000)
    };
    let entries = site
        .cases
        .iter()
        .map(|case| FeedEntry {
            title: case.title.get(lang).into(),
            summary: case.summary.get(lang).into(),
            url: format!("{base}{}", Route::Case(lang, &case.id).path()),
            updated: date(year_of(case)),
        })
        .collect();
    let view = FeedView {
        lang,
        title: site.config.title.get(lang),
        subtitle: site.config.description.get(lang),
        home: format!("{base}{}", Route::Home(lang).path()),
        self_url: format!("{base}{}", FileKind::Feed(lang).path(site)),
        updated: site.cases.iter().map(year_of).max().map_or_else(|| date(2000), date),
        author: site.config.title.get(lang),
        entries,
    };
    let mut ctx = Context::new();
    ctx.insert("feed", &view);
    r.tera[&lang].render("feeds/atom.xml", &ctx).map(String::into_bytes).map_err(|e| template_error(r.theme, &e))
}
