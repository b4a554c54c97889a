//! Reading the fields of one YAML mapping into checked values: each getter marks its key as known
//! and collects a positioned diagnostic for a wrong type; `finish` reports the keys nobody asked
//! for, with a did-you-mean.

use super::{Node, Value, Yaml};
use crate::diagnostics::{Diagnostic, did_you_mean, list_allowed};
use crate::model::{Label, Text};

pub struct Fields<'y, 'a> {
    yaml: &'y Yaml<'a>,
    /// The mapping (or whatever was found where a mapping was expected).
    node: &'y Node,
    map: Option<&'y [(Node, Node)]>,
    known: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

impl<'y, 'a> Fields<'y, 'a> {
    /// The mapping `node`; a diagnostic if it is not one. `root` says the node is the whole
    /// document, where nothing at all means an empty file rather than an absent value.
    pub fn new(yaml: &'y Yaml<'a>, node: &'y Node, root: bool, what: &str) -> Fields<'y, 'a> {
        let mut problems = Vec::new();
        let map = match &node.value {
            Value::Map(m) => Some(m.as_slice()),
            Value::Null if root => {
                problems.push(yaml.error(node, format!("{what} is empty")));
                None
            }
            Value::Null => None,
            _ => {
                let found = node.type_name();
                problems
                    .push(yaml.error(node, format!("{what} must be a mapping of `field: value` lines, found {found}")));
                None
            }
        };
        Fields { yaml, node, map, known: Vec::new(), problems }
    }

    pub fn yaml(&self) -> &'y Yaml<'a> {
        self.yaml
    }

    /// The mapping's own node (for messages about the whole mapping).
    pub fn node(&self) -> &'y Node {
        self.node
    }

