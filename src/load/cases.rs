//! Case files (`content/cases/<id>.md`): front matter checked against the vocabulary, the body in
//! both languages, and the years that become the terms of year taxonomies.

use super::files::Project;
use super::taxonomies::{suggestion, year_label};
use super::text::{self, Bodies};
use super::yaml::{Fields, Node, Value, Yaml};
use crate::diagnostics::{Diagnostic, Pos, Report, Severity};
use crate::model::{Case, CaseId, Caveat, Citation, Markdown, Taxonomy, TaxonomyKind, Term, TermId, Text};
use std::collections::BTreeMap;
use std::path::Path;

/// A term of a case before year terms exist.
pub(super) enum TermValue {
    Index(usize),
    Year(u32),
}

/// A case as read, before its year terms are resolved against the whole collection.
pub(super) struct RawCase {
    pub case: Case,
    pub values: Vec<Vec<TermValue>>,
    pub id_pos: Pos,
    pub id_line: Option<String>,
}

/// Reads one case file. Returns the case if it is usable (it may still have warnings).
pub(super) fn read(
    project: &Project,
    path: &Path,
    shown: &str,
    taxonomies: &[Taxonomy],
    caveats: &[Caveat],
) -> (Option<RawCase>, Vec<Diagnostic>) {
    let text = match text::read_text(project, path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse(&text, &stem, shown, taxonomies, caveats)
}

/// Checks the text of a case file named `<stem>.md` against the vocabulary; returns every problem
/// found. Never panics, whatever the text (see the fuzz tests).
pub fn check_case_text(text: &str, stem: &str, shown: &str, taxonomies: &[Taxonomy]) -> Vec<Diagnostic> {
    parse(text, stem, shown, taxonomies, &[]).1
}

pub(super) fn parse(
    text: &str,
    stem: &str,
    shown: &str,
    taxonomies: &[Taxonomy],
    caveats: &[Caveat],
) -> (Option<RawCase>, Vec<Diagnostic>) {
    let doc = match text::split_front_matter(text, shown) {
        Ok(d) => d,
        Err(d) => return (None, vec![d]),
    };
    let yaml = match Yaml::parse(doc.yaml, doc.yaml_line, shown, text) {
        Ok(y) => y,
        Err(d) => return (None, vec![d]),
    };
    let mut f = Fields::new(&yaml, &yaml.root, true, "the front matter");
    let id = case_id(&mut f, stem);
    let id_pos = f.place("id").pos;
    let number = f.uint("number");
    let title = required_text(&mut f, "title");
    let summary = required_text(&mut f, "summary");
    let incident = f.bool("incident");
    if !f.has("incident") {
        let d = yaml.error(&yaml.root, "the required field `incident` is missing").help(
            "incident: true for a case where an incident happened, false for a company that prepared without one",
        );
        f.problems.push(d);
    }
    let values: Vec<Vec<TermValue>> =
        taxonomies.iter().map(|t| read_terms(&mut f, t, incident.unwrap_or(true))).collect();
    let citation = read_citation(&mut f);
    let caveats = read_caveats(&mut f, caveats);
    let mut problems = f.finish(&[]);

    let (bodies, body_problems) = text::split_languages(doc.body, doc.body_line, shown, text);
    problems.extend(body_problems);
    let body = body_markdown(&bodies, shown, text, &mut problems, "case");

    let usable = !problems.iter().any(|p| p.severity == Severity::Error);
    let case = match (id, title, summary, incident, body) {
        (Some(id), Some(title), Some(summary), Some(incident), Some(body)) if usable => Some(RawCase {
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
                hash: hash_text(text),
            },
            values,
            id_line: text.lines().nth(id_pos.line - 1).map(str::to_owned),
            id_pos,
        }),
        _ => None,
    };
    (case, problems)
}

/// The case's `id`: valid, and the same as the file name.
fn case_id(f: &mut Fields, stem: &str) -> Option<CaseId> {
    let id = f.required_string("id", "the case's URL name, the same as its file name")?;
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
}

