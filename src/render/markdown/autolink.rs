//! Glossary autolinks: the first place a text uses one of an entry's words becomes a link to the
//! entry, outside links, headings and code.

use super::super::highlight;
use pulldown_cmark::{CowStr, Event};

/// Words that link to `href` (a ROOT-relative URL) where one of them first appears in a text.
#[derive(Debug, Clone)]
pub struct AutoLinkTarget {
    pub words: Vec<String>,
    /// Longer words a match must not be part of.
    pub except: Vec<String>,
    pub href: String,
}

/// Emits `text`, turning the first occurrence of each not-yet-linked glossary word into a link.
pub(super) fn autolink<'e>(text: &str, targets: &[AutoLinkTarget], linked: &mut [bool], events: &mut Vec<Event<'e>>) {
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
pub(super) fn find_word(text: &str, word: &str, except: &[String]) -> Option<usize> {
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
