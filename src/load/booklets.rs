//! The booklets of `booklets:` in site.yaml, checked where site.yaml alone cannot check them:
//! every taxonomy and term they select must be in the vocabulary, and the logo must be an image
//! among the static files. Then, with the cases loaded, a booklet that would hold no case, or more
//! than `booklet_max_cases`, is named at its line: it is not written.

use super::suggestion;
use crate::diagnostics::{Diagnostic, Pos, Report};
use crate::model::{BookletConfig, NamedBooklet, Site, StaticFile, Taxonomy, TaxonomyKind};
use std::path::Path;

const FILE: &str = "content/site.yaml";

/// What a logo may be: an image a browser shows in an `<img>`, on paper too.
const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

/// The checked booklets of `config`, in the order written; every problem goes into `report`.
pub(super) fn resolve(
    root: &Path,
    booklets: &[BookletConfig],
    taxonomies: &[Taxonomy],
    statics: &[StaticFile],
    report: &mut Report,
) -> Vec<NamedBooklet> {
    if booklets.is_empty() {
        return Vec::new();
    }
    // Read again only to quote the lines of problems (site.yaml was read and parsed already).
    let text = std::fs::read_to_string(root.join(FILE)).unwrap_or_default();
    let error = |pos: Pos, message: String, help: String| Diagnostic::error(FILE, message).at(pos, &text).help(help);
    let names: Vec<&str> = taxonomies.iter().map(|t| t.name.as_str()).collect();
    let mut out = Vec::new();
    for b in booklets {
        let mut ok = true;
        let mut select: Vec<(usize, Vec<usize>)> = Vec::new();
        for s in &b.select {
            let Some(t) = taxonomies.iter().position(|t| t.name.as_str() == s.taxonomy) else {
                report.push(error(
                    s.at,
                    format!("the booklet `{}` selects from `{}`, which is not a taxonomy", b.id, s.taxonomy),
                    suggestion(&s.taxonomy, &names),
                ));
                ok = false;
                continue;
            };
            let tax = &taxonomies[t];
            let codes: Vec<&str> = tax.terms.iter().map(|x| x.id.as_str()).collect();
            let mut terms = Vec::new();
            for (code, pos) in &s.terms {
                match codes.iter().position(|c| c == code) {
                    Some(i) if !terms.contains(&i) => terms.push(i),
                    Some(_) => {}
                    None => {
                        let message = match tax.kind {
                            TaxonomyKind::Year => {
                                format!("no case has the year `{code}` ({} of the booklet `{}`)", s.taxonomy, b.id)
                            }
                            _ => format!("there is no term `{code}` in {} (the booklet `{}`)", s.taxonomy, b.id),
                        };
                        report.push(error(*pos, message, suggestion(code, &codes)));
                        ok = false;
                    }
                }
            }
            // (A taxonomy is named once: the YAML parser refuses a key given twice.)
            select.push((t, terms));
        }
        let logo = b.logo.as_ref().and_then(|(path, pos)| match logo_problem(path, statics) {
            None => Some(path.clone()),
            Some((message, help)) => {
                report.push(error(*pos, message, help));
                ok = false;
                None
            }
        });
        if ok {
            out.push(NamedBooklet {
                id: b.id.clone(),
                at: b.at,
                title: b.title.clone(),
                select,
                intro: b.intro.clone(),
                publisher: b.publisher.clone(),
                logo,
            });
        }
    }
    out
}

/// Why `path` (as written under `logo:`) is not an image of content/static/, with what to do.
fn logo_problem(path: &str, statics: &[StaticFile]) -> Option<(String, String)> {
    let under_static = "a logo is a file under content/static/, written as its path there, e.g. logo: images/logo.svg";
    let escapes = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.contains(':')
        || path.split('/').any(|s| s.is_empty() || s == "." || s == "..");
    if escapes {
        return Some((format!("the logo `{path}` is not a path inside content/static/"), under_static.into()));
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !LOGO_TYPES.contains(&ext.as_str()) {
        return Some((
            format!("the logo `{path}` is not an image"),
            format!("use an image file: {}", LOGO_TYPES.join(", ")),
        ));
    }
    if statics.iter().any(|f| f.rel == path) {
        return None;
    }
    let written_from_elsewhere = ["content/static/", "static/"]
        .iter()
        .filter_map(|p| path.strip_prefix(p))
        .find(|rest| statics.iter().any(|f| f.rel == *rest));
    let help = match written_from_elsewhere {
        Some(rest) => format!("write it as its path under content/static/: logo: {rest}"),
        None => {
            let images: Vec<&str> = statics
                .iter()
                .map(|f| f.rel.as_str())
                .filter(|r| {
                    r.rsplit_once('.').is_some_and(|(_, e)| LOGO_TYPES.contains(&e.to_ascii_lowercase().as_str()))
                })
                .collect();
            let put = format!("put the image into content/static/{path}");
            match crate::diagnostics::did_you_mean(path, images.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Or {put}"),
                None if images.is_empty() => put,
                None => {
                    format!("{put}; the images there: {}", crate::diagnostics::list_allowed(images.into_iter(), 20))
                }
            }
        }
    };
    Some((format!("there is no file content/static/{path} for the logo"), help))
}

/// Warns at its line about each booklet that is not written because it would hold no case or more
/// than `booklet_max_cases` (nothing is left out silently). Nothing when booklets are off.
pub(super) fn warn_unwritten(root: &Path, site: &Site, report: &mut Report) {
    if site.booklets.is_empty() || !site.config.print_booklets {
        return;
    }
    let text = std::fs::read_to_string(root.join(FILE)).unwrap_or_default();
    let max = site.config.booklet_max_cases;
    for b in &site.booklets {
        let n = site.cases.iter().filter(|c| b.holds(c)).count();
        let (message, help) = if n == 0 {
            let each: Vec<String> = b
                .select
                .iter()
                .map(|(t, terms)| {
                    let tax = &site.taxonomies[*t];
                    let codes: Vec<&str> = terms.iter().map(|&i| tax.terms[i].id.as_str()).collect();
                    let k = site.cases.iter().filter(|c| c.terms[*t].iter().any(|x| terms.contains(x))).count();
                    format!("with {} {}: {k}", tax.name, codes.join(" or "))
                })
                .collect();
            (
                format!("the booklet `{}` selects no case, so it is not written", b.id),
                format!(
                    "a case must have one of the listed terms of every taxonomy of `select`; cases {}",
                    each.join(", ")
                ),
            )
        } else if n > max {
            (
                format!(
                    "the booklet `{}` holds {n} cases, more than booklet_max_cases ({max}), so it is not written",
                    b.id
                ),
                "narrow its `select`, or raise booklet_max_cases in site.yaml".to_owned(),
            )
        } else {
            continue;
        };
        report.push(Diagnostic::warning(FILE, message).at(b.at, &text).help(help));
    }
}
