//! Walks `plans/`, reads and parses every file, and gives each review, recommendation and
//! action its ID. Every problem is collected with its place; nothing stops at the first.

use crate::plan::cache::{Keep, Outcome};
use crate::plan::diag::{Diagnostic, Place};
use crate::plan::model::{Action, RecFile, ReviewFile, Section};
use crate::plan::read::{folder_named_toml, not_a_regular_file, parse_str, read_source};
use crate::plan::themes::Vocabulary;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct Plans {
    pub reviews: Vec<Review>,
    /// The vocabulary of practice themes read from `plans/themes.toml`; None when there is
    /// none (or it is broken): `vocabulary()` is then the built-in one.
    pub themes: Option<Vocabulary>,
}

impl Plans {
    /// The themes recommendations may carry.
    pub fn vocabulary(&self) -> &Vocabulary {
        self.themes
            .as_ref()
            .unwrap_or_else(|| Vocabulary::builtin())
    }
}

#[derive(Debug)]
pub struct Review {
    pub id: String,
    pub dir: PathBuf,
    /// None when review.toml is missing or broken (already reported).
    pub meta: Option<ReviewFile>,
    pub recs: Vec<Recommendation>,
    /// Recommendation files that could not be parsed (already reported).
    pub failed: usize,
}

#[derive(Debug)]
pub struct Recommendation {
    pub id: String,
    pub path: PathBuf,
    pub file: RecFile,
}

impl Recommendation {
    pub fn action_id(&self, index: usize) -> String {
        format!("{}.{}", self.id, index + 1)
    }
    /// The agency responsible for an action: its own, or the recommendation's.
    pub fn agency_of<'a>(&'a self, action: &'a Action) -> &'a str {
        action.agency.as_deref().unwrap_or(&self.file.agency)
    }

    /// Every agency that owns `action`: its own, or else each agency the recommendation
    /// is addressed to (the first leads).
    pub fn agencies_of<'a>(&'a self, action: &'a Action) -> Vec<&'a str> {
        match action.agency.as_deref() {
            Some(own) => vec![own],
            None => std::iter::once(self.file.agency.as_str())
                .chain(self.file.agencies.iter().map(String::as_str))
                .collect(),
        }
    }
}

impl Review {
    pub fn agency_name(&self, code: &str) -> Option<&str> {
        self.meta.as_ref()?.agencies.get(code).map(String::as_str)
    }
}

#[derive(Debug)]
pub struct Loaded {
    pub plans: Plans,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

/// The recommendation's ID within its review, from its section, agency and number.
pub fn rec_id(review: &str, rec: &RecFile) -> String {
    match rec.section {
        Section::Overview | Section::Combined => format!("{review}/{}", rec.number),
        Section::HealthOverview => format!("{review}/hov-{}", rec.number),
        Section::Imr => format!("{review}/{}-{}", rec.agency.to_lowercase(), rec.number),
    }
}

pub fn is_valid_review_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The prefix of the folder `sct import` writes its files into before moving them into
/// place; one left behind was interrupted.
pub const STAGING_PREFIX: &str = ".sct-import-";

/// Whether the walker leaves `entry` unread (Some), with what to say about it: files and
/// folders whose names start with a dot (a temporary file or an import's folder left by
/// an interrupted sct, a plan file hidden in a dot-folder) and files named almost like a
/// plan file (`x.TOML`, `x.toml `).
fn not_read(dir: &Path, entry: &walkdir::DirEntry) -> Option<Vec<Diagnostic>> {
    let path = entry.path();
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let name = names.last().cloned().unwrap_or_default();
    let is_dir = entry.file_type().is_dir();
    let warn = |message: &str, hint: String| {
        vec![Diagnostic::warning(path, Place::File, message.to_string()).with_hint(hint)]
    };
    // Inside a folder left by an import: said once, for the folder.
    if names[..names.len() - 1]
        .iter()
        .any(|n| n.starts_with(STAGING_PREFIX))
    {
        return Some(Vec::new());
    }
    if name.starts_with(STAGING_PREFIX) && is_dir {
        return Some(warn(
            "a folder left by an interrupted `sct import`: nothing in it is read",
            format!(
                "the import did not finish; remove the folder, then run the import again: rm -r {}",
                shell_quote(path)
            ),
        ));
    }
    // The name without trailing blanks and dots, when it then ends in .toml in any case.
    let stem = name.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    let looks_like_plan =
        stem.len() > 5 && stem.as_bytes()[stem.len() - 5..].eq_ignore_ascii_case(b".toml");
    if name.starts_with('.') && name.ends_with(".tmp") && name.contains(".toml.") && !is_dir {
        return Some(warn(
            "a temporary file left by an interrupted sct write: it is not read",
            format!(
                "check that the plan file beside it is as it should be, then remove it: rm {}",
                shell_quote(path)
            ),
        ));
    }
    let hidden = names.iter().any(|n| n.starts_with('.'));
    if hidden {
        if is_dir || !looks_like_plan {
            return Some(Vec::new());
        }
        return Some(warn(
            "this plan file is not read: its name, or a folder's on its path, starts with a dot",
            "sct skips hidden files and folders: move it out if it is a plan, or delete it".into(),
        ));
    }
    if !is_dir && looks_like_plan && !name.ends_with(".toml") {
        // The last five bytes are ASCII, so this cut is on a character boundary.
        let fixed = format!("{}.toml", &stem[..stem.len() - 5]);
        return Some(warn(
            "this file is not read: a plan file's name ends in `.toml`, in lower case, with \
             nothing after it",
            format!("rename it `{fixed}` if it is a plan"),
        ));
    }
    None
}

/// A path for a POSIX shell command line.
fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "'\\''"))
}

