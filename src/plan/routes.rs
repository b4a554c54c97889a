//! The URL layout of a built site, in one place. Every page is a file (`…/index.html`), and every
//! link between pages is relative, so the site works from `file://` and under any sub-path.

use crate::model::{BookletId, CaseId, Lang, PageSlug, TaxonomyName, TermId};
use std::borrow::Cow;

/// A page of the built site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    /// `index.html`: choose a language.
    LanguageChooser,
    Home(Lang),
    Cases(Lang),
    /// Page 2, 3, … of the list of cases, when the site paginates lists.
    CasesPage(Lang, u32),
    Case(Lang, &'a CaseId),
    Taxonomy(Lang, &'a TaxonomyName),
    Term(Lang, &'a TaxonomyName, &'a TermId),
    /// Page 2, 3, … of a term's cases.
    TermPage(Lang, &'a TaxonomyName, &'a TermId, u32),
    /// Page n of the cases of two terms, under the first: `ja/industries/manufacturing/regions/kinki/`
    /// (`page` and `print` are names no taxonomy may have, so these never meet a term's pages).
    Combo(Lang, [&'a TaxonomyName; 2], [&'a TermId; 2], u32),
    Page(Lang, &'a PageSlug),
    /// The search page; `?q=…` opens it with a query.
    Search(Lang),
    /// The collection in figures: charts, tile map, matrix.
    Overview(Lang),
    /// The whole collection as one printable booklet.
    Print(Lang),
    /// The cases of one term as a printable handout.
    TermPrint(Lang, &'a TaxonomyName, &'a TermId),
    /// The booklet of any cases, named in the address (`?ids=a,b,c`) and put together in the
    /// browser from `static/print/{lang}/{id}.js`.
    PrintSelection(Lang),
    /// The booklets of `booklets:` in site.yaml, listed.
    Booklets(Lang),
    /// A booklet of `booklets:` in site.yaml.
    NamedBooklet(Lang, &'a BookletId),
    NotFound,
}

impl<'a> Route<'a> {
    /// The output path, relative to the output folder, with `/` separators.
    pub fn path(&self) -> String {
        // Made of its parts with the exact capacity: a build asks for a million paths at 10,000
        // cases (every link of every page), and `format!` spent a thousand instructions on each.
        let mut n = itoa_buf();
        match self {
            Route::LanguageChooser => "index.html".into(),
            Route::Home(l) => join(&[l.code(), "/index.html"]),
            Route::Cases(l) => join(&[l.code(), "/cases/index.html"]),
            Route::CasesPage(l, k) => join(&[l.code(), "/cases/page/", number(&mut n, *k), "/index.html"]),
            Route::Case(l, id) => join(&[l.code(), "/cases/", id.as_str(), "/index.html"]),
            Route::Taxonomy(l, t) => join(&[l.code(), "/", t.as_str(), "/index.html"]),
            Route::Term(l, t, term) => join(&[l.code(), "/", t.as_str(), "/", term.as_str(), "/index.html"]),
            Route::TermPage(l, t, term, k) => {
                join(&[l.code(), "/", t.as_str(), "/", term.as_str(), "/page/", number(&mut n, *k), "/index.html"])
            }
            Route::Combo(l, [ta, tb], [a, b], k) if *k <= 1 => {
                join(&[l.code(), "/", ta.as_str(), "/", a.as_str(), "/", tb.as_str(), "/", b.as_str(), "/index.html"])
            }
            Route::Combo(l, [ta, tb], [a, b], k) => join(&[
                l.code(),
                "/",
                ta.as_str(),
                "/",
                a.as_str(),
                "/",
                tb.as_str(),
                "/",
                b.as_str(),
                "/page/",
                number(&mut n, *k),
                "/index.html",
            ]),
            Route::Page(l, slug) => join(&[l.code(), "/", slug.as_str(), "/index.html"]),
            Route::Search(l) => join(&[l.code(), "/search/index.html"]),
            Route::Overview(l) => join(&[l.code(), "/overview/index.html"]),
            Route::Print(l) => join(&[l.code(), "/print/index.html"]),
            Route::TermPrint(l, t, term) => join(&[l.code(), "/", t.as_str(), "/", term.as_str(), "/print/index.html"]),
            Route::PrintSelection(l) => join(&[l.code(), "/print/selection/index.html"]),
            Route::Booklets(l) => join(&[l.code(), "/booklets/index.html"]),
            Route::NamedBooklet(l, id) => join(&[l.code(), "/booklets/", id.as_str(), "/index.html"]),
            Route::NotFound => "404.html".into(),
        }
    }

    /// The path of a case with `{id}` for its id, for the browser to fill in.
    pub fn case_pattern(lang: Lang) -> String {
        format!("{lang}/cases/{{id}}/index.html")
    }

    /// The path of a term page with `{facet}` and `{code}`, for the browser to fill in.
    pub fn term_pattern(lang: Lang) -> String {
        format!("{lang}/{{facet}}/{{code}}/index.html")
    }

    pub fn lang(&self) -> Option<Lang> {
        match *self {
            Route::Home(l)
            | Route::Cases(l)
            | Route::CasesPage(l, _)
            | Route::TermPage(l, _, _, _)
            | Route::Combo(l, _, _, _)
            | Route::Case(l, _)
            | Route::Taxonomy(l, _)
            | Route::Term(l, _, _)
            | Route::Page(l, _)
            | Route::Search(l)
            | Route::Overview(l)
            | Route::Print(l)
            | Route::TermPrint(l, _, _)
            | Route::PrintSelection(l)
            | Route::Booklets(l)
            | Route::NamedBooklet(l, _) => Some(l),
            Route::LanguageChooser | Route::NotFound => None,
        }
    }

    /// The same page in another language.
    pub fn in_lang(&self, lang: Lang) -> Route<'a> {
        match *self {
            Route::Home(_) => Route::Home(lang),
            Route::Cases(_) => Route::Cases(lang),
            Route::CasesPage(_, n) => Route::CasesPage(lang, n),
            Route::TermPage(_, t, term, n) => Route::TermPage(lang, t, term, n),
            Route::Combo(_, t, terms, n) => Route::Combo(lang, t, terms, n),
            Route::Case(_, id) => Route::Case(lang, id),
            Route::Taxonomy(_, t) => Route::Taxonomy(lang, t),
            Route::Term(_, t, term) => Route::Term(lang, t, term),
            Route::Page(_, s) => Route::Page(lang, s),
            Route::Search(_) => Route::Search(lang),
            Route::Overview(_) => Route::Overview(lang),
            Route::Print(_) => Route::Print(lang),
            Route::TermPrint(_, t, term) => Route::TermPrint(lang, t, term),
            Route::PrintSelection(_) => Route::PrintSelection(lang),
            Route::Booklets(_) => Route::Booklets(lang),
            Route::NamedBooklet(_, id) => Route::NamedBooklet(lang, id),
            other => other,
        }
    }
}

/// The parts, joined into a string of exactly their length.
fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.push_str(p));
    out
}

