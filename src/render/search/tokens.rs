//! The tokenizer of the search index. Japanese (kanji, kana) is cut into overlapping character
//! bigrams, so ランサムウェア or 標的型 is found without word spaces; Latin text is cut into lowercase
//! words reduced by a small stemmer (backups → backup, infected/infection → infect). Hand-written:
//! the same rules run at query time in `themes/default/static/search.js`, and both must agree
//! character for character (`tests/it/browser.rs` checks them end to end).

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

/// Calls `f` with every token of `text`, in order (duplicates included).
pub fn for_each_token(text: &str, mut f: impl FnMut(Tok)) {
    let mut word = String::new();
    let mut run: Option<char> = None; // the previous character of a Japanese run
    let mut run_len = 0usize;
    let flush_run = |run: &mut Option<char>, run_len: &mut usize, f: &mut dyn FnMut(Tok)| {
        if *run_len == 1
            && let Some(c) = *run
        {
            f(Tok::cjk(c, None));
        }
        *run = None;
        *run_len = 0;
    };
    for c in text.chars().map(normalize) {
        if is_latin(c) {
            flush_run(&mut run, &mut run_len, &mut f);
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            f(Tok::latin(&stem(&word)));
            word.clear();
        }
        if is_cjk(c) {
            if let Some(prev) = run {
                f(Tok::cjk(prev, Some(c)));
            }
            run = Some(c);
            run_len += 1;
        } else {
            flush_run(&mut run, &mut run_len, &mut f);
        }
    }
    if !word.is_empty() {
        f(Tok::latin(&stem(&word)));
    }
    flush_run(&mut run, &mut run_len, &mut f);
}

/// The tokens of a text, in order (duplicates kept).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.text()));
    out
}

/// A deliberately small English stemmer: plural and verb endings, and -ion, so that the forms a
/// reader types meet the forms the cases use. The same rules are in search.js.
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
}
