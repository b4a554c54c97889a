//! The real collection in content/ builds with zero errors and zero warnings, and the built site
//! has no broken link.

mod common;
use common::*;
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
