//! The one place that writes the built site. A build writes into a staging folder beside the
//! output folder and swaps it in only when everything succeeded, so a failed or interrupted build
//! leaves the previous site exactly as it was. casebook only ever replaces a folder it created.

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

/// A staging folder that becomes the output folder on `commit`.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be (re)placed, removes staging folders left by interrupted builds,
    /// and creates a new staging folder beside `out`.
    pub fn create(out: &Path, protected: &[Protected]) -> Result<Staging, String> {
        let out = absolute(out);
        check_output_folder(&out, protected)?;
        let parent = out.parent().ok_or_else(|| format!("{} has no parent folder", out.display()))?;
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.casebook-tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
        fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        fs::write(dir.join(MARKER), "This folder was written by casebook and is replaced by every build.\n")
            .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
        Ok(Staging { dir, out, committed: false })
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<(), String> {
        let old = self.out.with_file_name(format!(
            ".{}.casebook-old-{}",
            self.out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
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

/// Refuses output folders whose replacement would destroy something else.
fn check_output_folder(out: &Path, protected: &[Protected]) -> Result<(), String> {
    let real = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| absolute(p));
    let out_real = real(out);
    if out_real.parent().is_none() {
        return Err(format!("refusing to write the site into {}", out.display()));
    }
    for p in protected {
        let p_real = real(&p.path);
        let inside = out_real.starts_with(&p_real) && !p.may_contain_output;
        if p_real.starts_with(&out_real) || inside {
            return Err(format!(
                "refusing to use {} as the output folder: it would overwrite {}",
                out.display(),
                p.path.display()
            ));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a folder", out.display()));
        }
        let empty = fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !out.join(MARKER).exists() {
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
        if prefixes.iter().any(|p| file.starts_with(p.as_str())) && e.path().join(MARKER).exists() {
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
        let s = Staging::create(&out, &[]).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::create(&out, &[]).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s); // a failed build
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn refuses_folders_it_did_not_create_and_protected_ones() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "precious").unwrap();
        let err = Staging::create(&foreign, &[]).err().unwrap();
        assert!(err.contains("did not create it"), "{err}");
        let content = dir.path().join("content");
        fs::create_dir(&content).unwrap();
        let protected = [
            Protected { path: dir.path().to_path_buf(), may_contain_output: true },
            Protected { path: content.clone(), may_contain_output: false },
        ];
        for bad in [content.clone(), content.join("public"), dir.path().to_path_buf()] {
            let err = Staging::create(&bad, &protected).err().unwrap();
            assert!(err.contains("would overwrite"), "{err}");
        }
        assert!(Staging::create(&dir.path().join("public"), &protected).is_ok());
        assert_eq!(fs::read_to_string(foreign.join("thesis.txt")).unwrap(), "precious");
    }

    #[test]
    fn never_writes_outside() {
        assert!(Discard.write("../x", b"").is_err());
        assert!(Discard.write("/etc/x", b"").is_err());
        assert!(Discard.write("a/../../x", b"").is_err());
        assert!(Discard.write("a/b.html", b"").is_ok());
    }
}
