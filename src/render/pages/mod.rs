//! One render function per kind of page: each fills the template context with its typed view and
//! says the page's title and description; `render` adds what every page has (its path, its
//! translations, its canonical address) and renders the kind's template.

mod booklet;
mod case;
mod home;
mod lists;
mod misc;

pub use booklet::{BOOKLET_CASE_TEMPLATE, TOC_ENTRY_TEMPLATE, case_with_link, print_case_script};

use super::context::Renderer;
use super::templates::template_error;
use super::views::{PageMeta, Title, Translation};
use crate::diagnostics::Diagnostic;
use crate::model::{Lang, Localized};
use crate::plan::{PageKind, root_prefix};
use tera::Context;

/// The buffer a page is rendered into starts this large (most pages are 8–40 KB).
const PAGE_CAPACITY: usize = 32 * 1024;

/// A page's title and description, each in the language it is written in.
pub struct Head<'a> {
    pub title: Title<'a>,
    pub description: Localized<'a>,
}

/// A rendered page: its HTML, whose cards and booklet articles are still markers (see
/// `render::parts`), its language, and the problems of its texts (broken `@/` links, footnotes
/// without definitions, …).
pub struct Rendered {
    pub html: Vec<u8>,
    pub lang: Lang,
    pub diags: Vec<Diagnostic>,
}

/// Renders the page `kind` at `path` (see `Rendered`).
pub fn render(r: &Renderer, kind: PageKind, path: &str) -> Result<Rendered, Diagnostic> {
    let site = r.site;
    let route = kind.route(site);
    let root = root_prefix(path);
    let lang = route.lang().unwrap_or(site.config.default_lang);
    let mut ctx = Context::new();
    ctx.insert("root", &root);
    let mut diags = Vec::new();
    let head = match kind {
        PageKind::LanguageChooser | PageKind::NotFound => misc::language_chooser(r, &mut ctx),
        PageKind::Home(l) => home::home(r, l, &mut ctx),
        PageKind::Overview(l) => home::overview(r, l, &mut ctx),
        PageKind::CaseList(l, n) => lists::cases(r, l, n, &mut ctx)?,
        PageKind::Case(l, i) => case::case(r, l, i, &mut ctx, &mut diags),
        PageKind::Taxonomy(l, t) => lists::taxonomy(r, l, t, &mut ctx, &mut diags),
        PageKind::Term(l, t, n) => lists::term(r, l, t, n, &mut ctx, &mut diags)?,
        PageKind::Combo(l, terms, n) => lists::combo(r, l, terms, n, &mut ctx)?,
        PageKind::Page(l, i) => misc::page(r, l, i, &mut ctx, &mut diags),
        PageKind::Search(l) => misc::search(r, l, &mut ctx),
        PageKind::Booklet(l, b) => booklet::booklet(r, l, b, &mut ctx, &mut diags),
        PageKind::Booklets(l) => booklet::booklets(r, l, &mut ctx),
    };
    let translations = match route.lang() {
        Some(_) => Lang::ALL
            .iter()
            .map(|&other| Translation {
                lang: other,
                name: r.t("language_name", other),
                path: route.in_lang(other).path(),
                current: other == lang,
            })
            .collect(),
        None => Vec::new(),
    };
    let meta = PageMeta {
        kind: kind.name(),
        title: head.title,
        description: head.description.into(),
        canonical: site.config.base_url.as_ref().map(|b| format!("{b}{path}")),
        path: path.to_owned(),
        translations,
    };
    ctx.insert("page", &meta);
    // Rendered as bytes into a buffer of a typical page's size: Tera's own `render` grows its
    // buffer from empty and then re-validates the whole page as UTF-8.
    let mut html = Vec::with_capacity(PAGE_CAPACITY);
    r.tera[&lang].render_to(kind.template(), &ctx, &mut html).map_err(|e| template_error(r.theme, &e))?;
    Ok(Rendered { html: super::parts::fill_root(html, &root), lang, diags })
}

/// The site's title and description, for pages that have none of their own.
fn site_head<'a>(r: &Renderer<'a>, lang: Lang) -> Head<'a> {
    Head {
        title: Localized { text: r.site.config.title.get(lang), lang }.into(),
        description: Localized { text: r.site.config.description.get(lang), lang },
    }
}

/// A title from the theme's strings, with the site's description.
fn titled<'a>(r: &Renderer<'a>, key: &'a str, lang: Lang) -> Head<'a> {
    Head { title: Localized { text: r.t(key, lang), lang }.into(), ..site_head(r, lang) }
}
