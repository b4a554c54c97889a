//! Tests in a real browser (headless Chromium from Debian): the offline bundle of the real
//! collection, unzipped and opened via file:// (and served over HTTP by tests/browser/find.mjs),
//! with scripts run: the finder (facets, search, the address), the language switch, a term
//! booklet printed to PDF, and the accessibility check.
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

/// Runs a scenario of tests/browser/find.mjs on the real collection's bundle, from file:// and
/// over HTTP; fails with what the scenario saw go wrong.
fn finder(scenario: &str) {
    finder_with(scenario, &[]);
}

fn finder_with(scenario: &str, env: &[(&str, &Path)]) {
    run_scenario("find.mjs", scenario, env);
}

/// Runs `scenario` of the Node script `script` of tests/browser/ in Chromium on the real
/// collection's bundle; fails with what it saw go wrong.
fn run_scenario(script: &str, scenario: &str, env: &[(&str, &Path)]) {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the browser tests need playwright-core: run `npm ci --prefix tests/browser` \
         (or set CASEBOOK_SKIP_BROWSER_TESTS=1 to skip the browser tests knowingly)"
    );
    let out = Command::new("node")
        .arg(dir.join(script))
        .arg(&browser)
        .arg(site)
        .arg(scenario)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .output()
        .expect("the browser tests need Node.js (`node`) on the PATH");
    assert!(
        out.status.success(),
        "{scenario}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_browser_folds_and_cuts_queries_as_the_index_does() {
    use casebook::render::search::{fold, query_tokens, shard_of};
    // Every character of the real collection, alone and in its words, and the variants a reader
    // types.
    let mut texts: std::collections::BTreeSet<String> = [
        "ｶﾞｲﾄﾞﾗｲﾝ",
        "ﾊﾟｽﾜｰﾄﾞ",
        "ＵＳＢメモリ",
        "㈱取引先",
        "①②",
        "ﬁle",
        "İstanbul",
        "Straße",
        "ΣΊΣΥΦΟΣ",
        "ゔぁ",
        "ゝゞヽヾ",
        "ヵヶ",
        "ウィルス　ソフト",
        "Backups, infected; USB-sticks",
        "サーバー・ルーター",
        "标的型",
        "𠮷野家",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&content).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for c in text.chars() {
            texts.insert(c.to_string());
        }
        texts.extend(text.split_whitespace().take(400).map(str::to_owned));
    }
    let cases: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| serde_json::json!({"text": t, "fold": fold(t), "tokens": query_tokens(t), "shard": shard_of(t, 128)}))
        .collect();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_string(&cases).unwrap()).unwrap();
    finder_with("same-folding", &[("FOLD_CASES", file.path())]);
}

#[test]
fn combined_filters_show_counts_that_follow_the_other_choices() {
    finder("combined-filters");
}

#[test]
fn a_combination_without_cases_offers_the_region_and_each_choice_alone() {
    finder("zero-result-way-out");
}

#[test]
fn filters_are_still_applied_after_back_from_a_case() {
    finder("filters-survive-back");
}

#[test]
fn the_language_link_keeps_filters_and_query() {
    finder("language-link-keeps-state");
}

#[test]
fn results_show_an_excerpt_with_the_matched_words_marked() {
    finder("excerpts-with-marks");
}

#[test]
fn variants_a_japanese_reader_types_find_the_same_cases() {
    finder("normalisation");
}

#[test]
fn a_single_kanji_is_a_query() {
    finder("single-kanji");
}

#[test]
fn a_misspelt_word_gets_a_suggestion_that_finds_cases() {
    finder("typo-suggestion");
}

#[test]
fn nonsense_finds_nothing_and_suggests_nothing() {
    finder("nonsense");
}

#[test]
fn results_appear_while_typing() {
    finder("as-you-type");
}

#[test]
fn a_term_page_narrows_within_its_term() {
    finder("term-page-preset");
}

#[test]
fn the_first_query_loads_at_most_150_kib() {
    finder("bytes-per-query");
}

