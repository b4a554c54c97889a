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
        Keys { primary, profile, keys, width }
    }

    fn of(&self, case: usize) -> &[u32] {
        &self.keys[case * self.width..(case + 1) * self.width]
    }
}

/// The related cases of every case, in site order.
pub fn related(site: &Site, by_term: &[Vec<Vec<usize>>]) -> Vec<Vec<Related>> {
    let keys = Keys::new(site);
    let prepared: Vec<usize> = (0..site.cases.len()).filter(|&i| !site.cases[i].incident).collect();
    (0..site.cases.len()).map(|i| related_of(site, by_term, &keys, &prepared, i)).collect()
}

fn related_of(site: &Site, by_term: &[Vec<Vec<usize>>], keys: &Keys, prepared: &[usize], i: usize) -> Vec<Related> {
    let case = &site.cases[i];
    let mine = keys.of(i);
    // The best MAX candidates as (case, profile facets shared, incident types shared), best first:
    // most profile facets, then most incident types, then site order. Kept by insertion, since a
    // case may have thousands of candidates and needs only five.
    let mut best: Vec<(usize, usize, usize)> = Vec::with_capacity(MAX + 1);
    let mut with_profile = 0;
    let rank = |c: &(usize, usize, usize)| (std::cmp::Reverse(c.1), std::cmp::Reverse(c.2), c.0);
    let mut consider = |j: usize, incidents: usize| {
        if j == i {
            return;
        }
        let theirs = keys.of(j);
        let profile = mine.iter().zip(theirs).filter(|(a, b)| **a != NONE && a == b).count();
        with_profile += usize::from(profile > 0);
        let c = (j, profile, incidents);
        if best.len() == MAX && rank(&c) >= rank(&best[MAX - 1]) {
            return;
        }
        let at = best.partition_point(|b| rank(b) < rank(&c));
        best.insert(at, c);
        best.truncate(MAX);
    };
    match keys.primary {
        Some(p) if case.incident && !case.terms[p].is_empty() => {
            // Every case with one of this case's incident types once, with how many it has.
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for &t in &case.terms[p] {
                merged = merge_counts(&merged, &by_term[p][t]);
            }
            merged.into_iter().for_each(|(j, n)| consider(j, n));
        }
        _ if !case.incident => prepared.iter().for_each(|&j| consider(j, 0)),
        _ => return Vec::new(),
    }
    let mut take = if with_profile >= MIN { with_profile.min(MAX) } else { best.len().min(MIN) };
    if take < MIN {
        // Too few share the incident (a kind no other case had): cases of the same profile, with
        // an incident like this one or without one like it, fill the list. Rare, so the scan over
        // the profile's terms' cases is affordable.
        let mut more: Vec<(usize, usize, usize)> = Vec::new();
        let mut seen: Vec<usize> = best[..take].iter().map(|b| b.0).chain([i]).collect();
        for &t in &keys.profile {
            for &term in &case.terms[t] {
                for &j in &by_term[t][term] {
                    if seen.contains(&j) || site.cases[j].incident != case.incident {
                        continue;
                    }
                    seen.push(j);
                    let profile = mine.iter().zip(keys.of(j)).filter(|(a, b)| **a != NONE && a == b).count();
                    more.push((j, profile, 0));
                }
            }
        }
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

/// A sorted list of (case, count) with one more sorted list of cases counted in.
fn merge_counts(counted: &[(usize, usize)], more: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(counted.len() + more.len());
    let (mut a, mut b) = (0, 0);
    while a < counted.len() || b < more.len() {
        match (counted.get(a), more.get(b)) {
            (Some(&(x, n)), Some(&y)) if x == y => {
                out.push((x, n + 1));
                a += 1;
                b += 1;
            }
            (Some(&(x, n)), Some(&y)) if x < y => {
                out.push((x, n));
                a += 1;
            }
            (Some(&c), None) => {
                out.push(c);
                a += 1;
            }
            (_, Some(&y)) => {
                out.push((y, 1));
                b += 1;
            }
            (None, None) => break,
        }
    }
    out
}