/// Loads every review below `root`. Fails only when `root` itself cannot be read; every
/// problem inside is a diagnostic.
pub fn load(root: &Path) -> anyhow::Result<Loaded> {
    load_scanning(root, None)
}

/// A rule on a plan file's raw text (comments included), run on each file as it is read,
/// before it is parsed, in parallel: the privacy guard.
#[derive(Clone, Copy)]
pub struct Scan<'a> {
    pub run: &'a (dyn Fn(&Path, &str) -> Vec<Diagnostic> + Sync),
    /// What the rule looks for (its version and any private list): a file found clean under
    /// the same key and unchanged since need not be read again.
    pub key: u64,
}

/// `load`, running `scan` on the text of every file read.
pub fn load_scanning(root: &Path, scan: Option<Scan>) -> anyhow::Result<Loaded> {
    let meta = std::fs::metadata(root).map_err(|e| {
        anyhow::anyhow!(
            "cannot read the plans folder `{}`: {e}\n  = hint: run sct from your plans repository, \
             or name the folder with --plans DIR or SCT_PLANS",
            root.display()
        )
    })?;
    if !meta.is_dir() {
        anyhow::bail!(
            "`{}` is not a folder: --plans names the folder that holds one folder per review",
            root.display()
        );
    }
    let mut diags = Vec::new();
    let mut review_dirs = Vec::new();
    let mut vocabulary = None;
    let mut top: Vec<_> = std::fs::read_dir(root)?.filter_map(Result::ok).collect();
    top.sort_by_key(|e| e.file_name());
    for entry in top {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_symlink() {
            diags.push(symlink_error(&path));
        } else if ft.is_dir() {
            review_dirs.push((name, path));
        } else if name == crate::plan::themes::FILE {
            vocabulary = Some(path);
        } else if name.ends_with(".toml") {
            diags.push(top_level_file(&path, root));
        }
    }

    // Gather the file list first, then parse in parallel: parsing is the cost.
    let mut work = Vec::new();
    for (id, dir) in &review_dirs {
        let mut has_meta = false;
        let walker = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e.path().unwrap_or(dir).to_path_buf();
                    diags.push(Diagnostic::error(
                        &p,
                        Place::File,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            // What is not read is said, never skipped without a word.
            if let Some(skip) = not_read(dir, &entry) {
                diags.extend(skip);
                continue;
            }
            let path = entry.path().to_path_buf();
            let is_toml = path.extension().is_some_and(|x| x == "toml");
            let ft = entry.file_type();
            if ft.is_symlink() {
                if is_toml || path.is_dir() {
                    diags.push(symlink_error(&path));
                }
            } else if ft.is_dir() {
                if is_toml {
                    diags.push(folder_named_toml(&path));
                }
            } else if is_toml && !ft.is_file() {
                diags.push(not_a_regular_file(&path));
            } else if is_toml {
                if entry.file_name() == "review.toml" {
                    if entry.depth() == 1 {
                        has_meta = true;
                        work.push((id.clone(), Entry::Meta(path)));
                    } else {
                        diags.push(nested_review_toml(&path, dir));
                    }
                } else {
                    work.push((id.clone(), Entry::Rec(path)));
                }
            }
        }
        review_rules(id, dir, has_meta, &mut diags);
    }

    let themes = vocabulary.map(|p| crate::plan::themes::read(&p, &read_source(&p), scan));
    let with_themes = |mut loaded: Loaded| {
        if let Some((vocab, found)) = themes {
            loaded.plans.themes = vocab;
            loaded.diagnostics.extend(found);
            loaded.files += 1;
        }
        loaded
    };
    let cache = crate::plan::cache::Cache::open(root);
    let Some(cache) = cache else {
        return Ok(with_themes(assemble(
            review_dirs,
            work,
            diags,
            &|p: &Path| read_source(p),
            scan,
        )));
    };
    // With the cache: a file whose stamp is unchanged is not read at all. Its stored
    // outcome is read batch by batch, so that the cache's bytes are never all in memory.
    // A scan needs a file's text unless the cache says the file was found clean by the
    // same rules; only changed files are parsed.
    let mut parsed: Vec<(String, Parsed, Vec<Diagnostic>)> = Vec::with_capacity(work.len());
    let mut keep: Vec<Option<Keep>> = Vec::with_capacity(work.len());
    let mut work = work.into_iter().peekable();
    while work.peek().is_some() {
        let batch: Vec<(String, Entry)> = work.by_ref().take(4096).collect();
        let window = cache.window(batch.iter().map(|(_, e)| e.path()));
        let (p, k): (Vec<_>, Vec<Option<Keep>>) = batch
            .into_par_iter()
            .map(|(id, entry)| {
                let (path, meta) = match &entry {
                    Entry::Meta(p) => (p, true),
                    Entry::Rec(p) => (p, false),
                };
                let stamp = crate::plan::cache::Stamp::of(path);
                let hit = stamp.and_then(|s| cache.get(&window, path, s, meta));
                // The scan needs the text, unless the file was found clean and is unchanged.
                let scan = scan.filter(|sc| hit.as_ref().is_none_or(|(_, k)| !k.clean_for(sc.key)));
                let text = scan.map(|_| read_source(path));
                let found = match (scan, &text) {
                    (Some(scan), Some(Ok(t))) => (scan.run)(path, t),
                    _ => Vec::new(),
                };
                let clean = match (scan, &text) {
                    (Some(scan), Some(Ok(_))) if found.is_empty() => Some(Some(scan.key)),
                    (Some(_), _) => Some(None),
                    (None, _) => None, // as it was
                };
                if let Some((outcome, mut keep)) = hit {
                    if let Some(clean) = clean {
                        keep.set_clean(clean);
                    }
                    return ((id, Parsed::from_outcome(path, outcome), found), Some(keep));
                }
                let read = text.unwrap_or_else(|| read_source(path));
                let readable = read.is_ok();
                let outcome = parse_entry(&entry, read);
                let keep = match stamp {
                    Some(s) if readable => cache.keep_new(path, s, clean.flatten()),
                    _ => None,
                };
                ((id, Parsed::from_outcome(path, outcome), found), keep)
            })
            .unzip();
        parsed.extend(p);
        keep.extend(k);
    }
    cache.save(
        keep.into_iter()
            .zip(&parsed)
            .filter_map(|(k, (_, p, _))| Some((k?, p.as_outcome())))
            .collect(),
    );
    Ok(with_themes(group(review_dirs, parsed, diags)))
}

/// Parses one plan file's text, or passes on why it could not be read.
pub fn parse_entry(entry: &Entry, text: Result<String, Diagnostic>) -> Outcome {
    let text = match text {
        Ok(t) => t,
        Err(d) => return Outcome::Failed(vec![d]),
    };
    match entry {
        Entry::Meta(path) => match parse_str::<ReviewFile>(path, &text) {
            Ok(m) => Outcome::Meta(Box::new(m)),
            Err(d) => Outcome::Failed(d),
        },
        Entry::Rec(path) => match parse_str::<RecFile>(path, &text) {
            Ok(r) => Outcome::Rec(Box::new(r)),
            Err(d) => Outcome::Failed(d),
        },
    }
}

/// A plan file to parse, with the review it belongs to.
pub enum Entry {
    Meta(PathBuf),
    Rec(PathBuf),
}

impl Entry {
    pub fn path(&self) -> &Path {
        match self {
            Entry::Meta(p) | Entry::Rec(p) => p,
        }
    }
}

/// Parses the listed files in parallel (parsing is the cost) and groups them by review.
/// `read` gives a file's text: from the working tree, or from a commit; `scan`, if given,
/// is run on each text read, which is read once.
pub fn assemble(
    review_dirs: Vec<(String, PathBuf)>,
    work: Vec<(String, Entry)>,
    diags: Vec<Diagnostic>,
    read: &(dyn Fn(&Path) -> Result<String, Diagnostic> + Sync),
    scan: Option<Scan>,
) -> Loaded {
    // The text is scanned (whether or not it parses) and then parsed.
    let parsed: Vec<(String, Parsed, Vec<Diagnostic>)> = work
        .into_par_iter()
        .map(|(id, entry)| {
            let path = entry.path().to_path_buf();
            let text = read(&path);
            let found = match (scan, &text) {
                (Some(scan), Ok(t)) => (scan.run)(&path, t),
                _ => Vec::new(),
            };
            let outcome = parse_entry(&entry, text);
            (id, Parsed::from_outcome(&path, outcome), found)
        })
        .collect();
    group(review_dirs, parsed, diags)
}

/// Groups files parsed elsewhere (or found in a cache) by review, in plan order.
pub fn assemble_outcomes(
    review_dirs: Vec<(String, PathBuf)>,
    outcomes: Vec<(String, PathBuf, Outcome)>,
    diags: Vec<Diagnostic>,
) -> Loaded {
    let parsed = outcomes
        .into_iter()
        .map(|(id, path, o)| (id, Parsed::from_outcome(&path, o), Vec::new()))
        .collect();
    group(review_dirs, parsed, diags)
}

/// Groups the parsed files by review, in plan order.
fn group(
    review_dirs: Vec<(String, PathBuf)>,
    parsed: Vec<(String, Parsed, Vec<Diagnostic>)>,
    mut diags: Vec<Diagnostic>,
) -> Loaded {
    let files = parsed.len();
    let mut reviews: Vec<Review> = review_dirs
        .into_iter()
        .map(|(id, dir)| Review {
            id,
            dir,
            meta: None,
            recs: Vec::new(),
            failed: 0,
        })
        .collect();
    let index: std::collections::HashMap<String, usize> = reviews
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for (id, p, found) in parsed {
        diags.extend(found);
        let Some(&at) = index.get(&id) else {
            continue; // every entry names a listed review; nothing to attach otherwise
        };
        let review = &mut reviews[at];
        match p {
            Parsed::Meta(m) => review.meta = Some(*m),
            Parsed::Rec(path, file) => review.recs.push(Recommendation {
                id: rec_id(&review.id, &file),
                path,
                file: *file,
            }),
            Parsed::Failed(d) => {
                review.failed += 1;
                diags.extend(d)
            }
        }
    }
    for r in &mut reviews {
        r.recs.sort_by(|a, b| rec_order(a).cmp(&rec_order(b)));
    }
    Loaded {
        plans: Plans {
            reviews,
            themes: None,
        },
        diagnostics: diags,
        files,
    }
}

/// Plan order: overview and combined recommendations by number, then the IMRs agency by
/// agency, each by number.
fn rec_order(r: &Recommendation) -> (bool, &str, (u64, &str), &Path) {
    let imr = r.file.section == Section::Imr;
    let agency = if imr { r.file.agency.as_str() } else { "" };
    (imr, agency, r.file.number.sort_key(), &r.path)
}

enum Parsed {
    Meta(Box<ReviewFile>),
    Rec(PathBuf, Box<RecFile>),
    Failed(Vec<Diagnostic>),
}

impl Parsed {
    fn as_outcome(&self) -> crate::plan::cache::OutcomeRef<'_> {
        use crate::plan::cache::OutcomeRef;
        match self {
            Parsed::Meta(m) => OutcomeRef::Meta(m),
            Parsed::Rec(_, r) => OutcomeRef::Rec(r),
            Parsed::Failed(d) => OutcomeRef::Failed(d),
        }
    }
    fn from_outcome(path: &Path, o: Outcome) -> Parsed {
        match o {
            Outcome::Meta(m) => Parsed::Meta(m),
            Outcome::Rec(r) => Parsed::Rec(path.to_path_buf(), r),
            Outcome::Failed(d) => Parsed::Failed(d),
        }
    }
}

