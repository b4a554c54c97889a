//! Builds the fixture site under tests/fixtures/basic into a temp dir and checks what a reader
//! relies on: the pages exist, links work from file://, languages switch, fallbacks are marked.

use crate::common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("basic"), &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    (dir, out)
}

#[test]
fn writes_every_page_of_the_url_layout() {
    let (_d, out) = built();
    for rel in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "static/style.css",
        "static/highlight.css",
        "static/logo.svg",
        "ja/index.html",
        "en/index.html",
        "ja/cases/index.html",
        "en/cases/alpha-001/index.html",
        "ja/cases/beta-001/index.html",
        "ja/incidents/index.html",
        "en/incidents/ransomware/index.html",
        "ja/measures/backups/index.html",
        "en/prefectures/kyoto/index.html",
        "ja/years/2015/index.html",
        "en/collections/alpha/index.html",
        "ja/glossary/index.html",
        "en/about/index.html",
        "ja/atom.xml",
        "en/atom.xml",
    ] {
        assert!(out.join(rel).is_file(), "{rel} is missing");
    }
}

#[test]
fn every_link_is_relative_and_resolves_in_both_languages() {
    let (_d, out) = built();
    let problems = crawl(&out);
    assert!(problems.is_empty(), "{problems:#?}");
    let pages = html_files(&out);
    assert!(pages.iter().filter(|p| p.starts_with("ja/")).count() > 10);
    assert!(pages.iter().filter(|p| p.starts_with("en/")).count() > 10);
}

#[test]
fn every_page_declares_its_language_and_links_to_its_translation() {
    let (_d, out) = built();
    for page in html_files(&out) {
        let html = read(&out, &page);
        let Some(lang) = page.split('/').next().filter(|l| *l == "ja" || *l == "en") else {
            continue;
        };
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{page} lacks <html lang=\"{lang}\">");
        let other = if lang == "ja" { "en" } else { "ja" };
        let twin = format!("{other}/{}", &page[3..]);
        let depth = page.matches('/').count();
        let href = format!("{}{twin}", "../".repeat(depth));
        assert!(
            html.contains(&format!("href=\"{href}\" hreflang=\"{other}\" lang=\"{other}\"")),
            "{page} has no switch to {twin}"
        );
        assert!(out.join(&twin).is_file(), "{twin} missing");
        assert!(
            html.contains(&format!("hreflang=\"{other}\" href=\"https://example.org/cases/{twin}\"")),
            "{page}: hreflang"
        );
    }
}

#[test]
fn case_page_shows_facts_grouped_measures_source_and_neighbours() {
    let (_d, out) = built();
    let html = read(&out, "ja/cases/alpha-001/index.html");
    assert!(html.contains("<h1>ランサムウェアで図面が暗号化された</h1>"));
    assert!(html.contains("href=\"../../../ja/incidents/ransomware/index.html\">ランサムウェア</a>"));
    assert!(html.contains("href=\"../../../ja/prefectures/tokyo/index.html\">東京都</a>"));
    assert!(html.contains("href=\"../../../ja/years/2015/index.html\">2015年</a>"));
    let org = html.find("<dt>組織的対策</dt>").expect("organizational group");
    let tech = html.find("<dt>技術的対策</dt>").expect("technical group");
    assert!(org < tech, "groups follow the vocabulary order");
    assert!(html.contains("アルファ機構「アルファ事例集」（2017年）、事例 1"), "source line");
    let en = read(&out, "en/cases/alpha-001/index.html");
    assert!(en.contains("Alpha Agency, “Alpha cases” (2017), Case 1"), "spaces in UI strings are kept");
    assert!(html.contains("rel=\"next\" href=\"../../../ja/cases/alpha-002/index.html\""));
    assert!(!html.contains("rel=\"prev\""), "the first case of a collection has no previous case");
    // Markdown: table, footnote, highlighted code, @/ links resolved relative to this page.
    assert!(html.contains("<table>") && html.contains("footnote-definition") && html.contains("hl-"));
    assert!(html.contains("href=\"../../../ja/glossary/index.html#ransomware\""));
}

