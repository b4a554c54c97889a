//! Printable booklets: a cover, contents, and each case's article (rendered once per case and
//! language, and shared by every booklet the case appears in).

use super::Head;
use crate::diagnostics::Diagnostic;
use crate::model::{Lang, Localized, TermRef};
use crate::plan::{Booklet, Route};
use crate::render::context::{Article, Renderer, slot};
use crate::render::markdown::ROOT;
use crate::render::parts::Part;
use crate::render::templates::template_error;
use crate::render::views::{
    BookletEntry, NamedBookletLeftOut, NamedBookletLink, PrintCase, PrintView, PublisherView, SelectView, SourceView,
};
use tera::Context;

/// The template of a case in booklets; it sees `c` (a `PrintCase`), `root`, `lang` and `t`.
pub const BOOKLET_CASE_TEMPLATE: &str = "partials/print_case.html";

pub(super) fn booklet<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    which: Booklet,
    ctx: &mut Context,
    diags: &mut Vec<Diagnostic>,
) -> Head<'a> {
    let site = r.site;
    let description = Localized { text: site.config.description.get(lang), lang };
    if site.config.pdf && which != Booklet::Selection && which.pdf(site, lang).is_none() {
        diags.push(Diagnostic::warning(
            "content/site.yaml",
            format!(
                "`pdf: true`, but the booklet `{}` ({lang}) has no PDF at content/static/{}: run `casebook pdf --all`",
                which.name(site),
                which.pdf_file(site, lang)
            ),
        ));
    }
    let pdf = super::lists::pdf_link(r, which, lang);
    ctx.insert("booklet_pdf", &pdf);
    match which {
        Booklet::Collection => {
            let view = print_view(r, lang, site.config.title.get(lang).to_owned(), None, &r.derived.all, diags);
            ctx.insert("booklet", &view);
            Head { title: Localized { text: site.config.title.get(lang), lang }.into(), description }
        }
        Booklet::Selection => {
            let title = r.t("selection_booklet", lang).to_owned();
            let mut view = print_view(r, lang, title, None, &[], diags);
            view.selection = true;
            ctx.insert("booklet", &view);
            Head { title: Localized { text: r.t("selection_booklet", lang), lang }.into(), description }
        }
        Booklet::Term(tr) => {
            let tax = &site.taxonomies[tr.taxonomy];
            let term = &tax.terms[tr.term];
            let title = format!("{}: {}", tax.label.get(lang), term.label.get(lang));
            let mut view = print_view(r, lang, title, Some(tr), r.derived.cases_of(tr), diags);
            if let Some(md) = &term.description {
                let (html, dl, d) = r.markdown(md, lang, "term-", true);
                diags.extend(d);
                view.intro = Some(html);
                view.intro_lang = dl;
            }
            ctx.insert("booklet", &view);
            Head { title: Localized { text: term.label.get(lang), lang }.into(), description }
        }
        Booklet::Named(i) => {
            let b = &site.booklets[i];
            let mut view = print_view(r, lang, b.title.get(lang).to_owned(), None, &r.derived.named[i], diags);
            view.back = Route::Booklets(lang).path();
            if let Some(md) = &b.intro {
                let (html, dl, d) = r.markdown(md, lang, "intro-", true);
                diags.extend(d);
                view.intro = Some(html);
                view.intro_lang = dl;
            }
            if let Some(p) = &b.publisher {
                view.publisher = Some(PublisherView::new(p, lang));
            }
            view.logo_alt = view.publisher.as_ref().map_or("", |p| p.name);
            view.logo = b.logo.as_ref().map(|l| format!("static/{l}"));
            ctx.insert("booklet", &view);
            Head { title: Localized { text: b.title.get(lang), lang }.into(), description }
        }
    }
}

