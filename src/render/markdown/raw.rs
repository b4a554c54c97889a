//! Raw HTML in Markdown: comments are dropped (a block that opens with one may go on with text
//! on the same line), everything else is text; the plain text of a document for the search
//! index; and footnote references that nothing defines.

use super::parser_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// `html` without its comments; `in_comment` carries an open comment from one piece to the next.
pub(super) fn strip_comments(html: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        }
        match rest.find("<!--") {
            Some(start) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + 4..];
                *in_comment = true;
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// Labels of `[^label]` references that no `[^label]:` line defines (pulldown-cmark then shows
/// the reference as plain text). Code spans and fenced code are left out.
pub(super) fn undefined_footnotes(text: &str) -> Vec<String> {
    if !text.contains("[^") {
        return Vec::new();
    }
    let mut defined = std::collections::HashSet::new();
    let mut referenced = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut code = false;
    for event in Parser::new_ext(text, parser_options()) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                defined.insert(label.to_string());
            }
            Event::FootnoteReference(label) => {
                defined.insert(label.to_string());
            }
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            _ => {}
        }
    }
    // An undefined reference reaches the events as the texts `[`, `^label`, `]`.
    let mut prev: [Option<String>; 2] = [None, None];
    for event in Parser::new_ext(text, parser_options()) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            _ => {}
        }
        let now = match &event {
            Event::Text(t) if !code => Some(t.to_string()),
            _ => None,
        };
        if let ([Some(open), Some(label)], Some(close)) = (&prev, &now)
            && open == "["
            && close.starts_with(']')
            && let Some(name) = label.strip_prefix('^')
            && !name.is_empty()
            && !name.contains(char::is_whitespace)
            && !defined.contains(name)
            && seen.insert(name.to_owned())
        {
            referenced.push(name.to_owned());
        }
        prev = [prev[1].take(), now];
    }
    referenced
}

/// The text of a Markdown document without markup, for the search index.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    for event in Parser::new_ext(text, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Raw HTML is shown as text, and text after a comment is a paragraph (see `render`).
            Event::Html(h) | Event::InlineHtml(h) => {
                let kept = strip_comments(&h, &mut in_comment);
                if kept.trim().is_empty() {
                    continue;
                }
                // Only what was left of a block after its comment is Markdown again; the rest is
                // shown (and indexed) as written. Recursing only when a comment was cut out ends.
                if kept.len() < h.len() {
                    out.push_str(&plain_text(kept.trim()));
                } else {
                    out.push_str(&kept);
                }
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}
