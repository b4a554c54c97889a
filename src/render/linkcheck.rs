//! Checks every link of every rendered page: relative, pointing at a file the build writes, and
//! to an anchor that exists. Root-absolute links and links to bare folders are refused because
//! they break the offline copy (file://) and sub-path hosting.

use crate::plan::routes::Resolver;
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub use crate::plan::PathSet;

/// The `href`, `src` and `action` values and the `id`s of an HTML page (entities decoded). Only
/// attributes inside tags count: a text that shows markup (`&lt;a href="…"&gt;`, which HTML keeps
/// with plain quotes) is text, and so are comments and the bodies of `<script>`.
/// Values borrow from the page unless they hold entities: a page has a hundred links, a site
/// thousands of pages.
pub fn scan(html: &[u8]) -> (Vec<Cow<'_, str>>, Vec<Cow<'_, str>>) {
    let mut links = Vec::new();
    let mut ids = Vec::new();
    let raw = raw_text_ranges(html);
    let mut raw_at = 0;
    let mut i = 0;
    // `=` is rare in page text, so jumping from one to the next (memchr) is much faster than
    // reading every tag.
    while let Some(off) = memchr::memchr(b'=', &html[i..]) {
        let eq = i + off;
        let (start, len) = match html.get(eq + 1) {
            Some(&q @ (b'"' | b'\'')) => {
                let Some(len) = memchr::memchr(q, &html[eq + 2..]) else { break };
                (eq + 2, len)
            }
            // An unquoted value (a theme may write one): up to a space or the tag's end.
            Some(b) if !b.is_ascii_whitespace() && *b != b'>' => {
                let len = html[eq + 1..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .unwrap_or(html.len() - eq - 1);
                (eq + 1, len)
            }
            _ => {
                i = eq + 1;
                continue;
            }
        };
        i = start + len + 1;
        let name_start =
            html[..eq].iter().rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'-')).map_or(0, |p| p + 1);
        let list = match &html[name_start..eq] {
            b"href" | b"src" | b"action" => &mut links,
            b"id" => &mut ids,
            _ => continue,
        };
        // An attribute follows a space inside a tag: the nearest bracket before it opens a tag.
        // (Inside the tag, values never hold a bare `>`: templates and Markdown escape it.)
        let in_tag = name_start > 0
            && html[name_start - 1].is_ascii_whitespace()
            && memchr::memrchr2(b'<', b'>', &html[..name_start]).is_some_and(|p| html[p] == b'<');
        while raw_at < raw.len() && raw[raw_at].1 <= eq {
            raw_at += 1;
        }
        let in_raw = raw.get(raw_at).is_some_and(|&(from, _)| from <= eq);
        // The value lies between two ASCII quotes of UTF-8 text, so it is UTF-8 itself.
        if in_tag
            && !in_raw
            && let Ok(value) = std::str::from_utf8(&html[start..start + len])
        {
            list.push(decode_entities(value));
        }
    }
    (links, ids)
}

/// Byte ranges of a page that are not markup: comments and the bodies of `<script>` (its opening
/// tag's own attributes, such as `src`, are before the range). Sorted.
pub(crate) fn raw_text_ranges(html: &[u8]) -> Vec<(usize, usize)> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // (opening, closing, whether the body starts after the opening tag). A stylesheet holds no
    // `href="` or `id="`, so styles need no search of their own.
    static RAW: LazyLock<[(Finder<'static>, Finder<'static>, bool); 2]> = LazyLock::new(|| {
        [(Finder::new(b"<!--"), Finder::new(b"-->"), false), (Finder::new(b"<script"), Finder::new(b"</script"), true)]
    });
    let mut ranges = Vec::new();
    for (open, close, after_tag) in RAW.iter() {
        for from in open.find_iter(html) {
            let body = if *after_tag {
                memchr::memchr(b'>', &html[from..]).map_or(html.len(), |e| from + e + 1)
            } else {
                from
            };
            let end = close.find(&html[body..]).map_or(html.len(), |e| body + e + close.needle().len());
            if end > body {
                ranges.push((body, end));
            }
        }
    }
    ranges.sort_unstable();
    ranges
}

fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"),
    )
}

/// What the check needs of a text rendered once and placed on many pages (a case's booklet
/// article, whose links start with the ROOT marker): its ids, in order, and the links whose verdict
/// may depend on the page. The other links lead from the root, through a plain path, to a file the
/// build writes; that holds on every page, whatever its depth, so they are checked here once
/// rather than on each of the pages (a case's article is on about eight booklets).
#[derive(Debug, Default)]
pub struct PlacedLinks {
    pub ids: Vec<String>,
    /// With the ROOT marker still in them.
    pub per_page: Vec<String>,
}

