//! One render function per kind of page: each fills the template context with its typed view and
//! says the page's title and description; `render` adds what every page has (its path, its
//! translations, its canonical address) and renders the kind's template.

mod booklet;
mod case;
mod home;
mod lists;
mod misc;

pub use booklet::{BOOKLET_CASE_TEMPLATE, PART, TOC_ENTRY_TEMPLATE, case_with_link, print_case_script};

use super::context::Renderer;
use super::linkcheck;
use super::markdown::ROOT;
use super::templates::template_error;
use super::views::{PageMeta, Title, Translation};
use crate::diagnostics::Diagnostic;
use crate::model::{Lang, Localized};
use crate::plan::{PageKind, root_prefix};
use std::borrow::Cow;
use tera::Context;

/// The buffer a page is rendered into starts this large (most pages are 8–40 KB).
const PAGE_CAPACITY: usize = 32 * 1024;

/// A page's title and description, each in the language it is written in.
pub struct Head<'a> {
    pub title: Title<'a>,
    pub description: Localized<'a>,
}

/// A rendered page. On a booklet page, `html` holds a marker for each article (see
/// `booklet::PART`) and `parts` the case of each: the engine checks the page's own links, takes the
/// articles' from `booklet::article_links`, and then puts the articles in (`assemble`).
pub struct Rendered {
    pub html: Vec<u8>,
    pub lang: Lang,
    pub parts: Vec<usize>,
    /// The problems of its texts (broken `@/` links, footnotes without definitions, …).
    pub diags: Vec<Diagnostic>,
}

/// A stretch of a rendered page: its own HTML, or the article of marker k.
enum Piece<'h> {
    Own(&'h [u8]),
    Part(usize),
}

impl Rendered {
    /// The page's stretches in order (one `Own` when it has no articles).
    fn pieces(&self) -> Vec<Piece<'_>> {
        let mut marker = [0; 3];
        let marker = PART.encode_utf8(&mut marker).as_bytes();
        let html = &self.html;
        let mut out = Vec::with_capacity(2 * self.parts.len() + 1);
        let mut from = 0;
        let mut at = 0;
        while let Some(off) = memchr::memmem::find(&html[at..], marker) {
            let open = at + off;
            let digits = open + marker.len();
            let len = html[digits..].iter().take_while(|b| b.is_ascii_digit()).count();
            let k = std::str::from_utf8(&html[digits..digits + len]).ok().and_then(|d| d.parse::<usize>().ok());
            match k {
                Some(k) if k < self.parts.len() && html[digits + len..].starts_with(marker) => {
                    out.push(Piece::Own(&html[from..open]));
                    out.push(Piece::Part(k));
                    from = digits + len + marker.len();
                    at = from;
                }
                // Not a marker of this page (a theme may print the character): its own text.
                _ => at = digits,
            }
        }
        out.push(Piece::Own(&html[from..]));
        out
    }

    /// The page's links and ids, in page order: those of its own HTML as it reads, and of each
    /// article its ids and the links whose verdict depends on the page (`linkcheck::PlacedLinks`).
    pub fn links_and_ids<'s>(&'s self, r: &'s Renderer, root: &str) -> (Vec<Cow<'s, str>>, Vec<Cow<'s, str>>) {
        if self.parts.is_empty() {
            return linkcheck::scan(&self.html);
        }
        let (mut links, mut ids) = (Vec::new(), Vec::new());
        for piece in self.pieces() {
            match piece {
                Piece::Own(html) => {
                    let (l, i) = linkcheck::scan(html);
                    links.extend(l);
                    ids.extend(i);
                }
                Piece::Part(k) => {
                    let placed = booklet::article_links(r, self.parts[k], self.lang);
                    ids.extend(placed.ids.iter().map(|id| Cow::Borrowed(id.as_str())));
                    links.extend(placed.per_page.iter().map(|l| Cow::Owned(l.replace(ROOT, root))));
                }
            }
        }
        (links, ids)
    }

    /// The page as it is written: each marker replaced by its article, whose ROOT markers lead
    /// back to the root from this page (`root`).
    pub fn assemble(self, r: &Renderer, root: &str) -> Vec<u8> {
        if self.parts.is_empty() {
            return self.html;
        }
        let articles: usize = self.parts.iter().map(|&c| booklet::article_html(r, c, self.lang).len()).sum();
        let mut out = Vec::with_capacity(self.html.len() + articles + articles / 16);
        for piece in self.pieces() {
            match piece {
                Piece::Own(html) => out.extend_from_slice(html),
                Piece::Part(k) => {
                    push_filled(&mut out, booklet::article_html(r, self.parts[k], self.lang).as_bytes(), root)
                }
            }
        }
        out
    }
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
    let mut parts = Vec::new();
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
        PageKind::Booklet(l, b) => booklet::booklet(r, l, b, &mut ctx, &mut diags, &mut parts),
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
    Ok(Rendered { html: fill_root(html, &root), lang, parts, diags })
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

/// `html` with every ROOT marker replaced by `root`, the way from the page back to the site root.
fn fill_root(html: Vec<u8>, root: &str) -> Vec<u8> {
    if memchr::memmem::find(&html, ROOT.as_bytes()).is_none() {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    push_filled(&mut out, &html, root);
    out
}

/// Appends `html` to `out` with every ROOT marker replaced by `root`.
fn push_filled(out: &mut Vec<u8>, html: &[u8], root: &str) {
    let mut from = 0;
    for at in memchr::memmem::find_iter(html, ROOT.as_bytes()) {
        out.extend_from_slice(&html[from..at]);
        out.extend_from_slice(root.as_bytes());
        from = at + ROOT.len();
    }
    out.extend_from_slice(&html[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(html: &str, parts: usize) -> Vec<String> {
        let page =
            Rendered { html: html.as_bytes().to_vec(), lang: Lang::Ja, parts: vec![0; parts], diags: Vec::new() };
        page.pieces()
            .into_iter()
            .map(|p| match p {
                Piece::Own(b) => String::from_utf8(b.to_vec()).unwrap(),
                Piece::Part(k) => format!("[{k}]"),
            })
            .collect()
    }

    #[test]
    fn a_booklet_page_is_cut_at_its_article_markers_and_nowhere_else() {
        let m = PART;
        assert_eq!(pieces(&format!("<a>{m}0{m}<b>{m}1{m}</b>"), 2), ["<a>", "[0]", "<b>", "[1]", "</b>"]);
        // A marker number the page does not have, an unclosed marker and a lone character are text.
        assert_eq!(pieces(&format!("x{m}5{m}y{m}0z{m}"), 1), [format!("x{m}5{m}y{m}0z{m}")]);
        assert_eq!(pieces(&format!("{m}{m}0{m}"), 1), [m.to_string(), "[0]".to_string(), String::new()]);
        assert_eq!(pieces("plain", 0), ["plain"]);
    }
}