/// The page that lists the booklets of `booklets:` in site.yaml: each written one with its cases
/// and what it selects, each left out for its size with why, and the whole collection's booklet.
pub(super) fn booklets<'a>(r: &Renderer<'a>, lang: Lang, ctx: &mut Context) -> Head<'a> {
    let site = r.site;
    let written: Vec<NamedBookletLink> = r.derived.named_written().map(|i| named_link(r, i, lang)).collect();
    let left_out: Vec<NamedBookletLeftOut> = (0..site.booklets.len())
        .filter(|&i| r.derived.booklet_too_large(r.derived.named[i].len()))
        .map(|i| NamedBookletLeftOut {
            title: site.booklets[i].title.get(lang),
            note: r
                .t("named_booklet_left_out", lang)
                .replace("{n}", &r.derived.named[i].len().to_string())
                .replace("{max}", &site.config.booklet_max_cases.to_string()),
        })
        .collect();
    ctx.insert("named_booklets", &written);
    ctx.insert("named_left_out", &left_out);
    ctx.insert("booklet", &r.derived.booklet_fits(site.cases.len()).then(|| Route::Print(lang).path()));
    let help = site.pages.iter().find(|p| p.slug.as_str() == "how-to-use").map(|p| Route::Page(lang, &p.slug).path());
    ctx.insert("booklets_help", &help);
    super::titled(r, "booklets_title", lang)
}

/// Booklet `i` of `booklets:` as lists show it: title, page, number of cases, PDF, and what it
/// selects.
pub(super) fn named_link<'a>(r: &Renderer<'a>, i: usize, lang: Lang) -> NamedBookletLink<'a> {
    let site = r.site;
    let b = &site.booklets[i];
    let select = b
        .select
        .iter()
        .map(|(t, terms)| SelectView {
            label: site.taxonomies[*t].label.get(lang),
            terms: terms.iter().map(|&term| r.term_link(TermRef { taxonomy: *t, term }, lang)).collect(),
        })
        .collect();
    NamedBookletLink {
        id: b.id.as_str(),
        title: b.title.get(lang),
        path: Route::NamedBooklet(lang, &b.id).path(),
        count: r.derived.named[i].len(),
        pdf: super::lists::pdf_link(r, Booklet::Named(i), lang),
        select,
    }
}

/// A printable booklet of `cases`; `term` is the term it is made for, if any. Each case's
/// article is a marker in the view (`render::parts`), replaced by the article after the check.
fn print_view<'r>(
    r: &'r Renderer,
    lang: Lang,
    title: String,
    term: Option<TermRef>,
    cases: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> PrintView<'r> {
    let site = r.site;
    let c = site.collections;
    let mut entries = Vec::with_capacity(cases.len());
    for &i in cases {
        match article(r, i, lang) {
            Ok((_, d)) => problems.extend(d.iter().cloned()),
            Err(d) => problems.push(d.clone()),
        }
        entries.push(entry(r, i, lang, Part::Article(i).marker().into()));
    }
    let mut used: Vec<usize> = cases.iter().map(|&i| site.cases[i].collection(c)).collect();
    used.sort_unstable();
    used.dedup();
    let sources: Vec<SourceView> = used
        .iter()
        .filter_map(|&i| {
            let tr = TermRef { taxonomy: c, term: i };
            site.term(tr).source.as_ref().map(|s| r.source_of(tr, s, None, lang))
        })
        .collect();
    let back = match term {
        Some(tr) => {
            let tax = &site.taxonomies[tr.taxonomy];
            Route::Term(lang, &tax.name, &tax.terms[tr.term].id).path()
        }
        None => Route::Cases(lang).path(),
    };
    let publisher = site.config.publisher.as_ref().map(|p| PublisherView::new(p, lang));
    PrintView {
        title_css: css_string(&title),
        title,
        publisher,
        logo: None,
        logo_alt: "",
        intro: None,
        intro_lang: lang,
        back,
        cases: entries,
        sources,
        selection: false,
        max_cases: site.config.booklet_max_cases,
    }
}

/// Case `c` as booklets show it, rendered once per language and shared by every booklet it
/// appears in (and by its script for the selection booklet).
pub fn article<'r>(r: &'r Renderer, c: usize, lang: Lang) -> &'r Article {
    r.booklet_articles[c][slot(lang)].get_or_init(|| render_article(r, c, lang))
}

/// Case `c` as booklets show it (`partials/print_case.html`): its text has ids prefixed with the
/// case id (many texts share the page) and headings one level down, under the case title.
fn render_article(r: &Renderer, c: usize, lang: Lang) -> Article {
    {
        let case = &r.site.cases[c];
        let (body, body_lang, problems) = r.markdown_with(&case.body, lang, &format!("{}-", case.id), true, 1);
        let url = r.site.config.base_url.as_ref().map(|b| format!("{b}{}", Route::Case(lang, &case.id).path()));
        let qr = url.as_deref().map(qr_svg);
        let view = PrintCase {
            url,
            qr,
            anchor: format!("case-{}", case.id),
            card: r.card(case, lang, true),
            body,
            body_lang,
            source: r.source_view(case, lang),
        };
        let mut ctx = Context::new();
        ctx.insert("root", ROOT);
        ctx.insert("c", &view);
        let html = r.tera[&lang].render(BOOKLET_CASE_TEMPLATE, &ctx).map_err(|e| template_error(r.theme, &e))?;
        Ok((html, problems))
    }
}

