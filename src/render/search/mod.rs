//! The search index: built at build time, one plain script per language, so search works from
//! file:// with no fetch, no WebAssembly and no modules.
//!
//! Tokens: Japanese (kanji, kana) is cut into overlapping character bigrams, so ランサムウェア or
//! 標的型 is found without word spaces; Latin text is cut into lowercase words reduced by a small
//! stemmer (backups → backup, infected/infection → infect). The same tokenizer runs at query time
//! in `themes/default/static/search.js` (keep both in step; `tests/browser.rs` checks them end to end).
//!
//! Postings carry a precomputed score per (token, case): title and summary weigh more than facts,
//! and facts more than the body. Each posting list is encoded compactly as text (see `encode`).

mod tokens;

pub use tokens::{Tok, for_each_token, is_cjk, normalize, stem, tokens};

use crate::model::Lang;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// Field weights: a match in the title counts three times, in the summary or the facts twice.
pub const TITLE_WEIGHT: u32 = 6;
pub const SUMMARY_WEIGHT: u32 = 4;
pub const FACTS_WEIGHT: u32 = 3;
pub const BODY_WEIGHT: u32 = 1;

/// One case as the results list shows it, in one language.
pub struct SearchDoc<'a> {
    pub path: String,
    pub title: &'a str,
    pub summary: &'a str,
    /// (taxonomy index, term index) of every term, for narrowing results by facet.
    pub terms: Vec<(usize, usize)>,
    /// The language of the title and summary when it is not the index's (an untranslated case).
    pub fallback_lang: Option<Lang>,
}

/// The searchable text of a case besides its title and summary: the labels of its terms and its
/// body as plain text. Made on demand, a chunk of cases at a time, so a large collection's texts
/// are never all in memory at once.
pub struct SearchText {
    pub facts: String,
    pub body: String,
}

/// A facet offered for narrowing: taxonomy name, its label, and its terms (code, label).
pub struct SearchFacet {
    pub name: String,
    pub label: String,
    pub terms: Vec<(String, String)>,
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

    /// Every token as text, with its value, in no particular order. Packed and long tokens never
    /// have the same text (a long word has more than 17 letters).
    fn into_texts(self) -> impl Iterator<Item = (String, V)> {
        let packed = self.packed.into_iter().map(|(t, v)| (Tok::Packed(t).text(), v));
        packed.chain(self.long.into_iter().map(|(t, v)| (t.into(), v)))
    }
}

/// One case's tokens with their weighted frequencies, by kind as in `ByToken`. Lists rather than
/// the maps they were counted in: a chunk of 512 cases' maps held 16 MiB more at 10,000 cases.
struct DocWeights {
    packed: Vec<(u128, u32)>,
    long: Vec<(Box<str>, u32)>,
}

/// The weighted frequency of every token of one case, in no particular order (the postings are
/// filled case by case, so the order within a case does not matter).
fn doc_weights(doc: &SearchDoc, text: &SearchText) -> DocWeights {
    let mut weights: ByToken<u32> = ByToken::with_capacity(text.body.len() / 4);
    for (text, weight) in [
        (doc.title, TITLE_WEIGHT),
        (doc.summary, SUMMARY_WEIGHT),
        (text.facts.as_str(), FACTS_WEIGHT),
        (text.body.as_str(), BODY_WEIGHT),
    ] {
        for_each_token(text, |t| *weights.entry(t) += weight);
    }
    DocWeights { packed: weights.packed.into_iter().collect(), long: weights.long.into_iter().collect() }
}