    fn entry(&self, key: &str) -> Option<&'y (Node, Node)> {
        self.map?.iter().find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
    }

    /// The node of `key`'s value, or of the mapping when the key is absent (for messages).
    pub fn place(&self, key: &str) -> &'y Node {
        self.entry(key).map_or(self.node, |(_, v)| v)
    }

    /// The raw value of `key`, marking it known. Null counts as absent.
    pub fn get(&mut self, key: &str) -> Option<&'y Node> {
        self.known.push(key.to_owned());
        self.entry(key).map(|(_, v)| v).filter(|v| v.value != Value::Null)
    }

    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some_and(|(_, v)| v.value != Value::Null)
    }

    /// An error at `key`'s value (or at the mapping when it is absent).
    pub fn error(&mut self, key: &str, message: impl Into<String>) -> &mut Diagnostic {
        let node = self.place(key);
        self.error_at(node, message)
    }

    pub fn error_at(&mut self, node: &Node, message: impl Into<String>) -> &mut Diagnostic {
        self.problems.push(self.yaml.error(node, message));
        self.problems.last_mut().expect("just pushed")
    }

    fn missing(&mut self, key: &str, what: &str) {
        let d = self.yaml.error(self.node, format!("the required field `{key}` is missing ({what})"));
        self.problems.push(d);
    }

    pub fn string(&mut self, key: &str) -> Option<&'y str> {
        let node = self.get(key)?;
        match &node.value {
            Value::Str(s) => Some(s.as_str()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let n = node.scalar_text();
                self.error_at(node, format!("`{key}` must be text, found `{n}`")).help =
                    Some(format!("write it in quotes: {key}: \"{n}\""));
                None
            }
            _ => {
                let t = node.type_name();
                self.error_at(node, format!("`{key}` must be text, found {t}"));
                None
            }
        }
    }

    pub fn required_string(&mut self, key: &str, what: &str) -> Option<&'y str> {
        if !self.has(key) {
            self.known.push(key.to_owned());
            self.missing(key, what);
            return None;
        }
        self.string(key)
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let node = self.get(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                let t = node.type_name();
                self.error_at(node, format!("`{key}` must be true or false, found {t}"));
                None
            }
        }
    }

    pub fn uint(&mut self, key: &str) -> Option<u32> {
        let node = self.get(key)?;
        match node.value {
            Value::Int(n) if n > 0 && n <= i64::from(u32::MAX) => Some(n as u32),
            _ => {
                let shown = node.scalar_text();
                self.error_at(node, format!("`{key}` must be a positive whole number, found `{shown}`"));
                None
            }
        }
    }

    /// A whole number, positive or not.
    pub fn int(&mut self, key: &str) -> Option<Result<i64, &'y Node>> {
        let node = self.get(key)?;
        Some(match node.value {
            Value::Int(n) => Ok(n),
            _ => Err(node),
        })
    }

    /// A list of text items (a single text is accepted as a one-item list).
    pub fn string_list(&mut self, key: &str) -> Vec<(&'y str, &'y Node)> {
        let Some(node) = self.get(key) else { return Vec::new() };
        match &node.value {
            Value::Str(s) => vec![(s.as_str(), node)],
            Value::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.value {
                        Value::Str(s) => out.push((s.as_str(), item)),
                        _ => {
                            let msg =
                                format!("the items of `{key}` must be codes (text), found `{}`", item.scalar_text());
                            self.problems.push(self.yaml.error(item, msg));
                        }
                    }
                }
                out
            }
            _ => {
                let t = node.type_name();
                self.error_at(node, format!("`{key}` must be a list like [a, b], found {t}"));
                Vec::new()
            }
        }
    }

    /// A `{ja: …, en: …}` text. The Japanese text is required; a missing English text is returned
    /// as `None` for the caller to judge.
    pub fn text(&mut self, key: &str, required: bool) -> Option<Text> {
        self.text_nodes(key, required, true).map(|(t, _, _)| t)
    }

    /// `text`, with the nodes of the Japanese and English values (for their lines).
    pub fn text_nodes(&mut self, key: &str, required: bool, trim: bool) -> Option<(Text, &'y Node, &'y Node)> {
        let Some(node) = self.get(key) else {
            if required {
                self.missing(key, "write it as {ja: …, en: …}");
            }
            return None;
        };
        let Value::Map(_) = node.value else {
            let t = node.type_name();
            self.error_at(node, format!("`{key}` must give both languages as {{ja: …, en: …}}, found {t}"));
            return None;
        };
        let mut inner = Fields::new(self.yaml, node, false, key);
        let clean = |s: &str| if trim { s.trim().to_owned() } else { s.to_owned() };
        let ja = inner.string("ja").map(clean).filter(|s| !s.is_empty());
        let en = inner.string("en").map(clean).filter(|s| !s.is_empty());
        let (ja_node, en_node) = (inner.place("ja"), inner.place("en"));
        if ja.is_none() && inner.problems.is_empty() {
            let d = self.yaml.error(node, format!("`{key}` has no Japanese text (`ja`)"));
            inner.problems.push(d);
        }
        let problems = inner.finish(&[]);
        self.problems.extend(problems);
        Some((Text { ja: ja?, en }, ja_node, en_node))
    }

    /// A label required in both languages.
    pub fn label(&mut self, key: &str) -> Option<Label> {
        self.label_impl(key, true)
    }

    /// A label whose spaces matter (UI strings such as a separator ", ").
    pub fn label_exact(&mut self, key: &str) -> Option<Label> {
        self.label_impl(key, false)
    }

    fn label_impl(&mut self, key: &str, trim: bool) -> Option<Label> {
        let (text, _, _) = self.text_nodes(key, true, trim)?;
        match text.en {
            Some(en) => Some(Label { ja: text.ja, en }),
            None => {
                let node = self.place(key);
                self.error_at(
                    node,
                    format!("`{key}` has no English text (`en`); labels are required in both languages"),
                );
                None
            }
        }
    }

    /// Reports every key that no getter asked for, with a did-you-mean, and returns all problems.
    pub fn finish(mut self, extra_allowed: &[&str]) -> Vec<Diagnostic> {
        let Some(map) = self.map else { return self.problems };
        let mut allowed: Vec<&str> =
            self.known.iter().map(String::as_str).chain(extra_allowed.iter().copied()).collect();
        allowed.sort_unstable();
        allowed.dedup();
        for (k, _) in map {
            let name = k.scalar_text();
            if allowed.contains(&name.as_str()) {
                continue;
            }
            let mut d = self.yaml.error(k, format!("unknown field `{name}`"));
            d.help = Some(match did_you_mean(&name, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Allowed fields: {}", list_allowed(allowed.iter().copied(), 40)),
                None => format!("allowed fields: {}", list_allowed(allowed.iter().copied(), 40)),
            });
            self.problems.push(d);
        }
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_get_a_suggestion_at_the_key() {
        let text = "titel: x\n";
        let y = Yaml::parse(text, 2, "f.md", text).unwrap();
        let mut f = Fields::new(&y, &y.root, true, "front matter");
        f.string("title");
        let problems = f.finish(&[]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("unknown field `titel`"));
        assert!(problems[0].help.as_deref().unwrap().contains("did you mean `title`"));
        assert_eq!(problems[0].pos.map(|p| (p.line, p.col)), Some((2, 1)));
    }

    #[test]
    fn wrong_types_are_named_at_the_value() {
        let text = "title: {ja: a, en: [b]}\nn: -3\nflag: maybe\n";
        let y = Yaml::parse(text, 1, "f.md", text).unwrap();
        let mut f = Fields::new(&y, &y.root, true, "front matter");
        let _ = f.text("title", true);
        assert!(f.uint("n").is_none());
        assert!(f.bool("flag").is_none());
        let places: Vec<(usize, usize)> = f.problems.iter().map(|p| p.pos.map(|p| (p.line, p.col)).unwrap()).collect();
        assert_eq!(places, [(1, 20), (2, 4), (3, 7)], "{:?}", f.problems);
    }
}
