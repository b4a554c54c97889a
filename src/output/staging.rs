//! A staging folder beside the output folder, swapped in atomically when the build succeeded, and
//! the previous site kept for the next build to rewrite.

use super::guard::{Protected, absolute, check_output_folder};
use super::lock::Lock;
use super::{MARKER, Sink, checked_rel};
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A staging folder that becomes the output folder on `commit`.
///
/// After a swap the previous site is not deleted but kept beside the output (`.public.casebook-reuse`)
/// and becomes the next build's staging folder: its files are rewritten in place and what the new
/// site does not have is removed before the swap. Deleting thousands of files and creating as
/// many new ones is most of a build's time on a disk (ext4 without a journal, as on this project's
/// machines, searches past every recently deleted inode for each new one; perf showed 60 % of a
/// build of the real collection there); rewriting an existing file allocates no inode at all.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// Where the swapped-out site is kept for the next build (`None`: it is deleted, as `serve`
    /// wants for its folder in the temporary directory).
    reuse: Option<PathBuf>,
    /// Files of a reused folder that this build has not written (yet): removed before the swap.
    leftovers: Mutex<HashSet<PathBuf>>,
    /// Folders known to exist in the staging folder, so each is created once.
    dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
    /// Held until the staging folder is committed or dropped.
    _lock: Lock,
}

/// Whether a build keeps the site it replaces for the next build to rewrite (see `Staging`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reuse {
    Keep,
    Delete,
}

