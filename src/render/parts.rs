//! Parts: HTML rendered once and placed on many pages — a case's card in lists, its article in
//! booklets. A page's template receives a marker for each part instead of its HTML; the engine
//! checks the page's own links, takes each part's ids and page-dependent links from a cache
//! (`linkcheck::PlacedLinks`, made once per part), and only then puts the parts in (`assemble`).
//! So a card's or an article's HTML is read by the link check once, not on every page that shows
//! it: at 10,000 cases the cards are a third of the bytes the build writes.
//!
//! A marker is `U+FDD1 kind case . nonce U+FDD1` (`c12.…`: the card of case 12, `a12.…`: its
//! article), in the page's language. U+FDD1 is a noncharacter, which no file may hold
//! (`load::text`) and the Markdown writer drops when a character reference decodes to one; the
//! nonce, drawn at random once per process, is what makes a marker unforgeable all the same (a
//! YAML escape or a theme may still print the character). A malformed marker, a marker with another
//! nonce, or one whose part was never rendered stays text. A marker that a theme puts inside a
//! comment or a script (text, not markup) makes the page be checked as a whole, as it reads.

use super::context::{Renderer, slot};
use super::linkcheck::{self, PlacedLinks};
use super::markdown::ROOT;
use crate::model::Lang;
use std::borrow::Cow;

const PART: char = '\u{FDD1}';

/// The nonce of this process's markers (see the module comment). Markers never reach the output,
/// so a random one keeps builds byte-identical.
fn nonce() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static NONCE: std::sync::LazyLock<u64> =
        std::sync::LazyLock::new(|| std::collections::hash_map::RandomState::new().build_hasher().finish());
    *NONCE
}

/// A part of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The card of a case in lists (`partials/case_card.html`).
    Card(usize),
    /// The article of a case in booklets (`partials/print_case.html`).
    Article(usize),
}

impl Part {
    /// The marker that stands for the part in a template's output.
    pub fn marker(self) -> String {
        marker(self, nonce())
    }

    /// The part's HTML (ROOT markers in it), if it was rendered; nothing when its rendering failed
    /// (the problem is reported with the page).
    fn html<'r>(self, r: &'r Renderer, lang: Lang) -> Option<&'r str> {
        Some(match self {
            Part::Card(c) => r.cards.get(c)?[slot(lang)].get()?.as_ref().map_or("", |card| card.html.as_str()),
            Part::Article(c) => r.booklet_articles.get(c)?[slot(lang)].get()?.as_ref().map_or("", |(h, _)| h.as_str()),
        })
    }

    /// The part's ids and page-dependent links, read once per render.
    fn links<'r>(self, r: &'r Renderer, lang: Lang, html: &str) -> &'r PlacedLinks {
        let cache = match self {
            Part::Card(c) => &r.card_links[c][slot(lang)],
            Part::Article(c) => &r.booklet_links[c][slot(lang)],
        };
        cache.get_or_init(|| linkcheck::placed_links(html, r.plan.paths()))
    }
}

fn marker(part: Part, nonce: u64) -> String {
    match part {
        Part::Card(c) => format!("{PART}c{c}{}", tail(nonce)),
        Part::Article(c) => format!("{PART}a{c}{}", tail(nonce)),
    }
}

/// What follows a marker's case number: the nonce and the closing character.
fn tail(nonce: u64) -> String {
    format!(".{nonce:x}{PART}")
}

/// A stretch of a rendered page: its own HTML, or a part with its HTML.
enum Piece<'h> {
    Own(&'h [u8]),
    Part(Part, &'h str),
}

/// The stretches of `html` in order (one `Own` when it holds no marker); `part_html` gives a
/// part's HTML, `None` for a part that was not rendered; `nonce` is the markers' (see `nonce`).
fn pieces<'h>(html: &'h [u8], nonce: u64, part_html: impl Fn(Part) -> Option<&'h str>) -> Vec<Piece<'h>> {
    let mut buf = [0; 3];
    let open_mark = PART.encode_utf8(&mut buf).as_bytes();
    let tail = tail(nonce);
    let mut out = Vec::new();
    let (mut from, mut at) = (0, 0);
    while let Some(off) = memchr::memmem::find(&html[at..], open_mark) {
        let open = at + off;
        let kind = open + open_mark.len();
        let rest = &html[kind..];
        let digits = rest.iter().skip(1).take_while(|b| b.is_ascii_digit()).count();
        let case: Option<usize> =
            std::str::from_utf8(rest.get(1..1 + digits).unwrap_or_default()).ok().and_then(|d| d.parse().ok());
        let part = match (rest.first(), case) {
            (Some(b'c'), Some(c)) => Some(Part::Card(c)),
            (Some(b'a'), Some(c)) => Some(Part::Article(c)),
            _ => None,
        };
        // The whole marker, as this process writes it, must be there.
        let end = kind + 1 + digits;
        let found = part.filter(|_| html[end..].starts_with(tail.as_bytes()));
        match found.and_then(|p| Some((p, part_html(p)?))) {
            Some((part, part_html)) => {
                out.push(Piece::Own(&html[from..open]));
                out.push(Piece::Part(part, part_html));
                from = end + tail.len();
                at = from;
            }
            None => at = kind,
        }
    }
    out.push(Piece::Own(&html[from..]));
    out
}

/// Whether `html` may hold a marker.
fn has_marker(html: &[u8]) -> bool {
    let mut buf = [0; 3];
    memchr::memmem::find(html, PART.encode_utf8(&mut buf).as_bytes()).is_some()
}

/// The links and ids of the page `html` (language `lang`, `root` the way back to the root), in
/// page order: those of its own HTML as it reads, and of each part its ids and the links whose
/// verdict depends on the page.
pub fn links_and_ids<'s>(
    r: &'s Renderer,
    lang: Lang,
    html: &'s [u8],
    root: &str,
) -> (Vec<Cow<'s, str>>, Vec<Cow<'s, str>>) {
    if !has_marker(html) {
        return linkcheck::scan(html);
    }
    let pieces = pieces(html, nonce(), |p| p.html(r, lang));
    if parts_in_raw_text(html, &pieces) {
        // What a comment or a script holds is not markup: check the page as it reads.
        let whole = assemble(r, lang, html.to_vec(), root);
        let (links, ids) = linkcheck::scan(&whole);
        let owned = |v: Vec<Cow<'_, str>>| v.into_iter().map(|c| Cow::Owned(c.into_owned())).collect();
        return (owned(links), owned(ids));
    }
    let (mut links, mut ids) = (Vec::new(), Vec::new());
    for piece in pieces {
        match piece {
            Piece::Own(own) => {
                let (l, i) = linkcheck::scan(own);
                links.extend(l);
                ids.extend(i);
            }
            Piece::Part(part, part_html) => {
                let placed = part.links(r, lang, part_html);
                ids.extend(placed.ids.iter().map(|id| Cow::Borrowed(id.as_str())));
                links.extend(placed.per_page.iter().map(|l| Cow::Owned(l.replace(ROOT, root))));
            }
        }
    }
    (links, ids)
}

