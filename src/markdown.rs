//! Markdown to HTML with pulldown-cmark: tables, footnotes, heading anchors, highlighted code,
//! casebook's `@/` internal links, and raw HTML escaped (content is not trusted to write HTML).

use crate::diagnostics::{Diagnostic, Pos};
use crate::highlight;
use crate::lang::Lang;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Stands for the page's path back to the output root inside rendered HTML; each page replaces it
/// with its own prefix, so a text is rendered once and placed at any depth. U+FDD0 is a
/// noncharacter: it never occurs in real text, and `source::decode` removes it from input.
pub const ROOT: &str = "\u{FDD0}";
const ROOT_IN_URL: &str = "%EF%B7%90";

/// Where a piece of Markdown comes from, for messages.
pub struct Origin<'a> {
    pub file: &'a str,
    pub first_line: usize,
    pub exact_lines: bool,
}

/// Resolves an internal `@/…` link (without the `@/`) to a path from the output root.
pub trait LinkResolver {
    fn resolve(&self, lang: Lang, target: &str) -> Result<String, String>;
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// (level, id, text) of every heading, in order.
    pub headings: Vec<(u8, String, String)>,
    pub problems: Vec<Diagnostic>,
}

pub struct Options_<'a> {
    pub lang: Lang,
    /// Prepended to heading and footnote ids, so several texts can share a page.
    pub id_prefix: &'a str,
    /// Words to link where they first appear (glossary entries).
    pub autolinks: &'a [AutoLinkTarget],
    /// Headings move this many levels down (`##` becomes `###` with 1), at most to `######`.
    pub heading_offset: u8,
}

/// Words that link to `href` (a ROOT-relative URL) where one of them first appears in a text.
#[derive(Debug, Clone)]
pub struct AutoLinkTarget {
    pub words: Vec<String>,
    /// Longer words a match must not be part of.
    pub except: Vec<String>,
    pub href: String,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(text: &str, origin: &Origin, links: &dyn LinkResolver, opts: &Options_) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut in_comment = false;
    let mut link_depth = 0usize;
    // Entries none of whose words occur anywhere in the text count as linked already, so the
    // per-event search only looks for words that can match.
    let mut linked: Vec<bool> =
        opts.autolinks.iter().map(|t| !t.words.iter().any(|w| find_word(text, w, &t.except).is_some())).collect();
    let problem = |offset: usize, len: usize, message: String, help: &str| -> Diagnostic {
        let (line, col, source_line) = locate(text, offset, origin);
        let d = Diagnostic::error(origin.file, message).help(help);
        match source_line {
            Some(src) => Diagnostic { pos: Some(Pos::new(line, col, len)), source_line: Some(src), ..d },
            None => d.at_line(Pos::new(line, col, len)),
        }
    };

