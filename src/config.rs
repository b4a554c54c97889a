//! `content/site.yaml` and `content/taxonomies.yaml`: the site's settings and its vocabulary.

use crate::diagnostics::{Diagnostic, did_you_mean, list_allowed};
use crate::ids::{TaxonomyName, TermId};
use crate::lang::{Label, Lang};
use crate::model::{Caveat, Group, Markdown, SiteConfig, Source, Taxonomy, TaxonomyKind, Term};
use crate::yaml::{Fields, Seg, Yaml, key, scalar_text};
use serde_yaml::Value;

/// Front-matter fields every case has; taxonomy fields may not reuse them.
pub const CORE_FIELDS: &[&str] = &["id", "number", "title", "summary", "incident", "source", "caveats"];

/// URL segments under `{lang}/` that casebook itself uses.
pub const RESERVED_NAMES: &[&str] = &["cases", "search", "print", "overview", "static", "index", "404", "feed", "atom"];

/// Parses `site.yaml` (already read into `text`).
pub fn parse_site(text: &str, shown: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let yaml = Yaml::parse(text, 1, shown, text).map_err(|d| vec![d])?;
    let mut f = Fields::new(&yaml, &yaml.value, vec![], "site.yaml");
    let title = f.label("title");
    let description = f.label("description");
    let default_lang = match f.string("default_language") {
        None => Some(Lang::Ja),
        Some(code) => match Lang::parse(code) {
            Some(l) => Some(l),
            None => {
                f.error("default_language", format!("unknown language `{code}`")).help =
                    Some("use `ja` or `en`".into());
                None
            }
        },
    };
    let base_url = f.string("base_url").and_then(|url| {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            f.error("base_url", format!("`{url}` is not an absolute http(s) URL")).help =
                Some("write the address where the site will be published, e.g. https://example.org/casebook/".into());
            None
        } else if url.ends_with('/') {
            Some(url.to_owned())
        } else {
            Some(format!("{url}/"))
        }
    });
    let theme = f.string("theme").unwrap_or("default").to_owned();
    let print_booklets = f.bool("print_booklets").unwrap_or(true);
    let matrix = f.get("matrix").map(|_| {
        let p = f.path_to("matrix");
        let yaml = f.yaml();
        let value = yaml_value(yaml, &p);
        let mut m = Fields::new(yaml, value, p, "matrix");
        let rows = m.required_string("rows", "the taxonomy whose terms are the rows, e.g. measures").map(str::to_owned);
        let columns =
            m.required_string("columns", "the taxonomy whose terms are the columns, e.g. incidents").map(str::to_owned);
        f.problems.extend(m.finish(&[]));
        (rows.unwrap_or_default(), columns.unwrap_or_default())
    });
    let paginate_by = f.uint("paginate_by").map(|n| n as usize);
    let caveats = parse_caveats(&mut f);
    if crate::ids::slug_problem(&theme).is_some() {
        f.error("theme", format!("`{theme}` is not a valid theme name")).help =
            Some("a theme is a folder under themes/ named with [a-z0-9-]+".into());
    }
    let problems = f.finish(&[]);
    match (title, description, default_lang, problems.is_empty()) {
        (Some(title), Some(description), Some(default_lang), true) => Ok(SiteConfig {
            title,
            description,
            default_lang,
            base_url,
            theme,
            print_booklets,
            paginate_by,
            matrix,
            caveats,
        }),
        _ => Err(problems),
    }
}

/// `caveats: {code: {taxonomy: prefectures, text: {ja, en}}}` of `site.yaml`.
fn parse_caveats(f: &mut Fields) -> Vec<Caveat> {
    let Some(value) = f.get("caveats") else { return Vec::new() };
    let Value::Mapping(map) = value else {
        f.error("caveats", "`caveats` maps a code to {taxonomy: …, text: {ja: …, en: …}}");
        return Vec::new();
    };
    let yaml = f.yaml();
    let base = f.path_to("caveats");
    let mut out = Vec::new();
    for (k, v) in map {
        let name = scalar_text(k);
        let mut path = base.clone();
        path.push(key(&name));
        let code = match TermId::parse(&name) {
            Ok(c) => Some(c),
            Err(why) => {
                f.problems.push(yaml.key_error(&path, format!("`{name}` is not a valid caveat code: {why}")));
                None
            }
        };
        let mut c = Fields::new(yaml, v, path, "a caveat");
        let taxonomy =
            c.required_string("taxonomy", "the taxonomy whose fact it qualifies, e.g. prefectures").map(str::to_owned);
        let text = c.label("text");
        f.problems.extend(c.finish(&[]));
        if let (Some(code), Some(taxonomy), Some(text)) = (code, taxonomy, text) {
            out.push(Caveat { code, taxonomy, text });
        }
    }
    out
}

