//! The output folder: replaced only when a build succeeds, never a folder casebook did not create,
//! and cleaned of what interrupted builds left behind.

use crate::common::*;
use casebook::output::Sink;
use casebook::pipeline::{BuildOptions, build_into};

/// A sink whose disk fills up after a few files.
struct FullDisk(std::sync::atomic::AtomicUsize);
impl Sink for FullDisk {
    fn write(&self, rel: &str, _: &[u8]) -> std::io::Result<()> {
        if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 5 {
            Err(std::io::Error::new(std::io::ErrorKind::StorageFull, format!("no space left for {rel}")))
        } else {
            Ok(())
        }
    }
}

#[test]
fn a_full_disk_fails_the_build_with_the_file_named() {
    let opts = BuildOptions::new(fixture("basic"), None);
    let report = build_into(&opts, &FullDisk(Default::default())).expect_err("writes fail");
    let text = report.render(false);
    assert!(text.contains("cannot write: no space left for"), "{text}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_for_byte() {
    let dir = copy_fixture("basic");
    let out = dir.path().join("public");
    build(dir.path(), &out, false).unwrap();
    let before = snapshot(&out);
    let case = dir.path().join("content/cases/beta-001.md");
    std::fs::write(&case, "---\nid: beta-001\n").unwrap();
    build(dir.path(), &out, false).expect_err("broken content");
    assert_eq!(snapshot(&out), before);
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!siblings.iter().any(|n| n.contains("casebook-tmp")), "{siblings:?}");
}

#[test]
fn a_rebuild_over_the_kept_site_equals_a_build_into_an_empty_folder() {
    let dir = copy_fixture("basic");
    let out = dir.path().join("public");
    // Two builds, so the second keeps the first's folder beside the output for the third.
    build(dir.path(), &out, false).unwrap();
    build(dir.path(), &out, false).unwrap();
    assert!(dir.path().join(".public.casebook-reuse").is_dir());
    // The third build rewrites the kept folder: a case is gone, another changed.
    std::fs::remove_file(dir.path().join("content/cases/beta-001.md")).unwrap();
    let alpha = dir.path().join("content/cases/alpha-002.md");
    let text = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(&alpha, text.replacen("\n---\n", "\n---\nA new first paragraph.\n\n", 1)).unwrap();
    build(dir.path(), &out, false).unwrap();
    let fresh = dir.path().join("fresh");
    build(dir.path(), &fresh, false).unwrap();
    assert_eq!(snapshot(&out), snapshot(&fresh), "nothing stale, nothing missing");
    assert!(!out.join("ja/cases/beta-001").exists());
}

#[test]
fn a_build_told_not_to_keep_the_previous_site_removes_the_kept_one() {
    let dir = copy_fixture("basic");
    let out = dir.path().join("public");
    let kept = dir.path().join(".public.casebook-reuse");
    build(dir.path(), &out, false).unwrap();
    build(dir.path(), &out, false).unwrap();
    assert!(kept.is_dir(), "a build keeps the site it replaced");
    let no_keep =
        |root: &std::path::Path| BuildOptions { keep_previous: false, ..BuildOptions::new(root, Some(out.clone())) };
    casebook::pipeline::build(&no_keep(dir.path())).unwrap();
    assert!(!kept.exists(), "the kept site is removed");
    casebook::pipeline::build(&no_keep(dir.path())).unwrap();
    assert!(!kept.exists(), "and the replaced one is not kept");
    let fresh = dir.path().join("fresh");
    build(dir.path(), &fresh, false).unwrap();
    assert_eq!(snapshot(&out), snapshot(&fresh));
}

#[test]
fn leftovers_of_an_interrupted_build_are_removed() {
    let dir = copy_fixture("basic");
    let out = dir.path().join("public");
    // What a build killed with Ctrl-C leaves: a staging folder with casebook's marker.
    let stale = dir.path().join(".public.casebook-tmp-4242");
    std::fs::create_dir_all(stale.join("ja")).unwrap();
    std::fs::write(stale.join(casebook::output::MARKER), "").unwrap();
    // A folder that only looks like one is left alone.
    let foreign = dir.path().join(".public.casebook-tmp-notes");
    std::fs::create_dir_all(&foreign).unwrap();
    build(dir.path(), &out, false).unwrap();
    assert!(!stale.exists());
    assert!(foreign.exists());
}

#[test]
fn refuses_output_folders_that_would_destroy_something() {
    let dir = copy_fixture("basic");
    for bad in ["", "content", "content/cases", "themes"] {
        let out = dir.path().join(bad);
        std::fs::create_dir_all(&out).unwrap();
        let text = build(dir.path(), &out, false).expect_err(bad).render(false);
        assert!(text.contains("refusing to use"), "{bad}: {text}");
    }
    let mine = dir.path().join("my-documents");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("letter.txt"), "keep me").unwrap();
    let text = build(dir.path(), &mine, false).expect_err("foreign folder").render(false);
    assert!(text.contains("casebook did not create it"), "{text}");
    assert_eq!(std::fs::read_to_string(mine.join("letter.txt")).unwrap(), "keep me");
    assert!(dir.path().join("content/site.yaml").is_file());
}
