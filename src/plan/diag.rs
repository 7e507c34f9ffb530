//! Problems found in plan files, and where they are. A problem points either at a byte
//! span (parse errors) or at a key path (rules checked on the typed model); both resolve to
//! `line:col` only when shown, by reading the file again: most files have no problem.

use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something for the board to consider, never a fault: it does not fail --strict.
    Note,
}

/// One step of a path into a TOML document: `actions[2].evidence[0].date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    Span(Range<usize>),
    Path(KeyPath),
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub place: Place,
    pub message: String,
    pub hint: Option<String>,
    /// The text at `place` is a personal identifier: every excerpt shown masks it.
    pub redact: bool,
}

impl Diagnostic {
    pub fn error(file: &Path, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            place,
            message: message.into(),
            hint: None,
            redact: false,
        }
    }
    pub fn warning(file: &Path, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, place, message)
        }
    }
    pub fn note(file: &Path, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, place, message)
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// Marks the span as a personal identifier, never to be shown.
    pub fn redacted(mut self) -> Self {
        self.redact = true;
        self
    }
}

/// A diagnostic with its place resolved, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip)]
    pub source_line: Option<String>,
    #[serde(skip)]
    pub width: usize,
}

/// The findings in one plan file's text as `sct check` reports them: errors, since a leak must block
/// publishing, and redacted, so that no excerpt shows them.
pub fn privacy(
    scanner: &crate::guard::privacy::Scanner,
    path: &Path,
    text: &str,
) -> Vec<Diagnostic> {
    scanner
        .scan(text)
        .into_iter()
        .map(|f| {
            Diagnostic::error(
                path,
                Place::Span(f.span),
                format!("personal data: {} in a published plan", f.described),
            )
            .with_hint(
                "plans are published anonymised: remove it (comments are published too), \
                 or refer to the person by role, such as \"the child\" or \"Mother\"",
            )
            .redacted()
        })
        .collect()
}

/// The findings in the names of `path` below `root` (its file name, the folders it is in;
/// the review's folder from its review.toml alone, so that it is reported once), reported
/// against the path with the names masked.
pub fn privacy_in_names(
    scanner: &crate::guard::privacy::Scanner,
    root: &Path,
    path: &Path,
) -> Vec<Diagnostic> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Vec::new();
    };
    let mut parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    if parts.len() > 1 && rel.file_name().is_some_and(|n| n != "review.toml") {
        // The review's folder is scanned with its review.toml.
        parts.remove(0);
    }
    let own: PathBuf = parts.iter().collect();
    let name = rel.to_string_lossy();
    let start = name.len() - own.to_string_lossy().len();
    let found = scanner.scan_names(&own);
    if found.is_empty() {
        return Vec::new();
    }
    let spans: Vec<Range<usize>> = found
        .iter()
        .map(|f| start + f.span.start..start + f.span.end)
        .collect();
    let masked = root.join(crate::guard::privacy::mask_spans(&name, 0, &spans));
    found
        .into_iter()
        .map(|f| {
            Diagnostic::error(
                &masked,
                Place::File,
                format!("personal data: {} in a file or folder name", f.described),
            )
            .with_hint("names under plans/ are published with the plans: rename it (git mv)")
        })
        .collect()
}

/// Resolves every diagnostic's place, reading each file with problems once — and only a
/// file whose problems have a place in it: a problem with the file as a whole (too large,
/// not an ordinary file, a link) never reads it.
pub fn locate_all(diags: Vec<Diagnostic>) -> Vec<Located> {
    locate_all_with(diags, &read_text)
}

