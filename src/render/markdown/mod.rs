//! Markdown to HTML with pulldown-cmark: tables, footnotes, heading anchors, highlighted code,
//! casebook's `@/` internal links, glossary autolinks (autolink.rs), and raw HTML escaped —
//! hand-written on purpose: content is not trusted to write HTML, so every raw HTML event is shown
//! as text and only comments are dropped (raw.rs).

mod autolink;
mod raw;
mod writer;

pub use autolink::{AutoLinkTarget, AutoLinks};
pub use raw::plain_text;
pub use writer::slugify;

use crate::diagnostics::{Diagnostic, Pos};
use crate::model::Lang;
use pulldown_cmark::{CowStr, HeadingLevel, Options, Parser};

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
    pub autolinks: &'a AutoLinks,
    /// Headings move this many levels down (`##` becomes `###` with 1), at most to `######`.
    pub heading_offset: u8,
}

pub(super) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(text: &str, origin: &Origin, links: &dyn LinkResolver, opts: &Options_) -> Rendered {
    let mut w = writer::Writer::new(text, origin, links, opts);
    for (event, range) in Parser::new_ext(text, parser_options()).into_offset_iter() {
        w.event(event, range);
    }
    w.finish()
}

/// A positioned error (or, with `severity`, warning) at a byte offset of the text.
pub(super) fn problem(
    text: &str,
    origin: &Origin,
    offset: usize,
    len: usize,
    message: String,
    help: &str,
) -> Diagnostic {
    let (line, col, source_line) = locate(text, offset, origin);
    let d = Diagnostic::error(origin.file, message).help(help);
    match source_line {
        Some(src) => Diagnostic { pos: Some(Pos::new(line, col, len)), source_line: Some(src), ..d },
        None => d.at_line(Pos::new(line, col, len)),
    }
}

type UrlError = (String, &'static str);

/// `@/…` → root-relative path with the ROOT marker; root-absolute paths are refused (they break
/// file:// and sub-path hosting); everything else is kept.
pub(super) fn rewrite_url<'a>(url: &CowStr<'a>, links: &dyn LinkResolver, lang: Lang) -> Result<CowStr<'a>, UrlError> {
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

pub(super) fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + by as usize).min(6)).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::autolink::find_word;
    use super::writer::HeadingIds;
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
        render(
            text,
            &origin,
            &Links,
            &Options_ { lang: Lang::En, id_prefix: "", autolinks: &AutoLinks::default(), heading_offset: 0 },
        )
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
        let opts = Options_ { lang: Lang::En, id_prefix: "", autolinks: &AutoLinks::new(targets), heading_offset: 0 };
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
        let opts = Options_ { lang: Lang::Ja, id_prefix: "", autolinks: &AutoLinks::new(targets), heading_offset: 0 };
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
