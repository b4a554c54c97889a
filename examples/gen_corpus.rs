//! Writes a synthetic bilingual case collection for benchmarks:
//!
//!     cargo run --release --example gen_corpus -- N DIR [--hugo]
//!
//! DIR/casebook is a casebook project with N cases; with --hugo, DIR/hugo is the same corpus as a
//! Hugo site (two languages, the same four taxonomies with translated labels, lists paginated by 50,
//! templates doing the same work), so both generators can be timed like for like.
//!
//! Each case has ~1,500 Japanese and ~2,600 English characters of Markdown, and a quarter of the cases
//! have a code block. The text is generated from fixed sentence pools with a seeded generator: the same
//! N gives the same corpus.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const PER_PAGE: usize = 50;

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
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const COLLECTIONS: &[(&str, &str, &str)] = &[
    ("survey-a", "調査A", "Survey A"),
    ("survey-b", "調査B", "Survey B"),
    ("survey-c", "調査C", "Survey C"),
    ("survey-d", "調査D", "Survey D"),
    ("survey-e", "調査E", "Survey E"),
];
const INCIDENTS: &[(&str, &str, &str)] = &[
    ("virus-infection", "ウイルス感染", "Malware infection"),
    ("ransomware", "ランサムウェア", "Ransomware"),
    ("unauthorized-access", "不正アクセス", "Unauthorized access"),
    ("targeted-attack", "標的型攻撃", "Targeted attack"),
    ("insider-fraud", "内部不正", "Insider misconduct"),
    ("lost-device", "機器の紛失", "Lost device"),
    ("phishing", "フィッシング", "Phishing"),
    ("website-defacement", "ウェブサイト改ざん", "Website defacement"),
];
const MEASURES: &[(&str, &str, &str)] = &[
    ("security-policy", "セキュリティ方針", "Security policy"),
    ("security-roles", "推進体制", "Security roles"),
    ("risk-assessment", "リスク分析", "Risk assessment"),
    ("asset-management", "IT資産管理", "IT asset management"),
    ("isms-certification", "ISMS認証", "ISMS certification"),
    ("privacy-mark", "プライバシーマーク", "Privacy Mark"),
    ("security-audit", "監査", "Audits"),
    ("vendor-outsourcing", "外部委託", "Outsourcing"),
    ("expert-consultation", "専門家への相談", "Consulting experts"),
    ("information-sharing", "情報共有", "Information sharing"),
    ("incident-response", "事故対応手順", "Incident response"),
    ("business-continuity", "事業継続計画", "Business continuity"),
    ("cyber-insurance", "サイバー保険", "Cyber insurance"),
    ("staff-training", "従業員教育", "Staff training"),
    ("phishing-drill", "メール訓練", "Phishing drills"),
    ("suspicious-email-handling", "不審メール対応", "Handling suspicious email"),
    ("confidentiality-agreement", "秘密保持契約", "Confidentiality agreements"),
    ("entry-control", "入退室管理", "Entry control"),
    ("locked-storage", "施錠保管", "Locked storage"),
    ("paper-document-handling", "書類の管理", "Paper documents"),
    ("secure-disposal", "安全な廃棄", "Secure disposal"),
    ("device-takeout-control", "持ち出し管理", "Take-out control"),
    ("antivirus", "ウイルス対策ソフト", "Antivirus"),
    ("software-updates", "更新プログラム", "Software updates"),
    ("backups", "バックアップ", "Backups"),
    ("firewall-utm", "UTM", "Firewall and UTM"),
    ("email-filtering", "メールフィルタ", "Email filtering"),
    ("web-filtering", "Webフィルタ", "Web filtering"),
    ("access-control", "アクセス権限", "Access rights"),
    ("authentication", "認証管理", "Authentication"),
    ("encryption", "暗号化", "Encryption"),
    ("vpn", "VPN", "VPN"),
    ("usb-control", "USB制限", "USB control"),
    ("logging-monitoring", "ログ監視", "Logging and monitoring"),
    ("network-segmentation", "ネットワーク分離", "Network segmentation"),
    ("mobile-device-management", "MDM", "Mobile device management"),
];
const PREFECTURES: &[(&str, &str, &str)] = &[
    ("hokkaido", "北海道", "Hokkaido"),
    ("aomori", "青森県", "Aomori"),
    ("iwate", "岩手県", "Iwate"),
    ("miyagi", "宮城県", "Miyagi"),
    ("akita", "秋田県", "Akita"),
    ("yamagata", "山形県", "Yamagata"),
    ("fukushima", "福島県", "Fukushima"),
    ("ibaraki", "茨城県", "Ibaraki"),
    ("tochigi", "栃木県", "Tochigi"),
    ("gunma", "群馬県", "Gunma"),
    ("saitama", "埼玉県", "Saitama"),
    ("chiba", "千葉県", "Chiba"),
    ("tokyo", "東京都", "Tokyo"),
    ("kanagawa", "神奈川県", "Kanagawa"),
    ("niigata", "新潟県", "Niigata"),
    ("toyama", "富山県", "Toyama"),
    ("ishikawa", "石川県", "Ishikawa"),
    ("fukui", "福井県", "Fukui"),
    ("yamanashi", "山梨県", "Yamanashi"),
    ("nagano", "長野県", "Nagano"),
    ("gifu", "岐阜県", "Gifu"),
    ("shizuoka", "静岡県", "Shizuoka"),
    ("aichi", "愛知県", "Aichi"),
    ("mie", "三重県", "Mie"),
    ("shiga", "滋賀県", "Shiga"),
    ("kyoto", "京都府", "Kyoto"),
    ("osaka", "大阪府", "Osaka"),
    ("hyogo", "兵庫県", "Hyogo"),
    ("nara", "奈良県", "Nara"),
    ("wakayama", "和歌山県", "Wakayama"),
    ("tottori", "鳥取県", "Tottori"),
    ("shimane", "島根県", "Shimane"),
    ("okayama", "岡山県", "Okayama"),
    ("hiroshima", "広島県", "Hiroshima"),
    ("yamaguchi", "山口県", "Yamaguchi"),
    ("tokushima", "徳島県", "Tokushima"),
    ("kagawa", "香川県", "Kagawa"),
    ("ehime", "愛媛県", "Ehime"),
    ("kochi", "高知県", "Kochi"),
    ("fukuoka", "福岡県", "Fukuoka"),
    ("saga", "佐賀県", "Saga"),
    ("nagasaki", "長崎県", "Nagasaki"),
    ("kumamoto", "熊本県", "Kumamoto"),
    ("oita", "大分県", "Oita"),
    ("miyazaki", "宮崎県", "Miyazaki"),
    ("kagoshima", "鹿児島県", "Kagoshima"),
    ("okinawa", "沖縄県", "Okinawa"),
];

