//! The load stage: reads `content/` into the checked model, collecting every problem on the way.

use crate::config::{self, suggestion, year_label};
use crate::diagnostics::{Diagnostic, Pos, Report};
use crate::ids::{CaseId, PageSlug, TermId};
use crate::lang::Text;
use crate::model::{AutoLink, Case, Caveat, Citation, Markdown, Page, Site, SiteConfig, Taxonomy, TaxonomyKind, Term};
use crate::safe_fs::Project;
use crate::source::{self, Bodies};
use crate::yaml::{Fields, Seg, Yaml, key, scalar_text};
use rayon::prelude::*;
use serde_yaml::Value;
use std::collections::BTreeMap;
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
    let config = read_yaml_file(&project, "content/site.yaml", config::parse_site, &mut report);
    let taxonomies = read_yaml_file(&project, "content/taxonomies.yaml", config::parse_taxonomies, &mut report);
    let (Some(config), Some(mut taxonomies)) = (config, taxonomies) else {
        return (None, report);
    };
    warn_untranslated_descriptions(&taxonomies, &mut report);
    check_matrix(root, &config, &taxonomies, &mut report);
    check_caveats(root, &config, &taxonomies, &mut report);

    let case_files = list_markdown(&project, "content/cases", &mut report);
    let parsed: Vec<(Option<RawCase>, Vec<Diagnostic>)> = case_files
        .par_iter()
        .map(|(path, shown)| parse_case(&project, path, shown, &taxonomies, &config.caveats))
        .collect();
    let mut raw_cases = Vec::new();
    for (case, problems) in parsed {
        report.extend(problems);
        raw_cases.extend(case);
    }
    check_duplicate_ids(&raw_cases, &mut report);
    let cases = resolve_years(raw_cases, &mut taxonomies);

    let page_files = list_markdown(&project, "content/pages", &mut report);
    let mut pages = Vec::new();
    for (path, shown) in &page_files {
        let (page, problems) = parse_page(&project, path, shown, &taxonomies);
        report.extend(problems);
        pages.extend(page);
    }
    pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));

    if report.has_errors() {
        return (None, report);
    }
    let statics = list_statics(&project, &mut report);
    if report.has_errors() {
        return (None, report);
    }
    let collections = taxonomies.iter().position(|t| t.field == "collection").expect("checked by parse_taxonomies");
    let mut site = Site { config, taxonomies, cases, pages, collections, statics };
    sort_cases(&mut site);
    (Some(site), report)
}

