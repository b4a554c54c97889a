//! Incremental rebuilds (`serve`'s `Session`): after any sequence of edits, additions and
//! deletions of cases, the output equals a fresh build of the same files, byte for byte; a
//! cancelled second phase writes nothing and is finished by the next one.

use crate::common::*;
use casebook::output::{Memory, Sink};
use casebook::pipeline::{self, BuildOptions};
use casebook::session::{Applied, Session};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// A case of the test site, written out as a file.
#[derive(Clone, Debug)]
struct Spec {
    id: String,
    collection: &'static str,
    number: Option<u32>,
    title: String,
    incident: bool,
    year: Option<u32>,
    incidents: Vec<&'static str>,
    measures: Vec<&'static str>,
    prefecture: Option<&'static str>,
    /// Extra Markdown: headings, links to other cases.
    extra: String,
}

const MEASURES: [&str; 3] = ["security-policy", "backups", "antivirus"];
const INCIDENTS: [&str; 2] = ["ransomware", "virus-infection"];
const PREFECTURES: [&str; 2] = ["tokyo", "kyoto"];
const YEARS: [u32; 3] = [2015, 2016, 2019];

impl Spec {
    fn text(&self) -> String {
        let mut s = format!("---\nid: {}\ncollection: {}\n", self.id, self.collection);
        if let Some(n) = self.number {
            s += &format!("number: {n}\n");
        }
        s += &format!("title: {{ja: {}, en: {} in English}}\n", self.title, self.title);
        s += &format!("summary: {{ja: {}の要約。, en: Summary of {}.}}\n", self.title, self.title);
        s += &format!("incident: {}\n", self.incident);
        if self.incident {
            s += &format!("incident_year: {}\n", self.year.map_or("unknown".into(), |y| y.to_string()));
            s += &format!("incident_types: [{}]\n", self.incidents.join(", "));
        }
        s += &format!("measures: [{}]\n", self.measures.join(", "));
        s += &format!("prefecture: {}\n", self.prefecture.unwrap_or("unknown"));
        s += &format!(
            "---\n## 概要\n\n{}の本文。\n\n{}\n\n<!-- en -->\n## Outline\n\nThe text of {}.\n",
            self.title, self.extra, self.title
        );
        s
    }
}

/// One edit of the test site.
#[derive(Clone, Debug)]
enum Edit {
    Title(usize, u8),
    Facets(usize, u8, u8, u8),
    Year(usize, u8),
    Number(usize, u8),
    Collection(usize),
    Link(usize, usize),
    Heading(usize, u8),
    Delete(usize),
    Add(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(c, t)| Edit::Title(c, t)),
        (any::<usize>(), any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(c, a, b, d)| Edit::Facets(c, a, b, d)),
        (any::<usize>(), any::<u8>()).prop_map(|(c, y)| Edit::Year(c, y)),
        (any::<usize>(), any::<u8>()).prop_map(|(c, n)| Edit::Number(c, n)),
        any::<usize>().prop_map(Edit::Collection),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Link(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(c, h)| Edit::Heading(c, h)),
        any::<usize>().prop_map(Edit::Delete),
        any::<u8>().prop_map(Edit::Add),
    ]
}

fn initial() -> Vec<Spec> {
    (0..6)
        .map(|i| Spec {
            id: format!("gen-{i:03}"),
            collection: if i % 3 == 0 { "beta" } else { "alpha" },
            number: Some(10 + i),
            title: format!("事例{i}"),
            incident: i % 4 != 3,
            year: Some(YEARS[i as usize % 3]),
            incidents: vec![INCIDENTS[i as usize % 2]],
            measures: vec![MEASURES[i as usize % 3]],
            prefecture: Some(PREFECTURES[i as usize % 2]),
            extra: String::new(),
        })
        .collect()
}

