//! The checked content model: what the load stage produces and every later stage reads. Nothing
//! here can hold an invalid value: ids are checked types, references between parts are indexes.

mod case;
mod ids;
mod lang;
mod site;
mod vocabulary;

pub use case::{AutoLink, Case, Citation, Markdown, Page};
pub use ids::{BookletId, CaseId, PageSlug, TaxonomyName, TermId, slug_problem};
pub use lang::{Label, Lang, Localized, Text};
pub use site::{
    BookletConfig, Caveat, Combination, DEFAULT_BOOKLET_MAX_CASES, Date, NamedBooklet, Publisher, Selector, Site,
    SiteConfig, StaticFile,
};
pub use vocabulary::{Group, Source, Taxonomy, TaxonomyKind, Term, TermRef};
