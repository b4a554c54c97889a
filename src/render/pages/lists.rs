//! Pages that list: all cases (with the filters), a taxonomy's terms, and a term's cases.

use super::{Head, site_head, titled};
use crate::diagnostics::Diagnostic;
use crate::model::{Lang, Localized, TermRef};
use crate::plan::{Booklet, Route, routes};
use crate::render::context::Renderer;
use crate::render::views::{BookletLeftOut, ComboLinks, PdfLink, TermLink, TermView, Title};
use tera::Context;

/// Page `n` of the list of all cases.
pub(super) fn cases<'a>(r: &Renderer<'a>, lang: Lang, n: u32, ctx: &mut Context) -> Result<Head<'a>, Diagnostic> {
    let site = r.site;
    let (slice, pager) = r.paginate(&r.derived.all, n, |k| routes::cases_page(lang, k).path());
    let cards = r.card_list(slice, lang)?;
    ctx.insert("pager", &pager);
    ctx.insert_value("cases", cards);
    ctx.insert("total", &site.cases.len());
    ctx.insert("finder", &r.finder_view(lang, &[], "list"));
    ctx.insert("booklet", &r.derived.booklet_fits(site.cases.len()).then(|| Route::Print(lang).path()));
    ctx.insert("booklet_left_out", &left_out(r, lang, site.cases.len()));
    ctx.insert("booklet_pdf", &pdf_link(r, Booklet::Collection, lang));
    Ok(titled(r, "all_cases", lang))
}

/// A taxonomy's page: its description and every term with its count.
pub(super) fn taxonomy<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    t: usize,
    ctx: &mut Context,
    diags: &mut Vec<Diagnostic>,
) -> Head<'a> {
    let tax = &r.site.taxonomies[t];
    let description = tax.description.as_ref().map(|md| {
        let (html, dl, d) = r.markdown(md, lang, "", true);
        diags.extend(d);
        (html, dl)
    });
    ctx.insert("taxonomy", &r.taxonomy_view(t, lang, description));
    Head { title: Localized { text: tax.label.get(lang), lang }.into(), ..site_head(r, lang) }
}

/// Page `n` of a term's cases, with the term's description.
pub(super) fn term<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    tr: TermRef,
    n: u32,
    ctx: &mut Context,
    diags: &mut Vec<Diagnostic>,
) -> Result<Head<'a>, Diagnostic> {
    let tax = &r.site.taxonomies[tr.taxonomy];
    let term = &tax.terms[tr.term];
    let (description, description_lang) = match &term.description {
        Some(md) => {
            let (html, dl, d) = r.markdown(md, lang, "", true);
            diags.extend(d);
            (Some(html), dl)
        }
        None => (None, lang),
    };
    let view = TermView {
        code: term.id.as_str(),
        label: term.label.get(lang),
        path: Route::Term(lang, &tax.name, &term.id).path(),
        group: term.group.map(|g| tax.groups[g].label.get(lang)),
        description,
        description_lang,
        source: term.source.as_ref().map(|s| r.source_of(tr, s, None, lang)),
    };
    let cases = r.derived.cases_of(tr);
    let (slice, pager) = r.paginate(cases, n, |k| routes::term_page(lang, &tax.name, &term.id, k).path());
    let cards = r.card_list(slice, lang)?;
    ctx.insert("pager", &pager);
    ctx.insert("taxonomy", &r.taxonomy_link(tax, lang));
    ctx.insert("term", &view);
    ctx.insert("total", &cases.len());
    let booklet = r.derived.booklet_fits(cases.len()).then(|| Route::TermPrint(lang, &tax.name, &term.id).path());
    ctx.insert_value("cases", cards);
    ctx.insert("booklet", &booklet);
    ctx.insert("booklet_left_out", &left_out(r, lang, cases.len()));
    ctx.insert("booklet_pdf", &booklet.as_ref().and_then(|_| pdf_link(r, Booklet::Term(tr), lang)));
    ctx.insert("finder", &r.finder_view(lang, &[tr], "list"));
    ctx.insert("combinations", &combo_links(r, tr, lang));
    let named: Vec<_> = r
        .derived
        .named_written()
        .filter(|&i| r.site.booklets[i].selects(tr))
        .map(|i| super::booklet::named_link(r, i, lang))
        .collect();
    ctx.insert("named_booklets", &named);
    Ok(Head { title: Localized { text: term.label.get(lang), lang }.into(), ..site_head(r, lang) })
}

