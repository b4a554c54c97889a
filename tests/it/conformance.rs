//! Real clients' verdicts on the real collection (tests/conformance/run.sh): the W3C Nu HTML
//! Checker on every page of a build without and with `base_url`, and Lighthouse's accessibility,
//! best-practices and SEO scores (slow: about 20 runs of Chromium; CASEBOOK_LIGHTHOUSE=0 leaves
//! them out). Like the browser tests, the test fails and says how to install a missing tool
//! (tests/setup.sh installs them all); CASEBOOK_SKIP_BROWSER_TESTS=1 skips it.

use std::path::Path;
use std::process::Command;

fn missing_tools() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    if !dir.join("node_modules/vnu-jar/build/dist/vnu.jar").is_file() {
        return Some("vnu-jar is not installed: run `npm ci --prefix tests/conformance`".into());
    }
    if Command::new("java").arg("-version").output().is_err() {
        return Some("Java is not installed: `apt-get install default-jre-headless`".into());
    }
    None
}

/// The Nu HTML Checker reported `role="status"` on an `h2` of the case list, and more.
#[test]
fn the_nu_html_checker_finds_no_errors_and_lighthouse_scores_at_least_095() {
    if std::env::var_os("CASEBOOK_SKIP_BROWSER_TESTS").is_some() {
        eprintln!("CASEBOOK_SKIP_BROWSER_TESTS is set: conformance check skipped");
        return;
    }
    if let Some(why) = missing_tools() {
        panic!("{why} (tests/setup.sh installs everything the tests need)");
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/run.sh");
    let mut cmd = Command::new("bash");
    cmd.arg(&script).env("CASEBOOK", env!("CARGO_BIN_EXE_casebook"));
    if std::env::var("CASEBOOK_LIGHTHOUSE").as_deref() == Ok("0") {
        cmd.arg("--nu-only");
    }
    let out = cmd.output().expect("run tests/conformance/run.sh");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