/// The `PlacedLinks` of `html`, a text with ROOT markers for the way back to the root.
pub fn placed_links(html: &str, known: &PathSet) -> PlacedLinks {
    use crate::render::markdown::ROOT;
    let (links, ids) = scan(html.as_bytes());
    let good_anywhere = |link: &str| {
        link.strip_prefix(ROOT).is_some_and(|rest| {
            let decoded = percent_decode(rest);
            !rest.contains(['#', '?', ':'])
                && crate::plan::routes::is_plain(&decoded)
                && known.contains(decoded.as_ref())
        })
    };
    PlacedLinks {
        ids: ids.into_iter().map(Cow::into_owned).collect(),
        per_page: links.into_iter().filter(|l| !good_anywhere(l)).map(Cow::into_owned).collect(),
    }
}

/// The ids that occur more than once on a page, each named once, in page order.
pub fn repeated_ids<'a>(ids: &'a [Cow<'_, str>]) -> Vec<&'a str> {
    let mut seen: HashSet<&str, FxBuildHasher> = HashSet::with_capacity_and_hasher(ids.len(), FxBuildHasher);
    let mut twice: Vec<&str> = Vec::new();
    for id in ids {
        if !seen.insert(id.as_ref()) && !twice.contains(&id.as_ref()) {
            twice.push(id.as_ref());
        }
    }
    twice
}

/// A page's ids as hashes, for checking anchors on other pages once every page is written (the
/// ids themselves need not be kept).
pub fn id_hashes(ids: &[Cow<'_, str>]) -> Vec<u64> {
    let mut out: Vec<u64> = ids.iter().map(|id| hash(id)).collect();
    out.sort_unstable();
    out
}

fn hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    FxBuildHasher.hash_one(text)
}

/// Percent-decoding for paths and fragments written by people (`%E4%BA%8B` → `事`); an invalid
/// escape stays as written.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        // Most links: nothing to decode (and no UTF-8 to check again).
        return Cow::Borrowed(s);
    }
    percent_encoding::percent_decode_str(s).decode_utf8_lossy()
}

/// A link that does not work, found in page `page`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Broken {
    pub page: String,
    pub link: String,
    pub why: String,
}

/// Links whose target file exists but whose anchor lives on another page: checked at the end.
#[derive(Debug, Default)]
pub struct Pending {
    pub items: Vec<(String, String, String, String)>, // (page, link, target path, fragment)
}

