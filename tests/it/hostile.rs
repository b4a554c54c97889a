//! Hostile and careless input (issue 14): each test is named after a failure that once shipped and
//! pins its fix — races, files from outside the project, special files, text that was lost, and
//! input that made the build slow or its messages unreadable.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn casebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn append_to_body(root: &Path, case: &str, text: &str) {
    let path = root.join("content/cases").join(format!("{case}.md"));
    let old = std::fs::read_to_string(&path).unwrap();
    let (ja, en) = old.split_once("<!-- en -->").unwrap_or((&old, ""));
    let new = if en.is_empty() { format!("{ja}\n{text}\n") } else { format!("{ja}\n{text}\n\n<!-- en -->{en}") };
    std::fs::write(path, new).unwrap();
}

/// Runs a command with a deadline: a build that hangs fails the test instead of the whole run.
fn run_with_deadline(cmd: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the command did not finish within {limit:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn concurrent_builds_into_one_folder_lost_pages_and_the_marker() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let reference = root.join("reference");
    build(root, &reference, false).unwrap();
    let expected = snapshot(&reference);
    let out = root.join("public");
    for round in 0..3 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                casebook()
                    .args(["build", "--quiet", "--root"])
                    .arg(root)
                    .arg("--out")
                    .arg(&out)
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "round {round}: {}", String::from_utf8_lossy(&output.stderr));
        }
        assert_eq!(snapshot(&out), expected, "round {round}: the published site is the whole site");
    }
    let beside: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("casebook-tmp") || n.contains("casebook-old"))
        .collect();
    assert!(beside.is_empty(), "no staging folder is left: {beside:?}");
    // A later build still accepts the folder (its marker survived).
    build(root, &out, false).unwrap();
}

#[test]
fn a_second_build_waits_for_the_lock_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = casebook::output::Lock::acquire(&out, None).unwrap();
    assert!(casebook::output::Lock::try_acquire(&out).is_none(), "held by the first");
    let (tx, rx) = std::sync::mpsc::channel();
    let waiter = {
        let out = out.clone();
        std::thread::spawn(move || {
            let lock = casebook::output::Lock::acquire(&out, Some(|_| {})).unwrap();
            tx.send(()).unwrap();
            drop(lock);
        })
    };
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "the second waits while the first holds the lock");
    drop(first);
    rx.recv_timeout(Duration::from_secs(10)).expect("the second gets the lock once the first lets go");
    waiter.join().unwrap();
}

#[test]
fn bundle_out_overwrote_content_config_and_git_files() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(root, ".git/config", "[core]\n");
    write(root, "notes.zip", "my own notes, not a bundle");
    std::fs::create_dir_all(root.join("a-folder.zip")).unwrap();
    for target in [
        "content/cases/x.md",
        "content/site.yaml",
        ".git/config",
        "themes/x.zip",
        "src/x.zip",
        "notes.zip",
        "a-folder.zip",
    ] {
        let before = std::fs::read(root.join(target)).ok();
        let out = casebook().args(["bundle", "--root"]).arg(root).arg("--out").arg(root.join(target)).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{target}: {stderr}");
        assert!(stderr.contains("refusing"), "{target}: {stderr}");
        assert_eq!(std::fs::read(root.join(target)).ok(), before, "{target} is untouched");
    }
    // A bundle casebook wrote may be replaced, and nothing temporary is left beside it.
    let zip = root.join("dist/site.zip");
    for _ in 0..2 {
        let out = casebook().args(["bundle", "--root"]).arg(root).arg("--out").arg(&zip).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let names: Vec<String> = std::fs::read_dir(root.join("dist"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n == "site.zip" || n.ends_with("casebook-lock")), "{names:?}");
    // A temporary archive left by a killed run is removed by the next one.
    write(root, "dist/.site.zip.casebook-tmp-99999", "half an archive");
    let out = casebook().args(["bundle", "--root"]).arg(root).arg("--out").arg(&zip).output().unwrap();
    assert!(out.status.success());
    assert!(!root.join("dist/.site.zip.casebook-tmp-99999").exists());
}

