//! Tests in a real browser (headless Chromium from Debian): the offline bundle of the real
//! collection, unzipped and opened via file://, with scripts run: Japanese and English search,
//! facet narrowing, list filters, the language switch, and a term booklet printed to PDF.
//! Without Chromium these tests fail and say how to install it; set CASEBOOK_SKIP_BROWSER_TESTS=1
//! to skip them knowingly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn chromium() -> Option<PathBuf> {
    if std::env::var_os("CASEBOOK_SKIP_BROWSER_TESTS").is_some() {
        eprintln!("CASEBOOK_SKIP_BROWSER_TESTS is set: browser test skipped");
        return None;
    }
    let candidates =
        [std::env::var("CHROMIUM").unwrap_or_default(), "/usr/bin/chromium".into(), "/usr/bin/chromium-browser".into()];
    match candidates.iter().find(|c| !c.is_empty() && Path::new(c).is_file()) {
        Some(c) => Some(PathBuf::from(c)),
        None => panic!(
            "Chromium is not installed, so the browser tests cannot run. Install it with `apt-get install chromium` \
             (or set CHROMIUM=/path/to/chromium), or set CASEBOOK_SKIP_BROWSER_TESTS=1 to skip these tests knowingly."
        ),
    }
}

/// The real collection, bundled with the `casebook bundle` command and unzipped once per test run.
fn unzipped_bundle() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, site) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let zip_path = dir.path().join("bundle.zip");
        let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["bundle", "--root", env!("CARGO_MANIFEST_DIR"), "--out", zip_path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
        let target = dir.path().join("unzipped");
        archive.extract(&target).unwrap();
        let site = target.join("casebook");
        (dir, site)
    });
    site
}

fn headless(browser: &Path, extra: &[&str], url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let profile_arg = format!("--user-data-dir={}", profile.path().display());
    let mut args = vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        &profile_arg,
    ];
    args.extend_from_slice(extra);
    args.push(url);
    Command::new(browser).args(&args).output().expect("run chromium")
}

/// The DOM of a page after its scripts ran.
fn dom(browser: &Path, page: &Path, query: &str) -> String {
    let url = format!("file://{}{query}", page.display());
    let out = headless(browser, &["--virtual-time-budget=10000", "--dump-dom"], &url);
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(html.contains("</html>"), "no DOM for {url}: {}", String::from_utf8_lossy(&out.stderr));
    html
}

/// The case ids listed in the search results, in order.
fn search_results(html: &str) -> Vec<String> {
    let list = html.split("id=\"search-results\"").nth(1).unwrap_or("").split("</ol>").next().unwrap_or("");
    list.split("/cases/").skip(1).map(|s| s.split('/').next().unwrap().to_owned()).collect()
}

fn enc(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[test]
fn japanese_search_finds_words_without_spaces() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let page = site.join("ja/search/index.html");
    let html = dom(&browser, &page, &format!("?q={}", enc("ランサムウェア")));
    let found = search_results(&html);
    assert!(found.contains(&"ipa2017-002".to_owned()) && found.contains(&"ipa2017-003".to_owned()), "{found:?}");
    assert!(!found.contains(&"ipa2017-001".to_owned()), "{found:?}");
    assert!(html.contains("<mark>ランサムウェア</mark>"), "matches are highlighted");
    assert!(html.contains("value=\"ランサムウェア\"") || html.contains("id=\"q\""), "the query is filled in");

    let html = dom(&browser, &page, &format!("?q={}", enc("取引先 信用")));
    assert!(search_results(&html).contains(&"ipa2017-001".to_owned()), "all words of a query must match");
}

#[test]
fn english_search_matches_inflections_and_narrows_by_facet() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let page = site.join("en/search/index.html");
    let html = dom(&browser, &page, "?q=Ransomware");
    let found = search_results(&html);
    assert!(found.contains(&"ipa2017-002".to_owned()) && found.contains(&"ipa2017-003".to_owned()), "{found:?}");
    assert!(!found.contains(&"ipa2017-001".to_owned()), "{found:?}");

    // "backups" in the query, "backups" or "backup" in the text; "infections" meets "infected".
    assert!(search_results(&dom(&browser, &page, "?q=backup")).contains(&"ipa2017-002".to_owned()));
    assert!(search_results(&dom(&browser, &page, "?q=infections")).contains(&"ipa2017-001".to_owned()));

    let narrowed = search_results(&dom(&browser, &page, "?q=&incidents=ransomware&prefectures=kanagawa"));
    assert!(
        narrowed.contains(&"ipa2017-003".to_owned()) && !narrowed.contains(&"ipa2017-002".to_owned()),
        "{narrowed:?}"
    );
}

