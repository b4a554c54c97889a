//! YAML with positions: saphyr's parser reads the text (a maintained YAML 1.2 parser that gives
//! every event its span), and this module builds a small tree whose every node knows its line and
//! column in the whole file — so every message about a value points at that value, also inside
//! flow mappings and multi-line texts. `Fields` (fields.rs) reads a mapping into checked values.
//!
//! What casebook files never need is refused with a positioned error rather than expanded:
//! anchors and aliases (no alias bomb can grow), tags, complex keys, more than one document,
//! nesting deeper than `MAX_DEPTH`, and a key given twice in one mapping.

mod fields;

pub use fields::Fields;

use crate::diagnostics::{Diagnostic, Pos};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Nesting this deep is a mistake, not content; refusing it keeps every walk of the tree shallow.
const MAX_DEPTH: usize = 64;

/// A value of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in the order written (no key twice: refused while parsing).
    Map(Vec<(Node, Node)>),
}

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Line and column (1-based, counted in the whole file) of the value's first character, and
    /// how many characters of that line it covers.
    pub pos: Pos,
}

impl Node {
    /// The YAML type of the value, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// A scalar as the writer wrote it (for messages and for codes such as `2013` or `51-100`).
    pub fn scalar_text(&self) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            _ => self.type_name().into(),
        }
    }

    /// The value of `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.is_key(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    fn is_key(&self, key: &str) -> bool {
        matches!(&self.value, Value::Str(s) if s == key)
    }
}

/// A parsed document that remembers the file it came from, to quote lines in messages.
pub struct Yaml<'a> {
    pub root: Node,
    /// The file as shown in diagnostics, and its whole text.
    pub shown: &'a str,
    pub file_text: &'a str,
}

impl<'a> Yaml<'a> {
    /// Parses `text`, which starts on line `first_line` of the file `shown` whose full text is
    /// `file_text`.
    pub fn parse(text: &str, first_line: usize, shown: &'a str, file_text: &'a str) -> Result<Yaml<'a>, Diagnostic> {
        let line_chars = text.lines().map(|l| l.chars().count()).collect();
        let mut builder = Builder { first_line, line_chars, stack: Vec::new(), root: None, documents: 0 };
        let refuse = |pos: Pos, message: String, help: &str| {
            Err(Diagnostic::error(shown, message).at(pos, file_text).help(help.to_owned()))
        };
        for event in Parser::new_from_str(text) {
            let (event, span) = match event {
                Ok(e) => e,
                Err(e) => {
                    let m = e.marker();
                    let pos = Pos::new(first_line + m.line().saturating_sub(1), m.col() + 1, 1);
                    return refuse(pos, format!("YAML syntax error: {}", e.info()), SYNTAX_HELP);
                }
            };
            if let Err((pos, message, help)) = builder.event(event, span) {
                return refuse(pos, message, help);
            }
        }
        let root = builder.root.unwrap_or(Node { value: Value::Null, pos: Pos::new(first_line, 1, 1) });
        Ok(Yaml { root, shown, file_text })
    }

    /// An error positioned at `node`.
    pub fn error(&self, node: &Node, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.shown, message).at(node.pos, self.file_text)
    }

    pub fn warning(&self, node: &Node, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.shown, message).at(node.pos, self.file_text)
    }
}

const SYNTAX_HELP: &str = "check the indentation and the quotes; a value that contains `: ` or ` #`, or starts with [ { * & ! | > % @ or `, must be quoted";

