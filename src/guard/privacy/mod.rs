//! The privacy guard: finds what looks like a personal identifier in text, so that an
//! anonymised plan stays anonymised. Pure but for reading the private list: text in,
//! findings with byte spans out. A finding describes what it found without repeating it
//! ("an NHS number (ending …19)").
//!
//! Where it is used: `plan::diag::privacy` turns findings into `check`'s errors, which every
//! read command refuses like any other error; `refuse_identifiers` is the gate every write
//! passes (plan files, commit messages, reports, reminders, CODEOWNERS); `mask` is how
//! `lib.rs::run` keeps whatever else is printed (git metadata, old versions) from
//! repeating one.

mod birth;
mod numbers;
mod terms;

pub use numbers::{nhs_check_digit_ok, ni_prefix_ok};

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NhsNumber,
    NiNumber,
    DateOfBirth,
    Term,
}

/// One identifier found: where it is, and how to speak of it without showing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub span: Range<usize>,
    /// "an NHS number (ending …19)": never the identifier in full.
    pub described: String,
}

/// The built-in patterns plus, optionally, the terms of a private list.
#[derive(Debug, Clone, Default)]
pub struct Scanner {
    terms: terms::Terms,
}

/// Bumped whenever the built-in patterns change what they find: files the parse cache
/// records as clean are scanned again.
const RULES_VERSION: u64 = 3;

/// The largest private list sct reads: a million names is about 25 MB.
pub const MAX_LIST_BYTES: u64 = 64 * 1024 * 1024;

/// The built-in patterns alone, for masking excerpts where no private list is given.
pub fn builtin() -> &'static Scanner {
    static S: LazyLock<Scanner> = LazyLock::new(Scanner::default);
    &S
}

impl Scanner {
    /// The built-in patterns and these terms: whole words, any case; a term of several
    /// words matches them across any white space.
    pub fn with_terms(terms: &[String]) -> Scanner {
        Scanner {
            terms: terms::Terms::new(terms.iter().map(String::as_str)),
        }
    }

    /// What this scanner looks for, as a number: a file found clean by a scanner with the
    /// same key, and unchanged since, is clean.
    pub fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        // Stable within one executable, which is all a cache file is trusted with.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (RULES_VERSION, self.terms.is_empty(), self.terms.digest()).hash(&mut h);
        h.finish()
    }

    /// Every identifier in `text`, in order of position. Characters that show nothing (a
    /// zero-width space, a soft hyphen) or stand for ASCII ones (fullwidth digits and
    /// letters) cannot hide an identifier: the text is read without them, or as ASCII, and
    /// each finding's span is the original text's.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        if text.is_ascii() {
            return self.scan_plain(text);
        }
        let Some((plain, origin)) = plain(text) else {
            return self.scan_plain(text);
        };
        let mut out = self.scan_plain(&plain);
        for f in &mut out {
            let end = origin.get(f.span.end).copied().unwrap_or(text.len());
            f.span = origin[f.span.start]..end;
        }
        out
    }

    fn scan_plain(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        if numbers::may_hold(text) {
            numbers::nhs_numbers(text, &mut out);
            numbers::ni_numbers(text, &mut out);
            if birth::may_hold(text) {
                birth::dates_of_birth(text, &mut out);
            }
        }
        for span in self.terms.find(text) {
            out.push(Finding {
                kind: Kind::Term,
                described: terms::describe(&text[span.clone()]),
                span,
            });
        }
        out.sort_by_key(|f| (f.span.start, f.span.end));
        out
    }

    /// `text` with every identifier masked, for messages that quote plan text.
    pub fn mask(&self, text: &str) -> String {
        let spans: Vec<Range<usize>> = self.scan(text).into_iter().map(|f| f.span).collect();
        if spans.is_empty() {
            return text.to_string();
        }
        mask_spans(text, 0, &spans)
    }

    /// The write gate's check: `Err` naming what `text` (described as `what`: "the note",
    /// "the commit message", "report.md") holds, masked, when it holds an identifier.
    pub fn refuse_identifiers(&self, text: &str, what: &str) -> anyhow::Result<()> {
        let found = self.scan(text);
        if found.is_empty() {
            return Ok(());
        }
        let list: Vec<&str> = found.iter().map(|f| f.described.as_str()).collect();
        Err(PersonalData(format!(
            "personal data: {what} holds {}; nothing was written\n  = hint: plans are published \
             anonymised: refer to the person by role, such as \"the child\" or \"Mother\"",
            list.join(", ")
        ))
        .into())
    }

    /// `refuse_identifiers` for the names of a path about to be made (a review's folder).
    pub fn refuse_names(&self, rel: &Path, what: &str) -> anyhow::Result<()> {
        let found = self.scan_names(rel);
        if found.is_empty() {
            return Ok(());
        }
        let list: Vec<&str> = found.iter().map(|f| f.described.as_str()).collect();
        Err(PersonalData(format!(
            "personal data: {what} holds {}; nothing was written\n  = hint: names under plans/ \
             are published with the plans",
            list.join(", ")
        ))
        .into())
    }

    /// The findings in a path's names (folders and file), relative to the plans folder:
    /// `plans/6281948211/…` is as public as the text inside.
    pub fn scan_names(&self, rel: &Path) -> Vec<Finding> {
        let text = rel.to_string_lossy();
        // Path separators end words (a line break: no number runs across one).
        let spaced: String = text
            .chars()
            .map(|c| if c == '/' || c == '\\' { '\n' } else { c })
            .collect();
        let spaced = spaced.strip_suffix(".toml").unwrap_or(&spaced);
        self.scan(spaced)
    }
}