/// Applies `edit` to the specs; returns the files it changed (relative to the project root).
fn apply(specs: &mut Vec<Spec>, edit: &Edit, next_id: &mut u32) -> Vec<String> {
    let path = |id: &str| format!("content/cases/{id}.md");
    if specs.is_empty() && !matches!(edit, Edit::Add(_)) {
        return Vec::new();
    }
    let pick = |i: usize, specs: &Vec<Spec>| i % specs.len();
    match *edit {
        Edit::Title(c, t) => {
            let c = pick(c, specs);
            specs[c].title = format!("題{t}");
        }
        Edit::Facets(c, a, b, d) => {
            let c = pick(c, specs);
            let s = &mut specs[c];
            s.measures = MEASURES.iter().enumerate().filter(|(i, _)| a & (1 << i) != 0).map(|(_, m)| *m).collect();
            s.incidents = INCIDENTS.iter().enumerate().filter(|(i, _)| b & (1 << i) != 0).map(|(_, m)| *m).collect();
            s.prefecture = [None, Some("tokyo"), Some("kyoto")][d as usize % 3];
            s.incident = d % 5 != 0;
        }
        Edit::Year(c, y) => {
            let c = pick(c, specs);
            specs[c].year = [None, Some(2015), Some(2016), Some(2019), Some(2021)][y as usize % 5];
        }
        Edit::Number(c, n) => {
            let c = pick(c, specs);
            specs[c].number = if n % 4 == 0 { None } else { Some(u32::from(n % 7)) };
        }
        Edit::Collection(c) => {
            let c = pick(c, specs);
            specs[c].collection = if specs[c].collection == "alpha" { "beta" } else { "alpha" };
        }
        Edit::Link(a, b) => {
            let (a, b) = (pick(a, specs), pick(b, specs));
            let target = specs[b].id.clone();
            specs[a].extra = format!("[関連](@/cases/{target}.md#概要)");
        }
        Edit::Heading(c, h) => {
            let c = pick(c, specs);
            specs[c].extra = format!("## 見出し{h}\n\n本文。");
        }
        Edit::Delete(c) => {
            let c = pick(c, specs);
            let gone = specs.remove(c);
            return vec![path(&gone.id)];
        }
        Edit::Add(t) => {
            *next_id += 1;
            let mut s = initial()[t as usize % 6].clone();
            s.id = format!("new-{next_id:03}");
            s.title = format!("新{t}");
            specs.push(s);
            return vec![path(&specs.last().expect("just pushed").id)];
        }
    }
    vec![]
}

fn write_all(root: &Path, specs: &[Spec]) {
    for s in specs {
        std::fs::write(root.join("content/cases").join(format!("{}.md", s.id)), s.text()).unwrap();
    }
}

fn files_of(memory: &Memory) -> BTreeMap<String, Vec<u8>> {
    memory.files.lock().unwrap().clone()
}

/// A fresh build of the project, or `None` when it fails.
fn fresh(root: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let memory = Memory::default();
    pipeline::build_into(&BuildOptions::new(root, None), &memory).ok().map(|_| files_of(&memory))
}

/// The test site: the fixture, paginated by 2 so that lists shift across pages, with the
/// generated cases, and a booklet of site.yaml that edits fill and empty (ransomware in Kyoto:
/// none of the initial cases).
fn site(specs: &[Spec]) -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let site = dir.path().join("content/site.yaml");
    let booklet = "booklets:\n  - id: kinki-ransomware\n    title: {ja: 近畿のランサムウェア, en: Ransomware in Kinki}\n    select: {incidents: [ransomware], regions: [kinki]}\n";
    let yaml = std::fs::read_to_string(&site).unwrap().replace("booklets:\n", booklet) + "paginate_by: 2\n";
    std::fs::write(&site, yaml).unwrap();
    write_all(dir.path(), specs);
    dir
}

fn incremental_cases() -> u32 {
    std::env::var("INCREMENTAL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
}

proptest! {
    // INCREMENTAL_CASES=1000 cargo test --release --test it incremental runs a longer campaign.
    #![proptest_config(ProptestConfig { cases: incremental_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn an_incremental_rebuild_equals_a_fresh_build(edits in prop::collection::vec(edit(), 1..6)) {
        let mut specs = initial();
        let dir = site(&specs);
        let root = dir.path();
        let mut session = Session::new(BuildOptions::new(root, None));
        let mut live = Memory::default();
        session.full(&live).unwrap_or_else(|r| panic!("{}", r.render(false)));
        let mut next_id = 0;
        for edit in &edits {
            let mut changed = apply(&mut specs, edit, &mut next_id);
            // Every case file is rewritten; only the ones whose text changed count as changed.
            for s in &specs {
                let path = root.join("content/cases").join(format!("{}.md", s.id));
                if std::fs::read_to_string(&path).ok().as_deref() != Some(s.text().as_str()) {
                    changed.push(format!("content/cases/{}.md", s.id));
                }
            }
            for file in &changed {
                if !specs.iter().any(|s| file.ends_with(&format!("/{}.md", s.id))) {
                    let _ = std::fs::remove_file(root.join(file));
                }
            }
            write_all(root, &specs);
            let expected = fresh(root);
            let applied = session.apply(&changed, &live);
            let result = match applied {
                // No file the site reads changed: the state is what it was (a failed build stays failed).
                Ok(Applied::Nothing) => continue,
                Ok(Applied::NeedsFullBuild) => {
                    live = Memory::default();
                    session.full(&live).map(|_| ())
                }
                Ok(_) => session.finish(&live, &AtomicBool::new(false)).map(|w| assert!(w.is_some())),
                Err(r) => Err(r),
            };
            match (&expected, &result) {
                (Some(files), Ok(())) => prop_assert!(files_of(&live) == *files, "after {edit:?} (all: {edits:?}): {}", difference(files, &files_of(&live))),
                (None, Err(_)) => {
                    // Both refuse; the session rebuilds everything at the next change.
                    live = Memory::default();
                }
                (Some(_), Err(r)) => prop_assert!(false, "the incremental rebuild failed where a build succeeds: {}", r.render(false)),
                (None, Ok(())) => prop_assert!(false, "the incremental rebuild succeeded where a build fails, after {edit:?}"),
            }
        }
    }
}

