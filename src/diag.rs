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
}

impl Diagnostic {
    pub fn error(file: &Path, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            place,
            message: message.into(),
            hint: None,
        }
    }
    pub fn warning(file: &Path, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, place, message)
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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

/// Resolves every diagnostic's place, reading each file with problems once — and only a
/// file whose problems have a place in it: a problem with the file as a whole (too large,
/// not an ordinary file, a link) never reads it.
pub fn locate_all(diags: Vec<Diagnostic>) -> Vec<Located> {
    locate_all_with(diags, &|path| {
        crate::load::read_bytes(path)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    })
}

/// `locate_all` with the files' text from elsewhere (a commit). Linear in the size of each
/// file and the number of its problems: the file is parsed at most once, and lines and
/// columns are counted in one pass over the problems in the order of their places.
pub fn locate_all_with(
    mut diags: Vec<Diagnostic>,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Vec<Located> {
    diags.sort_by(|a, b| a.file.cmp(&b.file));
    let mut out = Vec::with_capacity(diags.len());
    let mut rest = diags.as_slice();
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.file == first.file).count();
        let (group, tail) = rest.split_at(n);
        rest = tail;
        let needs_text = group.iter().any(|d| d.place != Place::File);
        // The same text the loader parsed: spans count from after a byte-order mark.
        let text = if needs_text {
            read(&first.file).map(crate::load::strip_bom)
        } else {
            None
        };
        locate_file(group, text.as_deref(), &mut out);
    }
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
    });
    out
}

/// Locates one file's problems in its text.
fn locate_file(group: &[Diagnostic], src: Option<&str>, out: &mut Vec<Located>) {
    use toml::de::DeTable;
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
    for (span, d) in spans {
        let mut loc = Located {
            severity: d.severity,
            file: d.file.display().to_string(),
            line: None,
            column: None,
            message: d.message.clone(),
            hint: d.hint.clone(),
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
            loc.source_line = Some(line_text.to_string());
        }
        out.push(loc);
    }
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

#[cfg(test)]
fn locate(d: Diagnostic, src: Option<&str>) -> Located {
    let mut out = Vec::new();
    locate_file(std::slice::from_ref(&d), src, &mut out);
    out.remove(0)
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
    fn suggests_the_closest_key() {
        let keys = ["description", "due", "due_text", "lead"];
        assert_eq!(did_you_mean("dew", keys), Some("due"));
        assert_eq!(did_you_mean("lede", keys), Some("lead"));
        assert_eq!(did_you_mean("banana", keys), None);
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