/// A term: code, Japanese label, English label.
type TermDef = (&'static str, &'static str, &'static str);

/// A taxonomy: front-matter field, name, terms, multiple, Japanese label, English label.
type TaxonomyDef = (&'static str, &'static str, &'static [TermDef], bool, &'static str, &'static str);

const TAXONOMIES: &[TaxonomyDef] = &[
    ("collection", "collections", COLLECTIONS, false, "出典", "Sources"),
    ("incident_types", "incidents", INCIDENTS, true, "事故の種類", "Incident types"),
    ("measures", "measures", MEASURES, true, "対策", "Countermeasures"),
    ("prefecture", "prefectures", PREFECTURES, false, "都道府県", "Prefectures"),
];

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
    collection: usize,
    number: usize,
    incidents: Vec<usize>,
    measures: Vec<usize>,
    prefecture: usize,
    title_ja: String,
    title_en: String,
    ja: String,
    en: String,
}

fn distinct(rng: &mut Rng, n: usize, count: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    while out.len() < count {
        let v = (rng.next() % n as u64) as usize;
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

fn make_case(i: usize) -> Case {
    let mut rng = Rng(i as u64 * 7919 + 1);
    let incident_count = 1 + (rng.next() % 2) as usize;
    let incidents = distinct(&mut rng, INCIDENTS.len(), incident_count);
    let measure_count = 3 + (rng.next() % 6) as usize;
    let measures = distinct(&mut rng, MEASURES.len(), measure_count);
    let prefecture = (rng.next() % PREFECTURES.len() as u64) as usize;
    let code = i.is_multiple_of(4).then(|| code_block(i));
    // The sections overshoot their share by about a sentence, hence the lower targets.
    let ja = body(&mut rng, JA_SENTENCES, JA_SECTIONS, 1300, code.as_deref());
    let en = body(&mut rng, EN_SENTENCES, EN_SECTIONS, 2250, code.as_deref());
    Case {
        id: format!("case-{i:05}"),
        collection: i % COLLECTIONS.len(),
        number: i / COLLECTIONS.len() + 1,
        title_ja: format!("{}による被害と{}の強化（事例{}）", INCIDENTS[incidents[0]].1, MEASURES[measures[0]].1, i),
        title_en: format!(
            "{} and stronger {} (case {i})",
            INCIDENTS[incidents[0]].2,
            MEASURES[measures[0]].2.to_lowercase()
        ),
        incidents,
        measures,
        prefecture,
        ja,
        en,
    }
}

fn codes(terms: &[(&str, &str, &str)], idx: &[usize]) -> String {
    idx.iter().map(|&i| terms[i].0).collect::<Vec<_>>().join(", ")
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn casebook_site(dir: &Path, cases: &[Case]) {
    write(
        &dir.join("content/site.yaml"),
        "title: {ja: ベンチマーク事例集, en: Benchmark casebook}\ndescription: {ja: 合成データ。, en: Synthetic data.}\nprint_booklets: false\npaginate_by: 50\n",
    );
    let mut tax = String::new();
    for (field, name, terms, multiple, ja, en) in TAXONOMIES {
        let _ = writeln!(
            tax,
            "{name}:\n  field: {field}\n  multiple: {multiple}\n  label: {{ja: {ja}, en: {en}}}\n  terms:"
        );
        for (code, ja, en) in terms.iter() {
            let _ = writeln!(tax, "    - {{code: {code}, label: {{ja: {ja}, en: \"{en}\"}}}}");
        }
    }
    write(&dir.join("content/taxonomies.yaml"), &tax);
    for c in cases {
        let text = format!(
            "---\nid: {}\ncollection: {}\nnumber: {}\ntitle: {{ja: \"{}\", en: \"{}\"}}\nsummary: {{ja: \"{}\", en: \"{}\"}}\nincident: true\nincident_types: [{}]\nmeasures: [{}]\nprefecture: {}\n---\n{}\n<!-- en -->\n{}",
            c.id,
            COLLECTIONS[c.collection].0,
            c.number,
            c.title_ja,
            c.title_en,
            JA_SENTENCES[c.number % JA_SENTENCES.len()],
            EN_SENTENCES[c.number % EN_SENTENCES.len()],
            codes(INCIDENTS, &c.incidents),
            codes(MEASURES, &c.measures),
            PREFECTURES[c.prefecture].0,
            c.ja,
            c.en
        );
        write(&dir.join(format!("content/cases/{}.md", c.id)), &text);
    }
}

fn hugo_site(dir: &Path, cases: &[Case]) {
    write(
        &dir.join("config.toml"),
        &format!(
            r#"baseURL = "https://example.org/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
relativeURLs = true
paginate = {PER_PAGE}
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
  collection = "collections"
  incident = "incidents"
  measure = "measures"
  prefecture = "prefectures"
[markup.highlight]
  noClasses = false
[languages.ja]
  languageName = "日本語"
  title = "ベンチマーク事例集"
  weight = 1
[languages.en]
  languageName = "English"
  title = "Benchmark casebook"
  weight = 2
"#
        ),
    );
    // Translated term labels, looked up by the templates like casebook's vocabulary.
    let mut data = String::new();
    for (_, name, terms, _, ja, en) in TAXONOMIES {
        let _ = writeln!(data, "{name}:\n  _label: {{ja: \"{ja}\", en: \"{en}\"}}");
        for (code, ja, en) in terms.iter() {
            let _ = writeln!(data, "  {code}: {{ja: \"{ja}\", en: \"{en}\"}}");
        }
    }
    write(&dir.join("data/labels.yaml"), &data);
    write(
        &dir.join("i18n/ja.toml"),
        "[all_cases]\nother = \"事例一覧\"\n[facts]\nother = \"事例の概要\"\n[previous]\nother = \"前の事例\"\n[next]\nother = \"次の事例\"\n",
    );
    write(
        &dir.join("i18n/en.toml"),
        "[all_cases]\nother = \"All cases\"\n[facts]\nother = \"Facts of the case\"\n[previous]\nother = \"Previous case\"\n[next]\nother = \"Next case\"\n",
    );
    write(&dir.join("layouts/_default/baseof.html"), HUGO_BASEOF);
    write(&dir.join("layouts/_default/single.html"), HUGO_SINGLE);
    write(&dir.join("layouts/_default/list.html"), HUGO_LIST);
    write(&dir.join("layouts/_default/terms.html"), HUGO_TERMS);
    write(&dir.join("layouts/_default/term.html"), HUGO_LIST);
    write(&dir.join("layouts/partials/card.html"), HUGO_CARD);
    write(&dir.join("layouts/index.html"), HUGO_HOME);
    write(&dir.join("static/static/style.css"), "body { font-family: sans-serif; }\n");
    for lang in ["ja", "en"] {
        write(&dir.join(format!("content/cases/_index.{lang}.md")), "---\ntitle: cases\n---\n");
    }
    for c in cases {
        for (lang, title, text, summary) in [
            ("ja", &c.title_ja, &c.ja, JA_SENTENCES[c.number % JA_SENTENCES.len()]),
            ("en", &c.title_en, &c.en, EN_SENTENCES[c.number % EN_SENTENCES.len()]),
        ] {
            let fm = format!(
                "---\ntitle: \"{title}\"\nsummary: \"{summary}\"\nweight: {}\ncollections: [{}]\nincidents: [{}]\nmeasures: [{}]\nprefectures: [{}]\n---\n",
                c.collection * 100_000 + c.number,
                COLLECTIONS[c.collection].0,
                codes(INCIDENTS, &c.incidents),
                codes(MEASURES, &c.measures),
                PREFECTURES[c.prefecture].0
            );
            write(&dir.join(format!("content/cases/{}.{lang}.md", c.id)), &format!("{fm}{text}"));
        }
    }
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ end }}
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}"></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
<nav><ul><li><a href="{{ "cases/" | relLangURL }}">{{ i18n "all_cases" }}</a></li>
{{ range $name, $_ := site.Taxonomies }}<li><a href="{{ $name | relLangURL }}/">{{ index (index site.Data.labels $name) "_label" $.Lang }}</a></li>{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>
<section><h2>{{ i18n "facts" }}</h2><dl>
{{ $page := . }}{{ range $name, $_ := site.Taxonomies }}{{ $terms := $page.GetTerms $name }}{{ if $terms }}
<dt>{{ index (index site.Data.labels $name) "_label" $page.Lang }}</dt><dd><ul>
{{ range $terms }}<li><a href="{{ .RelPermalink }}">{{ index (index site.Data.labels $name) .Data.Term $page.Lang }}</a></li>{{ end }}
</ul></dd>{{ end }}{{ end }}</dl></section>
<div class="prose">{{ .Content }}</div>
<nav>{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ i18n "previous" }}: {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ i18n "next" }}: {{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"#;

const HUGO_CARD: &str = r#"<li class="case-card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p>
<ul class="tags">{{ $page := . }}{{ range $name := slice "collections" "incidents" "prefectures" }}{{ range $page.GetTerms $name }}<li>{{ index (index site.Data.labels $name) .Data.Term $page.Lang }}</li>{{ end }}{{ end }}</ul></li>
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="case-list">{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#;

const HUGO_TERMS: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ $lang := .Lang }}{{ $tax := .Data.Plural }}{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ index (index site.Data.labels $tax) .Page.Data.Term $lang }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_HOME: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "cases") }}</p>
{{ range $name, $terms := site.Taxonomies }}<h2>{{ index (index site.Data.labels $name) "_label" $.Lang }}</h2><ul>
{{ range first 5 $terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
{{ end }}
"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen_corpus N DIR [--hugo]");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let cases: Vec<Case> = (0..n).map(make_case).collect();
    let cb = dir.join("casebook");
    let _ = fs::remove_dir_all(&cb);
    casebook_site(&cb, &cases);
    if args.iter().any(|a| a == "--hugo") {
        let hugo = dir.join("hugo");
        let _ = fs::remove_dir_all(&hugo);
        hugo_site(&hugo, &cases);
    }
    let ja: usize = cases.iter().map(|c| c.ja.chars().count()).sum::<usize>() / n.max(1);
    let en: usize = cases.iter().map(|c| c.en.chars().count()).sum::<usize>() / n.max(1);
    eprintln!("wrote {n} cases to {} (average {ja} Japanese and {en} English characters per case)", dir.display());
}
