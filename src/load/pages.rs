//! Static pages (`content/pages/<slug>.md`): about, how to use, the glossary and its autolinks.

use super::cases::{body_markdown, required_text};
use super::files::Project;
use super::taxonomies::RESERVED_NAMES;
use super::text;
use super::yaml::{Fields, Value, Yaml};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{AutoLink, Page, PageSlug, Taxonomy};
use std::path::Path;

pub(super) fn read(
    project: &Project,
    path: &Path,
    shown: &str,
    taxonomies: &[Taxonomy],
) -> (Option<Page>, Vec<Diagnostic>) {
    let text = match text::read_text(project, path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let doc = match text::split_front_matter(&text, shown) {
        Ok(d) => d,
        Err(d) => return (None, vec![d]),
    };
    let yaml = match Yaml::parse(doc.yaml, doc.yaml_line, shown, &text) {
        Ok(y) => y,
        Err(d) => return (None, vec![d]),
    };
    let mut problems = Vec::new();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = slug(&stem, shown, taxonomies, &mut problems);
    let mut f = Fields::new(&yaml, &yaml.root, true, "the front matter");
    let title = required_text(&mut f, "title");
    let summary = f.text("summary", false);
    let order = match f.int("order") {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(node)) => {
            let shown_value = node.scalar_text();
            f.error_at(node, format!("`order` must be a whole number, found `{shown_value}`")).help =
                Some("pages are listed by `order`, smallest first".into());
            0
        }
    };
    let autolink = autolinks(&mut f);
    problems.extend(f.finish(&[]));
    let (bodies, body_problems) = text::split_languages(doc.body, doc.body_line, shown, &text);
    problems.extend(body_problems);
    let body = body_markdown(&bodies, shown, &text, &mut problems, "page");
    let usable = !problems.iter().any(|p| p.severity == Severity::Error);
    let page = match (slug, title, body) {
        (Some(slug), Some(title), Some(body)) if usable => {
            Some(Page { slug, file: shown.to_owned(), title, summary, order, body, autolink })
        }
        _ => None,
    };
    (page, problems)
}

/// The page's URL name from its file name: valid, and not one casebook or a taxonomy uses.
fn slug(stem: &str, shown: &str, taxonomies: &[Taxonomy], problems: &mut Vec<Diagnostic>) -> Option<PageSlug> {
    match PageSlug::parse(stem) {
        Err(why) => {
            problems.push(
                Diagnostic::error(shown, format!("`{stem}` is not a valid page name: {why}"))
                    .help("rename the file, e.g. about.md"),
            );
            None
        }
        Ok(s) if RESERVED_NAMES.contains(&s.as_str()) || taxonomies.iter().any(|t| t.name.as_str() == s.as_str()) => {
            problems.push(
                Diagnostic::error(shown, format!("the page name `{s}` is already used by casebook for its own pages"))
                    .help("rename the file: its name becomes the page's URL, next to cases/ and the taxonomy pages"),
            );
            None
        }
        Ok(s) => Some(s),
    }
}

/// `autolink: {anchor: {ja: [words], en: [words], except: [words]}}` of a page.
fn autolinks(f: &mut Fields) -> Vec<AutoLink> {
    let Some(node) = f.get("autolink") else { return Vec::new() };
    let Value::Map(entries) = &node.value else {
        f.error_at(node, "`autolink` maps anchor ids to words: {utm: {ja: [UTM], en: [UTM]}}");
        return Vec::new();
    };
    let yaml = f.yaml();
    let mut out = Vec::new();
    for (k, v) in entries {
        let anchor = k.scalar_text();
        let mut entry = Fields::new(yaml, v, false, "an autolink entry");
        let mut words = [Vec::new(), Vec::new()];
        for (i, lang) in ["ja", "en"].into_iter().enumerate() {
            for (word, n) in entry.string_list(lang) {
                if word.trim().is_empty() {
                    entry.error_at(n, "an empty word cannot be linked");
                } else {
                    words[i].push(word.to_owned());
                }
            }
        }
        let except: Vec<String> = entry.string_list("except").into_iter().map(|(w, _)| w.to_owned()).collect();
        f.problems.extend(entry.finish(&[]));
        let [ja, en] = words;
        out.push(AutoLink { anchor, ja, en, except, line: k.pos.line });
    }
    out
}
