//! Cases and pages: the texts of the site, with the facts of each case as term indexes.

use super::{CaseId, Lang, PageSlug, TermRef, Text};

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
    /// The `@/…` targets the text links to, in either language (the plan re-renders a page when
    /// one of them appears or goes).
    pub links: Vec<String>,
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
    /// A hash of the file's text: whatever a page shows of the case changes only when it does.
    pub hash: u64,
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

impl Case {
    pub fn collection(&self, collections: usize) -> usize {
        self.terms[collections][0]
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