/// The script that defines `window.casebookIndex` for `lang`; `None` if `cancel` was set while
/// it was being made (checked between chunks of cases).
pub fn index_script(
    lang: Lang,
    docs: &[SearchDoc],
    text: &(dyn Fn(usize) -> SearchText + Sync),
    facets: &[SearchFacet],
    cancel: &AtomicBool,
) -> Option<String> {
    use rayon::prelude::*;
    // token → its postings (case, weighted frequency), filled in case order. Cases are tokenized in parallel,
    // in chunks, so only one chunk's texts and token lists are in memory at a time.
    let mut postings: ByToken<Postings> = ByToken::with_capacity(0);
    for (c, chunk) in docs.chunks(512).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let weights: Vec<_> =
            chunk.par_iter().enumerate().map(|(i, doc)| doc_weights(doc, &text(c * 512 + i))).collect();
        for (i, doc) in weights.into_iter().enumerate() {
            let d = c * 512 + i;
            for (t, w) in doc.packed {
                postings.packed.entry(t).or_default().push(d, w);
            }
            for (t, w) in doc.long {
                postings.long.entry(t).or_default().push(d, w);
            }
        }
    }
    let mut postings: Vec<(String, Postings)> = postings.into_texts().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(s, "window.casebookIndex={{\"lang\":\"{lang}\",\"facets\":[");
    for (i, f) in facets.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "[{},{},[", json(&f.name), json(&f.label));
        for (j, (code, label)) in f.terms.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            let _ = write!(s, "[{},{}]", json(code), json(label));
        }
        s.push_str("]]");
    }
    s.push_str("],\"docs\":[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let terms: Vec<String> = d.terms.iter().map(|(t, i)| format!("{t}.{i}")).collect();
        let fallback = d.fallback_lang.map_or(String::new(), |l| l.code().to_owned());
        let _ = write!(
            s,
            "[{},{},{},{},{}]",
            json(&d.path),
            json(d.title),
            json(d.summary),
            json(&terms.join(" ")),
            json(&fallback)
        );
    }
    s.push_str("],\"tokens\":{");
    for (i, (token, list)) in postings.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{}:\"", json(token));
        s.extend(list.text.iter().map(|&b| char::from(b)));
        s.push('"');
    }
    s.push_str("}};\n");
    Some(s)
}

/// Digits of the posting encoding: 64 characters that need no escaping in a JS string.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// A posting list as text: for each posting, the gap to the previous case index as a base-32
/// varint (digits 0–31 continue the number, 32–63 end it), then the score as one digit (0–63):
/// the field-weighted frequency on a log scale.
pub fn encode(list: &[(usize, u32)]) -> String {
    let mut postings = Postings::default();
    for &(doc, weight) in list {
        postings.push(doc, weight);
    }
    postings.into_text()
}

/// A posting list encoded as it is filled (cases come in order): 2–3 bytes per posting instead of
/// a 16-byte pair, so a large collection's index stays small while it is built.
#[derive(Default)]
struct Postings {
    /// The previous case index + 1 (0: none yet).
    last: usize,
    text: Vec<u8>,
}

impl Postings {
    fn push(&mut self, doc: usize, weight: u32) {
        let mut gap = if self.last == 0 { doc } else { doc - (self.last - 1) };
        self.last = doc + 1;
        // Base-32 digits, least significant first; a u64 gap has at most 13.
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
            self.text.push(DIGITS[usize::from(digits[k]) + end]);
        }
        let digit = SCORE_DIGITS.get(weight as usize).copied();
        self.text.push(digit.unwrap_or_else(|| DIGITS[score(weight) as usize]));
    }

    fn into_text(self) -> String {
        // Every byte is one of DIGITS (ASCII).
        self.text.into_iter().map(char::from).collect()
    }
}

/// 1..=63 from a weighted frequency, growing with its logarithm.
pub fn score(weight: u32) -> u32 {
    ((f64::from(weight) + 1.0).ln() * 12.0).round().clamp(1.0, 63.0) as u32
}

/// The score digit of the weights most postings have (a logarithm per posting was 2 % of a build).
static SCORE_DIGITS: std::sync::LazyLock<[u8; 256]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|w| DIGITS[score(w as u32) as usize]));

