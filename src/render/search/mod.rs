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
mod json;
mod postings;
mod tokens;
mod words;

pub use data::{DocFragment, FacetData, doc_script, meta_script, words_script};
pub(crate) use json::{json, push_json};
pub use postings::score;
use postings::{Postings, score_digit, splice};
pub use tokens::{Side, Tok, fold, for_each_folded_token, for_each_token, is_cjk, query_tokens, stem, tokens};
pub use words::{for_each_spelled_word, spelled_words};

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
        for_each_folded_token(t, Side::Index, |tok| {
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
        // word → (how many cases use it, the last case counted), so that a case counts a word
        // once without a set of its own words: looked up by the borrowed word, copied only when
        // new (a per-case set and a copy of every word of every case were 5 % of a build).
        let mut words: FxMap<String, (u32, u32)> = FxMap::default();
        let mut lower = String::new();
        let ids: Vec<usize> = (0..cases).collect();
        for chunk in ids.chunks(512) {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let weights: Vec<(DocWeights, SearchText)> = chunk
                .par_iter()
                .map(|&i| {
                    let t = text(i);
                    (doc_weights(&t), t)
                })
                .collect();
            for (&d, (doc, text)) in chunk.iter().zip(weights) {
                let d32 = d as u32;
                for t in [&text.title, &text.summary, &text.body] {
                    for_each_spelled_word(t, |w| {
                        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) {
                            lower.clear();
                            lower.push_str(w);
                            lower.make_ascii_lowercase();
                            lower.as_str()
                        } else {
                            w
                        };
                        match words.get_mut(w) {
                            Some((n, last)) if *last != d32 => {
                                *n += 1;
                                *last = d32;
                            }
                            Some(_) => {}
                            None => {
                                words.insert(w.to_owned(), (1, d32));
                            }
                        }
                    });
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
        let words = words.into_iter().map(|(w, (n, _))| (w, n)).collect();
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

#[cfg(test)]
mod tests {
    use super::postings::decode;
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
