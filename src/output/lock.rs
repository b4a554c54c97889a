//! An exclusive lock on an output, so that two builds into the same place never mix.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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