#[test]
fn without_javascript_lists_are_complete_and_the_finder_hidden() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let page = site.join("ja/cases/index.html");
    let raw = std::fs::read_to_string(&page).unwrap();
    assert!(raw.contains("id=\"finder\" role=\"search\" hidden"), "without JavaScript the finder is hidden");
    let listed = raw.matches("<li class=\"case-card\"").count();
    assert_eq!(listed, 50, "the first page lists 50 cases");
    assert!(raw.contains("href=\"../../ja/cases/page/2/index.html\""), "and links the next page");
    let html = dom(&browser, &page, "?incidents=ransomware");
    assert!(!html.contains("id=\"finder\" role=\"search\" hidden"), "with JavaScript the finder shows");
    let term = std::fs::read_to_string(site.join("ja/industries/manufacturing/index.html")).unwrap();
    assert!(
        term.contains("href=\"../../../ja/industries/manufacturing/regions/kanto/index.html\""),
        "a term page links its combinations, which work without JavaScript"
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

/// The text of each page of a PDF, as `pdftotext -layout` lays it out (poppler-utils).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap_or_else(|_| {
        panic!(
            "the booklet tests need pdftotext: `apt-get install poppler-utils` (or set CASEBOOK_SKIP_BROWSER_TESTS=1)"
        )
    });
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks a printed booklet against its cases (title, running header, in booklet order): every
/// contents entry's page number is the page where that case's title first appears, every page of
/// a case has that case in its header, and no page is nearly empty.
fn check_printed_booklet(pdf: &Path, cases: &[(String, String)]) {
    let pages = pdf_pages(pdf);
    let entry = regex_lite_entry;
    let mut listed: Vec<(usize, usize)> = Vec::new(); // (entry number, page)
    let mut first_case_page = pages.len();
    for (p, text) in pages.iter().enumerate() {
        if squeeze(text).contains(&squeeze(&cases[0].0)) && !text.contains("目次") && !text.contains("Contents") {
            first_case_page = first_case_page.min(p);
        }
        if p < 4 {
            // pdftotext sometimes puts the end of a title's first line, with the page number, on a
            // line of its own: an entry's number is the first line ending in digits after it.
            let mut open: Option<usize> = None;
            for line in text.lines() {
                if let Some((n, page)) = entry(line) {
                    open = None;
                    match page {
                        Some(page) => listed.push((n, page)),
                        None => open = Some(n),
                    }
                } else if let (Some(n), Some(page)) = (open, trailing_number(line)) {
                    listed.push((n, page));
                    open = None;
                }
            }
        }
    }
    assert_eq!(
        listed.len(),
        cases.len(),
        "one contents entry per case: {listed:?}\n{}",
        pages[..3.min(pages.len())].join("\n")
    );
    let mut starts = Vec::new();
    for (k, (n, page)) in listed.iter().enumerate() {
        assert_eq!(*n, k + 1, "entries in order");
        let title = squeeze(&cases[k].0);
        let found = (first_case_page..pages.len())
            .find(|&p| squeeze(&pages[p]).contains(&title))
            .unwrap_or_else(|| panic!("the title of case {} is on no page", k + 1));
        assert_eq!(*page, found + 1, "contents entry {} says p. {page}, its title is on p. {}", k + 1, found + 1);
        starts.push(found);
    }
    starts.push(pages.len());
    for k in 0..cases.len() {
        let header = squeeze(&cases[k].1);
        for (p, page) in pages.iter().enumerate().take(starts[k + 1]).skip(starts[k]) {
            let top: String = squeeze(page).chars().take(header.chars().count() + 8).collect();
            let head: String = header.chars().take(20).collect();
            assert!(top.contains(&head), "page {} is of case {} but its header is {top}", p + 1, k + 1);
        }
    }
    let full: Vec<usize> = pages.iter().map(|p| squeeze(p).chars().count()).collect();
    let mut sorted = full.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    for (p, &n) in full.iter().enumerate() {
        assert!(n * 5 >= median, "page {} is nearly empty ({n} characters, a page has {median}):\n{}", p + 1, pages[p]);
    }
}

/// `  12. A title …      34` → (12, Some(34)): the start of a contents entry, with its page number
/// when it is on this line.
fn regex_lite_entry(line: &str) -> Option<(usize, Option<usize>)> {
    let (n, rest) = line.trim().split_once(". ")?;
    Some((n.parse().ok()?, trailing_number(rest)))
}

/// The number a line ends with, after at least two spaces (a page number of the contents).
fn trailing_number(line: &str) -> Option<usize> {
    let t = line.trim_end();
    let digits: String = t.chars().rev().take_while(char::is_ascii_digit).collect();
    let before = &t[..t.len() - digits.len()];
    (!digits.is_empty() && before.ends_with("  ")).then(|| digits.chars().rev().collect::<String>().parse().ok())?
}

/// The titles and running headers of a booklet page's cases, in order.
fn booklet_cases(html: &str) -> Vec<(String, String)> {
    html.split("<article class=\"print-case\"")
        .skip(1)
        .map(|a| {
            let inner = |open: &str, close: &str| {
                let s = &a[a.find(open).unwrap()..];
                let s = &s[s.find('>').unwrap() + 1..];
                s[..s.find(close).unwrap()].to_owned()
            };
            (inner("<h2", "</h2>"), inner("<p class=\"running\"", "</p>"))
        })
        .collect()
}

