//! `content/site.yaml`: the site's title, languages, address, theme and options.

use super::yaml::{Fields, Value, Yaml};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Pos;
use crate::model::{
    BookletConfig, BookletId, Caveat, Combination, DEFAULT_BOOKLET_MAX_CASES, Date, Lang, Publisher, Selector,
    SiteConfig, TermId, slug_problem,
};

/// Parses `site.yaml` (already read into `text`).
pub fn parse(text: &str, shown: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let yaml = Yaml::parse(text, 1, shown, text).map_err(|d| vec![d])?;
    let mut f = Fields::new(&yaml, &yaml.root, true, "site.yaml");
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
    let base_url = base_url(&mut f);
    let theme = f.string("theme").unwrap_or("default").to_owned();
    let print_booklets = f.bool("print_booklets").unwrap_or(true);
    let booklet_max_cases = booklet_max_cases(&mut f);
    let pdf = f.bool("pdf").unwrap_or(false);
    let matrix = matrix(&mut f);
    let paginate_by = paginate_by(&mut f);
    let combinations = combinations(&mut f);
    let caveats = caveats(&mut f);
    let publisher = publisher(&mut f);
    let licence = f.has("licence").then(|| f.label("licence")).flatten();
    let edition = f.has("edition").then(|| f.label("edition")).flatten();
    let updated = updated(&mut f);
    let booklets = booklets(&mut f);
    if slug_problem(&theme).is_some() {
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
            booklet_max_cases,
            pdf,
            paginate_by,
            combinations,
            matrix,
            caveats,
            publisher,
            licence,
            updated,
            edition,
            booklets,
        }),
        _ => Err(problems),
    }
}

/// `base_url`: an absolute http(s) address, stored with a final `/`.
fn base_url(f: &mut Fields) -> Option<String> {
    let url = f.string("base_url")?;
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
        f.error("base_url", format!("`{url}` is not an absolute http(s) URL")).help =
            Some("write the address where the site will be published, e.g. https://example.org/casebook/".into());
        None
    } else if url.ends_with('/') {
        Some(url.to_owned())
    } else {
        Some(format!("{url}/"))
    }
}

/// An absolute http(s) address (`what` names the field in the message).
fn absolute_url(f: &mut Fields, key: &str, example: &str) -> Option<String> {
    let url = f.string(key)?;
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
        f.error(key, format!("`{url}` is not an absolute http(s) URL")).help = Some(format!("e.g. {example}"));
        None
    } else {
        Some(url.to_owned())
    }
}

/// `publisher: {name: {ja, en}, url: …, contact: {ja, en}}`.
fn publisher(f: &mut Fields) -> Option<Publisher> {
    let node = f.get("publisher")?;
    let mut p = Fields::new(f.yaml(), node, false, "publisher");
    let name = p.label("name");
    let url = absolute_url(&mut p, "url", "https://www.example.or.jp/");
    let contact = p.has("contact").then(|| p.label("contact")).flatten();
    f.problems.extend(p.finish(&[]));
    Some(Publisher { name: name?, url, contact })
}

/// `updated: 2026-12-01`: the date of this edition.
fn updated(f: &mut Fields) -> Option<Date> {
    let node = f.get("updated")?;
    let text = node.scalar_text();
    match Date::parse(&text) {
        Ok(d) => Some(d),
        Err(why) => {
            f.error_at(node, format!("`updated: {text}` is not a date: {why}")).help =
                Some("write the date of this edition, e.g. updated: 2026-12-01".into());
            None
        }
    }
}

/// `booklet_max_cases`: the most cases a booklet holds (larger ones are left out, and said so).
fn booklet_max_cases(f: &mut Fields) -> usize {
    // `uint` refuses 0 and negative numbers with a message of its own.
    f.uint("booklet_max_cases").map_or(DEFAULT_BOOKLET_MAX_CASES, |n| n as usize)
}

/// `paginate_by`: cases per list page, 50 unless set, so that no list page grows with the
/// collection (a page of every case was 12 MB at 10,000 cases).
fn paginate_by(f: &mut Fields) -> usize {
    match f.uint("paginate_by") {
        Some(0) => {
            f.error("paginate_by", "`paginate_by` must be at least 1").help =
                Some("the number of cases on each page of a list, e.g. 50".into());
            DEFAULT_PAGINATE_BY
        }
        Some(n) => n as usize,
        None => DEFAULT_PAGINATE_BY,
    }
}

