//! The files of a build that are not pages: static files (copied as they are), the highlighting
//! stylesheet, the search indexes, and the sitemap and feeds (built-in templates, so a theme may
//! change them like any page).

use super::context::Renderer;
use super::highlight;
use super::markdown;
use super::search;
use super::templates::template_error;
use super::views::{Alternate, FeedEntry, FeedView, SitemapUrl, SitemapView};
use crate::diagnostics::Diagnostic;
use crate::load::Project;
use crate::model::{Case, Lang, TermRef};
use crate::plan::{FileKind, Route};
use std::sync::atomic::AtomicBool;
use tera::Context;

/// The bytes of a planned file; `None` when `cancel` was set while a search index was made.
pub fn render(r: &Renderer, kind: &FileKind, cancel: &AtomicBool) -> Result<Option<Vec<u8>>, Diagnostic> {
    Ok(Some(match kind {
        FileKind::ThemeStatic(rel) => r.theme.statics[rel].bytes.clone(),
        FileKind::SiteStatic(i) => Project::new(r.root).read(&r.site.statics[*i].path, None)?,
        FileKind::HighlightCss => highlight::stylesheet().into_bytes(),
        FileKind::SearchIndex(lang) => match search_index(r, *lang, cancel) {
            Some(js) => js.into_bytes(),
            None => return Ok(None),
        },
        FileKind::Sitemap => sitemap(r)?,
        FileKind::Feed(lang) => feed(r, *lang)?,
    }))
}

/// The search index of `lang` as a script (see `search.rs`).
fn search_index(r: &Renderer, lang: Lang, cancel: &AtomicBool) -> Option<String> {
    let site = r.site;
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
                    let used = r.derived.count(TermRef { taxonomy: t, term: i }) > 0;
                    (term.id.as_str().to_owned(), if used { term.label.get(lang).to_owned() } else { String::new() })
                })
                .collect(),
        })
        .collect();
    search::index_script(lang, &docs, &text, &facets, cancel)
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
