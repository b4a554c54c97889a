//! One test per class of bad input: the build fails, nothing is written, and the message names
//! the file, the line and column, what is wrong and what is allowed.

use crate::common::*;
use std::path::Path;

/// Replaces `from` with `to` in a file of a fresh fixture copy and returns the build's report.
fn errors_after(file: &str, from: &str, to: &str) -> String {
    let dir = copy_fixture("basic");
    edit(dir.path(), file, from, to);
    let text = build_errors(dir.path());
    assert!(!dir.path().join("public").exists(), "a failed build must not write the output");
    text
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn unknown_front_matter_field() {
    let text = errors_after("content/cases/beta-001.md", "incident: false", "incident: false\nindustri: retail");
    assert!(text.contains("error: unknown field `industri`"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md:7:1"), "{text}");
    assert!(text.contains("allowed fields:") && text.contains("measures"), "{text}");
}

#[test]
fn unknown_term_code_with_did_you_mean() {
    let text = errors_after("content/cases/alpha-001.md", "prefecture: tokyo", "prefecture: tokio");
    assert!(text.contains("error: unknown prefectures code `tokio`"), "{text}");
    assert!(text.contains("--> content/cases/alpha-001.md:11:13"), "{text}");
    assert!(text.contains("did you mean `tokyo`?"), "{text}");
}

#[test]
fn unknown_code_inside_a_list_points_at_the_item() {
    let text = errors_after(
        "content/cases/alpha-001.md",
        "measures: [backups, security-policy]",
        "measures: [backups, securty-policy]",
    );
    assert!(text.contains("--> content/cases/alpha-001.md:10:21"), "{text}");
    assert!(text.contains("did you mean `security-policy`?"), "{text}");
}

#[test]
fn duplicate_ids() {
    let dir = copy_fixture("basic");
    let sub = dir.path().join("content/cases/2017");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(dir.path().join("content/cases/alpha-001.md"), sub.join("alpha-001.md")).unwrap();
    let text = build_errors(dir.path());
    assert!(text.contains("the id `alpha-001` is already used by content/cases/"), "{text}");
    assert!(text.contains(".md:2:5"), "{text}");
}

#[test]
fn malformed_id() {
    let dir = copy_fixture("basic");
    let cases = dir.path().join("content/cases");
    std::fs::rename(cases.join("beta-001.md"), cases.join("Beta_001.md")).unwrap();
    edit(dir.path(), "content/cases/Beta_001.md", "id: beta-001", "id: Beta_001");
    let text = build_errors(dir.path());
    assert!(text.contains("error: `Beta_001` is not a valid id: only lowercase ASCII letters"), "{text}");
    assert!(text.contains("--> content/cases/Beta_001.md:2:5"), "{text}");
    assert!(text.contains("e.g. id: beta-001"), "{text}");
}

#[test]
fn id_that_does_not_match_the_file_name() {
    let text = errors_after("content/cases/beta-001.md", "id: beta-001", "id: beta-002");
    assert!(text.contains("the id `beta-002` does not match the file name `beta-001.md`"), "{text}");
}

#[test]
fn missing_japanese_text() {
    let text = errors_after("content/cases/beta-001.md", "## 取り組みのきっかけ\n\n取引先の要請。\n", "");
    assert!(text.contains("error: the case has no Japanese text"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md:10:1"), "{text}");
}

#[test]
fn yaml_syntax_error_is_counted_in_the_file() {
    let text = errors_after(
        "content/cases/beta-001.md",
        "title: {ja: 事故に備えた会社, en: A company that prepared}",
        "title: {ja: 事故に備えた会社, en: A company: that prepared",
    );
    assert!(text.contains("error: YAML syntax error"), "{text}");
    assert!(
        text.contains("--> content/cases/beta-001.md:4:") || text.contains("--> content/cases/beta-001.md:5:"),
        "{text}"
    );
}

#[test]
fn missing_and_unterminated_front_matter() {
    let text = errors_after("content/cases/beta-001.md", "---\nid: beta-001", "id: beta-001");
    assert!(text.contains("error: the file does not start with front matter"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md:1:1"), "{text}");
    let text = errors_after("content/cases/beta-001.md", "prefecture: kyoto\n---\n", "prefecture: kyoto\n");
    assert!(text.contains("error: the front matter is never closed"), "{text}");
}

#[test]
fn empty_file() {
    let dir = copy_fixture("basic");
    std::fs::write(dir.path().join("content/cases/beta-001.md"), "").unwrap();
    let text = build_errors(dir.path());
    assert!(text.contains("error: the file is empty"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md"), "{text}");
}

#[test]
fn wrong_types() {
    let text = errors_after("content/cases/beta-001.md", "incident: false", "incident: maybe");
    assert!(text.contains("error: `incident` must be true or false, found text"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md:6:11"), "{text}");
    let text = errors_after("content/cases/alpha-001.md", "number: 1", "number: first");
    assert!(text.contains("`number` must be a positive whole number, found `first`"), "{text}");
    let text = errors_after("content/cases/alpha-001.md", "prefecture: tokyo", "prefecture: [tokyo]");
    assert!(text.contains("`prefecture` takes one code, not a list"), "{text}");
    let text = errors_after(
        "content/cases/beta-001.md",
        "title: {ja: 事故に備えた会社, en: A company that prepared}",
        "title: A company that prepared",
    );
    assert!(text.contains("`title` must give both languages as {ja: …, en: …}, found text"), "{text}");
}

#[test]
fn incident_facts_on_a_case_without_incident() {
    let text =
        errors_after("content/cases/beta-001.md", "incident: false", "incident: false\nincident_types: [ransomware]");
    assert!(text.contains("`incident_types` is only for cases with `incident: true`"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md:7:18"), "{text}");
}

#[test]
fn bad_language_markers() {
    let text = errors_after(
        "content/cases/beta-001.md",
        "A customer asked for it.",
        "A customer asked for it.\n\n<!-- en -->\nAgain.\n<!-- fr -->",
    );
    assert!(text.contains("a second `<!-- en -->` marker (the first is on line 14)"), "{text}");
    assert!(text.contains("`<!-- fr -->` is not a language marker"), "{text}");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = copy_fixture("basic");
    let path = dir.path().join("content/cases/beta-001.md");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"\nShift_JIS: \x83\x65\n");
    std::fs::write(&path, bytes).unwrap();
    let text = build_errors(dir.path());
    assert!(text.contains("error: the file is not valid UTF-8: bad byte 0x83 at byte offset"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md:19:12"), "{text}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let dir = copy_fixture("basic");
    let path = dir.path().join("content/cases/beta-001.md");
    let text = std::fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert!(read(&out, "en/cases/beta-001/index.html").contains("A customer asked for it."));
}

#[test]
fn broken_internal_link_names_the_markdown_line() {
    let text = errors_after(
        "content/cases/beta-001.md",
        "A customer asked for it.",
        "A customer asked for [it](@/cases/alpha-01.md).",
    );
    assert!(
        text.contains(
            "broken internal link `@/cases/alpha-01.md`: there is no case `alpha-01`; did you mean `alpha-001`?"
        ),
        "{text}"
    );
    assert!(text.contains("--> content/cases/beta-001.md:17:22"), "{text}");
}

#[test]
fn root_absolute_link_in_markdown_is_refused() {
    let text = errors_after("content/cases/beta-001.md", "A customer asked for it.", "See [home](/index.html).");
    assert!(text.contains("starts with `/`, which breaks the offline copy"), "{text}");
}

#[test]
fn unknown_term_in_taxonomies_group() {
    let text = errors_after(
        "content/taxonomies.yaml",
        "group: technical\n    - code: antivirus",
        "group: technicl\n    - code: antivirus",
    );
    assert!(text.contains("error: unknown group `technicl`"), "{text}");
    assert!(text.contains("--> content/taxonomies.yaml:42:14"), "{text}");
    assert!(text.contains("did you mean `technical`?"), "{text}");
}

#[test]
fn template_errors_name_the_theme_file_and_line() {
    let dir = copy_fixture("basic");
    let t = dir.path().join("themes/broken/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("page.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ content.no_such_field }}\n{% endblock main %}\n",
    )
    .unwrap();
    edit(dir.path(), "content/site.yaml", "default_language: ja", "default_language: ja\ntheme: broken");
    let text = build_errors(dir.path());
    assert!(text.contains("--> themes/broken/templates/page.html:3:"), "{text}");
    assert!(text.contains("template error"), "{text}");
}

#[test]
fn missing_theme() {
    let text = errors_after("content/site.yaml", "default_language: ja", "default_language: ja\ntheme: nowhere");
    assert!(text.contains("the theme `nowhere` was not found: there is no folder themes/nowhere/"), "{text}");
}

#[test]
fn all_content_errors_are_reported_together() {
    let dir = copy_fixture("basic");
    edit(dir.path(), "content/cases/alpha-001.md", "prefecture: tokyo", "prefecture: tokio");
    edit(dir.path(), "content/cases/beta-001.md", "incident: false", "incident: nope");
    edit(dir.path(), "content/pages/about.md", "order: 1", "order: first");
    let text = build_errors(dir.path());
    assert!(text.contains("content/cases/alpha-001.md:11:13"), "{text}");
    assert!(text.contains("content/cases/beta-001.md:6:11"), "{text}");
    assert!(text.contains("content/pages/about.md:3:8"), "{text}");
    assert!(text.contains("3 errors"), "{text}");
}

#[test]
fn autolink_to_a_missing_anchor() {
    let text = errors_after("content/pages/glossary.md", "attachment: {ja:", "attachmnt: {ja:");
    assert!(text.contains("autolink `attachmnt` has no heading with that id in the Japanese text"), "{text}");
    assert!(text.contains("--> content/pages/glossary.md:5:"), "{text}");
}

#[test]
fn id_that_tries_to_leave_the_output_folder() {
    let text = errors_after("content/cases/beta-001.md", "id: beta-001", "id: ../../etc");
    assert!(
        text.contains("error: `../../etc` is not a valid id: only lowercase ASCII letters, digits and '-'"),
        "{text}"
    );
}

#[test]
fn symlink_loop_in_content() {
    let dir = copy_fixture("basic");
    std::os::unix::fs::symlink("..", dir.path().join("content/cases/loop")).unwrap();
    let text = build_errors(dir.path());
    assert!(text.contains("symbolic link loop"), "{text}");
    assert!(text.contains("content/cases/loop"), "{text}");
}

#[test]
fn huge_file() {
    let dir = copy_fixture("basic");
    let path = dir.path().join("content/cases/beta-001.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&"あ".repeat(1024 * 1024));
    std::fs::write(&path, text).unwrap();
    let text = build_errors(dir.path());
    assert!(text.contains("error: the file is 3072 KiB; content files are limited to 2048 KiB"), "{text}");
    assert!(text.contains("--> content/cases/beta-001.md"), "{text}");
}

#[test]
fn template_syntax_error_names_file_and_line() {
    let dir = copy_fixture("basic");
    let t = dir.path().join("themes/broken/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("case.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{% if case.title %}\n{% endblock main %}\n",
    )
    .unwrap();
    edit(dir.path(), "content/site.yaml", "default_language: ja", "default_language: ja\ntheme: broken");
    let text = build_errors(dir.path());
    assert!(text.contains("template syntax error"), "{text}");
    assert!(text.contains("--> themes/broken/templates/case.html:"), "{text}");
}

#[test]
fn broken_links_in_the_output_are_listed_with_page_and_target() {
    let dir = copy_fixture("basic");
    let t = dir.path().join("themes/links/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("page.html"),
        "{% extends \"base.html\" %}\n{% block main %}<a href=\"{{ root }}nowhere.html\">x</a> <a href=\"/abs.html\">y</a> <a href=\"#nope\">z</a>{% endblock main %}\n",
    )
    .unwrap();
    edit(dir.path(), "content/site.yaml", "default_language: ja", "default_language: ja\ntheme: links");
    let text = build_errors(dir.path());
    assert!(text.contains("--> en/about/index.html"), "{text}");
    assert!(text.contains("broken link `../../nowhere.html`: no such file in the built site"), "{text}");
    assert!(text.contains("broken link `/abs.html`: root-absolute links break the offline copy"), "{text}");
    assert!(text.contains("broken link `#nope`: no element on this page has this id"), "{text}");
}

#[test]
fn front_matter_text_is_escaped_in_pages() {
    let dir = copy_fixture("basic");
    edit(
        dir.path(),
        "content/cases/beta-001.md",
        "title: {ja: 事故に備えた会社, en: A company that prepared}",
        "title: {ja: \"<script>alert(1)</script>\", en: \"<img src=x onerror=alert(1)>\"}",
    );
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let ja = read(&out, "ja/cases/beta-001/index.html");
    assert!(
        !ja.contains("<script>alert") && ja.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || ja.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{ja}"
    );
    let en = read(&out, "en/cases/beta-001/index.html");
    assert!(!en.contains("<img src=x"), "{en}");
    let index = search_files(&out, "en");
    assert!(
        index.contains("\\u003cimg") || index.contains("<img src=x onerror=alert(1)>"),
        "the index holds text, shown with textContent"
    );
}

#[test]
fn matrix_with_an_unknown_taxonomy() {
    let text = errors_after("content/site.yaml", "rows: measures", "rows: measure");
    assert!(text.contains("error: the matrix names `measure`, which is not a taxonomy"), "{text}");
    assert!(text.contains("--> content/site.yaml:4:1"), "{text}");
    assert!(text.contains("did you mean `measures`?"), "{text}");
}

#[test]
fn unknown_caveats_and_misspelt_citation_fields_are_positioned_errors() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let case = root.join("content/cases/alpha-001.md");
    let text = std::fs::read_to_string(&case).unwrap().replacen(
        "incident: true\n",
        "incident: true\ncaveats: [meeting-plce]\nsource: {pgae: 3}\n",
        1,
    );
    std::fs::write(&case, text).unwrap();
    let errors = build_errors(root);
    assert!(errors.contains("unknown caveat `meeting-plce`"), "{errors}");
    assert!(errors.contains("content/cases/alpha-001.md:8:11"), "{errors}");
    assert!(errors.contains("unknown field `pgae`") && errors.contains("did you mean `page`"), "{errors}");
    assert!(errors.contains("content/cases/alpha-001.md:9:10"), "{errors}");
}

// The booklets of site.yaml (issue 18): each mistake is named at its place in content/site.yaml.

#[test]
fn booklet_selecting_from_an_unknown_taxonomy() {
    let text = errors_after("content/site.yaml", "regions: [kanto]}", "region: [kanto]}");
    assert!(
        text.contains("error: the booklet `kanto-incidents` selects from `region`, which is not a taxonomy"),
        "{text}"
    );
    assert!(text.contains("--> content/site.yaml:10:56") && text.contains("did you mean `regions`?"), "{text}");
}

#[test]
fn booklet_selecting_an_unknown_term() {
    let text = errors_after("content/site.yaml", "regions: [kanto]}", "regions: [kanto, kinky]}");
    assert!(text.contains("error: there is no term `kinky` in regions (the booklet `kanto-incidents`)"), "{text}");
    assert!(text.contains("--> content/site.yaml:10:73") && text.contains("did you mean `kinki`?"), "{text}");
}

#[test]
fn booklet_ids_that_are_malformed_taken_or_given_twice() {
    let text = errors_after("content/site.yaml", "id: kanto-incidents", "id: Kanto_Incidents");
    assert!(text.contains("`Kanto_Incidents` is not a valid booklet id: only lowercase ASCII letters"), "{text}");
    assert!(text.contains("--> content/site.yaml:8:9"), "{text}");
    let text = errors_after("content/site.yaml", "id: kanto-incidents", "id: all");
    assert!(text.contains("`all` names a booklet casebook makes itself (`casebook pdf --booklet all`)"), "{text}");
    let again = "  - id: kanto-incidents\n    title: {ja: 二冊目, en: Second}\n    select: {incidents: [ransomware]}\n";
    let text = errors_after("content/site.yaml", "booklets:\n", &format!("booklets:\n{again}"));
    assert!(text.contains("error: the booklet id `kanto-incidents` is already used on line 8"), "{text}");
    assert!(text.contains("--> content/site.yaml:11:9"), "{text}");
}

#[test]
fn booklet_title_without_english_or_without_a_selection() {
    let text =
        errors_after("content/site.yaml", "{ja: 関東の事故事例, en: Incidents in Kanto}", "{ja: 関東の事故事例}");
    assert!(
        text.contains("`title` has no English text (`en`)") && text.contains("--> content/site.yaml:9:12"),
        "{text}"
    );
    let text = errors_after("content/site.yaml", "{incidents: [ransomware, virus-infection], regions: [kanto]}", "{}");
    assert!(text.contains("`select` names no taxonomy, so the booklet would hold no case"), "{text}");
    assert!(
        text.contains("--> content/site.yaml:10:13") && text.contains("select: {incidents: [ransomware]"),
        "{text}"
    );
    let text = errors_after("content/site.yaml", "regions: [kanto]", "regions: []");
    assert!(text.contains("`regions` lists no term") && text.contains("--> content/site.yaml:10:65"), "{text}");
}

#[test]
fn booklet_logo_that_is_missing_or_outside_static() {
    let text = errors_after("content/site.yaml", "logo: logo.svg", "logo: images/logo.svg");
    assert!(text.contains("error: there is no file content/static/images/logo.svg for the logo"), "{text}");
    assert!(text.contains("--> content/site.yaml:17:11") && text.contains("logo.svg"), "{text}");
    let text = errors_after("content/site.yaml", "logo: logo.svg", "logo: static/logo.svg");
    assert!(text.contains("write it as its path under content/static/: logo: logo.svg"), "{text}");
    for outside in ["../taxonomies.yaml", "../../README.svg", "/etc/logo.svg", "a//b.svg"] {
        let text = errors_after("content/site.yaml", "logo: logo.svg", &format!("logo: \"{outside}\""));
        assert!(text.contains(&format!("the logo `{outside}` is not a path inside content/static/")), "{text}");
    }
    let text = errors_after("content/site.yaml", "logo: logo.svg", "logo: about.md");
    assert!(text.contains("the logo `about.md` is not an image"), "{text}");
}

#[test]
fn a_taxonomy_may_not_be_named_booklets() {
    // `ja/booklets/index.html` lists the booklets of site.yaml.
    let text = errors_after("content/taxonomies.yaml", "measures:\n  field: measures", "booklets:\n  field: measures");
    assert!(text.contains("error: `booklets` is reserved for casebook's own pages"), "{text}");
    assert!(text.contains("--> content/taxonomies.yaml:"), "{text}");
}