    for (event, range) in Parser::new_ext(text, parser_options()).into_offset_iter() {
        // Code blocks: buffer the text, emit highlighted HTML at the end.
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (info, buf) = code.take().expect("in code block");
                    events.push(Event::Html(CowStr::from(highlight::code_block(&buf, &info))));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new()));
                continue;
            }
            ev @ (Event::Html(_) | Event::InlineHtml(_)) => {
                let (block, html) = match ev {
                    Event::Html(h) => (true, h),
                    Event::InlineHtml(h) => (false, h),
                    _ => unreachable!("matched above"),
                };
                // Comments are dropped; any other raw HTML is shown as text, never interpreted. A
                // block that opens with a comment runs to the end of the comment's last line, so
                // text after `-->` on that line is Markdown the writer meant as a paragraph.
                let opens_block = block && !in_comment && html.trim_start().starts_with("<!--");
                let kept = strip_comments(&html, &mut in_comment);
                if kept.trim().is_empty() {
                    continue;
                }
                // Recursing only when a comment was cut out, so it ends.
                if block && kept.len() < html.len() && (opens_block || html.contains("-->")) {
                    let inner = render(kept.trim(), origin, links, opts);
                    out.problems.extend(inner.problems);
                    Event::Html(CowStr::from(inner.html))
                } else {
                    Event::Text(CowStr::from(kept))
                }
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                Event::End(TagEnd::Link)
            }
            Event::Text(text) if link_depth == 0 && heading.is_none() && linked.iter().any(|l| !l) => {
                autolink(&text, opts.autolinks, &mut linked, &mut events);
                continue;
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                link_depth += 1;
                let dest = match rewrite_url(&dest_url, links, opts.lang) {
                    // A link to a heading of the same text follows the heading's prefixed id.
                    Ok(d) if d.starts_with('#') && !opts.id_prefix.is_empty() => {
                        CowStr::from(format!("#{}{}", opts.id_prefix, &d[1..]))
                    }
                    Ok(d) => d,
                    Err((msg, help)) => {
                        out.problems.push(problem(range.start, range.len().min(200), msg, help));
                        dest_url
                    }
                };
                Event::Start(Tag::Link { link_type, dest_url: dest, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = match rewrite_url(&dest_url, links, opts.lang) {
                    Ok(d) => d,
                    Err((msg, help)) => {
                        out.problems.push(problem(range.start, range.len().min(200), msg, help));
                        dest_url
                    }
                };
                Event::Start(Tag::Image { link_type, dest_url: dest, title, id })
            }
            // Footnote ids get a prefix: a bare number is a poor id, and texts may share a page.
            Event::FootnoteReference(label) => Event::FootnoteReference(format!("{}fn-{label}", opts.id_prefix).into()),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(format!("{}fn-{label}", opts.id_prefix).into()))
            }
            other => other,
        };
        // Headings: buffer to learn their text, then give them a unique id.
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), Vec::new()));
            }
            Event::End(TagEnd::Heading(level)) => {
                let (_, explicit, inner) = heading.take().expect("in heading");
                let text = events_text(&inner);
                let given = explicit.is_some();
                let base = explicit.unwrap_or_else(|| slugify(&text));
                let wanted = format!("{}{base}", opts.id_prefix);
                let id = ids.unique(&wanted);
                if given && id != wanted {
                    let d = problem(
                        range.start,
                        range.len().min(200),
                        format!("the heading id `{base}` is used twice in this text"),
                        "give each heading its own `{#id}`; the second one is renamed",
                    );
                    out.problems.push(Diagnostic { severity: crate::diagnostics::Severity::Warning, ..d });
                }
                let level = shift(level, opts.heading_offset);
                out.headings.push((level as u8, id.clone(), text));
                events.push(Event::Start(Tag::Heading { level, id: Some(id.into()), classes: vec![], attrs: vec![] }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            e => match heading.as_mut() {
                Some((_, _, inner)) => inner.push(e),
                None => events.push(e),
            },
        }
    }
    for label in undefined_footnotes(text) {
        let at = text.find(&format!("[^{label}]")).unwrap_or(0);
        let d = problem(
            at,
            label.chars().count() + 3,
            format!("the footnote `[^{label}]` has no definition"),
            "add a line `[^label]: text` to this text (each language has its own footnotes), or remove the reference",
        );
        out.problems.push(Diagnostic { severity: crate::diagnostics::Severity::Warning, ..d });
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
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

/// `html` without its comments; `in_comment` carries an open comment from one piece to the next.
fn strip_comments(html: &str, in_comment: &mut bool) -> String {
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
fn undefined_footnotes(text: &str) -> Vec<String> {
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

/// Emits `text`, turning the first occurrence of each not-yet-linked glossary word into a link.
fn autolink<'e>(text: &str, targets: &[AutoLinkTarget], linked: &mut [bool], events: &mut Vec<Event<'e>>) {
    let mut rest = text;
    loop {
        let found = targets
            .iter()
            .enumerate()
            .filter(|(i, _)| !linked[*i])
            .flat_map(|(i, t)| {
                t.words.iter().filter_map(move |w| find_word(rest, w, &t.except).map(|at| (at, i, w.len())))
            })
            .min_by_key(|&(at, _, len)| (at, std::cmp::Reverse(len)));
        let Some((at, i, len)) = found else { break };
        linked[i] = true;
        if at > 0 {
            events.push(Event::Text(CowStr::from(rest[..at].to_owned())));
        }
        let word = &rest[at..at + len];
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"glossary-link\" href=\"{}\">{}</a>",
            highlight::escape(&targets[i].href),
            highlight::escape(word)
        ))));
        rest = &rest[at + len..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(CowStr::from(rest.to_owned())));
    }
}

/// Where `word` occurs in `text` as a word of its own: a word that starts or ends with a Latin
/// letter or digit must stand alone ("VPN" is not in "VPNs"), and no match may lie inside one of
/// the entry's `except` words (Japanese has no spaces: "ログ" must not link inside "ログイン").
fn find_word(text: &str, word: &str, except: &[String]) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric();
    let inside_exception = |at: usize| {
        except.iter().any(|e| {
            e.match_indices(word).any(|(k, _)| at >= k && text.get(at - k..).is_some_and(|t| t.starts_with(e.as_str())))
        })
    };
    let mut from = 0;
    while let Some(off) = text[from..].find(word) {
        let at = from + off;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let starts_latin = word.chars().next().is_some_and(is_word);
        let ends_latin = word.chars().next_back().is_some_and(is_word);
        let ok_before = !starts_latin || !before.is_some_and(is_word);
        let ok_after = !ends_latin || !after.is_some_and(is_word);
        if ok_before && ok_after && !inside_exception(at) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

type UrlError = (String, &'static str);

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + by as usize).min(6)).unwrap_or(HeadingLevel::H6)
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

