//! YAML with positions. serde_yaml parses the text; a small locator finds where a key, a list
//! item or a value sits in the text, so every message names the file line and column (counted in
//! the whole file, not in the front matter block). Typed getters turn values into checked Rust
//! values and collect a diagnostic for every wrong type, missing field or unknown field.

use crate::diagnostics::{Diagnostic, Pos, did_you_mean, list_allowed};
use crate::lang::{Label, Text};
use serde_yaml::{Mapping, Value};

/// A step in a path to a YAML node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// A parsed YAML document that remembers its text, so positions can be found later.
pub struct Yaml<'a> {
    pub value: Value,
    lines: Vec<&'a str>,
    first_line: usize,
    /// The file as shown in diagnostics, and its whole text (to quote the offending line).
    pub shown: &'a str,
    pub file_text: &'a str,
}

/// A node's place in the text: line index and byte range within that line. `block` nodes extend
/// over the following, more indented lines.
#[derive(Clone, Copy, Debug)]
struct Node {
    line: usize,
    start: usize,
    end: usize,
    block: bool,
}

impl<'a> Yaml<'a> {
    /// Parses `text`, which starts on line `first_line` of the file `shown` whose full text is `file_text`.
    pub fn parse(text: &'a str, first_line: usize, shown: &'a str, file_text: &'a str) -> Result<Yaml<'a>, Diagnostic> {
        let value = match serde_yaml::from_str::<Value>(text) {
            Ok(v) => v,
            Err(e) => {
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
                let mut d = Diagnostic::error(shown, format!("YAML syntax error: {message}")).help(
                    "check the indentation and the quotes; a value that contains `: ` or ` #`, or starts with [ { * & ! | > % @ or `, must be quoted",
                );
                if let Some(loc) = e.location() {
                    d = d.at(Pos::new(first_line + loc.line() - 1, loc.column(), 1), file_text);
                }
                return Err(d);
            }
        };
        Ok(Yaml { value, lines: text.lines().collect(), first_line, shown, file_text })
    }

    /// An error positioned at the value found at `path` (or the nearest ancestor that could be found).
    pub fn error(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.shown, message).at(self.pos(path), self.file_text)
    }