#[test]
fn missing_english_shows_japanese_marked_with_lang_and_a_notice() {
    let (_d, out) = built();
    let html = read(&out, "en/cases/alpha-002/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1 lang=\"ja\">英訳のない事例</h1>"), "{html}");
    assert!(html.contains("<div class=\"prose\" lang=\"ja\">"));
    assert!(html.contains("has not been translated into English yet"));
    // The translated case has no notice.
    assert!(!read(&out, "en/cases/alpha-001/index.html").contains("not been translated"));
}

#[test]
fn unknown_facts_give_no_term_and_cases_without_incident_have_none() {
    let (_d, out) = built();
    let html = read(&out, "en/cases/alpha-002/index.html");
    assert!(!html.contains("fact-prefectures") && !html.contains("fact-years"), "unknown values give no term");
    let prepared = read(&out, "en/cases/beta-001/index.html");
    assert!(prepared.contains("<dd>No (measures taken in advance)</dd>"));
    assert!(!out.join("en/years/unknown").exists());
}

#[test]
fn term_pages_list_their_cases_with_counts_and_descriptions() {
    let (_d, out) = built();
    let html = read(&out, "en/measures/security-policy/index.html");
    assert!(html.contains("Ransomware encrypted the drawings") && html.contains("A company that prepared"));
    assert!(!html.contains("英訳のない事例"), "only cases with the term are listed");
    let incidents = read(&out, "en/incidents/ransomware/index.html");
    assert!(incidents.contains("Malware that demands a ransom."));
    let tax = read(&out, "ja/measures/index.html");
    assert!(
        tax.contains("<h2>組織的対策</h2>") && tax.contains("バックアップ</a> <span class=\"count\">1件</span>"),
        "{tax}"
    );
    let en_tax = read(&out, "en/measures/index.html");
    assert!(en_tax.contains("Security policy</a> <span class=\"count\">2 cases</span>"), "{en_tax}");
    assert!(en_tax.contains("Backups</a> <span class=\"count\">1 case</span>"), "{en_tax}");
}

#[test]
fn sitemap_and_feeds_use_absolute_urls_with_alternates() {
    let (_d, out) = built();
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/cases/ja/cases/alpha-001/index.html</loc>"));
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://example.org/cases/en/cases/alpha-001/index.html\""));
    assert!(!sitemap.contains("404.html"));
    let feed = read(&out, "en/atom.xml");
    assert!(feed.contains("<title xml:lang=\"en\">Ransomware encrypted the drawings</title>"));
    assert!(feed.contains("<title xml:lang=\"ja\">英訳のない事例</title>"));
    assert!(feed.contains("<updated>2017-01-01T00:00:00Z</updated>"));
}

#[test]
fn no_base_url_means_no_sitemap_feed_or_canonical() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap().replace("base_url: https://example.org/cases/\n", "");
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap();
    assert!(!out.join("sitemap.xml").exists() && !out.join("en/atom.xml").exists());
    let html = read(&out, "en/cases/alpha-001/index.html");
    assert!(!html.contains("rel=\"canonical\""));
    // Lighthouse and search engines read hreflang alternates as absolute addresses only; without
    // base_url they were relative (Lighthouse SEO 0.90): now they are left out, and so are the
    // preview cards, whose addresses must be absolute too.
    assert!(!html.contains("<link rel=\"alternate\" hreflang"), "no relative hreflang alternates");
    assert!(!html.contains("og:") && !html.contains("twitter:"), "no preview tags without base_url");
    assert!(html.contains("href=\"../../../ja/cases/alpha-001/index.html\" hreflang=\"ja\" lang=\"ja\""));
    assert!(crawl(&out).is_empty());
}

#[test]
fn with_base_url_pages_carry_absolute_preview_tags() {
    let (_d, out) = built();
    let html = read(&out, "ja/cases/alpha-001/index.html");
    for tag in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://example.org/cases/ja/cases/alpha-001/index.html\">",
        "<meta property=\"og:locale\" content=\"ja_JP\">",
        "<meta property=\"og:site_name\" content=\"テスト事例集\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
        "<link rel=\"canonical\" href=\"https://example.org/cases/ja/cases/alpha-001/index.html\">",
    ] {
        assert!(html.contains(tag), "missing {tag}");
    }
    assert!(html.contains("<meta property=\"og:title\" content=\""), "og:title");
    let home = read(&out, "en/index.html");
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(home.contains("<meta property=\"og:locale\" content=\"en_US\">"));
    // The 404 page is served at any depth: with base_url, its links are absolute.
    let not_found = read(&out, "404.html");
    assert!(not_found.contains("href=\"https://example.org/cases/static/style.css\""));
    assert!(not_found.contains("href=\"https://example.org/cases/ja/index.html\""));
}

