//! Writes a synthetic bilingual case collection for benchmarks, in the project's own vocabulary:
//!
//!     cargo run --release --example gen_corpus -- N DIR [--hugo] [--zola] [--project ROOT]
//!
//! The vocabulary (every taxonomy, term, group, label and description) and the settings are read
//! from ROOT/content/taxonomies.yaml and ROOT/content/site.yaml (ROOT defaults to the current
//! folder, the casebook repository). It writes:
//!
//! - DIR/casebook-defaults: a casebook project with N cases, built with the project's site.yaml and
//!   taxonomies.yaml as they are (booklets, lists as the project ships them);
//! - DIR/casebook: the same cases, with `print_booklets: false` and `paginate_by: 50` added to that
//!   site.yaml: the like-for-like build the peers are measured against;
//! - with --hugo, DIR/hugo: the same cases as a Hugo site whose templates do the work of casebook's
//!   pages and no more (see bench/README.md);
//! - with --zola, DIR/zola: the same for Zola.
//!
//! Links of the descriptions to real cases (`@/cases/ipa2017-001.md`) are pointed at synthetic
//! cases, so that they still resolve. Each case has ~1,500 Japanese and ~2,600 English characters of
//! Markdown, and a quarter of the cases have a code block of their own. The text is generated from
//! fixed sentence pools with a seeded generator: the same N and vocabulary give the same corpus.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const PER_PAGE: usize = 50;
/// The years a case's incident may fall in (the `kind: year` taxonomy).
const YEARS: std::ops::RangeInclusive<u32> = 2000..=2024;

/// splitmix64: small, fast, deterministic.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A text in both languages.
#[derive(Clone, Default)]
struct L {
    ja: String,
    en: String,
}
impl L {
    fn get(&self, lang: &str) -> &str {
        if lang == "ja" { &self.ja } else { &self.en }
    }
}

struct Source {
    publisher: Option<L>,
    title: Option<L>,
    year: Option<i64>,
}

struct Term {
    code: String,
    label: L,
    group: Option<String>,
    description: Option<L>,
    source: Option<Source>,
}

struct Group {
    code: String,
    label: L,
}

struct Taxonomy {
    name: String,
    field: String,
    multiple: bool,
    incident_only: bool,
    label: L,
    description: Option<L>,
    groups: Vec<Group>,
    terms: Vec<Term>,
}

fn l(label: &casebook::model::Label) -> L {
    L { ja: label.ja.trim_end().to_string(), en: label.en.trim_end().to_string() }
}

fn text_l(text: &casebook::model::Text) -> L {
    L { ja: text.ja.trim_end().to_string(), en: text.en.as_deref().unwrap_or_default().trim_end().to_string() }
}

/// Reads the vocabulary with casebook's own loader, so the corpus follows exactly what casebook
/// accepts. Year taxonomies get the terms of YEARS, labelled like casebook labels them; facets made
/// of another's groups (the regions) have no field of their own and are left out.
fn vocabulary(yaml: &str) -> Vec<Taxonomy> {
    let taxonomies = casebook::load::parse_taxonomies(yaml, "content/taxonomies.yaml")
        .unwrap_or_else(|problems| panic!("taxonomies.yaml: {}", problems[0].message));
    taxonomies
        .iter()
        .filter(|t| t.derived_from.is_none())
        .map(|t| {
            let terms = if t.kind == casebook::model::TaxonomyKind::Year {
                YEARS
                    .map(|y| Term {
                        code: y.to_string(),
                        label: L { ja: format!("{y}年"), en: y.to_string() },
                        group: None,
                        description: None,
                        source: None,
                    })
                    .collect()
            } else {
                t.terms
                    .iter()
                    .map(|term| Term {
                        code: term.id.as_str().to_string(),
                        label: l(&term.label),
                        group: term.group.map(|g| t.groups[g].id.as_str().to_string()),
                        description: term.description.as_ref().map(|md| text_l(&md.text)),
                        source: term.source.as_ref().map(|s| Source {
                            publisher: Some(l(&s.publisher)),
                            title: Some(l(&s.title)),
                            year: s.year.map(i64::from),
                        }),
                    })
                    .collect()
            };
            Taxonomy {
                name: t.name.as_str().to_string(),
                field: t.field.clone(),
                multiple: t.multiple,
                incident_only: t.incident_only,
                label: l(&t.label),
                description: t.description.as_ref().map(|md| text_l(&md.text)),
                groups: t
                    .groups
                    .iter()
                    .map(|g| Group { code: g.id.as_str().to_string(), label: l(&g.label) })
                    .collect(),
                terms,
            }
        })
        .collect()
}

