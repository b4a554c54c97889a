//! Reading the project's files without ever reaching outside it. casebook publishes what it reads,
//! so a symbolic link may only lead to a file inside the project folder, only regular files are
//! read (a FIFO would hang the build, a link to /dev/zero would fill the memory), and every
//! refusal names the file and says why.

use crate::diagnostics::Diagnostic;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The project folder, resolved once: every file casebook reads must resolve inside it.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
    /// `root` with every symbolic link resolved.
    canonical: PathBuf,
}

/// A file found by `walk`: its path on disk and its path relative to the project, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub shown: String,
}

impl Project {
    pub fn new(root: &Path) -> Project {
        let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Project { root: root.to_path_buf(), canonical }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `rel` (with `/`) as it is shown in messages.
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).to_string_lossy().replace('\\', "/")
    }

    /// An error unless `path`, if it is a symbolic link, leads to a place inside the project.
    pub fn check_link(&self, path: &Path) -> Result<(), Diagnostic> {
        let shown = self.shown(path);
        let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
        if !meta.file_type().is_symlink() {
            return Ok(());
        }
        let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
        match std::fs::canonicalize(path) {
            Ok(resolved) if resolved.starts_with(&self.canonical) => Ok(()),
            Ok(resolved) => Err(Diagnostic::error(
                shown,
                format!("this is a symbolic link to {}, outside the project folder", resolved.display()),
            )
            .help("casebook publishes what it reads, so it follows links only to files inside the project; copy the file into the project instead")),
            Err(e) if e.raw_os_error() == Some(40) => Err(Diagnostic::error(
                shown,
                format!("this symbolic link (to {target}) is part of a loop of links"),
            )
            .help("point the link at a real file or folder, or remove it")),
            Err(e) => Err(Diagnostic::error(shown, format!("this symbolic link (to {target}) leads nowhere: {e}"))
                .help("point the link at a file inside the project, or remove it")),
        }
    }

    /// Every regular file under `dir` (sorted, hidden files and folders left out), and a problem for
    /// each link that leaves the project, each loop of links, each special file (FIFO, socket,
    /// device) and each folder that cannot be read.
    pub fn walk(&self, dir: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        if !dir.is_dir() {
            return (files, problems);
        }
        if let Err(d) = self.check_link(dir) {
            problems.push(d);
            return (files, problems);
        }
        let mut walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().map_or_else(|| self.shown(dir), |p| self.shown(p));
                    let message = match err.loop_ancestor() {
                        Some(a) => format!("symbolic link loop: it leads back to {}", self.shown(a)),
                        None => format!(
                            "cannot read: {}",
                            err.io_error().map_or_else(|| err.to_string(), |e| e.to_string())
                        ),
                    };
                    problems.push(Diagnostic::error(path, message));
                    continue;
                }
            };
            if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.path_is_symlink()
                && let Err(d) = self.check_link(entry.path())
            {
                problems.push(d);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            let kind = entry.file_type();
            if kind.is_file() {
                files.push(Found { path: entry.path().to_path_buf(), shown: self.shown(entry.path()) });
            } else if !kind.is_dir() {
                problems.push(not_regular(&self.shown(entry.path()), kind));
            }
        }
        (files, problems)
    }

    /// Reads a regular file of the project, at most `limit` bytes (more is an error).
    pub fn read(&self, path: &Path, limit: Option<u64>) -> Result<Vec<u8>, Diagnostic> {
        let shown = self.shown(path);
        self.check_link(path)?;
        let cannot = |e: std::io::Error| Diagnostic::error(&shown, format!("cannot read the file: {e}"));
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if !meta.is_file() {
            return Err(not_regular(&shown, meta.file_type()));
        }
        if let Some(limit) = limit
            && meta.len() > limit
        {
            return Err(too_large(&shown, meta.len(), limit));
        }
        let file = open_without_blocking(path).map_err(cannot)?;
        // The file may have been swapped for something else since `metadata`.
        if !file.metadata().map_err(cannot)?.is_file() {
            return Err(not_regular(&shown, meta.file_type()));
        }
        let mut bytes = Vec::with_capacity(meta.len().min(limit.unwrap_or(u64::MAX)) as usize);
        let cap = limit.map_or(u64::MAX, |l| l + 1);
        file.take(cap).read_to_end(&mut bytes).map_err(cannot)?;
        if let Some(limit) = limit
            && bytes.len() as u64 > limit
        {
            return Err(too_large(&shown, bytes.len() as u64, limit));
        }
        Ok(bytes)
    }
}

fn too_large(shown: &str, len: u64, limit: u64) -> Diagnostic {
    Diagnostic::error(
        shown,
        format!("the file is {} KiB; content files are limited to {} KiB", len / 1024, limit / 1024),
    )
    .help("split it, or remove what does not belong in a content file (images go in content/static/)")
}

fn not_regular(shown: &str, kind: std::fs::FileType) -> Diagnostic {
    Diagnostic::error(shown, format!("this is {}, not a regular file", describe(kind)))
        .help("casebook reads only regular files; remove it or replace it with a file")
}

#[cfg(unix)]
fn describe(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn describe(kind: std::fs::FileType) -> &'static str {
    if kind.is_dir() { "a folder" } else { "a special file" }
}

/// Opens for reading without waiting for a writer, should the file have become a FIFO.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_links_outside_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::write(root.join("static/a.txt"), "a").unwrap();
        symlink(root.join("static/a.txt"), root.join("static/inside")).unwrap();
        symlink(outside.path().join("secret"), root.join("static/passwd")).unwrap();
        symlink(outside.path(), root.join("static/sub/elsewhere")).unwrap();
        symlink(root.join("static/loop"), root.join("static/loop")).unwrap();
        let project = Project::new(root);
        let (files, problems) = project.walk(&root.join("static"));
        let shown: Vec<&str> = files.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(shown, ["static/a.txt", "static/inside"]);
        let messages: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.file, p.message)).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages.iter().any(|m| m.starts_with("static/passwd: this is a symbolic link to")), "{messages:#?}");
        assert!(
            messages.iter().any(|m| m.starts_with("static/sub/elsewhere: this is a symbolic link")),
            "{messages:#?}"
        );
        assert!(messages.iter().any(|m| m.starts_with("static/loop:") && m.contains("loop")), "{messages:#?}");
        assert!(project.read(&root.join("static/passwd"), None).is_err());
        assert_eq!(project.read(&root.join("static/inside"), None).unwrap(), b"a");
    }

    #[test]
    fn special_files_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("site.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let project = Project::new(dir.path());
        let err = project.read(&fifo, Some(1024)).unwrap_err();
        assert!(err.message.contains("named pipe"), "{}", err.message);
        let (_, problems) = project.walk(dir.path());
        assert!(problems[0].message.contains("named pipe"), "{problems:?}");
        std::fs::write(dir.path().join("big"), vec![b'a'; 2048]).unwrap();
        assert!(project.read(&dir.path().join("big"), Some(1024)).unwrap_err().message.contains("the file is 2 KiB"));
    }
}
