//! The encoding of posting lists: compact text that find.js decodes, appended to as an index is
//! built and spliced in place when `serve` replaces one case's postings.

use super::IN_HEAD;

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
pub(super) fn score_digit(weight: u32) -> u8 {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
