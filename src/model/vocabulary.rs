//! The vocabulary (`content/taxonomies.yaml`): the facets of the cases and their terms.

use super::{Label, Markdown, TaxonomyName, TermId, Text};

/// A facet of the cases (`incidents`, `measures`, `prefectures`, …).
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
    /// The name of the facet made of this taxonomy's groups (the regions of the prefectures).
    pub groups_facet: Option<String>,
    /// For a facet made of another taxonomy's groups: that taxonomy's index. Its terms are the
    /// groups, and a case has the groups of its terms there; no front-matter field holds it.
    pub derived_from: Option<usize>,
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

/// A reference to a term: taxonomy index and term index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermRef {
    pub taxonomy: usize,
    pub term: usize,
}