impl Staging {
    /// Locks `out`, checks that it may be (re)placed, removes staging folders left by interrupted
    /// builds, and makes the staging folder beside `out`: the kept previous site when there is one
    /// (`Reuse::Keep`), else a new folder. `on_wait` is called if another build holds the lock
    /// (this one then waits for it).
    pub fn create(
        out: &Path,
        protected: &[Protected],
        on_wait: Option<fn(&Path)>,
        reuse: Reuse,
    ) -> Result<Staging, String> {
        let out = absolute(out);
        let parent = out.parent().ok_or_else(|| format!("{} has no parent folder", out.display()))?;
        check_output_folder(&out, protected)?;
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let lock = Lock::acquire(&out, on_wait)?;
        // Checked again under the lock: the build that held it may have changed the folder.
        check_output_folder(&out, protected)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Under the lock no other build is writing beside `out`: what is left there is stale.
        remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.casebook-tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
        let kept = parent.join(format!(".{name}.casebook-reuse"));
        let reused = match reuse {
            Reuse::Keep => take_kept(&kept, &dir),
            Reuse::Delete => {
                if is_ours(&kept) {
                    let _ = fs::remove_dir_all(&kept);
                }
                None
            }
        };
        let (leftovers, dirs) = match reused {
            Some(found) => found,
            None => {
                fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                (HashSet::new(), HashSet::new())
            }
        };
        fs::write(dir.join(MARKER), "This folder was written by casebook and is replaced by every build.\n")
            .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
        Ok(Staging {
            dir,
            out,
            reuse: (reuse == Reuse::Keep).then_some(kept),
            leftovers: Mutex::new(leftovers),
            dirs: Mutex::new(dirs),
            committed: false,
            _lock: lock,
        })
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<(), String> {
        self.remove_leftovers().map_err(|e| format!("cannot remove an old file from {}: {e}", self.dir.display()))?;
        let had_old = self.out.exists();
        if had_old && exchange(&self.dir, &self.out).is_ok() {
            // One atomic step: the new site is in place, the staging path holds the old one.
            self.committed = true;
            self.keep_or_delete(&self.dir);
            return Ok(());
        }
        // No old site, or a system without an atomic exchange: move the old site aside first.
        let old = self.out.with_file_name(format!(
            ".{}.casebook-old-{}",
            self.out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        if had_old {
            fs::rename(&self.out, &old)
                .map_err(|e| format!("cannot move the previous output {} aside: {e}", self.out.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(format!("cannot move the new site into {}: {e}", self.out.display()));
        }
        self.committed = true;
        if had_old {
            self.keep_or_delete(&old);
        }
        Ok(())
    }

    /// The swapped-out site at `old` becomes the next build's staging folder, or is deleted;
    /// failing either only costs time or space, never the new site.
    fn keep_or_delete(&self, old: &Path) {
        match &self.reuse {
            Some(kept) if fs::rename(old, kept).is_ok() => {}
            _ => {
                let _ = fs::remove_dir_all(old);
            }
        }
    }

    /// Removes the files of the reused folder that the new site does not have, then the folders
    /// that this leaves empty.
    fn remove_leftovers(&self) -> io::Result<()> {
        let leftovers = std::mem::take(&mut *self.leftovers.lock().expect("not poisoned"));
        let mut folders = Vec::new();
        for rel in &leftovers {
            match fs::remove_file(self.dir.join(rel)) {
                // Gone already, or a folder of it became a file of the new site.
                Err(e) if !matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                    return Err(e);
                }
                _ => {}
            }
            folders.extend(rel.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).map(Path::to_path_buf));
        }
        // Deepest first; a folder that still holds something stays.
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        folders.dedup();
        for f in folders {
            let _ = fs::remove_dir(self.dir.join(f));
        }
        Ok(())
    }

    /// Makes sure the folder of `path` exists in the staging folder (each folder is created once).
    fn ensure_parent(&self, rel: &Path, path: &Path) -> io::Result<()> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else { return Ok(()) };
        if self.dirs.lock().expect("not poisoned").contains(parent) {
            return Ok(());
        }
        let full = path.parent().expect("a file in a folder");
        if let Err(e) = fs::create_dir_all(full) {
            // In a reused folder, an old file may stand where the new site has a folder.
            if !self.clear_old(parent) {
                return Err(e);
            }
            fs::create_dir_all(full)?;
        }
        self.dirs.lock().expect("not poisoned").insert(parent.to_path_buf());
        Ok(())
    }

    /// Removes an old file of the reused folder at `rel` or at one of its ancestors (it blocks a
    /// folder of the new site). True if one was removed.
    fn clear_old(&self, rel: &Path) -> bool {
        let mut leftovers = self.leftovers.lock().expect("not poisoned");
        let blocking = rel.ancestors().find(|a| leftovers.contains(*a)).map(Path::to_path_buf);
        match blocking {
            Some(b) => {
                leftovers.remove(&b);
                fs::remove_file(self.dir.join(&b)).is_ok()
            }
            None => false,
        }
    }
}

/// Takes the kept previous site as the staging folder `dir`: only a real folder of this user that
/// casebook marked. Anything in it that is not a plain file or folder (a link planted there) is
/// removed, so that no write can follow it. Returns its files and folders (relative paths).
fn take_kept(kept: &Path, dir: &Path) -> Option<(HashSet<PathBuf>, HashSet<PathBuf>)> {
    if !is_ours(kept) || fs::rename(kept, dir).is_err() {
        return None;
    }
    let mut files = HashSet::new();
    let mut dirs = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let Ok(entry) = entry else {
            let _ = fs::remove_dir_all(dir);
            return None;
        };
        let rel = entry.path().strip_prefix(dir).expect("under dir").to_path_buf();
        let t = entry.file_type();
        if t.is_dir() {
            dirs.insert(rel);
        } else if t.is_file() {
            if rel.as_os_str() != MARKER {
                files.insert(rel);
            }
        } else if fs::remove_file(entry.path()).is_err() {
            let _ = fs::remove_dir_all(dir);
            return None;
        }
    }
    Some((files, dirs))
}

/// A real folder (not a link) of this user with casebook's marker.
fn is_ours(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else { return false };
    meta.is_dir() && owned_by_me(&meta) && fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file())
}

#[cfg(unix)]
fn owned_by_me(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_: &fs::Metadata) -> bool {
    true
}

/// Swaps two paths in one atomic step (Linux `renameat2` with `RENAME_EXCHANGE`), so there is no
/// moment — not even if the build is killed — when the output folder is missing or half made.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = checked_rel(rel)?;
        let path = self.dir.join(rel);
        let was_old = self.leftovers.lock().expect("not poisoned").remove(rel);
        self.ensure_parent(rel, &path)?;
        let context = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        match write_file(&path, bytes) {
            // An old folder where the new site has a file: everything in it is old.
            Err(e) if !was_old && path.is_dir() && self.reuse.is_some() => {
                fs::remove_dir_all(&path).map_err(|_| context(e))?;
                write_file(&path, bytes).map_err(context)
            }
            r => r.map_err(context),
        }
    }
}

