//! The output stage: the one place that writes the built site. A sink takes each file of the
//! render; a build's sink is a staging folder beside the output, swapped in only when everything
//! succeeded (staging.rs), under an exclusive lock (lock.rs); `bundle` writes a zip (zip.rs);
//! `serve` updates its own folder in place and cleans up after earlier runs (serve_folders.rs).

mod guard;
mod lock;
mod serve_folders;
mod staging;
mod zip;

pub use guard::{Protected, check_not_protected, resolved};
pub use lock::Lock;
pub use serve_folders::{alive, remove_stale_serve_folders};
pub use staging::{Reuse, Staging};
pub use zip::{BUNDLE_COMMENT, check_bundle_target, write_zip};

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The file that marks a folder as casebook's output (so it may be replaced).
pub const MARKER: &str = ".casebook-output";

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Removes a file the site no longer has (incremental rebuilds; a missing file is fine).
    fn remove(&self, rel: &str) -> io::Result<()> {
        checked_rel(rel).map(|_| ())
    }
}

/// `check`: renders everything, keeps nothing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, rel: &str, _bytes: &[u8]) -> io::Result<()> {
        checked_rel(rel).map(|_| ())
    }
}

/// Keeps the files in memory (tests, and `serve` comparisons).
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        checked_rel(rel)?;
        self.files.lock().expect("not poisoned").insert(rel.to_owned(), bytes.to_vec());
        Ok(())
    }

    fn remove(&self, rel: &str) -> io::Result<()> {
        checked_rel(rel)?;
        self.files.lock().expect("not poisoned").remove(rel);
        Ok(())
    }
}

/// An existing output folder updated in place, one file at a time: each file is written beside
/// its final name and renamed over it, so a reader never sees half a file (`serve`'s incremental
/// rebuilds).
pub struct Folder {
    pub dir: PathBuf,
}

impl Sink for Folder {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(checked_rel(rel)?);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let tmp = path.with_file_name(format!(
            ".{}.casebook-tmp",
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ));
        fs::write(&tmp, bytes).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", tmp.display())))?;
        fs::rename(&tmp, &path)
    }

    fn remove(&self, rel: &str) -> io::Result<()> {
        match fs::remove_file(self.dir.join(checked_rel(rel)?)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// A relative path that cannot leave the output folder.
fn checked_rel(rel: &str) -> io::Result<&Path> {
    let path = Path::new(rel);
    let ok = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path)
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, format!("refusing to write outside the output folder: {rel}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_writes_outside() {
        assert!(Discard.write("../x", b"").is_err());
        assert!(Discard.write("/etc/x", b"").is_err());
        assert!(Discard.write("a/../../x", b"").is_err());
        assert!(Discard.write("a/b.html", b"").is_ok());
    }
}
