//! Themes: templates, static files and UI strings. A file is looked up in the site's theme, then
//! in `themes/default/` on disk, then in the default theme embedded in the binary, so a theme may
//! override only what it changes and a site needs no copy of the default theme. (Compiling the
//! templates is the render stage's: render/templates.rs.)

use super::yaml::{Fields, Value, Yaml};
use crate::diagnostics::Diagnostic;
use crate::model::{Label, Lang};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// A file of a theme and where it came from (shown in messages).
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// Borrowed from the binary for the built-in theme (its files are not copied on each load).
    pub bytes: Cow<'static, [u8]>,
    pub origin: String,
}

#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`case.html`) → source.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Path under `static/` → file.
    pub statics: BTreeMap<String, ThemeFile>,
    /// UI strings: key → text in both languages.
    pub strings: BTreeMap<String, Label>,
}

impl Theme {
    /// The UI strings of one language, for templates (`{{ t.cases }}`).
    pub fn strings_for(&self, lang: Lang) -> BTreeMap<&str, &str> {
        self.strings.iter().map(|(k, v)| (k.as_str(), v.get(lang))).collect()
    }

    pub fn string<'a>(&'a self, key: &'a str, lang: Lang) -> &'a str {
        self.strings.get(key).map_or(key, |l| l.get(lang))
    }
}

/// A file's path inside a theme and its bytes.
type NamedFile = (String, Cow<'static, [u8]>);

/// Loads theme `name` with its fallbacks.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut layers: Vec<(String, Vec<NamedFile>)> = vec![(
        "(built-in default theme)".to_owned(),
        embedded::FILES.iter().map(|(p, b)| ((*p).to_owned(), Cow::Borrowed(*b))).collect(),
    )];
    let mut problems = Vec::new();
    let disk_default = root.join("themes/default");
    if disk_default.is_dir() {
        layers.push(("themes/default".to_owned(), read_dir_files(root, &disk_default, &mut problems)));
    }
    if name != "default" {
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            return Err(vec![Diagnostic::error("content/site.yaml", format!("the theme `{name}` was not found: there is no folder themes/{name}/"))
                .help("create the folder (a theme may hold only the templates it changes), or remove `theme` to use the default theme")]);
        }
        layers.push((format!("themes/{name}"), read_dir_files(root, &dir, &mut problems)));
    }
    let mut theme = Theme::default();
    for (origin, files) in layers {
        for (rel, bytes) in files {
            let shown = format!("{origin}/{rel}");
            if let Some(t) = rel.strip_prefix("templates/") {
                theme.templates.insert(t.to_owned(), ThemeFile { bytes, origin: shown });
            } else if let Some(s) = rel.strip_prefix("static/") {
                theme.statics.insert(s.to_owned(), ThemeFile { bytes, origin: shown });
            } else if rel == "strings.yaml" {
                match parse_strings(&bytes, &shown) {
                    Ok(strings) => theme.strings.extend(strings),
                    Err(p) => problems.extend(p),
                }
            }
        }
    }
    if problems.is_empty() { Ok(theme) } else { Err(problems) }
}

fn read_dir_files(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<NamedFile> {
    let project = super::files::Project::new(root);
    let (found, walk_problems) = project.walk(dir);
    problems.extend(walk_problems);
    let mut out = Vec::new();
    for f in found {
        let rel = f.path.strip_prefix(dir).unwrap_or(&f.path).to_string_lossy().replace('\\', "/");
        match project.read(&f.path, None) {
            Ok(bytes) => out.push((rel, Cow::Owned(bytes))),
            Err(d) => problems.push(d),
        }
    }
    out
}

/// `strings.yaml`: `key: {ja: …, en: …}` for every UI word.
fn parse_strings(bytes: &[u8], shown: &str) -> Result<BTreeMap<String, Label>, Vec<Diagnostic>> {
    let text = super::text::decode(bytes.to_vec(), shown).map_err(|d| vec![d])?;
    let yaml = Yaml::parse(&text, 1, shown, &text).map_err(|d| vec![d])?;
    let mut f = Fields::new(&yaml, &yaml.root, true, "strings.yaml");
    let keys: Vec<String> = match &yaml.root.value {
        Value::Map(m) => m.iter().map(|(k, _)| k.scalar_text()).collect(),
        _ => Vec::new(),
    };
    let mut strings = BTreeMap::new();
    for k in keys {
        if let Some(label) = f.label_exact(&k) {
            strings.insert(k, label);
        }
    }
    let problems = f.finish(&[]);
    if problems.is_empty() { Ok(strings) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_theme_has_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), "default").unwrap();
        assert!(theme.templates.contains_key("case.html"));
        assert!(theme.statics.contains_key("style.css"));
        assert!(!theme.strings.is_empty());
    }

    #[test]
    fn a_theme_overrides_only_what_it_has() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("themes/plain/templates");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("page.html"), "custom").unwrap();
        let theme = load(dir.path(), "plain").unwrap();
        assert_eq!(&*theme.templates["page.html"].bytes, b"custom");
        assert!(theme.templates["page.html"].origin.starts_with("themes/plain/"));
        assert!(theme.templates["case.html"].origin.starts_with("(built-in"));
    }

    #[test]
    fn missing_theme_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let errors = load(dir.path(), "nope").unwrap_err();
        assert!(errors[0].message.contains("theme `nope` was not found"));
    }
}
