//! Which folders an output may replace: only casebook's own, never the project's sources, wherever
//! symbolic links lead.

use super::MARKER;
use std::fs;
use std::path::{Component, Path, PathBuf};

pub(super) fn absolute(path: &Path) -> PathBuf {
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
pub(super) fn check_output_folder(out: &Path, protected: &[Protected]) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Reuse, Staging};

    #[test]
    fn refuses_folders_it_did_not_create_and_protected_ones() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "precious").unwrap();
        let err = Staging::create(&foreign, &[], None, Reuse::Keep).err().unwrap();
        assert!(err.contains("did not create it"), "{err}");
        let content = dir.path().join("content");
        fs::create_dir(&content).unwrap();
        let protected = [
            Protected { path: dir.path().to_path_buf(), may_contain_output: true },
            Protected { path: content.clone(), may_contain_output: false },
        ];
        for bad in [content.clone(), content.join("public"), dir.path().to_path_buf()] {
            let err = Staging::create(&bad, &protected, None, Reuse::Keep).err().unwrap();
            assert!(err.contains("would overwrite"), "{err}");
        }
        assert!(Staging::create(&dir.path().join("public"), &protected, None, Reuse::Keep).is_ok());
        assert_eq!(fs::read_to_string(foreign.join("thesis.txt")).unwrap(), "precious");
    }
}
