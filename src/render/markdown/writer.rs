//! The event loop of `render`: pulldown-cmark's events in, the events to write out, with code
//! highlighted, raw HTML made text, links resolved, glossary words linked, footnotes and headings
//! given ids that are unique on the page.

use super::autolink::autolink;
use super::raw::{strip_comments, undefined_footnotes};
use super::{LinkResolver, Options_, Origin, ROOT, ROOT_IN_URL, Rendered, problem, render, rewrite_url, shift};
use crate::diagnostics::{Diagnostic, Severity};
use crate::render::highlight;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

pub(super) struct Writer<'t, 'o> {
    text: &'t str,
    origin: &'o Origin<'o>,
    links: &'o dyn LinkResolver,
    opts: &'o Options_<'o>,
    out: Rendered,
    events: Vec<Event<'t>>,
    ids: HeadingIds,
    /// The heading being read: its level, its explicit id, its events.
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'t>>)>,
    /// The code block being read: its info string and its text.
    code: Option<(String, String)>,
    in_comment: bool,
    link_depth: usize,
    /// Which glossary entries are linked already (or never occur in this text).
    linked: Vec<bool>,
}

impl<'t, 'o> Writer<'t, 'o> {
    pub(super) fn new(
        text: &'t str,
        origin: &'o Origin<'o>,
        links: &'o dyn LinkResolver,
        opts: &'o Options_<'o>,
    ) -> Self {
        // Entries none of whose words occur anywhere in the text count as linked already, so the
        // per-event search only looks for words that can match.
        let mut linked = vec![true; opts.autolinks.targets.len()];
        for (_, t, _) in opts.autolinks.occurrences(text) {
            linked[t] = false;
        }
        Writer {
            text,
            origin,
            links,
            opts,
            out: Rendered::default(),
            events: Vec::new(),
            ids: HeadingIds::default(),
            heading: None,
            code: None,
            in_comment: false,
            link_depth: 0,
            linked,
        }
    }

    fn problem(&self, range: &Range<usize>, message: String, help: &str) -> Diagnostic {
        problem(self.text, self.origin, range.start, range.len().min(200), message, help)
    }

