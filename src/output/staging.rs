//! A staging folder beside the output folder, swapped in atomically when the build succeeded;
//! and the checks that an output folder may be replaced at all.

use super::lock::Lock;
use super::{MARKER, Sink, checked_rel};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A staging folder that becomes the output folder on `commit`.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
    /// Held until the staging folder is committed or dropped.
    _lock: Lock,
}

impl Staging {
    /// Locks `out`, checks that it may be (re)placed, removes staging folders left by interrupted
    /// builds, and creates a new staging folder beside `out`. `on_wait` is called if another build
    /// holds the lock (this one then waits for it).
    pub fn create(out: &Path, protected: &[Protected], on_wait: Option<fn(&Path)>) -> Result<Staging, String> {
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
        fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        fs::write(dir.join(MARKER), "This folder was written by casebook and is replaced by every build.\n")
            .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
        Ok(Staging { dir, out, committed: false, _lock: lock })
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<(), String> {
        let had_old = self.out.exists();
        if had_old && exchange(&self.dir, &self.out).is_ok() {
            // One atomic step: the new site is in place, the staging path holds the old one.
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
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
            // The new site is in place; failing to delete the old copy only wastes space.
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
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
        let path = self.dir.join(checked_rel(rel)?);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    // Lexical normalisation: `a/./b/../c` → `a/c`, so the checks below compare like with like.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A folder the output must never replace.
#[derive(Clone, Debug)]
pub struct Protected {
    pub path: PathBuf,
    /// The project root may hold the output folder; `content/` and themes may not.
    pub may_contain_output: bool,
}

/// `path` with every symbolic link resolved, also when its last parts do not exist yet (the
/// longest existing ancestor is resolved and the rest appended), so that an output reached through
/// a link is judged by where it really is.
pub fn resolved(path: &Path) -> PathBuf {
    let path = absolute(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Refuses an output path inside (or holding) a protected folder, wherever links lead.
pub fn check_not_protected(out: &Path, protected: &[Protected], what: &str) -> Result<(), String> {
    let out_real = resolved(out);
    if out_real.parent().is_none() {
        return Err(format!("refusing to write {what} into {}", out.display()));
    }
    for p in protected {
        let p_real = resolved(&p.path);
        let inside = out_real.starts_with(&p_real) && !p.may_contain_output;
        if p_real.starts_with(&out_real) || inside {
            return Err(format!(
                "refusing to use {} as {what}: it would overwrite {}",
                out.display(),
                p.path.display()
            ));
        }
    }
    Ok(())
}

/// Refuses output folders whose replacement would destroy something else.
fn check_output_folder(out: &Path, protected: &[Protected]) -> Result<(), String> {
    check_not_protected(out, protected, "the output folder")?;
    if let Ok(meta) = fs::symlink_metadata(out) {
        if meta.file_type().is_symlink() {
            return Err(format!(
                "refusing to replace {}: it is a symbolic link, and a build replaces the folder itself. Pass the folder it points to as --out",
                out.display()
            ));
        }
        if !meta.is_dir() {
            return Err(format!("{} exists and is not a folder", out.display()));
        }
        let empty = fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        let marked = fs::symlink_metadata(out.join(MARKER)).is_ok_and(|m| m.is_file());
        if !empty && !marked {
            return Err(format!(
                "refusing to replace {}: it is not empty and casebook did not create it (no {MARKER} file). Choose another --out folder, or empty this one",
                out.display()
            ));
        }
    }
    Ok(())
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
        let s = Staging::create(&out, &[], None).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::create(&out, &[], None).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s); // a failed build
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let mut leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.casebook-lock", "public"], "the output and its lock file only");

        // A second successful build swaps the folders in one step and removes the old site.
        let s = Staging::create(&out, &[], None).unwrap();
        s.write("b.html", b"three").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"three");
        assert!(!out.join("a/index.html").exists(), "nothing of the old site is left in the output");
        let mut leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.casebook-lock", "public"], "the output and its lock file only");
    }

    #[test]
    fn refuses_folders_it_did_not_create_and_protected_ones() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "precious").unwrap();
        let err = Staging::create(&foreign, &[], None).err().unwrap();
        assert!(err.contains("did not create it"), "{err}");
        let content = dir.path().join("content");
        fs::create_dir(&content).unwrap();
        let protected = [
            Protected { path: dir.path().to_path_buf(), may_contain_output: true },
            Protected { path: content.clone(), may_contain_output: false },
        ];
        for bad in [content.clone(), content.join("public"), dir.path().to_path_buf()] {
            let err = Staging::create(&bad, &protected, None).err().unwrap();
            assert!(err.contains("would overwrite"), "{err}");
        }
        assert!(Staging::create(&dir.path().join("public"), &protected, None).is_ok());
        assert_eq!(fs::read_to_string(foreign.join("thesis.txt")).unwrap(), "precious");
    }
}
