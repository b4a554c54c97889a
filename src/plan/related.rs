//! Related cases: for every case, the few others a reader of it should read next, chosen at build
//! time from the facts alone, so a case page never ends in a dead end.
//!
//! A case is related to another when they share a kind of incident (for cases without an incident:
//! when neither had one) and also the company's profile: its industry, size, prefecture or region
//! (the single-valued facets and the facets made of groups; not the measures, the year or the
//! source). The most profile facets shared come first, then the most incident types shared, then
//! site order. When fewer than [`MIN`] share a profile facet, cases that share only the incident fill
//! the list; when even those are too few (an incident of a kind no other case had), cases of the
//! same profile do. Each pick keeps the facets it shares, for the page to say why it is listed.

use crate::model::{Site, TaxonomyKind};
use rayon::prelude::*;

/// At most this many related cases per case.
pub const MAX: usize = 5;
/// Cases that share only the incident are added until the list has this many.
pub const MIN: usize = 3;

/// One related case and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub case: usize,
    /// The profile taxonomies (indexes) both cases have the same term of, in vocabulary order,
    /// leaving out a facet of groups when the taxonomy it is made of matched (same prefecture
    /// says more than same region).
    pub shared: Vec<usize>,
    /// Whether they share an incident type.
    pub same_incident: bool,
}

/// What the choice reads of a case, packed so that the scan over candidates stays cheap at
/// 10,000 cases: its incident types, and its term of each profile taxonomy (`NONE` for none).
struct Keys {
    primary: Option<usize>,
    profile: Vec<usize>,
    keys: Vec<u32>,
    width: usize,
    /// The same keys as four 16-bit lanes of one word per case, when they fit (at most four
    /// profile taxonomies of fewer than 65,535 terms, as in every real vocabulary): one XOR
    /// compares all of them.
    packed: Option<Vec<u64>>,
}

const NONE: u32 = u32::MAX;

impl Keys {
    fn new(site: &Site) -> Keys {
        let primary =
            site.taxonomies.iter().position(|t| t.multiple && t.incident_only && t.kind == TaxonomyKind::Terms);
        let profile: Vec<usize> = site
            .taxonomies
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                *i != site.collections
                    && Some(*i) != primary
                    && t.kind == TaxonomyKind::Terms
                    && (!t.multiple || t.derived_from.is_some())
            })
            .map(|(i, _)| i)
            .collect();
        let width = profile.len();
        let mut keys = Vec::with_capacity(site.cases.len() * width);
        for case in &site.cases {
            for &t in &profile {
                keys.push(case.terms[t].first().map_or(NONE, |&x| x as u32));
            }
        }
        let fits = width <= 4 && keys.iter().all(|&k| k == NONE || k < 0xFFFF);
        let packed = fits.then(|| {
            keys.chunks(width.max(1))
                .map(|c| c.iter().enumerate().fold(0u64, |w, (l, &k)| w | u64::from(k.min(0xFFFF) as u16) << (16 * l)))
                .collect()
        });
        Keys { primary, profile, keys, width, packed }
    }

    fn of(&self, case: usize) -> &[u32] {
        &self.keys[case * self.width..(case + 1) * self.width]
    }

    /// A comparer of other cases with `case`: how many profile facets they share.
    fn shared_with(&self, case: usize) -> impl Fn(usize) -> usize + '_ {
        const HI: u64 = 0x8000_8000_8000_8000;
        const LOW: u64 = 0x7FFF_7FFF_7FFF_7FFF;
        let mine = self.of(case);
        // The high bit of each lane that counts: used by a taxonomy, and a term in this case.
        let counted =
            mine.iter().enumerate().filter(|(_, k)| **k != NONE).fold(0u64, |m, (l, _)| m | 1 << (16 * l + 15));
        let word = self.packed.as_ref().map_or(0, |p| p[case]);
        move |j: usize| match &self.packed {
            Some(p) => {
                let t = word ^ p[j];
                // A lane's high bit is set when the lane is not zero (no carry crosses lanes).
                let nonzero = (((t & LOW) + LOW) | t) & HI;
                (!nonzero & counted).count_ones() as usize
            }
            None => mine.iter().zip(self.of(j)).filter(|(a, b)| **a != NONE && a == b).count(),
        }
    }
}

