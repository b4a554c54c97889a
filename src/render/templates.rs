//! Compiling a theme's templates with Tera, finding which templates use which (so `serve`
//! re-renders only the pages of an edited template), and template errors as diagnostics.

use crate::diagnostics::{Diagnostic, Pos};
use crate::load::theme::Theme;
use std::collections::BTreeMap;

/// The templates that use any of `changed`, directly or through `extends`/`include` (the changed
/// ones included), so that an edited template re-renders exactly the pages that show it.
pub fn template_users(theme: &Theme, changed: &[String]) -> std::collections::BTreeSet<String> {
    let deps: BTreeMap<&str, Vec<String>> = theme
        .templates
        .iter()
        .map(|(name, file)| (name.as_str(), referenced_templates(&String::from_utf8_lossy(&file.bytes))))
        .collect();
    let mut users: std::collections::BTreeSet<String> = changed.iter().cloned().collect();
    loop {
        let before = users.len();
        for (name, refs) in &deps {
            if refs.iter().any(|r| users.contains(r)) {
                users.insert((*name).to_owned());
            }
        }
        if users.len() == before {
            return users;
        }
    }
}

/// Names in `{% extends "…" %}` and `{% include "…" %}`.
fn referenced_templates(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for keyword in ["extends", "include"] {
        let mut rest = source;
        while let Some(i) = rest.find(keyword) {
            rest = &rest[i + keyword.len()..];
            let after = rest.trim_start();
            if let Some(quoted) = after.strip_prefix('"').or_else(|| after.strip_prefix('\''))
                && let Some(end) = quoted.find(['"', '\''])
            {
                out.push(quoted[..end].to_owned());
            }
        }
    }
    out
}

/// Compiles the templates; errors name the template file and line.
pub fn compile(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for (name, file) in &theme.templates {
        match std::str::from_utf8(&file.bytes) {
            Ok(s) => sources.push((name.clone(), s.to_owned())),
            Err(_) => problems.push(Diagnostic::error(&file.origin, "the template is not valid UTF-8")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    tera.add_raw_templates(sources).map_err(|e| vec![template_error(theme, &e)])?;
    Ok(tera)
}

/// A Tera error as a diagnostic that names the theme file and line.
pub fn template_error(theme: &Theme, err: &tera::Error) -> Diagnostic {
    use tera::ErrorKind;
    match err.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let name = r.filename();
            let (file, source) = match theme.templates.get(name) {
                Some(f) => (f.origin.clone(), String::from_utf8_lossy(&f.bytes).into_owned()),
                None => (format!("template {name}"), String::new()),
            };
            let span = r.span();
            let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let len = if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
            Diagnostic::error(file, format!("{kind}: {}", r.message()))
                .at(Pos::new(span.start_line, span.start_col + 1, len), &source)
        }
        other => Diagnostic::error("templates", format!("template error: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::load;

    #[test]
    fn the_embedded_default_theme_compiles() {
        let dir = tempfile::tempdir().unwrap();
        compile(&load(dir.path(), "default").unwrap()).unwrap();
    }

    #[test]
    fn template_users_follow_extends_and_include() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), "default").unwrap();
        let users = template_users(&theme, &["partials/count.html".to_owned()]);
        assert!(
            users.contains("cases.html") && users.contains("term.html") && users.contains("home.html"),
            "{users:?}"
        );
        let pager = template_users(&theme, &["partials/pager.html".to_owned()]);
        assert!(pager.contains("cases.html") && !pager.contains("case.html"), "{pager:?}");
        let all = template_users(&theme, &["base.html".to_owned()]);
        assert!(all.contains("case.html") && all.contains("search.html") && !all.contains("print.html"), "{all:?}");
    }

    #[test]
    fn template_syntax_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("themes/broken/templates");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(
            t.join("page.html"),
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock %}\n",
        )
        .unwrap();
        let theme = load(dir.path(), "broken").unwrap();
        let errors = compile(&theme).unwrap_err();
        assert!(errors[0].file.ends_with("themes/broken/templates/page.html"), "{:?}", errors[0]);
        assert!(errors[0].message.contains("syntax error"), "{:?}", errors[0]);
        assert!(errors[0].pos.unwrap().line >= 3, "{:?}", errors[0]);
    }
}
