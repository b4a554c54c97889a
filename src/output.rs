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
}

impl Folder {
    /// Removes a file the site no longer has (a missing file is fine).
    pub fn remove(&self, rel: &str) -> io::Result<()> {
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

/// An exclusive lock on an output (a folder or a bundle), held from before anything is written
/// until the new output is in place, so that two builds into the same place never mix: the second
/// waits for the first. The lock is a file beside the output (`.<name>.casebook-lock`), locked
/// with the operating system's advisory file lock, which ends with the process however it ends.
pub struct Lock {
    _file: fs::File,
    path: PathBuf,
}

impl Lock {
    /// Locks `output`; calls `on_wait` once if another casebook holds it, then waits for it.
    pub fn acquire(output: &Path, on_wait: Option<fn(&Path)>) -> Result<Lock, String> {
        let path = lock_path(output);
        let file = open_lock_file(&path).map_err(|e| format!("cannot create the lock file {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                if let Some(tell) = on_wait {
                    tell(output);
                }
                file.lock().map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(format!("cannot lock {}: {e}", path.display())),
        }
        Ok(Lock { _file: file, path })
    }

    /// Locks `output` only if no one holds it now.
    pub fn try_acquire(output: &Path) -> Option<Lock> {
        let path = lock_path(output);
        let file = open_lock_file(&path).ok()?;
        file.try_lock().ok()?;
        Some(Lock { _file: file, path })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn lock_path(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}.casebook-lock"))
}

/// Opens (creating) a lock file without following a symbolic link planted in its place.
fn open_lock_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

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

    #[test]
    fn never_writes_outside() {
        assert!(Discard.write("../x", b"").is_err());
        assert!(Discard.write("/etc/x", b"").is_err());
        assert!(Discard.write("a/../../x", b"").is_err());
        assert!(Discard.write("a/b.html", b"").is_ok());
    }

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