    pub fn warning(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.shown, message).at(self.pos(path), self.file_text)
    }

    /// An error positioned at the key that ends `path` (for unknown or misplaced fields).
    pub fn key_error(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.shown, message).at(self.key_pos(path), self.file_text)
    }

    /// The position of the value at `path`.
    pub fn pos(&self, path: &[Seg]) -> Pos {
        let (node, _) = self.locate(path);
        self.to_pos(node)
    }

    /// The position of the key that ends `path`, or of the value if the last step is an index.
    pub fn key_pos(&self, path: &[Seg]) -> Pos {
        let (node, key) = self.locate(path);
        self.to_pos(key.unwrap_or(node))
    }

    fn to_pos(&self, node: Node) -> Pos {
        let Some(line) = self.lines.get(node.line) else {
            return Pos::new(self.first_line, 1, 1);
        };
        let start = node.start.min(line.len());
        let end = node.end.clamp(start, line.len());
        let col = line[..start].chars().count() + 1;
        let len = line[start..end].trim_end().chars().count();
        Pos::new(self.first_line + node.line, col, len)
    }

    /// Walks `path`; returns the deepest node found and the key node of the last step if it was a key.
    fn locate(&self, path: &[Seg]) -> (Node, Option<Node>) {
        let Some(root) = self.first_content_line(0).map(|l| Node {
            line: l,
            start: indent(self.lines[l]),
            end: self.lines[l].len(),
            block: true,
        }) else {
            return (Node { line: 0, start: 0, end: 0, block: false }, None);
        };
        let mut node = root;
        let mut last_key = None;
        for seg in path {
            let found = match seg {
                Seg::Key(k) => self.find_key(node, k),
                Seg::Index(i) => self.find_index(node, *i).map(|n| (n, None)),
            };
            match found {
                Some((n, k)) => {
                    node = n;
                    last_key = k;
                }
                None => return (node, last_key),
            }
        }
        (node, last_key)
    }

    fn first_content_line(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&l| is_content(self.lines[l]))
    }

    /// Finds `key` in the mapping at `node`; returns the value node and the key node.
    fn find_key(&self, node: Node, key: &str) -> Option<(Node, Option<Node>)> {
        if !node.block {
            let line = self.lines[node.line];
            let text = &line[node.start..node.end];
            if !text.starts_with('{') {
                return None;
            }
            for (s, e) in flow_items(text) {
                let item = &text[s..e];
                if let Some((k, rest)) = split_key(item)
                    && k == key
                {
                    let key_node =
                        Node { line: node.line, start: node.start + s, end: node.start + s + k.len(), block: false };
                    let v_start = node.start + e - rest.trim_start().len();
                    return Some((
                        Node { line: node.line, start: v_start, end: node.start + e, block: false },
                        Some(key_node),
                    ));
                }
            }
            return None;
        }
        let col = node.start;
        for l in node.line..self.lines.len() {
            let line = self.lines[l];
            if !is_content(line) {
                continue;
            }
            let start = if l == node.line { col } else { indent(line) };
            if l > node.line && start < col {
                break;
            }
            if start != col {
                continue;
            }
            let Some((k, rest)) = split_key(&line[start..]) else {
                continue;
            };
            if k != key {
                continue;
            }
            let key_node = Node { line: l, start, end: start + k.len() + quote_len(&line[start..]), block: false };
            let rest_trim = strip_comment(rest).trim();
            if !rest_trim.is_empty() {
                let v_start = line.len() - rest.trim_start().len();
                let v_end = v_start + strip_comment(rest.trim_start()).trim_end().len();
                return Some((Node { line: l, start: v_start, end: v_end, block: false }, Some(key_node)));
            }
            // The value is a block on the following lines.
            if let Some(next) = self.first_content_line(l + 1) {
                let ni = indent(self.lines[next]);
                if ni > col || (ni == col && self.lines[next][ni..].starts_with('-')) {
                    return Some((
                        Node { line: next, start: ni, end: self.lines[next].len(), block: true },
                        Some(key_node),
                    ));
                }
            }
            return Some((key_node, Some(key_node)));
        }
        None
    }

    /// Finds item `index` of the sequence at `node`.
    fn find_index(&self, node: Node, index: usize) -> Option<Node> {
        let line = self.lines[node.line];
        if !node.block {
            let text = &line[node.start..node.end];
            if !text.starts_with('[') {
                return None;
            }
            let (s, e) = *flow_items(text).get(index)?;
            return Some(Node { line: node.line, start: node.start + s, end: node.start + e, block: false });
        }
        let col = node.start;
        let mut seen = 0;
        for l in node.line..self.lines.len() {
            let line = self.lines[l];
            if !is_content(line) {
                continue;
            }
            let start = if l == node.line { col } else { indent(line) };
            if l > node.line && start < col {
                break;
            }
            if start != col || !line[start..].starts_with('-') {
                continue;
            }
            if seen == index {
                let after = &line[start + 1..];
                let item_start = line.len() - after.trim_start().len();
                if after.trim().is_empty() {
                    let next = self.first_content_line(l + 1)?;
                    return Some(Node {
                        line: next,
                        start: indent(self.lines[next]),
                        end: self.lines[next].len(),
                        block: true,
                    });
                }
                // A mapping that starts on the dash line is a block node at the item's column.
                let is_map =
                    split_key(&line[item_start..]).is_some() && !line[item_start..].starts_with(['{', '[', '"', '\'']);
                return Some(Node { line: l, start: item_start, end: line.len(), block: is_map });
            }
            seen += 1;
        }
        None
    }
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn quote_len(text: &str) -> usize {
    if text.starts_with(['"', '\'']) { 2 } else { 0 }
}

