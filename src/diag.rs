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

/// Resolves every diagnostic's place, reading each file with problems once.
pub fn locate_all(diags: Vec<Diagnostic>) -> Vec<Located> {
    locate_all_with(diags, &|path| {
        std::fs::read(path).ok().map(|b| {
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
    })
}

/// `locate_all` with the files' text from elsewhere (a commit).
pub fn locate_all_with(
    diags: Vec<Diagnostic>,
    read: &(dyn Fn(&Path) -> Option<String> + Sync),
) -> Vec<Located> {
    locate_all_masked(diags, read, crate::privacy::builtin())
}

/// `locate_all_with`, masking what `scanner` finds (and every redacted span) wherever plan
/// text is shown: in the excerpt under a message, and in messages and hints that quote it.
/// No path that shows a problem can echo an identifier, whatever the problem is.
pub fn locate_all_masked(
    mut diags: Vec<Diagnostic>,
    read: &(dyn Fn(&Path) -> Option<String> + Sync),
    scanner: &crate::privacy::Scanner,
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

/// Locates the problems of one file, masking what `scanner` finds.
fn locate_file(
    group: &[Diagnostic],
    read: &(dyn Fn(&Path) -> Option<String> + Sync),
    scanner: &crate::privacy::Scanner,
) -> Vec<Located> {
    // The same text the loader parsed: spans count from after a byte-order mark.
    let src = read(&group[0].file).map(crate::load::strip_bom);
    let mut hidden: Vec<Range<usize>> = group
        .iter()
        .filter(|d| d.redact)
        .filter_map(|d| match &d.place {
            Place::Span(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    if let Some(src) = &src {
        hidden.extend(scanner.scan(src).into_iter().map(|f| f.span));
    }
    // Key paths need the document parsed: once per file, however many problems.
    let needs_tree = group.iter().any(|d| matches!(d.place, Place::Path(_)));
    let parsed = match (&src, needs_tree) {
        (Some(src), true) => Some(toml::de::DeTable::parse_recoverable(src).0),
        _ => None,
    };
    group
        .iter()
        .map(|d| {
            let span = match (&d.place, &src) {
                (Place::Span(s), Some(_)) => Some(s.clone()),
                (Place::Path(p), Some(_)) => parsed.as_ref().and_then(|t| span_in(t.get_ref(), p)),
                _ => None,
            };
            let mut loc = locate_span(d.clone(), src.as_deref(), span, &hidden);
            loc.message = scanner.mask(&loc.message);
            loc.hint = loc.hint.map(|h| scanner.mask(&h));
            loc
        })
        .collect()
}

#[cfg(test)]
fn locate(d: Diagnostic, src: Option<&str>, hidden: &[Range<usize>]) -> Located {
    let span = match (&d.place, src) {
        (Place::Span(s), Some(_)) => Some(s.clone()),
        (Place::Path(p), Some(src)) => span_of_path(src, p),
        _ => None,
    };
    locate_span(d, src, span, hidden)
}

fn locate_span(
    d: Diagnostic,
    src: Option<&str>,
    span: Option<Range<usize>>,
    hidden: &[Range<usize>],
) -> Located {
    let mut loc = Located {
        severity: d.severity,
        file: d.file.display().to_string(),
        line: None,
        column: None,
        message: d.message,
        hint: d.hint,
        source_line: None,
        width: 1,
    };
    if let (Some(span), Some(src)) = (span, src) {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line_text = src[line_start..line_end].trim_end_matches('\r');
        loc.line = Some(src[..start].matches('\n').count() + 1);
        loc.column = Some(src[line_start..start].chars().count() + 1);
        let end = floor_char_boundary(src, span.end.clamp(start, line_end));
        loc.width = src[start..end].chars().count().max(1);
        loc.source_line = Some(crate::privacy::mask_spans(line_text, line_start, hidden));
    }
    loc
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
    let place = match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", d.file),
        _ => d.file.clone(),
    };
    let _ = writeln!(
        out,
        "{}: {}: {}",
        paint("1", &place),
        paint(code, label),
        d.message
    );
    if let (Some(line), Some(text), Some(col)) = (d.line, &d.source_line, d.column) {
        let n = line.to_string();
        let pad = " ".repeat(n.len());
        let shown: String = text.chars().take(200).collect();
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
        let _ = writeln!(out, "  = hint: {h}");
    }
    out
}

/// "did you mean `due`?" for a word close to one of the valid ones.
pub fn did_you_mean<'a>(word: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
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
        let terms = crate::privacy::Scanner::with_terms(&["jo".to_string()]).unwrap();
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
        let l = locate(d, Some(src), &[]);
        assert_eq!((l.line, l.column), (Some(5), Some(1)));
    }
}
