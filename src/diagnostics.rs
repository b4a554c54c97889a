//! The one place where problems with content, configuration and themes are collected and shown.
//! Every diagnostic names a file and, when it can, the line and column, and says what to do.

use std::fmt::Write as _;
use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file: 1-based line and column (in characters), and how many characters to mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize, len: usize) -> Pos {
        Pos { line, col, len: len.max(1) }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the project root, with `/` separators.
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
    /// The source line at `pos`, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, message) }
    }

    pub fn at(mut self, pos: Pos, source: &str) -> Diagnostic {
        self.source_line = source.lines().nth(pos.line.saturating_sub(1)).map(str::to_owned);
        self.pos = Some(pos);
        self
    }

    /// A position without a source text to quote (e.g. inside a template).
    pub fn at_line(mut self, pos: Pos) -> Diagnostic {
        self.pos = Some(pos);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, as editors and terminals understand it.
    pub fn location(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.col),
            None => self.file.clone(),
        }
    }

    fn render(&self, out: &mut String, color: bool) {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let (bold, blue, reset) = if color { ("\x1b[1m", "\x1b[1;34m", "\x1b[0m") } else { ("", "", "") };
        let paint = if color { paint } else { "" };
        let _ = writeln!(out, "{paint}{label}{reset}{bold}: {}{reset}", shorten(&self.message, MESSAGE_CHARS));
        let gutter = self.pos.map_or(1, |p| p.line.to_string().len());
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}{blue}-->{reset} {}", self.location());
        if let (Some(pos), Some(line)) = (self.pos, &self.source_line) {
            let (shown, col) = quoted_line(line, pos.col);
            let len = pos.len.min(QUOTE_CHARS);
            let before: usize = shown.chars().take(col.saturating_sub(1)).map(display_width).sum();
            let marked: usize = shown.chars().skip(col.saturating_sub(1)).take(len).map(display_width).sum();
            let _ = writeln!(out, "{pad} {blue}|{reset}");
            let _ = writeln!(out, "{blue}{}{reset} {blue}|{reset} {shown}", pos.line);
            let carets = "^".repeat(marked.max(1));
            let _ = writeln!(out, "{pad} {blue}|{reset} {}{paint}{carets}{reset}", " ".repeat(before));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} {blue}={reset} {bold}help{reset}: {}", shorten(help, MESSAGE_CHARS));
        }
    }
}

/// Messages quote what the writer wrote (an unknown code, a link): a value pasted by mistake can
/// be megabytes long, so a message is cut to this many characters.
const MESSAGE_CHARS: usize = 400;

/// `text` with its middle cut out when it is longer than `max` characters, control characters
/// made visible.
fn shorten(text: &str, max: usize) -> String {
    let visible = |c: char| if c.is_control() && c != '\n' { '\u{FFFD}' } else { c };
    let n = text.chars().count();
    if n <= max {
        return text.chars().map(visible).collect();
    }
    let head: String = text.chars().take(max / 2).map(visible).collect();
    let tail: String = text.chars().skip(n - max / 2).map(visible).collect();
    format!("{head} … ({} characters left out) … {tail}", n - max)
}

/// How many characters of a source line a diagnostic quotes: a minified or pasted line can be
/// megabytes long, and the terminal needs only the part around the column.
const QUOTE_CHARS: usize = 100;

