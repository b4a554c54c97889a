//! Property tests (fuzzing) of the front-matter and Markdown path: whatever the text of a case
//! file, checking it never panics, and every problem points at a line that exists. Edge cases worth
//! keeping are named tests at the bottom.

use casebook::load::check_case_text;
use casebook::model::Lang;
use casebook::model::Taxonomy;
use casebook::render::markdown::{self, LinkResolver, Options_, Origin};
use proptest::prelude::*;
use std::sync::OnceLock;

fn taxonomies() -> &'static [Taxonomy] {
    static T: OnceLock<Vec<Taxonomy>> = OnceLock::new();
    T.get_or_init(|| {
        let text = std::fs::read_to_string(crate::common::fixture("basic").join("content/taxonomies.yaml")).unwrap();
        casebook::load::parse_taxonomies(&text, "content/taxonomies.yaml").unwrap()
    })
}

fn valid_case() -> &'static str {
    static C: OnceLock<String> = OnceLock::new();
    C.get_or_init(|| {
        std::fs::read_to_string(crate::common::fixture("basic").join("content/cases/alpha-001.md")).unwrap()
    })
}

/// Checks a text and the positions of its problems.
fn check(text: &str) {
    let lines = text.lines().count().max(1);
    for d in check_case_text(text, "alpha-001", "content/cases/alpha-001.md", taxonomies()) {
        if let Some(p) = d.pos {
            assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines} in {d:?}\n--- text ---\n{text}", p.line);
            assert!(p.col >= 1, "{d:?}");
        }
        assert!(!d.message.is_empty());
    }
}

struct NoLinks;
impl LinkResolver for NoLinks {
    fn resolve(&self, _: Lang, target: &str) -> Result<String, String> {
        if target.starts_with("cases/") { Ok("ja/cases/x/index.html".into()) } else { Err("no such page".into()) }
    }
}

fn fuzz_cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
}

/// Pieces that matter to YAML, Markdown and casebook's own syntax.
const PIECES: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "|",
    ">",
    "\t",
    "\n",
    "---\n",
    "...\n",
    "<!-- en -->\n",
    "<!-- fr -->\n",
    "```\n",
    "@/cases/",
    "@/",
    "](",
    "[^1]",
    "&",
    "*",
    "!",
    "%",
    "\u{feff}",
    "\r\n",
    "\u{fdd0}",
    "事故",
    "unknown",
    "incident: ",
    "title: ",
    "  ja: ",
    "en: ",
    "measures: [",
    "id: ",
    "<script>",
    "{#id}",
    "|a|\n|-|\n",
];

fn mutation() -> impl Strategy<Value = (usize, usize, usize, usize)> {
    (0usize..4, any::<usize>(), any::<usize>(), 0usize..PIECES.len())
}

/// Applies (kind, position, length, piece) edits to a valid case.
fn mutate(edits: &[(usize, usize, usize, usize)]) -> String {
    let mut text: Vec<char> = valid_case().chars().collect();
    for &(kind, at, len, piece) in edits {
        let at = if text.is_empty() { 0 } else { at % (text.len() + 1) };
        match kind {
            0 => {
                let piece: Vec<char> = PIECES[piece].chars().collect();
                text.splice(at..at, piece);
            }
            1 => {
                let end = (at + len % 40).min(text.len());
                text.drain(at..end);
            }
            2 => {
                let end = (at + len % 80).min(text.len());
                let copy: Vec<char> = text[at..end].to_vec();
                text.splice(at..at, copy);
            }
            _ => {
                if at < text.len() {
                    text[at] = char::from_u32((len % 0x3100) as u32).unwrap_or('x');
                }
            }
        }
    }
    text.into_iter().collect()
}

