//! The catalogue of what a user reads when something is wrong: one snapshot per kind of mistake
//! (tests/it/snapshots/), so a reviewer sees every message, its position and its help as the
//! terminal shows them. A changed message shows as a snapshot diff (`cargo insta review`).

use crate::common::*;
use std::process::Command;

/// (snapshot name, file, text to replace, replacement) on a fresh copy of the fixture.
const MISTAKES: &[(&str, &str, &str, &str)] = &[
    ("unknown_field", "content/cases/beta-001.md", "incident: false", "incident: false\nindustri: retail"),
    ("unknown_code", "content/cases/alpha-001.md", "prefecture: tokyo", "prefecture: tokio"),
    (
        "unknown_code_in_a_list",
        "content/cases/alpha-001.md",
        "measures: [backups, security-policy]",
        "measures: [backups, security-polcy]",
    ),
    ("a_list_where_one_code_goes", "content/cases/alpha-001.md", "prefecture: tokyo", "prefecture: [tokyo]"),
    ("not_true_or_false", "content/cases/beta-001.md", "incident: false", "incident: maybe"),
    ("not_a_number", "content/cases/alpha-001.md", "number: 1", "number: first"),
    ("not_a_year", "content/cases/alpha-001.md", "incident_year: 2015", "incident_year: 15th"),
    ("missing_english_label", "content/taxonomies.yaml", "label: {ja: 東京都, en: Tokyo}", "label: {ja: 東京都}"),
    (
        "incident_fact_without_incident",
        "content/cases/beta-001.md",
        "incident: false",
        "incident: false\nincident_types: [ransomware]",
    ),
    ("id_is_not_the_file_name", "content/cases/beta-001.md", "id: beta-001", "id: beta-002"),
    ("malformed_id", "content/cases/beta-001.md", "id: beta-001", "id: Beta 001"),
    ("yaml_syntax", "content/cases/beta-001.md", "prefecture: kyoto", "prefecture: kyoto\ntitle2: {ja: [oops"),
    ("duplicate_key", "content/cases/beta-001.md", "prefecture: kyoto", "prefecture: kyoto\nprefecture: tokyo"),
    ("yaml_alias", "content/cases/beta-001.md", "prefecture: kyoto", "prefecture: &p kyoto\nnote: *p"),
    ("unclosed_front_matter", "content/cases/beta-001.md", "prefecture: kyoto\n---\n", "prefecture: kyoto\n"),
    ("no_front_matter", "content/cases/beta-001.md", "---\nid: beta-001", "id: beta-001"),
    ("second_language_marker", "content/cases/alpha-001.md", "<!-- en -->", "<!-- en -->\n\n<!-- en -->"),
    ("unknown_language_marker", "content/cases/alpha-001.md", "<!-- en -->", "<!-- fr -->"),
    ("missing_japanese_text", "content/cases/beta-001.md", "## 取り組みのきっかけ\n\n取引先の要請。\n", ""),
    (
        "broken_internal_link",
        "content/cases/beta-001.md",
        "A customer asked for it.",
        "See [the other](@/cases/alpha-003.md).",
    ),
    ("root_absolute_link", "content/cases/beta-001.md", "A customer asked for it.", "See [home](/index.html)."),
    ("script_link", "content/cases/beta-001.md", "A customer asked for it.", "See [x](javascript:alert(1))."),
    (
        "broken_anchor_in_the_output",
        "content/cases/beta-001.md",
        "A customer asked for it.",
        "See [it](@/cases/alpha-001.md#nowhere).",
    ),
    ("control_character", "content/cases/beta-001.md", "prefecture: kyoto", "prefecture: kyo\u{1}to"),
    ("unknown_group", "content/taxonomies.yaml", "group: technical", "group: technicl"),
    ("unknown_theme", "content/site.yaml", "default_language: ja", "default_language: ja\ntheme: nowhere"),
    ("matrix_names_no_taxonomy", "content/site.yaml", "rows: measures", "rows: measure"),
    ("combination_names_no_taxonomy", "content/site.yaml", "[[incidents, regions]]", "[[incidents, region]]"),
    ("combination_is_not_a_pair", "content/site.yaml", "[[incidents, regions]]", "[[incidents]]"),
    (
        "group_facet_named_like_a_taxonomy",
        "content/taxonomies.yaml",
        "groups_facet: {name: regions",
        "groups_facet: {name: incidents",
    ),
    ("unknown_caveat", "content/cases/alpha-001.md", "incident: true", "incident: true\ncaveats: [meeting-plce]"),
    ("autolink_to_a_missing_heading", "content/pages/glossary.md", "attachment: {ja:", "attachmnt: {ja:"),
    ("booklet_names_no_taxonomy", "content/site.yaml", "regions: [kanto]}", "region: [kanto]}"),
    ("booklet_unknown_term", "content/site.yaml", "regions: [kanto]}", "regions: [kantou]}"),
    (
        "booklet_id_given_twice",
        "content/site.yaml",
        "    logo: logo.svg\n",
        "    logo: logo.svg\n  - id: kanto-incidents\n    title: {ja: 二, en: Two}\n    select: {incidents: ransomware}\n",
    ),
    ("booklet_logo_outside_static", "content/site.yaml", "logo: logo.svg", "logo: ../site.yaml"),
    ("booklet_logo_missing", "content/site.yaml", "logo: logo.svg", "logo: chamber.png"),
    ("booklet_selects_no_case", "content/site.yaml", "regions: [kanto]}", "regions: [kinki]}"),
    (
        "footnote_without_definition",
        "content/cases/beta-001.md",
        "A customer asked for it.",
        "A customer asked for it.[^gone]",
    ),
];

#[test]
fn every_mistake_has_a_message_that_names_the_place_and_what_to_do() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        for (name, file, from, to) in MISTAKES {
            let dir = copy_fixture("basic");
            let path = dir.path().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{name}: {file} holds no {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            // Only what the mistake causes: the fixture's own warnings (alpha-002 is untranslated) are left out.
            let report = match check(dir.path(), false) {
                Err(r) => r.render(false),
                Ok(outcome) => outcome.warnings.render(false),
            };
            let mine: Vec<&str> = report
                .split("\n\n")
                .filter(|block| !block.contains("alpha-002.md") || name.contains("marker"))
                .collect();
            insta::assert_snapshot!(*name, mine.join("\n\n"));
        }
    });
}

/// What the commands say when they refuse.
#[test]
fn every_refusal_of_a_command_says_why() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    let dir = copy_fixture("basic");
    let root = dir.path();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/thesis.txt"), "mine").unwrap();
    std::fs::write(root.join("notes.zip"), "not a bundle").unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_casebook")).args(args).current_dir(root).output().unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8_lossy(&out.stderr).replace(&root.display().to_string(), "<project>")
    };
    settings.bind(|| {
        insta::assert_snapshot!("build_into_a_folder_it_did_not_make", run(&["build", "--out", "docs"]));
        insta::assert_snapshot!("build_into_content", run(&["build", "--out", "content/public"]));
        insta::assert_snapshot!("bundle_over_a_file_it_did_not_write", run(&["bundle", "--out", "notes.zip"]));
        insta::assert_snapshot!("bundle_into_content", run(&["bundle", "--out", "content/site.zip"]));
        insta::assert_snapshot!("new_with_a_bad_id", run(&["new", "Alpha 1"]));
        insta::assert_snapshot!("new_over_an_existing_case", run(&["new", "alpha-001"]));
    });
}