#[cfg(unix)]
#[test]
fn bundle_out_through_a_symlink_into_content_wrote_into_content() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    std::os::unix::fs::symlink(root.join("content/cases"), root.join("shortcut")).unwrap();
    let out =
        casebook().args(["bundle", "--root"]).arg(root).arg("--out").arg(root.join("shortcut/b.zip")).output().unwrap();
    assert!(!out.status.success());
    assert!(!root.join("content/cases/b.zip").exists());
    let built =
        casebook().args(["build", "--root"]).arg(root).arg("--out").arg(root.join("shortcut/public")).output().unwrap();
    assert!(!built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(String::from_utf8_lossy(&built.stderr).contains("would overwrite"));
    assert!(!root.join("content/cases/public").exists());
}

#[cfg(unix)]
#[test]
fn a_public_folder_that_is_a_symlink_was_replaced_by_a_folder() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    std::fs::create_dir_all(root.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere"), root.join("public")).unwrap();
    let report = build(root, &root.join("public"), false).expect_err("a link is not replaced");
    assert!(report.render(false).contains("symbolic link"), "{}", report.render(false));
    assert!(std::fs::symlink_metadata(root.join("public")).unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn symlinks_in_static_leaked_files_from_outside_the_project() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:SECRET").unwrap();
    std::fs::create_dir_all(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/key.txt"), "SECRET key").unwrap();
    let dir = copy_fixture("basic");
    let root = dir.path();
    let link = |target: &Path, rel: &str| std::os::unix::fs::symlink(target, root.join(rel)).unwrap();
    link(&outside.path().join("passwd"), "content/static/passwd");
    link(&outside.path().join("dir"), "content/static/dir");
    link(&root.join("content/static/loop"), "content/static/loop");
    let out = root.join("public");
    let text = build(root, &out, false).expect_err("links leave the project").render(false);
    assert!(text.contains("content/static/passwd") && text.contains("outside the project folder"), "{text}");
    assert!(text.contains("content/static/dir"), "{text}");
    assert!(text.contains("content/static/loop") && text.contains("loop"), "{text}");
    assert!(!out.exists(), "nothing was published");
    // A link that stays inside the project is followed.
    for rel in ["content/static/passwd", "content/static/dir", "content/static/loop"] {
        std::fs::remove_file(root.join(rel)).unwrap();
    }
    link(&root.join("content/static/logo.svg"), "content/static/logo-copy.svg");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(
        std::fs::read(out.join("static/logo-copy.svg")).unwrap(),
        std::fs::read(out.join("static/logo.svg")).unwrap()
    );
}

#[cfg(unix)]
#[test]
fn serve_cleanup_deleted_through_a_symlink() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim");
    std::fs::create_dir_all(victim.join("sub")).unwrap();
    std::fs::write(victim.join(casebook::output::MARKER), "").unwrap();
    std::fs::write(victim.join("sub/precious.txt"), "precious").unwrap();
    std::os::unix::fs::symlink(&victim, tmp.path().join("casebook-serve-999991")).unwrap();
    // A real stale folder of a stopped serve is removed; one whose serve still runs is kept.
    let stale = tmp.path().join("casebook-serve-999992");
    std::fs::create_dir_all(stale.join("ja")).unwrap();
    std::fs::write(stale.join(casebook::output::MARKER), "").unwrap();
    let running = tmp.path().join("casebook-serve-999993");
    std::fs::create_dir_all(&running).unwrap();
    std::fs::write(running.join(casebook::output::MARKER), "").unwrap();
    let lock = casebook::output::Lock::acquire(&casebook::output::alive(&running), None).unwrap();
    casebook::output::remove_stale_serve_folders(tmp.path());
    assert_eq!(std::fs::read_to_string(victim.join("sub/precious.txt")).unwrap(), "precious");
    assert!(victim.join(casebook::output::MARKER).exists());
    assert!(!stale.exists(), "a stopped serve's folder is removed");
    assert!(running.exists(), "a running serve's folder is kept");
    drop(lock);
}

#[test]
fn text_after_an_html_comment_was_lost_from_page_and_search() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    append_to_body(root, "alpha-001", "<!-- 編集メモ --> この段落は残るべき本文である。\n<b>生のHTML</b>");
    let out = root.join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let page = read(&out, "ja/cases/alpha-001/index.html");
    assert!(page.contains("この段落は残るべき本文である。"), "the paragraph is on the page");
    assert!(page.contains("&lt;b&gt;生のHTML&lt;/b&gt;"), "raw HTML after it is shown as text");
    assert!(!page.contains("編集メモ"), "the comment is dropped");
    let doc = read(&out, "static/search/ja/doc/alpha-001.js");
    assert!(doc.contains("この段落は残るべき本文である。"), "the search's copy of the text has it");
    assert!(search_files(&out, "ja").contains("\"残ル\""), "and so do the postings (る folded to ル)");
}