#[test]
fn every_page_names_a_favicon_so_browsers_do_not_ask_for_favicon_ico() {
    let (_d, out) = built();
    assert!(out.join("static/favicon.svg").is_file());
    for page in ["index.html", "ja/index.html", "en/cases/alpha-001/index.html", "404.html"] {
        assert!(read(&out, page).contains("rel=\"icon\""), "{page} names no icon");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (_d1, a) = built();
    let (_d2, b) = built();
    assert_eq!(snapshot(&a), snapshot(&b));
}

#[test]
fn strict_refuses_missing_translations_and_leaves_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("basic"), &out, false).unwrap();
    let before = snapshot(&out);
    let report = build(&fixture("basic"), &out, true).expect_err("strict must fail");
    let text = report.render(false);
    assert!(text.contains("content/cases/alpha-002.md:5:8"), "{text}");
    assert!(text.contains("error: `title` has no English text"), "{text}");
    assert_eq!(snapshot(&out), before, "a failed build leaves the previous output as it was");
}

#[test]
fn check_writes_nothing() {
    let dir = copy_fixture("basic");
    check(dir.path(), false).unwrap();
    assert!(!dir.path().join("public").exists());
}

#[test]
fn glossary_words_link_to_the_glossary_where_they_first_appear() {
    let (_d, out) = built();
    let ja = read(&out, "ja/cases/alpha-001/index.html");
    assert!(
        ja.contains("<a class=\"glossary-link\" href=\"../../../ja/glossary/index.html#attachment\">添付ファイル</a>"),
        "{ja}"
    );
    let en = read(&out, "en/cases/alpha-001/index.html");
    assert_eq!(en.matches("class=\"glossary-link\"").count(), 1, "{en}");
    assert!(en.contains(
        "carried an <a class=\"glossary-link\" href=\"../../../en/glossary/index.html#attachment\">attachment</a>"
    ));
    let glossary = read(&out, "en/glossary/index.html");
    assert!(!glossary.contains("glossary-link"), "the glossary does not link to itself");
}

#[test]
fn search_page_and_index_are_written_per_language() {
    let (_d, out) = built();
    let page = read(&out, "en/search/index.html");
    assert!(page.contains("<script src=\"../../static/find.js\"></script>"));
    assert!(page.contains("data-index=\"../../static/search/en/\""), "the finder is told where its files are");
    assert!(page.contains("<noscript>"), "the page says search needs JavaScript");
    let meta = read(&out, "static/search/ja/meta.js");
    assert!(meta.starts_with("casebook.searchMeta(\"ja\",{\"shards\":"), "{meta}");
    let ja = search_files(&out, "ja");
    assert!(ja.contains("\"添付\":\""), "Japanese bigrams are indexed");
    assert!(search_files(&out, "en").contains("\"infect\":\""), "English stems are indexed");
    let doc = read(&out, "static/search/ja/doc/alpha-001.js");
    assert!(doc.starts_with("casebook.searchDoc(\"ja\",\"alpha-001\",{\"t\":"), "a case's card and text: {doc}");
    // Every other page has a search box that submits to the search page of its language.
    let case = read(&out, "ja/cases/alpha-001/index.html");
    assert!(case.contains("action=\"../../../ja/search/index.html\" method=\"get\""));
}