#[test]
fn a_term_booklet_and_a_booklet_of_site_yaml_print_with_the_page_of_every_case_in_their_contents() {
    let Some(browser) = chromium() else { return };
    // The real collection, published at an address, so that each case carries a QR code of it.
    let project = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &project.path().join("content"));
    let site_yaml = project.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap() + "base_url: https://example.org/casebook/\n";
    std::fs::write(&site_yaml, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["pdf", "--booklet", "incidents/ransomware", "--booklet", "manufacturing-malware", "--lang", "ja"])
        .arg("--root")
        .arg(project.path())
        .arg("--out")
        .arg(out.path())
        .arg("--chromium")
        .arg(&browser)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(unzipped_bundle().join("ja/incidents/ransomware/print/index.html")).unwrap();
    let cases = booklet_cases(&html);
    assert!(cases.len() >= 10, "{} cases", cases.len());
    let pdf = out.path().join("incidents-ransomware.ja.pdf");
    check_printed_booklet(&pdf, &cases);
    check_first_qr_code(&pdf, &html, out.path());

    // The booklet of site.yaml's `booklets:` (ransomware or a virus infection, at a manufacturer):
    // exactly the cases whose front matter says so, in site order, laid out the same way.
    let html = std::fs::read_to_string(unzipped_bundle().join("ja/booklets/manufacturing-malware/index.html")).unwrap();
    let held: std::collections::BTreeSet<String> = html
        .split("<article class=\"print-case\" id=\"case-")
        .skip(1)
        .map(|a| a[..a.find('"').unwrap()].to_owned())
        .collect();
    let mut selected = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(project.path().join("content/cases")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let front = text.split("\n---").next().unwrap();
        let field = |name: &str| front.lines().find_map(|l| l.strip_prefix(name)).unwrap_or("").trim().to_owned();
        let incidents = field("incident_types:");
        if field("industry:") == "manufacturing"
            && (incidents.contains("ransomware") || incidents.contains("virus-infection"))
        {
            selected.insert(field("id:"));
        }
    }
    assert!(selected.len() >= 5, "the booklet is a handful of cases: {selected:?}");
    assert_eq!(held, selected, "the booklet holds exactly the cases it selects");
    let cases = booklet_cases(&html);
    let pdf = out.path().join("booklets/manufacturing-malware.ja.pdf");
    check_printed_booklet(&pdf, &cases);
    check_first_qr_code(&pdf, &html, out.path());
    let cover = &pdf_pages(&pdf)[0];
    assert!(squeeze(cover).contains("製造業のランサムウェア・ウイルス感染事例"), "{cover}");
    assert!(squeeze(cover).contains(&format!("{}件", selected.len())), "the cover counts its cases: {cover}");
}

/// The first case's QR code in a printed booklet leads to its page (zbarimg from zbar-tools reads
/// it), and the address is printed as text too.
fn check_first_qr_code(pdf: &Path, html: &str, dir: &Path) {
    let cases = booklet_cases(html);
    let first = html.split("<article class=\"print-case\" id=\"case-").nth(1).unwrap();
    let first = &first[..first.find('"').unwrap()];
    let pages = pdf_pages(pdf);
    let title = squeeze(&cases[0].0);
    let page = pages.iter().position(|p| squeeze(p).contains(&title) && !p.contains("目次")).unwrap() + 1;
    let mut urls = Vec::new();
    for p in [page, page + 1] {
        let png = dir.join(format!("p{p}"));
        let ok = Command::new("pdftoppm")
            .args(["-r", "150", "-png", "-singlefile", "-f", &p.to_string(), "-l", &p.to_string()])
            .arg(pdf)
            .arg(&png)
            .status()
            .unwrap();
        assert!(ok.success());
        let read = Command::new("zbarimg").args(["-q", "--raw"]).arg(png.with_extension("png")).output().unwrap_or_else(
            |_| panic!("the booklet tests need zbarimg: `apt-get install zbar-tools` (or set CASEBOOK_SKIP_BROWSER_TESTS=1)"),
        );
        urls.extend(String::from_utf8_lossy(&read.stdout).lines().map(str::to_owned));
    }
    let url = format!("https://example.org/casebook/ja/cases/{first}/index.html");
    assert!(
        urls.contains(&url),
        "{}: the QR codes of pages {page}-{} read {urls:?}, not {url}",
        pdf.display(),
        page + 1
    );
    assert!(squeeze(&pages[page - 1..=page].join("")).contains(&url), "the address is printed as text too");
}