/// `text` without the characters that show nothing and with fullwidth digits and letters
/// as ASCII, and the byte in `text` each of its bytes came from; None when there is none.
fn plain(text: &str) -> Option<(String, Vec<usize>)> {
    let hidden = |c: char| matches!(c, '\u{ad}' | '\u{34f}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}');
    let wide = |c: char| matches!(c, '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}');
    if !text.chars().any(|c| hidden(c) || wide(c)) {
        return None;
    }
    let mut plain = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if hidden(c) {
            continue;
        }
        let c = if wide(c) {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        } else {
            c
        };
        for _ in 0..c.len_utf8() {
            origin.push(i);
        }
        plain.push(c);
    }
    Some((plain, origin))
}

/// The scanner of this run: the built-in patterns and the private list named by
/// `SCT_FORBID`, set once by `activate`. Writes are refused and output masked with it.
static ACTIVE: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();

/// Reads the private list at `path` (if any) into the scanner of this run. Called once, by
/// `config`; an unreadable list leaves the built-in patterns and returns why.
pub fn activate(path: Option<&Path>) -> Option<String> {
    let (scanner, error) = match path.map(private_list) {
        None => (Scanner::default(), None),
        Some(Ok(s)) => (s, None),
        Some(Err(e)) => (Scanner::default(), Some(format!("{e:#}"))),
    };
    let _ = ACTIVE.set(scanner);
    error
}

/// The scanner of this run (see `activate`).
pub fn active() -> &'static Scanner {
    ACTIVE.get().unwrap_or_else(|| builtin())
}

/// The write gate's privacy check, with the scanner of this run: see
/// `Scanner::refuse_identifiers`.
pub fn refuse_identifiers(text: &str, what: &str) -> anyhow::Result<()> {
    active().refuse_identifiers(text, what)
}

/// A write refused because its text holds personal data: exit status 1, like a finding.
#[derive(Debug)]
pub struct PersonalData(pub String);

impl std::fmt::Display for PersonalData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PersonalData {}