/// Room for the digits of a page number.
fn itoa_buf() -> [u8; 10] {
    [0; 10]
}

/// The decimal digits of `k`, written into `buf`.
fn number(buf: &mut [u8; 10], mut k: u32) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (k % 10) as u8;
        k /= 10;
        if k == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

/// Page `n` (1-based) of the list of cases.
pub fn cases_page(lang: Lang, n: u32) -> Route<'static> {
    if n <= 1 { Route::Cases(lang) } else { Route::CasesPage(lang, n) }
}

/// Page `n` (1-based) of a term's cases.
pub fn term_page<'a>(lang: Lang, tax: &'a TaxonomyName, term: &'a TermId, n: u32) -> Route<'a> {
    if n <= 1 { Route::Term(lang, tax, term) } else { Route::TermPage(lang, tax, term, n) }
}

/// Page `n` (1-based) of the cases of two terms.
pub fn combo_page<'a>(lang: Lang, tax: [&'a TaxonomyName; 2], terms: [&'a TermId; 2], n: u32) -> Route<'a> {
    Route::Combo(lang, tax, terms, n)
}

/// The prefix that leads from the folder of `page_path` back to the output root: `""`, `"../"`, …
pub fn root_prefix(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// Resolves a relative link written in the page at `from` to a path from the output root, or
/// `None` if it climbs above the root. `from` and the result use `/`.
pub fn resolve<'l>(from: &str, link: &'l str) -> Option<Cow<'l, str>> {
    Resolver::new(from).resolve(link)
}

/// `resolve` for the many links of one page: the page's depth is counted once.
pub struct Resolver<'f> {
    from: &'f str,
    /// The `../` that lead from the page to the root.
    up: String,
}