#[test]
fn the_selection_booklet_prints_exactly_the_cases_of_its_address() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    let ids = ["ipa2017-002", "ipa2017-017", "ipa2024-meeting-13", "ipa2024-meeting-14"];
    let mut cases = Vec::new();
    for id in ids {
        let html = std::fs::read_to_string(site.join(format!("ja/cases/{id}/index.html"))).unwrap();
        let title = html.split("<h1").nth(1).unwrap();
        let title = title[title.find('>').unwrap() + 1..title.find("</h1>").unwrap()].to_owned();
        let script = std::fs::read_to_string(site.join(format!("static/print/ja/{id}.js"))).unwrap();
        let running = script.split("class=\\\"running\\\"").nth(1).unwrap();
        let running = running[running.find('>').unwrap() + 1..running.find("\\u003c/p>").unwrap()].to_owned();
        cases.push((title, running));
    }
    let url = format!("file://{}?ids={}", site.join("ja/print/selection/index.html").display(), ids.join(","));
    let mut chromium = casebook::pdf::Browser::start(&browser).unwrap();
    let pdf = chromium.print_url(&url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("selection.pdf"), &pdf).unwrap();
    check_printed_booklet(&dir.path().join("selection.pdf"), &cases);
    let text = pdf_pages(&dir.path().join("selection.pdf")).join("");
    assert!(text.contains("4件"), "the cover counts the chosen cases");
    // 事例13 in the text of meeting 14 points at its page in this booklet.
    assert!(squeeze(&text).contains("事例13（p."), "a cross-reference names its page");
}

#[test]
fn a_case_prints_as_a_handout_of_at_most_two_pages_with_the_disclaimer_once() {
    let Some(browser) = chromium() else { return };
    let site = unzipped_bundle();
    for lang in ["ja", "en"] {
        // The three longest cases of each language.
        let mut pages: Vec<(u64, PathBuf)> = std::fs::read_dir(site.join(lang).join("cases"))
            .unwrap()
            .map(|e| e.unwrap().path().join("index.html"))
            .filter(|p| p.is_file())
            .map(|p| (std::fs::metadata(&p).unwrap().len(), p))
            .collect();
        pages.sort();
        for (_, page) in pages.iter().rev().take(3) {
            let dir = tempfile::tempdir().unwrap();
            let pdf = dir.path().join("case.pdf");
            let arg = format!("--print-to-pdf={}", pdf.display());
            headless(&browser, &["--no-pdf-header-footer", &arg], &format!("file://{}", page.display()));
            let printed = pdf_pages(&pdf);
            assert!(printed.len() <= 2, "{} prints on {} pages", page.display(), printed.len());
            let note = if lang == "ja" { "原典の文章ではありません" } else { "not the original texts" };
            let text = squeeze(&printed.join(""));
            assert_eq!(text.matches(&squeeze(note)).count(), 1, "{}: the disclaimer once", page.display());
        }
    }
}

/// Runs axe-core (tests/browser, installed with `npm ci --prefix tests/browser`) on `pages`; returns
/// whether the check ran and found nothing, and what it printed.
fn axe(browser: &Path, pages: &[String]) -> (bool, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/axe-core").is_dir() && dir.join("node_modules/playwright-core").is_dir(),
        "the accessibility check needs axe-core and playwright-core: run `npm ci --prefix tests/browser` \
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
            "cases/index.html?industries=manufacturing&prefectures=osaka",
            "incidents/ransomware/print/index.html",
            "booklets/index.html",
            "booklets/manufacturing-malware/index.html",
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

/// Runs a scenario of tests/browser/layout.mjs (the layout measured in Chromium) on the real
/// collection's bundle; fails with what it saw go wrong.
fn layout(scenario: &str) {
    run_scenario("layout.mjs", scenario, &[]);
}

/// The header was 237 px tall in Japanese and about 290 px in English at 390 px (the menu wrapped
/// to three rows, the language link to a row of its own).
#[test]
fn the_phone_header_is_at_most_120_px_with_the_menu_folded() {
    layout("header-height");
}

/// Dropdowns were 26 px tall with 14.4 px text: too small to tap, and iOS zooms into them.
#[test]
fn controls_on_a_phone_are_at_least_44_px_tall_with_16_px_text() {
    layout("tap-targets");
}

/// The tile map was 560 px wide in a 358 px box: Tokyo and the east were off-screen.
#[test]
fn the_tile_map_fits_360_px_with_all_47_prefectures() {
    layout("map-fits");
}

/// The matrix showed 4 of 11 columns on a phone and its row labels scrolled away.
#[test]
fn the_matrix_scrolls_sideways_with_its_row_labels_fixed() {
    layout("matrix-scrolls");
}

/// A case page used to end at "次の事例" by collection number: a dead end for a reader from search.
#[test]
fn a_case_page_lists_related_cases_that_share_its_facts() {
    layout("related-cases");
}
