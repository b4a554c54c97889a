//! The views of facts that many pages show: a case's card and facts, term links with their counts,
//! a taxonomy's terms under their groups, and where a case comes from.

use super::context::{Renderer, slot};
use super::views::{
    CaseCard, Fact, GroupView, Link, Loc, MoreLink, Neighbour, Shared, SharedMoreLink, SharedTermLink, SourceView,
    TaxonomyView, TermLink,
};
use crate::model::{Case, Lang, Source, Taxonomy, TermRef};
use crate::plan::Route;

impl<'a> Renderer<'a> {
    pub fn term_link(&self, r: TermRef, lang: Lang) -> TermLink<'a> {
        let tax = &self.site.taxonomies[r.taxonomy];
        let term = &tax.terms[r.term];
        TermLink {
            code: term.id.as_str(),
            label: term.label.get(lang),
            path: Route::Term(lang, &tax.name, &term.id).path(),
            count: self.derived.count(r),
        }
    }

    /// The link to term `r` as a shared template value (see `views::Shared`).
    pub fn shared_term_link(&self, r: TermRef, lang: Lang) -> SharedTermLink {
        let made = &self.term_values[r.taxonomy][r.term][slot(lang)];
        made.get_or_init(|| Shared::new(&self.term_link(r, lang))).clone()
    }

    /// The "read on" link to term `r`'s page as a shared template value: its term link and the
    /// line the default theme shows ("製造業の事例 14件", from the theme's `more_of_term` and
    /// `cases_n`), made here rather than with two `replace` filters per link.
    pub fn shared_more_link(&self, r: TermRef, lang: Lang) -> SharedMoreLink {
        let made = &self.more_values[r.taxonomy][r.term][slot(lang)];
        made.get_or_init(|| {
            let term = self.term_link(r, lang);
            let text = format!(
                "{} {}",
                self.t("more_of_term", lang).replace("{term}", term.label),
                self.t("cases_n", lang).replace("{n}", &term.count.to_string())
            );
            Shared::new(&MoreLink { term, text })
        })
        .clone()
    }

    /// A case as lists show it; `with_groups` adds the grouped facts (case pages, booklets).
    pub fn card(&self, case: &'a Case, lang: Lang, with_groups: bool) -> CaseCard<'a> {
        let site = self.site;
        let facts = site
            .taxonomies
            .iter()
            .enumerate()
            .filter(|(t, _)| !case.terms[*t].is_empty())
            .map(|(t, tax)| Fact {
                name: tax.name.as_str(),
                label: tax.label.get(lang),
                multiple: tax.multiple,
                derived: tax.derived_from.is_some(),
                terms: case.terms[t]
                    .iter()
                    .map(|&i| self.shared_term_link(TermRef { taxonomy: t, term: i }, lang))
                    .collect(),
                groups: if with_groups && !tax.groups.is_empty() {
                    self.grouped_terms(t, &case.terms[t], lang)
                } else {
                    Vec::new()
                },
                caveat: case
                    .caveats
                    .iter()
                    .map(|&c| &site.config.caveats[c])
                    .find(|c| c.taxonomy == tax.name.as_str())
                    .map(|c| c.text.get(lang)),
            })
            .collect();
        CaseCard {
            id: case.id.as_str(),
            path: Route::Case(lang, &case.id).path(),
            number: case.number,
            title: case.title.get(lang).into(),
            summary: case.summary.get(lang).into(),
            incident: case.incident,
            facts,
        }
    }

    pub fn neighbour(&self, i: usize, lang: Lang) -> Neighbour<'a> {
        let c = &self.site.cases[i];
        Neighbour { path: Route::Case(lang, &c.id).path(), title: c.title.get(lang).into(), number: c.number }
    }

    /// Terms `terms` of taxonomy `t` under their group headings (in group order).
    pub fn grouped_terms(&self, t: usize, terms: &[usize], lang: Lang) -> Vec<GroupView<'a>> {
        let tax = &self.site.taxonomies[t];
        let link = |i: usize| self.shared_term_link(TermRef { taxonomy: t, term: i }, lang);
        if tax.groups.is_empty() {
            return vec![GroupView { code: "", label: "", terms: terms.iter().map(|&i| link(i)).collect() }];
        }
        tax.groups
            .iter()
            .enumerate()
            .filter_map(|(g, group)| {
                let members: Vec<SharedTermLink> =
                    terms.iter().filter(|&&i| tax.terms[i].group == Some(g)).map(|&i| link(i)).collect();
                (!members.is_empty()).then(|| GroupView {
                    code: group.id.as_str(),
                    label: group.label.get(lang),
                    terms: members,
                })
            })
            .collect()
    }

    /// A taxonomy with all its terms under their groups; `description` is its rendered text.
    pub fn taxonomy_view(&self, t: usize, lang: Lang, description: Option<(String, Lang)>) -> TaxonomyView<'a> {
        let tax = &self.site.taxonomies[t];
        let (description, description_lang) = match description {
            Some((html, dl)) => (Some(html), dl),
            None => (None, lang),
        };
        let all: Vec<usize> = (0..tax.terms.len()).collect();
        TaxonomyView {
            name: tax.name.as_str(),
            label: tax.label.get(lang),
            path: Route::Taxonomy(lang, &tax.name).path(),
            description,
            description_lang,
            groups: self.grouped_terms(t, &all, lang),
            total_terms: tax.terms.len(),
        }
    }

    pub fn taxonomy_link(&self, tax: &'a Taxonomy, lang: Lang) -> Link<'a> {
        Link {
            name: tax.name.as_str(),
            label: Loc { text: tax.label.get(lang), lang },
            path: Route::Taxonomy(lang, &tax.name).path(),
        }
    }

    /// Where a case comes from: its collection's source, its number or the source's own
    /// numbering, the page, and notes.
    pub fn source_view(&self, case: &'a Case, lang: Lang) -> SourceView<'a> {
        let c = self.site.collections;
        let r = TermRef { taxonomy: c, term: case.collection(c) };
        let mut view = match &self.site.term(r).source {
            Some(s) => self.source_of(r, s, case.number, lang),
            None => SourceView {
                collection: self.shared_term_link(r, lang),
                number: case.number,
                publisher: "",
                title: "",
                year: None,
                url: None,
                page: None,
                reference: None,
                note: None,
                collection_note: None,
            },
        };
        let citation = &case.citation;
        view.page = citation.page;
        view.reference = citation.reference.as_ref().map(|r| r.get(lang).into());
        view.note = citation.note.as_ref().map(|n| n.get(lang).into());
        view
    }

    pub fn source_of(&self, r: TermRef, s: &'a Source, number: Option<u32>, lang: Lang) -> SourceView<'a> {
        SourceView {
            collection: self.shared_term_link(r, lang),
            number,
            publisher: s.publisher.get(lang),
            title: s.title.get(lang),
            year: s.year,
            url: s.url.as_deref(),
            page: None,
            reference: None,
            note: None,
            collection_note: s.note.as_ref().map(|n| n.get(lang).into()),
        }
    }
}