/// `yaml` without the block that starts with the line `key` (that line and the lines indented
/// deeper than it that follow).
fn without_block(yaml: &str, key: &str) -> String {
    let indent = key.len() - key.trim_start().len();
    let mut out = String::with_capacity(yaml.len());
    let mut skipping = false;
    for line in yaml.lines() {
        let deeper = line.trim().is_empty() || line.len() - line.trim_start().len() > indent;
        if skipping && deeper {
            continue;
        }
        skipping = line.starts_with(key);
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Points every `@/cases/<id>.md` of `yaml` at a synthetic case (the k-th distinct id at case k).
fn retarget_case_links(yaml: &str, n: usize) -> String {
    let mut ids: Vec<String> = Vec::new();
    let mut out = String::with_capacity(yaml.len());
    let mut rest = yaml;
    while let Some(at) = rest.find("@/cases/") {
        out.push_str(&rest[..at + 8]);
        rest = &rest[at + 8..];
        let Some(end) = rest.find(".md") else { break };
        let id = &rest[..end];
        let k = ids.iter().position(|x| x == id).unwrap_or_else(|| {
            ids.push(id.to_string());
            ids.len() - 1
        });
        out.push_str(&case_id(k % n.max(1)));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn case_id(i: usize) -> String {
    format!("case-{i:05}")
}

const JA_SENTENCES: &[&str] = &[
    "ある朝、経理担当者のパソコンに見慣れない警告が表示され、共有フォルダのファイルが開けなくなった。",
    "取引先を名乗るメールの添付ファイルを開いたことが、感染のきっかけだったとみられている。",
    "社内には専任のIT担当者がおらず、パソコンの管理はそれぞれの利用者に任されていた。",
    "復旧までに三日を要し、その間は受注の処理を紙と電話で行うことになった。",
    "外部の専門業者に調査を依頼したところ、更新されていないソフトウェアが残っていることがわかった。",
    "経営者は事故を機に、情報セキュリティを経営の課題として扱うことを全従業員に伝えた。",
    "従業員向けの勉強会を毎月開き、不審なメールの見分け方を実例とともに説明している。",
    "重要なデータは毎日自動でバックアップし、週に一度は社外の保管場所にも複製している。",
    "パスワードは推測されにくいものに変更し、使い回しを禁止するルールを定めた。",
    "事務所の出入口には鍵を付け、来訪者が執務スペースに入るときは社員が付き添うことにした。",
    "取引先からの要請もあり、セキュリティ対策の状況を定期的に報告する仕組みを整えた。",
    "対策にかかる費用は決して小さくないが、事故が起きたときの損失と比べれば必要な投資だと考えている。",
    "当初は手間が増えるという声もあったが、半年ほどで新しいやり方が定着した。",
    "ウイルス対策ソフトを全台に導入し、定義ファイルが自動で更新されるように設定した。",
    "USBメモリの利用は許可制とし、持ち出す場合は台帳に記録することにした。",
    "ネットワークの出入口にUTMを設置し、不審な通信を遮断できるようにした。",
];
const EN_SENTENCES: &[&str] = &[
    "One morning an unfamiliar warning appeared on the accounting clerk's PC, and the files on the shared folder could no longer be opened.",
    "The infection most likely began when someone opened a file attached to an e-mail that claimed to come from a customer.",
    "The company had no dedicated IT staff, so each employee looked after his or her own computer as well as they could.",
    "It took three days to recover, and during that time orders were handled on paper and by telephone.",
    "An outside specialist was asked to investigate and found several programs that had not been updated for years.",
    "After the incident the president told every employee that information security was now a management issue.",
    "Staff now attend a monthly study session where real examples show how to recognise a suspicious message.",
    "Important data is backed up automatically every day and copied to an off-site location once a week.",
    "Passwords were changed to ones that are hard to guess, and a new rule forbids using the same password twice.",
    "The office entrance now has a lock, and visitors are always accompanied when they enter the work area.",
    "Partly at a customer's request, the company set up a way to report the state of its security measures regularly.",
    "The measures are not cheap, but the company sees them as a necessary investment compared with the cost of an incident.",
    "Some employees complained at first that the new rules made work slower, but after about six months they became routine.",
    "Antivirus software was installed on every PC and set to update its definitions automatically.",
    "USB memory sticks may only be used with permission, and every stick taken out of the office is recorded in a ledger.",
    "A unified threat management (UTM) device at the network boundary now blocks suspicious traffic.",
];
const JA_SECTIONS: &[&str] =
    &["発生した事故と影響", "事故の要因", "事故後の取り組み", "取り組みによる効果", "担当者の視点"];
const EN_SECTIONS: &[&str] = &[
    "What happened",
    "Why it happened",
    "What the company did afterwards",
    "What it achieved",
    "The view of the person in charge",
];
/// The code block of case `i`: the same in both languages, different from every other case's (so
/// that no cache of highlighted blocks flatters the benchmark).
fn code_block(i: usize) -> String {
    format!(
        "```yaml\n# 設定の例 / example settings (case {i})\nbackup:\n  schedule: daily\n  keep: {}\n  offsite: true\nantivirus:\n  update: automatic\n```\n",
        7 + i % 90
    )
}

struct Case {
    id: String,
    number: usize,
    incident: bool,
    /// Per taxonomy (in the vocabulary's order), the indexes of the case's terms, in that order.
    facts: Vec<Vec<usize>>,
    /// The sort key of its collection's list: collection, then number.
    weight: usize,
    title: L,
    summary: L,
    body: L,
}

fn distinct(rng: &mut Rng, n: usize, count: usize) -> Vec<usize> {
    let count = count.min(n);
    let mut out: Vec<usize> = Vec::new();
    while out.len() < count {
        let v = rng.below(n);
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out.sort_unstable();
    out
}

fn body(rng: &mut Rng, sentences: &[&str], sections: &[&str], target: usize, code: Option<&str>) -> String {
    let mut s = String::new();
    let per_section = target / sections.len();
    for (i, heading) in sections.iter().enumerate() {
        let _ = writeln!(s, "## {heading}\n");
        let start = s.chars().count();
        while s.chars().count() - start < per_section {
            let sentence: &&str = rng.pick(sentences);
            s.push_str(sentence);
            if rng.next().is_multiple_of(3) {
                s.push_str("\n\n");
            } else if sentences[0].is_ascii() {
                s.push(' ');
            }
        }
        s.push_str("\n\n");
        if let Some(code) = code
            && i == 2
        {
            s.push_str(code);
            s.push('\n');
        }
    }
    s
}

fn make_case(i: usize, tax: &[Taxonomy]) -> Case {
    let mut rng = Rng(i as u64 * 7919 + 1);
    // Four in five cases had an incident; the others have no incident type and no year.
    let incident = rng.below(5) != 0;
    let mut collections = 1;
    let facts: Vec<Vec<usize>> = tax
        .iter()
        .map(|t| {
            let n = t.terms.len();
            if n == 0 || (t.incident_only && !incident) {
                vec![]
            } else if t.field == "collection" {
                collections = n;
                vec![i % n]
            } else if t.multiple {
                let count = if t.field == "measures" { 3 + rng.below(6) } else { 1 + rng.below(2) };
                distinct(&mut rng, n, count)
            } else {
                vec![rng.below(n)]
            }
        })
        .collect();
    let code = i.is_multiple_of(4).then(|| code_block(i));
    // The sections overshoot their share by about a sentence, hence the lower targets.
    let ja = body(&mut rng, JA_SENTENCES, JA_SECTIONS, 1300, code.as_deref());
    let en = body(&mut rng, EN_SENTENCES, EN_SECTIONS, 2250, code.as_deref());
    let first = |field: &str| {
        let t = tax.iter().position(|t| t.field == field)?;
        facts[t].first().map(|&k| &tax[t].terms[k].label)
    };
    let number = i / collections + 1;
    let title = match (first("incident_types"), first("measures")) {
        (Some(inc), Some(m)) => L {
            ja: format!("{}による被害と{}の強化（事例{i}）", inc.ja, m.ja),
            en: format!("{} and stronger {} (case {i})", inc.en, m.en.to_lowercase()),
        },
        (None, Some(m)) => L {
            ja: format!("事故に備えて{}に取り組む会社（事例{i}）", m.ja),
            en: format!("A company that prepares with {} (case {i})", m.en.to_lowercase()),
        },
        _ => L { ja: format!("事例{i}"), en: format!("Case {i}") },
    };
    Case {
        id: case_id(i),
        number,
        incident,
        weight: (i % collections) * 1_000_000 + number,
        title,
        summary: L {
            ja: JA_SENTENCES[number % JA_SENTENCES.len()].to_string(),
            en: EN_SENTENCES[number % EN_SENTENCES.len()].to_string(),
        },
        facts,
        body: L { ja, en },
    }
}

/// A double-quoted YAML (and TOML) string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// The two casebook projects: `defaults` with the project's site.yaml as it is, `casebook` with
/// booklets off and lists of 50. The case files of the second are hard links to the first's.
fn casebook_sites(dir: &Path, site_yaml: &str, tax_yaml: &str, tax: &[Taxonomy], cases: &[Case]) {
    let defaults = dir.join("casebook-defaults");
    let like = dir.join("casebook");
    write(&defaults.join("content/site.yaml"), site_yaml);
    // Like for like: no booklets, lists of 50, and neither the pages of term pairs nor the region
    // facet (the peers' sites have neither).
    let mut lfl = site_yaml.to_string();
    for key in ["print_booklets:", "paginate_by:", "combinations:"] {
        lfl = without_block(&lfl, key);
    }
    let _ = writeln!(
        lfl,
        "# Like for like with the peers of bench/run.sh:\nprint_booklets: false\npaginate_by: {PER_PAGE}"
    );
    write(&like.join("content/site.yaml"), &lfl);
    write(&defaults.join("content/taxonomies.yaml"), tax_yaml);
    write(&like.join("content/taxonomies.yaml"), &without_block(tax_yaml, "  groups_facet:"));
    fs::create_dir_all(like.join("content/cases")).unwrap();
    for c in cases {
        let mut fm = format!(
            "---\nid: {}\nnumber: {}\ntitle: {{ja: {}, en: {}}}\nsummary: {{ja: {}, en: {}}}\nincident: {}\n",
            c.id,
            c.number,
            q(&c.title.ja),
            q(&c.title.en),
            q(&c.summary.ja),
            q(&c.summary.en),
            c.incident
        );
        for (t, idx) in tax.iter().zip(&c.facts) {
            if idx.is_empty() {
                continue;
            }
            let codes: Vec<&str> = idx.iter().map(|&k| t.terms[k].code.as_str()).collect();
            if t.multiple {
                let _ = writeln!(fm, "{}: [{}]", t.field, codes.join(", "));
            } else {
                let _ = writeln!(fm, "{}: {}", t.field, codes[0]);
            }
        }
        let text = format!("{fm}---\n{}\n<!-- en -->\n{}", c.body.ja, c.body.en);
        let file = defaults.join(format!("content/cases/{}.md", c.id));
        write(&file, &text);
        let link = like.join(format!("content/cases/{}.md", c.id));
        if fs::hard_link(&file, &link).is_err() {
            fs::write(&link, &text).unwrap();
        }
    }
}
/// The UI words the peers' templates use: casebook's own (themes/default/strings.yaml).
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "本文へ移動", "Skip to content"),
    ("main_navigation", "メインメニュー", "Main menu"),
    ("all_cases", "事例一覧", "All cases"),
    ("facts", "事例の概要", "Facts of the case"),
    ("incident", "事故の有無", "Incident"),
    ("incident_yes", "有", "Yes"),
    ("incident_no", "無（事前の取り組み）", "No (measures taken in advance)"),
    ("case", "事例", "Case"),
    ("cases_suffix", "件", " cases"),
    ("source", "出典", "Source"),
    ("separator", "、", ", "),
    (
        "summaries_note",
        "本サイトの事例は原典の事実に基づいて編集部が書き直した要約です。原典の文章ではありません。",
        "The cases on this site are summaries rewritten by the editors from the facts of the original documents, not the original texts.",
    ),
    ("previous_case", "前の事例", "Previous case"),
    ("next_case", "次の事例", "Next case"),
    ("case_navigation", "同じ事例集の前後の事例", "Other cases of the same collection"),
    ("cases_with_term", "この分類の事例", "Cases in this category"),
    ("case_total", "収録事例数", "Cases in the collection"),
    ("with_incident", "事故が発生した事例", "Cases with an incident"),
    ("without_incident", "事故に備えた事例", "Cases of preparation without an incident"),
    ("similar", "自社に近い事例を探す", "Find cases like yours"),
    ("by_region", "地域別の事例数", "Cases by region"),
    ("common_incidents", "よくある事故", "The most common incidents"),
    ("common_measures", "よく取られている対策", "The most common measures"),
    ("see_all", "すべて見る", "See all"),
    ("collections_heading", "収録している事例集", "Collections on this site"),
    ("search", "検索", "Search"),
    ("search_label", "事例を検索", "Search the cases"),
    ("search_placeholder", "例：ランサムウェア、取引先", "e.g. ransomware, backup"),
    ("pages", "ページ", "Pages"),
    ("previous_page", "前のページ", "Previous page"),
    ("next_page", "次のページ", "Next page"),
    ("other_language", "English", "日本語"),
    ("not_found_title", "ページが見つかりません", "Page not found"),
    ("back_home", "トップページへ戻る", "Go to the home page"),
];

/// `[text](@/cases/x.md#a)` → `[text](PREFIXcases/x/#a)`, `(@/measures/backups)` → `(PREFIXmeasures/backups/)`.
fn web_links(md: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(at) = rest.find("(@/") {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 3..];
        let end = rest.find(')').unwrap_or(rest.len());
        let (path, anchor) = rest[..end].split_once('#').map_or((&rest[..end], ""), |(p, a)| (p, a));
        let path = path.strip_suffix(".md").unwrap_or(path).trim_end_matches('/');
        let _ = write!(out, "{prefix}{path}/");
        if !anchor.is_empty() {
            let _ = write!(out, "#{anchor}");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// How a collection is cited, as casebook's `source_format` strings write it.
fn citation(t: &Term, lang: &str) -> String {
    let Some(s) = &t.source else { return String::new() };
    let publisher = s.publisher.as_ref().map_or("", |p| p.get(lang));
    let title = s.title.as_ref().map_or("", |p| p.get(lang));
    match (lang, s.year) {
        ("ja", Some(y)) => format!("{publisher}「{title}」（{y}年）"),
        ("ja", None) => format!("{publisher}「{title}」"),
        (_, Some(y)) => format!("{publisher}, “{title}” ({y})"),
        (_, None) => format!("{publisher}, “{title}”"),
    }
}

fn group_label<'a>(t: &'a Taxonomy, term: &Term, lang: &str) -> Option<&'a str> {
    let code = term.group.as_deref()?;
    t.groups.iter().find(|g| g.code == code).map(|g| g.label.get(lang))
}

/// The fields of a term page's front matter shared by the Hugo and Zola sites (YAML/TOML values).
struct SiteText {
    title: L,
    description: L,
}

fn site_text(site_yaml: &str) -> SiteText {
    let config = casebook::load::parse_site_yaml(site_yaml, "content/site.yaml")
        .unwrap_or_else(|problems| panic!("site.yaml: {}", problems[0].message));
    SiteText { title: l(&config.title), description: l(&config.description) }
}

fn hugo_site(dir: &Path, site: &SiteText, tax: &[Taxonomy], cases: &[Case]) {
    let mut config = String::from(
        r#"baseURL = "https://example.org/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
relativeURLs = true
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[markup.highlight]
  noClasses = false
[taxonomies]
"#,
    );
    for t in tax {
        let _ = writeln!(config, "  {0} = \"{0}\"", t.name);
    }
    for (weight, lang) in [(1, "ja"), (2, "en")] {
        let _ = writeln!(
            config,
            "[languages.{lang}]\n  weight = {weight}\n  title = {}\n[languages.{lang}.params]\n  description = {}",
            q(site.title.get(lang)),
            q(site.description.get(lang))
        );
    }
    write(&dir.join("hugo.toml"), &config);
    for lang in ["ja", "en"] {
        let mut i18n = String::new();
        for (key, ja, en) in STRINGS {
            let _ = writeln!(i18n, "[{key}]\nother = {}", q(if lang == "ja" { ja } else { en }));
        }
        write(&dir.join(format!("i18n/{lang}.toml")), &i18n);
    }
    // The vocabulary the templates loop over: the taxonomies in order, their labels and groups.
    let mut vocab = String::from("taxonomies:\n");
    for t in tax {
        let _ = writeln!(
            vocab,
            "  - name: {}\n    multiple: {}\n    label: {{ja: {}, en: {}}}\n    groups:",
            t.name,
            t.multiple,
            q(&t.label.ja),
            q(&t.label.en)
        );
        for g in &t.groups {
            let _ = writeln!(
                vocab,
                "      - {{code: {}, label: {{ja: {}, en: {}}}}}",
                g.code,
                q(&g.label.ja),
                q(&g.label.en)
            );
        }
    }
    vocab.push_str("labels:\n");
    for t in tax {
        let _ = writeln!(vocab, "  {}: {{ja: {}, en: {}}}", t.name, q(&t.label.ja), q(&t.label.en));
    }
    // Every term by code: its labels, its group and the group's labels, a collection's citation.
    vocab.push_str("terms:\n");
    for t in tax {
        let _ = writeln!(vocab, "  {}:", t.name);
        for term in &t.terms {
            let _ = write!(vocab, "    {}: {{ja: {}, en: {}", q(&term.code), q(&term.label.ja), q(&term.label.en));
            if let Some(g) = &term.group {
                let _ = write!(
                    vocab,
                    ", group: {g}, group_label: {{ja: {}, en: {}}}",
                    q(group_label(t, term, "ja").unwrap_or("")),
                    q(group_label(t, term, "en").unwrap_or(""))
                );
            }
            if term.source.is_some() {
                let _ = write!(vocab, ", cite: {{ja: {}, en: {}}}", q(&citation(term, "ja")), q(&citation(term, "en")));
            }
            vocab.push_str("}\n");
        }
    }
    write(&dir.join("data/vocab.yaml"), &vocab);
    for (name, text) in [
        ("_default/baseof.html", HUGO_BASEOF),
        ("_default/single.html", HUGO_SINGLE),
        ("_default/list.html", HUGO_LIST),
        // terms.html, not taxonomy.html: Hugo 0.146 and later would render the terms with that too.
        ("_default/terms.html", HUGO_TAXONOMY),
        ("_default/term.html", HUGO_TERM),
        ("index.html", HUGO_HOME),
        ("404.html", HUGO_404),
        ("partials/pager.html", HUGO_PAGER),
    ] {
        write(&dir.join("layouts").join(name), text);
    }
    write(&dir.join("layouts/partials/card.html"), &card_template(tax, Peer::Hugo));
    write(&dir.join("static/static/style.css"), "body { font-family: sans-serif; }\n");
    write(&dir.join("static/static/highlight.css"), ".chroma { background: #f8f8f8; }\n");
    for lang in ["ja", "en"] {
        let prefix = format!("/{lang}/");
        write(
            &dir.join(format!("content/_index.{lang}.md")),
            &format!("---\ntitle: {}\n---\n", q(site.title.get(lang))),
        );
        write(
            &dir.join(format!("content/cases/_index.{lang}.md")),
            &format!("---\ntitle: {}\n---\n", q(ui("all_cases", lang))),
        );
        for t in tax {
            let desc = t.description.as_ref().map_or(String::new(), |d| web_links(d.get(lang), &prefix));
            write(
                &dir.join(format!("content/{}/_index.{lang}.md", t.name)),
                &format!("---\ntitle: {}\n---\n{desc}\n", q(t.label.get(lang))),
            );
            for (k, term) in t.terms.iter().enumerate() {
                let mut fm = format!("---\ntitle: {}\nweight: {}\n", q(term.label.get(lang)), k + 1);
                if let Some(g) = &term.group {
                    let _ = writeln!(fm, "group: {g}\ngroup_label: {}", q(group_label(t, term, lang).unwrap_or("")));
                }
                if term.source.is_some() {
                    let _ = writeln!(fm, "cite: {}", q(&citation(term, lang)));
                }
                let desc = term.description.as_ref().map_or(String::new(), |d| web_links(d.get(lang), &prefix));
                write(
                    &dir.join(format!("content/{}/{}/_index.{lang}.md", t.name, term.code)),
                    &format!("{fm}---\n{desc}\n"),
                );
            }
        }
    }
    for c in cases {
        for lang in ["ja", "en"] {
            let mut fm = format!(
                "---\ntitle: {}\nsummary: {}\nnumber: {}\nincident: {}\nweight: {}\n",
                q(c.title.get(lang)),
                q(c.summary.get(lang)),
                c.number,
                c.incident,
                c.weight
            );
            for (t, idx) in tax.iter().zip(&c.facts) {
                if !idx.is_empty() {
                    let codes: Vec<String> = idx.iter().map(|&k| q(&t.terms[k].code)).collect();
                    let _ = writeln!(fm, "{}: [{}]", t.name, codes.join(", "));
                }
            }
            write(&dir.join(format!("content/cases/{}.{lang}.md", c.id)), &format!("{fm}---\n{}", c.body.get(lang)));
        }
    }
}

/// A UI word of STRINGS in `lang`.
fn ui(key: &str, lang: &str) -> &'static str {
    let (_, ja, en) = STRINGS.iter().find(|s| s.0 == key).expect("a key of STRINGS");
    if lang == "ja" { ja } else { en }
}

#[derive(PartialEq)]
enum Peer {
    Hugo,
    Zola,
}

/// A case in lists: casebook's `partials/case_card.html` — the codes of every taxonomy as `data-`
/// attributes (for the filters), title, summary, and the labels of every taxonomy but the measures.
/// Generated from the vocabulary, as casebook's card is.
fn card_template(tax: &[Taxonomy], peer: Peer) -> String {
    let mut s = String::from("<li class=\"case-card\"");
    for t in tax {
        if peer == Peer::Hugo {
            let _ = write!(s, "{{{{ with .Params.{0} }}}} data-{0}=\"{{{{ delimit . \" \" }}}}\"{{{{ end }}}}", t.name);
        } else {
            let _ = write!(
                s,
                "{{% if page.taxonomies.{0} %}} data-{0}=\"{{{{ page.taxonomies.{0} | join(sep=\" \") }}}}\"{{% endif %}}",
                t.name
            );
        }
    }
    s.push_str(">\n");
    if peer == Peer::Hugo {
        s.push_str("  <h3><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h3>\n  <p class=\"summary\">{{ .Params.summary }}</p>\n  <ul class=\"tags\">\n    {{ $lang := .Lang }}{{ $vocab := site.Data.vocab.terms }}");
        for t in tax.iter().filter(|t| t.field != "measures") {
            let _ = write!(
                s,
                "{{{{ range .Params.{0} }}}}<li class=\"tag tag-{0}\">{{{{ index $vocab.{0} . $lang }}}}</li>{{{{ end }}}}",
                t.name
            );
        }
    } else {
        s.push_str("  <h3><a href=\"{{ page.path | safe }}\">{{ page.title }}</a></h3>\n  <p class=\"summary\">{{ page.extra.summary }}</p>\n  <ul class=\"tags\">\n    ");
        for t in tax.iter().filter(|t| t.field != "measures") {
            let _ = write!(
                s,
                "{{% for code in page.taxonomies.{0} | default(value=[]) %}}<li class=\"tag tag-{0}\">{{{{ trans(key=\"{0}.\" ~ code, lang=lang) }}}}</li>{{% endfor %}}",
                t.name
            );
        }
    }
    s.push_str("\n  </ul>\n</li>\n");
    s
}
// The Hugo templates. Each does what the casebook page of the same kind does (bench/README.md
// shows them side by side): loops run over the vocabulary, over a page's own terms or over one
// pager's 50 cases, never over all pages; a case's card is rendered once per language
// (`partialCached`, like casebook's reused card).

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">
{{ end }}<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
<link rel="stylesheet" href="{{ "static/highlight.css" | relURL }}">
</head>
<body class="kind-{{ .Kind }}">
<a class="skip-link" href="#main">{{ i18n "skip_to_content" }}</a>
<header class="site-header">
  <div class="bar">
    <a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <form class="site-search" role="search" action="{{ "search/" | relLangURL }}" method="get">
      <label for="site-search-q" class="visually-hidden">{{ i18n "search_label" }}</label>
      <input type="search" id="site-search-q" name="q" placeholder="{{ i18n "search_placeholder" }}">
      <button type="submit">{{ i18n "search" }}</button>
    </form>
    {{ range .Translations }}<a class="lang-switch" href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}">{{ i18n "other_language" }}</a>{{ end }}
  </div>
  <nav class="main-nav" aria-label="{{ i18n "main_navigation" }}">
    <ul>
      <li><a href="{{ "cases/" | relLangURL }}">{{ i18n "all_cases" }}</a></li>
      {{ range site.Data.vocab.taxonomies }}<li><a href="{{ printf "%s/" .name | relLangURL }}">{{ index .label $.Lang }}</a></li>
      {{ end }}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <p>{{ i18n "summaries_note" }}</p>
</footer>
</body>
</html>
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}{{ $p := . }}{{ $lang := .Lang }}{{ $vocab := site.Data.vocab.terms }}{{ $coll := index .Params.collections 0 }}{{ $c := index $vocab.collections $coll }}
<article class="case">
  <header class="case-header">
    <p class="eyebrow"><a href="{{ printf "collections/%s/" $coll | relLangURL }}">{{ index $c $lang }}</a> · {{ i18n "case" }} {{ .Params.number }}</p>
    <h1>{{ .Title }}</h1>
    <p class="lead">{{ .Params.summary }}</p>
  </header>
  <section class="facts" aria-labelledby="facts-heading">
    <h2 id="facts-heading">{{ i18n "facts" }}</h2>
    <dl>
      <div><dt>{{ i18n "incident" }}</dt><dd>{{ if .Params.incident }}{{ i18n "incident_yes" }}{{ else }}{{ i18n "incident_no" }}{{ end }}</dd></div>
      {{ range site.Data.vocab.taxonomies }}{{ $t := . }}{{ $tax := .name }}{{ $terms := index $vocab $tax }}{{ with index $p.Params $tax }}{{ $codes := . }}
      <div class="fact-{{ $tax }}"><dt>{{ index $t.label $lang }}</dt><dd>
        {{ if and $t.groups $t.multiple }}<dl class="groups">{{ range $t.groups }}{{ $g := .code }}{{ $group := index .label $lang }}{{ $in := slice }}{{ range $codes }}{{ if eq (index $terms . "group") $g }}{{ $in = $in | append . }}{{ end }}{{ end }}{{ with $in }}<div><dt>{{ $group }}</dt><dd><ul>{{ range . }}<li><a href="{{ printf "%s/%s/" $tax . | relLangURL }}">{{ index $terms . $lang }}</a></li>{{ end }}</ul></dd></div>{{ end }}{{ end }}</dl>
        {{ else if $t.groups }}{{ $code := index $codes 0 }}<a href="{{ printf "%s/%s/" $tax $code | relLangURL }}">{{ index $terms $code $lang }}</a> <span class="group-note">（{{ index $terms $code "group_label" $lang }}）</span>
        {{ else }}<ul>{{ range $codes }}<li><a href="{{ printf "%s/%s/" $tax . | relLangURL }}">{{ index $terms . $lang }}</a></li>{{ end }}</ul>{{ end }}
      </dd></div>{{ end }}{{ end }}
    </dl>
  </section>
  <div class="prose">
{{ .Content }}
  </div>
  <footer class="source">
    <h2>{{ i18n "source" }}</h2>
    <p>{{ index $c "cite" $lang }}{{ i18n "separator" }}{{ i18n "case" }} {{ .Params.number }}</p>
    <p class="note">{{ i18n "summaries_note" }}</p>
  </footer>
  <nav class="prev-next" aria-label="{{ i18n "case_navigation" }}">
    {{ with .NextInSection }}{{ if eq (index .Params.collections 0) $coll }}<a rel="prev" href="{{ .RelPermalink }}"><span>{{ i18n "previous_case" }}</span> <span>{{ .Title }}</span></a>{{ end }}{{ end }}
    {{ with .PrevInSection }}{{ if eq (index .Params.collections 0) $coll }}<a rel="next" href="{{ .RelPermalink }}"><span>{{ i18n "next_case" }}</span> <span>{{ .Title }}</span></a>{{ end }}{{ end }}
  </nav>
