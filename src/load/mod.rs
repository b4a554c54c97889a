//! The load stage: reads `content/` (and the theme) into the checked model, collecting every
//! problem on the way. What belongs here: reading files safely (files.rs), decoding and splitting
//! them (text.rs), YAML with positions (yaml/), and one module per kind of content file.

mod booklets;
mod cases;
mod files;
mod pages;
mod reload;
mod site_yaml;
mod statics;
mod taxonomies;
mod text;
pub mod theme;
mod yaml;

pub use cases::{check_case_text, links_in};
pub use files::{Found, Project};
pub use reload::{Reload, reload_case};
pub use site_yaml::parse as parse_site_yaml;
pub use taxonomies::{RESERVED_NAMES, parse as parse_taxonomies, suggestion};
pub use text::{decode, read_text};

use crate::diagnostics::{Diagnostic, Pos, Report};
use crate::model::{Site, SiteConfig, Taxonomy};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What `content/` may contain.
const CONTENT_ENTRIES: &[&str] = &["site.yaml", "taxonomies.yaml", "cases", "pages", "static"];

/// Reads and checks everything under `root/content`. Returns the site when there are no errors;
/// the report holds every error and warning found.
pub fn load(root: &Path) -> (Option<Site>, Report) {
    let mut report = Report::default();
    let project = Project::new(root);
    let content = root.join("content");
    if !content.is_dir() {
        report.push(
            Diagnostic::error("content", format!("no content folder at {}", content.display()))
                .help("run casebook in the project folder (the one that holds content/), or pass --root DIR"),
        );
        return (None, report);
    }
    check_content_entries(&content, &mut report);
    let Ok((config, mut taxonomies)) = vocabulary(&project, &mut report) else { return (None, report) };
    warn_untranslated_descriptions(&taxonomies, &mut report);
    check_names(root, &config, &taxonomies, &mut report);

    let case_files = list_markdown(&project, "content/cases", &mut report);
    let parsed: Vec<_> = case_files
        .par_iter()
        .map(|(path, shown)| cases::read(&project, path, shown, &taxonomies, &config.caveats))
        .collect();
    let mut raw_cases = Vec::new();
    for (case, problems) in parsed {
        report.extend(problems);
        raw_cases.extend(case);
    }
    cases::check_duplicate_ids(&raw_cases, &mut report);
    let cases = cases::resolve_years(raw_cases, &mut taxonomies);

    let mut pages = Vec::new();
    for (path, shown) in list_markdown(&project, "content/pages", &mut report) {
        let (page, problems) = pages::read(&project, &path, &shown, &taxonomies);
        report.extend(problems);
        pages.extend(page);
    }
    pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    let statics = statics::list(&project, &mut report);
    // After the cases: the terms of a years taxonomy are the years the cases have.
    let booklets = booklets::resolve(root, &config.booklets, &taxonomies, &statics, &mut report);
    if report.has_errors() {
        return (None, report);
    }
    let collections = taxonomies.iter().position(|t| t.field == "collection").expect("checked by taxonomies::parse");
    let mut site = Site { config, taxonomies, cases, pages, collections, statics, booklets };
    site.sort_cases();
    booklets::warn_unwritten(root, &site, &mut report);
    (Some(site), report)
}

/// `content/static/` listed and checked again (an edited static file in `serve`).
pub fn list_statics(root: &Path) -> (Vec<crate::model::StaticFile>, Report) {
    let mut report = Report::default();
    let files = statics::list(&Project::new(root), &mut report);
    (files, report)
}

/// The site settings and the vocabulary on their own (for `new`, which needs no cases).
pub fn load_vocabulary(root: &Path) -> Result<(SiteConfig, Vec<Taxonomy>), Report> {
    let mut report = Report::default();
    vocabulary(&Project::new(root), &mut report).map_err(|()| report)
}

fn vocabulary(project: &Project, report: &mut Report) -> Result<(SiteConfig, Vec<Taxonomy>), ()> {
    let config = read_yaml_file(project, "content/site.yaml", site_yaml::parse, report);
    let taxonomies = read_yaml_file(project, "content/taxonomies.yaml", taxonomies::parse, report);
    match (config, taxonomies) {
        (Some(c), Some(t)) => Ok((c, t)),
        _ => Err(()),
    }
}

