//! `casebook new <id>`: a new case file with every field, and comments listing the allowed codes.

use casebook::model::{CaseId, Taxonomy, TaxonomyKind};
use clap::Args;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The id of the new case: lowercase letters, digits and '-' (e.g. ipa2017-004)
    pub id: String,
    /// The project folder (holds content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl NewArgs {
    pub fn run(self) -> ExitCode {
        let taxonomies = match casebook::load::load_vocabulary(&self.root) {
            Ok((_, t)) => t,
            Err(report) => {
                report.print();
                return ExitCode::FAILURE;
            }
        };
        match create(&self.root, &self.id, &taxonomies) {
            Ok(path) => {
                eprintln!("created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::FAILURE
            }
        }
    }
}

/// Writes `content/cases/<id>.md`; never overwrites.
fn create(root: &Path, id: &str, taxonomies: &[Taxonomy]) -> Result<PathBuf, String> {
    let id = CaseId::parse(id).map_err(|why| format!("`{id}` is not a valid id: {why}"))?;
    let dir = root.join("content/cases");
    let path = dir.join(format!("{id}.md"));
    let exists = || format!("{} already exists; pick another id or edit that file", path.display());
    // `symlink_metadata`, not `exists`: a dangling link is something there too, and writing
    // through it would create a file wherever it points.
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(exists());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            format!("cannot write {}: {e}", path.display())
        }
    })?;
    std::io::Write::write_all(&mut file, template(&id, taxonomies).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn template(id: &CaseId, taxonomies: &[Taxonomy]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "---");
    let _ = writeln!(s, "id: {id}");
    let _ = writeln!(s, "number: 1                # the case number in its collection; remove if it has none");
    let _ = writeln!(s, "title: {{ja: 事例のタイトル, en: Title of the case}}");
    let _ = writeln!(s, "summary: {{ja: 一、二文の要約。, en: A summary in one or two sentences.}}");
    let _ = writeln!(s, "incident: true           # false when the company prepared without an incident");
    for tax in taxonomies.iter().filter(|t| t.derived_from.is_none()) {
        let codes: Vec<&str> = tax.terms.iter().map(|t| t.id.as_str()).collect();
        let hint = match tax.kind {
            TaxonomyKind::Year => "a year such as 2015, or unknown".to_owned(),
            TaxonomyKind::Terms => {
                let mut list = codes.join(", ");
                if list.len() > 300 {
                    list = format!("{}, … (see content/taxonomies.yaml)", codes[..12.min(codes.len())].join(", "));
                }
                if tax.field == "collection" { list } else { format!("{list}; or unknown") }
            }
        };
        let example = if tax.multiple {
            "[]".to_owned()
        } else if tax.field == "collection" {
            codes.first().copied().unwrap_or("unknown").to_owned()
        } else {
            "unknown".to_owned()
        };
        let _ = writeln!(s, "{}: {example}", tax.field);
        let _ = writeln!(s, "#   {}: {hint}", tax.label.en);
    }
    let _ = writeln!(s, "---");
    s.push_str(
        "## 発生した事故と影響\n\n（日本語の本文）\n\n## 事故の要因\n\n## 事故後の取り組み\n\n## 取り組みによる効果\n\n## 担当者の視点\n\n<!-- en -->\n\n## What happened\n\n(English text)\n\n## Why it happened\n\n## What the company did afterwards\n\n## What it achieved\n\n## The view of the person in charge\n",
    );
    s
}