    pub(super) fn event(&mut self, event: Event<'t>, range: Range<usize>) {
        // A character reference (`&#xFDD0;`) decodes to a noncharacter that the file itself may not
        // hold (load::text): casebook's own markers are noncharacters, so none may come from a text.
        let event = match event {
            Event::Text(t) => Event::Text(clean(t)),
            Event::Code(t) => Event::Code(clean(t)),
            other => other,
        };
        // Code blocks: buffer the text, emit highlighted HTML at the end.
        if let Some((_, buf)) = self.code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (info, buf) = self.code.take().expect("in code block");
                    self.events.push(Event::Html(CowStr::from(highlight::code_block(&buf, &info))));
                }
                _ => {}
            }
            return;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
                return;
            }
            Event::Html(html) => match self.raw_html(html, true) {
                Some(e) => e,
                None => return,
            },
            Event::InlineHtml(html) => match self.raw_html(html, false) {
                Some(e) => e,
                None => return,
            },
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                Event::End(TagEnd::Link)
            }
            Event::Text(text) if self.link_depth == 0 && self.heading.is_none() && self.linked.iter().any(|l| !l) => {
                autolink(&text, self.opts.autolinks, &mut self.linked, &mut self.events);
                return;
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.link_depth += 1;
                let dest = self.destination(dest_url, &range, true);
                Event::Start(Tag::Link { link_type, dest_url: dest, title: clean(title), id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = self.destination(dest_url, &range, false);
                Event::Start(Tag::Image { link_type, dest_url: dest, title: clean(title), id })
            }
            // Footnote ids get a prefix: a bare number is a poor id, and texts may share a page.
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(format!("{}fn-{label}", self.opts.id_prefix).into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(format!("{}fn-{label}", self.opts.id_prefix).into()))
            }
            other => other,
        };
        self.place(event, &range);
    }

    /// Comments are dropped; any other raw HTML is shown as text, never interpreted. A block that
    /// opens with a comment runs to the end of the comment's last line, so text after `-->` on
    /// that line is Markdown the writer meant as a paragraph.
    fn raw_html(&mut self, html: CowStr<'t>, block: bool) -> Option<Event<'t>> {
        let opens_block = block && !self.in_comment && html.trim_start().starts_with("<!--");
        let kept = strip_comments(&html, &mut self.in_comment);
        if kept.trim().is_empty() {
            return None;
        }
        // Recursing only when a comment was cut out, so it ends.
        if block && kept.len() < html.len() && (opens_block || html.contains("-->")) {
            let inner = render(kept.trim(), self.origin, self.links, self.opts);
            self.out.problems.extend(inner.problems);
            Some(Event::Html(CowStr::from(inner.html)))
        } else {
            Some(Event::Text(CowStr::from(kept)))
        }
    }

    /// A link's or image's destination, resolved; a broken one is reported and kept as written.
    fn destination(&mut self, dest_url: CowStr<'t>, range: &Range<usize>, link: bool) -> CowStr<'t> {
        match rewrite_url(&dest_url, self.links, self.opts.lang) {
            // A link to a heading of the same text follows the heading's prefixed id.
            Ok(d) if link && d.starts_with('#') && !self.opts.id_prefix.is_empty() => {
                CowStr::from(format!("#{}{}", self.opts.id_prefix, &d[1..]))
            }
            Ok(d) => d,
            Err((msg, help)) => {
                let d = self.problem(range, msg, help);
                self.out.problems.push(d);
                dest_url
            }
        }
    }

    /// Headings are buffered to learn their text, then given a unique id; other events go out.
    fn place(&mut self, event: Event<'t>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level, id.map(|s| s.to_string()), Vec::new()));
            }
            Event::End(TagEnd::Heading(level)) => {
                let (_, explicit, inner) = self.heading.take().expect("in heading");
                let text = events_text(&inner);
                let given = explicit.is_some();
                let base = explicit.unwrap_or_else(|| slugify(&text));
                let wanted = format!("{}{base}", self.opts.id_prefix);
                let id = self.ids.unique(&wanted);
                if given && id != wanted {
                    let message = format!("the heading id `{base}` is used twice in this text");
                    let d =
                        self.problem(range, message, "give each heading its own `{#id}`; the second one is renamed");
                    self.out.problems.push(Diagnostic { severity: Severity::Warning, ..d });
                }
                let level = shift(level, self.opts.heading_offset);
                self.out.headings.push((level as u8, id.clone(), text));
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes: vec![],
                    attrs: vec![],
                }));
                self.events.extend(inner);
                self.events.push(Event::End(TagEnd::Heading(level)));
            }
            e => match self.heading.as_mut() {
                Some((_, _, inner)) => inner.push(e),
                None => self.events.push(e),
            },
        }
    }

    pub(super) fn finish(mut self) -> Rendered {
        for label in undefined_footnotes(self.text) {
            let at = self.text.find(&format!("[^{label}]")).unwrap_or(0);
            let d = problem(
                self.text,
                self.origin,
                at,
                label.chars().count() + 3,
                format!("the footnote `[^{label}]` has no definition"),
                "add a line `[^label]: text` to this text (each language has its own footnotes), or remove the reference",
            );
            self.out.problems.push(Diagnostic { severity: Severity::Warning, ..d });
        }
        let mut out = self.out;
        pulldown_cmark::html::push_html(&mut out.html, self.events.into_iter());
        // pulldown-cmark percent-encodes link destinations; turn the encoded marker at the start of
        // an href or src back into ROOT (the same letters elsewhere are the writer's text).
        for attr in ["href=\"", "src=\""] {
            let encoded = format!("{attr}{ROOT_IN_URL}");
            if out.html.contains(&encoded) {
                out.html = out.html.replace(&encoded, &format!("{attr}{ROOT}"));
            }
        }
        out
    }
}

/// Whether `text` holds one of U+FDD0–U+FDEF (EF B7 90 … EF B7 AF in UTF-8).
fn has_noncharacter(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"\xEF\xB7").any(|i| (0x90..=0xAF).contains(&text.as_bytes()[i + 2]))
}

fn clean(text: CowStr<'_>) -> CowStr<'_> {
    if has_noncharacter(&text) { without_noncharacters(&text).into() } else { text }
}

fn without_noncharacters(text: &str) -> String {
    text.chars().filter(|c| !matches!(*c as u32, 0xFDD0..=0xFDEF)).collect()
}

fn events_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

/// An id from heading text: lowercase, words joined by `-`, punctuation dropped. Japanese text is
/// kept as is (HTML ids and URL fragments may hold any character but spaces).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '-' || c == '_' || c.is_whitespace() {
            dash = true;
        }
    }
    if out.is_empty() { "section".into() } else { out }
}

/// The heading ids of one text, kept unique in linear time: a text with thousands of equal
/// headings must not cost a search of every earlier id for each of them.
#[derive(Default)]
pub(super) struct HeadingIds {
    used: std::collections::HashSet<String>,
    /// The next suffix to try for a base id.
    next: std::collections::HashMap<String, usize>,
}

impl HeadingIds {
    pub(super) fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let n = self.next.entry(base.to_owned()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}
