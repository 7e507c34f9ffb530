//! Reading one plan file: bounded, decoded as UTF-8, and parsed with every error in it
//! reported, each with its place.

use crate::files::{read_limited, ReadError};
use crate::plan::diag::{did_you_mean, Diagnostic, KeyPath, Place};
use crate::plan::model::{Action, RecFile, ReviewFile};
use serde::de::DeserializeOwned;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// A plan file larger than this is refused: a real recommendation is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

pub fn folder_named_toml(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        "this is a folder named like a plan file; a plan file must be a TOML file",
    )
    .with_hint("rename the folder so that its name does not end in .toml")
}

pub fn not_a_regular_file(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        "this is not an ordinary file (a named pipe, socket or device); sct reads only ordinary files",
    )
    .with_hint("remove it, or replace it with the plan file itself")
}

/// Reads one file and parses it, returning every problem found in it.
pub fn read_parse<T: Parse>(path: &Path) -> Result<T, Vec<Diagnostic>> {
    let src = read_source(path).map_err(|d| vec![d])?;
    parse_str::<T>(path, &src)
}

/// Reads a plan file as text: size-limited, UTF-8, byte-order mark removed.
pub fn read_source(path: &Path) -> Result<String, Diagnostic> {
    decode(path, read_bytes(path)?)
}

/// A plan file's bytes, read as `files::read_limited` reads (opened once without waiting,
/// ordinary files only, never more than the limit), with each refusal as a problem.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Folder => folder_named_toml(path),
        ReadError::NotRegular => not_a_regular_file(path),
        ReadError::TooLarge(len) => too_large(path, len.to_string()),
        // It grew while being read.
        ReadError::Grew => too_large(path, "more than".into()),
        ReadError::Io(e) => Diagnostic::error(path, Place::File, format!("cannot read: {e}")),
    })
}

pub fn check_size(path: &Path, len: u64) -> Result<(), Diagnostic> {
    if len > MAX_FILE_BYTES {
        return Err(too_large(path, len.to_string()));
    }
    Ok(())
}

fn too_large(path: &Path, len: String) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        format!(
            "the file is {len} bytes; plan files are limited to {MAX_FILE_BYTES} bytes (1 MiB)"
        ),
    )
    .with_hint("split the recommendation, or move long documents to evidence files")
}

/// A plan file's bytes as text: UTF-8, byte-order mark removed, not empty.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Diagnostic::error(
            path,
            Place::Span(at..at + 1),
            "the file is not valid UTF-8 text",
        )
        .with_hint("save it as UTF-8; a binary file has no place in plans/")
    })?;
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            path,
            Place::File,
            if text.is_empty() {
                "the file is empty"
            } else {
                "the file is empty: it holds only blank space"
            },
        )
        .with_hint("write the plan into it (`sct new` makes a starting file), or delete it"));
    }
    Ok(text)
}

pub fn strip_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    text
}

/// A plan file type: how to find every error in it when the first pass fails.
pub trait Parse: DeserializeOwned {
    /// Keys holding arrays of tables that are checked element by element, so that an error
    /// in one action does not hide the errors in the next.
    const ARRAYS: &'static [&'static str] = &[];
    fn check_element(
        _key: &str,
        _table: toml::Spanned<DeTable<'_>>,
    ) -> Result<(), toml::de::Error> {
        Ok(())
    }
}

impl Parse for ReviewFile {}

impl Parse for RecFile {
    const ARRAYS: &'static [&'static str] = &["actions"];
    fn check_element(_key: &str, table: toml::Spanned<DeTable<'_>>) -> Result<(), toml::de::Error> {
        use serde::Deserialize;
        Action::deserialize(toml::Deserializer::from(table)).map(|_| ())
    }
}

/// Syntax errors shown for one file: past the first few, the rest are noise (a file that
/// is not TOML at all has one per line).
pub const MAX_SYNTAX_ERRORS: usize = 20;

pub fn parse_str<T: Parse>(path: &Path, src: &str) -> Result<T, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        let mut out: Vec<Diagnostic> = errors
            .iter()
            .take(MAX_SYNTAX_ERRORS)
            .map(|e| syntax_diag(path, e))
            .collect();
        if errors.len() > MAX_SYNTAX_ERRORS {
            out.push(
                Diagnostic::error(
                    path,
                    Place::File,
                    format!(
                        "{} more TOML syntax errors not shown",
                        errors.len() - MAX_SYNTAX_ERRORS
                    ),
                )
                .with_hint("is this a plan file? fix the first errors and check again"),
            );
        }
        return Err(out);
    }
    match T::deserialize(toml::Deserializer::from(root)) {
        Ok(v) => Ok(v),
        Err(first) => Err(all_errors::<T>(path, src, first)),
    }
}