pub fn top_level_file(path: &Path, root: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        "plan files belong inside a review's folder, not at the top of the plans folder",
    )
    .with_hint(format!("move it to {}/<review>/", root.display()))
}

pub fn nested_review_toml(path: &Path, dir: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        "review.toml belongs at the top of the review's folder",
    )
    .with_hint(format!("move it to {}", dir.join("review.toml").display()))
}

/// The rules on a review's folder as a whole.
pub fn review_rules(id: &str, dir: &Path, has_meta: bool, diags: &mut Vec<Diagnostic>) {
    if !has_meta {
        diags.push(
            Diagnostic::error(
                &dir.join("review.toml"),
                Place::File,
                format!("the review folder `{id}` has no review.toml"),
            )
            .with_hint(
                "create it with the review's title, board and [agencies] table (see REFERENCE.md#reviewtoml)",
            ),
        );
    }
    if !is_valid_review_id(id) {
        diags.push(
            Diagnostic::error(
                dir,
                Place::File,
                format!("the folder name `{id}` cannot be a review ID"),
            )
            .with_hint(
                "name review folders with lower-case letters, digits and -, such as wm-2011",
            ),
        );
    }
}

pub fn symlink_error(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        "this is a symbolic link; sct does not follow links",
    )
    .with_hint("keep plan files inside the plans folder as ordinary files")
}