/// A JSON string literal; `<` is escaped too, so no text can ever read as markup.
fn json(text: &str) -> String {
    let s = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    if s.contains('<') { s.replace('<', "\\u003c") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_finds_text_because_its_tokens_are_a_subset() {
        let text: std::collections::BTreeSet<String> =
            tokens("取引先からのメールを装った標的型攻撃で、バックアップから復旧した。").into_iter().collect();
        for q in ["標的型", "バックアップ", "取引先", "復旧"] {
            assert!(tokens(q).iter().all(|t| text.contains(t)), "{q}");
        }
    }

    #[test]
    fn postings_round_trip_through_the_encoding() {
        // 300 is past the table of common weights, so its score is computed.
        let list = vec![(0, 1), (5, 9), (40, 100), (2000, 3), (2100, 300)];
        let encoded = encode(&list);
        // Decode the way search.js does.
        let mut out = Vec::new();
        let (mut doc, mut n) = (0usize, 0usize);
        let mut chars = encoded.bytes().map(|b| DIGITS.iter().position(|&d| d == b).unwrap());
        while let Some(d) = chars.next() {
            if d < 32 {
                n = n * 32 + d;
                continue;
            }
            n = n * 32 + d - 32;
            doc = if out.is_empty() { n } else { doc + n };
            n = 0;
            out.push((doc, chars.next().unwrap() as u32));
        }
        let expected: Vec<(usize, u32)> = list.iter().map(|&(d, w)| (d, score(w))).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn long_and_short_words_are_indexed_once_each_in_sorted_order() {
        let doc =
            |path: &str| SearchDoc { path: path.into(), title: "t", summary: "s", terms: vec![], fallback_lang: None };
        let docs = vec![doc("a"), doc("b")];
        // "supercalifragilisticexpialidocious" (34 letters) does not fit a packed token; "backup" does.
        let text = |i: usize| SearchText {
            facts: String::new(),
            body: if i == 0 {
                "supercalifragilisticexpialidocious backup".into()
            } else {
                "supercalifragilisticexpialidocious".into()
            },
        };
        let js = index_script(Lang::En, &docs, &text, &[], &AtomicBool::new(false)).expect("not cancelled");
        let tokens = &js[js.find("\"tokens\":{").expect("tokens")..];
        assert_eq!(tokens.matches("\"supercalifragilisticexpialidocious\":").count(), 1, "{tokens}");
        assert_eq!(tokens.matches("\"backup\":").count(), 1, "{tokens}");
        let mut keys = ["\"t\"", "\"supercalifragilisticexpialidocious\"", "\"s\"", "\"backup\""];
        keys.sort_unstable();
        let positions: Vec<usize> = keys.iter().map(|k| tokens.find(*k).expect("present")).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "tokens not sorted: {tokens}");
        // Two postings (cases 0 and 1, one score digit each) for the long word, one for the short.
        let list = |k: &str| {
            let start = tokens.find(&format!("\"{k}\":\"")).expect("token") + k.len() + 4;
            tokens[start..].split('"').next().expect("list").to_owned()
        };
        assert_eq!(list("supercalifragilisticexpialidocious").len(), 4);
        assert_eq!(list("backup").len(), 2);
    }

    #[test]
    fn index_script_is_a_plain_assignment_with_escaped_strings() {
        let docs = vec![SearchDoc {
            path: "ja/cases/a/index.html".into(),
            title: "「引用」と\"quote\"",
            summary: "要約",
            terms: vec![(0, 3)],
            fallback_lang: None,
        }];
        let text = |_| SearchText { facts: "東京都".into(), body: "本文".into() };
        let facets = vec![SearchFacet {
            name: "prefectures".into(),
            label: "都道府県".into(),
            terms: vec![("tokyo".into(), "東京都".into())],
        }];
        let js = index_script(Lang::Ja, &docs, &text, &facets, &AtomicBool::new(false)).expect("not cancelled");
        assert!(js.starts_with("window.casebookIndex={\"lang\":\"ja\""));
        assert!(js.contains(r#""「引用」と\"quote\"""#), "{js}");
        assert!(js.contains("\"0.3\""));
        assert!(js.contains("\"東京\":\""));
    }
}
