//! What every page's render shares: the project (site, theme, templates, plan), one template
//! engine per language with that language's strings and navigation, the glossary's autolinks,
//! and the parts rendered once and reused on many pages (a case's card, its booklet article).

use super::linkcheck;
use super::markdown::{self, AutoLinkTarget, AutoLinks, ROOT};
use super::views::{DateView, Link, Loc, NavView, PublisherView, SiteView};
use crate::diagnostics::{Diagnostic, Pos};
use crate::load::theme::Theme;
use crate::model::{Lang, Markdown, Site};
use crate::plan::{Derived, Plan, Route};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use tera::Tera;

/// What every render works from: the checked site, its theme and compiled templates, the plan, and
/// the project folder (for the site's own static files).
#[derive(Clone, Copy)]
pub struct Project<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a Tera,
    pub plan: &'a Plan,
    pub root: &'a Path,
    /// The search postings per language, filled by the first render that needs them and kept by
    /// whoever owns the cache (`serve` updates them case by case after an edit).
    pub search: &'a SearchCache,
    /// The cases' cards in lists, kept by whoever owns the cache (`serve` keeps them across
    /// edits and forgets those of the edited cases).
    pub cards: &'a CardCache,
    /// The glossary's autolinks, made by the first render (they come from the pages, which no
    /// edit `serve` applies in place can change).
    pub autolinks: &'a AutoLinkCache,
}

/// The glossary's words per language, and the problems of its `autolink` entries.
pub type AutoLinkCache = OnceLock<(BTreeMap<Lang, AutoLinks>, Vec<Diagnostic>)>;

/// The search index of each language, made once (`None` inside: its making was cancelled).
pub type SearchCache = [OnceLock<Option<super::search::SearchIndex>>; 2];

/// A case's card in lists (`partials/case_card.html`) per language, rendered once and shared by
/// every list it appears in. It shows the case and the counts of its terms. Kept with the template
/// value a list receives (`{id, html}`, `html` a marker marked safe): a list of 50 cards hands its
/// template 50 shared values instead of serializing and copying 50 cards.
pub type CardCache = Vec<[OnceLock<Result<Card, Diagnostic>>; 2]>;

/// A case's card: the value lists hand their templates, whose `html` is the card's marker (see
/// `render::parts`), and the card's HTML that replaces the marker.
pub struct Card {
    pub value: tera::Value,
    pub html: String,
}

/// An empty card cache for `cases` cases.
pub fn card_cache(cases: usize) -> CardCache {
    (0..cases).map(|_| Default::default()).collect()
}

/// A case's booklet article: its HTML and the problems of its Markdown, or a template error.
pub type Article = Result<(String, Vec<Diagnostic>), Diagnostic>;

/// The autolinks of a render before they are made (the glossary is read without them).
static NO_AUTOLINKS: BTreeMap<Lang, AutoLinks> = BTreeMap::new();

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub root: &'a Path,
    pub plan: &'a Plan,
    pub derived: &'a Derived,
    /// One template engine per language, with that language's UI strings, site texts and
    /// navigation in its global context.
    pub tera: BTreeMap<Lang, Tera>,
    /// Glossary words per language, linked where they first appear in a text.
    autolinks: &'a BTreeMap<Lang, AutoLinks>,
    /// A case as booklets show it, rendered once per language and shared by every booklet it
    /// appears in (its HTML holds ROOT markers, so it fits any page depth).
    pub booklet_articles: Vec<[OnceLock<Article>; 2]>,
    /// Whether a booklet page of that language holds the case (only then is its article kept).
    pub in_booklets: Vec<[bool; 2]>,
    /// The ids and the page-dependent links of each booklet article, found once (see
    /// `linkcheck::PlacedLinks`).
    pub booklet_links: Vec<[OnceLock<linkcheck::PlacedLinks>; 2]>,
    /// The same of each card in lists.
    pub card_links: Vec<[OnceLock<linkcheck::PlacedLinks>; 2]>,
    /// The cases' cards in lists (see `CardCache`).
    pub cards: &'a CardCache,
    /// The search postings per language, made once and shared by the shards (`None`: cancelled).
    pub search: &'a SearchCache,
    /// Per language, per taxonomy: what a related case that shares its term is listed for
    /// ("同じ業種": the theme's `same_<taxonomy>`, else the taxonomy's label).
    pub same: [Vec<&'a str>; 2],
    /// Per taxonomy, per term, per language: the link to the term's page (see `views::Shared`),
    /// made when first shown.
    pub term_values: PerTerm<super::views::SharedTermLink>,
    /// The same of the "read on" links of case pages.
    pub more_values: PerTerm<super::views::SharedMoreLink>,
}