</article>
{{ end }}
"##;

/// The list of all cases, 50 a page.
const HUGO_LIST: &str = r##"{{ define "main" }}
<h1>{{ i18n "all_cases" }}</h1>
<h2 class="count" id="case-count" role="status" aria-live="polite">{{ len .Pages }}{{ i18n "cases_suffix" }}</h2>
{{ $pager := .Paginate .Pages 50 }}
<ul class="case-list" id="case-list">
{{ range $pager.Pages }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"##;

/// A term: its taxonomy and group, its description, its cases 50 a page.
const HUGO_TERM: &str = r##"{{ define "main" }}
<p class="eyebrow"><a href="{{ printf "%s/" .Data.Plural | relLangURL }}">{{ index site.Data.vocab.labels .Data.Plural .Lang }}</a>{{ with .Params.group_label }} · {{ . }}{{ end }}</p>
<h1>{{ .Title }}</h1>
{{ with .Params.cite }}<p class="source">{{ . }}</p>{{ end }}
{{ with .Content }}<div class="prose">{{ . }}</div>{{ end }}
<section aria-labelledby="cases-heading">
  <h2 id="cases-heading">{{ i18n "cases_with_term" }} <span class="count">({{ len .Pages }}{{ i18n "cases_suffix" }})</span></h2>
  {{ $pager := .Paginate .Pages 50 }}
  <ul class="case-list">
  {{ range $pager.Pages }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}
  </ul>
  {{ partial "pager.html" $pager }}
</section>
{{ end }}
"##;

/// A taxonomy: its description and its terms with their counts, under their groups.
const HUGO_TAXONOMY: &str = r##"{{ define "main" }}{{ $counts := .Data.Terms }}{{ $lang := .Lang }}{{ $terms := .Pages }}
<h1>{{ .Title }}</h1>
{{ with .Content }}<div class="prose">{{ . }}</div>{{ end }}
{{ range site.Data.vocab.taxonomies }}{{ if eq .name $.Data.Plural }}
{{ range .groups }}<section class="term-group">
  <h2>{{ index .label $lang }}</h2>
  <ul class="term-list">
    {{ range where $terms "Params.group" .code }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <span class="count">{{ (index $counts .Data.Term).Count }}{{ i18n "cases_suffix" }}</span></li>
    {{ end }}
  </ul>
</section>
{{ else }}<section class="term-group">
  <ul class="term-list">
    {{ range $terms }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <span class="count">{{ (index $counts .Data.Term).Count }}{{ i18n "cases_suffix" }}</span></li>
    {{ end }}
  </ul>
</section>{{ end }}
{{ end }}{{ end }}
{{ end }}
"##;

/// The home page: the counts, the most common terms of three taxonomies, the cases by prefecture,
/// the most common incidents and measures, the collections (casebook draws the map and the bars
/// as SVG; here they are the tables that are their text alternatives).
const HUGO_HOME: &str = r##"{{ define "main" }}{{ $cases := (site.GetPage "/cases").Pages }}{{ $with := len (where $cases "Params.incident" true) }}
<section class="hero" aria-labelledby="hero-heading">
  <h1 id="hero-heading">{{ site.Title }}</h1>
  <p class="lead">{{ site.Params.description }}</p>
  <form class="hero-search" role="search" action="{{ "search/" | relLangURL }}" method="get">
    <label for="hero-q" class="visually-hidden">{{ i18n "search_label" }}</label>
    <input type="search" id="hero-q" name="q" placeholder="{{ i18n "search_placeholder" }}">
    <button type="submit">{{ i18n "search" }}</button>
  </form>
  <ul class="stats">
    <li><a href="{{ "cases/" | relLangURL }}"><strong>{{ len $cases }}</strong> {{ i18n "case_total" }}</a></li>
    <li><strong>{{ $with }}</strong> {{ i18n "with_incident" }}</li>
    <li><strong>{{ sub (len $cases) $with }}</strong> {{ i18n "without_incident" }}</li>
  </ul>
</section>
<section aria-labelledby="similar-heading">
  <h2 id="similar-heading">{{ i18n "similar" }}</h2>
  <div class="facet-grid">
  {{ range slice "incidents" "industries" "sizes" }}{{ $terms := index site.Taxonomies . }}
    <section class="facet">
      <h3><a href="{{ printf "%s/" . | relLangURL }}">{{ index site.Data.vocab.labels . $.Lang }}</a></h3>
      <ul>{{ range first 8 $terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}{{ i18n "cases_suffix" }}</span></li>{{ end }}</ul>
      <p><a href="{{ printf "%s/" . | relLangURL }}">{{ i18n "see_all" }} ({{ len $terms }})</a></p>
    </section>
  {{ end }}
  </div>
</section>
{{ range slice "prefectures" "incidents" }}{{ $terms := index site.Taxonomies . }}
<section class="chart-section">
  <h2>{{ index site.Data.vocab.labels . $.Lang }}</h2>
  <table><tbody>{{ range $terms.ByCount }}<tr><th scope="row"><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a></th><td>{{ .Count }}</td></tr>{{ end }}</tbody></table>
</section>
{{ end }}
<section aria-labelledby="measures-heading">
  <h2 id="measures-heading">{{ i18n "common_measures" }}</h2>
  <ol class="ranking">{{ range first 8 site.Taxonomies.measures.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}{{ i18n "cases_suffix" }}</span></li>{{ end }}</ol>
</section>
<section aria-labelledby="collections-heading">
  <h2 id="collections-heading">{{ i18n "collections_heading" }}</h2>
  <ul class="collections">{{ range site.Taxonomies.collections.ByCount }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}{{ i18n "cases_suffix" }}</span><br><span class="source">{{ .Page.Params.cite }}</span></li>{{ end }}
  </ul>
</section>
{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}
<h1>{{ i18n "not_found_title" }}</h1>
<p><a href="{{ site.Home.RelPermalink }}">{{ i18n "back_home" }}</a></p>
{{ end }}
"##;

/// casebook's pager: previous, the first and the last page, two pages either side of the current
/// one, next — found by index, never by a loop over all pagers.
const HUGO_PAGER: &str = r##"{{ $p := . }}{{ if gt $p.TotalPages 1 }}{{ $cur := $p.PageNumber }}{{ $last := $p.TotalPages }}
{{ $lo := cond (gt $cur 3) (sub $cur 2) 1 }}{{ $hi := cond (lt (add $cur 2) $last) (add $cur 2) $last }}
<nav class="pager" aria-label="{{ i18n "pages" }}">
  <ul>
    {{ with $p.Prev }}<li><a rel="prev" href="{{ .URL }}">{{ i18n "previous_page" }}</a></li>{{ end }}
    {{ if gt $lo 1 }}<li><a href="{{ $p.First.URL }}">1</a></li>{{ if gt $lo 2 }}<li class="gap" aria-hidden="true">…</li>{{ end }}{{ end }}{{ range seq $lo $hi }}{{ if eq . $cur }}<li><span aria-current="page">{{ . }}</span></li>{{ else }}<li><a href="{{ (index $p.Pagers (sub . 1)).URL }}">{{ . }}</a></li>{{ end }}{{ end }}{{ if lt $hi $last }}{{ if lt $hi (sub $last 1) }}<li class="gap" aria-hidden="true">…</li>{{ end }}<li><a href="{{ $p.Last.URL }}">{{ $last }}</a></li>{{ end }}
    {{ with $p.Next }}<li><a rel="next" href="{{ .URL }}">{{ i18n "next_page" }}</a></li>{{ end }}
  </ul>
</nav>
{{ end }}
"##;

/// A TOML key: quoted, since codes hold dashes and keys dots.
fn key(s: &str) -> String {
    q(s)
}

fn zola_site(dir: &Path, site: &SiteText, tax: &[Taxonomy], cases: &[Case]) {
    let taxonomies: Vec<String> =
        tax.iter().map(|t| format!("{{name = {}, paginate_by = {PER_PAGE}}}", q(&t.name))).collect();
    let taxonomies = taxonomies.join(", ");
    let mut config = format!(
        r#"base_url = "https://example.org"
title = {}
description = {}
default_language = "ja"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = [{taxonomies}]
[slugify]
paths = "safe"
taxonomies = "safe"
anchors = "safe"
[markdown.highlighting]
theme = "github-light"
style = "class"
"#,
        q(&site.title.ja),
        q(&site.description.ja)
    );
    // Every label is a translation, looked up by `trans` like casebook's strings and vocabulary.
    let translations = |lang: &str| {
        let mut s = String::new();
        for (k, ja, en) in STRINGS {
            let _ = writeln!(s, "{} = {}", key(k), q(if lang == "ja" { ja } else { en }));
        }
        let _ = writeln!(s, "prefix = {}", q(if lang == "ja" { "/" } else { "/en/" }));
        for t in tax {
            let _ = writeln!(s, "{} = {}", key(&t.name), q(t.label.get(lang)));
            for g in &t.groups {
                let _ = writeln!(s, "{} = {}", key(&format!("group.{}.{}", t.name, g.code)), q(g.label.get(lang)));
            }
            for term in &t.terms {
                let _ = writeln!(s, "{} = {}", key(&format!("{}.{}", t.name, term.code)), q(term.label.get(lang)));
                if term.source.is_some() {
                    let _ = writeln!(s, "{} = {}", key(&format!("cite.{}", term.code)), q(&citation(term, lang)));
                }
            }
        }
        s
    };
    let _ = write!(config, "[translations]\n{}", translations("ja"));
    let _ = write!(
        config,
        "[languages.en]\ntitle = {}\ndescription = {}\ntaxonomies = [{taxonomies}]\n[languages.en.translations]\n{}",
        q(&site.title.en),
        q(&site.description.en),
        translations("en")
    );
    // The vocabulary the templates loop over.
    let list = |codes: &mut dyn Iterator<Item = &str>| codes.map(q).collect::<Vec<_>>().join(", ");
    let grouped: Vec<String> = tax.iter().filter(|t| !t.groups.is_empty()).map(|t| q(&t.name)).collect();
    let _ = writeln!(config, "[extra]\ngrouped = [{}]", grouped.join(", "));
    for t in tax {
        let _ = writeln!(
            config,
            "[[extra.taxonomies]]\nname = {}\nmultiple = {}\nterms = [{}]",
            q(&t.name),
            t.multiple,
            list(&mut t.terms.iter().map(|t| t.code.as_str()))
        );
        for g in &t.groups {
            let codes = &mut t.terms.iter().filter(|x| x.group.as_deref() == Some(&g.code)).map(|x| x.code.as_str());
            let _ = writeln!(config, "[[extra.taxonomies.groups]]\ncode = {}\nterms = [{}]", q(&g.code), list(codes));
        }
    }
    for t in tax.iter().filter(|t| !t.groups.is_empty()) {
        let _ = writeln!(config, "[extra.group_of.{}]", key(&t.name));
        for term in &t.terms {
            let _ = writeln!(config, "{} = {}", key(&term.code), q(term.group.as_deref().unwrap_or("")));
        }
    }
    write(&dir.join("config.toml"), &config);
    for (name, text) in [
        ("base.html", ZOLA_BASE),
        ("index.html", ZOLA_HOME),
        ("page.html", ZOLA_PAGE),
        ("section.html", ZOLA_SECTION),
        ("taxonomy_list.html", ZOLA_TAXONOMY),
        ("taxonomy_single.html", ZOLA_TERM),
        ("pager.html", ZOLA_PAGER),
        ("404.html", ZOLA_404),
    ] {
        write(&dir.join("templates").join(name), text);
    }
    write(&dir.join("templates/card.html"), &card_template(tax, Peer::Zola));
    write(&dir.join("static/static/style.css"), "body { font-family: sans-serif; }\n");
    for lang in ["ja", "en"] {
        let prefix = if lang == "ja" { "/" } else { "/en/" };
        let suffix = if lang == "ja" { "" } else { ".en" };
        write(&dir.join(format!("content/_index{suffix}.md")), "+++\n+++\n");
        write(
            &dir.join(format!("content/cases/_index{suffix}.md")),
            &format!(
                "+++\ntitle = {}\nsort_by = \"weight\"\npaginate_by = {PER_PAGE}\n+++\n",
                q(ui("all_cases", lang))
            ),
        );
        for t in tax {
            if let Some(d) = &t.description {
                write(&dir.join(format!("desc/{}.{lang}.md", t.name)), &web_links(d.get(lang), prefix));
            }
            for term in &t.terms {
                if let Some(d) = &term.description {
                    write(
                        &dir.join(format!("desc/{}/{}.{lang}.md", t.name, term.code)),
                        &web_links(d.get(lang), prefix),
                    );
                }
            }
        }
    }
    let collection = tax.iter().position(|t| t.field == "collection");
    // Zola lists a term's pages newest first (it cannot sort them by weight): dates that fall with
    // the weight give casebook's order (collection, then number).
    let mut by_weight: Vec<usize> = (0..cases.len()).collect();
    by_weight.sort_by_key(|&i| cases[i].weight);
    let mut rank = vec![0; cases.len()];
    for (r, &i) in by_weight.iter().enumerate() {
        rank[i] = r as i64;
    }
    for (i, c) in cases.iter().enumerate() {
        for lang in ["ja", "en"] {
            let suffix = if lang == "ja" { "" } else { ".en" };
            let mut fm = format!(
                "+++\ntitle = {}\nweight = {}\ndate = {}\n[taxonomies]\n",
                q(c.title.get(lang)),
                c.weight,
                date(days_from_civil(2100, 1, 1) - rank[i])
            );
            for (t, idx) in tax.iter().zip(&c.facts) {
                if !idx.is_empty() {
                    let _ = writeln!(fm, "{} = [{}]", t.name, list(&mut idx.iter().map(|&k| t.terms[k].code.as_str())));
                }
            }
            let coll = collection.and_then(|t| c.facts[t].first().map(|&k| tax[t].terms[k].code.as_str()));
            let _ = writeln!(
                fm,
                "[extra]\nsummary = {}\nnumber = {}\nincident = {}\ncollection = {}\n+++",
                q(c.summary.get(lang)),
                c.number,
                c.incident,
                q(coll.unwrap_or(""))
            );
            write(&dir.join(format!("content/cases/{}{suffix}.md", c.id)), &format!("{fm}\n{}", c.body.get(lang)));
        }
    }
}

/// Days since 1970-01-01 of a date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The date `days` after 1970-01-01, as YYYY-MM-DD.
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// The Zola templates: the same pages as the Hugo ones (bench/README.md). Labels are translations
// (`trans`); descriptions are files read once (`load_data` caches them).

const ZOLA_BASE: &str = r##"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock %}">
{% if lang == "ja" %}{% set ja = current_path %}{% set en = "/en" ~ current_path %}{% else %}{% set en = current_path %}{% set ja = current_path | replace(from="/en/", to="/") %}{% endif %}<link rel="alternate" hreflang="ja" href="{{ ja | safe }}">
<link rel="alternate" hreflang="en" href="{{ en | safe }}">
<link rel="stylesheet" href="/static/style.css">
<link rel="stylesheet" href="/giallo.css">
</head>
<body>
{% set p = trans(key="prefix", lang=lang) %}<a class="skip-link" href="#main">{{ trans(key="skip_to_content", lang=lang) }}</a>
<header class="site-header">
  <div class="bar">
    <a class="site-title" href="{{ p | safe }}">{{ config.title }}</a>
    <form class="site-search" role="search" action="{{ p | safe }}search/" method="get">
      <label for="site-search-q" class="visually-hidden">{{ trans(key="search_label", lang=lang) }}</label>
      <input type="search" id="site-search-q" name="q" placeholder="{{ trans(key="search_placeholder", lang=lang) }}">
      <button type="submit">{{ trans(key="search", lang=lang) }}</button>
    </form>
    {% if lang == "ja" %}<a class="lang-switch" href="{{ en | safe }}" hreflang="en" lang="en">{% else %}<a class="lang-switch" href="{{ ja | safe }}" hreflang="ja" lang="ja">{% endif %}{{ trans(key="other_language", lang=lang) }}</a>
  </div>
  <nav class="main-nav" aria-label="{{ trans(key="main_navigation", lang=lang) }}">
    <ul>
      <li><a href="{{ p | safe }}cases/">{{ trans(key="all_cases", lang=lang) }}</a></li>
      {% for t in config.extra.taxonomies %}<li><a href="{{ p | safe }}{{ t.name }}/">{{ trans(key=t.name, lang=lang) }}</a></li>
      {% endfor %}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
{% block main %}{% endblock %}
</main>
<footer class="site-footer">
  <p>{{ trans(key="summaries_note", lang=lang) }}</p>
</footer>
</body>
</html>
"##;

const ZOLA_PAGE: &str = r##"{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock %}
{% block description %}{{ page.extra.summary }}{% endblock %}
{% block main %}{% set p = trans(key="prefix", lang=lang) %}{% set coll = page.extra.collection %}
<article class="case">
  <header class="case-header">
    <p class="eyebrow"><a href="{{ p | safe }}collections/{{ coll }}/">{{ trans(key="collections." ~ coll, lang=lang) }}</a> · {{ trans(key="case", lang=lang) }} {{ page.extra.number }}</p>
    <h1>{{ page.title }}</h1>
    <p class="lead">{{ page.extra.summary }}</p>
  </header>
  <section class="facts" aria-labelledby="facts-heading">
    <h2 id="facts-heading">{{ trans(key="facts", lang=lang) }}</h2>
    <dl>
      <div><dt>{{ trans(key="incident", lang=lang) }}</dt><dd>{% if page.extra.incident %}{{ trans(key="incident_yes", lang=lang) }}{% else %}{{ trans(key="incident_no", lang=lang) }}{% endif %}</dd></div>
      {% for t in config.extra.taxonomies %}{% set codes = page.taxonomies[t.name] | default(value=[]) %}{% if codes %}
      <div class="fact-{{ t.name }}"><dt>{{ trans(key=t.name, lang=lang) }}</dt><dd>
        {% if t.groups and t.multiple %}<dl class="groups">{% for g in t.groups %}{% set_global hits = [] %}{% for c in codes %}{% if c in g.terms %}{% set_global hits = hits | concat(with=c) %}{% endif %}{% endfor %}{% if hits %}<div><dt>{{ trans(key="group." ~ t.name ~ "." ~ g.code, lang=lang) }}</dt><dd><ul>{% for c in hits %}<li><a href="{{ p | safe }}{{ t.name }}/{{ c }}/">{{ trans(key=t.name ~ "." ~ c, lang=lang) }}</a></li>{% endfor %}</ul></dd></div>{% endif %}{% endfor %}</dl>
        {% elif t.groups %}{% set c = codes | first %}<a href="{{ p | safe }}{{ t.name }}/{{ c }}/">{{ trans(key=t.name ~ "." ~ c, lang=lang) }}</a> <span class="group-note">（{{ trans(key="group." ~ t.name ~ "." ~ config.extra.group_of[t.name][c], lang=lang) }}）</span>
        {% else %}<ul>{% for c in codes %}<li><a href="{{ p | safe }}{{ t.name }}/{{ c }}/">{{ trans(key=t.name ~ "." ~ c, lang=lang) }}</a></li>{% endfor %}</ul>{% endif %}
      </dd></div>{% endif %}{% endfor %}
    </dl>
  </section>
  <div class="prose">
{{ page.content | safe }}
  </div>
  <footer class="source">
    <h2>{{ trans(key="source", lang=lang) }}</h2>
    <p>{{ trans(key="cite." ~ coll, lang=lang) }}{{ trans(key="separator", lang=lang) }}{{ trans(key="case", lang=lang) }} {{ page.extra.number }}</p>
    <p class="note">{{ trans(key="summaries_note", lang=lang) }}</p>
  </footer>
  <nav class="prev-next" aria-label="{{ trans(key="case_navigation", lang=lang) }}">
    {% if page.lower and page.lower.extra.collection == coll %}<a rel="prev" href="{{ page.lower.path | safe }}"><span>{{ trans(key="previous_case", lang=lang) }}</span> <span>{{ page.lower.title }}</span></a>{% endif %}
    {% if page.higher and page.higher.extra.collection == coll %}<a rel="next" href="{{ page.higher.path | safe }}"><span>{{ trans(key="next_case", lang=lang) }}</span> <span>{{ page.higher.title }}</span></a>{% endif %}
  </nav>
</article>
{% endblock %}
"##;

const ZOLA_SECTION: &str = r##"{% extends "base.html" %}
{% block main %}
<h1>{{ trans(key="all_cases", lang=lang) }}</h1>
<h2 class="count" id="case-count" role="status" aria-live="polite">{{ paginator.total_pages }}{{ trans(key="cases_suffix", lang=lang) }}</h2>
<ul class="case-list" id="case-list">
{% for page in paginator.pages %}{% include "card.html" %}{% endfor %}
</ul>
{% include "pager.html" %}
{% endblock %}
"##;

const ZOLA_TERM: &str = r##"{% extends "base.html" %}
{% block title %}{{ trans(key=taxonomy.name ~ "." ~ term.name, lang=lang) }} | {{ config.title }}{% endblock %}
{% block main %}{% set p = trans(key="prefix", lang=lang) %}
<p class="eyebrow"><a href="{{ p | safe }}{{ taxonomy.name }}/">{{ trans(key=taxonomy.name, lang=lang) }}</a>{% if taxonomy.name in config.extra.grouped %} · {{ trans(key="group." ~ taxonomy.name ~ "." ~ config.extra.group_of[taxonomy.name][term.name], lang=lang) }}{% endif %}</p>
<h1>{{ trans(key=taxonomy.name ~ "." ~ term.name, lang=lang) }}</h1>
{% if taxonomy.name == "collections" %}<p class="source">{{ trans(key="cite." ~ term.name, lang=lang) }}</p>{% endif %}
{% set desc = load_data(path="desc/" ~ taxonomy.name ~ "/" ~ term.name ~ "." ~ lang ~ ".md", format="plain", required=false) %}
{% if desc %}<div class="prose">{{ desc | markdown | safe }}</div>{% endif %}
<section aria-labelledby="cases-heading">
  <h2 id="cases-heading">{{ trans(key="cases_with_term", lang=lang) }} <span class="count">({{ term.page_count }}{{ trans(key="cases_suffix", lang=lang) }})</span></h2>
  <ul class="case-list">
  {% for page in paginator.pages %}{% include "card.html" %}{% endfor %}
  </ul>
  {% include "pager.html" %}
</section>
{% endblock %}
"##;

const ZOLA_TAXONOMY: &str = r##"{% extends "base.html" %}
{% block title %}{{ trans(key=taxonomy.name, lang=lang) }} | {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ trans(key=taxonomy.name, lang=lang) }}</h1>
{% set desc = load_data(path="desc/" ~ taxonomy.name ~ "." ~ lang ~ ".md", format="plain", required=false) %}
{% if desc %}<div class="prose">{{ desc | markdown | safe }}</div>{% endif %}
{% for t in config.extra.taxonomies %}{% if t.name == taxonomy.name %}
{% if t.groups %}{% set sections = t.groups %}{% else %}{% set sections = [t] %}{% endif %}
{% for g in sections %}<section class="term-group">
  {% if t.groups %}<h2>{{ trans(key="group." ~ t.name ~ "." ~ g.code, lang=lang) }}</h2>{% endif %}
  <ul class="term-list">
    {% for code in g.terms %}{% for term in terms %}{% if term.name == code %}<li><a href="{{ term.path | safe }}">{{ trans(key=t.name ~ "." ~ code, lang=lang) }}</a> <span class="count">{{ term.page_count }}{{ trans(key="cases_suffix", lang=lang) }}</span></li>
    {% break %}{% endif %}{% endfor %}{% endfor %}
  </ul>
</section>
{% endfor %}{% endif %}{% endfor %}
{% endblock %}
"##;

/// The home page. Counts come from the terms without their pages (`include_pages=false`): the
/// cases are those of the collections, the incidents those with a year (every incident has one in
/// this corpus).
const ZOLA_HOME: &str = r##"{% extends "base.html" %}
{% block main %}{% set p = trans(key="prefix", lang=lang) %}
{% set_global counts = [] %}{% for t in config.extra.taxonomies %}{% for code in t.terms %}{% set_global counts = counts | concat(with=get_taxonomy_term(kind=t.name, term=code, lang=lang, include_pages=false, required=false)) %}{% endfor %}{% endfor %}
{% set_global total = 0 %}{% set_global with = 0 %}{% for t in counts %}{% if t %}{% if t.path is starting_with(p ~ "collections/") %}{% set_global total = total + t.page_count %}{% elif t.path is starting_with(p ~ "years/") %}{% set_global with = with + t.page_count %}{% endif %}{% endif %}{% endfor %}
<section class="hero" aria-labelledby="hero-heading">
  <h1 id="hero-heading">{{ config.title }}</h1>
  <p class="lead">{{ config.description }}</p>
  <form class="hero-search" role="search" action="{{ p | safe }}search/" method="get">
    <label for="hero-q" class="visually-hidden">{{ trans(key="search_label", lang=lang) }}</label>
    <input type="search" id="hero-q" name="q" placeholder="{{ trans(key="search_placeholder", lang=lang) }}">
    <button type="submit">{{ trans(key="search", lang=lang) }}</button>
  </form>
  <ul class="stats">
    <li><a href="{{ p | safe }}cases/"><strong>{{ total }}</strong> {{ trans(key="case_total", lang=lang) }}</a></li>
    <li><strong>{{ with }}</strong> {{ trans(key="with_incident", lang=lang) }}</li>
    <li><strong>{{ total - with }}</strong> {{ trans(key="without_incident", lang=lang) }}</li>
  </ul>
</section>
<section aria-labelledby="similar-heading">
  <h2 id="similar-heading">{{ trans(key="similar", lang=lang) }}</h2>
  <div class="facet-grid">
  {% for name in ["incidents", "industries", "sizes"] %}{% set_global these = [] %}{% for t in counts %}{% if t and t.path is starting_with(p ~ name ~ "/") %}{% set_global these = these | concat(with=t) %}{% endif %}{% endfor %}
    <section class="facet">
      <h3><a href="{{ p | safe }}{{ name }}/">{{ trans(key=name, lang=lang) }}</a></h3>
      <ul>{% for t in these | sort(attribute="page_count") | reverse | slice(end=8) %}<li><a href="{{ t.path | safe }}">{{ trans(key=name ~ "." ~ t.name, lang=lang) }}</a> <span class="count">{{ t.page_count }}{{ trans(key="cases_suffix", lang=lang) }}</span></li>{% endfor %}</ul>
      <p><a href="{{ p | safe }}{{ name }}/">{{ trans(key="see_all", lang=lang) }} ({{ these | length }})</a></p>
    </section>
  {% endfor %}
  </div>
</section>
{% for name in ["prefectures", "incidents", "measures", "collections"] %}{% set_global these = [] %}{% for t in counts %}{% if t and t.path is starting_with(p ~ name ~ "/") %}{% set_global these = these | concat(with=t) %}{% endif %}{% endfor %}
<section class="chart-section">
  <h2>{{ trans(key=name, lang=lang) }}</h2>
  {% if name == "measures" %}<ol class="ranking">{% for t in these | sort(attribute="page_count") | reverse | slice(end=8) %}<li><a href="{{ t.path | safe }}">{{ trans(key=name ~ "." ~ t.name, lang=lang) }}</a> <span class="count">{{ t.page_count }}{{ trans(key="cases_suffix", lang=lang) }}</span></li>{% endfor %}</ol>
  {% elif name == "collections" %}<ul class="collections">{% for t in these | sort(attribute="page_count") | reverse %}<li><a href="{{ t.path | safe }}">{{ trans(key=name ~ "." ~ t.name, lang=lang) }}</a> <span class="count">{{ t.page_count }}{{ trans(key="cases_suffix", lang=lang) }}</span><br><span class="source">{{ trans(key="cite." ~ t.name, lang=lang) }}</span></li>{% endfor %}</ul>
  {% else %}<table><tbody>{% for t in these | sort(attribute="page_count") | reverse %}<tr><th scope="row"><a href="{{ t.path | safe }}">{{ trans(key=name ~ "." ~ t.name, lang=lang) }}</a></th><td>{{ t.page_count }}</td></tr>{% endfor %}</tbody></table>{% endif %}
</section>
{% endfor %}
{% endblock %}
"##;

const ZOLA_PAGER: &str = r##"{% if paginator.number_pagers > 1 %}{% set cur = paginator.current_index %}{% set last = paginator.number_pagers %}
{% if cur > 3 %}{% set lo = cur - 2 %}{% else %}{% set lo = 1 %}{% endif %}{% if cur + 2 < last %}{% set hi = cur + 2 %}{% else %}{% set hi = last %}{% endif %}
<nav class="pager" aria-label="{{ trans(key="pages", lang=lang) }}">
  <ul>
    {% if paginator.previous %}<li><a rel="prev" href="{{ paginator.previous | safe }}">{{ trans(key="previous_page", lang=lang) }}</a></li>{% endif %}
    {% if lo > 1 %}<li><a href="{{ paginator.first | safe }}">1</a></li>{% if lo > 2 %}<li class="gap" aria-hidden="true">…</li>{% endif %}{% endif %}{% for i in range(start=lo, end=hi + 1) %}{% if i == cur %}<li><span aria-current="page">{{ i }}</span></li>{% elif i == 1 %}<li><a href="{{ paginator.first | safe }}">1</a></li>{% else %}<li><a href="{{ paginator.base_url | safe }}{{ i }}/">{{ i }}</a></li>{% endif %}{% endfor %}{% if hi < last %}{% if hi < last - 1 %}<li class="gap" aria-hidden="true">…</li>{% endif %}<li><a href="{{ paginator.last | safe }}">{{ last }}</a></li>{% endif %}
    {% if paginator.next %}<li><a rel="next" href="{{ paginator.next | safe }}">{{ trans(key="next_page", lang=lang) }}</a></li>{% endif %}
  </ul>
</nav>
{% endif %}
"##;

const ZOLA_404: &str = r##"<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><title>{{ trans(key="not_found_title", lang=lang) }}</title></head>
<body><h1>{{ trans(key="not_found_title", lang=lang) }}</h1><p><a href="/">{{ trans(key="back_home", lang=lang) }}</a></p></body>
</html>
"##;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen_corpus N DIR [--hugo] [--zola] [--project ROOT]");
        std::process::exit(2);
    };
    let root = args
        .iter()
        .position(|a| a == "--project")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let read = |name: &str| {
        let path = root.join("content").join(name);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let site_yaml = read("site.yaml");
    let tax_yaml = retarget_case_links(&read("taxonomies.yaml"), n);
    let tax = vocabulary(&tax_yaml);
    let site = site_text(&site_yaml);
    let dir = Path::new(dir);
    let cases: Vec<Case> = (0..n).map(|i| make_case(i, &tax)).collect();
    for sub in ["casebook", "casebook-defaults", "hugo", "zola"] {
        let _ = fs::remove_dir_all(dir.join(sub));
    }
    casebook_sites(dir, &site_yaml, &tax_yaml, &tax, &cases);
    if args.iter().any(|a| a == "--hugo") {
        hugo_site(&dir.join("hugo"), &site, &tax, &cases);
    }
    if args.iter().any(|a| a == "--zola") {
        zola_site(&dir.join("zola"), &site, &tax, &cases);
    }
    let ja: usize = cases.iter().map(|c| c.body.ja.chars().count()).sum::<usize>() / n.max(1);
    let en: usize = cases.iter().map(|c| c.body.en.chars().count()).sum::<usize>() / n.max(1);
    eprintln!("wrote {n} cases to {} (average {ja} Japanese and {en} English characters per case)", dir.display());
}