/// The value at `path` of a parsed document (for nested `Fields`).
fn yaml_value<'y>(yaml: &'y Yaml, path: &[Seg]) -> &'y Value {
    let mut v = &yaml.value;
    for seg in path {
        v = match (seg, v) {
            (Seg::Key(k), Value::Mapping(m)) => m.get(k.as_str()).unwrap_or(&Value::Null),
            (Seg::Index(i), Value::Sequence(s)) => s.get(*i).unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    v
}

/// Parses `taxonomies.yaml`: a mapping from taxonomy name to its definition, in display order.
pub fn parse_taxonomies(text: &str, shown: &str) -> Result<Vec<Taxonomy>, Vec<Diagnostic>> {
    let yaml = Yaml::parse(text, 1, shown, text).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let Value::Mapping(map) = &yaml.value else {
        return Err(vec![yaml.error(&[], "taxonomies.yaml must map each taxonomy name to its definition").help(
            "e.g.\nincidents:\n  field: incident_types\n  multiple: true\n  label: {ja: 事故の種類, en: Incident types}\n  terms: [...]",
        )]);
    };
    let mut taxonomies = Vec::new();
    let mut fields_seen: Vec<String> = Vec::new();
    for (name_value, def) in map {
        let name_text = scalar_text(name_value);
        let path = vec![key(&name_text)];
        let name = match TaxonomyName::parse(&name_text) {
            Ok(n) if !RESERVED_NAMES.contains(&n.as_str()) => Some(n),
            Ok(_) => {
                problems.push(
                    yaml.key_error(&path, format!("`{name_text}` is reserved for casebook's own pages"))
                        .help(format!("pick another name; reserved: {}", RESERVED_NAMES.join(", "))),
                );
                None
            }
            Err(why) => {
                problems.push(yaml.key_error(&path, format!("`{name_text}` is not a valid taxonomy name: {why}")));
                None
            }
        };
        let mut f = Fields::new(&yaml, def, path.clone(), &format!("taxonomy `{name_text}`"));
        let field = f.required_string("field", "the front-matter field that holds this taxonomy's codes");
        if let Some(field) = field {
            if CORE_FIELDS.contains(&field) {
                f.error("field", format!("`{field}` is a built-in case field")).help =
                    Some(format!("built-in fields: {}", CORE_FIELDS.join(", ")));
            } else if fields_seen.iter().any(|s| s == field) {
                f.error("field", format!("another taxonomy already uses the field `{field}`"));
            } else if crate::ids::slug_problem(&field.replace('_', "-")).is_some() {
                f.error("field", format!("`{field}` is not a valid field name")).help =
                    Some("use lowercase letters, digits and `_`".into());
            }
            fields_seen.push(field.to_owned());
        }
        let label = f.label("label");
        let multiple = f.bool("multiple").unwrap_or(false);
        let ordered = f.bool("ordered").unwrap_or(false);
        let incident_only = f.bool("incident_only").unwrap_or(false);
        let kind = match f.string("kind") {
            None | Some("terms") => TaxonomyKind::Terms,
            Some("year") => TaxonomyKind::Year,
            Some(other) => {
                f.error("kind", format!("unknown taxonomy kind `{other}`")).help =
                    Some("`terms` (a listed vocabulary, the default) or `year` (years taken from the cases)".into());
                TaxonomyKind::Terms
            }
        };
        if kind == TaxonomyKind::Year && multiple {
            f.error("multiple", "a year taxonomy holds one year per case; remove `multiple: true`");
        }
        let description = markdown_field(&mut f, "description");
        let groups = parse_groups(&mut f);
        let terms = if kind == TaxonomyKind::Year {
            if f.has("terms") {
                f.error("terms", "a year taxonomy takes its terms from the cases; remove `terms`");
            }
            Vec::new()
        } else {
            parse_terms(&mut f, &groups)
        };
        problems.extend(f.finish(&[]));
        if let (Some(name), Some(field), Some(label)) = (name, field, label) {
            taxonomies.push(Taxonomy {
                name,
                field: field.to_owned(),
                label,
                multiple,
                ordered,
                kind,
                incident_only,
                groups,
                terms,
                description,
            });
        }
    }
    if problems.is_empty() && !taxonomies.iter().any(|t| t.field == "collection") {
        problems.push(
            Diagnostic::error(shown, "no taxonomy uses the field `collection`")
                .help("every case names the collection it comes from; add a taxonomy (e.g. `collections`) with `field: collection` and one term per published source"),
        );
    }
    if problems.is_empty() { Ok(taxonomies) } else { Err(problems) }
}

fn parse_groups(f: &mut Fields) -> Vec<Group> {
    let mut groups = Vec::new();
    let Some(value) = f.get("groups") else { return groups };
    let path = f.path_to("groups");
    let Value::Sequence(items) = value else {
        f.error("groups", "`groups` must be a list of {code, label}");
        return groups;
    };
    let yaml = f.yaml();
    for (i, item) in items.iter().enumerate() {
        let mut p = path.clone();
        p.push(Seg::Index(i));
        let mut g = Fields::new(yaml, item, p, "a group");
        let id = code_field(&mut g, groups.iter().map(|x: &Group| x.id.as_str()));
        let label = g.label("label");
        f.problems.extend(g.finish(&[]));
        if let (Some(id), Some(label)) = (id, label) {
            groups.push(Group { id, label });
        }
    }
    groups
}

fn parse_terms(f: &mut Fields, groups: &[Group]) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let path = f.path_to("terms");
    let Some(value) = f.get("terms") else {
        f.error_at(&path[..path.len() - 1], "the taxonomy has no `terms`").help =
            Some("list its vocabulary: terms: [{code: …, label: {ja: …, en: …}}, …]".into());
        return terms;
    };
    let Value::Sequence(items) = value else {
        f.error("terms", "`terms` must be a list of {code, label, description}");
        return terms;
    };
    let yaml = f.yaml();
    for (i, item) in items.iter().enumerate() {
        let mut p = path.clone();
        p.push(Seg::Index(i));
        let mut t = Fields::new(yaml, item, p, "a term");
        let id = code_field(&mut t, terms.iter().map(|x| x.id.as_str()));
        let label = t.label("label");
        let description = markdown_field(&mut t, "description");
        let group = match t.string("group") {
            None if !groups.is_empty() => {
                let msg = format!(
                    "the term has no `group`; this taxonomy groups its terms into: {}",
                    list_allowed(groups.iter().map(|g| g.id.as_str()), 10)
                );
                let p = t.path_to("code");
                t.error_at(&p, msg);
                None
            }
            None => None,
            Some(g) => match groups.iter().position(|x| x.id.as_str() == g) {
                Some(i) => Some(i),
                None => {
                    let codes: Vec<&str> = groups.iter().map(|x| x.id.as_str()).collect();
                    let help = suggestion(g, &codes);
                    t.error("group", format!("unknown group `{g}`")).help = Some(help);
                    None
                }
            },
        };
        let source = parse_source(&mut t);
        f.problems.extend(t.finish(&[]));
        if let (Some(id), Some(label)) = (id, label) {
            terms.push(Term { id, label, description, group, source });
        }
    }
    terms
}