#[test]
fn case_list_filters_in_the_browser_and_is_complete_without_it() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let page = site.join("ja/cases/index.html");
    let raw = std::fs::read_to_string(&page).unwrap();
    let total = raw.matches("<li class=\"case-card\"").count();
    assert!(total >= 3);
    assert!(raw.contains("id=\"case-filters\" hidden"), "without JavaScript the form is hidden and the list complete");
    let html = dom(&browser, &page, "?incidents=ransomware");
    let cards: Vec<&str> =
        html.split("<li class=\"case-card\"").skip(1).map(|c| c.split('>').next().unwrap()).collect();
    assert_eq!(cards.len(), total, "filtering hides cards, it does not remove them");
    for card in cards {
        let incidents = card.split("data-incidents=\"").nth(1).map_or("", |v| v.split('"').next().unwrap());
        let is_ransomware = incidents.split(' ').any(|c| c == "ransomware");
        assert_eq!(!card.contains(" hidden"), is_ransomware, "{card}");
    }
    assert!(
        html.contains("id=\"case-filters\"") && !html.contains("id=\"case-filters\" hidden"),
        "the filter form shows with JavaScript"
    );
}

#[test]
fn language_switch_leads_to_the_same_case_in_english() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let ja = dom(&browser, &site.join("ja/cases/ipa2017-001/index.html"), "");
    let href = ja.split("class=\"lang-switch\" href=\"").nth(1).unwrap().split('"').next().unwrap();
    let target = site.join("ja/cases/ipa2017-001").join(href);
    let en = dom(&browser, &target, "");
    assert!(en.contains("<html lang=\"en\">"), "{href}");
    assert!(en.contains("ipa2017-001") && en.contains("What happened"), "{href}");
}

#[test]
fn a_term_booklet_prints_at_least_one_page_per_case() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let page = site.join("ja/incidents/ransomware/print/index.html");
    let cases = std::fs::read_to_string(&page).unwrap().matches("<article class=\"print-case\"").count();
    assert!(cases >= 2);
    let pdf_dir = tempfile::tempdir().unwrap();
    let pdf = pdf_dir.path().join("booklet.pdf");
    let arg = format!("--print-to-pdf={}", pdf.display());
    let out = headless(&browser, &["--no-pdf-header-footer", &arg], &format!("file://{}", page.display()));
    let bytes = std::fs::read(&pdf).unwrap_or_else(|_| panic!("no PDF: {}", String::from_utf8_lossy(&out.stderr)));
    let pages = count_pdf_pages(&bytes);
    assert!(pages >= cases + 2, "{pages} pages for a cover, contents and {cases} cases");
}

/// Counts `/Type /Page` objects (not `/Pages`) in a PDF.
fn count_pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

/// Runs axe-core (tests/a11y, installed with `npm ci --prefix tests/a11y`) on `pages`; returns
/// whether the check ran and found nothing, and what it printed.
fn axe(browser: &Path, pages: &[String]) -> (bool, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y");
    assert!(
        dir.join("node_modules/axe-core").is_dir() && dir.join("node_modules/playwright-core").is_dir(),
        "the accessibility check needs axe-core and playwright-core: run `npm ci --prefix tests/a11y` \
         (or set CASEBOOK_SKIP_BROWSER_TESTS=1 to skip the browser tests knowingly)"
    );
    let out = Command::new("node")
        .arg(dir.join("check.mjs"))
        .arg(browser)
        .args(pages)
        .output()
        .expect("the accessibility check needs Node.js (`node`) on the PATH");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

#[test]
fn pages_have_no_serious_or_critical_accessibility_findings() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let mut pages = Vec::new();
    for lang in ["ja", "en"] {
        for page in [
            "index.html",
            "cases/ipa2017-001/index.html",
            "incidents/ransomware/index.html",
            "search/index.html?q=backup",
            "incidents/ransomware/print/index.html",
            "overview/index.html",
        ] {
            let (path, query) = page.split_once('?').map_or((page, String::new()), |(p, q)| (p, format!("?{q}")));
            pages.push(format!("file://{}{query}", site.join(lang).join(path).display()));
        }
    }
    let (clean, findings) = axe(&browser, &pages);
    assert!(
        clean,
        "axe-core found serious or critical problems (light and dark schemes), or could not run:\n{findings}"
    );
}