/// Whether a part of `pieces` (cut from `html`) lies inside a comment or a script of the page.
fn parts_in_raw_text(html: &[u8], pieces: &[Piece<'_>]) -> bool {
    let raw = linkcheck::raw_text_ranges(html);
    if raw.is_empty() {
        return false;
    }
    let mut at = 0;
    for piece in pieces {
        match piece {
            Piece::Own(own) => at = own.as_ptr() as usize - html.as_ptr() as usize + own.len(),
            Piece::Part(..) => {
                if raw.iter().any(|&(from, to)| from <= at && at < to) {
                    return true;
                }
            }
        }
    }
    false
}

/// The page as it is written: each marker replaced by its part, whose ROOT markers lead back to
/// the root from this page (`root`).
pub fn assemble(r: &Renderer, lang: Lang, html: Vec<u8>, root: &str) -> Vec<u8> {
    if !has_marker(&html) {
        return html;
    }
    let pieces = pieces(&html, nonce(), |p| p.html(r, lang));
    let size: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Own(own) => own.len(),
            Piece::Part(_, part) => part.len() + part.len() / 8,
        })
        .sum();
    let mut out = Vec::with_capacity(size);
    for piece in pieces {
        match piece {
            Piece::Own(own) => out.extend_from_slice(own),
            Piece::Part(_, part) => push_filled(&mut out, part.as_bytes(), root),
        }
    }
    out
}

/// `html` with every ROOT marker replaced by `root`, the way from the page back to the site root.
pub fn fill_root(html: Vec<u8>, root: &str) -> Vec<u8> {
    if memchr::memmem::find(&html, ROOT.as_bytes()).is_none() {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    push_filled(&mut out, &html, root);
    out
}

/// Appends `html` to `out` with every ROOT marker replaced by `root`.
fn push_filled(out: &mut Vec<u8>, html: &[u8], root: &str) {
    let mut from = 0;
    for at in memchr::memmem::find_iter(html, ROOT.as_bytes()) {
        out.extend_from_slice(&html[from..at]);
        out.extend_from_slice(root.as_bytes());
        from = at + ROOT.len();
    }
    out.extend_from_slice(&html[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(html: &str) -> Vec<String> {
        let rendered = |p: Part| match p {
            Part::Card(1) => Some("<card>"),
            Part::Article(2) => Some("<article>"),
            _ => None,
        };
        pieces(html.as_bytes(), 7, rendered)
            .into_iter()
            .map(|p| match p {
                Piece::Own(b) => String::from_utf8(b.to_vec()).unwrap(),
                Piece::Part(_, html) => format!("[{html}]"),
            })
            .collect()
    }

    #[test]
    fn a_page_is_cut_at_the_markers_of_its_parts_and_nowhere_else() {
        let (card, article) = (marker(Part::Card(1), 7), marker(Part::Article(2), 7));
        assert_eq!(cut(&format!("<ul>{card}{article}</ul>")), ["<ul>", "[<card>]", "", "[<article>]", "</ul>"]);
        // A part never rendered, another nonce, no nonce, an unknown kind, an unclosed marker, a
        // lone character: text.
        for text in [
            marker(Part::Card(3), 7),
            marker(Part::Card(1), 8),
            format!("{PART}c1{PART}"),
            format!("{PART}x1.7{PART}"),
            format!("{PART}c1.7"),
            PART.to_string(),
        ] {
            assert_eq!(cut(&format!("a{text}b")), [format!("a{text}b")], "{text:?}");
        }
        assert_eq!(cut(&format!("{PART}{card}")), [PART.to_string(), "[<card>]".into(), String::new()]);
        assert_eq!(cut("plain"), ["plain"]);
    }

    #[test]
    fn a_part_inside_a_comment_or_a_script_makes_the_page_read_as_a_whole() {
        let card = marker(Part::Card(1), 7);
        let inside = |html: String| {
            let pieces = pieces(html.as_bytes(), 7, |p| (p == Part::Card(1)).then_some("<card>"));
            parts_in_raw_text(html.as_bytes(), &pieces)
        };
        assert!(inside(format!("<ul><!-- {card} --></ul>")));
        assert!(inside(format!("<script type=\"text/html\">{card}</script>")));
        assert!(!inside(format!("<ul>{card}</ul><!-- note --><script>x()</script>{card}")));
        assert!(!inside(format!("<ul>{card}</ul>")));
    }
}