fn parse_source(t: &mut Fields) -> Option<Source> {
    let value = t.get("source")?;
    let mut s = Fields::new(t.yaml(), value, t.path_to("source"), "source");
    let publisher = s.label("publisher");
    let title = s.label("title");
    let year = s.uint("year");
    let url = s.string("url").map(str::to_owned);
    let note = s.text("note", false);
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        s.error("url", format!("`{u}` is not an absolute http(s) address"));
    }
    t.problems.extend(s.finish(&[]));
    Some(Source { publisher: publisher?, title: title?, year, url, note })
}

/// The `code` of a term or group: a valid id, unique among `existing`.
fn code_field<'e>(f: &mut Fields, existing: impl Iterator<Item = &'e str>) -> Option<TermId> {
    let code = f.required_string("code", "the stable code used in front matter and URLs")?;
    match TermId::parse(code) {
        Err(why) => {
            f.error("code", format!("`{code}` is not a valid code: {why}"));
            None
        }
        Ok(id) if id.as_str() == "unknown" => {
            f.error("code", "`unknown` is reserved: it marks a fact the source does not give");
            None
        }
        Ok(id) => {
            let mut existing = existing;
            if existing.any(|e| e == id.as_str()) {
                f.error("code", format!("the code `{code}` is defined twice"));
                None
            } else {
                Some(id)
            }
        }
    }
}

