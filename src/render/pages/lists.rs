//! Pages that list: all cases (with the filters), a taxonomy's terms, and a term's cases.

use super::{Head, site_head, titled};
use crate::diagnostics::Diagnostic;
use crate::model::{Lang, Localized, TermRef};
use crate::plan::{Route, routes};
use crate::render::context::Renderer;
use crate::render::views::{TaxonomyView, TermView};
use tera::Context;

/// Page `n` of the list of all cases.
pub(super) fn cases<'a>(r: &Renderer<'a>, lang: Lang, n: u32, ctx: &mut Context) -> Result<Head<'a>, Diagnostic> {
    let site = r.site;
    let all: Vec<usize> = (0..site.cases.len()).collect();
    let (slice, pager) = r.paginate(&all, n, |k| routes::cases_page(lang, k).path());
    let cards = r.card_list(slice, lang)?;
    ctx.insert("pager", &pager);
    let filters: Vec<TaxonomyView> = (0..site.taxonomies.len()).map(|t| r.taxonomy_view(t, lang, None)).collect();
    ctx.insert("cases", &cards);
    ctx.insert("total", &site.cases.len());
    ctx.insert("filters", &filters);
    ctx.insert("booklet", &site.config.print_booklets.then(|| Route::Print(lang).path()));
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
    Head { title: Localized { text: tax.label.get(lang), lang }, ..site_head(r, lang) }
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
    let booklet =
        (r.site.config.print_booklets && !cards.is_empty()).then(|| Route::TermPrint(lang, &tax.name, &term.id).path());
    ctx.insert("cases", &cards);
    ctx.insert("booklet", &booklet);
    Ok(Head { title: Localized { text: term.label.get(lang), lang }, ..site_head(r, lang) })
}
