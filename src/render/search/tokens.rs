//! The tokenizer of the search index. A text is first folded the way a Japanese reader expects:
//! NFKC (half-width ｶﾅ and full-width ＡＢＣ become ordinary ones), lowercase, hiragana as katakana,
//! small kana as large ones (ウィルス = ウイルス, ウェア = ウエア), and no long-vowel mark (サーバー =
//! サーバ). Then Japanese is cut into overlapping character bigrams, so ランサムウェア or 標的型 is
//! found without word spaces, and every kanji is also a token of its own, so a one-kanji query
//! (鍵) finds it; Latin text is cut into words reduced by a small stemmer (backups → backup,
//! infected/infection → infect).
//!
//! Hand-written: the same rules run at query time in `themes/default/static/find.js`, and both
//! must agree character for character (the browser tests check each rule end to end).

use unicode_normalization::UnicodeNormalization;

/// `text` folded for search (see the module comment). The same as `fold` in find.js.
///
/// NFKC runs only over the stretches that need it. A character of `is_stable` (ASCII, kana,
/// kanji, common Japanese punctuation) is its own NFKC and never combines with a neighbour, so
/// the text may be cut before it; a stretch holding anything else is normalized as a whole,
/// from the stable character before it (which a combining mark may join: か + ◌゙ = が). Running
/// NFKC over every case's whole text was a fifth of a build's instructions, because one
/// full-width parenthesis sent the whole text through it.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text, |c| out.push(c));
    out
}

/// Calls `f` with each character of `text` folded, in order (what `fold` collects).
///
/// One pass, each character decoded once: a stable character is held back until the next one is
/// known, because a combining mark after it may join it (か + ◌゙ = が). When the next one is not
/// stable, the held character and the stretch up to the next stable one go through NFKC together.
/// (Finding each stable run's end first, then walking it again, decoded every character twice;
/// the folding is a tenth of a build.)
pub fn fold_each(text: &str, mut f: impl FnMut(char)) {
    let mut push = |c: char| {
        if let Some(c) = fold_char(c) {
            f(c);
        }
    };
    let mut held: Option<char> = None;
    let mut chars = text.chars();
    loop {
        let before = chars.as_str();
        let Some(c) = chars.next() else { break };
        if is_stable(c) {
            if let Some(h) = held.replace(c) {
                push(h);
            }
            continue;
        }
        // The stretch: from the held character (if any) through the characters that are not
        // stable, up to the next stable one.
        let at = text.len() - before.len();
        let start = at - held.take().map_or(0, char::len_utf8);
        let tail = chars.as_str();
        let end = text.len() - tail.len() + tail.find(is_stable).unwrap_or(tail.len());
        text[start..end].nfkc().for_each(&mut push);
        chars = text[end..].chars();
    }
    if let Some(h) = held {
        push(h);
    }
}

