//! Walks `plans/`, reads and parses every file, and gives each review, recommendation and
//! action its ID. Every problem is collected with its place; nothing stops at the first.

use crate::cache::{Keep, Outcome};
use crate::diag::{did_you_mean, Diagnostic, KeyPath, Place};
use crate::model::{Action, RecFile, ReviewFile, Section};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// A plan file larger than this is refused: a real recommendation is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Default)]
pub struct Plans {
    pub reviews: Vec<Review>,
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
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
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

    let cache = crate::cache::Cache::open(root);
    let Some(cache) = cache else {
        return Ok(assemble(
            review_dirs,
            work,
            diags,
            &|p: &Path| read_source(p),
            scan,
        ));
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
                let stamp = crate::cache::Stamp::of(path);
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
    Ok(group(review_dirs, parsed, diags))
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
        plans: Plans { reviews },
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
    fn as_outcome(&self) -> crate::cache::OutcomeRef<'_> {
        use crate::cache::OutcomeRef;
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

pub fn folder_named_toml(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        Place::File,
        "this is a folder named like a plan file; a plan file must be a TOML file",
    )
    .with_hint("rename the folder so that its name does not end in .toml")
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
                "create it with the review's title, board and [agencies] table (see README)",
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

/// A plan file's bytes. The file is opened once, without waiting (a named pipe would
/// block for ever), refused unless the opened handle is an ordinary file, and read through
/// a limit: never more than `MAX_FILE_BYTES + 1` bytes, whatever its size.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let err = |e: std::io::Error| Diagnostic::error(path, Place::File, format!("cannot read: {e}"));
    let file = open_without_waiting(path).map_err(err)?;
    let meta = file.metadata().map_err(err)?;
    if !meta.is_file() {
        return Err(if meta.is_dir() {
            folder_named_toml(path)
        } else {
            not_a_regular_file(path)
        });
    }
    check_size(path, meta.len())?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // It grew while being read.
        return Err(too_large(path, "more than".into()));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
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