/// `key: rest` → (key without quotes, rest after the colon).
fn split_key(text: &str) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(q) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = text[1..].find(q)? + 1;
        let after = &text[close + 1..];
        let rest = after.strip_prefix(':')?;
        (&text[1..close], rest)
    } else {
        let mut idx = None;
        for (i, c) in text.char_indices() {
            if c == ':' && text[i + 1..].chars().next().is_none_or(|n| n == ' ' || n == '\t') {
                idx = Some(i);
                break;
            }
            if c == '#' || c == '{' || c == '[' || c == '"' || c == '\'' {
                return None;
            }
        }
        let i = idx?;
        (text[..i].trim_end(), &text[i + 1..])
    };
    if key.starts_with('-') && key.len() > 1 && key.as_bytes()[1] == b' ' {
        return None;
    }
    Some((key, rest))
}

fn strip_comment(text: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (prev == ' ' || prev == '\t') => return &text[..i],
            None => {}
        }
        prev = c;
    }
    text
}

/// Byte ranges (trimmed) of the top-level items of a flow collection `[a, b]` or `{k: v, …}`.
fn flow_items(text: &str) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote = None;
    let mut start = 1;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => continue,
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                }
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        push_trimmed(text, start, i, &mut items);
                        break;
                    }
                }
                ',' if depth == 1 => {
                    push_trimmed(text, start, i, &mut items);
                    start = i + 1;
                }
                _ => {}
            },
        }
    }
    items
}

fn push_trimmed(text: &str, start: usize, end: usize, items: &mut Vec<(usize, usize)>) {
    let part = &text[start..end];
    let lead = part.len() - part.trim_start().len();
    let body = part.trim();
    if !body.is_empty() {
        items.push((start + lead, start + lead + body.len()));
    }
}

/// The YAML type of a value, for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Reads the fields of one mapping, collecting a diagnostic for every problem. Each getter marks
/// its key as known; `finish` reports the keys nobody asked for.
pub struct Fields<'y, 'a> {
    yaml: &'y Yaml<'a>,
    path: Vec<Seg>,
    map: Option<&'y Mapping>,
    known: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

impl<'y, 'a> Fields<'y, 'a> {
    /// The mapping at `path`; a diagnostic if it is not a mapping.
    pub fn new(yaml: &'y Yaml<'a>, value: &'y Value, path: Vec<Seg>, what: &str) -> Fields<'y, 'a> {
        let mut problems = Vec::new();
        let map = match value {
            Value::Mapping(m) => Some(m),
            Value::Null if path.is_empty() => None,
            other => {
                problems.push(yaml.error(
                    &path,
                    format!("{what} must be a mapping of `field: value` lines, found {}", type_name(other)),
                ));
                None
            }
        };
        if map.is_none() && path.is_empty() && problems.is_empty() {
            problems.push(yaml.error(&path, format!("{what} is empty")));
        }
        Fields { yaml, path, map, known: Vec::new(), problems }
    }

    pub fn yaml(&self) -> &'y Yaml<'a> {
        self.yaml
    }

    pub fn path_to(&self, key: &str) -> Vec<Seg> {
        let mut p = self.path.clone();
        p.push(Seg::Key(key.to_owned()));
        p
    }

    /// The raw value of `key`, marking it known. Null counts as absent.
    pub fn get(&mut self, key: &str) -> Option<&'y Value> {
        self.known.push(key.to_owned());
        match self.map?.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.is_some_and(|m| m.get(key).is_some_and(|v| !v.is_null()))
    }

    pub fn error(&mut self, key: &str, message: impl Into<String>) -> &mut Diagnostic {
        let d = self.yaml.error(&self.path_to(key), message);
        self.problems.push(d);
        self.problems.last_mut().expect("just pushed")
    }

