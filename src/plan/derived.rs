//! What the plan works out from the whole collection once, for every page to use: the cases of
//! each term, and how lists are split into pages.

use crate::model::{Site, TermRef};

#[derive(Debug, Clone)]
pub struct Derived {
    /// Cases per term, in site order: `[taxonomy][term] -> case indexes`.
    pub by_term: Vec<Vec<Vec<usize>>>,
    /// Cases per list page, when lists are paginated.
    pub per_page: Option<usize>,
}

impl Derived {
    pub fn new(site: &Site) -> Derived {
        Derived { by_term: site.cases_by_term(), per_page: site.config.paginate_by }
    }

    pub fn cases_of(&self, r: TermRef) -> &[usize] {
        &self.by_term[r.taxonomy][r.term]
    }

    pub fn count(&self, r: TermRef) -> usize {
        self.by_term[r.taxonomy][r.term].len()
    }

    /// How many list pages `n` cases take (at least one, even when empty).
    pub fn page_count(&self, n: usize) -> u32 {
        match self.per_page {
            Some(per) if n > 0 => n.div_ceil(per) as u32,
            _ => 1,
        }
    }

    /// The part of `items` that page `n` (1-based) shows.
    pub fn page_of<'i>(&self, items: &'i [usize], n: u32) -> &'i [usize] {
        let Some(per) = self.per_page else { return items };
        let start = ((n - 1) as usize * per).min(items.len());
        &items[start..(start + per).min(items.len())]
    }
}
