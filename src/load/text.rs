//! Reading a content file: bytes to checked UTF-8 text, front matter and body, and the body's
//! Japanese and English parts.

use super::files::Project;
use crate::diagnostics::{Diagnostic, Pos};
use std::path::Path;

/// Content files larger than this are refused: a case is a few kilobytes, so a bigger file is a
/// mistake (a pasted PDF, a binary), and reading it whole would only waste memory.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Reads `path`, a file of `project`, as UTF-8 text with `\n` line ends and no byte-order mark.
/// Only regular files inside the project are read (see `safe_fs`).
pub fn read_text(project: &Project, path: &Path) -> Result<String, Diagnostic> {
    let bytes = project.read(path, Some(MAX_FILE_BYTES))?;
    let shown = path.strip_prefix(project.root()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    decode(bytes, &shown)
}

/// Checks UTF-8 (naming the byte offset of the first bad byte), drops a BOM, turns CRLF into LF.
pub fn decode(bytes: Vec<u8>, shown: &str) -> Result<String, Diagnostic> {
    // simdutf8 checks Japanese text in a fifth of the instructions of `String::from_utf8` (whose
    // check was half of reading a case file); std's check runs again only to explain a failure.
    let checked = simdutf8::basic::from_utf8(&bytes).is_ok();
    let text = match checked {
        // SAFETY: simdutf8 has just checked that the bytes are UTF-8.
        true => unsafe { String::from_utf8_unchecked(bytes) },
        false => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => return Err(not_utf8(&e, shown)),
        },
    };
    let mut text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    // U+FDD0 marks the output root inside rendered HTML (markdown::ROOT); it is a noncharacter and
    // never belongs in text.
    if text.contains('\u{FDD0}') {
        text = text.replace('\u{FDD0}', "");
    }
    if let Some(d) = forbidden_character(&text, shown) {
        return Err(d);
    }
    Ok(text)
}

/// The error of a file that is not UTF-8, at the line and column of the first bad byte.
fn not_utf8(e: &std::string::FromUtf8Error, shown: &str) -> Diagnostic {
    let bytes = e.as_bytes();
    let offset = e.utf8_error().valid_up_to();
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&bytes[line_start..offset]).chars().count() + 1;
    Diagnostic::error(
        shown,
        format!("the file is not valid UTF-8: bad byte 0x{:02x} at byte offset {offset}", bytes[offset]),
    )
    .at_line(Pos::new(line, col, 1))
    .help("save the file as UTF-8 (Shift_JIS and other encodings are not supported)")
}

/// Control characters other than tab and line end, and Unicode noncharacters, have no meaning in
/// a text: they make the feeds invalid XML and reach pages as invisible garbage. The first one
/// found is an error at its line and column.
pub fn forbidden_character(text: &str, shown: &str) -> Option<Diagnostic> {
    let offset = first_forbidden(text.as_bytes())?;
    let c = text[offset..].chars().next()?;
    let line = text[..offset].matches('\n').count() + 1;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    Some(
        Diagnostic::error(shown, format!("the file holds the invisible character U+{:04X}", c as u32))
            .at(Pos::new(line, col, 1), text)
            .help("delete it (control characters and Unicode noncharacters are not allowed in content files); a tab or a line break is fine"),
    )
}

/// The byte offset of the first forbidden character of UTF-8 `bytes`, read byte by byte: every
/// content file passes here, and decoding it into characters cost 4 % of a build.
pub(crate) fn first_forbidden(bytes: &[u8]) -> Option<usize> {
    // Blocks in which no byte pair could start a forbidden character are skipped whole; the test
    // has no branch per byte, so it compiles to vector instructions.
    const BLOCK: usize = 64;
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let next = |i: usize| bytes.get(i + 1).copied().unwrap_or(0);
        let mut flag = 0u8;
        if end - start == BLOCK && end < bytes.len() {
            let pair = &bytes[start..=end];
            for i in 0..BLOCK {
                flag |= candidate(pair[i], pair[i + 1]);
            }
        } else {
            for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
                flag |= candidate(b, next(i));
            }
        }
        if flag != 0
            && let Some(i) = exact_forbidden(bytes, start, end)
        {
            return Some(i);
        }
        start = end;
    }
    None
}

/// 1 when byte `b`, followed by `n`, may start a forbidden character (see `exact_forbidden`).
#[inline(always)]
fn candidate(b: u8, n: u8) -> u8 {
    let control = (b < 0x20) & (b != b'\t') & (b != b'\n') | (b == 0x7F);
    let c1 = (b == 0xC2) & (0x80..=0x9F).contains(&n);
    let nonchar = (b == 0xEF) & ((n == 0xB7) | (n == 0xBF));
    let astral = (0xF0..=0xF4).contains(&b);
    u8::from(control | c1 | nonchar | astral)
}