proptest! {
    // FUZZ_CASES=200000 cargo test --release --test fuzz runs a longer campaign.
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_cases_never_panic_and_point_at_real_lines(edits in prop::collection::vec(mutation(), 1..8)) {
        check(&mutate(&edits));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        check(&text);
        check(&format!("---\n{text}\n---\nbody\n"));
        check(&format!("---\nid: alpha-001\n---\n{text}"));
    }

    #[test]
    fn markdown_never_panics(text in "(\\PC|[\\[\\]()!#*`<>|\\n-])*") {
        let origin = Origin { file: "f.md", first_line: 1, exact_lines: true };
        let opts = Options_ { lang: Lang::Ja, id_prefix: "p-", autolinks: &Default::default(), heading_offset: 1 };
        let _ = markdown::render(&text, &origin, &NoLinks, &opts);
        let _ = markdown::plain_text(&text);
    }
}

#[test]
fn edge_yaml_error_on_the_closing_line() {
    check("---\ntitle: {ja: a\n---\n");
}

#[test]
fn edge_block_list_item_without_value() {
    check("---\nid: alpha-001\nmeasures:\n  -\n  - backups\n---\n本文\n");
}

#[test]
fn edge_empty_front_matter() {
    check("---\n---\n本文\n");
}

/// One entry of a random file layout under `content/static/` or `content/cases/`.
#[derive(Debug, Clone)]
enum Entry {
    File(usize),
    LinkInside(usize),
    LinkOutsideFile,
    LinkOutsideDir,
    Dangling,
    Loop,
    Fifo,
    Folder,
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        (0usize..4).prop_map(Entry::File),
        (0usize..8).prop_map(Entry::LinkInside),
        Just(Entry::LinkOutsideFile),
        Just(Entry::LinkOutsideDir),
        Just(Entry::Dangling),
        Just(Entry::Loop),
        Just(Entry::Fifo),
        Just(Entry::Folder),
    ]
}

/// The text no built file may ever contain: it lives outside the project.
const SECRET: &str = "SECRET-OUTSIDE-THE-PROJECT";

#[cfg(unix)]
fn lay_out(root: &std::path::Path, outside: &std::path::Path, layout: &[(bool, Entry)]) {
    use std::os::unix::fs::symlink;
    let mut made: Vec<std::path::PathBuf> = Vec::new();
    for (i, (in_cases, entry)) in layout.iter().enumerate() {
        let dir = root.join(if *in_cases { "content/cases/x" } else { "content/static/x" });
        std::fs::create_dir_all(&dir).unwrap();
        let ext = if *in_cases { "md" } else { "txt" };
        let path = dir.join(format!("e{i}.{ext}"));
        match entry {
            Entry::File(k) => {
                let text = if *in_cases { format!("---\nid: e{i}\n---\n本文 {k}\n") } else { format!("file {k}") };
                std::fs::write(&path, text).unwrap();
            }
            Entry::LinkInside(k) => {
                let target = made.get(k % made.len().max(1)).cloned().unwrap_or_else(|| root.join("content/site.yaml"));
                symlink(target, &path).unwrap();
            }
            Entry::LinkOutsideFile => symlink(outside.join("secret.md"), &path).unwrap(),
            Entry::LinkOutsideDir => symlink(outside, &path).unwrap(),
            Entry::Dangling => symlink(root.join("nowhere"), &path).unwrap(),
            Entry::Loop => symlink(&path, &path).unwrap(),
            Entry::Fifo => {
                let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
                unsafe extern "C" {
                    fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
                }
                assert_eq!(unsafe { mkfifo(c.as_ptr(), 0o644) }, 0);
            }
            Entry::Folder => std::fs::create_dir_all(&path).unwrap(),
        }
        made.push(path);
    }
}

#[cfg(unix)]
proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases() / 30, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever links, pipes and folders a project holds, a build ends (no hang, no panic) and
    /// publishes nothing from outside the project.
    #[test]
    fn file_layouts_never_panic_hang_or_publish_outside_files(layout in prop::collection::vec((any::<bool>(), entry()), 1..8)) {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), format!("---\nid: secret\n---\n{SECRET}\n")).unwrap();
        let dir = crate::common::copy_fixture("basic");
        lay_out(dir.path(), outside.path(), &layout);
        let out = dir.path().join("public");
        let _ = crate::common::build(dir.path(), &out, false);
        for file in walkdir::WalkDir::new(&out).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let bytes = std::fs::read(file.path()).unwrap();
            prop_assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{} holds an outside file", file.path().display());
        }
    }
}
