//! The search index, built at build time as plain script files, so search works from file:// with
//! no fetch, no WebAssembly and no modules: the browser adds a `<script>` for each file it needs.
//!
//! - `static/search/<lang>/meta.js`: the cases in site order (their ids) and, per term of each
//!   facet, the list of its cases — enough to count and narrow without any other file.
//! - `static/search/<lang>/t/<k>.js`: shard k of the postings. A token's shard is a hash of its
//!   first two characters, so a query of a few words loads a few small shards, and every token
//!   that starts with a Latin prefix lies in one shard (results as the reader types).
//! - `static/search/<lang>/doc/<id>.js`: one case's title, summary, facts and text, loaded for the
//!   results shown (their cards and the excerpt around the best match).
//! - `static/search/<lang>/words.js`: the words of the index and the term labels, loaded only when
//!   nothing matches, to suggest a spelling.
//!
//! Postings carry a score per (token, case): whether the token is in the title or summary (the
//! results list those first), and the field-weighted frequency on a log scale. Each posting list
//! is encoded compactly as text (see `Postings`).

mod data;
mod tokens;

pub use data::{DocFragment, FacetData, doc_script, meta_script, words_script};
pub use tokens::{Side, Tok, fold, for_each_token, is_cjk, query_tokens, stem, tokens};

use crate::model::Lang;
use std::sync::atomic::{AtomicBool, Ordering};

/// Field weights: a match in the title counts six times a match in the body, in the summary four
/// times, in the facts three times.
pub const TITLE_WEIGHT: u32 = 6;
pub const SUMMARY_WEIGHT: u32 = 4;
pub const FACTS_WEIGHT: u32 = 3;
pub const BODY_WEIGHT: u32 = 1;

/// The texts of one case that the index reads (folded as they are tokenized).
pub struct SearchText {
    pub title: String,
    pub summary: String,
    pub facts: String,
    pub body: String,
}

/// How many shards an index of `cases` cases gets: one per case, as a power of two, at most
/// 1,024. A query loads one shard per token (a Japanese word of n characters has n − 1 bigrams),
/// so the shards must be small: 2–3 KB each for the real collection (101 cases, 128 shards), about
/// 25 KB at 10,000 cases, where the postings of a query's own tokens are most of what it loads.
pub fn shard_count(cases: usize) -> u32 {
    (cases.max(1) as u32).next_power_of_two().min(1024)
}

/// The shard of a token: FNV-1a of its first two characters' code points, modulo `shards`. The
/// same as `shardOf` in find.js.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for c in token.chars().take(2) {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards
}

/// Token maps hash with FxHash: fast for integers, and their order never reaches the output,
/// which is sorted.
type FxMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Tokens keyed apart by kind: packed ones as plain integers (no destructor, so a map of them is
/// freed at once rather than entry by entry), the rare long words as strings.
struct ByToken<V> {
    packed: FxMap<u128, V>,
    long: FxMap<Box<str>, V>,
}

impl<V: Default> ByToken<V> {
    fn with_capacity(n: usize) -> Self {
        ByToken { packed: FxMap::with_capacity_and_hasher(n, rustc_hash::FxBuildHasher), long: FxMap::default() }
    }

    fn entry(&mut self, t: Tok) -> &mut V {
        match t {
            Tok::Packed(v) => self.packed.entry(v).or_default(),
            Tok::Long(s) => self.long.entry(s).or_default(),
        }
    }
}

/// A token's weight in one case: the weighted frequency, and (top bit) whether it is in the title
/// or the summary.
const IN_HEAD: u32 = 1 << 31;

/// One case's tokens with their weights, by kind as in `ByToken`. Lists rather than the maps they
/// were counted in: a chunk of 512 cases' maps held 16 MiB more at 10,000 cases.
struct DocWeights {
    packed: Vec<(u128, u32)>,
    long: Vec<(Box<str>, u32)>,
}

fn doc_weights(text: &SearchText) -> DocWeights {
    let mut weights: ByToken<u32> = ByToken::with_capacity(text.body.len() / 4);
    for (t, weight, head) in [
        (text.title.as_str(), TITLE_WEIGHT, IN_HEAD),
        (text.summary.as_str(), SUMMARY_WEIGHT, IN_HEAD),
        (text.facts.as_str(), FACTS_WEIGHT, 0),
        (text.body.as_str(), BODY_WEIGHT, 0),
    ] {
        for_each_token(&fold(t), Side::Index, |tok| {
            let w = weights.entry(tok);
            *w = ((*w & !IN_HEAD) + weight) | (*w & IN_HEAD) | head;
        });
    }
    DocWeights { packed: weights.packed.into_iter().collect(), long: weights.long.into_iter().collect() }
}

/// The postings of one language, in shards.
pub struct SearchIndex {
    pub lang: Lang,
    /// Per shard, its tokens in sorted order with their encoded postings.
    pub shards: Vec<Vec<(String, String)>>,
    /// The words a reader may misspell (see `spelled_words`), with how many cases use each: the
    /// suggestions of `words.js` are its keys, and an edit of one case updates the counts.
    pub words: FxMap<String, u32>,
}

/// What an in-place update of the index changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub shards: std::collections::BTreeSet<u32>,
    /// Whether the set of words changed (`words.js`).
    pub words: bool,
}