/// A character that NFKC leaves as it is and that no following character combines with into
/// another: ASCII, hiragana and katakana (not the combining and spacing sound marks, nor ゟ or
/// ヿ), the CJK ideographs, 々, 、。「」『』【】.
fn is_stable(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x7F | 0x3001 | 0x3002 | 0x3005 | 0x300C..=0x3011 | 0x3041..=0x3096 | 0x30A1..=0x30FA
        | 0x30FC | 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// One character after NFKC: lowercase, katakana for hiragana, large kana for small ones, nothing
/// for the long-vowel mark.
fn fold_char(c: char) -> Option<char> {
    // The common characters first: ASCII, and the kanji, which fold to themselves.
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if matches!(c as u32, 0x3400..=0x9FFF) {
        return Some(c);
    }
    let c = match c as u32 {
        0x30FC => return None,
        0x3041..=0x3096 | 0x309D | 0x309E => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    };
    let c = match c as u32 {
        // ァィゥェォ → アイウエオ, ッ → ツ, ャュョ → ヤユヨ, ヮ → ワ (each small kana is one below its large one).
        0x30A1 | 0x30A3 | 0x30A5 | 0x30A7 | 0x30A9 | 0x30C3 | 0x30E3 | 0x30E5 | 0x30E7 | 0x30EE => {
            char::from_u32(c as u32 + 1).unwrap_or(c)
        }
        0x30F5 => 'カ',
        0x30F6 => 'ケ',
        _ => c,
    };
    if matches!(c as u32, 0x3000..=0x9FFF) {
        // Kana and kanji have no case.
        return Some(c);
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => Some(c),
    }
}

/// Kanji, katakana and 々 — after folding, there is no hiragana left.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3040..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// A kanji (or 々): a token of its own besides the bigrams.
pub fn is_kanji(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A token, packed into an integer when it fits (every Japanese token, and Latin stems of up to
/// 17 characters), so that indexing allocates nothing per token.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tok {
    Packed(u128),
    Long(Box<str>),
}

const TAG_CJK: u128 = 1 << 126;
const TAG_LATIN: u128 = 2 << 126;

impl Tok {
    fn cjk(a: char, b: Option<char>) -> Tok {
        Tok::Packed(TAG_CJK | (u128::from(a as u32) << 21) | u128::from(b.map_or(0, |c| c as u32)))
    }

    fn latin(word: &str) -> Tok {
        if word.len() > 17 {
            return Tok::Long(word.into());
        }
        let mut v: u128 = 0;
        for b in word.bytes() {
            v = (v << 7) | u128::from(b);
        }
        Tok::Packed(TAG_LATIN | ((word.len() as u128) << 119) | v)
    }

    /// The token as the query side writes it.
    pub fn text(&self) -> String {
        match self {
            Tok::Long(s) => s.to_string(),
            Tok::Packed(v) if v & TAG_CJK != 0 && v & TAG_LATIN == 0 => {
                let a = char::from_u32(((v >> 21) & 0x1F_FFFF) as u32).unwrap_or('?');
                let b = (v & 0x1F_FFFF) as u32;
                let mut s = a.to_string();
                if b != 0 {
                    s.push(char::from_u32(b).unwrap_or('?'));
                }
                s
            }
            Tok::Packed(v) => {
                let len = ((v >> 119) & 0x1F) as usize;
                (0..len).rev().map(|i| ((v >> (7 * i)) & 0x7F) as u8 as char).collect()
            }
        }
    }
}

/// Which side tokenizes: the index also makes every kanji a token; a query needs a single
/// character as a token only when it stands alone.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Index,
    Query,
}

/// Calls `f` with every token of the folded `text`, in order (duplicates included).
pub fn for_each_token(text: &str, side: Side, mut f: impl FnMut(Tok)) {
    let mut t = Tokenizer::new(side);
    text.chars().for_each(|c| t.push(c, &mut f));
    t.finish(&mut f);
}

/// Calls `f` with every token of `text` folded, as `for_each_token(&fold(text), …)` does, without
/// making the folded text.
pub fn for_each_folded_token(text: &str, side: Side, mut f: impl FnMut(Tok)) {
    let mut t = Tokenizer::new(side);
    fold_each(text, |c| t.push(c, &mut f));
    t.finish(&mut f);
}

/// The tokenizer, fed one folded character at a time.
struct Tokenizer {
    side: Side,
    /// The Latin word being read.
    word: String,
    /// The previous character of a Japanese run, and the run's length so far.
    run: Option<char>,
    run_len: usize,
}

impl Tokenizer {
    fn new(side: Side) -> Tokenizer {
        Tokenizer { side, word: String::new(), run: None, run_len: 0 }
    }

    #[inline]
    fn push(&mut self, c: char, f: &mut impl FnMut(Tok)) {
        if is_latin(c) {
            if self.run.is_some() {
                self.end_run(f);
            }
            self.word.push(c);
            return;
        }
        if !self.word.is_empty() {
            self.end_word(f);
        }
        if is_cjk(c) {
            if let Some(prev) = self.run {
                f(Tok::cjk(prev, Some(c)));
            }
            if self.side == Side::Index && is_kanji(c) {
                f(Tok::cjk(c, None));
            }
            self.run = Some(c);
            self.run_len += 1;
        } else {
            self.end_run(f);
        }
    }

    fn finish(mut self, f: &mut impl FnMut(Tok)) {
        self.end_word(f);
        self.end_run(f);
    }

    fn end_word(&mut self, f: &mut impl FnMut(Tok)) {
        if !self.word.is_empty() {
            f(Tok::latin(&stem(&self.word)));
            self.word.clear();
        }
    }

    /// A run of one character is a token of its own (a kanji already is one on the index side).
    fn end_run(&mut self, f: &mut impl FnMut(Tok)) {
        if let Some(c) = self.run
            && self.run_len == 1
            && !(self.side == Side::Index && is_kanji(c))
        {
            f(Tok::cjk(c, None));
        }
        self.run = None;
        self.run_len = 0;
    }
}

/// The tokens of a text as the index makes them, in order (duplicates kept).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(&fold(text), Side::Index, |t| out.push(t.text()));
    out
}

/// The tokens of a query (the browser computes the same).
pub fn query_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(&fold(text), Side::Query, |t| out.push(t.text()));
    out
}

