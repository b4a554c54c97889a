//! The `casebook` binary as a user runs it: subcommands, exit codes, messages, `new` and `serve`.

use crate::common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn casebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = casebook().args(args).env("NO_COLOR", "1").output().expect("run casebook");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_lists_every_subcommand() {
    let (ok, stdout, _) = run(&["--help"]);
    assert!(ok);
    for sub in ["build", "check", "serve", "new"] {
        assert!(stdout.contains(sub), "{stdout}");
        let (ok, help, _) = run(&[sub, "--help"]);
        assert!(ok && help.contains("Usage: casebook"), "{sub}: {help}");
    }
}

#[test]
fn build_succeeds_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let fixture = fixture("basic");
    let (ok, _, stderr) = run(&["build", "--root", fixture.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("built 3 cases"), "{stderr}");
    assert!(stderr.contains("warning: the case has no English text"), "{stderr}");
    assert!(out.join("ja/cases/alpha-001/index.html").is_file());
}

/// `--verbose` times each stage, and the pages apart from the search indexes made beside them
/// (both are inside "render pages and files"; profiling a large site needs to tell them apart).
#[test]
fn verbose_build_times_the_search_indexes_apart_from_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let fixture = fixture("basic");
    let (ok, _, stderr) =
        run(&["build", "--verbose", "--root", fixture.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let stages: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim_start().split_once(" s  "))
        .filter(|(time, _)| time.parse::<f64>().is_ok())
        .map(|(_, stage)| stage.trim())
        .collect();
    for stage in
        ["load and check content", "render pages and files, side by side:", "pages", "search indexes and other files"]
    {
        assert!(stages.contains(&stage), "{stage} in {stages:?}");
    }
}

