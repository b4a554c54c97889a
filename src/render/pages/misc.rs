//! The language chooser (and the 404 page, which offers the same choice), a static page, and the
//! search page (whose results the browser computes from the index).

use super::{Head, site_head, titled};
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use crate::plan::Route;
use crate::render::context::Renderer;
use crate::render::views::{ContentView, LanguageEntry};
use tera::Context;

pub(super) fn language_chooser<'a>(r: &Renderer<'a>, ctx: &mut Context) -> Head<'a> {
    let site = r.site;
    let entries: Vec<LanguageEntry> = Lang::ALL
        .iter()
        .map(|&l| LanguageEntry {
            lang: l,
            name: r.t("language_name", l),
            path: Route::Home(l).path(),
            site_title: site.config.title.get(l),
            site_description: site.config.description.get(l),
            strings: r.theme.strings_for(l),
        })
        .collect();
    ctx.insert("languages", &entries);
    site_head(r, site.config.default_lang)
}

pub(super) fn page<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    i: usize,
    ctx: &mut Context,
    diags: &mut Vec<Diagnostic>,
) -> Head<'a> {
    let page = &r.site.pages[i];
    // The glossary does not link its own words to itself.
    let (body, body_lang, d) = r.markdown(&page.body, lang, "", page.autolink.is_empty());
    diags.extend(d);
    ctx.insert("content", &ContentView { title: page.title.get(lang).into(), body, body_lang });
    let description = page.summary.as_ref().map_or(site_head(r, lang).description, |s| s.get(lang));
    Head { title: page.title.get(lang).into(), description }
}

pub(super) fn search<'a>(r: &Renderer<'a>, lang: Lang, ctx: &mut Context) -> Head<'a> {
    ctx.insert("finder", &r.finder_view(lang, &[], "search"));
    titled(r, "search", lang)
}
