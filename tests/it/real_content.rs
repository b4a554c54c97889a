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