/// A working-tree file's text to show a problem in: read as the loader reads it (bounded,
/// ordinary files only), invalid UTF-8 replaced.
pub fn read_text(path: &Path) -> Option<String> {
    crate::plan::read::read_bytes(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// `locate_all` with the files' text from elsewhere (a commit). Linear in the size of each
/// file and the number of its problems: the file is parsed at most once, and lines and
/// columns are counted in one pass over the problems in the order of their places.
pub fn locate_all_with(
    diags: Vec<Diagnostic>,
    read: &(dyn Fn(&Path) -> Option<String> + Sync),
) -> Vec<Located> {
    locate_all_masked(diags, read, crate::guard::privacy::builtin())
}

/// `locate_all_with`, masking what `scanner` finds (and every redacted span) wherever plan
/// text is shown: in the excerpt under a message, and in messages and hints that quote it.
/// No path that shows a problem can echo an identifier, whatever the problem is.
pub fn locate_all_masked(
    mut diags: Vec<Diagnostic>,
    read: &(dyn Fn(&Path) -> Option<String> + Sync),
    scanner: &crate::guard::privacy::Scanner,
) -> Vec<Located> {
    use rayon::prelude::*;
    diags.sort_by(|a, b| a.file.cmp(&b.file));
    let groups: Vec<&[Diagnostic]> = diags.chunk_by(|a, b| a.file == b.file).collect();
    // Files are independent: located in parallel, each read and parsed once.
    let mut out: Vec<Located> = groups
        .into_par_iter()
        .flat_map_iter(|group| locate_file(group, read, scanner))
        .collect();
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
    });
    out
}

