//! `content/taxonomies.yaml`: the facets of the cases (incident types, measures, industries, …),
//! their terms, groups and descriptions, in the order of the menus.

use super::yaml::{Fields, Node, Value, Yaml};
use crate::diagnostics::{Diagnostic, did_you_mean, list_allowed};
use crate::model::{Group, Label, Markdown, Source, Taxonomy, TaxonomyKind, TaxonomyName, Term, TermId, slug_problem};

/// Front-matter fields every case has; taxonomy fields may not reuse them.
pub const CORE_FIELDS: &[&str] = &["id", "number", "title", "summary", "incident", "source", "caveats"];

/// URL segments under `{lang}/` that casebook itself uses.
/// `page` is the folder of a list's later pages (`incidents/virus/page/2/`): a taxonomy of that name would
/// give a combination page the path of a pager page. `booklets` holds the booklets of site.yaml.
pub const RESERVED_NAMES: &[&str] =
    &["cases", "search", "print", "overview", "static", "index", "404", "feed", "atom", "page", "booklets"];

/// Parses `taxonomies.yaml`: a mapping from taxonomy name to its definition, in display order.
pub fn parse(text: &str, shown: &str) -> Result<Vec<Taxonomy>, Vec<Diagnostic>> {
    let yaml = Yaml::parse(text, 1, shown, text).map_err(|d| vec![d])?;
    let Value::Map(entries) = &yaml.root.value else {
        return Err(vec![yaml.error(&yaml.root, "taxonomies.yaml must map each taxonomy name to its definition").help(
            "e.g.\nincidents:\n  field: incident_types\n  multiple: true\n  label: {ja: 事故の種類, en: Incident types}\n  terms: [...]",
        )]);
    };
    let mut problems = Vec::new();
    let mut taxonomies = Vec::new();
    let mut fields_seen: Vec<String> = Vec::new();
    for (name_node, def) in entries {
        let Some((t, grouped)) = taxonomy(&yaml, name_node, def, &mut fields_seen, &mut problems) else { continue };
        // A facet of groups comes just before its taxonomy: 地方, then 都道府県.
        if let Some(facet) = grouped {
            taxonomies.push(group_facet(&t, taxonomies.len() + 1, facet));
        }
        taxonomies.push(t);
    }
    check_unique_names(&yaml, entries, &taxonomies, &mut problems);
    if problems.is_empty() && !taxonomies.iter().any(|t| t.field == "collection") {
        problems.push(
            Diagnostic::error(shown, "no taxonomy uses the field `collection`")
                .help("every case names the collection it comes from; add a taxonomy (e.g. `collections`) with `field: collection` and one term per published source"),
        );
    }
    if problems.is_empty() { Ok(taxonomies) } else { Err(problems) }
}

/// A facet made of a taxonomy's groups (`groups_facet: {name: regions, label: {…}}`).
struct GroupFacet {
    name: TaxonomyName,
    label: Label,
    description: Option<Markdown>,
}

fn group_facet(source: &Taxonomy, index: usize, facet: GroupFacet) -> Taxonomy {
    Taxonomy {
        name: facet.name,
        field: String::new(),
        label: facet.label,
        multiple: source.multiple,
        ordered: true,
        kind: TaxonomyKind::Terms,
        incident_only: source.incident_only,
        groups: Vec::new(),
        terms: source
            .groups
            .iter()
            .map(|g| Term { id: g.id.clone(), label: g.label.clone(), description: None, group: None, source: None })
            .collect(),
        description: facet.description,
        groups_facet: None,
        derived_from: Some(index),
    }
}

/// No two facets may share a name (a group facet is named by its taxonomy).
fn check_unique_names(yaml: &Yaml, entries: &[(Node, Node)], taxonomies: &[Taxonomy], problems: &mut Vec<Diagnostic>) {
    for (i, t) in taxonomies.iter().enumerate() {
        if taxonomies[..i].iter().any(|o| o.name == t.name) {
            // Point at the `groups_facet` name that repeats a taxonomy's, else at the taxonomy.
            let named = |n: &Node| n.scalar_text() == t.name.as_str();
            let in_group_facet =
                entries.iter().filter_map(|(_, def)| def.get("groups_facet")?.get("name")).find(|n| named(n));
            let key = || entries.iter().map(|(k, _)| k).find(|k| named(k));
            let in_group_facet = in_group_facet.or_else(key);
            let node = in_group_facet.unwrap_or(&yaml.root);
            problems.push(
                yaml.error(node, format!("two facets are named `{}`", t.name))
                    .help("a `groups_facet` takes a name no taxonomy has"),
            );
        }
    }
}

