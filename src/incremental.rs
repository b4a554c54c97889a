//! Incremental rebuilds for `serve`: applies one edited case file to the loaded site and works out
//! which pages it changes — the case in both languages, its neighbours (their previous/next links),
//! the pages of every term list it enters, leaves or moves in, and the list of all cases — so a
//! 10,000-case site shows an edit without rendering 24,000 pages again.

use crate::content;
use crate::ids::CaseId;
use crate::lang::Lang;
use crate::model::{Case, Site, TermRef};
use crate::routes::{self, Route};
use std::collections::BTreeSet;

/// The part of the site one change touches.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Affected {
    /// Indexes (in the updated site) of the cases whose pages change.
    pub cases: Vec<usize>,
    /// Terms whose list of cases changed: (term, first and last position that changed).
    pub terms: Vec<(TermRef, usize, usize)>,
    /// Positions of the list of all cases that changed.
    pub list: Option<(usize, usize)>,
    /// Whether the number of cases of some term changed (the home and taxonomy pages show counts).
    pub counts: bool,
    /// Output files that no longer belong to the site: a removed case's pages, list pages that are
    /// no longer filled.
    pub removed: Vec<String>,
    /// Output files the site did not have before: a new case's pages, new list pages.
    pub added: Vec<String>,
}

/// Replaces the case read from `file` (`None`: the file was deleted) and reports what changed.
/// Only one case moves, so every list changes between its old and new positions (or from there to
/// the end, when it joins or leaves the list); nothing else in the site needs comparing.
pub fn apply_case(site: &mut Site, file: &str, new: Option<Case>) -> Affected {
    let old_index = site.cases.iter().position(|c| c.file == file);
    let old = old_index.map(|i| site.cases[i].clone());
    if old.is_none() && new.is_none() {
        return Affected::default();
    }
    let refs: Vec<TermRef> = {
        let set: BTreeSet<TermRef> =
            old.iter().chain(new.iter()).flat_map(|c| c.term_refs().collect::<Vec<_>>()).collect();
        set.into_iter().collect()
    };
    let before = positions(site, &refs, old_index);
    let old_neighbours = old_index.map(|i| neighbours(site, i)).unwrap_or_default();
    let old_len = site.cases.len();
    let new_id = new.as_ref().map(|c| c.id.clone());

    match (old_index, new) {
        (Some(i), Some(case)) => site.cases[i] = case,
        (Some(i), None) => {
            site.cases.remove(i);
        }
        (None, Some(case)) => site.cases.push(case),
        (None, None) => unreachable!("handled above"),
    }
    content::sort_cases(site);
    let new_index = new_id.as_ref().and_then(|id| index_of(site, id));
    let after = positions(site, &refs, new_index);

    let mut affected = Affected::default();
    let per = site.config.paginate_by;
    for (k, r) in refs.iter().enumerate() {
        let (old_pos, old_n) = before[k];
        let (new_pos, new_n) = after[k];
        affected.counts |= old_n != new_n;
        if let Some(range) = changed_range(old_pos, new_pos, old_n, new_n) {
            affected.terms.push((*r, range.0, range.1));
        }
        let tax = &site.taxonomies[r.taxonomy];
        let term = &tax.terms[r.term];
        for lang in Lang::ALL {
            for n in pages(new_n, per) + 1..=pages(old_n, per) {
                affected.removed.push(routes::term_page(lang, &tax.name, &term.id, n as u32).path());
            }
            for n in pages(old_n, per) + 1..=pages(new_n, per) {
                affected.added.push(routes::term_page(lang, &tax.name, &term.id, n as u32).path());
            }
            if site.config.print_booklets {
                let print = Route::TermPrint(lang, &tax.name, &term.id).path();
                match (old_n, new_n) {
                    (0, n) if n > 0 => affected.added.push(print),
                    (n, 0) if n > 0 => affected.removed.push(print),
                    _ => {}
                }
            }
        }
    }
    let new_len = site.cases.len();
    affected.counts |= old_len != new_len;
    affected.list = changed_range(old_index, new_index, old_len, new_len);
    for lang in Lang::ALL {
        for n in pages(new_len, per) + 1..=pages(old_len, per) {
            affected.removed.push(routes::cases_page(lang, n as u32).path());
        }
        for n in pages(old_len, per) + 1..=pages(new_len, per) {
            affected.added.push(routes::cases_page(lang, n as u32).path());
        }
    }

    // The case itself, and every case whose previous or next link may now differ.
    let mut cases: BTreeSet<usize> = BTreeSet::new();
    if let Some(i) = new_index {
        cases.insert(i);
        cases.extend(neighbours(site, i).iter().filter_map(|id| index_of(site, id)));
    }
    cases.extend(old_neighbours.iter().filter_map(|id| index_of(site, id)));
    affected.cases = cases.into_iter().collect();

    let old_id = old.as_ref().map(|c| &c.id);
    if old_id != new_id.as_ref() {
        for lang in Lang::ALL {
            if let Some(id) = old_id {
                affected.removed.push(Route::Case(lang, id).path());
            }
            if let Some(id) = &new_id {
                affected.added.push(Route::Case(lang, id).path());
            }
        }
    }
    affected
}