#[test]
fn prose_that_shows_html_failed_the_link_check() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    append_to_body(
        root,
        "alpha-001",
        "攻撃メールには `<a href=\"javascript:x\">` のようなリンクがあった。本文でも <a href=\"javascript:y\"> と書ける。",
    );
    let out = root.join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert!(read(&out, "ja/cases/alpha-001/index.html").contains("&lt;a href=\"javascript:y\"&gt;"));
}

#[test]
fn unreadable_static_files_were_skipped_while_pages_linked_them() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let file = root.join("content/static/logo.svg");
    let mut cmd = casebook();
    cmd.args(["build", "--root"]).arg(root).arg("--out").arg(root.join("public"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads any file: run the build as `nobody` then, over a project it may read.
        if unsafe { libc_geteuid() } == 0 {
            for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
                if entry.path() != file {
                    let mode = if entry.file_type().is_dir() { 0o777 } else { 0o644 };
                    std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
                }
            }
            cmd.uid(65534).gid(65534);
        }
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("content/static/logo.svg") && stderr.contains("ermission denied"), "{stderr}");
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

#[test]
fn thousands_of_equal_headings_and_footnotes_build_with_unique_ids() {
    // Linear time is measured in bench/hostile.sh; here: the result is right.
    let dir = copy_fixture("basic");
    let root = dir.path();
    let headings = "## a\n\n本文\n\n".repeat(4000);
    let notes: String = (0..4000).map(|i| format!("注[^{i}]\n")).collect::<String>()
        + "\n"
        + &(0..4000).map(|i| format!("[^{i}]: 注記{i}\n")).collect::<String>();
    append_to_body(root, "alpha-001", &format!("{headings}\n{notes}"));
    let out = root.join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let page = read(&out, "ja/cases/alpha-001/index.html");
    assert!(page.contains("id=\"a-3999\"") && page.contains("id=\"fn-3999\""));
}

#[test]
fn control_characters_in_a_title_made_the_feed_invalid_xml() {
    for (bad, name) in [("\u{1}", "U+0001"), ("\u{c}", "U+000C"), ("\u{FFFE}", "U+FFFE")] {
        let dir = copy_fixture("basic");
        let root = dir.path();
        let case = root.join("content/cases/alpha-001.md");
        let text =
            std::fs::read_to_string(&case).unwrap().replacen("ランサムウェアで", &format!("ランサム{bad}ウェアで"), 1);
        std::fs::write(&case, text).unwrap();
        let report = build(root, &root.join("public"), false).expect_err("refused").render(false);
        assert!(report.contains(&format!("invisible character {name}")), "{report}");
        assert!(report.contains("content/cases/alpha-001.md:5:"), "{report}");
    }
    let dir = copy_fixture("basic");
    append_to_body(dir.path(), "alpha-001", "本文に\0NUL");
    let out = casebook().args(["build", "--root"]).arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(!out.stderr.contains(&0), "a raw NUL never reaches the terminal");
}