pub(super) fn hash_text(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn suggested_id(text: &str) -> String {
    let s: String =
        text.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() { "ipa2017-001".into() } else { s }
}

/// A `{ja, en}` text that must exist; a missing English text is a warning.
pub(super) fn required_text(f: &mut Fields, name: &str) -> Option<Text> {
    let text = f.text(name, true)?;
    if text.en.is_none() {
        let d = f.yaml().warning(f.place(name), format!("`{name}` has no English text (`en`)")).help(
            "the English page shows the Japanese text until the translation is added; `build --strict` refuses this",
        );
        f.problems.push(d);
    }
    Some(text)
}

/// The Markdown of a body in both languages; the Japanese text is required.
pub(super) fn body_markdown(
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
    let text = Text { ja: bodies.ja.to_owned(), en };
    let links = links_in(&text);
    Some(Markdown {
        text,
        file: shown.to_owned(),
        ja_line: bodies.ja_line,
        en_line: bodies.en.map_or(0, |(_, l)| l),
        exact_lines: true,
        links,
    })
}

/// The `@/…` targets a text links to, in either language: after `](` or `]: ` (inline and
/// reference links). An over-count only makes incremental rebuilds a little more careful.
pub fn links_in(text: &Text) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in std::iter::once(text.ja.as_str()).chain(text.en.as_deref()) {
        for at in memchr::memmem::find_iter(t.as_bytes(), b"@/") {
            let before = &t[..at];
            if !(before.ends_with("](") || before.trim_end().ends_with("]:") || before.ends_with('<')) {
                continue;
            }
            let rest = &t[at + 2..];
            let end = rest.find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"').unwrap_or(rest.len());
            out.push(rest[..end].to_owned());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The codes a case gives for one taxonomy, checked against its vocabulary.
fn read_terms(f: &mut Fields, tax: &Taxonomy, incident: bool) -> Vec<TermValue> {
    if tax.derived_from.is_some() {
        return Vec::new(); // filled from the taxonomy it is made of (`fill_group_facets`)
    }
    let field = tax.field.as_str();
    if field == "collection" && !f.has(field) {
        f.get(field);
        let codes: Vec<&str> = tax.terms.iter().map(|t| t.id.as_str()).collect();
        let d = f
            .yaml()
            .error(f.node(), "the required field `collection` is missing")
            .help(format!("the published collection the case comes from: {}", codes.join(", ")));
        f.problems.push(d);
        return Vec::new();
    }
    let items: Vec<(String, &Node)> = if tax.multiple {
        f.string_list(field).into_iter().map(|(s, n)| (s.to_owned(), n)).collect()
    } else {
        match f.get(field) {
            None => Vec::new(),
            Some(n) if matches!(n.value, Value::Seq(_)) => {
                f.error_at(n, format!("`{field}` takes one code, not a list"));
                Vec::new()
            }
            Some(n) if matches!(n.value, Value::Str(_) | Value::Int(_) | Value::Float(_)) => vec![(n.scalar_text(), n)],
            Some(n) => {
                let t = n.type_name();
                f.error_at(n, format!("`{field}` must be a code, found {t}"));
                Vec::new()
            }
        }
    };
    let mut out = Vec::new();
    for (code, node) in items {
        if code == "unknown" {
            continue;
        }
        if tax.incident_only && !incident {
            f.error_at(node, format!("`{field}` is only for cases with `incident: true`")).help = Some(format!(
                "a case without an incident has no {}; remove `{field}` or write `unknown`",
                tax.label.en.to_lowercase()
            ));
            continue;
        }
        let Some(value) = term_value(f, tax, &code, node) else { continue };
        let dup = out.iter().any(|v: &TermValue| match (v, &value) {
            (TermValue::Index(a), TermValue::Index(b)) => a == b,
            (TermValue::Year(a), TermValue::Year(b)) => a == b,
            _ => false,
        });
        if dup {
            f.error_at(node, format!("`{code}` is listed twice in `{field}`"));
            continue;
        }
        out.push(value);
    }
    out
}

fn term_value(f: &mut Fields, tax: &Taxonomy, code: &str, node: &Node) -> Option<TermValue> {
    match tax.kind {
        TaxonomyKind::Year => match code.parse::<u32>() {
            Ok(y) if (1900..=2100).contains(&y) => Some(TermValue::Year(y)),
            _ => {
                f.error_at(node, format!("`{code}` is not a year")).help =
                    Some("write a year such as 2013, or `unknown` when the source does not give it".into());
                None
            }
        },
        TaxonomyKind::Terms => match tax.terms.iter().position(|t| t.id.as_str() == code) {
            Some(i) => Some(TermValue::Index(i)),
            None => {
                let codes: Vec<&str> = tax.terms.iter().map(|t| t.id.as_str()).collect();
                let help = suggestion(code, &codes);
                f.error_at(node, format!("unknown {} code `{code}`", tax.name)).help = Some(format!(
                    "{help}. New terms are added in content/taxonomies.yaml; write `unknown` when the source does not say"
                ));
                None
            }
        },
    }
}

/// `source: {page: 34, ref: {ja, en}, note: {ja, en}}`: where in its source the case is printed.
fn read_citation(f: &mut Fields) -> Citation {
    let Some(node) = f.get("source") else { return Citation::default() };
    let mut s = Fields::new(f.yaml(), node, false, "`source`");
    let citation = Citation { page: s.uint("page"), reference: s.text("ref", false), note: s.text("note", false) };
    f.problems.extend(s.finish(&[]));
    citation
}

/// `caveats: [code, …]`, checked against the caveats of `site.yaml`.
fn read_caveats(f: &mut Fields, defined: &[Caveat]) -> Vec<usize> {
    let mut out = Vec::new();
    for (code, node) in f.string_list("caveats") {
        match defined.iter().position(|c| c.code.as_str() == code) {
            Some(i) if out.contains(&i) => {
                f.error_at(node, format!("the caveat `{code}` is listed twice"));
            }
            Some(i) => out.push(i),
            None => {
                let codes: Vec<&str> = defined.iter().map(|c| c.code.as_str()).collect();
                let help = if codes.is_empty() {
                    "caveats are defined in content/site.yaml under `caveats:`".to_owned()
                } else {
                    suggestion(code, &codes)
                };
                f.error_at(node, format!("unknown caveat `{code}`")).help = Some(help);
            }
        }
    }
    out
}

pub(super) fn check_duplicate_ids(cases: &[RawCase], report: &mut Report) {
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
pub(super) fn resolve_years(raw: Vec<RawCase>, taxonomies: &mut [Taxonomy]) -> Vec<Case> {
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
        tax.terms = years.iter().map(|y| year_term(*y)).collect();
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
                            TermValue::Year(y) => year_index(&taxonomies[ti], *y).expect("year term was just made"),
                        })
                        .collect()
                })
                .collect();
            fill_group_facets(&mut case, taxonomies);
            case
        })
        .collect()
}