/// The first paths in which two outputs differ.
fn difference(expected: &BTreeMap<String, Vec<u8>>, got: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = Vec::new();
    for (path, bytes) in expected {
        match got.get(path) {
            None => out.push(format!("missing {path}")),
            Some(b) if b != bytes => out.push(format!("differs {path}")),
            _ => {}
        }
    }
    out.extend(got.keys().filter(|p| !expected.contains_key(*p)).map(|p| format!("extra {p}")));
    out.truncate(8);
    out.join(", ")
}

#[test]
fn a_cancelled_second_phase_writes_nothing_and_the_next_one_finishes() {
    let specs = initial();
    let dir = site(&specs);
    let root = dir.path();
    let mut session = Session::new(BuildOptions::new(root, None));
    let live = Memory::default();
    session.full(&live).unwrap_or_else(|r| panic!("{}", r.render(false)));
    // A new facet changes the counts: the home page and the search indexes wait for the second phase.
    let mut changed = specs.clone();
    changed[1].measures = vec!["backups", "security-policy"];
    write_all(root, &changed);
    let applied = session.apply(&["content/cases/gen-001.md".to_owned()], &live).unwrap();
    assert!(matches!(applied, Applied::Updated { .. }));
    let before = files_of(&live);
    let spy = Memory::default();
    assert!(session.finish(&spy, &AtomicBool::new(true)).unwrap().is_none(), "cancelled");
    assert!(spy.files.lock().unwrap().is_empty(), "a cancelled phase writes no file");
    let written = session.finish(&live, &AtomicBool::new(false)).unwrap().expect("not cancelled");
    assert!(written.files > 0);
    let after = files_of(&live);
    for rel in ["static/search/ja/meta.js", "ja/index.html", "en/measures/index.html"] {
        assert_ne!(before.get(rel), after.get(rel), "{rel} is written by the second phase");
    }
    assert_eq!(Some(after), fresh(root), "and the site is then the same as a fresh build");
    // Nothing is left to do.
    assert_eq!(session.finish(&live, &AtomicBool::new(false)).unwrap().map(|w| w.files), Some(0));
    let _ = live.remove("nothing");
}

/// A booklet's PDF is linked with its size from its term's pages. Rewriting the PDF (`casebook
/// pdf`) wrote the file but not those pages, and the next text edit, which compares only the
/// pages its edit changes, left them stale for good.
#[test]
fn an_edited_pdf_left_its_size_stale_on_the_term_pages() {
    let specs = initial();
    let dir = site(&specs);
    let root = dir.path();
    let site_yaml = root.join("content/site.yaml");
    std::fs::write(&site_yaml, std::fs::read_to_string(&site_yaml).unwrap() + "pdf: true\n").unwrap();
    let pdf_dir = root.join("content/static/pdf");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    let pdf = pdf_dir.join("incidents-ransomware.ja.pdf");
    std::fs::write(&pdf, vec![b'%'; 2_500]).unwrap();
    let mut session = Session::new(BuildOptions::new(root, None));
    let live = Memory::default();
    session.full(&live).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let term_page = "ja/incidents/ransomware/index.html";
    let shows = |size: &str| String::from_utf8_lossy(&files_of(&live)[term_page]).contains(&format!("PDF {size}"));
    assert!(shows("3 KB"), "the first build links the PDF with its size");

    std::fs::write(&pdf, vec![b'%'; 1_200_000]).unwrap();
    session.apply(&["content/static/pdf/incidents-ransomware.ja.pdf".to_owned()], &live).unwrap();
    session.finish(&live, &AtomicBool::new(false)).unwrap();
    assert!(shows("1.2 MB"), "the term page shows the new size");
    let expected = fresh(root).expect("the site builds");
    assert!(files_of(&live) == expected, "{}", difference(&expected, &files_of(&live)));

    // A text edit afterwards: the output is still a fresh build's.
    let mut edited = specs.clone();
    edited[2].title = "新しい題".into();
    write_all(root, &edited);
    session.apply(&["content/cases/gen-002.md".to_owned()], &live).unwrap();
    session.finish(&live, &AtomicBool::new(false)).unwrap();
    let expected = fresh(root).expect("the site builds");
    assert!(files_of(&live) == expected, "{}", difference(&expected, &files_of(&live)));
}