/// The words of a case's texts a reader may misspell, each once: runs of ASCII letters and digits
/// of three or more with a letter (lower-cased), runs of three katakana or more.
pub fn spelled_words(text: &SearchText) -> Vec<String> {
    let mut out: FxMap<String, ()> = FxMap::default();
    for t in [&text.title, &text.summary, &text.body] {
        for_each_spelled_word(t, |w| {
            if !out.contains_key(w) {
                out.insert(w.to_ascii_lowercase(), ());
            }
        });
    }
    out.into_keys().collect()
}

/// Calls `f` with each word of `text` a reader may misspell: a run of ASCII letters and digits of
/// three or more with a letter in it, and a run of three or more katakana (U+30A1–U+30FA, U+30FC).
/// Read as bytes — every katakana is three bytes, E3 82 A1 to E3 83 BC — because decoding every
/// character of 10,000 cases was a third of serve's second phase.
pub fn for_each_spelled_word<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let b = text.as_bytes();
    let katakana_at = |i: usize| -> bool {
        if b.len() < i + 3 || b[i] != 0xE3 || !(b[i + 1] == 0x82 || b[i + 1] == 0x83) {
            return false;
        }
        let cp = 0x3000 | (u32::from(b[i + 1] & 0x3F) << 6) | u32::from(b[i + 2] & 0x3F);
        matches!(cp, 0x30A1..=0x30FA | 0x30FC)
    };
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i - start >= 3 && b[start..i].iter().any(u8::is_ascii_alphabetic) {
                f(&text[start..i]);
            }
        } else if katakana_at(i) {
            let start = i;
            while katakana_at(i) {
                i += 3;
            }
            if i - start >= 9 {
                f(&text[start..i]);
            }
        } else {
            i += 1;
        }
    }
}