#[test]
fn booklets_hold_their_cases_one_after_another_with_unique_ids() {
    let (_d, out) = built();
    let all = read(&out, "ja/print/index.html");
    let order: Vec<usize> = ["id=\"case-alpha-001\"", "id=\"case-alpha-002\"", "id=\"case-beta-001\""]
        .iter()
        .map(|id| all.find(id).unwrap_or_else(|| panic!("{id} missing")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "cases in collection order");
    assert!(all.contains("href=\"#case-alpha-001\""), "the contents link to the cases");
    let ids = crate::common::attribute_values(&all, &["id"]);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "ids of several cases must not clash on one page");
    assert!(all.contains("<h3 id=\"alpha-001-発生した事故と影響\">"), "case headings sit under the case title");

    let handout = read(&out, "en/incidents/ransomware/print/index.html");
    assert!(handout.contains("Malware that demands a ransom."), "a term's handout starts with its explanation");
    assert_eq!(handout.matches("<article class=\"print-case\"").count(), 1);
    assert!(
        read(&out, "en/incidents/ransomware/index.html")
            .contains("href=\"../../../en/incidents/ransomware/print/index.html\"")
    );
}

#[test]
fn booklets_can_be_turned_off() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap() + "print_booklets: false\n";
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap();
    assert!(!out.join("ja/print").exists() && !out.join("ja/incidents/ransomware/print").exists());
    assert!(!read(&out, "ja/cases/index.html").contains("print/index.html"));
    assert!(!out.join("static/print").exists(), "no selection booklet either");
    assert!(crawl(&out).is_empty());
}

#[test]
fn booklets_beyond_booklet_max_cases_are_left_out_and_said_so() {
    // At 10,000 cases the term booklets of thousands of cases were 3/4 of a 2 GB build.
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap() + "booklet_max_cases: 2\n";
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("public");
    let outcome = build(dir.path(), &out, false).unwrap();
    assert_eq!(outcome.left_out, vec![("all".to_owned(), 3)], "the whole collection of 3 cases is left out");
    assert!(!out.join("ja/print/index.html").exists());
    assert!(out.join("ja/incidents/ransomware/print/index.html").exists(), "a term of 1 case keeps its booklet");
    let list = read(&out, "ja/cases/index.html");
    assert!(!list.contains("href=\"../../ja/print/index.html\""), "no link to a booklet that is not there");
    assert!(
        list.contains("id=\"booklet-note\"") && list.contains("3件") && list.contains("最大2件"),
        "the list says why"
    );
    // The finder offers the selection booklet of what it finds, and that booklet's cases are there.
    assert!(list.contains("data-print-url=\"ja/print/selection/index.html\" data-print-max=\"2\""));
    let selection = read(&out, "ja/print/selection/index.html");
    assert!(selection.contains("data-selection=\"../../../static/print/ja/\""));
    let script = read(&out, "static/print/ja/alpha-001.js");
    assert!(script.starts_with("casebook.printCase(\"ja\",\"alpha-001\",{\"toc\":"), "{script}");
    assert!(!script.contains(casebook::render::markdown::ROOT), "links made relative to the selection booklet");
    assert!(crawl(&out).is_empty());
    let summary = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["build", "--root", dir.path().to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&summary.stderr);
    assert!(said.contains("left out 1 booklet of more than 2 cases") && said.contains("all (3)"), "{said}");
}