    pub fn error_at(&mut self, path: &[Seg], message: impl Into<String>) -> &mut Diagnostic {
        let d = self.yaml.error(path, message);
        self.problems.push(d);
        self.problems.last_mut().expect("just pushed")
    }

    fn missing(&mut self, key: &str, what: &str) {
        let d = self.yaml.error(&self.path, format!("the required field `{key}` is missing ({what})"));
        self.problems.push(d);
    }

    pub fn string(&mut self, key: &str) -> Option<&'y str> {
        match self.get(key)? {
            Value::String(s) => Some(s.as_str()),
            Value::Number(_) | Value::Bool(_) => {
                let n = self.map?.get(key).map(scalar_text).unwrap_or_default();
                self.error(key, format!("`{key}` must be text, found `{n}`")).help =
                    Some(format!("write it in quotes: {key}: \"{n}\""));
                None
            }
            other => {
                let t = type_name(other);
                self.error(key, format!("`{key}` must be text, found {t}"));
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
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                let t = type_name(other);
                self.error(key, format!("`{key}` must be true or false, found {t}"));
                None
            }
        }
    }

    pub fn uint(&mut self, key: &str) -> Option<u32> {
        match self.get(key)? {
            Value::Number(n) if n.as_u64().is_some_and(|n| n > 0 && n <= u32::MAX as u64) => {
                n.as_u64().map(|n| n as u32)
            }
            other => {
                let shown = scalar_text(other);
                self.error(key, format!("`{key}` must be a positive whole number, found `{shown}`"));
                None
            }
        }
    }

    /// A list of text items (a single text is accepted as a one-item list).
    pub fn string_list(&mut self, key: &str) -> Vec<(&'y str, Vec<Seg>)> {
        let path = self.path_to(key);
        match self.get(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![(s.as_str(), path)],
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Seg::Index(i));
                    match item {
                        Value::String(s) => out.push((s.as_str(), p)),
                        other => {
                            let msg =
                                format!("the items of `{key}` must be codes (text), found `{}`", scalar_text(other));
                            self.problems.push(self.yaml.error(&p, msg));
                        }
                    }
                }
                out
            }
            Some(other) => {
                let t = type_name(other);
                self.error(key, format!("`{key}` must be a list like [a, b], found {t}"));
                Vec::new()
            }
        }
    }

    /// A `{ja: …, en: …}` text. The Japanese text is required; a missing English text is returned
    /// as `None` for the caller to judge.
    pub fn text(&mut self, key: &str, required: bool) -> Option<Text> {
        self.text_impl(key, required, true)
    }

    fn text_impl(&mut self, key: &str, required: bool, trim: bool) -> Option<Text> {
        let path = self.path_to(key);
        let Some(value) = self.get(key) else {
            if required {
                self.missing(key, "write it as {ja: …, en: …}");
            }
            return None;
        };
        let Value::Mapping(_) = value else {
            let t = type_name(value);
            self.error(key, format!("`{key}` must give both languages as {{ja: …, en: …}}, found {t}"));
            return None;
        };
        let mut inner = Fields::new(self.yaml, value, path, key);
        let clean = |s: &str| if trim { s.trim().to_owned() } else { s.to_owned() };
        let ja = inner.string("ja").map(clean).filter(|s| !s.is_empty());
        let en = inner.string("en").map(clean).filter(|s| !s.is_empty());
        if ja.is_none() && inner.problems.is_empty() {
            let d = self.yaml.error(&inner.path, format!("`{key}` has no Japanese text (`ja`)"));
            inner.problems.push(d);
        }
        let problems = inner.finish(&[]);
        self.problems.extend(problems);
        Some(Text { ja: ja?, en })
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
        let text = self.text_impl(key, true, trim)?;
        match text.en {
            Some(en) => Some(Label { ja: text.ja, en }),
            None => {
                let p = self.path_to(key);
                self.error_at(&p, format!("`{key}` has no English text (`en`); labels are required in both languages"));
                None
            }
        }
    }

    /// Reports every key that no getter asked for, with a did-you-mean, and returns all problems.
    pub fn finish(mut self, extra_allowed: &[&str]) -> Vec<Diagnostic> {
        if let Some(map) = self.map {
            let allowed: Vec<&str> =
                self.known.iter().map(String::as_str).chain(extra_allowed.iter().copied()).collect();
            for k in map.keys() {
                let name = scalar_text(k);
                if allowed.contains(&name.as_str()) {
                    continue;
                }
                let mut p = self.path.clone();
                p.push(Seg::Key(name.clone()));
                let mut d = self.yaml.key_error(&p, format!("unknown field `{name}`"));
                let mut sorted = allowed.clone();
                sorted.sort_unstable();
                sorted.dedup();
                d.help = Some(match did_you_mean(&name, sorted.iter().copied()) {
                    Some(s) => {
                        format!("did you mean `{s}`? Allowed fields: {}", list_allowed(sorted.iter().copied(), 40))
                    }
                    None => format!("allowed fields: {}", list_allowed(sorted.iter().copied(), 40)),
                });
                self.problems.push(d);
            }
        }
        self.problems
    }
}