#[test]
fn errors_exit_non_zero_and_name_file_and_line() {
    let dir = copy_fixture("basic");
    let case = dir.path().join("content/cases/alpha-001.md");
    let text = std::fs::read_to_string(&case).unwrap().replace("prefecture: tokyo", "prefecture: tokio");
    std::fs::write(&case, text).unwrap();
    let (ok, _, stderr) = run(&["build", "--root", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("content/cases/alpha-001.md:11:13"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn strict_fails_on_warnings() {
    let fixture = fixture("basic");
    let (ok, _, stderr) = run(&["check", "--strict", "--root", fixture.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("error: the case has no English text"), "{stderr}");
    let (ok, _, _) = run(&["check", "--root", fixture.to_str().unwrap()]);
    assert!(ok);
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_create() {
    let dir = copy_fixture("basic");
    let (ok, _, stderr) =
        run(&["build", "--root", dir.path().to_str().unwrap(), "--out", dir.path().join("content").to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("would overwrite"), "{stderr}");
    assert!(dir.path().join("content/site.yaml").is_file());
}

#[test]
fn new_writes_a_case_that_builds() {
    let dir = copy_fixture("basic");
    let root = dir.path().to_str().unwrap();
    let (ok, _, stderr) = run(&["new", "gamma-001", "--root", root]);
    assert!(ok, "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("content/cases/gamma-001.md")).unwrap();
    assert!(text.contains("id: gamma-001") && text.contains("<!-- en -->"));
    assert!(text.contains("#   Prefectures: tokyo, kyoto; or unknown"), "{text}");
    let (ok, _, stderr) = run(&["check", "--root", root]);
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = run(&["new", "gamma-001", "--root", root]);
    assert!(!ok && stderr.contains("already exists"), "{stderr}");
    let (ok, _, stderr) = run(&["new", "Gamma 1", "--root", root]);
    assert!(!ok && stderr.contains("not a valid id"), "{stderr}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn get(port: u16, path: &str) -> Option<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_owned(), body.to_owned()))
}

/// Polls until `f` gives a value (serve rebuilds in the background); gives up after 20 s.
fn wait_for<T>(mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for serve");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `casebook serve` on a free port; returns the running server, its port and its folder.
fn serve(root: &std::path::Path) -> (Server, u16, std::path::PathBuf) {
    let port = free_port();
    let child = casebook()
        .args(["serve", "--root", root.to_str().unwrap(), "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let served = std::env::temp_dir().join(format!("casebook-serve-{}", child.id()));
    (Server(child), port, served)
}

struct Server(std::process::Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_rebuilds_on_change_shows_errors_and_keeps_the_last_good_site() {
    let dir = copy_fixture("basic");
    let (_server, port, _) = serve(dir.path());
    let (status, body) = wait_for(|| get(port, "/en/cases/beta-001/index.html"));
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("A customer asked for it.") && body.contains("/__casebook/wait"));
    assert!(get(port, "/../../etc/passwd").unwrap().0.contains("404"));
    assert!(get(port, "/en/").unwrap().1.contains("<html lang=\"en\">"), "a folder serves its index.html");

    let case = dir.path().join("content/cases/beta-001.md");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replace("A customer asked for it.", "A customer insisted on it.")).unwrap();
    wait_for(|| get(port, "/en/cases/beta-001/index.html").filter(|(_, b)| b.contains("insisted")));

    std::fs::write(&case, text.replace("incident: false", "incident: maybe")).unwrap();
    let errors = wait_for(|| get(port, "/__casebook/wait?v=0").filter(|(_, b)| b.contains("must be true or false")));
    assert!(errors.1.contains("content/cases/beta-001.md:6:11"), "{}", errors.1);
    let (_, still) = get(port, "/en/cases/beta-001/index.html").unwrap();
    assert!(still.contains("insisted"), "the last good build stays online");
}

#[test]
fn serve_rebuilds_only_what_an_edited_case_changes() {
    let dir = copy_fixture("basic");
    let (_server, port, served) = serve(dir.path());
    wait_for(|| get(port, "/en/index.html"));
    let unrelated = served.join("en/cases/alpha-002/index.html");
    let before = std::fs::metadata(&unrelated).unwrap().modified().unwrap();

    // A title edit: the case and the lists that show it change; other cases' pages are untouched.
    let case = dir.path().join("content/cases/beta-001.md");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replace("A company that prepared", "A company that planned ahead")).unwrap();
    wait_for(|| get(port, "/en/cases/beta-001/index.html").filter(|(_, b)| b.contains("planned ahead")));
    wait_for(|| get(port, "/en/measures/security-policy/index.html").filter(|(_, b)| b.contains("planned ahead")));
    wait_for(|| get(port, "/en/cases/index.html").filter(|(_, b)| b.contains("planned ahead")));
    assert_eq!(std::fs::metadata(&unrelated).unwrap().modified().unwrap(), before, "unrelated pages are not rewritten");

    // A new term: the case joins its list, counts and the search index follow (second phase).
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replace("measures: [security-policy]", "measures: [security-policy, backups]")).unwrap();
    wait_for(|| get(port, "/en/measures/backups/index.html").filter(|(_, b)| b.contains("planned ahead")));
    wait_for(|| {
        get(port, "/en/measures/index.html").filter(|(_, b)| b.contains("Backups</a> <span class=\"count\">2 cases"))
    });
    wait_for(|| {
        get(port, "/static/search/en/doc/beta-001.js").filter(|(_, b)| b.contains("[\"measures\",\"Backups\"]"))
    });

    // A deleted case disappears from its pages and lists.
    std::fs::remove_file(&case).unwrap();
    wait_for(|| get(port, "/en/cases/beta-001/index.html").filter(|(s, _)| s.contains("404")));
    wait_for(|| get(port, "/en/measures/backups/index.html").filter(|(_, b)| !b.contains("planned ahead")));
}

#[test]
fn serve_renders_again_only_the_pages_of_an_edited_template() {
    let dir = copy_fixture("basic");
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
    std::fs::copy(&source, templates.join("page.html")).unwrap();
    let (_server, port, served) = serve(dir.path());
    wait_for(|| get(port, "/en/about/index.html"));
    let case_page = served.join("en/cases/alpha-001/index.html");
    let before = std::fs::metadata(&case_page).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(templates.join("page.html")).unwrap();
    std::fs::write(
        templates.join("page.html"),
        text.replace("<article class=\"page\">", "<article class=\"page edited\">"),
    )
    .unwrap();
    wait_for(|| get(port, "/en/about/index.html").filter(|(_, b)| b.contains("page edited")));
    wait_for(|| get(port, "/ja/glossary/index.html").filter(|(_, b)| b.contains("page edited")));
    assert_eq!(std::fs::metadata(&case_page).unwrap().modified().unwrap(), before, "case pages do not use page.html");
}

#[test]
fn serve_writes_only_an_edited_static_file_again() {
    let dir = copy_fixture("basic");
    let theme_static = dir.path().join("themes/default/static");
    std::fs::create_dir_all(&theme_static).unwrap();
    std::fs::write(theme_static.join("style.css"), "body { color: black; }\n").unwrap();
    let (_server, port, served) = serve(dir.path());
    wait_for(|| get(port, "/static/style.css").filter(|(_, b)| b.contains("color: black")));
    let page = served.join("en/index.html");
    let before = std::fs::metadata(&page).unwrap().modified().unwrap();

    std::fs::write(theme_static.join("style.css"), "body { color: navy; }\n").unwrap();
    wait_for(|| get(port, "/static/style.css").filter(|(_, b)| b.contains("color: navy")));
    // The site's own static files come before the theme's, as in a full build.
    std::fs::write(dir.path().join("content/static/style.css"), "body { color: teal; }\n").unwrap();
    wait_for(|| get(port, "/static/style.css").filter(|(_, b)| b.contains("color: teal")));
    assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), before, "no page is rendered again");
}

#[test]
fn bundle_is_a_reproducible_zip_with_a_readme() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixture("basic");
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    for zip in [&a, &b] {
        let (ok, _, stderr) = run(&["bundle", "--root", fixture.to_str().unwrap(), "--out", zip.to_str().unwrap()]);
        assert!(ok, "{stderr}");
        std::thread::sleep(Duration::from_millis(1100)); // a later second must not change the bytes
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "same input, same bytes");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
    let names: Vec<String> =
        (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries in path order");
    for needed in [
        "casebook/README.txt",
        "casebook/index.html",
        "casebook/static/search/ja/meta.js",
        "casebook/static/find.js",
        "casebook/ja/print/index.html",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} missing");
    }
    assert!(!names.iter().any(|n| n.contains(".casebook-output")), "no build marker in the bundle");
    let (ok, _, stderr) =
        run(&["bundle", "--root", fixture.to_str().unwrap(), "--out", a.to_str().unwrap(), "--strict"]);
    assert!(!ok && stderr.contains("no bundle was written"), "{stderr}");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "a failed bundle leaves the old zip");
}

#[test]
fn pdf_without_chromium_says_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let out = casebook()
        .args(["pdf", "--all", "--root", fixture("basic").to_str().unwrap()])
        .env("PATH", empty.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("none was found on the PATH") && said.contains("apt-get install chromium"), "{said}");
    assert!(said.contains("--chromium PATH"), "{said}");
    let given = casebook()
        .args(["pdf", "--all", "--chromium", "/no/such/chromium", "--root", fixture("basic").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&given.stderr).contains("--chromium /no/such/chromium: no such file"));
}

/// `--booklet` takes the id of a booklet of site.yaml's `booklets:`; an unknown name lists them
/// first among the names it gives (no browser is started).
#[test]
fn pdf_names_the_booklets_of_site_yaml_when_a_booklet_is_unknown() {
    let fake = tempfile::NamedTempFile::new().unwrap();
    let out = casebook()
        .args(["pdf", "--booklet", "kanto", "--chromium"])
        .arg(fake.path())
        .args(["--root", fixture("basic").to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("there is no booklet `kanto`; booklets are named like all, kanto-incidents, "), "{said}");
}
