//! Helpers shared by the integration tests: fixture copies, builds into temp dirs, and a crawler
//! that checks the links of a built site independently of casebook's own link check.

use casebook::diagnostics::Report;
use casebook::pipeline::{self, BuildOptions, Outcome};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A writable copy of a fixture site.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn build(root: &Path, out: &Path, strict: bool) -> Result<Outcome, Report> {
    pipeline::build(&BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        strict,
        progress: None,
        on_lock_wait: None,
        keep_previous: true,
    })
}

pub fn check(root: &Path, strict: bool) -> Result<Outcome, Report> {
    pipeline::build(&BuildOptions { strict, ..BuildOptions::new(root, None) })
}

/// Builds and expects failure; returns the rendered report (no colour).
pub fn build_errors(root: &Path) -> String {
    let out = root.join("public");
    match build(root, &out, false) {
        Ok(_) => panic!("the build was expected to fail"),
        Err(report) => report.render(false),
    }
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every search file of one language (metadata, postings shards, case fragments, words),
/// concatenated in path order: what a test looks for in "the index".
pub fn search_files(out: &Path, lang: &str) -> String {
    let dir = out.join("static/search").join(lang);
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert!(!files.is_empty(), "no search files in {}", dir.display());
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect::<Vec<_>>().join("\n")
}

/// Every HTML file of a built site, relative paths with `/`.
pub fn html_files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files
}

/// Crawls every HTML page and returns every link problem: root-absolute links, links to
/// folders, links to files that do not exist, links to anchors that do not exist.
pub fn crawl(out: &Path) -> Vec<String> {
    let pages = html_files(out);
    let mut problems = Vec::new();
    for page in &pages {
        if page == "404.html" {
            continue; // served at any address; its links are absolute when base_url is set
        }
        let html = read(out, page);
        for link in attribute_values(&html, &["href", "src"]) {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            if link.starts_with('/') {
                problems.push(format!("{page}: root-absolute link {link}"));
                continue;
            }
            let (path, fragment) = link.split_once('#').map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap_or(path);
            let dir = Path::new(page).parent().unwrap_or(Path::new(""));
            let target_rel = if path.is_empty() { PathBuf::from(page) } else { normalize(&dir.join(path)) };
            let target = out.join(&target_rel);
            if path.ends_with('/') || target.is_dir() {
                problems.push(format!("{page}: link to a folder {link}"));
            } else if !target.is_file() {
                problems.push(format!("{page}: broken link {link}"));
            } else if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let target_html = std::fs::read_to_string(&target).unwrap_or_default();
                if !attribute_values(&target_html, &["id"]).iter().any(|id| id == f) {
                    problems.push(format!("{page}: missing anchor {link}"));
                }
            }
        }
    }
    problems
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Values of the named attributes in an HTML text (`name="value"`, preceded by whitespace).
pub fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        for sep in [" ", "\n"] {
            let needle = format!("{sep}{name}=\"");
            let mut rest = html;
            while let Some(i) = rest.find(&needle) {
                rest = &rest[i + needle.len()..];
                if let Some(end) = rest.find('"') {
                    values.push(rest[..end].replace("&amp;", "&"));
                }
            }
        }
    }
    values
}

/// All files of a built site and their bytes, for byte-for-byte comparisons.
pub fn snapshot(out: &Path) -> BTreeSet<(String, Vec<u8>)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(out).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}