/// `@/…` → root-relative path with the ROOT marker; root-absolute paths are refused (they break
/// file:// and sub-path hosting); everything else is kept.
fn rewrite_url<'a>(url: &CowStr<'a>, links: &dyn LinkResolver, lang: Lang) -> Result<CowStr<'a>, UrlError> {
    if let Some(target) = url.strip_prefix("@/") {
        return match links.resolve(lang, target) {
            Ok(path) => Ok(format!("{ROOT}{path}").into()),
            Err(why) => Err((
                format!("broken internal link `{url}`: {why}"),
                "internal links look like @/cases/<id>.md, @/pages/<slug>.md#anchor, @/<taxonomy>/<term> or @/static/<file>",
            )),
        };
    }
    if url.to_ascii_uppercase().contains(ROOT_IN_URL) {
        return Err((
            format!("the link `{url}` holds `{ROOT_IN_URL}`, which casebook uses for its own links"),
            "write the address without it",
        ));
    }
    if url.starts_with('/') && !url.starts_with("//") {
        return Err((
            format!("the link `{url}` starts with `/`, which breaks the offline copy and sub-path hosting"),
            "link to another page of the site with @/… (e.g. @/cases/ipa2017-001.md), or to another site with a full https:// address",
        ));
    }
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("vbscript:") || lower.starts_with("data:text/html") {
        return Err((
            format!("the link `{url}` runs script, which casebook does not allow in content"),
            "link to a page or a web address instead",
        ));
    }
    Ok(url.clone())
}