pub const DEFAULT_PAGINATE_BY: usize = 50;

/// `combinations: [[industries, regions], …]`: pairs of taxonomies whose term pairs get pages of
/// their own (checked against the vocabulary by the loader).
fn combinations(f: &mut Fields) -> Vec<Combination> {
    let Some(node) = f.get("combinations") else { return Vec::new() };
    let help = "write pairs of taxonomy names, e.g. combinations: [[industries, regions], [industries, sizes]]";
    let Value::Seq(items) = &node.value else {
        f.error_at(node, "`combinations` must be a list of pairs of taxonomy names").help = Some(help.into());
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let pair: Option<Vec<(String, Pos)>> = match &item.value {
            Value::Seq(names) if names.len() == 2 => names
                .iter()
                .map(|n| match &n.value {
                    Value::Str(s) => Some((s.clone(), n.pos)),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        match pair {
            Some(p) if p[0].0 != p[1].0 => {
                out.push(Combination { first: p[0].0.clone(), second: p[1].0.clone(), at: [p[0].1, p[1].1] })
            }
            Some(_) => f.error_at(item, "a combination needs two different taxonomies").help = Some(help.into()),
            None => {
                f.error_at(item, "a combination is a pair of taxonomy names, like [industries, regions]").help =
                    Some(help.into())
            }
        }
    }
    out
}

/// `matrix: {rows: measures, columns: incidents}` (checked against the vocabulary by the loader).
fn matrix(f: &mut Fields) -> Option<(String, String)> {
    let node = f.get("matrix")?;
    let mut m = Fields::new(f.yaml(), node, false, "matrix");
    let rows = m.required_string("rows", "the taxonomy whose terms are the rows, e.g. measures").map(str::to_owned);
    let columns =
        m.required_string("columns", "the taxonomy whose terms are the columns, e.g. incidents").map(str::to_owned);
    f.problems.extend(m.finish(&[]));
    Some((rows.unwrap_or_default(), columns.unwrap_or_default()))
}

/// `caveats: {code: {taxonomy: prefectures, text: {ja, en}}}`.
fn caveats(f: &mut Fields) -> Vec<Caveat> {
    let Some(node) = f.get("caveats") else { return Vec::new() };
    let Value::Map(entries) = &node.value else {
        f.error("caveats", "`caveats` maps a code to {taxonomy: …, text: {ja: …, en: …}}");
        return Vec::new();
    };
    let yaml = f.yaml();
    let mut out = Vec::new();
    for (k, v) in entries {
        let name = k.scalar_text();
        let code = match TermId::parse(&name) {
            Ok(c) => Some(c),
            Err(why) => {
                f.problems.push(yaml.error(k, format!("`{name}` is not a valid caveat code: {why}")));
                None
            }
        };
        let mut c = Fields::new(yaml, v, false, "a caveat");
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

/// Names `casebook pdf --booklet` gives the booklets it makes itself: no booklet of `booklets:`
/// may take them.
const BOOKLET_NAMES_TAKEN: &[&str] = &["all", "selection"];

const BOOKLETS_HELP: &str = "e.g.\nbooklets:\n  - id: ransomware-kinki\n    title: {ja: 近畿のランサムウェア事例, en: Ransomware in Kinki}\n    select: {incidents: [ransomware], regions: [kinki]}";

/// `booklets: [{id, title, select, intro, publisher, logo}]`: booklets of chosen cases. The
/// names of `select` and `logo` are checked against the vocabulary and the static files by the
/// loader (`load::booklets`).
fn booklets(f: &mut Fields) -> Vec<BookletConfig> {
    let Some(node) = f.get("booklets") else { return Vec::new() };
    let Value::Seq(items) = &node.value else {
        let found = node.type_name();
        f.error_at(node, format!("`booklets` must be a list of booklets, found {found}")).help =
            Some(BOOKLETS_HELP.into());
        return Vec::new();
    };
    let yaml = f.yaml();
    let mut out = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for item in items {
        if !matches!(item.value, Value::Map(_)) {
            let found = item.type_name();
            f.error_at(item, format!("a booklet is a mapping of `field: value` lines, found {found}")).help =
                Some(BOOKLETS_HELP.into());
            continue;
        }
        let mut b = Fields::new(yaml, item, false, "a booklet");
        let id = booklet_id(&mut b, &seen);
        let at = b.place("id").pos;
        if let Some(id) = &id {
            seen.push((id.as_str().to_owned(), at.line));
        }
        let title = b.label("title");
        let select = select(&mut b);
        let intro = super::taxonomies::markdown_field(&mut b, "intro");
        let publisher = publisher(&mut b);
        let logo = b.string("logo").map(|l| (l.to_owned(), b.place("logo").pos));
        f.problems.extend(b.finish(&[]));
        if let (Some(id), Some(title), Some(select)) = (id, title, select) {
            out.push(BookletConfig { id, at, title, select, intro, publisher, logo });
        }
    }
    out
}

/// A booklet's `id`: `[a-z0-9-]+`, not a name `casebook pdf` uses, not an id of an earlier booklet
/// (`seen`, with the line of each).
fn booklet_id(b: &mut Fields, seen: &[(String, usize)]) -> Option<BookletId> {
    let text = b.required_string("id", "the booklet's address and name, e.g. id: ransomware-kinki")?;
    let problem = match BookletId::parse(text) {
        Err(why) => format!("`{text}` is not a valid booklet id: {why}"),
        Ok(_) if BOOKLET_NAMES_TAKEN.contains(&text) => {
            format!("`{text}` names a booklet casebook makes itself (`casebook pdf --booklet {text}`)")
        }
        Ok(_) => match seen.iter().find(|(s, _)| s == text) {
            Some((_, line)) => format!("the booklet id `{text}` is already used on line {line}"),
            None => return BookletId::parse(text).ok(),
        },
    };
    b.error("id", problem).help =
        Some("give each booklet its own id of lowercase letters, digits and '-', e.g. ransomware-kinki".into());
    None
}

/// A booklet's `select: {taxonomy: [term, …], …}`: which cases it holds.
fn select(b: &mut Fields) -> Option<Vec<Selector>> {
    let help = "name taxonomies and the terms to take from each, e.g. select: {incidents: [ransomware], regions: [kinki]}: \
                a case is in the booklet when it has one of the terms of every taxonomy named";
    let Some(node) = b.get("select") else {
        b.error("select", "the required field `select` is missing (the cases the booklet holds)").help =
            Some(help.into());
        return None;
    };
    let entries = match &node.value {
        Value::Map(entries) if !entries.is_empty() => entries,
        Value::Map(_) => {
            b.error_at(node, "`select` names no taxonomy, so the booklet would hold no case").help = Some(help.into());
            return None;
        }
        _ => {
            let found = node.type_name();
            b.error_at(node, format!("`select` must map taxonomies to their terms, found {found}")).help =
                Some(help.into());
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (k, v) in entries {
        let taxonomy = k.scalar_text();
        let items: Vec<&super::yaml::Node> = match &v.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![v],
        };
        let mut terms = Vec::new();
        for item in &items {
            match &item.value {
                Value::Str(_) | Value::Int(_) => terms.push((item.scalar_text(), item.pos)),
                _ => {
                    let found = item.type_name();
                    b.error_at(item, format!("the terms of `{taxonomy}` must be codes, found {found}")).help =
                        Some(help.into());
                    ok = false;
                }
            }
        }
        if items.is_empty() {
            b.error_at(v, format!("`{taxonomy}` lists no term, so the booklet would hold no case")).help =
                Some(help.into());
            ok = false;
        }
        out.push(Selector { taxonomy, at: k.pos, terms });
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_base_url_and_rejects_bad_values_where_they_are() {
        let ok = parse(
            "title: {ja: 事例, en: Cases}\ndescription: {ja: 説明, en: About}\nbase_url: https://example.org/cb\n",
            "s",
        )
        .unwrap();
        assert_eq!(ok.base_url.as_deref(), Some("https://example.org/cb/"));
        assert_eq!(ok.default_lang, Lang::Ja);
        let errors = parse(
            "title: {ja: 事例, en: Cases}\ndescription: {ja: 説明, en: About}\nbase_url: example.org\ndefault_language: fr\nthem: x\n",
            "s",
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.pos.unwrap().line).collect();
        assert_eq!(lines, vec![4, 3, 5], "{errors:?}");
    }

    #[test]
    fn reads_the_publication_identity_and_rejects_an_impossible_date() {
        let head = "title: {ja: 事例, en: Cases}\ndescription: {ja: 説明, en: About}\n";
        let ok = parse(
            &format!(
                "{head}publisher:\n  name: {{ja: 商工会議所, en: Chamber}}\n  url: https://example.or.jp/\n  contact: {{ja: 電話 03, en: Phone 03}}\nlicence: {{ja: CC BY 4.0, en: CC BY 4.0}}\nupdated: 2024-02-29\nedition: {{ja: 第2版, en: 2nd edition}}\n"
            ),
            "s",
        )
        .unwrap();
        let p = ok.publisher.unwrap();
        assert_eq!((p.name.get(Lang::En), p.url.as_deref()), ("Chamber", Some("https://example.or.jp/")));
        assert_eq!(p.contact.unwrap().get(Lang::Ja), "電話 03");
        let d = ok.updated.unwrap();
        assert_eq!(
            (d.iso(), d.display(Lang::Ja), d.display(Lang::En)),
            ("2024-02-29".into(), "2024年2月29日".into(), "29 February 2024".into())
        );
        assert_eq!(ok.edition.unwrap().get(Lang::Ja), "第2版");
        let errors = parse(&format!("{head}updated: 2023-02-29\npublisher: {{url: example.org}}\n"), "s").unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.pos.unwrap().line, e.message)).collect();
        assert!(text.iter().any(|t| t.starts_with("3:") && t.contains("no such day")), "{text:?}");
        assert!(text.iter().any(|t| t.starts_with("4:") && t.contains("not an absolute")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("name")), "{text:?}");
    }

    #[test]
    fn reads_booklets_and_names_each_mistake_where_it_is_written() {
        let head = "title: {ja: 事例, en: Cases}\ndescription: {ja: 説明, en: About}\n";
        let ok = parse(
            &format!(
                "{head}booklets:\n  - id: kinki\n    title: {{ja: 近畿, en: Kinki}}\n    select: {{regions: kinki, years: [2013, 2014]}}\n    logo: images/a.svg\n"
            ),
            "s",
        )
        .unwrap();
        let b = &ok.booklets[0];
        assert_eq!((b.id.as_str(), b.at.line, b.at.col), ("kinki", 4, 9));
        let select: Vec<(&str, Vec<&str>)> =
            b.select.iter().map(|s| (s.taxonomy.as_str(), s.terms.iter().map(|t| t.0.as_str()).collect())).collect();
        assert_eq!(select, [("regions", vec!["kinki"]), ("years", vec!["2013", "2014"])]);
        assert_eq!(b.logo.as_ref().map(|(l, p)| (l.as_str(), p.line)), Some(("images/a.svg", 7)));

        let errors = parse(&format!("{head}booklets: kinki\n"), "s").unwrap_err();
        assert!(errors[0].message.contains("must be a list of booklets"), "{errors:?}");
        let text = format!(
            "{head}booklets:\n  - 3\n  - id: Kinki 1\n    title: {{ja: 近畿}}\n    select: [kinki]\n  - id: all\n    title: {{ja: a, en: b}}\n    select: {{}}\n    colour: red\n  - id: x\n    title: {{ja: a, en: b}}\n    select: {{regions: []}}\n  - id: x\n    title: {{ja: a, en: b}}\n    select: {{regions: [{{a: b}}]}}\n"
        );
        let errors = parse(&text, "s").unwrap_err();
        let mut found: Vec<(usize, usize, &str)> =
            errors.iter().map(|e| (e.pos.unwrap().line, e.pos.unwrap().col, e.message.as_str())).collect();
        found.sort();
        let expect = [
            (4, 5, "a booklet is a mapping"),
            (5, 9, "`Kinki 1` is not a valid booklet id"),
            (6, 12, "`title` has no English text"),
            (7, 13, "`select` must map taxonomies to their terms, found a list"),
            (8, 9, "`all` names a booklet casebook makes itself"),
            (10, 13, "`select` names no taxonomy"),
            (11, 5, "unknown field `colour`"),
            (14, 23, "`regions` lists no term"),
            (15, 9, "the booklet id `x` is already used on line 12"),
            (17, 24, "the terms of `regions` must be codes, found a mapping"),
        ];
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for ((line, col, message), (l, c, m)) in found.iter().zip(expect) {
            assert!((*line, *col) == (l, c) && message.starts_with(m), "{line}:{col} {message} — expected {l}:{c} {m}");
        }
    }
}
