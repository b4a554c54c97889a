//! JSON string literals for the search files, which the browser loads as scripts.

/// A JSON string literal; `<` is escaped too, so no text can ever read as markup.
pub fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_json(&mut out, text);
    out
}

/// Appends `text` as a JSON string, as serde_json writes it (`\"`, `\\`, `\n`, `\t`, …, other
/// controls as `\u00xx`), with `<` as `\u003c` so that no text closes the `<script>` it is loaded
/// in. Runs of plain bytes are copied whole: the search documents are a fifth of what a build
/// writes, and serde_json's string, the scan for `<` and the copy into the document were three
/// passes over each.
pub fn push_json(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let mut run = 0;
    // The bytes that are escaped: one table lookup per byte of plain text.
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = true;
            b += 1;
        }
        t[b'"' as usize] = true;
        t[b'\\' as usize] = true;
        t[b'<' as usize] = true;
        t
    };
    for (i, &b) in bytes.iter().enumerate() {
        if !SPECIAL[usize::from(b)] {
            continue;
        }
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x08 => "\\b",
            0x0C => "\\f",
            b'<' => "\\u003c",
            _ => "",
        };
        // Every byte that is escaped is ASCII, so the runs between them are whole characters.
        out.push_str(&text[run..i]);
        if escaped.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escaped);
        }
        run = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_written_as_serde_json_writes_them_with_no_less_than_sign() {
        let serde = |t: &str| serde_json::to_string(t).unwrap().replace('<', "\\u003c");
        for cp in (0..0x800u32).chain([0x2028, 0x2029, 0x3042, 0xFEFF, 0xFFFD, 0x1F600]).filter_map(char::from_u32) {
            let t = format!("a{cp}b{cp}");
            assert_eq!(json(&t), serde(&t), "U+{:04X}", cp as u32);
        }
        for t in ["", "<", "\"</script>\"", "事故の\n要因\t「対策」\\", "\u{7f}\u{1}\u{1f}"] {
            assert_eq!(json(t), serde(t), "{t:?}");
        }
    }
}