impl SearchIndex {
    /// The index of `cases` cases whose texts `text(i)` gives (in site order); `None` if `cancel`
    /// was set while it was made (checked between chunks of cases).
    pub fn build(
        lang: Lang,
        cases: usize,
        text: &(dyn Fn(usize) -> SearchText + Sync),
        cancel: &AtomicBool,
    ) -> Option<SearchIndex> {
        use rayon::prelude::*;
        // token → its postings (case, weight), filled in case order. Cases are tokenized in
        // parallel, in chunks, so only one chunk's texts and token lists are in memory at a time.
        let mut postings: ByToken<Postings> = ByToken::with_capacity(0);
        let mut words: FxMap<String, u32> = FxMap::default();
        let ids: Vec<usize> = (0..cases).collect();
        for chunk in ids.chunks(512) {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let weights: Vec<(DocWeights, Vec<String>)> = chunk
                .par_iter()
                .map(|&i| {
                    let t = text(i);
                    (doc_weights(&t), spelled_words(&t))
                })
                .collect();
            for (&d, (doc, spelled)) in chunk.iter().zip(weights) {
                for w in spelled {
                    *words.entry(w).or_default() += 1;
                }
                for (t, w) in doc.packed {
                    postings.packed.entry(t).or_default().push(d, w);
                }
                for (t, w) in doc.long {
                    postings.long.entry(t).or_default().push(d, w);
                }
            }
        }
        let count = shard_count(cases);
        let mut shards: Vec<Vec<(String, String)>> = vec![Vec::new(); count as usize];
        let packed = postings.packed.into_iter().map(|(t, p)| (Tok::Packed(t).text(), p));
        for (token, p) in packed.chain(postings.long.into_iter().map(|(t, p)| (t.into(), p))) {
            shards[shard_of(&token, count) as usize].push((token, p.into_text()));
        }
        for shard in &mut shards {
            shard.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        Some(SearchIndex { lang, shards, words })
    }

    /// Replaces the postings of case `doc` (its place in site order, unchanged): `old` is the
    /// text the index holds for it, `new` the text it has now. Only the posting lists of the
    /// tokens of either text are decoded and encoded again, so `serve` has a fresh index a few
    /// milliseconds after an edit instead of tokenizing every case again. Returns the shards
    /// that changed.
    pub fn replace_case(&mut self, doc: usize, old: &SearchText, new: &SearchText) -> Changed {
        let mut changed = Changed::default();
        // words.js changes when a word loses its last case or gains its first — not when the
        // edited case drops a word and takes it back.
        let mut gone = rustc_hash::FxHashSet::default();
        for w in spelled_words(old) {
            if let Some(n) = self.words.get_mut(&w) {
                *n -= 1;
                if *n == 0 {
                    self.words.remove(&w);
                    gone.insert(w);
                }
            }
        }
        for w in spelled_words(new) {
            let n = self.words.entry(w.clone()).or_default();
            if *n == 0 && !gone.remove(&w) {
                changed.words = true;
            }
            *n += 1;
        }
        changed.words |= !gone.is_empty();
        let named = |w: DocWeights| -> FxMap<String, u32> {
            let packed = w.packed.into_iter().map(|(t, w)| (Tok::Packed(t).text(), w));
            packed.chain(w.long.into_iter().map(|(t, w)| (String::from(t), w))).collect()
        };
        let (old, new) = (named(doc_weights(old)), named(doc_weights(new)));
        let count = self.shards.len() as u32;
        for token in old.keys().chain(new.keys().filter(|t| !old.contains_key(*t))) {
            let wanted = new.get(token).map(|&w| score_digit(w));
            let k = shard_of(token, count);
            let shard = &mut self.shards[k as usize];
            let at = shard.binary_search_by(|(t, _)| t.as_str().cmp(token));
            let text = splice(at.map_or("", |i| shard[i].1.as_str()), doc, wanted);
            match at {
                Ok(i) if text.is_empty() => {
                    shard.remove(i);
                }
                Ok(i) if shard[i].1 == text => continue,
                Ok(i) => shard[i].1 = text,
                Err(i) if !text.is_empty() => shard.insert(i, (token.clone(), text)),
                Err(_) => continue,
            }
            changed.shards.insert(k);
        }
        changed
    }

    /// The script of shard `k`: `casebook.searchShard("ja", k, {token: postings, …});`.
    pub fn shard_script(&self, k: usize) -> String {
        let mut s = String::with_capacity(32 * 1024);
        s.push_str(&format!("casebook.searchShard(\"{}\",{k},{{", self.lang));
        for (i, (token, list)) in self.shards[k].iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&json(token));
            s.push_str(":\"");
            s.push_str(list);
            s.push('"');
        }
        s.push_str("});\n");
        s
    }
}

