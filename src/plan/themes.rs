//! The partnership's vocabulary of practice themes (`plans/themes.toml`) and the rule that a
//! recommendation's `themes` come from it.

use crate::plan::diag::{did_you_mean, Diagnostic, KeyPath, Place};
use crate::plan::load::Recommendation;
use crate::plan::read::Parse;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The vocabulary's file name, at the top of the plans folder.
pub const FILE: &str = "themes.toml";

/// The vocabulary sct ships: the bundled plans' own file. A plans folder without a
/// themes.toml uses it.
pub const DEFAULT: &str = include_str!("../../plans/themes.toml");

/// `themes.toml`: the practice themes recommendations may be tagged with.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sct themes.toml")]
pub struct ThemesFile {
    /// The themes, in the order reports list them.
    pub themes: Vec<Theme>,
}

/// One practice theme.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// What recommendations write in `themes = [...]`: lower-case words joined by -.
    pub id: String,
    /// The theme as a report heads it ("Information sharing").
    pub title: String,
    /// One line saying what the theme covers.
    pub description: String,
}

impl Parse for ThemesFile {}

/// The vocabulary in force, and where it came from.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// The file it was read from; None for the built-in default.
    pub path: Option<PathBuf>,
    pub themes: Vec<Theme>,
}

impl Vocabulary {
    /// The built-in default, parsed once.
    pub fn builtin() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            let file = crate::plan::read::parse_str::<ThemesFile>(Path::new(FILE), DEFAULT)
                .expect("the built-in themes.toml parses");
            Vocabulary {
                path: None,
                themes: file.themes,
            }
        })
    }

    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(|t| t.id.as_str())
    }

    /// Where a recommendation's hint sends the reader to add a theme.
    fn described(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "plans/themes.toml (sct's built-in list is in use: none exists)".into(),
        }
    }
}

/// Parses the vocabulary's text, with its own rules checked: every problem it has.
pub fn parse(path: &Path, text: &str) -> (Option<Vocabulary>, Vec<Diagnostic>) {
    match crate::plan::read::parse_str::<ThemesFile>(path, text) {
        Ok(file) => {
            let mut out = Vec::new();
            rules(path, &file, &mut out);
            let v = Vocabulary {
                path: Some(path.to_path_buf()),
                themes: file.themes,
            };
            (Some(v), out)
        }
        Err(d) => (None, d),
    }
}

/// The vocabulary file as the loader reads it: its text (or why it could not be read)
/// scanned by `scan` if given, then parsed.
pub fn read(
    path: &Path,
    text: &Result<String, Diagnostic>,
    scan: Option<crate::plan::load::Scan>,
) -> (Option<Vocabulary>, Vec<Diagnostic>) {
    match text {
        Ok(t) => {
            let found = scan.map(|s| (s.run)(path, t)).unwrap_or_default();
            let (v, mut d) = parse(path, t);
            d.extend(found);
            (v, d)
        }
        Err(d) => (None, vec![d.clone()]),
    }
}

pub fn is_valid_theme_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn rules(path: &Path, file: &ThemesFile, out: &mut Vec<Diagnostic>) {
    let at = |i: usize, key: &str| Place::Path(KeyPath::root().key("themes").index(i).key(key));
    for (i, t) in file.themes.iter().enumerate() {
        if !is_valid_theme_id(&t.id) {
            out.push(
                Diagnostic::error(
                    path,
                    at(i, "id"),
                    format!("`{}` cannot be a theme id", t.id),
                )
                .with_hint("use lower-case letters, digits and -, such as `information-sharing`"),
            );
        }
        if file.themes[..i].iter().any(|o| o.id == t.id) {
            out.push(
                Diagnostic::error(
                    path,
                    at(i, "id"),
                    format!("theme `{}` is listed twice", t.id),
                )
                .with_hint("give each theme its own id, or merge the two"),
            );
        }
        for (key, s) in [("title", &t.title), ("description", &t.description)] {
            if s.trim().is_empty() {
                out.push(Diagnostic::error(path, at(i, key), "this text is empty"));
            }
        }
    }
}

/// The rule on a recommendation's `themes`: each one in the vocabulary, none twice.
pub fn rec_rules(vocab: &Vocabulary, rec: &Recommendation, out: &mut Vec<Diagnostic>) {
    let themes = &rec.file.themes;
    for (i, theme) in themes.iter().enumerate() {
        let at = || Place::Path(KeyPath::root().key("themes").index(i));
        if vocab.get(theme).is_none() {
            let hint = match did_you_mean(theme, vocab.ids()) {
                Some(m) => format!(
                    "did you mean `{m}`? or add `{theme}` to {}",
                    vocab.described()
                ),
                None => format!(
                    "the themes are listed in {}: {}",
                    vocab.described(),
                    vocab.ids().collect::<Vec<_>>().join(", ")
                ),
            };
            out.push(
                Diagnostic::error(
                    &rec.path,
                    at(),
                    format!("theme `{theme}` is not in the vocabulary"),
                )
                .with_hint(hint),
            );
        } else if themes[..i].contains(theme) {
            out.push(
                Diagnostic::warning(&rec.path, at(), format!("theme `{theme}` is named twice"))
                    .with_hint("name each theme once"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_vocabulary_is_valid() {
        let (v, d) = parse(Path::new(FILE), DEFAULT);
        assert!(d.is_empty(), "{d:?}");
        assert!(v.unwrap().get("information-sharing").is_some());
    }

    #[test]
    fn ids_are_words_joined_by_hyphens() {
        assert!(is_valid_theme_id("voice-of-the-child"));
        assert!(!is_valid_theme_id("Voice of the child"));
        assert!(!is_valid_theme_id("-x"));
    }
}
