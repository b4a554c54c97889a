//! The search files besides the postings: the metadata the browser counts and narrows with, one
//! file per case for its result card and excerpt, and the words to suggest a spelling from.

use super::postings::{DIGITS, push_gap};
use super::{json, push_json};
use crate::model::Lang;

/// A facet as the browser narrows by it.
pub struct FacetData<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub multiple: bool,
    /// For a taxonomy whose terms are grouped into another facet (prefectures into regions): its name.
    pub grouped_by: Option<&'a str>,
    /// (code, label, the code of its group if any, its cases in site order).
    pub terms: Vec<(&'a str, &'a str, Option<&'a str>, &'a [usize])>,
}

/// `casebook.searchMeta("ja", {…})`: the number of shards, the case ids in site order, which cases
/// had an incident, and each facet's terms with their cases (gap-encoded like the postings).
pub fn meta_script(lang: Lang, shards: u32, ids: &[&str], incident: &[bool], facets: &[FacetData]) -> String {
    let mut s = String::with_capacity(ids.len() * 32 + 4096);
    s.push_str(&format!("casebook.searchMeta(\"{lang}\",{{\"shards\":{shards},\"ids\":\""));
    front_code(ids, &mut s);
    s.push_str("\",\"incident\":\"");
    s.extend(incident.iter().map(|&b| if b { '1' } else { '0' }));
    s.push_str("\",\"facets\":[");
    for (i, f) in facets.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!("{{\"name\":{},\"label\":{},\"multiple\":{}", json(f.name), json(f.label), f.multiple));
        if let Some(g) = f.grouped_by {
            s.push_str(&format!(",\"groupedBy\":{}", json(g)));
        }
        s.push_str(",\"terms\":[");
        for (j, (code, label, group, docs)) in f.terms.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            s.push_str(&format!(
                "[{},{},{},\"{}\"]",
                json(code),
                json(label),
                group.map_or("null".into(), json),
                encode_docs(docs)
            ));
        }
        s.push_str("]}");
    }
    s.push_str("]});\n");
    s
}

/// The ids, front-coded: each is a capital letter saying how many characters it shares with the
/// one before (`A` none, `Z` 25 or more), then the rest of it. Ids are `[a-z0-9-]+`, so a capital
/// always starts the next one. Written out in full, the ids were half of `meta.js` (390 of 800 KiB
/// at 30,000 cases), and every search loads `meta.js` first; find.js decodes them (`decodeIds`).
fn front_code(ids: &[&str], out: &mut String) {
    let mut prev = "";
    for id in ids {
        debug_assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{id}");
        let shared = prev.bytes().zip(id.bytes()).take_while(|(a, b)| a == b).count().min(25);
        out.push(char::from(b'A' + shared as u8));
        out.push_str(&id[shared..]);
        prev = id;
    }
}

/// A sorted list of case indexes, gap-encoded.
fn encode_docs(docs: &[usize]) -> String {
    let mut out = Vec::with_capacity(docs.len() * 2);
    let mut last: Option<usize> = None;
    for &d in docs {
        push_gap(&mut out, last.map_or(d, |l| d - l));
        last = Some(d);
    }
    debug_assert!(out.iter().all(|b| DIGITS.contains(b)));
    out.into_iter().map(char::from).collect()
}

/// What a result shows of a case.
pub struct DocFragment<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// The language of the title and summary when it is not the index's (an untranslated case).
    pub fallback_lang: Option<Lang>,
    pub number: Option<u32>,
    pub collection: &'a str,
    pub incident: bool,
    /// (taxonomy name, term label) of the facts a card shows.
    pub facts: Vec<(&'a str, &'a str)>,
    /// The text as plain text, for the excerpt around the best match.
    pub body: &'a str,
}

/// `casebook.searchDoc("ja", "ipa2017-001", {…})`, written into one buffer of about its size.
pub fn doc_script(lang: Lang, d: &DocFragment) -> String {
    let mut s = String::with_capacity(d.body.len() + d.title.len() + d.summary.len() + 64 * d.facts.len() + 128);
    s.push_str("casebook.searchDoc(\"");
    s.push_str(lang.code());
    s.push_str("\",");
    push_json(&mut s, d.id);
    for (key, text) in
        [(",{\"t\":", d.title), (",\"s\":", d.summary), (",\"l\":", d.fallback_lang.map_or("", Lang::code))]
    {
        s.push_str(key);
        push_json(&mut s, text);
    }
    s.push_str(",\"n\":");
    match d.number {
        Some(n) => s.push_str(&n.to_string()),
        None => s.push_str("null"),
    }
    s.push_str(",\"c\":");
    push_json(&mut s, d.collection);
    s.push_str(if d.incident { ",\"i\":true,\"f\":[" } else { ",\"i\":false,\"f\":[" });
    for (k, (taxonomy, label)) in d.facts.iter().enumerate() {
        s.push_str(if k == 0 { "[" } else { ",[" });
        push_json(&mut s, taxonomy);
        s.push(',');
        push_json(&mut s, label);
        s.push(']');
    }
    s.push_str("],\"b\":");
    push_json(&mut s, d.body);
    s.push_str("});\n");
    s
}