/// The slot of `lang` in a per-language cache.
pub fn slot(lang: Lang) -> usize {
    usize::from(lang == Lang::En)
}

impl<'a> Renderer<'a> {
    /// The renderer, and the problems of the glossary's autolink entries.
    pub fn new(project: Project<'a>) -> (Renderer<'a>, Vec<Diagnostic>) {
        let Project { site, theme, tera, plan, root, search, cards, autolinks } = project;
        let mut engines = BTreeMap::new();
        for lang in Lang::ALL {
            let mut t = tera.clone();
            let g = t.global_context();
            g.insert("lang", &lang);
            g.insert("other_lang", &lang.other());
            g.insert("t", &theme.strings_for(lang));
            g.insert(
                "site",
                &SiteView {
                    title: site.config.title.get(lang),
                    description: site.config.description.get(lang),
                    base_url: site.config.base_url.as_deref(),
                    default_lang: site.config.default_lang,
                    publisher: site.config.publisher.as_ref().map(|p| PublisherView {
                        name: p.name.get(lang),
                        url: p.url.as_deref(),
                        contact: p.contact.as_ref().map(|c| c.get(lang)),
                    }),
                    licence: site.config.licence.as_ref().map(|l| l.get(lang)),
                    updated: site.config.updated.map(|d| DateView { iso: d.iso(), text: d.display(lang) }),
                    edition: site.config.edition.as_ref().map(|e| e.get(lang)),
                },
            );
            g.insert("nav", &nav(site, lang));
            engines.insert(lang, t);
        }
        let mut renderer = Renderer {
            site,
            theme,
            root,
            plan,
            derived: &plan.derived,
            tera: engines,
            autolinks: &NO_AUTOLINKS,
            booklet_articles: site.cases.iter().map(|_| Default::default()).collect(),
            in_booklets: in_booklets(site, plan),
            booklet_links: site.cases.iter().map(|_| Default::default()).collect(),
            card_links: site.cases.iter().map(|_| Default::default()).collect(),
            cards,
            search,
            term_values: per_term(site),
            more_values: per_term(site),
            same: Lang::ALL.map(|lang| same_labels(site, theme, lang)),
        };
        // The glossary's automata are made once per site, not per render: a DFA searches texts
        // faster than the default NFA (3 % of a build of the real collection) but takes longer to
        // make, which each of serve's renders after an edit would pay.
        let (links, problems) = autolinks.get_or_init(|| {
            let (targets, problems) = renderer.autolink_targets();
            (targets.into_iter().map(|(l, t)| (l, AutoLinks::new(t))).collect(), problems)
        });
        renderer.autolinks = links;
        (renderer, problems.clone())
    }

