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

    /// Draws the diagnostic with annotate-snippets: the message, the place, the quoted line with
    /// the marked characters, and the help.
    fn render(&self, out: &mut String, color: bool) {
        use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = shorten(&self.message, MESSAGE_CHARS);
        let help = self.help.as_deref().map(|h| shorten(h, MESSAGE_CHARS));
        let quoted = match (self.pos, &self.source_line) {
            (Some(pos), Some(line)) => Some((pos, quoted_line(line, pos.col))),
            _ => None,
        };
        let title = level.primary_title(message.as_str());
        let mut group = match &quoted {
            Some((pos, (shown, col))) => {
                // The marked characters as a byte range of the quoted line.
                let start: usize = shown.chars().take(col - 1).map(char::len_utf8).sum();
                let len: usize = shown.chars().skip(col - 1).take(pos.len.min(QUOTE_CHARS)).map(char::len_utf8).sum();
                let span = start.min(shown.len())..(start + len.max(1)).min(shown.len().max(start + 1));
                title.element(
                    Snippet::source(shown.as_str())
                        .line_start(pos.line)
                        .path(self.file.as_str())
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => {
                let origin = Origin::path(self.file.as_str());
                title.element(match self.pos {
                    Some(p) => origin.line(p.line).char_column(p.col),
                    None => origin,
                })
            }
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let _ = writeln!(out, "{}", renderer.render(&[group]));
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
        // The same problem found on several pages (a case's text on its page and in booklets)
        // is shown and counted once.
        let count = |s: Severity| items.iter().filter(|d| d.severity == s).count();
        let (e, w) = (count(Severity::Error), count(Severity::Warning));
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

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo. The distance
/// counts a swap of two neighbouring letters as one edit (the commonest typo): strsim's optimal
/// string alignment.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
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
