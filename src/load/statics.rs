//! The site's own static files (`content/static/`): listed and checked at load time, copied as
//! they are by the output stage.

use super::files::Project;
use crate::diagnostics::{Diagnostic, Report};
use crate::model::StaticFile;

/// `content/static/**`, checked: links stay inside the project, only regular files, and a warning
/// for files a browser would run scripts from (static files are published exactly as they are).
pub(super) fn list(project: &Project, report: &mut Report) -> Vec<StaticFile> {
    let base = project.root().join("content/static");
    let (found, problems) = project.walk(&base);
    report.extend(problems);
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let rel = f.path.strip_prefix(&base).unwrap_or(&f.path).to_string_lossy().replace('\\', "/");
        let active = rel
            .rsplit('.')
            .next()
            .is_some_and(|ext| ["svg", "html", "htm", "xhtml", "xml"].contains(&ext.to_ascii_lowercase().as_str()));
        if active && let Some(what) = std::fs::read(&f.path).ok().and_then(|b| script_in(&b)) {
            report.push(
                Diagnostic::warning(&f.shown, format!("this file holds {what}, which a browser runs when it opens the file"))
                    .help("static files are published exactly as they are; remove the script if it is not meant to run on the site"),
            );
        }
        out.push(StaticFile { rel, path: f.path, shown: f.shown });
    }
    out
}

/// What in an SVG or HTML file would run as script, if anything.
fn script_in(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    if text.contains("<script") {
        return Some("a <script> element");
    }
    if text.contains("javascript:") {
        return Some("a javascript: link");
    }
    // Event handler attributes: ` onload=`, ` onclick =`, …
    let b = text.as_bytes();
    let handler = text.match_indices("on").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        let name_end = b[i + 2..].iter().position(|c| !c.is_ascii_alphabetic()).map_or(b.len(), |n| i + 2 + n);
        let after = text[name_end..].trim_start();
        matches!(before, Some(b' ' | b'\n' | b'\t' | b'/')) && name_end > i + 2 && after.starts_with('=')
    });
    handler.then_some("an event-handler attribute (on…=)")
}

#[cfg(test)]
mod tests {
    use super::script_in;

    #[test]
    fn scripts_and_handlers_are_found_but_words_with_on_are_not() {
        assert!(script_in(b"<svg><script>x</script></svg>").is_some());
        assert!(script_in(b"<svg onload = \"x\">").is_some());
        assert!(script_in(b"<a href=\"javascript:x\">").is_some());
        assert!(script_in(b"<svg><title>online monitoring</title><g id=\"icon\"/></svg>").is_none());
    }
}
