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

/// The glossary's words of one language, found in a text in one pass (Aho-Corasick): with a
/// hundred entries and two hundred words, searching for each word in turn was an eighth of the
/// build of the real collection.
#[derive(Debug, Default)]
pub struct AutoLinks {
    pub targets: Vec<AutoLinkTarget>,
    /// `None` when there are no words.
    words: Option<aho_corasick::AhoCorasick>,
    /// For each pattern of `words`: its target.
    target_of: Vec<usize>,
}

impl AutoLinks {
    pub fn new(targets: Vec<AutoLinkTarget>) -> AutoLinks {
        let mut patterns = Vec::new();
        let mut target_of = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            for w in t.words.iter().filter(|w| !w.is_empty()) {
                patterns.push(w.as_str());
                target_of.push(i);
            }
        }
        // Standard semantics, so overlapping search reports every occurrence of every word: a
        // word rejected at a place (inside an exception, part of a longer Latin word) must not
        // hide another word there.
        let words = (!patterns.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&patterns)
                .expect("plain words")
        });
        AutoLinks { targets, words, target_of }
    }

    /// The occurrences in `text` that may become links — (byte offset, target, length) — in the
    /// order they are linked: earliest first, the longest word of a place first.
    pub(super) fn occurrences(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(words) = &self.words else { return Vec::new() };
        let mut found: Vec<(usize, usize, usize)> = words
            .find_overlapping_iter(text)
            .map(|m| (m.start(), self.target_of[m.pattern().as_usize()], m.len()))
            .filter(|&(at, t, len)| is_word_at(text, at, len, &self.targets[t].except))
            .collect();
        found.sort_by_key(|&(at, t, len)| (at, std::cmp::Reverse(len), t));
        found
    }
}

/// Emits `text`, turning the first occurrence of each not-yet-linked glossary word into a link.
pub(super) fn autolink<'e>(text: &str, links: &AutoLinks, linked: &mut [bool], events: &mut Vec<Event<'e>>) {
    let mut done = 0;
    for (at, i, len) in links.occurrences(text) {
        if at < done || linked[i] {
            continue;
        }
        linked[i] = true;
        if at > done {
            events.push(Event::Text(CowStr::from(text[done..at].to_owned())));
        }
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"glossary-link\" href=\"{}\">{}</a>",
            highlight::escape(&links.targets[i].href),
            highlight::escape(&text[at..at + len])
        ))));
        done = at + len;
    }
    if done < text.len() {
        events.push(Event::Text(CowStr::from(text[done..].to_owned())));
    }
}

/// Whether the `len` bytes at `at` in `text` are a word of their own: a word that starts or ends
/// with a Latin letter or digit must stand alone ("VPN" is not in "VPNs"), and it may not lie
/// inside one of the entry's `except` words (Japanese has no spaces: "ログ" must not link inside
/// "ログイン").
fn is_word_at(text: &str, at: usize, len: usize, except: &[String]) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric();
    let word = &text[at..at + len];
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    let starts_latin = word.chars().next().is_some_and(is_word);
    let ends_latin = word.chars().next_back().is_some_and(is_word);
    let ok_before = !starts_latin || !before.is_some_and(is_word);
    let ok_after = !ends_latin || !after.is_some_and(is_word);
    let inside_exception = except.iter().any(|e| {
        e.match_indices(word).any(|(k, _)| at >= k && text.get(at - k..).is_some_and(|t| t.starts_with(e.as_str())))
    });
    ok_before && ok_after && !inside_exception
}

/// Where `word` first occurs in `text` as a word of its own (see `is_word_at`).
#[cfg(test)]
pub(super) fn find_word(text: &str, word: &str, except: &[String]) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| is_word_at(text, at, word.len(), except))
}
