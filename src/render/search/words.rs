//! The words a reader may misspell, from which `words.js` suggests a spelling when a query finds
//! nothing.

use super::SearchText;

/// The words of a case's texts a reader may misspell, each once: runs of ASCII letters and digits
/// of three or more with a letter (lower-cased), runs of three katakana or more.
pub fn spelled_words(text: &SearchText) -> Vec<String> {
    // Borrowed while the case's words are gathered; a word is copied once, when it is returned.
    let mut out: rustc_hash::FxHashSet<std::borrow::Cow<str>> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(256, Default::default());
    for t in [&text.title, &text.summary, &text.body] {
        for_each_spelled_word(t, |w| {
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                out.insert(w.to_ascii_lowercase().into());
            } else {
                out.insert(w.into());
            }
        });
    }
    out.into_iter().map(std::borrow::Cow::into_owned).collect()
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
            // On to the next character: the length of a UTF-8 sequence is in its first byte.
            i += match b[i] {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
        }
    }
}