/// File line, column and source line for a byte offset in the text.
fn locate(text: &str, offset: usize, origin: &Origin) -> (usize, usize, Option<String>) {
    if !origin.exact_lines {
        return (origin.first_line, 1, None);
    }
    let before = &text[..offset.min(text.len())];
    let line_idx = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    let source_line = text[line_start..].lines().next().map(str::to_owned);
    (origin.first_line + line_idx, col, source_line)
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
struct HeadingIds {
    used: std::collections::HashSet<String>,
    /// The next suffix to try for a base id.
    next: std::collections::HashMap<String, usize>,
}

impl HeadingIds {
    fn unique(&mut self, base: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    struct Links;
    impl LinkResolver for Links {
        fn resolve(&self, lang: Lang, target: &str) -> Result<String, String> {
            match target {
                "cases/a.md" => Ok(format!("{lang}/cases/a/index.html")),
                _ => Err("no such case".into()),
            }
        }
    }

    fn md(text: &str) -> Rendered {
        let origin = Origin { file: "content/cases/x.md", first_line: 10, exact_lines: true };
        render(text, &origin, &Links, &Options_ { lang: Lang::En, id_prefix: "", autolinks: &[], heading_offset: 0 })
    }

    #[test]
    fn tables_footnotes_and_heading_anchors() {
        let r = md(
            "## 発生した事故と影響\n\n## Why it happened\n\n## Why it happened\n\n|a|b|\n|-|-|\n|1|2|\n\nText[^1]\n\n[^1]: Note\n",
        );
        assert!(r.html.contains("<h2 id=\"発生した事故と影響\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"why-it-happened\">") && r.html.contains("<h2 id=\"why-it-happened-1\">"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.problems.is_empty());
    }

    #[test]
    fn raw_html_is_escaped_and_comments_dropped() {
        let r = md("<script>alert(1)</script>\n\nText <b onclick=\"x\">bold</b> <!-- note -->\n");
        assert!(!r.html.contains("<script>") && r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<b onclick"), "{}", r.html);
        assert!(!r.html.contains("note"), "{}", r.html);
    }

    #[test]
    fn text_after_a_comment_on_its_line_is_kept() {
        let r = md("<!-- 編集メモ --> この段落は**残る**。\n\n<b>x</b> と <!-- a\nb --> after\n");
        assert!(r.html.contains("この段落は<strong>残る</strong>。"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt;"), "raw HTML after the comment is text: {}", r.html);
        assert!(r.html.contains(" after") && !r.html.contains("編集メモ") && !r.html.contains("a\nb"), "{}", r.html);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn thousands_of_equal_headings_get_unique_ids_in_linear_time() {
        let text = "## a\n\n".repeat(4000);
        let r = md(&text);
        assert!(r.html.contains("id=\"a\"") && r.html.contains("id=\"a-1\"") && r.html.contains("id=\"a-3999\""));
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("x-1"), "x-1");
        assert_eq!(ids.unique("x"), "x");
        assert_eq!(ids.unique("x"), "x-2", "a suffix already taken is skipped");
    }

    #[test]
    fn undefined_footnotes_and_repeated_explicit_ids_are_warnings() {
        let r = md("Text[^1] and[^gone].\n\n## A {#same}\n\n## B {#same}\n\n`[^code]`\n\n[^1]: Note\n");
        let messages: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`[^gone]` has no definition")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`same` is used twice")), "{messages:?}");
        assert!(r.problems.iter().all(|p| p.severity == crate::diagnostics::Severity::Warning));
    }

    #[test]
    fn the_root_marker_spelt_out_in_text_stays_text() {
        let r = md("100%EF%B7%90 and [a](@/cases/a.md)\n");
        assert!(r.html.contains("100%EF%B7%90"), "{}", r.html);
        assert!(r.html.contains(&format!("href=\"{ROOT}en/cases/a/index.html\"")), "{}", r.html);
        assert_eq!(md("[x](%ef%b7%90x.html)\n").problems.len(), 1, "a link cannot hold the marker");
        assert!(plain_text("<!-- memo --> kept text\n").contains("kept text"), "search indexes it too");
        assert!(md("<div>a --> b</div>\n\nx <b>y</b>\n").html.contains("a --&gt; b"), "no comment, no recursion");
    }

    #[test]
    fn internal_links_resolve_and_broken_ones_name_the_line() {
        let r = md("See [a](@/cases/a.md).\n\nAnd [b](@/cases/b.md) and [c](/abs).\n");
        assert!(r.html.contains(&format!("href=\"{ROOT}en/cases/a/index.html\"")), "{}", r.html);
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[0].location(), "content/cases/x.md:12:5");
        assert!(r.problems[0].message.contains("@/cases/b.md"));
        assert!(r.problems[1].message.contains("starts with `/`"));
    }

    #[test]
    fn script_urls_are_refused() {
        let r = md("[x](javascript:alert(1))\n");
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn glossary_words_link_once_outside_links_headings_and_code() {
        let targets = vec![
            AutoLinkTarget {
                words: vec!["UTM".into()],
                except: vec![],
                href: format!("{ROOT}en/glossary/index.html#utm"),
            },
            AutoLinkTarget {
                words: vec!["VPN".into()],
                except: vec![],
                href: format!("{ROOT}en/glossary/index.html#vpn"),
            },
        ];
        let origin = Origin { file: "f.md", first_line: 1, exact_lines: true };
        let opts = Options_ { lang: Lang::En, id_prefix: "", autolinks: &targets, heading_offset: 0 };
        let r = render(
            "## UTM\n\nA [UTM](https://x.example/) box, `UTM`, then UTM and UTM again; VPNs but a VPN.\n",
            &origin,
            &Links,
            &opts,
        );
        assert_eq!(r.html.matches("class=\"glossary-link\"").count(), 2, "{}", r.html);
        assert!(
            r.html.contains(&format!(
                "then <a class=\"glossary-link\" href=\"{ROOT}en/glossary/index.html#utm\">UTM</a> and UTM again"
            )),
            "{}",
            r.html
        );
        assert!(r.html.contains("VPNs but a <a class=\"glossary-link\""), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"utm\">UTM</h2>"), "{}", r.html);
    }

    #[test]
    fn japanese_glossary_words_match_inside_running_text() {
        let targets = vec![AutoLinkTarget {
            words: vec!["Pマーク".into(), "プライバシーマーク".into()],
            except: vec![],
            href: "g#pmark".into(),
        }];
        let origin = Origin { file: "f.md", first_line: 1, exact_lines: true };
        let opts = Options_ { lang: Lang::Ja, id_prefix: "", autolinks: &targets, heading_offset: 0 };
        let r = render("将来はプライバシーマークを取得し、Pマークを掲げたい。\n", &origin, &Links, &opts);
        assert!(
            r.html
                .contains("将来は<a class=\"glossary-link\" href=\"g#pmark\">プライバシーマーク</a>を取得し、Pマーク"),
            "{}",
            r.html
        );
    }

    #[test]
    fn words_do_not_match_inside_their_exceptions() {
        let except = ["ログイン".to_owned(), "アナログ".to_owned()];
        assert_eq!(find_word("ログインのログを見る", "ログ", &except), Some("ログインの".len()));
        assert_eq!(find_word("アナログ回線", "ログ", &except), None);
        assert_eq!(find_word("フィッシングサイト", "フィッシング", &[]), Some(0), "compounds still match");
        assert_eq!(find_word("VPNs and VPN", "VPN", &[]), Some("VPNs and ".len()));
    }

    #[test]
    fn code_is_highlighted() {
        let r = md("```yaml\nid: x\n```\n");
        assert!(r.html.contains("language-yaml") && r.html.contains("hl-"), "{}", r.html);
    }
}