/// Digits of the posting encoding: 64 characters that need no escaping in a JS string.
pub(crate) const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// A posting list encoded as it is filled (cases come in order): for each posting, the gap to the
/// previous case as a base-32 varint (digits 0–31 continue the number, 32–63 end it), then the
/// score as one digit: 32 and up when the token is in the title or summary, plus the weighted
/// frequency on a log scale (1–31). 2–3 bytes per posting instead of a 16-byte pair, so a large
/// collection's index stays small while it is built.
#[derive(Default)]
pub(crate) struct Postings {
    /// The previous case index + 1 (0: none yet).
    last: usize,
    text: Vec<u8>,
}

impl Postings {
    pub(crate) fn push(&mut self, doc: usize, weight: u32) {
        self.push_digit(doc, score_digit(weight));
    }

    /// Appends a posting whose score is already a digit (an index into DIGITS).
    fn push_digit(&mut self, doc: usize, digit: u8) {
        push_gap(&mut self.text, if self.last == 0 { doc } else { doc - (self.last - 1) });
        self.last = doc + 1;
        self.text.push(DIGITS[usize::from(digit)]);
    }

    pub(crate) fn into_text(self) -> String {
        // Every byte is one of DIGITS (ASCII).
        self.text.into_iter().map(char::from).collect()
    }
}

/// The score digit (an index into DIGITS) of a weight: 32 and up in the title or summary.
fn score_digit(weight: u32) -> u8 {
    let head = if weight & IN_HEAD != 0 { 32 } else { 0 };
    SCORE_DIGITS.get((weight & !IN_HEAD) as usize).copied().unwrap_or_else(|| score(weight & !IN_HEAD)) + head
}

/// The encoded posting list `list` with case `doc`'s posting set to score `digit` (an index
/// into DIGITS), or removed (`None`). Only the posting of `doc` and the gap of the one after it are
/// written anew; the rest is copied as it is (lists of common bigrams hold most cases).
pub(crate) fn splice(list: &str, doc: usize, digit: Option<u8>) -> String {
    let b = list.as_bytes();
    let mut value = [0u8; 128];
    for (i, &d) in DIGITS.iter().enumerate() {
        value[usize::from(d)] = i as u8;
    }
    // Walk the postings to the first one at or after `doc`.
    let (mut pos, mut prev, mut first) = (0usize, 0usize, true);
    let mut found: Option<(usize, usize, usize)> = None; // (start, end, its case)
    while pos < b.len() {
        let start = pos;
        let mut n = 0usize;
        while pos < b.len() {
            let d = usize::from(value[usize::from(b[pos] & 127)]);
            pos += 1;
            if d < 32 {
                n = n * 32 + d;
            } else {
                n = n * 32 + d - 32;
                break;
            }
        }
        let this = if first { n } else { prev + n };
        let end = (pos + 1).min(b.len());
        if this >= doc {
            found = Some((start, end, this));
            break;
        }
        prev = this;
        first = false;
        pos = end;
    }
    let mut out = Vec::with_capacity(b.len() + 8);
    let gap_from = |prev: usize, first: bool, to: usize| if first { to } else { to - prev };
    match found {
        None => {
            out.extend_from_slice(b);
            if let Some(digit) = digit {
                push_gap(&mut out, gap_from(prev, first, doc));
                out.push(DIGITS[usize::from(digit)]);
            }
        }
        Some((start, end, this)) => {
            out.extend_from_slice(&b[..start]);
            let mut last = (prev, first);
            if let Some(digit) = digit {
                push_gap(&mut out, gap_from(prev, first, doc));
                out.push(DIGITS[usize::from(digit)]);
                last = (doc, false);
            }
            if this == doc {
                // The old posting of `doc` goes; the one after it gets its gap from `last`.
                let rest = &b[end..];
                if let Some(k) = rest.iter().position(|&c| usize::from(value[usize::from(c & 127)]) >= 32) {
                    let mut n = 0usize;
                    for &c in &rest[..=k] {
                        let d = usize::from(value[usize::from(c & 127)]);
                        n = n * 32 + if d < 32 { d } else { d - 32 };
                    }
                    push_gap(&mut out, gap_from(last.0, last.1, doc + n));
                    out.extend_from_slice(&rest[k + 1..]);
                }
            } else {
                // `this` follows: its gap is now from `last`.
                push_gap(&mut out, gap_from(last.0, last.1, this));
                let gap_end = b[start..]
                    .iter()
                    .position(|&c| usize::from(value[usize::from(c & 127)]) >= 32)
                    .map_or(end, |k| start + k + 1);
                out.extend_from_slice(&b[gap_end..]);
            }
        }
    }
    // Every byte is one of DIGITS (ASCII).
    out.into_iter().map(char::from).collect()
}

