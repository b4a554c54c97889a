//! The whole checked site and its settings (`content/site.yaml`).

use super::{BookletId, Case, CaseId, Label, Lang, Markdown, Page, Taxonomy, Term, TermId, TermRef};
use crate::diagnostics::Pos;

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
    /// The booklets of `booklets:` in site.yaml, in the order written.
    pub booklets: Vec<NamedBooklet>,
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
    /// A booklet of more cases than this is not written (`booklet_max_cases`, default
    /// `DEFAULT_BOOKLET_MAX_CASES`): nobody prints thousands of cases, and at 10,000 cases the term
    /// booklets were most of the output. Its page offers the selection booklet instead.
    pub booklet_max_cases: usize,
    /// `pdf: true`: each booklet's page and its list link the booklet's PDF with its size, from
    /// `content/static/pdf/` (where `casebook pdf` writes them).
    pub pdf: bool,
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
    /// Who publishes the site (`publisher:`): shown in the footer, on the about page and on
    /// booklet covers. Optional: a draft site has none.
    pub publisher: Option<Publisher>,
    /// The licence of the texts (`licence: {ja, en}`), shown in the footer.
    pub licence: Option<Label>,
    /// The date of this edition (`updated: 2026-12-01`), written by the editor, never the build
    /// time, so two builds of the same content are identical.
    pub updated: Option<Date>,
    /// The edition's name (`edition: {ja: 第2版, en: 2nd edition}`), shown on booklet covers.
    pub edition: Option<Label>,
    /// Booklets of chosen cases (`booklets:`), as written; the loader checks their names against
    /// the vocabulary and the static files (`Site::booklets`).
    pub booklets: Vec<BookletConfig>,
}

/// A booklet of `booklets:` in site.yaml as written: taxonomy, term and file names still unchecked.
#[derive(Debug, Clone)]
pub struct BookletConfig {
    pub id: BookletId,
    /// Where the id is written, for messages about the whole booklet.
    pub at: Pos,
    pub title: Label,
    pub select: Vec<Selector>,
    pub intro: Option<Markdown>,
    pub publisher: Option<Publisher>,
    /// `logo:`, a path under `content/static/`, with where it is written.
    pub logo: Option<(String, Pos)>,
}

/// One taxonomy of a booklet's `select:`, with the codes of the terms it accepts.
#[derive(Debug, Clone)]
pub struct Selector {
    pub taxonomy: String,
    pub at: Pos,
    pub terms: Vec<(String, Pos)>,
}

/// A booklet of `booklets:` in site.yaml, checked: written to `{lang}/booklets/{id}/`.
#[derive(Debug, Clone)]
pub struct NamedBooklet {
    pub id: BookletId,
    /// Where its id is written in site.yaml (a booklet that selects no case is warned about there).
    pub at: Pos,
    pub title: Label,
    /// Per taxonomy (its index), the terms (indexes) it accepts: a case is in the booklet when it
    /// has one of the accepted terms of every taxonomy listed (AND across taxonomies, OR within one).
    pub select: Vec<(usize, Vec<usize>)>,
    /// Shown on the cover (Markdown).
    pub intro: Option<Markdown>,
    /// Who hands the booklet out, shown on its cover instead of the site's publisher.
    pub publisher: Option<Publisher>,
    /// The logo on the cover: its path under `static/`, one of the site's static files.
    pub logo: Option<String>,
}

impl NamedBooklet {
    /// Whether `case` is in the booklet: it has one of the accepted terms of every taxonomy.
    pub fn holds(&self, case: &Case) -> bool {
        self.select.iter().all(|(t, terms)| case.terms[*t].iter().any(|x| terms.contains(x)))
    }

    /// Whether the booklet selects `term` (its term pages link the booklet).
    pub fn selects(&self, term: TermRef) -> bool {
        self.select.iter().any(|(t, terms)| *t == term.taxonomy && terms.contains(&term.term))
    }
}

/// Booklets of more cases than this are left out unless site.yaml says otherwise: 120 cases are
/// about 250 A4 pages, more than a seminar hands out as one booklet, and their page stays under
/// 1 MiB (about 7 KB of HTML per case in Japanese).
pub const DEFAULT_BOOKLET_MAX_CASES: usize = 120;

/// `publisher: {name: {ja, en}, url: https://…, contact: {ja, en}}`.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: Label,
    /// The publisher's own web address (absolute http(s)).
    pub url: Option<String>,
    /// How to reach the publisher (an address, a mail address, a phone number), per language.
    pub contact: Option<Label>,
}

/// A calendar date written in site.yaml as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `2026-12-01`, or why not.
    pub fn parse(s: &str) -> Result<Date, &'static str> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
            return Err("a date is written YYYY-MM-DD, e.g. 2026-12-01");
        }
        let year: u16 = s[0..4].parse().map_err(|_| "not a year")?;
        let month: u8 = s[5..7].parse().map_err(|_| "not a month")?;
        let day: u8 = s[8..10].parse().map_err(|_| "not a day")?;
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err("the month must be 01 to 12"),
        };
        if day == 0 || day > days {
            return Err("that month has no such day");
        }
        Ok(Date { year, month, day })
    }

    /// `2026-12-01` (for `<time datetime>` and feeds).
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// As a reader of `lang` writes it: `2026年12月1日`, `1 December 2026`.
    pub fn display(&self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match lang {
            Lang::Ja => format!("{}年{}月{}日", self.year, self.month, self.day),
            Lang::En => format!("{} {} {}", self.day, MONTHS[usize::from(self.month) - 1], self.year),
        }
    }
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
        self.cases.sort_by(|a, b| order_key(a, c).cmp(&order_key(b, c)));
    }

    /// Whether the cases are in site order (ids are unique, so no two cases tie).
    pub fn in_order(&self) -> bool {
        let c = self.collections;
        self.cases.is_sorted_by(|a, b| order_key(a, c) <= order_key(b, c))
    }
}

/// Where a case goes in site order (see `Site::sort_cases`).
fn order_key(case: &Case, collections: usize) -> (Option<&usize>, bool, Option<u32>, &CaseId) {
    (case.terms[collections].first(), case.number.is_none(), case.number, &case.id)
}