/// Issue 18: a booklet of `booklets:` in site.yaml holds exactly the cases it selects (one of the
/// listed terms of every taxonomy named), has its own cover, and is linked from the home page, the
/// booklets page and the pages of the terms it selects.
#[test]
fn a_booklet_of_site_yaml_holds_its_selection_and_is_linked_from_home_and_its_terms() {
    let (_d, out) = built();
    for lang in ["ja", "en"] {
        assert!(out.join(format!("{lang}/booklets/kanto-incidents/index.html")).is_file());
        assert!(out.join(format!("{lang}/booklets/index.html")).is_file());
    }
    let booklet = read(&out, "ja/booklets/kanto-incidents/index.html");
    // alpha-001 (ransomware, Tokyo); not alpha-002 (a virus infection, prefecture unknown) nor
    // beta-001 (Kyoto, no incident).
    let held: Vec<&str> =
        booklet.split("<article class=\"print-case\" id=\"case-").skip(1).map(|a| &a[..a.find('"').unwrap()]).collect();
    assert_eq!(held, ["alpha-001"]);
    assert!(booklet.contains("<h1>関東の事故事例</h1>"), "its title");
    assert!(booklet.contains("関東で起きた<a href=\"../../../ja/incidents/ransomware/index.html\">ランサムウェア</a>"));
    assert!(booklet.contains("<dd>テスト商工会議所") && booklet.contains("電話 03-0000-0000"), "its own publisher");
    assert!(booklet.contains("<img class=\"cover-logo\" src=\"../../../static/logo.svg\" alt=\"テスト商工会議所\">"));
    assert!(booklet.contains("href=\"../../../ja/booklets/index.html\">サイトに戻る"), "back to the booklets page");
    assert!(
        !read(&out, "ja/incidents/ransomware/print/index.html").contains("テスト商工会議所"),
        "only on its own cover"
    );
    let en = read(&out, "en/booklets/kanto-incidents/index.html");
    assert!(en.contains("<h1>Incidents in Kanto</h1>") && en.contains("Test Chamber of Commerce"));

    let link = "booklets/kanto-incidents/index.html\">関東の事故事例</a>";
    let home = read(&out, "ja/index.html");
    assert!(
        home.contains(&format!("href=\"../ja/{link} <span class=\"count\">1件</span>")),
        "home lists it with its count"
    );
    assert!(home.contains("href=\"../ja/booklets/index.html\""), "and the booklets page");
    for term in ["incidents/ransomware", "incidents/virus-infection", "regions/kanto"] {
        let page = read(&out, &format!("ja/{term}/index.html"));
        let at = page.find(&format!("href=\"../../../ja/{link}")).unwrap_or_else(|| panic!("{term} does not link it"));
        assert!(at < page.find("id=\"cases-heading\"").unwrap(), "{term}: the link is above the cases");
    }
    for term in ["regions/kinki", "measures/backups", "prefectures/tokyo"] {
        assert!(!read(&out, &format!("ja/{term}/index.html")).contains(link), "{term} is not selected by it");
    }
    let list = read(&out, "ja/booklets/index.html");
    assert!(list.contains(&format!("href=\"../../ja/{link}")) && list.contains("1件"));
    assert!(list.contains("<dt>地方</dt><dd><a href=\"../../ja/regions/kanto/index.html\">関東</a></dd>"), "{list}");
    let sitemap = read(&out, "sitemap.xml");
    assert!(!sitemap.contains("booklets/kanto-incidents"), "booklets are not for search engines");
}

#[test]
fn a_booklet_of_site_yaml_over_booklet_max_cases_is_left_out_and_said_so() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    // alpha-001 and alpha-002, over a limit of 1.
    let text = std::fs::read_to_string(&site).unwrap().replace(", regions: [kanto]", "");
    std::fs::write(&site, format!("{text}booklet_max_cases: 1\n")).unwrap();
    let out = dir.path().join("public");
    let outcome = build(dir.path(), &out, false).unwrap();
    assert!(outcome.left_out.contains(&("kanto-incidents".to_owned(), 2)), "{:?}", outcome.left_out);
    assert!(!out.join("ja/booklets/kanto-incidents/index.html").exists());
    let warnings = outcome.warnings.render(false);
    assert!(
        warnings.contains("the booklet `kanto-incidents` holds 2 cases, more than booklet_max_cases (1)")
            && warnings.contains("--> content/site.yaml:8:9"),
        "{warnings}"
    );
    let list = read(&out, "ja/booklets/index.html");
    assert!(
        list.contains("<h2>関東の事故事例</h2>") && list.contains("2件は1冊の冊子（最大1件）には多すぎる"),
        "{list}"
    );
    assert!(!read(&out, "ja/index.html").contains("booklets/kanto-incidents/"), "home links only what is written");
    assert!(crawl(&out).is_empty());
    assert!(check(dir.path(), true).is_err(), "under --strict the warning is an error");
}

#[test]
fn a_booklet_of_site_yaml_that_selects_no_case_is_not_written_and_said_where() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap().replace("regions: [kanto]", "regions: [kinki]");
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("public");
    let outcome = build(dir.path(), &out, false).unwrap();
    let warnings = outcome.warnings.render(false);
    assert!(
        warnings.contains("warning: the booklet `kanto-incidents` selects no case, so it is not written"),
        "{warnings}"
    );
    assert!(warnings.contains("--> content/site.yaml:8:9"), "{warnings}");
    assert!(
        warnings.contains("cases with incidents ransomware or virus-infection: 2, with regions kinki: 1"),
        "{warnings}"
    );
    assert!(!out.join("ja/booklets/kanto-incidents").exists());
    assert!(!read(&out, "ja/regions/kinki/index.html").contains("booklets/kanto-incidents"));
    assert!(crawl(&out).is_empty());
    let strict = check(dir.path(), true).unwrap_err().render(false);
    assert!(strict.contains("error: the booklet `kanto-incidents` selects no case"), "{strict}");
}

