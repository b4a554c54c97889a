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
    let mut used_ids: Vec<String> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut in_comment = false;
    let mut link_depth = 0usize;
    // Entries none of whose words occur anywhere in the text count as linked already, so the
    // per-event search only looks for words that can match.
    let mut linked: Vec<bool> =
        opts.autolinks.iter().map(|t| !t.words.iter().any(|w| find_word(text, w).is_some())).collect();
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
            Event::Html(html) | Event::InlineHtml(html) => {
                // Comments are dropped; any other raw HTML is shown as text, never interpreted.
                let t = html.trim();
                if in_comment || t.starts_with("<!--") {
                    in_comment = !t.ends_with("-->");
                    continue;
                }
                Event::Text(html)
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
                let base = explicit.unwrap_or_else(|| slugify(&text));
                let id = unique_id(&format!("{}{base}", opts.id_prefix), &mut used_ids);
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
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // pulldown-cmark percent-encodes link destinations; turn the encoded marker back into ROOT.
    if out.html.contains(ROOT_IN_URL) {
        out.html = out.html.replace(ROOT_IN_URL, ROOT);
    }
    out
}

/// Emits `text`, turning the first occurrence of each not-yet-linked glossary word into a link.
fn autolink<'e>(text: &str, targets: &[AutoLinkTarget], linked: &mut [bool], events: &mut Vec<Event<'e>>) {
    let mut rest = text;
    loop {
        let found = targets
            .iter()
            .enumerate()
            .filter(|(i, _)| !linked[*i])
            .flat_map(|(i, t)| t.words.iter().filter_map(move |w| find_word(rest, w).map(|at| (at, i, w.len()))))
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

/// Where `word` occurs in `text`; a word that starts or ends with a Latin letter or digit must
/// stand alone there (so "VPN" does not match inside "VPNs" or "SVPN").
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric();
    let mut from = 0;
    while let Some(off) = text[from..].find(word) {
        let at = from + off;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let starts_latin = word.chars().next().is_some_and(is_word);
        let ends_latin = word.chars().next_back().is_some_and(is_word);
        let ok_before = !starts_latin || !before.is_some_and(is_word);
        let ok_after = !ends_latin || !after.is_some_and(is_word);
        if ok_before && ok_after {
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
    for event in Parser::new_ext(text, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
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

fn unique_id(base: &str, used: &mut Vec<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.push(id.clone());
    id
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
            AutoLinkTarget { words: vec!["UTM".into()], href: format!("{ROOT}en/glossary/index.html#utm") },
            AutoLinkTarget { words: vec!["VPN".into()], href: format!("{ROOT}en/glossary/index.html#vpn") },
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
    fn code_is_highlighted() {
        let r = md("```yaml\nid: x\n```\n");
        assert!(r.html.contains("language-yaml") && r.html.contains("hl-"), "{}", r.html);
    }
}
