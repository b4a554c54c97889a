//! The private folders of `serve` (`casebook-serve-<pid>` in the temporary folder): a running
//! serve holds a lock beside its folder, and the next serve removes the folders of stopped ones —
//! only real folders of the same user that casebook marked, never through a link.

use std::path::{Path, PathBuf};

/// Removes the folders of earlier `serve` runs in `tmp` that were stopped with Ctrl-C. A folder is
/// removed only when it is a real folder (not a link), owned by this user, holds casebook's marker
/// as a regular file, and no running serve holds its lock — so nothing is ever deleted through a
/// link, nor a folder of another user or of a serve that still runs.
pub fn remove_stale_serve_folders(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("casebook-serve-").and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid == std::process::id() {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let marked = std::fs::symlink_metadata(path.join(super::MARKER)).is_ok_and(|m| m.is_file());
        if !meta.is_dir() || !owned_by_me(&meta) || !marked {
            continue;
        }
        let Some(lock) = super::Lock::try_acquire(&alive(&path)) else { continue };
        // The marker goes last, so a removal that is itself interrupted is finished next time.
        for child in std::fs::read_dir(&path).into_iter().flatten().flatten() {
            if child.file_name() != super::MARKER {
                let is_dir = child.file_type().is_ok_and(|t| t.is_dir());
                let _ = if is_dir { std::fs::remove_dir_all(child.path()) } else { std::fs::remove_file(child.path()) };
            }
        }
        let _ = std::fs::remove_dir_all(&path);
        let _ = std::fs::remove_file(path.with_file_name(format!(".{name}.casebook-lock")));
        let _ = std::fs::remove_file(lock.path());
    }
}

/// What a running serve locks for as long as it runs: a name beside its folder.
pub fn alive(folder: &Path) -> PathBuf {
    folder.with_extension("alive")
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_: &std::fs::Metadata) -> bool {
    true
}