/// `pdf: true` links each booklet's PDF that `casebook pdf` wrote, with its size; a booklet of
/// site.yaml's PDF is in `pdf/booklets/`, and one without its PDF is a warning.
#[test]
fn with_pdf_true_the_booklets_link_their_pdfs_with_their_size() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    std::fs::write(&site, std::fs::read_to_string(&site).unwrap() + "pdf: true\n").unwrap();
    let pdf = dir.path().join("content/static/pdf");
    std::fs::create_dir_all(pdf.join("booklets")).unwrap();
    std::fs::write(pdf.join("incidents-ransomware.ja.pdf"), vec![b'%'; 2_500]).unwrap();
    std::fs::write(pdf.join("booklets/kanto-incidents.ja.pdf"), vec![b'%'; 1_200_000]).unwrap();
    let out = dir.path().join("public");
    let outcome = build(dir.path(), &out, false).unwrap();
    let term = read(&out, "ja/incidents/ransomware/index.html");
    assert!(
        term.contains("href=\"../../../static/pdf/incidents-ransomware.ja.pdf\" type=\"application/pdf\">PDF 3 KB")
    );
    let link = "static/pdf/booklets/kanto-incidents.ja.pdf\" type=\"application/pdf\">PDF 1.2 MB</a>";
    assert!(read(&out, "ja/booklets/kanto-incidents/index.html").contains(&format!("href=\"../../../{link}")));
    assert!(read(&out, "ja/booklets/index.html").contains(&format!("href=\"../../{link}")));
    assert!(!read(&out, "en/booklets/index.html").contains("application/pdf"), "no English PDF, no link");
    let warnings = outcome.warnings.render(false);
    assert!(
        warnings.contains(
            "the booklet `kanto-incidents` (en) has no PDF at content/static/pdf/booklets/kanto-incidents.en.pdf"
        ),
        "{warnings}"
    );
}

#[test]
fn turning_booklets_off_leaves_out_the_booklets_of_site_yaml_too() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap() + "print_booklets: false\n";
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("public");
    let outcome = build(dir.path(), &out, false).unwrap();
    assert!(!out.join("ja/booklets").exists() && !out.join("en/booklets").exists());
    assert!(!read(&out, "ja/index.html").contains("booklets/"));
    assert!(!read(&out, "ja/incidents/ransomware/index.html").contains("booklets/"));
    assert!(outcome.left_out.is_empty() && !outcome.warnings.render(false).contains("kanto-incidents"));
}

#[test]
fn lists_can_be_paginated() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap() + "paginate_by: 2\n";
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap();
    let first = read(&out, "en/cases/index.html");
    let second = read(&out, "en/cases/page/2/index.html");
    assert_eq!(first.matches("<li class=\"case-card\"").count(), 2);
    assert_eq!(second.matches("<li class=\"case-card\"").count(), 1);
    assert!(first.contains("3 cases"), "the count is the whole list's");
    assert!(first.contains("rel=\"next\" href=\"../../en/cases/page/2/index.html\""), "{first}");
    assert!(second.contains("rel=\"prev\" href=\"../../../../en/cases/index.html\""), "{second}");
    assert!(first.contains("id=\"finder\""), "the finder narrows the whole list from its index, on every page");
    let term = read(&out, "ja/measures/security-policy/index.html");
    assert!(term.contains("2件") && !out.join("ja/measures/security-policy/page/2").exists());
    // The language switch of page 2 leads to page 2.
    assert!(second.contains("href=\"../../../../ja/cases/page/2/index.html\" hreflang=\"ja\""));
    assert!(crawl(&out).is_empty(), "{:?}", crawl(&out));
}

