//! Watching `content/` and `themes/` (notify-debouncer-full, which also tells when the system lost
//! events and everything must be read again): each settled burst of changes is applied to the
//! live site; what depends on the whole collection follows when edits pause, and stops when the
//! next edit arrives.

use super::Live;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Editors save in a burst of events (write, rename, attributes): changes are applied once the
/// burst has been quiet this long.
const SETTLE: Duration = Duration::from_millis(20);
/// How long edits must pause before the second phase runs.
const PAUSE: Duration = Duration::from_millis(100);

/// The paths that changed, or `None` when the watcher lost track and everything must be rebuilt.
type Changes = Option<Vec<PathBuf>>;

/// Watches `content/` and `themes/` under `root`; the watches are in place when this returns, so
/// no edit made after the server answers is missed.
pub fn start(root: &std::path::Path) -> Option<Watching> {
    let (tx, rx) = mpsc::channel::<Changes>();
    // Set by every change, so that a running second phase stops and the change is applied at once.
    let changed = Arc::new(AtomicBool::new(false));
    let flag = changed.clone();
    let handler = move |result: DebounceEventResult| {
        let changes = match result {
            Ok(events) if events.iter().any(|e| e.need_rescan()) => None,
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.paths.iter().cloned())
                    .filter(|p| relevant(p))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Some(paths)
            }
            Err(_) => None,
        };
        flag.store(true, Ordering::Relaxed);
        let _ = tx.send(changes);
    };
    let mut debouncer = match new_debouncer(SETTLE, None, handler) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); restart serve to see edits");
            return None;
        }
    };
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.exists()
            && let Err(e) = debouncer.watch(&path, RecursiveMode::Recursive)
        {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    Some(Watching { _debouncer: Box::new(debouncer), rx, changed })
}

/// The running watch: the debouncer (kept alive), its changes, and the flag every change sets.
pub struct Watching {
    _debouncer: Box<dyn Send>,
    rx: mpsc::Receiver<Changes>,
    changed: Arc<AtomicBool>,
}

/// Applies the changes `watching` reports to `live`, telling `publish` each result.
pub fn run(mut live: Live, watching: Watching, publish: impl Fn(Result<String, casebook::diagnostics::Report>)) {
    let Watching { rx, changed, .. } = &watching;
    let mut second_phase = false;
    loop {
        changed.store(false, Ordering::Relaxed);
        let next =
            if second_phase { rx.recv_timeout(PAUSE) } else { rx.recv().map_err(|_| RecvTimeoutError::Disconnected) };
        let changes = match next {
            Ok(c) => c,
            Err(RecvTimeoutError::Timeout) => {
                match live.finish(changed) {
                    Ok(None) => {} // cancelled: the change that cancelled it is next
                    Ok(Some(summary)) => {
                        second_phase = false;
                        publish(Ok(summary));
                    }
                    Err(report) => {
                        second_phase = false;
                        publish(Err(report));
                    }
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // Everything that arrived meanwhile is applied together.
        let mut all: Changes = changes;
        while let Ok(more) = rx.try_recv() {
            all = match (all, more) {
                (Some(mut a), Some(b)) => {
                    a.extend(b);
                    Some(a)
                }
                _ => None,
            };
        }
        match live.update(all) {
            Ok((summary, more)) => {
                second_phase = more;
                publish(Ok(summary));
            }
            Err(report) => {
                second_phase = false;
                publish(Err(report));
            }
        }
    }
}

/// Editors' swap and backup files are not the site's.
fn relevant(path: &std::path::Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp"))
}