type Refusal = (Pos, String, &'static str);

/// Builds the tree from the parser's events, with an explicit stack (no recursion, so no input
/// can exhaust the call stack).
struct Builder {
    first_line: usize,
    /// The length in characters of each line of the text (a block's node covers the rest of its
    /// first line).
    line_chars: Vec<usize>,
    stack: Vec<Open>,
    root: Option<Node>,
    documents: usize,
}

/// A collection whose end has not been read yet.
struct Open {
    pos: Pos,
    items: Vec<Node>,
    is_map: bool,
}

impl Builder {
    fn pos(&self, span: Span) -> Pos {
        let (start, end) = (span.start, span.end);
        let len = if end.line() == start.line() { end.col().saturating_sub(start.col()) } else { 1 };
        Pos::new(self.first_line + start.line().saturating_sub(1), start.col() + 1, len)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Refusal> {
        let pos = self.pos(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err((
                        pos,
                        "a second YAML document".into(),
                        "a casebook file holds one YAML document: remove the `---` or `...` line",
                    ));
                }
            }
            Event::Alias(_) => {
                return Err((
                    pos,
                    "YAML aliases (`*name`) are not used in casebook files".into(),
                    "write the value itself",
                ));
            }
            Event::Scalar(text, style, anchor, tag) => {
                refuse_anchor_or_tag(pos, anchor, tag.as_deref())?;
                // The file holds no control character or noncharacter (load::text), but an escape
                // of a double-quoted string (`"\uFDD0"`, `"\x07"`) makes one; casebook marks its
                // own places in pages with noncharacters, and controls make the feeds invalid XML.
                if let Some(at) = crate::load::text::first_forbidden(text.as_bytes()) {
                    let c = text[at..].chars().next().unwrap_or('\0');
                    return Err((
                        pos,
                        format!("this string's escapes make U+{:04X}, a character texts may not hold", c as u32),
                        "remove the escape, or write the character it stands for if it is an ordinary one",
                    ));
                }
                let value = if tag.is_some() || style != ScalarStyle::Plain {
                    Value::Str(text.into_owned())
                } else {
                    resolve_plain(&text)
                };
                self.push(Node { value, pos })?;
            }
            Event::SequenceStart(anchor, tag) => self.open(pos, anchor, tag.as_deref(), false)?,
            Event::MappingStart(anchor, tag) => self.open(pos, anchor, tag.as_deref(), true)?,
            Event::SequenceEnd | Event::MappingEnd => {
                let open = self.stack.pop().expect("the parser balances starts and ends");
                let value = if open.is_map { Value::Map(pairs(open.items)) } else { Value::Seq(open.items) };
                // A collection is marked from its start to its end when it ends on the same line
                // (`[a, b]`, `{ja: …}`), otherwise to the end of its first line.
                let mut node_pos = open.pos;
                node_pos.len = if pos.line == open.pos.line {
                    (pos.col + pos.len).saturating_sub(open.pos.col).max(1)
                } else {
                    let first = self.line_chars.get(open.pos.line - self.first_line).copied().unwrap_or(0);
                    (first + 1).saturating_sub(open.pos.col).max(1)
                };
                self.push(Node { value, pos: node_pos })?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(&mut self, pos: Pos, anchor: usize, tag: Option<&saphyr_parser::Tag>, is_map: bool) -> Result<(), Refusal> {
        refuse_anchor_or_tag(pos, anchor, tag)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err((
                pos,
                format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
                "casebook files need only a few levels",
            ));
        }
        self.stack.push(Open { pos, items: Vec::new(), is_map });
        Ok(())
    }

    fn push(&mut self, node: Node) -> Result<(), Refusal> {
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        if open.is_map && open.items.len() % 2 == 0 {
            if !matches!(node.value, Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Null | Value::Float(_)) {
                return Err((
                    node.pos,
                    "a key must be a plain word, not a list or mapping".into(),
                    "write `key: value`",
                ));
            }
            let key = node.scalar_text();
            if let Some(first) = open.items.iter().step_by(2).find(|k| k.scalar_text() == key) {
                return Err((
                    node.pos,
                    format!("the key `{key}` is given twice in this mapping (first on line {})", first.pos.line),
                    "keep one of them",
                ));
            }
        }
        open.items.push(node);
        Ok(())
    }
}

fn refuse_anchor_or_tag(pos: Pos, anchor: usize, tag: Option<&saphyr_parser::Tag>) -> Result<(), Refusal> {
    if anchor != 0 {
        return Err((
            pos,
            "YAML anchors (`&name`) are not used in casebook files".into(),
            "write each value where it belongs",
        ));
    }
    match tag {
        Some(t) if !(t.handle == "!!" && t.suffix == "str") => Err((
            pos,
            format!("the YAML tag `{}{}` is not used in casebook files", t.handle, t.suffix),
            "remove the tag; quote the value if it must be text",
        )),
        _ => Ok(()),
    }
}

fn pairs(items: Vec<Node>) -> Vec<(Node, Node)> {
    let mut out = Vec::with_capacity(items.len() / 2);
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        out.push((k, v));
    }
    out
}

/// A plain scalar under YAML 1.2's core schema: null, true/false, integers, floats, else text.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Int(n);
        }
    } else if let Some(hex) =
        text.strip_prefix("0x").filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Value::Int(n);
        }
    } else if let Some(oct) =
        text.strip_prefix("0o").filter(|o| !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)))
        && let Ok(n) = i64::from_str_radix(oct, 8)
    {
        return Value::Int(n);
    }
    let special = match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ => None,
    };
    if let Some(f) = special {
        return Value::Float(f);
    }
    if is_float(text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::Str(text.to_owned())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "id: x\ntitle: {ja: 事故, en: Incident}\nmeasures: [usb-control, staff-training]\nlist:\n  - a\n  - b\nnested:\n  ja: 日本\n  en: Japan\nitems:\n  - code: one\n    label: {ja: 一, en: One}\n  - code: two\n    label:\n      ja: 二\nn: 12\nf: 1.5\nt: true\nq: \"12\"\n";

    fn doc() -> Yaml<'static> {
        Yaml::parse(DOC, 5, "f.md", DOC).unwrap()
    }

    fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
        let mut n = node;
        for step in path {
            n = match step.parse::<usize>() {
                Ok(i) => match &n.value {
                    Value::Seq(items) => &items[i],
                    _ => panic!("not a list"),
                },
                Err(_) => n.get(step).unwrap_or_else(|| panic!("no {step}")),
            };
        }
        n
    }

    #[test]
    fn every_value_knows_its_place_in_the_file() {
        let y = doc();
        let pos = |p: &[&str]| {
            let n = at(&y.root, p);
            (n.pos.line, n.pos.col, n.pos.len)
        };
        assert_eq!(pos(&["id"]), (5, 5, 1));
        assert_eq!(pos(&["title", "en"]), (6, 21, 8));
        assert_eq!(pos(&["measures", "1"]), (7, 25, 14));
        assert_eq!(pos(&["list", "1"]), (10, 5, 1));
        assert_eq!(pos(&["nested", "en"]), (13, 7, 5));
        assert_eq!(pos(&["items", "1", "code"]), (17, 11, 3));
        assert_eq!(pos(&["items", "0", "label", "en"]), (16, 24, 3));
        assert_eq!(pos(&["items", "1", "label", "ja"]), (19, 11, 1));
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let y = doc();
        assert_eq!(at(&y.root, &["n"]).value, Value::Int(12));
        assert_eq!(at(&y.root, &["f"]).value, Value::Float(1.5));
        assert_eq!(at(&y.root, &["t"]).value, Value::Bool(true));
        assert_eq!(at(&y.root, &["q"]).value, Value::Str("12".into()), "quoted is text");
        assert_eq!(resolve_plain("51-100"), Value::Str("51-100".into()));
        assert_eq!(resolve_plain("yes"), Value::Str("yes".into()), "YAML 1.2: yes is text");
        assert_eq!(resolve_plain("2013"), Value::Int(2013));
    }

    #[test]
    fn a_bad_value_on_the_second_line_of_a_text_is_found_there() {
        // The old locator pointed at the key's first line for a two-line `title:` block.
        let text = "title:\n  ja: 事故\n  en: [not, text]\n";
        let y = Yaml::parse(text, 2, "f.md", text).unwrap();
        assert_eq!(at(&y.root, &["title", "en"]).pos.line, 4);
    }

    #[test]
    fn refusals_are_positioned() {
        for (text, line, col, what) in [
            ("id: a\nid: b\n", 2, 1, "given twice"),
            ("a: &x 1\nb: *x\n", 1, 4, "anchors"),
            ("a: !!binary abc\n", 1, 4, "tag"),
            ("? [a]\n: b\n", 1, 3, "plain word"),
            ("a: 1\n---\nb: 2\n", 2, 1, "second YAML document"),
            ("a: [1, 2\nb: c\n", 2, 2, "syntax error"),
        ] {
            let err = Yaml::parse(text, 1, "f.md", text).err().unwrap_or_else(|| panic!("{text:?} parsed"));
            assert!(err.message.contains(what), "{text:?}: {}", err.message);
            assert_eq!(err.pos.map(|p| (p.line, p.col)), Some((line, col)), "{text:?}: {}", err.message);
        }
        let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert!(Yaml::parse(&deep, 1, "f", &deep).err().unwrap().message.contains("nested more than"));
    }
}