/// The PDF of booklet `b` when `pdf: true` and `casebook pdf` made it.
pub(super) fn pdf_link(r: &Renderer, b: Booklet, lang: Lang) -> Option<PdfLink> {
    b.pdf(r.site, lang).map(|(_, bytes)| PdfLink::new(&b.pdf_file(r.site, lang), bytes))
}

/// For a list of `n` cases whose booklet is left out for its size: what the page says instead
/// (the limit, and the selection booklet that a narrower list can print).
fn left_out(r: &Renderer, lang: Lang, n: usize) -> Option<BookletLeftOut> {
    let max = r.derived.booklet_max?;
    r.derived.booklet_too_large(n).then(|| BookletLeftOut {
        note: r.t("booklet_left_out", lang).replace("{n}", &n.to_string()).replace("{max}", &max.to_string()),
        selection: Route::PrintSelection(lang).path(),
    })
}

/// The links of a term page to the pages of its combinations, one list per other taxonomy, in the
/// order of that taxonomy's terms.
fn combo_links<'a>(r: &Renderer<'a>, tr: TermRef, lang: Lang) -> Vec<ComboLinks<'a>> {
    let site = r.site;
    let mut out: Vec<(usize, ComboLinks<'a>)> = Vec::new();
    for (combo, other) in r.derived.combos_of(tr) {
        let [a, b] = combo.terms;
        let link = TermLink {
            code: site.term(other).id.as_str(),
            label: site.term(other).label.get(lang),
            path: combo_route(r, lang, a, b, 1).path(),
            count: combo.cases.len(),
        };
        match out.iter_mut().find(|(t, _)| *t == other.taxonomy) {
            Some((_, group)) => group.links.push(link),
            None => out.push((
                other.taxonomy,
                ComboLinks { label: site.taxonomies[other.taxonomy].label.get(lang), links: vec![link] },
            )),
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}

fn combo_route<'a>(r: &Renderer<'a>, lang: Lang, a: TermRef, b: TermRef, n: u32) -> Route<'a> {
    let site = r.site;
    let (ta, tb) = (&site.taxonomies[a.taxonomy], &site.taxonomies[b.taxonomy]);
    routes::combo_page(lang, [&ta.name, &tb.name], [&ta.terms[a.term].id, &tb.terms[b.term].id], n)
}

/// Page `n` of the cases that have both terms of a combination.
pub(super) fn combo<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    terms: [TermRef; 2],
    n: u32,
    ctx: &mut Context,
) -> Result<Head<'a>, Diagnostic> {
    let site = r.site;
    let [a, b] = terms;
    let cases = r.derived.combo_cases(terms);
    let (slice, pager) = r.paginate(cases, n, |k| combo_route(r, lang, a, b, k).path());
    let cards = r.card_list(slice, lang)?;
    let title = r
        .t("combination_title", lang)
        .replace("{a}", site.term(a).label.get(lang))
        .replace("{b}", site.term(b).label.get(lang));
    ctx.insert("pager", &pager);
    ctx.insert("terms", &[r.term_link(a, lang), r.term_link(b, lang)]);
    ctx.insert(
        "taxonomies",
        &[r.taxonomy_link(&site.taxonomies[a.taxonomy], lang), r.taxonomy_link(&site.taxonomies[b.taxonomy], lang)],
    );
    ctx.insert("total", &cases.len());
    ctx.insert_value("cases", cards);
    ctx.insert("finder", &r.finder_view(lang, &terms, "list"));
    Ok(Head { title: Title { text: title.into(), lang }, ..site_head(r, lang) })
}