/// A case's terms in facets made of groups: the groups of its terms in the source taxonomy.
pub(super) fn fill_group_facets(case: &mut Case, taxonomies: &[Taxonomy]) {
    for (d, tax) in taxonomies.iter().enumerate() {
        let Some(s) = tax.derived_from else { continue };
        let mut groups: Vec<usize> = Vec::new();
        for &i in &case.terms[s] {
            if let Some(g) = taxonomies[s].terms[i].group
                && !groups.contains(&g)
            {
                groups.push(g);
            }
        }
        case.terms[d] = groups;
    }
}

pub(super) fn year_term(year: u32) -> Term {
    Term {
        id: TermId::parse(&year.to_string()).expect("digits are a valid id"),
        label: year_label(&year.to_string()),
        description: None,
        group: None,
        source: None,
    }
}

pub(super) fn year_index(tax: &Taxonomy, year: u32) -> Option<usize> {
    let id = year.to_string();
    tax.terms.iter().position(|t| t.id.as_str() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_of_a_text_are_found_in_both_languages() {
        let text = Text {
            ja: "[a](@/cases/x.md) と [b](@/pages/g.md#utm)、[c]: @/measures/backups\n`@/not/a/link`".into(),
            en: Some("[a](@/cases/x.md) <@/static/f.pdf>".into()),
        };
        assert_eq!(links_in(&text), ["cases/x.md", "measures/backups", "pages/g.md#utm", "static/f.pdf"]);
    }
}