/// The part of `line` a diagnostic shows, with the column moved to match: at most `QUOTE_CHARS`
/// characters around `col` (cuts marked with `…`), control characters made visible (a raw NUL or
/// escape sequence must not reach the terminal), tabs as spaces.
fn quoted_line(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = col.saturating_sub(1).saturating_sub(QUOTE_CHARS / 2).min(chars.len().saturating_sub(QUOTE_CHARS));
    let end = (start + QUOTE_CHARS).min(chars.len());
    let mut out = String::new();
    let mut col = col - start;
    if start > 0 {
        out.push('…');
        col += 1;
    }
    for &c in &chars[start..end] {
        match c {
            '\t' => out.push(' '),
            // U+2400… are the visible "control pictures" of C0 codes; others become U+FFFD.
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    (out, col)
}

/// Terminal columns taken by a character: East Asian wide characters take two.
fn display_width(c: char) -> usize {
    let c = c as u32;
    let wide = (0x1100..=0x115F).contains(&c)
        || (0x2E80..=0xA4CF).contains(&c)
        || (0xAC00..=0xD7A3).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFE30..=0xFE4F).contains(&c)
        || (0xFF00..=0xFF60).contains(&c)
        || (0xFFE0..=0xFFE6).contains(&c)
        || (0x20000..=0x3FFFD).contains(&c);
    if wide { 2 } else { 1 }
}

/// All problems found by a stage, reported together.
#[derive(Clone, Debug, Default)]
pub struct Report {
    items: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Under `--strict`, every warning counts as an error.
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Diagnostics in a stable order: by file, then position, errors first.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message)));
        items.dedup();
        items
    }

    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        let items = self.sorted();
        for d in &items {
            d.render(&mut out, color);
            out.push('\n');
        }
        let files = {
            let mut f: Vec<&str> = items.iter().map(|d| d.file.as_str()).collect();
            f.dedup();
            f.len()
        };
        let (e, w) = (self.error_count(), self.warning_count());
        if e + w > 0 {
            let _ = writeln!(
                out,
                "{} error{}, {} warning{} in {} file{}",
                e,
                plural(e),
                w,
                plural(w),
                files,
                plural(files)
            );
        }
        out
    }

    /// Prints to stderr, in colour when stderr is a terminal and `NO_COLOR` is unset.
    pub fn print(&self) {
        if self.is_empty() {
            return;
        }
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!("{}", self.render(color));
    }

    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl From<Diagnostic> for Report {
    fn from(d: Diagnostic) -> Report {
        Report { items: vec![d] }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates.into_iter().map(|c| (edit_distance(word, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbouring letters as one edit (the commonest typo).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// "a, b, c" — for messages that list what is allowed. Long lists are cut after `max` items.
pub fn list_allowed<'a>(items: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{}, … ({} in all)", items[..max].join(", "), items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_codes_only() {
        let codes = ["tokyo", "kyoto", "osaka"];
        assert_eq!(did_you_mean("tokio", codes), Some("tokyo"));
        assert_eq!(did_you_mean("hokkaido", codes), None);
        assert_eq!(did_you_mean("toyko", codes), Some("tokyo"));
    }

    #[test]
    fn renders_location_source_line_and_help() {
        let source = "id: a\nprefecture: tokio\n";
        let d = Diagnostic::error("content/cases/a.md", "unknown prefecture `tokio`")
            .at(Pos::new(2, 13, 5), source)
            .help("did you mean `tokyo`?");
        let mut report = Report::default();
        report.push(d);
        let text = report.render(false);
        assert!(text.contains("error: unknown prefecture `tokio`"), "{text}");
        assert!(text.contains("--> content/cases/a.md:2:13"), "{text}");
        assert!(text.contains("2 | prefecture: tokio\n  |             ^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `tokyo`?"), "{text}");
        assert!(text.contains("1 error, 0 warnings in 1 file"), "{text}");
    }

    #[test]
    fn carets_account_for_wide_japanese_characters() {
        let source = "title: {ja: 事故, en: x}\n";
        let d = Diagnostic::error("f.md", "m").at(Pos::new(1, 21, 1), source);
        let mut out = String::new();
        d.render(&mut out, false);
        // "title: {ja: " is 12 columns, "事故" 4, ", en: " 6 → the caret sits in column 23.
        let caret_line = out.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(caret_line.find('^').unwrap() - caret_line.find('|').unwrap() - 2, 22);
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_control_characters_shown() {
        let line = format!("{}bad{}", "x".repeat(500_000), "y".repeat(500_000));
        let d = Diagnostic::error("f.md", "m").at(Pos::new(1, 500_001, 3), &line);
        let mut out = String::new();
        d.render(&mut out, false);
        assert!(out.len() < 1_000, "{} bytes", out.len());
        let quoted = out.lines().find(|l| l.contains("bad")).unwrap();
        let carets = out.lines().find(|l| l.contains('^')).unwrap();
        let column = |l: &str, at: usize| l[..at].chars().count();
        assert_eq!(column(carets, carets.find('^').unwrap()), column(quoted, quoted.find("bad").unwrap()), "{out}");
        let d = Diagnostic::error("f.md", "m").at(Pos::new(1, 3, 1), "a\0b\x1b[31m");
        let mut out = String::new();
        d.render(&mut out, false);
        assert!(!out.contains('\0') && !out.contains('\x1b') && out.contains('\u{2400}'), "{out:?}");
    }

    #[test]
    fn strict_turns_warnings_into_errors() {
        let mut report = Report::default();
        report.push(Diagnostic::warning("a.md", "English text is missing"));
        assert!(!report.has_errors());
        report.promote_warnings();
        assert!(report.has_errors());
    }
}