/// An encoded posting list as (case, score digit) pairs, the way find.js reads it.
#[cfg(test)]
pub(crate) fn decode(encoded: &str) -> Vec<(usize, u8)> {
    let mut value = [0u8; 128];
    for (i, &d) in DIGITS.iter().enumerate() {
        value[usize::from(d)] = i as u8;
    }
    let mut out = Vec::new();
    let (mut doc, mut n) = (0usize, 0usize);
    let mut digits = encoded.bytes().map(|b| usize::from(value[usize::from(b & 127)]));
    while let Some(d) = digits.next() {
        if d < 32 {
            n = n * 32 + d;
            continue;
        }
        n = n * 32 + d - 32;
        doc = if out.is_empty() { n } else { doc + n };
        n = 0;
        let Some(score) = digits.next() else { break };
        out.push((doc, score as u8));
    }
    out
}

/// A gap as base-32 digits, most significant first; the last digit is marked by adding 32.
pub(crate) fn push_gap(out: &mut Vec<u8>, mut gap: usize) {
    let mut digits = [0u8; 13];
    let mut n = 0;
    loop {
        digits[n] = (gap % 32) as u8;
        n += 1;
        gap /= 32;
        if gap == 0 {
            break;
        }
    }
    for k in (0..n).rev() {
        let end = if k == 0 { 32 } else { 0 };
        out.push(DIGITS[usize::from(digits[k]) + end]);
    }
}

/// 1..=31 from a weighted frequency, growing with its logarithm.
pub fn score(weight: u32) -> u8 {
    ((f64::from(weight) + 1.0).ln() * 6.0).round().clamp(1.0, 31.0) as u8
}

/// The score of the weights most postings have (a logarithm per posting was 2 % of a build).
static SCORE_DIGITS: std::sync::LazyLock<[u8; 256]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|w| score(w as u32)));

