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

use crate::lang::Lang;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Field weights: a match in the title counts three times, in the summary or the facts twice.
pub const TITLE_WEIGHT: u32 = 6;
pub const SUMMARY_WEIGHT: u32 = 4;
pub const FACTS_WEIGHT: u32 = 3;
pub const BODY_WEIGHT: u32 = 1;

/// Maps full-width ASCII to ASCII and ASCII letters to lowercase (the same in search.js).
pub fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Kanji, hiragana, katakana (with the prolonged sound mark) and 々.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3040..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The tokens of a text, in order (duplicates kept).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().map(normalize).collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_latin(c) {
            let start = i;
            while i < chars.len() && is_latin(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(stem(&word));
        } else if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                out.push(run[0].to_string());
            } else {
                out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A deliberately small English stemmer: plural and verb endings, and -ion, so that the forms a
/// reader types meet the forms the cases use. The same rules are in search.js.
pub fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    if w.len() <= 3 || !w.bytes().any(|b| b.is_ascii_alphabetic()) {
        return w;
    }
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    for suffix in ["ing", "ed", "ion"] {
        if w.ends_with(suffix) && w.len() - suffix.len() >= 3 {
            w.truncate(w.len() - suffix.len());
            break;
        }
    }
    if w.ends_with('e') && w.len() > 3 {
        w.truncate(w.len() - 1);
    }
    w
}

/// One case as the index sees it, in one language.
pub struct SearchDoc {
    pub path: String,
    pub title: String,
    pub summary: String,
    /// Labels of the case's terms (prefecture, industry, measures, …), searchable like text.
    pub facts: String,
    pub body: String,
    /// (taxonomy index, term index) of every term, for narrowing results by facet.
    pub terms: Vec<(usize, usize)>,
    /// The language of the title and summary when it is not the index's (an untranslated case).
    pub fallback_lang: Option<Lang>,
}

/// A facet offered for narrowing: taxonomy name, its label, and its terms (code, label).
pub struct SearchFacet {
    pub name: String,
    pub label: String,
    pub terms: Vec<(String, String)>,
}

/// The script that defines `window.casebookIndex` for `lang`.
pub fn index_script(lang: Lang, docs: &[SearchDoc], facets: &[SearchFacet]) -> String {
    // token → [(doc, weighted term frequency)]
    let mut postings: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut weights: BTreeMap<String, u32> = BTreeMap::new();
        for (text, weight) in [
            (&doc.title, TITLE_WEIGHT),
            (&doc.summary, SUMMARY_WEIGHT),
            (&doc.facts, FACTS_WEIGHT),
            (&doc.body, BODY_WEIGHT),
        ] {
            for t in tokens(text) {
                *weights.entry(t).or_default() += weight;
            }
        }
        for (t, w) in weights {
            postings.entry(t).or_default().push((d, w));
        }
    }
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
            json(&d.title),
            json(&d.summary),
            json(&terms.join(" ")),
            json(&fallback)
        );
    }
    s.push_str("],\"tokens\":{");
    for (i, (token, list)) in postings.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{}:\"{}\"", json(token), encode(list));
    }
    s.push_str("}};\n");
    s
}

/// Digits of the posting encoding: 64 characters that need no escaping in a JS string.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// A posting list as text: for each posting, the gap to the previous case index as a base-32
/// varint (digits 0–31 continue the number, 32–63 end it), then the score as one digit (0–63):
/// the field-weighted frequency on a log scale.
pub fn encode(list: &[(usize, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut prev = 0usize;
    for (i, &(doc, weight)) in list.iter().enumerate() {
        let mut gap = if i == 0 { doc } else { doc - prev };
        prev = doc;
        let mut digits = Vec::new();
        loop {
            digits.push(gap % 32);
            gap /= 32;
            if gap == 0 {
                break;
            }
        }
        for (k, d) in digits.iter().rev().enumerate() {
            let last = k == digits.len() - 1;
            out.push(DIGITS[d + if last { 32 } else { 0 }] as char);
        }
        out.push(DIGITS[score(weight) as usize] as char);
    }
    out
}

/// 1..=63 from a weighted frequency, growing with its logarithm.
pub fn score(weight: u32) -> u32 {
    ((f64::from(weight) + 1.0).ln() * 12.0).round().clamp(1.0, 63.0) as u32
}

/// A JSON string literal; `<` is escaped too, so no text can ever read as markup.
fn json(text: &str) -> String {
    let s = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    if s.contains('<') { s.replace('<', "\\u003c") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_cut_into_bigrams_latin_into_stemmed_words() {
        assert_eq!(tokens("ランサムウェア"), vec!["ラン", "ンサ", "サム", "ムウ", "ウェ", "ェア"]);
        assert_eq!(tokens("標的型攻撃メール"), vec!["標的", "的型", "型攻", "攻撃", "撃メ", "メー", "ール"]);
        assert_eq!(tokens("USBメモリを"), vec!["usb", "メモ", "モリ", "リを"]);
        assert_eq!(tokens("ＵＴＭ導入"), vec!["utm", "導入"]);
        assert_eq!(tokens("型"), vec!["型"]);
    }

    #[test]
    fn stems_meet_across_inflections() {
        assert_eq!(stem("backups"), stem("backup"));
        assert_eq!(stem("infected"), stem("infection"));
        assert_eq!(stem("updates"), stem("updated"));
        assert_eq!(stem("viruses"), stem("virus"));
        assert_eq!(stem("policies"), stem("policy"));
        assert_eq!(stem("trained"), stem("training"));
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("2017"), "2017");
    }

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
        let list = vec![(0, 1), (5, 9), (40, 100), (2000, 3)];
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
    fn index_script_is_a_plain_assignment_with_escaped_strings() {
        let docs = vec![SearchDoc {
            path: "ja/cases/a/index.html".into(),
            title: "「引用」と\"quote\"".into(),
            summary: "要約".into(),
            facts: "東京都".into(),
            body: "本文".into(),
            terms: vec![(0, 3)],
            fallback_lang: None,
        }];
        let facets = vec![SearchFacet {
            name: "prefectures".into(),
            label: "都道府県".into(),
            terms: vec![("tokyo".into(), "東京都".into())],
        }];
        let js = index_script(Lang::Ja, &docs, &facets);
        assert!(js.starts_with("window.casebookIndex={\"lang\":\"ja\""));
        assert!(js.contains(r#""「引用」と\"quote\"""#), "{js}");
        assert!(js.contains("\"0.3\""));
        assert!(js.contains("\"東京\":\""));
    }
}
