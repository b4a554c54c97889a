//! `casebook bundle`: the whole site as one zip that a person unzips and opens by double-clicking
//! `index.html` — no server, no network.

use casebook::output::{Memory, write_zip};
use casebook::pipeline;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// The folder every file of the archive sits in (fixed, so the archive's bytes do not depend on
/// its file name).
pub const TOP_FOLDER: &str = "casebook";

#[derive(Args, Debug)]
pub struct BundleArgs {
    #[command(flatten)]
    pub site: super::SiteArgs,
    /// The zip to write [default: <root>/dist/casebook-<today>.zip]
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl BundleArgs {
    pub fn run(self) -> ExitCode {
        let out =
            self.out.clone().unwrap_or_else(|| self.site.root.join("dist").join(format!("casebook-{}.zip", today())));
        let refuse = |msg: String| {
            eprintln!("error: {msg}");
            eprintln!("no bundle was written");
            ExitCode::FAILURE
        };
        // A bundle never goes where it would overwrite the project's own files, wherever links lead.
        let protected: Vec<_> =
            pipeline::protected(&self.site.root).into_iter().filter(|p| !p.may_contain_output).collect();
        if let Err(msg) = casebook::output::check_not_protected(&out, &protected, "the bundle") {
            return refuse(msg);
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return refuse(format!("cannot create {}: {e}", parent.display()));
        }
        // One bundle at a time into the same file.
        let _lock = match casebook::output::Lock::acquire(
            &casebook::output::resolved(&out),
            Some(|p: &std::path::Path| {
                eprintln!("another casebook is writing {}; waiting for it to finish…", p.display())
            }),
        ) {
            Ok(l) => l,
            Err(msg) => return refuse(msg),
        };
        if let Err(msg) = casebook::output::check_bundle_target(&out) {
            return refuse(msg);
        }
        let memory = Memory::default();
        let opts = self.site.options(None);
        let outcome = match pipeline::build_into(&opts, &memory) {
            Ok(o) => o,
            Err(report) => {
                report.print();
                eprintln!("no bundle was written");
                return ExitCode::FAILURE;
            }
        };
        outcome.warnings.print();
        let mut files = memory.files.into_inner().unwrap_or_default();
        files.insert("README.txt".into(), readme());
        match write_zip(&out, TOP_FOLDER, &files) {
            Ok(size) => {
                eprintln!(
                    "{}; {} files in {} ({:.1} MiB compressed)",
                    super::summary(&outcome, "bundled", None),
                    files.len(),
                    out.display(),
                    size as f64 / (1024.0 * 1024.0)
                );
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::FAILURE
            }
        }
    }
}

/// How to open the bundle, in both languages. UTF-8 with a byte-order mark and CRLF line ends, so
/// that every Windows Notepad shows the Japanese correctly.
pub fn readme() -> Vec<u8> {
    let text = "\
【このサイトの開き方】
1. このzipファイルを展開（解凍）してください。Windowsでは、ファイルを右クリックして「すべて展開」を選びます。
2. 展開してできた「casebook」フォルダを開き、中の index.html をダブルクリックします。ブラウザでサイトが開きます。

インターネットに接続していなくても、すべてのページ、検索、絞り込み、印刷用の冊子が使えます。
zipファイルを展開せずに中の index.html を開くと、リンクや検索が動かないことがあります。必ず展開してから開いてください。
冊子を紙やPDFにするには、冊子のページを開いてブラウザの「印刷」を使います（PDFにするには、プリンターとして「PDFに保存」を選びます）。

How to open this site
1. Extract (unzip) this file. On Windows, right-click it and choose \"Extract All\".
2. Open the extracted \"casebook\" folder and double-click index.html. The site opens in your web browser.

Every page, the search, the filters and the printable booklets work without an internet connection.
If you open index.html from inside the zip without extracting it first, links and search may not work.
To print a booklet or save it as PDF, open it and use your browser's Print command (choose \"Save as PDF\" as the printer).
";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

/// Today's date in UTC as YYYY-MM-DD (for the default file name only).
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn readme_is_bilingual_with_bom_and_crlf() {
        let r = readme();
        assert!(r.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(r[3..].to_vec()).unwrap();
        assert!(text.contains("index.html をダブルクリック") && text.contains("double-click index.html"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