/// After a failed parse: check the document without its arrays, then each array element on
/// its own, so that every broken action is reported.
fn all_errors<T: Parse>(path: &Path, src: &str, first: toml::de::Error) -> Vec<Diagnostic> {
    if T::ARRAYS.is_empty() {
        return vec![serde_diag(path, &first)];
    }
    let (mut root, _) = DeTable::parse_recoverable(src);
    let mut out = Vec::new();
    let mut elements = Vec::new();
    for key in T::ARRAYS {
        let Some((k, v)) = root.get_mut().remove_entry(*key) else {
            continue;
        };
        match v.into_inner() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(t) = item.get_ref() {
                        elements.push((*key, toml::Spanned::new(item.span(), t.clone())));
                    } else {
                        out.push(
                            Diagnostic::error(
                                path,
                                Place::Span(item.span()),
                                format!("each entry of `{key}` must be a table"),
                            )
                            .with_hint(format!("write each one under a [[{key}]] header")),
                        );
                    }
                }
            }
            _ => out.push(
                Diagnostic::error(
                    path,
                    Place::Span(k.span()),
                    format!("`{key}` must be an array of tables"),
                )
                .with_hint(format!("write each one under a [[{key}]] header")),
            ),
        }
    }
    if let Err(e) = T::deserialize(toml::Deserializer::from(root)) {
        out.push(serde_diag(path, &e));
    }
    for (key, table) in elements {
        if let Err(e) = T::check_element(key, table) {
            out.push(serde_diag(path, &e));
        }
    }
    if out.is_empty() {
        out.push(serde_diag(path, &first));
    }
    out
}

fn syntax_diag(path: &Path, e: &toml::de::Error) -> Diagnostic {
    let place = e.span().map_or(Place::File, Place::Span);
    Diagnostic::error(
        path,
        place,
        format!("TOML syntax: {}", e.message().trim_end()),
    )
    .with_hint("see https://toml.io for the syntax; long text goes in \"\"\"triple quotes\"\"\"")
}

/// Turns serde's message into ours, with a hint: the valid keys or values, or the closest.
fn serde_diag(path: &Path, e: &toml::de::Error) -> Diagnostic {
    let place = e.span().map_or(Place::File, Place::Span);
    let msg = e.message().trim_end();
    let (message, hint) = explain(msg);
    let d = Diagnostic::error(path, place, cut(message, 300));
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// A message of at most `max` characters: serde echoes a wrong value whole, and a value
/// can be half a megabyte of pasted text (the source line shown is cut too).
fn cut(message: String, max: usize) -> String {
    if message.chars().count() <= max {
        return message;
    }
    let mut s: String = message.chars().take(max).collect();
    s.push('…');
    s
}

/// Rewrites serde's wording ("unknown field", "missing field") in the words of a TOML file.
pub fn explain(msg: &str) -> (String, Option<String>) {
    let ticked: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    // The word as echoed in the message: a pasted paragraph is cut.
    let shown = |w: &str| -> String {
        if w.chars().count() > 60 {
            format!("{}…", w.chars().take(40).collect::<String>())
        } else {
            w.to_string()
        }
    };
    if msg.starts_with("unknown field ") {
        let word = ticked.first().copied().unwrap_or("");
        let valid: Vec<&str> = ticked.iter().skip(1).copied().collect();
        let hint = match did_you_mean(word, valid.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None if valid.is_empty() => "remove it".to_string(),
            None => format!("the keys allowed here are {}", valid.join(", ")),
        };
        return (format!("unknown key `{}`", shown(word)), Some(hint));
    }
    if msg.starts_with("unknown variant ") {
        let word = ticked.first().copied().unwrap_or("");
        let valid: Vec<&str> = ticked.iter().skip(1).copied().collect();
        let hint = match did_you_mean(word, valid.iter().copied()) {
            Some(m) => format!(
                "did you mean `{m}`? the valid values are {}",
                valid.join(", ")
            ),
            None => format!("the valid values are {}", valid.join(", ")),
        };
        return (format!("unknown value `{}`", shown(word)), Some(hint));
    }
    if msg.starts_with("missing field ") {
        let word = ticked.first().copied().unwrap_or("");
        return (
            format!("missing required key `{word}`"),
            Some(format!("add `{word} = …` to this table")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return (format!("wrong type: {rest}"), None);
    }
    (msg.to_string(), None)
}

/// The key path of an action, for rules checked after loading.
pub fn action_path(index: usize) -> KeyPath {
    KeyPath::root().key("actions").index(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader itself refuses what the walk would have refused, from the opened handle:
    /// a named pipe (without blocking on the open) and a folder.
    #[cfg(unix)]
    #[test]
    fn the_reader_refuses_a_pipe_and_a_folder_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("x.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let e = read_source(&pipe).unwrap_err();
        assert!(
            e.message.starts_with("this is not an ordinary file"),
            "{}",
            e.message
        );
        let e = read_source(dir.path()).unwrap_err();
        assert!(
            e.message.contains("folder named like a plan file"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_reader_says_empty_and_keeps_the_text_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("01.toml");
        std::fs::write(&p, "").unwrap();
        assert_eq!(read_source(&p).unwrap_err().message, "the file is empty");
        std::fs::write(&p, "\u{feff}number = 1\r\n").unwrap();
        assert_eq!(read_source(&p).unwrap(), "number = 1\r\n");
    }

    #[test]
    fn syntax_errors_are_capped_and_counted() {
        let src = "x\n".repeat(100);
        let d = parse_str::<RecFile>(Path::new("a.toml"), &src).unwrap_err();
        assert_eq!(d.len(), MAX_SYNTAX_ERRORS + 1);
        assert_eq!(
            d[MAX_SYNTAX_ERRORS].message,
            "80 more TOML syntax errors not shown"
        );
    }
}