/// Locates the problems of one file in its text, masking what `scanner` finds. The text is
/// read only when a problem has a place in it: a problem with the file as a whole (too
/// large, not an ordinary file, a link) never reads it.
fn locate_file(
    group: &[Diagnostic],
    read: &(dyn Fn(&Path) -> Option<String> + Sync),
    scanner: &crate::guard::privacy::Scanner,
) -> Vec<Located> {
    use toml::de::DeTable;
    let needs_text = group.iter().any(|d| d.place != Place::File);
    // The same text the loader parsed: spans count from after a byte-order mark.
    let src = if needs_text {
        read(&group[0].file).map(crate::plan::read::strip_bom)
    } else {
        None
    };
    let src = src.as_deref();
    let mut hidden: Vec<Range<usize>> = group
        .iter()
        .filter(|d| d.redact)
        .filter_map(|d| match &d.place {
            Place::Span(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    if let Some(src) = src {
        hidden.extend(scanner.scan(src).into_iter().map(|f| f.span));
    }
    // Key paths need the document parsed: once per file, however many problems.
    let mut root: Option<toml::Spanned<DeTable<'_>>> = None;
    let mut spans: Vec<(Option<Range<usize>>, &Diagnostic)> = group
        .iter()
        .map(|d| {
            let span = match (&d.place, src) {
                (Place::Span(s), Some(_)) => Some(s.clone()),
                (Place::Path(p), Some(src)) => {
                    let root = root.get_or_insert_with(|| DeTable::parse_recoverable(src).0);
                    span_in(root.get_ref(), p)
                }
                _ => None,
            };
            (span, d)
        })
        .collect();
    spans.sort_by_key(|(s, _)| s.as_ref().map(|s| s.start));
    let mut cursor = Cursor::default();
    let mut out = Vec::with_capacity(spans.len());
    for (span, d) in spans {
        let mut loc = Located {
            severity: d.severity,
            file: d.file.display().to_string(),
            line: None,
            column: None,
            message: scanner.mask(&d.message),
            hint: d.hint.as_deref().map(|h| scanner.mask(h)),
            source_line: None,
            width: 1,
        };
        if let (Some(span), Some(src)) = (span, src) {
            let start = floor_char_boundary(src, span.start.min(src.len()));
            cursor.advance(src, start);
            let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
            let line_text = src[cursor.line_start..line_end].trim_end_matches('\r');
            loc.line = Some(cursor.line);
            loc.column = Some(cursor.column);
            let end = floor_char_boundary(src, span.end.clamp(start, line_end));
            // The caret is cut at 200 characters when shown: no need to count further.
            loc.width = src[start..end].chars().take(400).count().max(1);
            loc.source_line = Some(crate::guard::privacy::mask_spans(
                line_text,
                cursor.line_start,
                &hidden,
            ));
        }
        out.push(loc);
    }
    out
}

/// Line and column at a byte offset, moved forward only: each byte is counted once.
struct Cursor {
    pos: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            pos: 0,
            line: 1,
            line_start: 0,
            column: 1,
        }
    }
}

impl Cursor {
    fn advance(&mut self, src: &str, to: usize) {
        for c in src[self.pos..to].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        if let Some(i) = src[self.pos..to].rfind('\n') {
            self.line_start = self.pos + i + 1;
        }
        self.pos = to;
    }
}

/// The kind of a problem: its message with the particulars (IDs, codes, dates, numbers,
/// quoted text) left out, so that the problems one rule finds group together ("action …
/// names no lead officer"), and new rules group without a list to keep.
pub fn kind(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let mut out: Vec<&str> = Vec::new();
    let mut quoted = false;
    for word in first.split_whitespace() {
        let ticks = word.matches('`').count();
        let particular =
            quoted || ticks > 0 || word.chars().any(|c| c.is_ascii_digit() || c == '/');
        if ticks % 2 == 1 {
            quoted = !quoted;
        }
        if !particular {
            out.push(word);
        } else if out.last() != Some(&"…") {
            out.push("…");
        }
    }
    out.join(" ")
}

/// A problem kind as an identifier for a machine ("action-names-no-lead-officer").
pub fn rule_id(kind: &str) -> String {
    let mut id = String::new();
    for c in kind.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

#[cfg(test)]
fn locate(d: Diagnostic, src: Option<&str>) -> Located {
    let read = |_: &Path| src.map(str::to_string);
    locate_file(
        std::slice::from_ref(&d),
        &read,
        crate::guard::privacy::builtin(),
    )
    .remove(0)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The span of a key path: the key itself for a table entry (so that "unknown key" and
/// "wrong value" both point at the line that holds them), the element for an array index.
pub fn span_of_path(src: &str, path: &KeyPath) -> Option<Range<usize>> {
    let (root, _) = toml::de::DeTable::parse_recoverable(src);
    span_in(root.get_ref(), path)
}

/// `span_of_path` in a document already parsed.
fn span_in(root: &toml::de::DeTable<'_>, path: &KeyPath) -> Option<Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let mut table: &DeTable = root;
    let mut value: Option<&DeValue> = None;
    let mut span = None;
    for seg in &path.0 {
        match seg {
            Seg::Key(k) => {
                let t = match value {
                    None => table,
                    Some(v) => v.as_table()?,
                };
                let (key, v) = t.get_key_value(k.as_str())?;
                span = Some(key.span());
                value = Some(v.get_ref());
                table = t;
            }
            Seg::Index(i) => {
                let a = value?.as_array()?;
                let v = a.get(*i)?;
                span = Some(v.span());
                value = Some(v.get_ref());
            }
        }
    }
    span.filter(|s| s.start < s.end || path.0.is_empty())
}

/// Renders one diagnostic the way compilers do:
/// `path:line:col: error: message`, the source line, a caret, and a hint.
pub fn render(d: &Located, color: bool) -> String {
    let (label, code) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Note => ("note", "1;36"),
    };
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    // A file name can hold control characters too.
    let file: String = d.file.chars().map(printable).collect();
    let place = match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        _ => file,
    };
    let _ = writeln!(
        out,
        "{}: {}: {}",
        paint("1", &place),
        paint(code, label),
        d.message.chars().map(printable_text).collect::<String>()
    );
    if let (Some(line), Some(text), Some(col)) = (d.line, &d.source_line, d.column) {
        let n = line.to_string();
        let pad = " ".repeat(n.len());
        let shown: String = text.chars().take(200).map(printable).collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{n} | {shown}");
        if col <= 200 {
            let caret = "^".repeat(d.width.min(200 - col + 1));
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(col - 1),
                paint(code, &caret)
            );
        }
    }
    if let Some(h) = &d.hint {
        let h: String = h.chars().map(printable_text).collect();
        let _ = writeln!(out, "  = hint: {h}");
    }
    out
}

/// A character as shown on a terminal: a control character from a broken or binary file
/// (an escape sequence could repaint the screen) becomes U+FFFD, one column like the
/// original, so that the caret stays under its place; a tab becomes a space.
fn printable(c: char) -> char {
    match c {
        '\t' => ' ',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

/// `printable` for a message, which may run over lines.
fn printable_text(c: char) -> char {
    if c == '\n' {
        c
    } else {
        printable(c)
    }
}

/// "did you mean `due`?" for a word close to one of the valid ones.
pub fn did_you_mean<'a>(word: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Edit distance costs the product of the lengths: a pasted paragraph is no typo.
    if word.len() > 64 {
        return None;
    }
    valid
        .into_iter()
        .map(|v| (strsim::damerau_levenshtein(word, v), v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3) && *d < v.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_of_one_rule_are_of_one_kind() {
        let a = kind("action bham-case14/ews-3.2 is complete but records no evidence");
        let b = kind("action wm-2011/1.3 is complete but records no evidence");
        assert_eq!(a, b);
        assert_eq!(a, "action … is complete but records no evidence");
        assert_eq!(
            kind("agency `ASC` is declared but no recommendation or action uses it"),
            "agency … is declared but no recommendation or action uses it"
        );
        assert_eq!(
            kind("`Dr Jo Smith` is a term of the private list\n  = more"),
            "… is a term of the private list"
        );
        assert_eq!(rule_id(&a), "action-is-complete-but-records-no-evidence");
    }

    #[test]
    fn suggests_the_closest_key() {
        let keys = ["description", "due", "due_text", "lead"];
        assert_eq!(did_you_mean("dew", keys), Some("due"));
        assert_eq!(did_you_mean("lede", keys), Some("lead"));
        assert_eq!(did_you_mean("banana", keys), None);
    }

    #[test]
    fn excerpts_and_messages_never_show_an_identifier() {
        let src = "a = 1\nnote = \"Jo, NHS 943 476 5919, seen\" # DOB 1/2/05\n";
        let at = src.find("943").unwrap();
        let file = Path::new("x.toml");
        let diags = vec![
            Diagnostic::error(file, Place::Span(at..at + 12), "found").redacted(),
            // Another problem on the same line, quoting the text in its message.
            Diagnostic::error(file, Place::Span(7..11), "bad: 943 476 5919 (Jo)")
                .with_hint("not 9434765919"),
        ];
        let terms = crate::guard::privacy::Scanner::with_terms(&["jo".to_string()]);
        let shown = locate_all_masked(diags, &|_| Some(src.to_string()), &terms);
        for l in &shown {
            let line = l.source_line.as_deref().unwrap();
            assert_eq!(line, "note = \"**, NHS *** *** ****, seen\" # DOB ******");
            assert_eq!(l.line, Some(2));
        }
        // In order of column: the other problem first.
        assert_eq!(shown[1].width, 12);
        assert_eq!(shown[0].message, "bad: *** *** **** (**)");
        assert_eq!(shown[0].hint.as_deref(), Some("not **********"));
        let text = render(&shown[1], false);
        assert!(!text.contains("5919") && !text.contains("1/2/05"), "{text}");
    }

    #[test]
    fn paths_resolve_to_keys_and_elements() {
        let src = "number = 1\n[[actions]]\ndescription = \"a\"\n[[actions]]\ndue = \"2012-13\"\n";
        let p = KeyPath::root().key("actions").index(1).key("due");
        let s = span_of_path(src, &p).unwrap();
        assert_eq!(&src[s], "due");
        let d = Diagnostic::error(Path::new("x.toml"), Place::Path(p), "bad");
        let l = locate(d, Some(src));
        assert_eq!((l.line, l.column), (Some(5), Some(1)));
    }
}
