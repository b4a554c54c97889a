//! What the plan works out from the whole collection once, for every page to use: the cases of
//! each term, and how lists are split into pages.

use crate::model::{Site, TermRef};

#[derive(Debug, Clone)]
pub struct Derived {
    /// Cases per term, in site order: `[taxonomy][term] -> case indexes`.
    pub by_term: Vec<Vec<Vec<usize>>>,
    /// Every case, in site order (the list of all cases, as a term's list is).
    pub all: Vec<usize>,
    /// Cases per list page.
    pub per_page: usize,
    /// The pairs of terms of `combinations:` that some case has both of, with those cases.
    pub combos: Vec<Combo>,
    /// Each case's place in site order, by id: `@/cases/…` links resolve through it (a search
    /// over all cases per link made planning quadratic in the collection).
    pub case_by_id: rustc_hash::FxHashMap<String, usize>,
    /// Per case, the cases to read next (see `related`).
    pub related: Vec<Vec<super::related::Related>>,
    /// The most cases a booklet is written for (`booklet_max_cases`), or `None` when the site
    /// writes no booklets (`print_booklets: false`).
    pub booklet_max: Option<usize>,
    /// Per booklet of `booklets:` in site.yaml, its cases in site order.
    pub named: Vec<Vec<usize>>,
}

/// Two terms and the cases that have both, in site order.
#[derive(Debug, Clone)]
pub struct Combo {
    pub terms: [TermRef; 2],
    pub cases: Vec<usize>,
}

impl Derived {
    pub fn new(site: &Site) -> Derived {
        Derived::with_related(site, None)
    }

    /// Like `new`, with the related cases of an earlier plan when the caller knows that no case's
    /// facts or place changed since (serve, after an edit of a case's text): choosing them is
    /// most of re-planning at 10,000 cases.
    pub fn with_related(site: &Site, related: Option<Vec<Vec<super::related::Related>>>) -> Derived {
        let by_term = site.cases_by_term();
        let combos = combos(site, &by_term);
        let case_by_id = site.cases.iter().enumerate().map(|(i, c)| (c.id.as_str().to_owned(), i)).collect();
        let related = match related {
            Some(r) if r.len() == site.cases.len() => r,
            _ => super::related::related(site, &by_term),
        };
        let booklet_max = site.config.print_booklets.then_some(site.config.booklet_max_cases);
        let all = (0..site.cases.len()).collect();
        let named = site
            .booklets
            .iter()
            .map(|b| (0..site.cases.len()).filter(|&i| b.holds(&site.cases[i])).collect())
            .collect();
        Derived {
            by_term,
            all,
            per_page: site.config.paginate_by.max(1),
            combos,
            related,
            case_by_id,
            booklet_max,
            named,
        }
    }

    /// The place of the case `id` in site order.
    pub fn case(&self, id: &str) -> Option<usize> {
        self.case_by_id.get(id).copied()
    }

    /// The cases of a pair of terms (empty when no case has both, or the pair has no page).
    pub fn combo_cases(&self, terms: [TermRef; 2]) -> &[usize] {
        self.combos.iter().find(|c| c.terms == terms).map_or(&[], |c| &c.cases)
    }

    /// The combination pages that `r` is one of the terms of, with the other term.
    pub fn combos_of(&self, r: TermRef) -> impl Iterator<Item = (&Combo, TermRef)> {
        self.combos.iter().filter_map(move |c| match c.terms {
            [a, b] if a == r => Some((c, b)),
            [a, b] if b == r => Some((c, a)),
            _ => None,
        })
    }

    /// Whether a booklet of `n` cases is written: booklets are on, it has cases, and not more
    /// than `booklet_max_cases`.
    pub fn booklet_fits(&self, n: usize) -> bool {
        self.booklet_max.is_some_and(|max| n > 0 && n <= max)
    }

    /// Whether booklets are on but one of `n` cases is left out for its size.
    pub fn booklet_too_large(&self, n: usize) -> bool {
        self.booklet_max.is_some_and(|max| n > max)
    }

    /// The booklets of `booklets:` that are written, by index: booklets are on, and each holds
    /// at least one case and at most `booklet_max_cases`.
    pub fn named_written(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.named.len()).filter(|&i| self.booklet_fits(self.named[i].len()))
    }

    pub fn cases_of(&self, r: TermRef) -> &[usize] {
        &self.by_term[r.taxonomy][r.term]
    }

    pub fn count(&self, r: TermRef) -> usize {
        self.by_term[r.taxonomy][r.term].len()
    }

    /// How many list pages `n` cases take (at least one, even when empty).
    pub fn page_count(&self, n: usize) -> u32 {
        n.div_ceil(self.per_page).max(1) as u32
    }

    /// The part of `items` that page `n` (1-based) shows.
    pub fn page_of<'i>(&self, items: &'i [usize], n: u32) -> &'i [usize] {
        let per = self.per_page;
        let start = ((n - 1) as usize * per).min(items.len());
        &items[start..(start + per).min(items.len())]
    }
}

/// Every pair of terms of the configured combinations that some case has both of: the first
/// taxonomy's terms in order, each with the second's.
fn combos(site: &Site, by_term: &[Vec<Vec<usize>>]) -> Vec<Combo> {
    let mut out = Vec::new();
    for c in &site.config.combinations {
        let (Some(ta), Some(tb)) = (site.taxonomy_by_name(&c.first), site.taxonomy_by_name(&c.second)) else {
            continue; // reported by the loader
        };
        for (i, a) in by_term[ta].iter().enumerate() {
            for (j, b) in by_term[tb].iter().enumerate() {
                let cases = intersect(a, b);
                if !cases.is_empty() {
                    let terms = [TermRef { taxonomy: ta, term: i }, TermRef { taxonomy: tb, term: j }];
                    out.push(Combo { terms, cases });
                }
            }
        }
    }
    out
}

/// The common items of two sorted lists.
fn intersect(a: &[usize], b: &[usize]) -> Vec<usize> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}