#[cfg(unix)]
#[test]
fn site_yaml_as_a_fifo_hung_and_as_a_link_to_dev_zero_grew_without_end() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let site = root.join("content/site.yaml");
    std::fs::remove_file(&site).unwrap();
    let c = std::ffi::CString::new(site.to_str().unwrap()).unwrap();
    unsafe extern "C" {
        fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
    }
    assert_eq!(unsafe { mkfifo(c.as_ptr(), 0o644) }, 0);
    let out = run_with_deadline(casebook().args(["check", "--root"]).arg(root), Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("named pipe (FIFO), not a regular file"), "{stderr}");
    std::fs::remove_file(&site).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &site).unwrap();
    let out = run_with_deadline(casebook().args(["check", "--root"]).arg(root), Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("outside the project"), "{stderr}");
}

#[test]
fn a_two_megabyte_line_was_quoted_whole() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let case = root.join("content/cases/alpha-001.md");
    let long = "x".repeat(1_900_000);
    let text = std::fs::read_to_string(&case).unwrap().replacen("prefecture: tokyo", &format!("prefecture: {long}"), 1);
    std::fs::write(&case, text).unwrap();
    let out = casebook().args(["check", "--root"]).arg(root).output().unwrap();
    assert!(!out.status.success());
    assert!(out.stderr.len() < 20_000, "{} bytes of messages", out.stderr.len());
}

#[test]
fn undefined_footnotes_and_repeated_heading_ids_gave_no_warning() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    append_to_body(root, "alpha-001", "未定義の注[^nowhere]。\n\n## 本文 {#main}\n");
    let out = root.join("public");
    let outcome = build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let warnings = outcome.warnings.render(false);
    assert!(warnings.contains("`[^nowhere]` has no definition"), "{warnings}");
    assert!(
        warnings.contains("more than one element with the id `main`")
            && warnings.contains("content/cases/alpha-001.md"),
        "{warnings}"
    );
    assert!(build(root, &root.join("strict"), true).is_err(), "--strict refuses them");
}

#[test]
fn serve_bind_to_all_interfaces_gave_no_warning() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = casebook()
        .args(["serve", "--root"])
        .arg(fixture("basic"))
        .args(["--bind", "0.0.0.0", "--port", &port.to_string()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            let done = line.contains("serving on");
            seen.push(line);
            if done {
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.iter().any(|l| l.starts_with("warning: serving on 0.0.0.0")), "{seen:#?}");
}

#[cfg(unix)]
#[test]
fn new_wrote_through_a_dangling_symlink() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let target = root.join("elsewhere.md");
    std::os::unix::fs::symlink(&target, root.join("content/cases/gamma-001.md")).unwrap();
    let out = casebook().args(["new", "gamma-001", "--root"]).arg(root).output().unwrap();
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert!(!target.exists(), "nothing was written where the link points");
}

#[test]
fn a_link_to_a_heading_of_the_text_broke_in_booklets() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    append_to_body(root, "alpha-001", "## 参考 {#refs}\n\n[上の参考](#refs) を見よ。");
    let out = root.join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let booklet = read(&out, "ja/incidents/ransomware/print/index.html");
    assert!(booklet.contains("href=\"#alpha-001-refs\"") && booklet.contains("id=\"alpha-001-refs\""));
}

#[test]
fn broken_links_on_booklet_pages_blamed_taxonomies_yaml() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    // A link to an anchor of another case that does not exist breaks on every page that shows it.
    append_to_body(root, "alpha-001", "[別の事例](@/cases/beta-001.md#no-such-heading)");
    let text = build(root, &root.join("public"), false).expect_err("broken anchor").render(false);
    let booklet_errors: Vec<&str> = text.lines().filter(|l| l.contains("print/index.html")).collect();
    assert!(!booklet_errors.is_empty(), "{text}");
    for block in text.split("\n\n").filter(|b| b.contains("print/index.html")) {
        assert!(block.contains("content/cases/alpha-001.md"), "{block}");
        assert!(!block.contains("taxonomies.yaml"), "{block}");
    }
}

#[test]
fn scripts_in_static_svg_were_published_without_a_word() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(root, "content/static/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>");
    write(root, "content/static/page.html", "<p>hi</p><script>alert(1)</script>");
    write(root, "content/static/plain.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>online</title></svg>");
    let outcome = build(root, &root.join("public"), false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let warnings = outcome.warnings.render(false);
    assert!(warnings.contains("content/static/chart.svg") && warnings.contains("event-handler"), "{warnings}");
    assert!(warnings.contains("content/static/page.html") && warnings.contains("<script>"), "{warnings}");
    assert!(!warnings.contains("plain.svg"), "{warnings}");
}