/// For each term of `refs`: the position of case `index` in the term's list (if it is in it) and
/// the list's length. One pass over the cases.
fn positions(site: &Site, refs: &[TermRef], index: Option<usize>) -> Vec<(Option<usize>, usize)> {
    let mut out = vec![(None, 0usize); refs.len()];
    for (i, case) in site.cases.iter().enumerate() {
        for (k, r) in refs.iter().enumerate() {
            if case.terms[r.taxonomy].contains(&r.term) {
                if Some(i) == index {
                    out[k].0 = Some(out[k].1);
                }
                out[k].1 += 1;
            }
        }
    }
    out
}

/// The ids of the cases before and after case `i` in its collection.
fn neighbours(site: &Site, i: usize) -> Vec<CaseId> {
    let col = site.cases[i].collection(site);
    let mut out = Vec::new();
    if i > 0 && site.cases[i - 1].collection(site) == col {
        out.push(site.cases[i - 1].id.clone());
    }
    if i + 1 < site.cases.len() && site.cases[i + 1].collection(site) == col {
        out.push(site.cases[i + 1].id.clone());
    }
    out
}

fn index_of(site: &Site, id: &CaseId) -> Option<usize> {
    site.cases.iter().position(|c| &c.id == id)
}

/// The positions of a list that show something different when one case moves from `old` to
/// `new` (`None`: not in the list): between the two positions when it stays in the list, from
/// its position to the end when it joins or leaves it (the cases after it shift).
fn changed_range(old: Option<usize>, new: Option<usize>, old_len: usize, new_len: usize) -> Option<(usize, usize)> {
    match (old, new) {
        (Some(a), Some(b)) if old_len == new_len => Some((a.min(b), a.max(b))),
        (Some(a), Some(b)) => Some((a.min(b), old_len.max(new_len) - 1)),
        (Some(a), None) => Some((a, old_len.max(new_len).max(1) - 1)),
        (None, Some(b)) => Some((b, old_len.max(new_len) - 1)),
        (None, None) => None,
    }
}

/// How many pages a list of `n` cases takes.
pub fn pages(n: usize, per: Option<usize>) -> usize {
    match per {
        Some(per) if n > 0 => n.div_ceil(per),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_what_moved() {
        assert_eq!(changed_range(Some(1), Some(1), 4, 4), Some((1, 1)), "text edit: its own position");
        assert_eq!(changed_range(Some(3), Some(1), 4, 4), Some((1, 3)), "moved up: the cases between shift");
        assert_eq!(changed_range(Some(1), None, 4, 3), Some((1, 3)), "left: from there to the end");
        assert_eq!(changed_range(None, Some(4), 4, 5), Some((4, 4)), "joined at the end");
        assert_eq!(changed_range(None, None, 4, 4), None, "not in this list");
    }

    #[test]
    fn page_counts() {
        assert_eq!(pages(0, Some(50)), 1);
        assert_eq!(pages(50, Some(50)), 1);
        assert_eq!(pages(51, Some(50)), 2);
        assert_eq!(pages(500, None), 1);
    }
}