/// The terms of a private list: one a line; blank lines and `#` comments are skipped. A
/// byte-order mark (Notepad writes one) is not part of the first term.
pub fn parse_terms(text: &str) -> Vec<String> {
    term_lines(text)
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn term_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The scanner for the private list at `path` (`--forbid`, `SCT_FORBID`), read as every
/// input that is not a plan is read: an ordinary file, within a size limit checked before
/// reading. An empty path (`SCT_FORBID=`) names no list.
pub fn private_list(path: &Path) -> anyhow::Result<Scanner> {
    if path.as_os_str().is_empty() {
        return Ok(Scanner::default());
    }
    let fail = |e: String| {
        anyhow::anyhow!(
            "cannot read the private list of forbidden terms `{}` (--forbid or SCT_FORBID): {e}",
            path.display()
        )
    };
    let bytes = crate::files::read_limited(path, MAX_LIST_BYTES).map_err(|e| match e {
        crate::files::ReadError::TooLarge(_) | crate::files::ReadError::Grew => {
            fail(format!("{e} (the limit is {} MiB)", MAX_LIST_BYTES >> 20))
        }
        e => fail(e.to_string()),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| fail("it is not UTF-8 text".into()))?;
    // Term by term from the text, without a second copy of the list in memory.
    Ok(Scanner {
        terms: terms::Terms::new(term_lines(&text)),
    })
}

/// `text` (which starts at byte `offset` of its file) with the parts inside `spans` (byte
/// ranges in the file) replaced by one `*` a character, so that a caret still lines up.
pub fn mask_spans(text: &str, offset: usize, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let at = offset + i;
        if spans.iter().any(|s| s.start <= at && at < s.end) && !c.is_whitespace() {
            out.push('*');
        } else {
            out.push(c);
        }
    }
    out
}

/// What the built-in scanner finds in `text`, with the text found: the unit tests' view.
#[cfg(test)]
fn found(text: &str) -> Vec<(Kind, &str)> {
    builtin()
        .scan(text)
        .into_iter()
        .map(|f| (f.kind, &text[f.span]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_fullwidth_characters_hide_nothing() {
        for text in [
            "NHS 943\u{200b}476\u{200b}5919 seen",
            "NHS 943\u{ad}476\u{2060}5919 seen",
            "NHS 943\u{200c}476\u{200d}5919 seen",
            "NHS \u{ff19}\u{ff14}\u{ff13} 476 5919 seen",
            "NI JG\u{200b}10\u{200b}37\u{200b}59\u{200b}A seen",
        ] {
            let f = found(text);
            assert_eq!(f.len(), 1, "{text:?}: {f:?}");
            let shown = f[0].1;
            assert!(
                shown.ends_with('9') || shown.ends_with('A'),
                "{text:?}: {shown:?}"
            );
            assert!(!builtin().mask(text).contains("5919"), "{text:?}");
        }
        let wide = "\u{ff11}\u{ff12} May 2012";
        assert!(found(wide).is_empty());
    }

    #[test]
    fn masking_keeps_columns() {
        let text = "id = \"943 476 5919\" # x";
        assert_eq!(builtin().mask(text), "id = \"*** *** ****\" # x");
        assert_eq!(mask_spans("ab cd", 10, &[11..14, 20..22]), "a* *d");
    }

    #[test]
    fn names_are_scanned_as_words() {
        let s = builtin();
        assert_eq!(s.scan_names(Path::new("9434765919/review.toml")).len(), 1);
        assert_eq!(s.scan_names(Path::new("case/jg103759a.toml")).len(), 1);
        assert_eq!(s.scan_names(Path::new("case-9434765919/01.toml")).len(), 1);
        assert!(s.scan_names(Path::new("wm-2011/imr/csc-1.toml")).is_empty());
    }

    #[test]
    fn refusing_names_what_without_showing_it() {
        let e = builtin()
            .refuse_identifiers("NHS 943 476 5919", "the note")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("personal data: the note holds an NHS number (ending …19)"));
        assert!(!e.contains("5919"));
        assert!(builtin().refuse_identifiers("Audit done.", "x").is_ok());
    }
}