fn check_content_entries(content: &Path, report: &mut Report) {
    let Ok(entries) = std::fs::read_dir(content) else { return };
    let mut names: Vec<String> = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for name in names {
        if !name.starts_with('.') && !CONTENT_ENTRIES.contains(&name.as_str()) {
            report.push(
                Diagnostic::warning(format!("content/{name}"), "casebook does not use this file or folder")
                    .help(format!("content/ holds {}; cases go in content/cases/<id>.md", CONTENT_ENTRIES.join(", "))),
            );
        }
    }
}

fn read_yaml_file<T>(
    project: &Project,
    shown: &str,
    parse: fn(&str, &str) -> Result<T, Vec<Diagnostic>>,
    report: &mut Report,
) -> Option<T> {
    let path = project.root().join(shown);
    let text = match text::read_text(project, &path) {
        Ok(t) => t,
        Err(mut d) => {
            if std::fs::symlink_metadata(&path).is_err() {
                d.message = "the file is missing".into();
                d.help = Some(format!("create {shown}; see README.md for its fields"));
            }
            report.push(d);
            return None;
        }
    };
    match parse(&text, shown) {
        Ok(v) => Some(v),
        Err(problems) => {
            report.extend(problems);
            None
        }
    }
}

/// The matrix, the combinations and the caveats of `site.yaml` must name taxonomies of the vocabulary.
fn check_names(root: &Path, config: &SiteConfig, taxonomies: &[Taxonomy], report: &mut Report) {
    let names: Vec<&str> = taxonomies.iter().map(|t| t.name.as_str()).collect();
    let mut wrong: Vec<(String, String)> = Vec::new();
    if let Some((rows, columns)) = &config.matrix {
        for name in [rows, columns].into_iter().filter(|n| !names.contains(&n.as_str())) {
            wrong.push(("matrix".into(), format!("the matrix names `{name}`, which is not a taxonomy")));
        }
    }
    for c in config.caveats.iter().filter(|c| !names.contains(&c.taxonomy.as_str())) {
        wrong.push((
            format!("{}:", c.code),
            format!("the caveat `{}` names `{}`, which is not a taxonomy", c.code, c.taxonomy),
        ));
    }
    let text = || std::fs::read_to_string(root.join("content/site.yaml")).unwrap_or_default();
    for c in &config.combinations {
        for (name, pos) in [(&c.first, c.at[0]), (&c.second, c.at[1])] {
            if !names.contains(&name.as_str()) {
                report.push(
                    Diagnostic::error(
                        "content/site.yaml",
                        format!("the combination names `{name}`, which is not a taxonomy"),
                    )
                    .at(pos, &text())
                    .help(suggestion(name, &names)),
                );
            }
        }
    }
    if wrong.is_empty() {
        return;
    }
    // Read again only to point at the line; valid settings cost nothing.
    let text = text();
    for (needle, message) in wrong {
        let line = text.lines().position(|l| l.trim_start().starts_with(&needle)).map_or(1, |i| i + 1);
        let name = message.split('`').nth(if needle == "matrix" { 1 } else { 3 }).unwrap_or("").to_owned();
        report.push(
            Diagnostic::error("content/site.yaml", message)
                .at(Pos::new(line, 1, needle.len()), &text)
                .help(suggestion(&name, &names)),
        );
    }
}

fn warn_untranslated_descriptions(taxonomies: &[Taxonomy], report: &mut Report) {
    for t in taxonomies {
        for md in t.description.iter().chain(t.terms.iter().filter_map(|term| term.description.as_ref())) {
            if !md.text.is_translated() {
                report.push(
                    Diagnostic::warning(&md.file, "this description has no English text (`en`)")
                        .at_line(Pos::new(md.ja_line, 1, 1))
                        .help("English pages show the Japanese text until `en` is added"),
                );
            }
        }
    }
}

/// `*.md` files under `dir` (relative to root), sorted, with the path shown in messages.
fn list_markdown(project: &Project, dir: &str, report: &mut Report) -> Vec<(PathBuf, String)> {
    let (found, problems) = project.walk(&project.root().join(dir));
    report.extend(problems);
    let mut files = Vec::new();
    for f in found {
        if f.path.extension().is_some_and(|x| x == "md") {
            files.push((f.path, f.shown));
        } else {
            report.push(Diagnostic::warning(f.shown, "ignored: only `.md` files are read here"));
        }
    }
    files
}