/// A scalar as the user wrote it (for messages).
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        other => type_name(other).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "id: x\ntitle: {ja: 事故, en: Incident}\nmeasures: [usb-control, staff-training]\nlist:\n  - a\n  - b\nnested:\n  ja: 日本\n  en: Japan\nitems:\n  - code: one\n    label: {ja: 一, en: One}\n  - code: two\n    label:\n      ja: 二\n";

    fn yaml() -> Yaml<'static> {
        Yaml::parse(DOC, 5, "f.md", DOC).unwrap()
    }

    fn at(path: &[Seg]) -> (usize, usize, usize) {
        let p = yaml().pos(path);
        (p.line, p.col, p.len)
    }

    #[test]
    fn finds_values_in_flow_and_block_style() {
        assert_eq!(at(&[key("id")]), (5, 5, 1));
        assert_eq!(at(&[key("title"), key("en")]), (6, 21, 8));
        assert_eq!(at(&[key("measures"), Seg::Index(1)]), (7, 25, 14));
        assert_eq!(at(&[key("list"), Seg::Index(1)]), (10, 5, 1));
        assert_eq!(at(&[key("nested"), key("en")]), (13, 7, 5));
        assert_eq!(at(&[key("items"), Seg::Index(1), key("code")]), (17, 11, 3));
        assert_eq!(at(&[key("items"), Seg::Index(0), key("label"), key("en")]), (16, 24, 3));
        assert_eq!(at(&[key("items"), Seg::Index(1), key("label"), key("ja")]), (19, 11, 1));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(at(&[key("title"), key("fr")]), (6, 8, 22));
        assert_eq!(yaml().key_pos(&[key("nested")]).line, 11);
    }

    #[test]
    fn syntax_errors_are_positioned_in_the_file() {
        let text = "id: x\ntitle: {ja: a\nmeasures: []\n";
        let err = Yaml::parse(text, 2, "f.md", text).err().unwrap();
        assert!(err.message.starts_with("YAML syntax error"), "{}", err.message);
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert!(err.pos.unwrap().line >= 3, "{:?}", err.pos);
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let text = "titel: x\n";
        let y = Yaml::parse(text, 2, "f.md", text).unwrap();
        let mut f = Fields::new(&y, &y.value, vec![], "front matter");
        f.string("title");
        let problems = f.finish(&[]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("unknown field `titel`"));
        assert!(problems[0].help.as_deref().unwrap().contains("did you mean `title`"));
        assert_eq!(problems[0].pos.map(|p| (p.line, p.col)), Some((2, 1)));
    }
}