/// Case `c`'s booklet article as a script for the selection booklet, which adds the scripts of
/// the cases its address names: `casebook.printCase("ja", "id", {"toc": …, "html": …})`. The links
/// of the article are made relative to the selection booklet's page.
pub fn print_case_script(r: &Renderer, c: usize, lang: Lang) -> Result<String, Diagnostic> {
    let site = r.site;
    let case = &site.cases[c];
    // A case that no booklet page holds is rendered for its script alone and not kept: at
    // 10,000 cases no booklet fits `booklet_max_cases`, and keeping every article until the end
    // of the render held 160 MiB.
    let own;
    let article = if r.in_booklets[c][slot(lang)] {
        article(r, c, lang)
    } else {
        own = render_article(r, c, lang);
        &own
    };
    let (html, _) = article.as_ref().map_err(Clone::clone)?;
    let entry = entry(r, c, lang, "".into());
    let mut ctx = Context::new();
    ctx.insert("root", ROOT);
    ctx.insert("c", &entry);
    let toc = r.tera[&lang].render(TOC_ENTRY_TEMPLATE, &ctx).map_err(|e| template_error(r.theme, &e))?;
    let root = crate::plan::root_prefix(&Route::PrintSelection(lang).path());
    let json = crate::render::search::json;
    Ok(format!(
        "casebook.printCase(\"{lang}\",{},{{\"toc\":{},\"html\":{}}});\n",
        json(case.id.as_str()),
        json(&toc.replace(ROOT, &root)),
        json(&html.replace(ROOT, &root))
    ))
}

/// A line of a booklet's contents (`partials/toc_entry.html`, which sees `c`, a `BookletEntry`).
pub const TOC_ENTRY_TEMPLATE: &str = "partials/toc_entry.html";

fn entry<'r>(r: &'r Renderer, i: usize, lang: Lang, html: std::borrow::Cow<'r, str>) -> BookletEntry<'r> {
    let site = r.site;
    let c = site.collections;
    let case = &site.cases[i];
    BookletEntry {
        anchor: format!("case-{}", case.id),
        title: case.title.get(lang).into(),
        collection: site.term(TermRef { taxonomy: c, term: case.collection(c) }).label.get(lang),
        number: case.number,
        html,
    }
}

/// For a booklet page: the file of the case whose article holds a link to `link` (a broken link
/// on a booklet is the fault of that case's text).
pub fn case_with_link<'r>(r: &'r Renderer, lang: Lang, which: Booklet, link: &str, root: &str) -> Option<&'r str> {
    let cases = which.cases(r.derived);
    let escaped = crate::render::highlight::escape(link);
    let relative = escaped.strip_prefix(root).unwrap_or(&escaped);
    let wanted = [format!("href=\"{escaped}\""), format!("href=\"{ROOT}{relative}\"")];
    cases.iter().find_map(|&c| {
        let (html, _) = r.booklet_articles[c][slot(lang)].get()?.as_ref().ok()?;
        wanted.iter().any(|w| html.contains(w.as_str())).then_some(r.site.cases[c].file.as_str())
    })
}

/// `url` as a QR code in SVG, scaled by the stylesheet. The `qrcode` crate encodes it; the SVG is
/// drawn here as one stroked line per run of dark modules (`M4 4.5h7m2 0h1…`), a third of the size
/// of the crate's own renderer, which draws each module (every booklet and case script holds one).
fn qr_svg(url: &str) -> String {
    use std::fmt::Write;
    // Only an address longer than a QR code holds (about 2,300 characters) has none.
    let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut d = String::with_capacity(width * width / 2);
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut pen: Option<usize> = None; // where the last run ended on this row
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            let _ = match pen {
                None => write!(d, "M{} {}.5h{}", start + quiet, y + quiet, x - start),
                Some(end) => write!(d, "m{} 0h{}", start - end, x - start),
            };
            pen = Some(x);
        }
    }
    format!(
        "<svg class=\"qr\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{d}\"/></svg>"
    )
}

/// A CSS string literal (for `content:` in the print stylesheet's running headers).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