#[test]
fn duplicate_keys_pointed_at_line_two_instead_of_the_key() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let case = root.join("content/cases/beta-001.md");
    let text = std::fs::read_to_string(&case).unwrap().replacen(
        "prefecture: kyoto\n",
        "prefecture: kyoto\nincident: true\n",
        1,
    );
    std::fs::write(&case, text).unwrap();
    let report = build(root, &root.join("public"), false).expect_err("a key twice").render(false);
    assert!(report.contains("the key `incident` is given twice in this mapping (first on line 6)"), "{report}");
    assert!(report.contains("content/cases/beta-001.md:9:1"), "{report}");
}

/// Starts `casebook serve` on the fixture; returns the child and its port once it answers.
fn serve_fixture() -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = casebook()
        .args(["serve", "--root"])
        .arg(fixture("basic"))
        .args(["--port", &port.to_string()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

fn request(port: u16, head: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).lines().next().unwrap_or("").to_owned()
}

#[test]
fn serve_answered_any_host_name_so_dns_rebinding_reached_it() {
    let (mut child, port) = serve_fixture();
    let ok = request(port, "GET /ja/index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let ip = request(port, &format!("GET /ja/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
    let evil = request(port, "GET /ja/index.html HTTP/1.1\r\nHost: rebind.attacker.example\r\n\r\n");
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok.contains("200") && ip.contains("200"), "{ok} / {ip}");
    assert!(evil.contains("421"), "{evil}");
}

#[test]
fn a_connection_that_dripped_header_lines_held_a_thread_forever() {
    use std::io::{Read, Write};
    let (mut child, port) = serve_fixture();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(30) {
        // One header line every second, never the end of the headers.
        if s.write_all(b"X-Drip: 1\r\n").is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 512];
        match s.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {
                closed = true; // the server answered (an error) and will close
                break;
            }
            Err(_) => std::thread::sleep(Duration::from_millis(500)),
        }
    }
    let held = started.elapsed();
    // Meanwhile other readers were served.
    let other = request(port, "GET /ja/index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let _ = child.kill();
    let _ = child.wait();
    assert!(closed && held < Duration::from_secs(20), "the dripping connection was held {held:?}");
    assert!(other.contains("200"), "{other}");
}

#[test]
fn a_character_reference_to_a_noncharacter_put_another_cases_card_on_a_page() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    // casebook marks the root and the parts of a page with noncharacters; a file may not hold
    // them, but a character reference decodes to one. The page showed the first case's card and
    // booklet article (whichever was rendered first), and `&#xFDD0;` became `../../../`.
    append_to_body(
        root,
        "beta-001",
        "&#xFDD1;c0&#xFDD1; &#xFDD1;a0&#xFDD1; [x](https://example.org/ \"&#xFDD0;t\") a&#xFDD0;b `&#xFDD1;`",
    );
    let out = root.join("public");
    build(root, &out, false).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let page = read(&out, "ja/cases/beta-001/index.html");
    assert!(!page.contains("case-card") && !page.contains("print-case"), "no part was put in the page");
    assert!(!page.contains(['\u{FDD0}', '\u{FDD1}']), "no noncharacter reaches the page");
    assert!(
        page.contains("c0 a0") && page.contains("ab") && page.contains("title=\"t\""),
        "the rest of the text stays"
    );
}

#[test]
fn a_yaml_escape_to_a_noncharacter_reached_every_page_that_shows_the_title() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let path = root.join("content/cases/alpha-001.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    let edited: String = text
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                "title: {ja: \"前\\uFDD0後\", en: \"Before\\x07after\"}".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, edited + "\n").unwrap();
    let errors = build_errors(root);
    assert!(errors.contains(&format!("content/cases/alpha-001.md:{line}:")), "{errors}");
    assert!(errors.contains("U+FDD0, a character texts may not hold"), "{errors}");
    assert!(!root.join("public").exists(), "nothing was written");
}
