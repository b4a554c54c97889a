//! The whole checked site and its settings (`content/site.yaml`).

use super::{Case, Label, Lang, Page, Taxonomy, Term, TermId, TermRef};

/// The whole site, validated.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub taxonomies: Vec<Taxonomy>,
    /// Sorted by collection (in vocabulary order), then number, then id.
    pub cases: Vec<Case>,
    /// Sorted by `order`, then slug.
    pub pages: Vec<Page>,
    /// Index of the taxonomy whose field is `collection`.
    pub collections: usize,
    /// The site's own static files (`content/static/`), sorted.
    pub statics: Vec<StaticFile>,
}

/// `content/site.yaml`.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: Label,
    pub description: Label,
    pub default_lang: Lang,
    /// Absolute URL of the published site, ending in `/`; used only for sitemap, feeds, canonical.
    pub base_url: Option<String>,
    pub theme: String,
    /// Whether to write the printable booklets (the whole collection and one per term).
    pub print_booklets: bool,
    /// Lists of cases (all cases, a term's cases) are split into pages of this many.
    pub paginate_by: usize,
    /// Pairs of taxonomies whose pairs of terms get a page of their own (industry × region), linked
    /// from both terms' pages: combined facets that work without JavaScript.
    pub combinations: Vec<Combination>,
    /// The overview's matrix: (taxonomy of the rows, taxonomy of the columns), e.g. measures
    /// taken per incident type.
    pub matrix: Option<(String, String)>,
    /// Caveats a case may carry (`caveats: [code]`): what a fact of the case means for it, e.g. that
    /// the prefecture is where the case was reported rather than where the company is.
    pub caveats: Vec<Caveat>,
}

/// Two taxonomies, by name, whose term pairs get pages (`combinations:` in site.yaml).
#[derive(Debug, Clone)]
pub struct Combination {
    pub first: String,
    pub second: String,
    /// Where the two names are written in site.yaml, for messages.
    pub at: [crate::diagnostics::Pos; 2],
}

/// A caveat on one fact of the cases that carry it, defined once in `site.yaml`.
#[derive(Debug, Clone)]
pub struct Caveat {
    pub code: TermId,
    /// The taxonomy whose fact the caveat qualifies (its name, checked against the vocabulary).
    pub taxonomy: String,
    pub text: Label,
}

/// A file of `content/static/`, published as it is at `static/<rel>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// The path under `static/`, with `/`.
    pub rel: String,
    pub path: std::path::PathBuf,
    /// The path relative to the project, for messages.
    pub shown: String,
}

impl Site {
    pub fn term(&self, r: TermRef) -> &Term {
        &self.taxonomies[r.taxonomy].terms[r.term]
    }

    pub fn taxonomy_by_name(&self, name: &str) -> Option<usize> {
        self.taxonomies.iter().position(|t| t.name.as_str() == name)
    }

    /// Cases per term, in site order: `[taxonomy][term] -> case indexes`.
    pub fn cases_by_term(&self) -> Vec<Vec<Vec<usize>>> {
        let mut out: Vec<Vec<Vec<usize>>> = self.taxonomies.iter().map(|t| vec![Vec::new(); t.terms.len()]).collect();
        for (i, case) in self.cases.iter().enumerate() {
            for r in case.term_refs() {
                let list = &mut out[r.taxonomy][r.term];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        out
    }

    /// Site order: by collection (in vocabulary order), then number (cases without one last), then id.
    pub fn sort_cases(&mut self) {
        let c = self.collections;
        self.cases.sort_by(|a, b| {
            (a.terms[c].first(), a.number.is_none(), a.number, &a.id).cmp(&(
                b.terms[c].first(),
                b.number.is_none(),
                b.number,
                &b.id,
            ))
        });
    }
}