impl<'f> Resolver<'f> {
    pub fn new(from: &'f str) -> Resolver<'f> {
        Resolver { from, up: "../".repeat(from.matches('/').count()) }
    }

    pub fn resolve<'l>(&self, link: &'l str) -> Option<Cow<'l, str>> {
        // Most links a template writes climb exactly to the root and then name a plain path
        // (`../../measures/x/index.html`): that path is the answer, and needs no allocation.
        if let Some(rest) = link.strip_prefix(self.up.as_str())
            && is_plain(rest)
        {
            return Some(Cow::Borrowed(rest));
        }
        resolve_segments(self.from, link).map(Cow::Owned)
    }
}

/// A path without `.`, `..` or empty segments (a trailing `/` allowed).
pub(crate) fn is_plain(path: &str) -> bool {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    // Byte by byte rather than with `split`: every link of every page comes here, and the
    // splitting iterator cost several hundred instructions a link.
    !trimmed.is_empty() && trimmed.as_bytes().split(|&b| b == b'/').all(|s| !(s.is_empty() || s == b"." || s == b".."))
}

/// `resolve` segment by segment, for any link.
fn resolve_segments(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the file name
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_a_file_under_its_language() {
        let id = CaseId::parse("ipa2017-001").unwrap();
        let tax = TaxonomyName::parse("measures").unwrap();
        let term = TermId::parse("staff-training").unwrap();
        assert_eq!(Route::Case(Lang::En, &id).path(), "en/cases/ipa2017-001/index.html");
        assert_eq!(Route::Term(Lang::Ja, &tax, &term).path(), "ja/measures/staff-training/index.html");
        assert_eq!(Route::Case(Lang::En, &id).in_lang(Lang::Ja).path(), "ja/cases/ipa2017-001/index.html");
    }

    #[test]
    fn page_numbers_are_written_in_full() {
        let tax = TaxonomyName::parse("measures").unwrap();
        let (a, b) = (TermId::parse("backups").unwrap(), TermId::parse("kinki").unwrap());
        let regions = TaxonomyName::parse("regions").unwrap();
        assert_eq!(Route::CasesPage(Lang::Ja, 7).path(), "ja/cases/page/7/index.html");
        assert_eq!(Route::TermPage(Lang::En, &tax, &a, 120).path(), "en/measures/backups/page/120/index.html");
        assert_eq!(
            Route::Combo(Lang::Ja, [&tax, &regions], [&a, &b], 4_000_000_000).path(),
            "ja/measures/backups/regions/kinki/page/4000000000/index.html"
        );
        assert_eq!(
            Route::Combo(Lang::Ja, [&tax, &regions], [&a, &b], 1).path(),
            "ja/measures/backups/regions/kinki/index.html"
        );
    }

    #[test]
    fn the_browsers_patterns_make_the_same_paths() {
        let id = CaseId::parse("ipa2017-001").unwrap();
        let tax = TaxonomyName::parse("measures").unwrap();
        let term = TermId::parse("staff-training").unwrap();
        assert_eq!(Route::case_pattern(Lang::Ja).replace("{id}", id.as_str()), Route::Case(Lang::Ja, &id).path());
        assert_eq!(
            Route::term_pattern(Lang::En).replace("{facet}", "measures").replace("{code}", "staff-training"),
            Route::Term(Lang::En, &tax, &term).path()
        );
    }

    #[test]
    fn prefixes_and_resolution_agree() {
        let from = "ja/cases/x/index.html";
        let prefix = root_prefix(from);
        assert_eq!(prefix, "../../../");
        assert_eq!(resolve(from, &format!("{prefix}en/index.html")).as_deref(), Some("en/index.html"));
        assert_eq!(resolve("index.html", "../x"), None);
        assert_eq!(resolve(from, "../").as_deref(), Some("ja/cases/"));
    }

    #[test]
    fn the_borrowed_shortcut_resolves_like_the_segment_walk() {
        let pages = ["index.html", "ja/index.html", "ja/cases/index.html", "ja/cases/x/index.html"];
        let parts =
            ["", "../", "../../", "../../../", "../../../../", "./", "a/", "a//", "a/../", "b.html", "c/", ".", ".."];
        for from in pages {
            for p in parts {
                for q in parts {
                    for r in ["", "x.html", "y/", "/z"] {
                        let link = format!("{p}{q}{r}");
                        assert_eq!(
                            resolve(from, &link).map(Cow::into_owned),
                            resolve_segments(from, &link),
                            "{from} {link}"
                        );
                    }
                }
            }
        }
    }
}