/// The related cases of every case, in site order.
pub fn related(site: &Site, by_term: &[Vec<Vec<usize>>]) -> Vec<Vec<Related>> {
    let keys = Keys::new(site);
    let prepared: Vec<usize> = (0..site.cases.len()).filter(|&i| !site.cases[i].incident).collect();
    // Each case's choice is independent of the others': in parallel, collected in order.
    (0..site.cases.len()).into_par_iter().map(|i| related_of(site, by_term, &keys, &prepared, i)).collect()
}

fn related_of(site: &Site, by_term: &[Vec<Vec<usize>>], keys: &Keys, prepared: &[usize], i: usize) -> Vec<Related> {
    let case = &site.cases[i];
    let mine = keys.of(i);
    // The best MAX candidates as (case, profile facets shared, incident types shared), best first:
    // most profile facets, then most incident types, then site order. Kept by insertion, since a
    // case may have thousands of candidates and needs only five.
    let mut best: Vec<(usize, usize, usize)> = Vec::with_capacity(MAX + 1);
    let rank = |c: &(usize, usize, usize)| (std::cmp::Reverse(c.1), std::cmp::Reverse(c.2), c.0);
    let shared = keys.shared_with(i);
    let mut consider = |j: usize, incidents: usize| {
        if j == i {
            return;
        }
        let c = (j, shared(j), incidents);
        if best.len() == MAX && rank(&c) >= rank(&best[MAX - 1]) {
            return;
        }
        let at = best.partition_point(|b| rank(b) < rank(&c));
        best.insert(at, c);
        best.truncate(MAX);
    };
    match keys.primary {
        Some(p) if case.incident && !case.terms[p].is_empty() => {
            // Every case with one of this case's incident types once, with how many it has: a
            // merge of the types' sorted lists, without collecting them.
            let lists: Vec<&[usize]> = case.terms[p].iter().map(|&t| by_term[p][t].as_slice()).collect();
            if let [only] = lists.as_slice() {
                only.iter().for_each(|&j| consider(j, 1));
            } else {
                let mut at = vec![0usize; lists.len()];
                while let Some(j) = lists.iter().zip(&at).filter_map(|(l, &k)| l.get(k).copied()).min() {
                    let mut n = 0;
                    for (l, k) in lists.iter().zip(at.iter_mut()) {
                        if l.get(*k) == Some(&j) {
                            *k += 1;
                            n += 1;
                        }
                    }
                    consider(j, n);
                }
            }
        }
        _ if !case.incident => prepared.iter().for_each(|&j| consider(j, 0)),
        _ => return Vec::new(),
    }
    // The best are sorted with the profile first: if three of them share it, enough cases do.
    let with_profile = best.iter().filter(|b| b.1 > 0).count();
    let mut take = if with_profile >= MIN { with_profile } else { best.len().min(MIN) };
    if take < MIN {
        // Too few share the incident (a kind no other case had): cases of the same profile, with
        // an incident like this one or without one like it, fill the list. Rare, so the scan over
        // the profile's terms' cases is affordable.
        let picked: Vec<usize> = best[..take].iter().map(|b| b.0).chain([i]).collect();
        let mut others: Vec<usize> = keys
            .profile
            .iter()
            .flat_map(|&t| case.terms[t].iter().flat_map(move |&term| by_term[t][term].iter().copied()))
            .filter(|j| !picked.contains(j) && site.cases[*j].incident == case.incident)
            .collect();
        others.sort_unstable();
        others.dedup();
        let mut more: Vec<(usize, usize, usize)> = others.into_iter().map(|j| (j, shared(j), 0)).collect();
        more.sort_by_key(rank);
        best.truncate(take);
        best.extend(more.into_iter().take(MIN - take));
        take = best.len();
    }
    best[..take]
        .iter()
        .map(|&(j, _, incidents)| {
            let theirs = keys.of(j);
            let matched: Vec<usize> = keys
                .profile
                .iter()
                .zip(mine.iter().zip(theirs))
                .filter(|(_, (a, b))| **a != NONE && a == b)
                .map(|(&t, _)| t)
                .collect();
            let shared = matched
                .iter()
                .copied()
                .filter(|&t| site.taxonomies[t].derived_from.is_none_or(|from| !matched.contains(&from)))
                .collect();
            Related { case: j, shared, same_incident: incidents > 0 }
        })
        .collect()
}
