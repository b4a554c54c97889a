//! The offline bundle as one reproducible zip.

use super::checked_rel;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// Writes `files` as a zip archive at `path`, every entry under the folder `top`. The archive is
/// reproducible: entries in path order, every timestamp 1980-01-01 00:00, fixed permissions. It is
/// written beside `path` and renamed into place, so a failure never leaves a truncated archive.
///
/// `path` must not exist, or be a bundle casebook wrote (its archive comment says so): any other
/// file is refused, never overwritten. The caller holds the path's `Lock`; temporary archives left
/// beside it by killed runs are removed first.
pub fn write_zip(path: &Path, top: &str, files: &BTreeMap<String, Vec<u8>>) -> Result<u64, String> {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    check_bundle_target(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale_files(parent, &format!(".{name}.casebook-tmp-"));
    let tmp = parent.join(format!(".{name}.casebook-tmp-{}", std::process::id()));
    let result = (|| -> Result<u64, String> {
        let file = fs::File::create(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (rel, bytes) in files {
            checked_rel(rel).map_err(|e| e.to_string())?;
            zip.start_file(format!("{top}/{rel}"), options).map_err(|e| format!("zip {rel}: {e}"))?;
            zip.write_all(bytes).map_err(|e| format!("zip {rel}: {e}"))?;
        }
        zip.set_comment(BUNDLE_COMMENT).map_err(|e| format!("zip comment: {e}"))?;
        let mut writer = zip.finish().map_err(|e| format!("cannot finish the zip: {e}"))?;
        writer.flush().map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        let file = writer.into_inner().map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        file.sync_all().map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        Ok(file.metadata().map(|m| m.len()).unwrap_or(0))
    })();
    match result {
        Ok(size) => {
            fs::rename(&tmp, path).map_err(|e| format!("cannot move the zip to {}: {e}", path.display()))?;
            Ok(size)
        }
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The archive comment of every bundle casebook writes: how a later run knows it may replace it.
pub const BUNDLE_COMMENT: &str = "casebook offline bundle";

/// An existing `path` may be replaced only when it is a regular file holding a casebook bundle.
pub fn check_bundle_target(path: &Path) -> Result<(), String> {
    let Ok(meta) = fs::symlink_metadata(path) else { return Ok(()) };
    let refuse = |why: &str| Err(format!("refusing to write the bundle to {}: {why}", path.display()));
    if meta.file_type().is_symlink() {
        return refuse("it is a symbolic link; give the path of the file itself");
    }
    if meta.is_dir() {
        return refuse("it is a folder; give a file name such as casebook.zip");
    }
    if !meta.is_file() {
        return refuse("it is not a regular file");
    }
    let ours = fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(f).ok())
        .is_some_and(|z| z.comment() == BUNDLE_COMMENT.as_bytes());
    if ours {
        Ok(())
    } else {
        refuse("the file exists and is not a bundle casebook wrote; choose another name or move the file away")
    }
}

/// Removes files (never folders or links) whose name starts with `prefix` from `parent`.
fn remove_stale_files(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let regular = e.file_type().is_ok_and(|t| t.is_file());
        if regular && e.file_name().to_string_lossy().starts_with(prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zips_are_reproducible_and_replace_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let files: BTreeMap<String, Vec<u8>> = [("b/index.html", "b"), ("a.txt", "a")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect();
        let (one, two) = (dir.path().join("one.zip"), dir.path().join("two.zip"));
        write_zip(&one, "site", &files).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        write_zip(&two, "site", &files).unwrap();
        assert_eq!(fs::read(&one).unwrap(), fs::read(&two).unwrap(), "same input, same bytes");
        let names: Vec<String> = {
            let mut z = zip::ZipArchive::new(fs::File::open(&one).unwrap()).unwrap();
            (0..z.len()).map(|i| z.by_index(i).unwrap().name().unwrap().into_owned()).collect()
        };
        assert_eq!(names, vec!["site/a.txt", "site/b/index.html"]);
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file is left behind");
    }
}
