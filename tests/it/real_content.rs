//! The real collection in content/ builds with zero errors and zero warnings, and the built site
//! has no broken link.

use crate::common::*;
use std::path::Path;

#[test]
fn the_real_collection_builds_strictly_with_working_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let outcome = build(root, &out, true).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert!(outcome.warnings.is_empty(), "{}", outcome.warnings.render(false));
    assert!(outcome.cases >= 3, "the collection has cases");
    let problems = crawl(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_overview_maps_all_47_prefectures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let html = read(&out, "ja/overview/index.html");
    let map = html.split("id=\"chart-prefectures\"").nth(1).unwrap().split("</svg>").next().unwrap();
    assert_eq!(map.matches("class=\"chart-tile ").count(), 47);
    assert!(html.contains("id=\"chart-matrix\""), "site.yaml asks for the measures × incidents matrix");
}

/// The texts are written anew from the sources' facts: no run of 40 characters or more (names and
/// document titles aside, see tools/overlap-names.txt) is shared with a source document. The
/// sources live beside the repository (../shared/sources); where they are absent the check cannot
/// run and says so.
#[test]
fn no_text_shares_a_run_of_40_characters_with_a_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = root.join("../shared/sources");
    if !sources.is_dir() {
        eprintln!("no source documents at {}: overlap check not run", sources.display());
        return;
    }
    let out = std::process::Command::new("python3")
        .arg(root.join("tools/overlap.py"))
        .args(["--limit", "40", "--top", "5", "--sources"])
        .arg(&sources)
        .output()
        .expect("tools/overlap.py needs python3");
    let report = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a text shares a long run with a source:\n{report}");
}

/// A case page used to lead only to the next case by number. Every case of the real collection
/// now has 3 to 5 related cases, each with one of its incident types (or, like it, without an
/// incident; or, for the one case of a kind, of its profile); the reason given matches the facts.
#[test]
fn every_case_has_three_to_five_related_cases_when_that_many_share_its_facts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (site, report) = casebook::load::load(root);
    let site = site.unwrap_or_else(|| panic!("{}", report.render(false)));
    let related = casebook::plan::Derived::new(&site).related;
    let incidents = site.taxonomy_by_name("incidents").unwrap();
    for (i, case) in site.cases.iter().enumerate() {
        let picks = &related[i];
        if case.incident && case.terms[incidents].is_empty() {
            continue; // an incident of no known type: nothing to match it by
        }
        // Fewer than three only when fewer exist: the cases that share an incident type (or, like
        // it, have none) or a profile facet.
        let profile: Vec<usize> =
            ["industries", "sizes", "prefectures", "regions"].iter().filter_map(|n| site.taxonomy_by_name(n)).collect();
        let candidates = site
            .cases
            .iter()
            .enumerate()
            .filter(|&(j, other)| {
                j != i
                    && other.incident == case.incident
                    && (!case.incident
                        || case.terms[incidents].iter().any(|t| other.terms[incidents].contains(t))
                        || profile.iter().any(|&t| !case.terms[t].is_empty() && case.terms[t] == other.terms[t]))
            })
            .count();
        assert!(
            (candidates.min(3)..=5).contains(&picks.len()),
            "{}: {} related cases of {candidates} candidates",
            case.id,
            picks.len()
        );
        for r in picks {
            let other = &site.cases[r.case];
            assert_ne!(r.case, i, "{} is not related to itself", case.id);
            assert_eq!(other.incident, case.incident, "{} and {}: one had an incident", case.id, other.id);
            let shares_incident = case.terms[incidents].iter().any(|t| other.terms[incidents].contains(t));
            assert_eq!(shares_incident, r.same_incident, "{} and {}", case.id, other.id);
            assert!(
                shares_incident || !case.incident || !r.shared.is_empty(),
                "{} and {} share neither an incident type nor the profile",
                case.id,
                other.id
            );
        }
        let Some(pick) = picks.first() else { continue };
        let first = &site.cases[pick.case];
        let profile_shared = site.taxonomies.iter().enumerate().any(|(t, tax)| {
            ["industries", "sizes", "prefectures", "regions"].contains(&tax.name.as_str())
                && !case.terms[t].is_empty()
                && case.terms[t] == first.terms[t]
        });
        assert_eq!(profile_shared, !pick.shared.is_empty(), "{}: the reason matches the facts", case.id);
    }
}
