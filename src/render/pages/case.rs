//! A case's page: its facts, text, source and the cases before and after it in its collection.

use super::Head;
use crate::diagnostics::Diagnostic;
use crate::model::{Case, Lang, TaxonomyKind, TermRef};
use crate::plan::neighbours;
use crate::plan::related::Related;
use crate::render::context::{Renderer, slot};
use crate::render::views::{CaseView, RelatedView, SharedMoreLink};
use tera::Context;

pub(super) fn case<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    i: usize,
    ctx: &mut Context,
    diags: &mut Vec<Diagnostic>,
) -> Head<'a> {
    let case = &r.site.cases[i];
    let (body, body_lang, d) = r.markdown(&case.body, lang, "", true);
    diags.extend(d);
    let (prev, next) = neighbours(r.site, i);
    let mut card = r.card(case, lang, true);
    // The grouped lists (the measures) come last in the facts box: the short facts are what a
    // reader scans first. (A stable sort: the vocabulary's order otherwise.)
    card.facts.sort_by_key(|f| f.multiple && !f.groups.is_empty());
    let view = CaseView {
        card,
        body,
        body_lang,
        translated: case.is_translated(lang),
        source: r.source_view(case, lang),
        prev: prev.map(|p| r.neighbour(p, lang)),
        next: next.map(|n| r.neighbour(n, lang)),
        line: facts_line(r, case, lang),
        related: r.derived.related[i].iter().map(|rel| related_view(r, rel, lang)).collect(),
        more: more_links(r, case, lang),
    };
    ctx.insert("case", &view);
    Head { title: case.title.get(lang).into(), description: case.summary.get(lang) }
}

/// The facts a reader scans first, in vocabulary order: the single-valued ones (industry,
/// prefecture, size, year), then the lists without groups (incident types); not the source, not a
/// facet made of groups (the region), not the grouped measures.
fn facts_line<'a>(r: &Renderer<'a>, case: &'a Case, lang: Lang) -> Vec<&'a str> {
    let site = r.site;
    let shown = |t: usize| t != site.collections && site.taxonomies[t].derived_from.is_none();
    let single = (0..site.taxonomies.len()).filter(|&t| shown(t) && !site.taxonomies[t].multiple);
    let lists = (0..site.taxonomies.len())
        .filter(|&t| shown(t) && site.taxonomies[t].multiple && site.taxonomies[t].groups.is_empty());
    single
        .chain(lists)
        .flat_map(|t| case.terms[t].iter().map(move |&term| site.term(TermRef { taxonomy: t, term }).label.get(lang)))
        .collect()
}

fn related_view<'a>(r: &Renderer<'a>, rel: &Related, lang: Lang) -> RelatedView<'a> {
    let other = &r.site.cases[rel.case];
    let same = &r.same[slot(lang)];
    let mut reasons: Vec<&'a str> = rel.shared.iter().map(|&t| same[t]).collect();
    if rel.same_incident {
        reasons.push(r.t("same_incident", lang));
    } else if !other.incident {
        reasons.push(r.t("also_prepared", lang));
    }
    RelatedView {
        path: crate::plan::Route::Case(lang, &other.id).path(),
        title: other.title.get(lang).into(),
        why: reasons.join(r.t("reason_separator", lang)),
        reasons,
    }
}

/// Where to read on: the term pages of the case's profile (industry, size, region) and incident
/// types, with their counts; not the prefecture when the region is there, not years or sources.
fn more_links(r: &Renderer, case: &Case, lang: Lang) -> Vec<SharedMoreLink> {
    let site = r.site;
    let grouped: Vec<usize> = site.taxonomies.iter().filter_map(|t| t.derived_from).collect();
    site.taxonomies
        .iter()
        .enumerate()
        .filter(|(t, tax)| {
            *t != site.collections
                && tax.kind == TaxonomyKind::Terms
                && !grouped.contains(t)
                && (!tax.multiple || tax.derived_from.is_some() || tax.incident_only)
        })
        .flat_map(|(t, _)| case.terms[t].iter().map(move |&term| TermRef { taxonomy: t, term }))
        .filter(|&tr| r.derived.count(tr) > 1)
        .map(|tr| r.shared_more_link(tr, lang))
        .collect()
}