fn check_content_entries(content: &Path, report: &mut Report) {
    let Ok(entries) = std::fs::read_dir(content) else {
        return;
    };
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
    let text = match source::read_text(project, &path) {
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

/// The matrix of `site.yaml` must name two taxonomies of the vocabulary.
fn check_matrix(root: &Path, config: &SiteConfig, taxonomies: &[Taxonomy], report: &mut Report) {
    let Some((rows, columns)) = &config.matrix else { return };
    let names: Vec<&str> = taxonomies.iter().map(|t| t.name.as_str()).collect();
    for name in [rows, columns] {
        if !names.contains(&name.as_str()) {
            // Read again only to point at the line; valid settings cost nothing.
            let text = std::fs::read_to_string(root.join("content/site.yaml")).unwrap_or_default();
            let line = text.lines().position(|l| l.trim_start().starts_with("matrix")).map_or(1, |i| i + 1);
            report.push(
                Diagnostic::error("content/site.yaml", format!("the matrix names `{name}`, which is not a taxonomy"))
                    .at(Pos::new(line, 1, 6), &text)
                    .help(config::suggestion(name, &names)),
            );
        }
    }
}

/// Each caveat of `site.yaml` must qualify a taxonomy of the vocabulary.
fn check_caveats(root: &Path, config: &SiteConfig, taxonomies: &[Taxonomy], report: &mut Report) {
    let names: Vec<&str> = taxonomies.iter().map(|t| t.name.as_str()).collect();
    for c in &config.caveats {
        if !names.contains(&c.taxonomy.as_str()) {
            let text = std::fs::read_to_string(root.join("content/site.yaml")).unwrap_or_default();
            let needle = format!("{}:", c.code);
            let line = text.lines().position(|l| l.trim_start().starts_with(&needle)).map_or(1, |i| i + 1);
            report.push(
                Diagnostic::error(
                    "content/site.yaml",
                    format!("the caveat `{}` names `{}`, which is not a taxonomy", c.code, c.taxonomy),
                )
                .at(Pos::new(line, 1, needle.len()), &text)
                .help(config::suggestion(&c.taxonomy, &names)),
            );
        }
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

/// `content/static/**`, checked: links stay inside the project, only regular files, and a warning
/// for files a browser would run scripts from (static files are published exactly as they are).
fn list_statics(project: &Project, report: &mut Report) -> Vec<crate::model::StaticFile> {
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
        out.push(crate::model::StaticFile { rel, path: f.path, shown: f.shown });
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

/// A term of a case before year terms exist.
enum TermValue {
    Index(usize),
    Year(u32),
}

struct RawCase {
    case: Case,
    values: Vec<Vec<TermValue>>,
    id_pos: Pos,
    id_line: Option<String>,
}

/// Reads one case file. Returns the case if it is usable (it may still have warnings).
fn parse_case(
    project: &Project,
    path: &Path,
    shown: &str,
    taxonomies: &[Taxonomy],
    caveats: &[Caveat],
) -> (Option<RawCase>, Vec<Diagnostic>) {
    let text = match source::read_text(project, path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse_case_text(&text, &stem, shown, taxonomies, caveats)
}

/// Checks the text of a case file named `<stem>.md` against the vocabulary; returns every problem
/// found. Never panics, whatever the text (see tests/fuzz.rs).
pub fn check_case_text(text: &str, stem: &str, shown: &str, taxonomies: &[Taxonomy]) -> Vec<Diagnostic> {
    parse_case_text(text, stem, shown, taxonomies, &[]).1
}

fn parse_case_text(
    text: &str,
    stem: &str,
    shown: &str,
    taxonomies: &[Taxonomy],
    caveats: &[Caveat],
) -> (Option<RawCase>, Vec<Diagnostic>) {
    let doc = match source::split_front_matter(text, shown) {
        Ok(d) => d,
        Err(d) => return (None, vec![d]),
    };
    let yaml = match Yaml::parse(doc.yaml, doc.yaml_line, shown, text) {
        Ok(y) => y,
        Err(d) => return (None, vec![d]),
    };
    let mut f = Fields::new(&yaml, &yaml.value, vec![], "the front matter");
    let id =
        f.required_string("id", "the case's URL name, the same as its file name").and_then(|id| {
            match CaseId::parse(id) {
                Err(why) => {
                    f.error("id", format!("`{id}` is not a valid id: {why}")).help =
                        Some(format!("e.g. id: {}", suggested_id(id)));
                    None
                }
                Ok(id) if id.as_str() != stem => {
                    f.error("id", format!("the id `{id}` does not match the file name `{stem}.md`")).help =
                        Some(format!("rename the file to {id}.md, or set id: {stem}"));
                    None
                }
                Ok(id) => Some(id),
            }
        });
    let id_pos = yaml.pos(&[key("id")]);
    let number = f.uint("number");
    let title = required_text(&mut f, "title");
    let summary = required_text(&mut f, "summary");
    let incident = f.bool("incident");
    if !f.has("incident") {
        let d = yaml.error(&[], "the required field `incident` is missing").help(
            "incident: true for a case where an incident happened, false for a company that prepared without one",
        );
        f.problems.push(d);
    }
    let values: Vec<Vec<TermValue>> =
        taxonomies.iter().map(|t| read_terms(&mut f, t, incident.unwrap_or(true))).collect();
    let citation = read_citation(&mut f);
    let caveats = read_caveats(&mut f, caveats);
    let mut problems = f.finish(&[]);

    let (bodies, body_problems) = source::split_languages(doc.body, doc.body_line, shown, text);
    problems.extend(body_problems);
    let body = body_markdown(&bodies, shown, text, &mut problems, "case");

    let case = match (id, title, summary, incident, body) {
        (Some(id), Some(title), Some(summary), Some(incident), Some(body)) => Some(RawCase {
            case: Case {
                id,
                file: shown.to_owned(),
                number,
                title,
                summary,
                incident,
                terms: Vec::new(),
                body,
                citation,
                caveats,
            },
            values,
            id_line: text.lines().nth(id_pos.line - 1).map(str::to_owned),
            id_pos,
        }),
        _ => None,
    };
    let usable = !problems.iter().any(|p| p.severity == crate::diagnostics::Severity::Error);
    (case.filter(|_| usable), problems)
}

/// `source: {page: 34, ref: {ja, en}, note: {ja, en}}`: where in its source the case is printed.
fn read_citation(f: &mut Fields) -> Citation {
    let Some(value) = f.get("source") else { return Citation::default() };
    let mut s = Fields::new(f.yaml(), value, f.path_to("source"), "`source`");
    let citation = Citation { page: s.uint("page"), reference: s.text("ref", false), note: s.text("note", false) };
    f.problems.extend(s.finish(&[]));
    citation
}

/// `caveats: [code, …]`, checked against the caveats of `site.yaml`.
fn read_caveats(f: &mut Fields, defined: &[Caveat]) -> Vec<usize> {
    let mut out = Vec::new();
    for (code, path) in f.string_list("caveats") {
        match defined.iter().position(|c| c.code.as_str() == code) {
            Some(i) if out.contains(&i) => {
                f.error_at(&path, format!("the caveat `{code}` is listed twice"));
            }
            Some(i) => out.push(i),
            None => {
                let codes: Vec<&str> = defined.iter().map(|c| c.code.as_str()).collect();
                let help = if codes.is_empty() {
                    "caveats are defined in content/site.yaml under `caveats:`".to_owned()
                } else {
                    suggestion(code, &codes)
                };
                f.error_at(&path, format!("unknown caveat `{code}`")).help = Some(help);
            }
        }
    }
    out
}

fn suggested_id(text: &str) -> String {
    let s: String =
        text.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() { "ipa2017-001".into() } else { s }
}

/// A `{ja, en}` text that must exist; a missing English text is a warning.
fn required_text(f: &mut Fields, name: &str) -> Option<Text> {
    let text = f.text(name, true)?;
    if text.en.is_none() {
        let p = f.path_to(name);
        let d = f.yaml().warning(&p, format!("`{name}` has no English text (`en`)")).help(
            "the English page shows the Japanese text until the translation is added; `build --strict` refuses this",
        );
        f.problems.push(d);
    }
    Some(text)
}

/// The Markdown of a body in both languages; the Japanese text is required.
fn body_markdown(
    bodies: &Bodies,
    shown: &str,
    text: &str,
    problems: &mut Vec<Diagnostic>,
    what: &str,
) -> Option<Markdown> {
    if bodies.ja.trim().is_empty() {
        let line = bodies.ja_line.min(text.lines().count().max(1));
        problems.push(
            Diagnostic::error(shown, format!("the {what} has no Japanese text"))
                .at(Pos::new(line, 1, 1), text)
                .help("after the front matter, write the Japanese text first, then a line `<!-- en -->`, then the English text"),
        );
        return None;
    }
    let en = bodies.en.map(|(t, _)| t.to_owned());
    if en.is_none() {
        let line = (bodies.ja_line + bodies.ja.lines().count()).saturating_sub(1).max(bodies.ja_line);
        problems.push(
            Diagnostic::warning(shown, format!("the {what} has no English text"))
                .at(Pos::new(line, 1, 1), text)
                .help("add a line `<!-- en -->` after the Japanese text, then the English text; until then the English page shows the Japanese text"),
        );
    }
    Some(Markdown {
        text: Text { ja: bodies.ja.to_owned(), en },
        file: shown.to_owned(),
        ja_line: bodies.ja_line,
        en_line: bodies.en.map_or(0, |(_, l)| l),
        exact_lines: true,
    })
}

/// The codes a case gives for one taxonomy, checked against its vocabulary.
fn read_terms(f: &mut Fields, tax: &Taxonomy, incident: bool) -> Vec<TermValue> {
    let field = tax.field.as_str();
    let required = field == "collection";
    if required && !f.has(field) {
        f.get(field);
        let codes: Vec<&str> = tax.terms.iter().map(|t| t.id.as_str()).collect();
        let d = f
            .yaml()
            .error(&[], "the required field `collection` is missing")
            .help(format!("the published collection the case comes from: {}", codes.join(", ")));
        f.problems.push(d);
        return Vec::new();
    }
    let items: Vec<(String, Vec<Seg>)> = if tax.multiple {
        f.string_list(field).into_iter().map(|(s, p)| (s.to_owned(), p)).collect()
    } else {
        match f.get(field) {
            None => Vec::new(),
            Some(Value::Sequence(_)) => {
                f.error(field, format!("`{field}` takes one code, not a list"));
                Vec::new()
            }
            Some(v @ (Value::String(_) | Value::Number(_))) => vec![(scalar_text(v), f.path_to(field))],
            Some(other) => {
                let t = crate::yaml::type_name(other);
                f.error(field, format!("`{field}` must be a code, found {t}"));
                Vec::new()
            }
        }
    };
    let mut out = Vec::new();
    for (code, path) in items {
        if code == "unknown" {
            continue;
        }
        if tax.incident_only && !incident {
            f.error_at(&path, format!("`{field}` is only for cases with `incident: true`")).help = Some(format!(
                "a case without an incident has no {}; remove `{field}` or write `unknown`",
                tax.label.en.to_lowercase()
            ));
            continue;
        }
        let value = match tax.kind {
            TaxonomyKind::Year => match code.parse::<u32>() {
                Ok(y) if (1900..=2100).contains(&y) => TermValue::Year(y),
                _ => {
                    f.error_at(&path, format!("`{code}` is not a year")).help =
                        Some("write a year such as 2013, or `unknown` when the source does not give it".into());
                    continue;
                }
            },
            TaxonomyKind::Terms => match tax.terms.iter().position(|t| t.id.as_str() == code) {
                Some(i) => TermValue::Index(i),
                None => {
                    let codes: Vec<&str> = tax.terms.iter().map(|t| t.id.as_str()).collect();
                    let help = suggestion(&code, &codes);
                    f.error_at(&path, format!("unknown {} code `{code}`", tax.name)).help = Some(format!(
                        "{help}. New terms are added in content/taxonomies.yaml; write `unknown` when the source does not say"
                    ));
                    continue;
                }
            },
        };
        let dup = out.iter().any(|v: &TermValue| match (v, &value) {
            (TermValue::Index(a), TermValue::Index(b)) => a == b,
            (TermValue::Year(a), TermValue::Year(b)) => a == b,
            _ => false,
        });
        if dup {
            f.error_at(&path, format!("`{code}` is listed twice in `{field}`"));
            continue;
        }
        out.push(value);
    }
    out
}

fn check_duplicate_ids(cases: &[RawCase], report: &mut Report) {
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for raw in cases {
        let id = raw.case.id.as_str();
        if let Some(other) = first.insert(id, &raw.case.file) {
            let mut d = Diagnostic::error(&raw.case.file, format!("the id `{id}` is already used by {other}"))
                .help("every case needs its own id; ids are part of the URL");
            d.pos = Some(raw.id_pos);
            d.source_line = raw.id_line.clone();
            report.push(d);
            first.insert(id, other);
        }
    }
}

/// Builds the terms of year taxonomies from the years the cases use, then gives every case its
/// term indexes.
fn resolve_years(raw: Vec<RawCase>, taxonomies: &mut [Taxonomy]) -> Vec<Case> {
    for (ti, tax) in taxonomies.iter_mut().enumerate() {
        if tax.kind != TaxonomyKind::Year {
            continue;
        }
        let mut years: Vec<u32> = raw
            .iter()
            .flat_map(|r| r.values[ti].iter())
            .filter_map(|v| if let TermValue::Year(y) = v { Some(*y) } else { None })
            .collect();
        years.sort_unstable();
        years.dedup();
        tax.terms = years
            .iter()
            .map(|y| Term {
                id: TermId::parse(&y.to_string()).expect("digits are a valid id"),
                label: year_label(&y.to_string()),
                description: None,
                group: None,
                source: None,
            })
            .collect();
    }
    raw.into_iter()
        .map(|r| {
            let mut case = r.case;
            case.terms = r
                .values
                .iter()
                .enumerate()
                .map(|(ti, vals)| {
                    vals.iter()
                        .map(|v| match v {
                            TermValue::Index(i) => *i,
                            TermValue::Year(y) => {
                                let id = y.to_string();
                                taxonomies[ti]
                                    .terms
                                    .iter()
                                    .position(|t| t.id.as_str() == id)
                                    .expect("year term was just made")
                            }
                        })
                        .collect()
                })
                .collect();
            case
        })
        .collect()
}

/// Site order: by collection (in vocabulary order), then number (cases without one last), then id.
pub fn sort_cases(site: &mut Site) {
    let c = site.collections;
    site.cases.sort_by(|a, b| {
        (a.terms[c].first(), a.number.is_none(), a.number, &a.id).cmp(&(
            b.terms[c].first(),
            b.number.is_none(),
            b.number,
            &b.id,
        ))
    });
}

fn parse_page(project: &Project, path: &Path, shown: &str, taxonomies: &[Taxonomy]) -> (Option<Page>, Vec<Diagnostic>) {
    let text = match source::read_text(project, path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let doc = match source::split_front_matter(&text, shown) {
        Ok(d) => d,
        Err(d) => return (None, vec![d]),
    };
    let yaml = match Yaml::parse(doc.yaml, doc.yaml_line, shown, &text) {
        Ok(y) => y,
        Err(d) => return (None, vec![d]),
    };
    let mut problems = Vec::new();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = match PageSlug::parse(&stem) {
        Err(why) => {
            problems.push(
                Diagnostic::error(shown, format!("`{stem}` is not a valid page name: {why}"))
                    .help("rename the file, e.g. about.md"),
            );
            None
        }
        Ok(s)
            if config::RESERVED_NAMES.contains(&s.as_str())
                || taxonomies.iter().any(|t| t.name.as_str() == s.as_str()) =>
        {
            problems.push(
                Diagnostic::error(shown, format!("the page name `{s}` is already used by casebook for its own pages"))
                    .help("rename the file: its name becomes the page's URL, next to cases/ and the taxonomy pages"),
            );
            None
        }
        Ok(s) => Some(s),
    };
    let mut f = Fields::new(&yaml, &yaml.value, vec![], "the front matter");
    let title = required_text(&mut f, "title");
    let summary = f.text("summary", false);
    let order = match f.get("order") {
        None => 0,
        Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or(0),
        Some(other) => {
            let shown_value = scalar_text(other);
            f.error("order", format!("`order` must be a whole number, found `{shown_value}`")).help =
                Some("pages are listed by `order`, smallest first".into());
            0
        }
    };
    let autolink = read_autolink(&mut f);
    problems.extend(f.finish(&[]));
    let (bodies, body_problems) = source::split_languages(doc.body, doc.body_line, shown, &text);
    problems.extend(body_problems);
    let body = body_markdown(&bodies, shown, &text, &mut problems, "page");
    let usable = !problems.iter().any(|p| p.severity == crate::diagnostics::Severity::Error);
    let page = match (slug, title, body) {
        (Some(slug), Some(title), Some(body)) if usable => {
            Some(Page { slug, file: shown.to_owned(), title, summary, order, body, autolink })
        }
        _ => None,
    };
    (page, problems)
}

/// `autolink: {anchor: {ja: [words], en: [words]}}` of a page.
fn read_autolink(f: &mut Fields) -> Vec<AutoLink> {
    let Some(value) = f.get("autolink") else { return Vec::new() };
    let Value::Mapping(map) = value else {
        f.error("autolink", "`autolink` maps anchor ids to words: {utm: {ja: [UTM], en: [UTM]}}");
        return Vec::new();
    };
    let yaml = f.yaml();
    let base = f.path_to("autolink");
    let mut out = Vec::new();
    for (k, v) in map {
        let anchor = scalar_text(k);
        let mut path = base.clone();
        path.push(key(&anchor));
        let mut entry = Fields::new(yaml, v, path.clone(), "an autolink entry");
        let mut words = [Vec::new(), Vec::new()];
        for (i, lang) in ["ja", "en"].into_iter().enumerate() {
            for (word, p) in entry.string_list(lang) {
                if word.trim().is_empty() {
                    entry.error_at(&p, "an empty word cannot be linked");
                } else {
                    words[i].push(word.to_owned());
                }
            }
        }
        let except: Vec<String> = entry.string_list("except").into_iter().map(|(w, _)| w.to_owned()).collect();
        f.problems.extend(entry.finish(&[]));
        let [ja, en] = words;
        out.push(AutoLink { anchor, ja, en, except, line: yaml.pos(&path).line });
    }
    out
}

/// What reading one case file again gives (for incremental rebuilds in `serve`).
pub enum Reload {
    /// The case as the file now reads, with its warnings; `None` when the file is gone.
    Case(Option<Box<Case>>, Vec<Diagnostic>),
    /// The file has errors; the last good site stays as it is.
    Errors(Vec<Diagnostic>),
    /// The change touches the vocabulary (a year no case had before): rebuild everything.
    NeedsFullBuild,
}

/// Reads `content/cases/…` file `shown` again, against the site's vocabulary.
pub fn reload_case(site: &Site, root: &Path, shown: &str) -> Reload {
    let path = root.join(shown);
    if std::fs::symlink_metadata(&path).is_err() {
        return Reload::Case(None, Vec::new());
    }
    let project = Project::new(root);
    let (raw, problems) = parse_case(&project, &path, shown, &site.taxonomies, &site.config.caveats);
    if problems.iter().any(|p| p.severity == crate::diagnostics::Severity::Error) {
        return Reload::Errors(problems);
    }
    let Some(raw) = raw else { return Reload::Errors(problems) };
    let mut case = raw.case;
    let mut terms = Vec::with_capacity(raw.values.len());
    for (t, values) in raw.values.iter().enumerate() {
        let mut list = Vec::with_capacity(values.len());
        for v in values {
            match v {
                TermValue::Index(i) => list.push(*i),
                TermValue::Year(y) => {
                    let id = y.to_string();
                    match site.taxonomies[t].terms.iter().position(|x| x.id.as_str() == id) {
                        Some(i) => list.push(i),
                        None => return Reload::NeedsFullBuild,
                    }
                }
            }
        }
        terms.push(list);
    }
    case.terms = terms;
    if let Some(other) = site.cases.iter().find(|c| c.id == case.id && c.file != shown) {
        let mut d = Diagnostic::error(shown, format!("the id `{}` is already used by {}", case.id, other.file))
            .help("every case needs its own id; ids are part of the URL");
        d.pos = Some(raw.id_pos);
        d.source_line = raw.id_line;
        let mut all = problems;
        all.push(d);
        return Reload::Errors(all);
    }
    Reload::Case(Some(Box::new(case)), problems)
}

/// The site settings on their own (for `new`, which needs no cases).
pub fn load_vocabulary(root: &Path) -> Result<(SiteConfig, Vec<Taxonomy>), Report> {
    let mut report = Report::default();
    let project = Project::new(root);
    let config = read_yaml_file(&project, "content/site.yaml", config::parse_site, &mut report);
    let taxonomies = read_yaml_file(&project, "content/taxonomies.yaml", config::parse_taxonomies, &mut report);
    match (config, taxonomies) {
        (Some(c), Some(t)) => Ok((c, t)),
        _ => Err(report),
    }
}