/// `casebook.searchWords("ja", [...])`: what a spelling is suggested from.
pub fn words_script(lang: Lang, words: &[String]) -> String {
    let list: Vec<String> = words.iter().map(|w| json(w)).collect();
    format!("casebook.searchWords(\"{lang}\",[{}]);\n", list.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_lists_cases_and_the_cases_of_each_term() {
        let docs = [0usize, 2, 40];
        let facets = [FacetData {
            name: "prefectures",
            label: "都道府県",
            multiple: false,
            grouped_by: Some("regions"),
            terms: vec![("tokyo", "東京都", Some("kanto"), &docs[..])],
        }];
        let js = meta_script(Lang::Ja, 16, &["a", "b"], &[true, false], &facets);
        assert!(
            js.starts_with("casebook.searchMeta(\"ja\",{\"shards\":16,\"ids\":\"AaAb\",\"incident\":\"10\""),
            "{js}"
        );
        assert!(js.contains("[\"tokyo\",\"東京都\",\"kanto\",\"WY1c\"]"), "{js}");
    }

    /// What find.js's `decodeIds` does.
    fn decode_ids(coded: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut rest = coded;
        while let Some(c) = rest.chars().next() {
            let end = rest[1..].find(|c: char| c.is_ascii_uppercase()).map_or(rest.len(), |e| e + 1);
            let prev = out.last().map_or("", String::as_str);
            out.push(format!("{}{}", &prev[..(c as u8 - b'A') as usize], &rest[1..end]));
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn front_coded_ids_decode_to_the_ids_and_take_less_room() {
        let long = format!("x{}", "y".repeat(40));
        let longer = format!("{long}z");
        let ids: Vec<&str> = vec!["2017-001", "2017-002", "2017-010", "2021-a-7", "b", "b-2", &long, &longer, "0"];
        let mut coded = String::new();
        front_code(&ids, &mut coded);
        assert_eq!(decode_ids(&coded), ids, "{coded}");
        assert!(coded.starts_with("A2017-001H2G10C21-a-7AbB-2"), "{coded}");
        let synthetic: Vec<String> = (0..30_000).map(|i| format!("case-{i:05}")).collect();
        let synthetic: Vec<&str> = synthetic.iter().map(String::as_str).collect();
        let mut coded = String::new();
        front_code(&synthetic, &mut coded);
        assert_eq!(decode_ids(&coded), synthetic);
        assert!(coded.len() * 4 < synthetic.iter().map(|id| id.len() + 3).sum::<usize>(), "{}", coded.len());
    }

    #[test]
    fn a_case_fragment_escapes_its_text() {
        let d = DocFragment {
            id: "x",
            title: "</script>「引用」",
            summary: "s",
            fallback_lang: None,
            number: Some(3),
            collection: "c",
            incident: true,
            facts: vec![("industries", "製造業")],
            body: "本文",
        };
        let js = doc_script(Lang::Ja, &d);
        assert!(!js.contains("</script>") && js.contains("\\u003c/script>"), "{js}");
        // The call's arguments read back as what find.js expects.
        let args = js.strip_prefix("casebook.searchDoc(").and_then(|a| a.strip_suffix(");\n")).expect("a call");
        let read: serde_json::Value = serde_json::from_str(&format!("[{args}]")).expect("JSON arguments");
        let want = serde_json::json!(["ja", "x", {"t": "</script>「引用」", "s": "s", "l": "", "n": 3, "c": "c", "i": true,
            "f": [["industries", "製造業"]], "b": "本文"}]);
        assert_eq!(read, want);
        let untranslated =
            doc_script(Lang::En, &DocFragment { number: None, fallback_lang: Some(Lang::Ja), facts: vec![], ..d });
        assert!(
            untranslated.contains(r#""l":"ja","n":null"#) && untranslated.contains(r#""f":[],"b""#),
            "{untranslated}"
        );
    }
}