/// Writes a whole file in one call, truncating an existing one in place (its inode is reused)
/// and never following a link at the last step.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut o = fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NOFOLLOW);
    o.open(path)?.write_all(bytes)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Staging folders of builds that were killed (Ctrl-C) are removed, when casebook made them.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.casebook-tmp-"), format!(".{name}.casebook-old-")];
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let real_dir = e.file_type().is_ok_and(|t| t.is_dir());
        let marked = fs::symlink_metadata(e.path().join(MARKER)).is_ok_and(|m| m.is_file());
        if prefixes.iter().any(|p| file.starts_with(p.as_str())) && real_dir && marked {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_keeps_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::create(&out, &[], None, Reuse::Keep).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::create(&out, &[], None, Reuse::Keep).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s); // a failed build
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let mut leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.casebook-lock", "public"], "the output and its lock file only");

        // A second successful build swaps the folders in one step and keeps the old site aside
        // for the next build to rewrite.
        let s = Staging::create(&out, &[], None, Reuse::Keep).unwrap();
        s.write("b.html", b"three").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"three");
        assert!(!out.join("a/index.html").exists(), "nothing of the old site is left in the output");
        let mut leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.casebook-lock", ".public.casebook-reuse", "public"]);

        // Serve's folder keeps nothing beside it.
        let s = Staging::create(&out, &[], None, Reuse::Delete).unwrap();
        s.write("c.html", b"four").unwrap();
        s.commit().unwrap();
        let mut leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.casebook-lock", "public"], "the output and its lock file only");
    }

    fn files_of(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    fn build(out: &Path, files: &[(&str, &str)]) {
        let s = Staging::create(out, &[], None, Reuse::Keep).unwrap();
        for (rel, text) in files {
            s.write(rel, text.as_bytes()).unwrap();
        }
        s.commit().unwrap();
    }

    #[test]
    fn a_reused_folder_publishes_exactly_the_new_site_and_rewrites_files_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [("a/index.html", "1"), ("x", "file"), ("d/y.html", "1"), ("old/deep/z.html", "1")];
        build(&out, &first);
        #[cfg(unix)]
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
        #[cfg(unix)]
        let first_inode = inode(&out.join("a/index.html"));
        build(&out, &[("b.html", "2")]);
        // The third build takes the first build's folder: a file becomes a folder and a folder a
        // file, one file changes, the rest is gone.
        let third = [("a/index.html", "3"), ("x/index.html", "3"), ("d", "3")];
        build(&out, &third);
        let mut expected: Vec<(String, String)> = third.iter().map(|(r, t)| (r.to_string(), t.to_string())).collect();
        expected.push((MARKER.into(), fs::read_to_string(out.join(MARKER)).unwrap()));
        expected.sort();
        assert_eq!(files_of(&out), expected);
        assert!(!out.join("old").exists(), "a folder left empty is removed");
        #[cfg(unix)]
        assert_eq!(inode(&out.join("a/index.html")), first_inode, "the file was rewritten in place");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_the_kept_folder_is_removed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "1")]);
        build(&out, &[("index.html", "2")]);
        let secret = dir.path().join("secret.txt");
        fs::write(&secret, "precious").unwrap();
        let kept = dir.path().join(".public.casebook-reuse");
        std::os::unix::fs::symlink(&secret, kept.join("index.html.tmp")).unwrap();
        fs::remove_file(kept.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&secret, kept.join("index.html")).unwrap();
        std::os::unix::fs::symlink(dir.path(), kept.join("up")).unwrap();
        build(&out, &[("index.html", "3"), ("up/x.html", "3")]);
        assert_eq!(fs::read_to_string(&secret).unwrap(), "precious");
        assert!(!dir.path().join("x.html").exists(), "nothing was written through the folder link");
        assert!(fs::symlink_metadata(out.join("index.html")).unwrap().is_file());
        assert!(!out.join("index.html.tmp").exists());
        assert_eq!(fs::read_to_string(out.join("up/x.html")).unwrap(), "3");
    }
}
