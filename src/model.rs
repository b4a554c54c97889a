//! The checked content model: what the loader produces and every later stage reads.
//! Nothing here can hold an invalid value: ids are checked, references are indexes.

use crate::ids::{CaseId, PageSlug, TaxonomyName, TermId};
use crate::lang::{Label, Lang, Text};

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
    /// The site's own static files (`content/static/`), sorted; `shown` is the path in messages.
    pub statics: Vec<StaticFile>,
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
    /// Lists of cases (all cases, a term's cases) split into pages of this many; `None`: one page.
    pub paginate_by: Option<usize>,
    /// The overview's matrix: (taxonomy of the rows, taxonomy of the columns), e.g. measures
    /// taken per incident type.
    pub matrix: Option<(String, String)>,
    /// Caveats a case may carry (`caveats: [code]`): what a fact of the case means for it, e.g. that
    /// the prefecture is where the case was reported rather than where the company is.
    pub caveats: Vec<Caveat>,
}

/// A caveat on one fact of the cases that carry it, defined once in `site.yaml`.
#[derive(Debug, Clone)]
pub struct Caveat {
    pub code: TermId,
    /// The taxonomy whose fact the caveat qualifies (its name, checked against the vocabulary).
    pub taxonomy: String,
    pub text: Label,
}

/// A facet of the cases (`incidents`, `measures`, `prefectures`, …), from `content/taxonomies.yaml`.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: TaxonomyName,
    /// The front-matter field that holds its codes.
    pub field: String,
    pub label: Label,
    pub multiple: bool,
    /// The terms have a natural order (size bands): charts keep it instead of sorting by count.
    pub ordered: bool,
    pub kind: TaxonomyKind,
    /// Only cases with `incident: true` may have terms of this taxonomy.
    pub incident_only: bool,
    pub groups: Vec<Group>,
    pub terms: Vec<Term>,
    pub description: Option<Markdown>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxonomyKind {
    /// The terms are listed in the vocabulary.
    Terms,
    /// The terms are years, taken from the cases (`2013`, or `unknown` for none).
    Year,
}

/// A heading under which terms are grouped, e.g. the area of a measure (organizational, …).
#[derive(Debug, Clone)]
pub struct Group {
    pub id: TermId,
    pub label: Label,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub id: TermId,
    pub label: Label,
    pub description: Option<Markdown>,
    /// Index into the taxonomy's `groups`.
    pub group: Option<usize>,
    /// For collections: the published document the cases come from.
    pub source: Option<Source>,
}

/// A published source document.
#[derive(Debug, Clone)]
pub struct Source {
    pub publisher: Label,
    pub title: Label,
    /// Year of publication, when the source gives it.
    pub year: Option<u32>,
    pub url: Option<String>,
    /// Shown with every case of the collection, e.g. that its facts come from an article about
    /// the collection rather than from the collection itself.
    pub note: Option<Text>,
}

/// Where in its source a case is printed.
#[derive(Debug, Clone, Default)]
pub struct Citation {
    /// The page of the source.
    pub page: Option<u32>,
    /// The source's own numbering when it is not "case N" (e.g. 第2章第1節第4項 (1)⑯).
    pub reference: Option<Text>,
    /// Anything else a reader needs to find or weigh it (e.g. the date of the announcement).
    pub note: Option<Text>,
}

/// Markdown text in both languages, with the place it was written (for link errors).
#[derive(Debug, Clone)]
pub struct Markdown {
    pub text: Text,
    pub file: String,
    /// File lines where the Japanese and English texts start.
    pub ja_line: usize,
    pub en_line: usize,
    /// True when the text is a file's body, so a line in the text is a line of the file; false for
    /// Markdown inside a YAML value, where problems are reported at the value's line.
    pub exact_lines: bool,
}

/// A reference to a term: taxonomy index and term index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermRef {
    pub taxonomy: usize,
    pub term: usize,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub id: CaseId,
    /// The file, relative to the project root.
    pub file: String,
    pub number: Option<u32>,
    pub title: Text,
    pub summary: Text,
    pub incident: bool,
    /// Term indexes per taxonomy (same order as `Site::taxonomies`), in the order written.
    pub terms: Vec<Vec<usize>>,
    pub body: Markdown,
    /// Where in the source the case is printed.
    pub citation: Citation,
    /// Indexes into `SiteConfig::caveats`.
    pub caveats: Vec<usize>,
}

impl Case {
    pub fn collection(&self, site: &Site) -> usize {
        self.terms[site.collections][0]
    }

    pub fn term_refs(&self) -> impl Iterator<Item = TermRef> + '_ {
        self.terms
            .iter()
            .enumerate()
            .flat_map(|(taxonomy, terms)| terms.iter().map(move |&term| TermRef { taxonomy, term }))
    }

    /// Whether the whole case (title, summary, body) exists in `lang`.
    pub fn is_translated(&self, lang: Lang) -> bool {
        lang == Lang::Ja
            || (self.title.is_translated() && self.summary.is_translated() && self.body.text.is_translated())
    }
}

/// A static page from `content/pages/` (about, how to use, glossary).
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: PageSlug,
    pub file: String,
    pub title: Text,
    pub summary: Option<Text>,
    pub order: i64,
    pub body: Markdown,
    /// Words that link to an anchor of this page wherever they first appear in other texts
    /// (a glossary's entries).
    pub autolink: Vec<AutoLink>,
}

/// Words that link to `#anchor` on the page that declares them.
#[derive(Debug, Clone)]
pub struct AutoLink {
    pub anchor: String,
    pub ja: Vec<String>,
    pub en: Vec<String>,
    /// Longer words (either language) inside which the words must not be linked.
    pub except: Vec<String>,
    /// File line of the entry, for messages.
    pub line: usize,
}

impl AutoLink {
    pub fn words(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
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
}