#[test]
fn a_long_list_gets_a_short_pager() {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    std::fs::write(&site, std::fs::read_to_string(&site).unwrap() + "paginate_by: 1\n").unwrap();
    let cases = dir.path().join("content/cases");
    let text = std::fs::read_to_string(cases.join("beta-001.md")).unwrap();
    for n in 2..=9 {
        std::fs::write(cases.join(format!("beta-00{n}.md")), text.replace("id: beta-001", &format!("id: beta-00{n}")))
            .unwrap();
    }
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    // 11 cases, one per page: page 6 links to 1, 4–8 and 11, with a gap marker on each side.
    let page = read(&out, "en/cases/page/6/index.html");
    let pager = &page[page.find("<nav class=\"pager\"").expect("a pager")..];
    let pager = &pager[..pager.find("</nav>").unwrap()];
    let numbers: Vec<&str> = pager
        .split("</li>")
        .filter_map(|li| li.trim_end_matches("</a>").trim_end_matches("</span>").rsplit('>').next())
        .filter(|n| n.parse::<u32>().is_ok())
        .collect();
    assert_eq!(numbers, ["1", "4", "5", "6", "7", "8", "11"], "{pager}");
    assert_eq!(pager.matches("class=\"gap\"").count(), 2, "{pager}");
    assert!(crawl(&out).is_empty(), "{:?}", crawl(&out));
}

#[test]
fn overview_draws_linked_charts_with_table_alternatives() {
    let (_d, out) = built();
    let html = read(&out, "en/overview/index.html");
    // A bar chart per taxonomy; each bar links to its term page.
    assert!(html.contains("<figure class=\"chart chart-bars\" id=\"chart-incidents\">"));
    assert!(
        html.contains("<a href=\"../../en/incidents/ransomware/index.html\"><text class=\"chart-label\""),
        "{html}"
    );
    // Prefectures are a tile map, each tile linking to its prefecture.
    assert!(html.contains("<figure class=\"chart chart-map\" id=\"chart-prefectures\">"));
    assert!(html.contains("<a href=\"../../en/prefectures/kyoto/index.html\"><rect class=\"chart-tile"));
    // The matrix: measures after each incident type, cells linking to the narrowed search.
    assert!(html.contains("Measures by Incident types (number of cases)"), "{html}");
    assert!(html.contains("href=\"../../en/search/index.html?measures=backups&amp;incidents=ransomware\""), "{html}");
    // Every chart has a table as its text alternative, and SVG text is escaped and labelled.
    // (The matrix is an HTML table itself, with sticky row labels.)
    assert_eq!(
        html.matches("<details class=\"chart-table\">").count() + html.matches("<table class=\"matrix\">").count(),
        html.matches("<figure class=\"chart").count()
    );
    assert!(html.contains("<th scope=\"row\">Backups</th>"), "{html}");
    assert!(html.contains("role=\"group\" aria-labelledby=\"chart-incidents-title\""));
    // The home page shows the map and links to the overview.
    let home = read(&out, "ja/index.html");
    assert!(home.contains("id=\"chart-prefectures\"") && home.contains("href=\"../ja/overview/index.html\""));
}

#[test]
fn single_facts_show_their_group_inline_and_lists_keep_heading_order() {
    let (_d, out) = built();
    let case = read(&out, "en/cases/alpha-001/index.html");
    assert!(case.contains("<dt>Organizational</dt>"), "measures stay grouped by area");
    let list = read(&out, "ja/cases/index.html");
    let h1 = list.find("<h1>").unwrap();
    let h2 = list.find("<h2 class=\"count\"").expect("an h2 before the cards' h3");
    let h3 = list.find("<h3>").unwrap();
    assert!(h1 < h2 && h2 < h3);
}