/// A deliberately small English stemmer: plural and verb endings, and -ion, so that the forms a
/// reader types meet the forms the cases use. The same rules are in find.js.
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if word.len() <= 3 || !word.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Cow::Borrowed(word);
    }
    let mut w: Cow<str> = Cow::Borrowed(word);
    if w.ends_with("ies") && w.len() > 4 {
        w = Cow::Owned(format!("{}y", &w[..w.len() - 3]));
    } else if w.ends_with("sses") {
        w = cut(w, 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w = cut(w, 1);
    }
    for suffix in ["ing", "ed", "ion"] {
        if w.ends_with(suffix) && w.len() - suffix.len() >= 3 {
            w = cut(w, suffix.len());
            break;
        }
    }
    if w.ends_with('e') && w.len() > 3 {
        w = cut(w, 1);
    }
    w
}

fn cut(w: std::borrow::Cow<'_, str>, n: usize) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match w {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..s.len() - n]),
        Cow::Owned(mut s) => {
            s.truncate(s.len() - n);
            Cow::Owned(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_cut_into_bigrams_and_kanji_latin_into_stemmed_words() {
        assert_eq!(tokens("ランサムウェア"), vec!["ラン", "ンサ", "サム", "ムウ", "ウエ", "エア"]);
        assert_eq!(
            tokens("標的型攻撃"),
            vec!["標", "標的", "的", "的型", "型", "型攻", "攻", "攻撃", "撃"],
            "each kanji is a token too"
        );
        assert_eq!(tokens("USBメモリを"), vec!["usb", "メモ", "モリ", "リヲ"]);
        assert_eq!(tokens("ＵＴＭ導入"), vec!["utm", "導", "導入", "入"]);
        assert_eq!(query_tokens("標的型"), vec!["標的", "的型"], "a query needs only the bigrams");
        assert_eq!(query_tokens("鍵"), vec!["鍵"]);
    }

    #[test]
    fn the_variants_a_japanese_reader_writes_fold_together() {
        let one = |t: &str| query_tokens(t).join(" ");
        assert_eq!(one("ウィルス"), one("ウイルス"), "small vowels");
        assert_eq!(one("ランサムウエア"), one("ランサムウェア"));
        assert_eq!(one("うぃるす"), one("ウイルス"), "hiragana");
        assert_eq!(one("ﾗﾝｻﾑｳｪｱ"), one("ランサムウェア"), "half-width kana");
        assert_eq!(one("ｶﾞｲﾄﾞ"), one("ガイド"), "half-width voiced kana");
        assert_eq!(one("サーバー"), one("サーバ"), "long-vowel mark");
        assert_eq!(one("ＵＳＢ"), one("usb"), "full-width Latin");
    }

    /// The fold of a text as NFKC of the whole text gives it (what find.js computes).
    fn fold_whole(text: &str) -> String {
        text.nfkc().filter_map(fold_char).collect()
    }

    #[test]
    fn folding_stretch_by_stretch_gives_the_fold_of_the_whole_text() {
        for text in [
            "か\u{3099}きく",
            "（株）ＡＢＣ商事　ｶﾞｲﾄﾞ",
            "e\u{301}te\u{301} ﾊﾟｿｺﾝ",
            "\u{3099}先頭の濁点",
            "ウィルス①と㈱、ヿとゟ",
            "Ａ\u{301}ー\u{309A}は",
            "한국어 \u{1100}\u{1161}\u{11A8}",
            "",
        ] {
            assert_eq!(fold(text), fold_whole(text), "{text:?}");
        }
        // Every order of characters from a pool of stable ones, combining marks and characters
        // that NFKC changes, up to three long.
        let pool = [
            'a', 'Z', 'か', 'ハ', 'ｶ', 'ﾞ', '\u{3099}', '\u{309A}', '\u{301}', 'Ｅ', '（', '　', '漢', 'ー', 'ぁ', '①',
            'ᄀ', 'ᅡ',
        ];
        for a in pool {
            for b in pool {
                for c in pool {
                    let text: String = [a, b, c].iter().collect();
                    assert_eq!(fold(&text), fold_whole(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn every_case_of_the_collection_folds_as_its_whole_text_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/cases");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(fold(&text), fold_whole(&text));
            read += 1;
        }
        assert!(read > 100, "the collection's cases were read");
    }

    #[test]
    fn tokens_of_the_folded_stream_are_those_of_the_folded_text() {
        for text in ["（株）ＡＢＣ商事のランサムウェア被害", "Backups ｶﾞｲﾄﾞ 標的型 e\u{301}te", "鍵", "a", ""]
        {
            for side in [Side::Index, Side::Query] {
                let (mut streamed, mut whole) = (Vec::new(), Vec::new());
                for_each_folded_token(text, side, |t| streamed.push(t));
                for_each_token(&fold(text), side, |t| whole.push(t));
                assert_eq!(streamed, whole, "{text:?}");
            }
        }
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
}