/// A JSON string literal; `<` is escaped too, so no text can ever read as markup.
pub(crate) fn json(text: &str) -> String {
    let s = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    if s.contains('<') { s.replace('<', "\\u003c") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_finds_text_because_its_tokens_are_a_subset() {
        let text: std::collections::HashSet<String> =
            tokens("取引先を装ったメールを開いた標的型攻撃で、バックアップから復旧した。").into_iter().collect();
        for q in ["標的型", "バックアップ", "取引先", "復旧", "ばっくあっぷ", "鍵"] {
            let found = query_tokens(q).iter().all(|t| text.contains(t));
            assert_eq!(found, q != "鍵", "{q}");
        }
    }

    #[test]
    fn splicing_a_posting_equals_encoding_the_changed_list() {
        let lists: [&[(usize, u8)]; 4] = [&[], &[(0, 3)], &[(2, 40), (7, 1), (40, 5), (1500, 9)], &[(5, 2), (6, 3)]];
        let encode = |l: &[(usize, u8)]| {
            let mut p = Postings::default();
            l.iter().for_each(|&(d, s)| p.push_digit(d, s));
            p.into_text()
        };
        for list in lists {
            for doc in [0, 1, 2, 5, 6, 7, 8, 40, 41, 1499, 1500, 3000] {
                for digit in [None, Some(4), Some(33)] {
                    let mut expected: Vec<(usize, u8)> = list.iter().copied().filter(|&(d, _)| d != doc).collect();
                    if let Some(s) = digit {
                        expected.push((doc, s));
                        expected.sort();
                    }
                    let got = splice(&encode(list), doc, digit);
                    assert_eq!(got, encode(&expected), "{list:?} {doc} {digit:?}");
                    assert_eq!(decode(&got), expected);
                }
            }
        }
    }

    #[test]
    fn replacing_a_case_gives_the_index_of_a_fresh_build() {
        let texts = |edited: bool| {
            move |i: usize| SearchText {
                title: match (i, edited) {
                    (3, true) => "ランサムウェア backups restored".into(),
                    (3, false) => "標的型攻撃 phishing".into(),
                    _ => format!("case {i} backups ウイルス"),
                },
                summary: if i.is_multiple_of(2) { "取引先 password".into() } else { String::new() },
                facts: String::new(),
                body: "body text ".repeat(i % 5),
            }
        };
        for lang in [Lang::Ja, Lang::En] {
            let mut index = SearchIndex::build(lang, 40, &texts(false), &AtomicBool::new(false)).unwrap();
            let fresh = SearchIndex::build(lang, 40, &texts(true), &AtomicBool::new(false)).unwrap();
            let changed = index.replace_case(3, &texts(false)(3), &texts(true)(3));
            assert_eq!(index.shards, fresh.shards, "{lang:?}");
            assert_eq!(index.words, fresh.words, "{lang:?}");
            assert!(changed.words, "ランサムウェア and restored are new words, phishing is gone");
            let again = index.replace_case(3, &texts(true)(3), &texts(true)(3));
            assert_eq!(again, Changed::default(), "the same text changes nothing");
            let differing: std::collections::BTreeSet<u32> = (0..fresh.shards.len() as u32)
                .filter(|&k| {
                    SearchIndex::build(lang, 40, &texts(false), &AtomicBool::new(false)).unwrap().shards[k as usize]
                        != fresh.shards[k as usize]
                })
                .collect();
            assert_eq!(changed.shards, differing, "exactly the shards that differ");
        }
    }

    #[test]
    fn postings_round_trip_through_the_encoding() {
        // 300 is past the table of common weights, so its score is computed.
        let list = vec![(0, 1), (5, 9 | IN_HEAD), (40, 100), (2000, 3), (2100, 300)];
        let mut p = Postings::default();
        for &(d, w) in &list {
            p.push(d, w);
        }
        let expected: Vec<(usize, u8)> =
            list.iter().map(|&(d, w)| (d, score(w & !IN_HEAD) + if w & IN_HEAD != 0 { 32 } else { 0 })).collect();
        assert_eq!(decode(&p.into_text()), expected);
    }

    #[test]
    fn head_matches_score_above_any_body_match() {
        let text = |i: usize| SearchText {
            title: if i == 0 { "backup".into() } else { String::new() },
            summary: String::new(),
            facts: String::new(),
            body: if i == 1 { "backup ".repeat(200) } else { String::new() },
        };
        let index = SearchIndex::build(Lang::En, 2, &text, &AtomicBool::new(false)).unwrap();
        let (_, list) = index.shards.iter().flatten().find(|(t, _)| t == "backup").unwrap();
        let scores = decode(list);
        assert!(scores[0].1 >= 32 && scores[1].1 < 32, "{scores:?}");
    }

    #[test]
    fn every_token_lies_in_the_shard_of_its_first_two_characters() {
        let text = |_| SearchText {
            title: "ランサムウェア backups".into(),
            summary: String::new(),
            facts: String::new(),
            body: "標的型".into(),
        };
        let index = SearchIndex::build(Lang::Ja, 100, &text, &AtomicBool::new(false)).unwrap();
        assert_eq!(index.shards.len(), shard_count(100) as usize);
        for (k, shard) in index.shards.iter().enumerate() {
            for (token, _) in shard {
                assert_eq!(shard_of(token, index.shards.len() as u32) as usize, k, "{token}");
            }
            assert!(shard.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        }
        let script = index.shard_script(shard_of("backup", shard_count(100)) as usize);
        assert!(script.starts_with("casebook.searchShard(\"ja\",") && script.contains("\"backup\":\""), "{script}");
    }
}