/// `first_forbidden` byte by byte from `from` to `to` (it may read a few bytes past `to`).
fn exact_forbidden(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut i = from;
    while i < to {
        let b = bytes[i];
        let bad = match b {
            b'\t' | b'\n' => false,
            0x00..=0x1F | 0x7F => true,
            // C1 controls U+0080–U+009F: C2 80 … C2 9F.
            0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
            // U+FDD0–U+FDEF: EF B7 90 … EF B7 AF; U+FFFE, U+FFFF: EF BF BE, EF BF BF.
            0xEF => matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xB7), Some(0x90..=0xAF)) | (Some(0xBF), Some(0xBE..=0xBF))
            ),
            // U+nFFFE and U+nFFFF of the other planes: F0–F4 xx, then BF BE or BF BF.
            0xF0..=0xF4 => {
                bytes.get(i + 1).is_some_and(|n| n & 0x0F == 0x0F)
                    && bytes.get(i + 2) == Some(&0xBF)
                    && matches!(bytes.get(i + 3), Some(0xBE | 0xBF))
            }
            _ => false,
        };
        if bad {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A file split into its YAML front matter and its Markdown body, with the file line each starts on.
#[derive(Debug, PartialEq, Eq)]
pub struct Document<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`.
pub fn split_front_matter<'a>(text: &'a str, shown: &str) -> Result<Document<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(shown, "the file is empty")
            .help("a content file starts with YAML front matter between two `---` lines; `casebook new <id>` writes a complete example"));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(shown, "the file does not start with front matter")
            .at(Pos::new(1, 1, text[..first_end].chars().count()), text)
            .help("the first line must be `---`, followed by the YAML fields and another `---` line"));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(Document {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(shown, "the front matter is never closed")
        .at(Pos::new(1, 1, 3), text)
        .help("add a line `---` after the last YAML field, before the Markdown text"))
}

/// The exact line that starts the English text of a body.
pub const EN_MARKER: &str = "<!-- en -->";

/// A body's Japanese and English Markdown and the file line each starts on.
#[derive(Debug, PartialEq, Eq)]
pub struct Bodies<'a> {
    pub ja: &'a str,
    pub ja_line: usize,
    pub en: Option<(&'a str, usize)>,
}

/// Splits a body at the `<!-- en -->` line. Anything that looks like another language marker is an
/// error, so a typo never silently merges two languages. Lines inside fenced code are ignored.
pub fn split_languages<'a>(
    body: &'a str,
    body_line: usize,
    shown: &str,
    file_text: &str,
) -> (Bodies<'a>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut split: Option<(usize, usize, usize)> = None; // (marker offset, offset after marker, line)
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let line_no = body_line + i;
        let bare = line.trim_end();
        let trimmed = bare.trim_start();
        if let Some(f) = fence_of(trimmed) {
            match fence {
                None => fence = Some(f),
                Some((c, n)) if f.0 == c && f.1 >= n && trimmed.trim_start_matches(c).trim().is_empty() => fence = None,
                Some(_) => {}
            }
        } else if fence.is_none() && looks_like_marker(trimmed) {
            let pos = Pos::new(line_no, 1, bare.chars().count());
            if bare == EN_MARKER {
                if let Some((_, _, first)) = split {
                    problems.push(
                        Diagnostic::error(
                            shown,
                            format!("a second `{EN_MARKER}` marker (the first is on line {first})"),
                        )
                        .at(pos, file_text)
                        .help("a body holds the Japanese text, then one `<!-- en -->` line, then the English text"),
                    );
                } else {
                    split = Some((offset, offset + line.len(), line_no));
                }
            } else if marker_lang(trimmed).as_deref() == Some("en") {
                problems.push(
                    Diagnostic::error(shown, format!("the English marker must be written exactly `{EN_MARKER}`"))
                        .at(pos, file_text)
                        .help("put `<!-- en -->` alone on its line, lowercase, with one space inside each side"),
                );
            } else {
                problems.push(
                    Diagnostic::error(shown, format!("`{bare}` is not a language marker casebook knows"))
                        .at(pos, file_text)
                        .help("the Japanese text comes first with no marker; a line `<!-- en -->` starts the English text; no other languages are supported"),
                );
            }
        }
        offset += line.len();
    }
    let bodies = match split {
        None => Bodies { ja: body, ja_line: body_line, en: None },
        Some((start, after, line)) => {
            let en = &body[after..];
            Bodies { ja: &body[..start], ja_line: body_line, en: (!en.trim().is_empty()).then_some((en, line + 1)) }
        }
    };
    (bodies, problems)
}

fn fence_of(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = line.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// `<!-- xx -->` where xx looks like a language code.
fn looks_like_marker(line: &str) -> bool {
    marker_lang(line).is_some()
}

fn marker_lang(line: &str) -> Option<String> {
    let inner = line.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let ok = (2..=8).contains(&inner.len()) && inner.chars().all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_');
    ok.then(|| inner.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_the_byte_offset_of_invalid_utf8() {
        let err = decode(b"---\nid: a\xff\n".to_vec(), "x.md").unwrap_err();
        assert!(err.message.contains("byte offset 9"), "{}", err.message);
        assert_eq!(err.pos.map(|p| (p.line, p.col)), Some((2, 6)));
    }

    #[test]
    fn a_bad_byte_past_the_first_simd_block_is_found_where_it_is() {
        // Long Japanese lines, so the bad byte lies many 64-byte blocks in, inside a character.
        let good = "事故の要因と対策。".repeat(40);
        assert_eq!(decode(format!("---\n{good}\n").into_bytes(), "x.md").unwrap(), format!("---\n{good}\n"));
        let mut bytes = format!("---\n{good}\n{good}").into_bytes();
        let at = bytes.len() - 2;
        bytes[at] = 0xFF;
        let err = decode(bytes, "x.md").unwrap_err();
        assert!(err.message.contains(&format!("byte offset {}", at - 1)), "{}", err.message);
        assert_eq!(err.pos.map(|p| (p.line, p.col)), Some((3, good.chars().count())));
    }

    #[test]
    fn control_characters_and_noncharacters_are_positioned_errors() {
        for (bytes, col) in [("---\ntitle: a\u{1}b\n", 9), ("---\ntitle: a\u{c}b\n", 9), ("---\nt: \u{FFFE}\n", 4)] {
            let err = decode(bytes.as_bytes().to_vec(), "x.md").unwrap_err();
            assert!(err.message.contains("invisible character U+"), "{}", err.message);
            assert_eq!(err.pos.map(|p| (p.line, p.col)), Some((2, col)), "{bytes:?}");
        }
        let nul = decode(b"---\nid: a\n---\nbody \0 text\n".to_vec(), "x.md").unwrap_err();
        assert_eq!(nul.pos.map(|p| p.line), Some(4));
        assert!(decode(b"tab\there\n".to_vec(), "x").is_ok());
        // The byte scan agrees with a scan of characters on every code point.
        for cp in (0..0x11_0000u32).filter_map(char::from_u32) {
            let by_char = (cp.is_control() && cp != '\n' && cp != '\t')
                || matches!(cp as u32, 0xFDD0..=0xFDEF)
                || (cp as u32 & 0xFFFE) == 0xFFFE;
            let text = format!("a{cp}b");
            assert_eq!(first_forbidden(text.as_bytes()).is_some(), by_char, "U+{:04X}", cp as u32);
        }
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        assert_eq!(decode(b"\xef\xbb\xbf---\r\nid: a\r\n".to_vec(), "x").unwrap(), "---\nid: a\n");
    }

    #[test]
    fn front_matter_lines_are_counted_in_the_file() {
        let doc = split_front_matter("---\nid: a\n---\n本文\n", "x").unwrap();
        assert_eq!(doc.yaml, "id: a\n");
        assert_eq!((doc.yaml_line, doc.body_line), (2, 4));
        assert_eq!(doc.body, "本文\n");
    }

    #[test]
    fn front_matter_problems_are_named() {
        assert!(split_front_matter("", "x").unwrap_err().message.contains("empty"));
        assert!(split_front_matter("id: a\n", "x").unwrap_err().message.contains("does not start"));
        assert!(split_front_matter("---\nid: a\n", "x").unwrap_err().message.contains("never closed"));
    }

    #[test]
    fn splits_languages_at_the_marker() {
        let body = "日本語\n\n<!-- en -->\nEnglish\n";
        let (b, problems) = split_languages(body, 5, "x", body);
        assert!(problems.is_empty());
        assert_eq!(b.ja, "日本語\n\n");
        assert_eq!(b.en, Some(("English\n", 8)));
    }

    #[test]
    fn marker_inside_code_fence_is_text() {
        let body = "```\n<!-- en -->\n```\n";
        let (b, problems) = split_languages(body, 1, "x", body);
        assert!(problems.is_empty());
        assert_eq!(b.en, None);
    }

    #[test]
    fn rejects_second_marker_and_other_languages() {
        let body = "a\n<!-- en -->\nb\n<!-- en -->\nc\n<!-- fr -->\n<!--EN-->\n";
        let (_, problems) = split_languages(body, 10, "x", body);
        let lines: Vec<usize> = problems.iter().map(|p| p.pos.unwrap().line).collect();
        assert_eq!(lines, vec![13, 15, 16]);
        assert!(problems[0].message.contains("second"));
        assert!(problems[1].message.contains("not a language marker"));
        assert!(problems[2].message.contains("exactly"));
    }
}