fn taxonomy(
    yaml: &Yaml,
    name_node: &Node,
    def: &Node,
    fields_seen: &mut Vec<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Taxonomy, Option<GroupFacet>)> {
    let name_text = name_node.scalar_text();
    let name = match TaxonomyName::parse(&name_text) {
        Ok(n) if !RESERVED_NAMES.contains(&n.as_str()) => Some(n),
        Ok(_) => {
            problems.push(
                yaml.error(name_node, format!("`{name_text}` is reserved for casebook's own pages"))
                    .help(format!("pick another name; reserved: {}", RESERVED_NAMES.join(", "))),
            );
            None
        }
        Err(why) => {
            problems.push(yaml.error(name_node, format!("`{name_text}` is not a valid taxonomy name: {why}")));
            None
        }
    };
    let mut f = Fields::new(yaml, def, false, &format!("taxonomy `{name_text}`"));
    let field = f.required_string("field", "the front-matter field that holds this taxonomy's codes");
    if let Some(field) = field {
        if CORE_FIELDS.contains(&field) {
            f.error("field", format!("`{field}` is a built-in case field")).help =
                Some(format!("built-in fields: {}", CORE_FIELDS.join(", ")));
        } else if fields_seen.iter().any(|s| s == field) {
            f.error("field", format!("another taxonomy already uses the field `{field}`"));
        } else if slug_problem(&field.replace('_', "-")).is_some() {
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
    let groups = groups(&mut f);
    let grouped = groups_facet(&mut f, &groups);
    let terms = if kind == TaxonomyKind::Year {
        if f.has("terms") {
            f.error("terms", "a year taxonomy takes its terms from the cases; remove `terms`");
        }
        Vec::new()
    } else {
        terms(&mut f, &groups)
    };
    problems.extend(f.finish(&[]));
    let (name, field, label) = (name?, field?, label?);
    let groups_facet = grouped.as_ref().map(|g| g.name.as_str().to_owned());
    let taxonomy = Taxonomy {
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
        groups_facet,
        derived_from: None,
    };
    Some((taxonomy, grouped))
}

/// `groups_facet: {name, label, description}`: the taxonomy's groups as a facet of their own.
fn groups_facet(f: &mut Fields, groups: &[Group]) -> Option<GroupFacet> {
    let node = f.get("groups_facet")?;
    if groups.is_empty() {
        f.error_at(node, "`groups_facet` makes a facet of the taxonomy's `groups`, and it has none");
        return None;
    }
    let mut g = Fields::new(f.yaml(), node, false, "groups_facet");
    let name =
        g.required_string("name", "the facet's URL name, e.g. regions").and_then(|n| match TaxonomyName::parse(n) {
            Ok(n) if !RESERVED_NAMES.contains(&n.as_str()) => Some(n),
            _ => {
                g.error("name", format!("`{n}` is not a name a facet can have")).help =
                    Some("[a-z0-9-]+, not one casebook uses itself".into());
                None
            }
        });
    let label = g.label("label");
    let description = markdown_field(&mut g, "description");
    f.problems.extend(g.finish(&[]));
    Some(GroupFacet { name: name?, label: label?, description })
}

/// The items of a list field, each as its own mapping.
fn items<'y>(f: &mut Fields<'y, '_>, key: &str, what: &str) -> Option<&'y [Node]> {
    let node = f.get(key)?;
    match &node.value {
        Value::Seq(items) => Some(items),
        _ => {
            f.error_at(node, format!("`{key}` must be a list of {what}"));
            None
        }
    }
}

fn groups(f: &mut Fields) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for item in items(f, "groups", "{code, label}").unwrap_or_default() {
        let mut g = Fields::new(f.yaml(), item, false, "a group");
        let id = code_field(&mut g, groups.iter().map(|x| x.id.as_str()));
        let label = g.label("label");
        f.problems.extend(g.finish(&[]));
        if let (Some(id), Some(label)) = (id, label) {
            groups.push(Group { id, label });
        }
    }
    groups
}

fn terms(f: &mut Fields, groups: &[Group]) -> Vec<Term> {
    if !f.has("terms") {
        f.get("terms");
        let node = f.node();
        f.error_at(node, "the taxonomy has no `terms`").help =
            Some("list its vocabulary: terms: [{code: …, label: {ja: …, en: …}}, …]".into());
        return Vec::new();
    }
    let mut terms: Vec<Term> = Vec::new();
    for item in items(f, "terms", "{code, label, description}").unwrap_or_default() {
        let mut t = Fields::new(f.yaml(), item, false, "a term");
        let id = code_field(&mut t, terms.iter().map(|x| x.id.as_str()));
        let label = t.label("label");
        let description = markdown_field(&mut t, "description");
        let group = term_group(&mut t, groups);
        let source = source(&mut t);
        f.problems.extend(t.finish(&[]));
        if let (Some(id), Some(label)) = (id, label) {
            terms.push(Term { id, label, description, group, source });
        }
    }
    terms
}

/// The group a term names; required when the taxonomy has groups.
fn term_group(t: &mut Fields, groups: &[Group]) -> Option<usize> {
    match t.string("group") {
        None if !groups.is_empty() => {
            let msg = format!(
                "the term has no `group`; this taxonomy groups its terms into: {}",
                list_allowed(groups.iter().map(|g| g.id.as_str()), 10)
            );
            t.error("code", msg);
            None
        }
        None => None,
        Some(g) => match groups.iter().position(|x| x.id.as_str() == g) {
            Some(i) => Some(i),
            None => {
                let codes: Vec<&str> = groups.iter().map(|x| x.id.as_str()).collect();
                t.error("group", format!("unknown group `{g}`")).help = Some(suggestion(g, &codes));
                None
            }
        },
    }
}

fn source(t: &mut Fields) -> Option<Source> {
    let node = t.get("source")?;
    let mut s = Fields::new(t.yaml(), node, false, "source");
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
fn code_field<'e>(f: &mut Fields, mut existing: impl Iterator<Item = &'e str>) -> Option<TermId> {
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
        Ok(id) if existing.any(|e| e == id.as_str()) => {
            f.error("code", format!("the code `{code}` is defined twice"));
            None
        }
        Ok(id) => Some(id),
    }
}