    /// A UI string of the theme.
    pub fn t(&self, key: &'a str, lang: Lang) -> &'a str {
        self.theme.string(key, lang)
    }

    /// The `autolink` words of every page, per language, checked against the page's heading ids.
    fn autolink_targets(&self) -> (BTreeMap<Lang, Vec<AutoLinkTarget>>, Vec<Diagnostic>) {
        let mut targets: BTreeMap<Lang, Vec<AutoLinkTarget>> = BTreeMap::new();
        let mut problems = Vec::new();
        for page in self.site.pages.iter().filter(|p| !p.autolink.is_empty()) {
            for lang in Lang::ALL {
                let text = page.body.text.get(lang);
                let origin = markdown::Origin { file: &page.file, first_line: 1, exact_lines: false };
                let opts =
                    markdown::Options_ { lang, id_prefix: "", autolinks: &AutoLinks::default(), heading_offset: 0 };
                let ids: Vec<String> = markdown::render(text.text, &origin, self, &opts)
                    .headings
                    .into_iter()
                    .map(|(_, id, _)| id)
                    .collect();
                for entry in &page.autolink {
                    let words = entry.words(lang);
                    if words.is_empty() {
                        continue;
                    }
                    if !ids.contains(&entry.anchor) {
                        let which = if text.lang == Lang::Ja { "Japanese" } else { "English" };
                        problems.push(
                            Diagnostic::error(
                                &page.file,
                                format!("autolink `{}` has no heading with that id in the {which} text", entry.anchor),
                            )
                            .at_line(Pos::new(entry.line, 1, 1))
                            .help(format!("give the entry's heading an explicit id: `## Term {{#{}}}`", entry.anchor)),
                        );
                        continue;
                    }
                    let href = format!("{ROOT}{}#{}", Route::Page(lang, &page.slug).path(), entry.anchor);
                    targets.entry(lang).or_default().push(AutoLinkTarget {
                        words: words.to_vec(),
                        except: entry.except.clone(),
                        href,
                    });
                }
            }
        }
        (targets, problems)
    }

    /// Renders Markdown for `lang`; returns HTML (with ROOT markers), the language it is in, problems.
    /// Glossary words are linked unless `autolink` is false (on the glossary itself).
    pub fn markdown(
        &self,
        md: &Markdown,
        lang: Lang,
        id_prefix: &str,
        autolink: bool,
    ) -> (String, Lang, Vec<Diagnostic>) {
        self.markdown_with(md, lang, id_prefix, autolink, 0)
    }

    /// Markdown with headings moved `heading_offset` levels down (a case's `##` under a booklet's `##`).
    pub fn markdown_with(
        &self,
        md: &Markdown,
        lang: Lang,
        id_prefix: &str,
        autolink: bool,
        heading_offset: u8,
    ) -> (String, Lang, Vec<Diagnostic>) {
        let text = md.text.get(lang);
        let first_line = if text.lang == Lang::En { md.en_line } else { md.ja_line };
        let origin = markdown::Origin { file: &md.file, first_line, exact_lines: md.exact_lines };
        // Words are matched in the language the text is written in.
        static NONE: OnceLock<AutoLinks> = OnceLock::new();
        let autolinks = match self.autolinks.get(&text.lang) {
            Some(t) if autolink => t,
            _ => NONE.get_or_init(AutoLinks::default),
        };
        let opts = markdown::Options_ { lang, id_prefix, autolinks, heading_offset };
        let r = markdown::render(text.text, &origin, self, &opts);
        (r.html, text.lang, r.problems)
    }
}

/// A value per taxonomy, term and language, made once when first asked for.
pub type PerTerm<V> = Vec<Vec<[OnceLock<V>; 2]>>;

fn per_term<V>(site: &Site) -> PerTerm<V> {
    site.taxonomies.iter().map(|t| t.terms.iter().map(|_| Default::default()).collect()).collect()
}

/// Per taxonomy, the reason a related case that shares its term is listed for.
fn same_labels<'a>(site: &'a Site, theme: &'a Theme, lang: Lang) -> Vec<&'a str> {
    let same = |tax: &'a crate::model::Taxonomy| {
        theme.strings.get(&format!("same_{}", tax.name.as_str())).map_or(tax.label.get(lang), |l| l.get(lang))
    };
    site.taxonomies.iter().map(same).collect()
}

fn in_booklets(site: &Site, plan: &Plan) -> Vec<[bool; 2]> {
    let mut held = vec![[false; 2]; site.cases.len()];
    for (_, kind) in plan.pages() {
        if let crate::plan::PageKind::Booklet(lang, b) = kind {
            for &c in b.cases(&plan.derived).iter() {
                held[c][slot(lang)] = true;
            }
        }
    }
    held
}

fn nav(site: &Site, lang: Lang) -> NavView<'_> {
    NavView {
        home: Route::Home(lang).path(),
        cases: Route::Cases(lang).path(),
        taxonomies: site
            .taxonomies
            .iter()
            .map(|t| Link {
                name: t.name.as_str(),
                label: Loc { text: t.label.get(lang), lang },
                path: Route::Taxonomy(lang, &t.name).path(),
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                name: p.slug.as_str(),
                label: p.title.get(lang).into(),
                path: Route::Page(lang, &p.slug).path(),
            })
            .collect(),
    }
}