/// Checks the links of one page against the set of files the build writes. Fragments on the same
/// page are checked at once; fragments on other pages are returned for `finish`.
pub fn check_page(
    page: &str,
    links: &[Cow<'_, str>],
    ids: &[Cow<'_, str>],
    known: &PathSet,
    pending: &mut Pending,
) -> Vec<Broken> {
    let mut broken = Vec::new();
    let mut seen: HashSet<&str, FxBuildHasher> = HashSet::with_capacity_and_hasher(links.len(), FxBuildHasher);
    // A page with thousands of footnotes links thousands of its own ids: look them up in a set.
    let own_ids: HashSet<&str, FxBuildHasher> = ids.iter().map(|id| id.as_ref()).collect();
    let resolver = Resolver::new(page);
    let starts =
        |link: &str, prefix: &str| link.len() >= prefix.len() && link[..prefix.len()].eq_ignore_ascii_case(prefix);
    for link in links {
        let link: &str = link;
        if !seen.insert(link) {
            continue;
        }
        if ["http://", "https://", "mailto:", "tel:", "data:image/"].iter().any(|p| starts(link, p)) {
            continue;
        }
        let mut fail =
            |why: &str| broken.push(Broken { page: page.to_owned(), link: link.to_owned(), why: why.to_owned() });
        if link.starts_with("//") || link.contains(':') && !link.starts_with('#') && link.find(':') < link.find('/') {
            fail("links to another site need a full https:// address; scripts and other schemes are not allowed");
            continue;
        }
        if link.starts_with('/') {
            fail("root-absolute links break the offline copy and sub-path hosting; use a relative link");
            continue;
        }
        let (path_part, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (link, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        if path_part.is_empty() {
            if let Some(f) = fragment
                && !f.is_empty()
                && !own_ids.contains(f.as_ref())
            {
                fail("no element on this page has this id");
            }
            continue;
        }
        let decoded = percent_decode(path_part);
        let Some(target) = resolver.resolve(&decoded) else {
            fail("the link climbs above the site's root folder");
            continue;
        };
        if !known.contains(target.as_ref()) {
            if target.ends_with('/') || known.contains(&format!("{target}/index.html")) {
                fail("links to a folder do not open from file://; link to its index.html");
            } else {
                fail("no such file in the built site");
            }
            continue;
        }
        if let Some(f) = fragment.filter(|f| !f.is_empty()) {
            if target == page {
                if !own_ids.contains(f.as_ref()) {
                    fail("no element on this page has this id");
                }
            } else {
                pending.items.push((page.to_owned(), link.to_owned(), target.into_owned(), f.into_owned()));
            }
        }
    }
    broken
}

/// Checks anchors on other pages, once every page's ids are known.
pub fn finish(pending: Pending, ids_by_page: &HashMap<String, Vec<u64>>) -> Vec<Broken> {
    pending
        .items
        .into_iter()
        .filter(|(_, _, target, frag)| {
            ids_by_page.get(target).is_none_or(|ids| ids.binary_search(&hash(frag)).is_err())
        })
        .map(|(page, link, target, _)| Broken { page, link, why: format!("{target} has no element with this id") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> PathSet {
        ["index.html", "ja/index.html", "ja/cases/index.html", "static/style.css"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn check(page: &str, html: &str) -> Vec<String> {
        let (links, ids) = scan(html.as_bytes());
        let mut pending = Pending::default();
        check_page(page, &links, &ids, &known(), &mut pending).into_iter().map(|b| b.link).collect()
    }

    #[test]
    fn scan_finds_links_and_ids_but_not_text() {
        let (links, ids) = scan(b"<a href=\"a.html?x=1&amp;y=2\" id=\"top\">data-href=\"no\"</a><img src=\"i.png\">");
        assert_eq!(links, vec!["a.html?x=1&y=2", "i.png"]);
        assert_eq!(ids, vec!["top"]);
    }

    #[test]
    fn markup_shown_as_text_is_not_read_as_links() {
        // How a case that quotes HTML reaches the page: escaped brackets, plain quotes.
        let html = b"<p>&lt;a href=\"javascript:x\"&gt; and <code>&lt;img src=\"y\"&gt;</code></p>\
<!-- <a href=\"c.html\"> --><script>var a = '<a href=\"s.html\">';</script>\
<a class=x href=unquoted.html id='single'><img alt=\"a &gt; b\" src=\"i.png\">";
        let (links, ids) = scan(html);
        assert_eq!(links, vec!["unquoted.html", "i.png"]);
        assert_eq!(ids, vec!["single"]);
    }

    #[test]
    fn accepts_relative_file_links_and_known_anchors() {
        assert!(check("ja/cases/index.html", "<a href=\"../index.html\"> <a href=\"../../static/style.css\"> <a href=\"#x\" id=\"x\"> <a href=\"https://ipa.go.jp/\">").is_empty());
    }

    #[test]
    fn refuses_root_absolute_folder_missing_and_climbing_links() {
        let bad = check(
            "ja/index.html",
            "<a href=\"/ja/index.html\"> <a href=\"cases/\"> <a href=\"cases\"> <a href=\"nope.html\"> <a href=\"../../x.html\"> <a href=\"#gone\"> <a href=\"javascript:alert(1)\">",
        );
        assert_eq!(
            bad,
            vec!["/ja/index.html", "cases/", "cases", "nope.html", "../../x.html", "#gone", "javascript:alert(1)"]
        );
    }

    #[test]
    fn anchors_on_other_pages_are_checked_at_the_end() {
        let mut pending = Pending::default();
        let (links, ids) = scan(b"<a href=\"../index.html#missing\"><a href=\"../index.html#here\">");
        assert!(check_page("ja/cases/index.html", &links, &ids, &known(), &mut pending).is_empty());
        let mut ids_by_page = HashMap::new();
        ids_by_page.insert("ja/index.html".to_string(), id_hashes(&[Cow::Borrowed("here")]));
        let broken = finish(pending, &ids_by_page);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].link, "../index.html#missing");
    }

    #[test]
    fn an_articles_links_to_known_files_are_checked_once_and_the_others_on_each_page() {
        use crate::render::markdown::ROOT;
        let html = format!(
            "<a href=\"{ROOT}ja/index.html\"><a href=\"{ROOT}ja/gone.html\"><a href=\"{ROOT}ja/index.html#top\">\
             <a href=\"{ROOT}ja/cases/\"><a href=\"{ROOT}ja/../index.html\"><a href=\"#x\"><a href=\"../index.html\">\
             <a href=\"https://example.org/\"><h2 id=\"x\">x</h2><p id=\"y\">"
        );
        let placed = placed_links(&html, &known());
        let kept: Vec<String> = placed.per_page.iter().map(|l| l.replace(ROOT, "ROOT/")).collect();
        assert_eq!(
            kept,
            [
                "ROOT/ja/gone.html",
                "ROOT/ja/index.html#top",
                "ROOT/ja/cases/",
                "ROOT/ja/../index.html",
                "#x",
                "../index.html",
                "https://example.org/"
            ]
        );
        assert_eq!(placed.ids, ["x", "y"]);
    }

    #[test]
    fn percent_decoding_handles_japanese_fragments() {
        assert_eq!(percent_decode("%E4%BA%8B%E6%95%85"), "事故");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%事故"), "%事故");
    }
}