/// An optional `{ja, en}` Markdown field; positions are kept for link errors inside it.
pub fn markdown_field(f: &mut Fields, name: &str) -> Option<Markdown> {
    let (text, ja, en) = f.text_nodes(name, false, true)?;
    let links = super::cases::links_in(&text);
    let file = f.yaml().shown.to_owned();
    Some(Markdown { text, file, ja_line: ja.pos.line, en_line: en.pos.line, exact_lines: false, links })
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
        let t = parse(TAX, "content/taxonomies.yaml").unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].terms[0].source.as_ref().unwrap().year, Some(2017));
        assert_eq!(t[1].terms[0].group, Some(0));
        assert_eq!(t[2].kind, TaxonomyKind::Year);
        assert!(t[2].incident_only);
    }

    #[test]
    fn unknown_group_is_reported_with_line_and_suggestion() {
        let text = TAX.replace("group: human", "group: humna");
        let errors = parse(&text, "content/taxonomies.yaml").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location(), "content/taxonomies.yaml:21:14");
        assert!(errors[0].help.as_deref().unwrap().contains("did you mean `human`"));
    }

    #[test]
    fn duplicate_and_malformed_codes_are_errors() {
        let text = TAX.replace("code: staff-training", "code: Staff Training");
        let errors = parse(&text, "t.yaml").unwrap_err();
        assert!(errors[0].message.contains("not a valid code"), "{errors:?}");
        assert_eq!(errors[0].pos.unwrap().line, 19);
    }

    #[test]
    fn missing_english_label_is_an_error() {
        let text = TAX.replace("label: {ja: 教育, en: Training}", "label: {ja: 教育}");
        let errors = parse(&text, "t.yaml").unwrap_err();
        assert!(errors[0].message.contains("no English text"), "{errors:?}");
        assert_eq!(errors[0].pos.unwrap().line, 20);
    }

    #[test]
    fn a_taxonomy_named_page_would_collide_with_the_pagers_and_is_refused() {
        let text = TAX.replace("measures:\n  field: measures", "page:\n  field: measures");
        let errors = parse(&text, "t.yaml").unwrap_err();
        assert!(errors[0].message.contains("`page` is reserved"), "{errors:?}");
        assert_eq!(errors[0].pos.unwrap().line, 11);
    }
}