#[test]
fn case_pages_cite_the_page_and_numbering_of_the_source_and_show_caveats() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let site = root.join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&site).unwrap();
    yaml.push_str("caveats:\n  meeting-place:\n    taxonomy: prefectures\n    text: {ja: 開催地の都道府県です。, en: Where the meeting was held.}\n");
    std::fs::write(&site, yaml).unwrap();
    let case = root.join("content/cases/alpha-001.md");
    let text = std::fs::read_to_string(&case).unwrap().replacen(
        "incident: true\n",
        "incident: true\ncaveats: [meeting-place]\nsource: {page: 34, ref: {ja: 第2章 (1)④, en: \"Chapter 2 (1)④\"}, note: {ja: 2024年12月に公表。, en: Announced in December 2024.}}\n",
        1,
    );
    std::fs::write(&case, text).unwrap();
    let out = root.join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let ja = read(&out, "ja/cases/alpha-001/index.html");
    assert!(ja.contains("第2章 (1)④</span>、34ページ"), "the source's own numbering replaces 事例 N, then the page");
    assert!(ja.contains("2024年12月に公表。"));
    assert!(ja.contains("<p class=\"caveat\">開催地の都道府県です。</p>"));
    let en = read(&out, "en/cases/alpha-001/index.html");
    assert!(en.contains("Chapter 2 (1)④</span>, p. 34") && en.contains("Where the meeting was held."));
    let booklet = read(&out, "ja/print/index.html");
    assert!(booklet.contains("34ページ") && booklet.contains("開催地の都道府県です。"), "booklets cite the page too");
    // A case without `source:` keeps its plain number.
    assert!(read(&out, "ja/cases/alpha-002/index.html").contains("事例 2"));
}

#[test]
fn regions_are_a_facet_made_of_the_prefectures_groups() {
    let (_d, out) = built();
    let kanto = read(&out, "ja/regions/kanto/index.html");
    assert!(kanto.contains("cases/alpha-001/") && !kanto.contains("cases/beta-001/"), "{kanto}");
    assert!(read(&out, "en/regions/kinki/index.html").contains("cases/beta-001/"));
    for region in ["kanto", "kinki"] {
        assert!(
            !read(&out, &format!("ja/regions/{region}/index.html")).contains("cases/alpha-002/"),
            "no prefecture, no region"
        );
    }
    assert!(
        !read(&out, "ja/cases/index.html").contains("tag-regions"),
        "cards do not repeat the region beside the prefecture"
    );
    let meta = read(&out, "static/search/ja/meta.js");
    assert!(meta.contains("\"name\":\"regions\",\"label\":\"地方\""), "{meta}");
    assert!(meta.contains("\"groupedBy\":\"regions\"") && meta.contains("[\"tokyo\",\"東京都\",\"kanto\","), "{meta}");
    let regions = meta.find("\"name\":\"regions\"").unwrap();
    assert!(regions < meta.find("\"name\":\"prefectures\"").unwrap(), "the regions come before the prefectures");
}

#[test]
fn combination_pages_list_the_cases_of_both_terms_and_their_term_pages_link_them() {
    let (_d, out) = built();
    // The fixture's site.yaml: combinations: [[incidents, regions]].
    let page = read(&out, "ja/incidents/ransomware/regions/kanto/index.html");
    assert!(page.contains("<h1>ランサムウェア × 関東</h1>"), "{page}");
    assert_eq!(page.matches("<li class=\"case-card\"").count(), 1);
    assert!(page.contains("cases/alpha-001/"));
    let link = "href=\"../../../ja/incidents/ransomware/regions/kanto/index.html\"";
    assert!(read(&out, "ja/incidents/ransomware/index.html").contains(link), "the incident's page links it");
    assert!(read(&out, "ja/regions/kanto/index.html").contains(link), "and so does the region's");
    assert!(!out.join("ja/incidents/virus-infection/regions").exists(), "no page for a pair without cases");
    assert!(crawl(&out).is_empty(), "{:?}", crawl(&out));
}

#[test]
fn lists_are_split_into_pages_of_50_unless_told() {
    let dir = copy_fixture("basic");
    let cases = dir.path().join("content/cases");
    let template = std::fs::read_to_string(cases.join("alpha-001.md")).unwrap();
    for n in 2..=60 {
        let text = template
            .replacen("id: alpha-001", &format!("id: gamma-{n:03}"), 1)
            .replacen("number: 1", &format!("number: {n}"), 1)
            .replace("[次の事例](@/cases/alpha-002.md)と", "");
        std::fs::write(cases.join(format!("gamma-{n:03}.md")), text).unwrap();
    }
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(read(&out, "ja/cases/index.html").matches("<li class=\"case-card\"").count(), 50);
    assert_eq!(read(&out, "ja/cases/page/2/index.html").matches("<li class=\"case-card\"").count(), 12);
    assert!(out.join("ja/incidents/ransomware/page/2/index.html").exists(), "term lists too");
}