/// An optional `{ja, en}` Markdown field; positions are kept for link errors inside it.
pub fn markdown_field(f: &mut Fields, name: &str) -> Option<Markdown> {
    let text = f.text(name, false)?;
    let yaml = f.yaml();
    let mut p = f.path_to(name);
    p.push(key("ja"));
    let ja_line = yaml.pos(&p).line;
    *p.last_mut().expect("non-empty") = key("en");
    let en_line = yaml.pos(&p).line;
    Some(Markdown { text, file: yaml.shown.to_owned(), ja_line, en_line, exact_lines: false })
}

/// "did you mean `x`? Allowed: …" for an unknown code.
pub fn suggestion(word: &str, codes: &[&str]) -> String {
    match did_you_mean(word, codes.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? Allowed: {}", list_allowed(codes.iter().copied(), 50)),
        None => format!("allowed: {}", list_allowed(codes.iter().copied(), 50)),
    }
}

/// Format of a year term's label.
pub fn year_label(year: &str) -> Label {
    Label { ja: format!("{year}年"), en: year.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAX: &str = "\
collections:
  field: collection
  label: {ja: 出典, en: Collections}
  terms:
    - code: ipa-2017
      label: {ja: IPA 2017, en: IPA 2017}
      source:
        publisher: {ja: IPA, en: IPA}
        title: {ja: 事例集, en: Cases}
        year: 2017
measures:
  field: measures
  multiple: true
  label: {ja: 対策, en: Measures}
  groups:
    - code: human
      label: {ja: 人的, en: Human}
  terms:
    - code: staff-training
      label: {ja: 教育, en: Training}
      group: human
years:
  field: incident_year
  kind: year
  incident_only: true
  label: {ja: 発生年, en: Year}
";

    #[test]
    fn parses_a_vocabulary_with_groups_sources_and_years() {
        let t = parse_taxonomies(TAX, "content/taxonomies.yaml").unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].terms[0].source.as_ref().unwrap().year, Some(2017));
        assert_eq!(t[1].terms[0].group, Some(0));
        assert_eq!(t[2].kind, TaxonomyKind::Year);
        assert!(t[2].incident_only);
    }

    #[test]
    fn unknown_group_is_reported_with_line_and_suggestion() {
        let text = TAX.replace("group: human", "group: humna");
        let errors = parse_taxonomies(&text, "content/taxonomies.yaml").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location(), "content/taxonomies.yaml:21:14");
        assert!(errors[0].help.as_deref().unwrap().contains("did you mean `human`"));
    }

    #[test]
    fn duplicate_and_malformed_codes_are_errors() {
        let text = TAX.replace("code: staff-training", "code: Staff Training");
        let errors = parse_taxonomies(&text, "t.yaml").unwrap_err();
        assert!(errors[0].message.contains("not a valid code"), "{errors:?}");
        assert_eq!(errors[0].pos.unwrap().line, 19);
    }

    #[test]
    fn missing_english_label_is_an_error() {
        let text = TAX.replace("label: {ja: 教育, en: Training}", "label: {ja: 教育}");
        let errors = parse_taxonomies(&text, "t.yaml").unwrap_err();
        assert!(errors[0].message.contains("no English text"), "{errors:?}");
        assert_eq!(errors[0].pos.unwrap().line, 20);
    }

    #[test]
    fn site_config_normalises_base_url_and_rejects_bad_values() {
        let ok = parse_site(
            "title: {ja: 事例, en: Cases}\ndescription: {ja: 説明, en: About}\nbase_url: https://example.org/cb\n",
            "s",
        )
        .unwrap();
        assert_eq!(ok.base_url.as_deref(), Some("https://example.org/cb/"));
        assert_eq!(ok.default_lang, Lang::Ja);
        let errors = parse_site("title: {ja: 事例, en: Cases}\ndescription: {ja: 説明, en: About}\nbase_url: example.org\ndefault_language: fr\nthem: x\n", "s").unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.pos.unwrap().line).collect();
        assert_eq!(lines, vec![4, 3, 5], "{errors:?}");
    }
}
