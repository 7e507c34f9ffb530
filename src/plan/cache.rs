//! The parse cache. Parsing TOML is most of what a read command costs, so `load` keeps what
//! it parsed, per plan file, in one cache file per plans folder, outside the plans tree
//! (`SCT_CACHE_DIR`, else `$XDG_CACHE_HOME/sct`, else `~/.cache/sct`).
//!
//! A file's entry is keyed by its path and its stamp: size, modification and change times
//! to the nanosecond, inode and device. Any write to a file changes its change time, so an
//! edit is seen even when it keeps the size and the modification time. As in git's index, a
//! file changed less than a second before the load began is "racily clean" and is not
//! stored: a second write within the filesystem's timestamp granularity could otherwise go
//! unseen.
//!
//! The cache is only ever a shortcut: a missing, unreadable, corrupt or foreign cache file
//! (another format, sct version or executable) is ignored and rebuilt, and a cache that
//! cannot be written is no error. Each entry carries a CRC-32 of its bytes.
//!
//! Layout: `MAGIC`, the entries' bytes one after another (MessagePack of `Stored`), the
//! header (MessagePack: format, version, executable, plans folder, and the index of
//! entries), the header's length (u64, little-endian) and CRC-32 (u32), and `MAGIC` again.
//! The header comes last so that the file is written as the entries are encoded.

use crate::plan::diag::{Diagnostic, Place, Severity};
use crate::plan::model::{RecFile, ReviewFile};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

const MAGIC: &[u8; 8] = b"sctcache";
/// Bumped whenever the layout or the meaning of an entry changes.
const FORMAT: u32 = 5;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns the cache on or off for this process. It is off unless the command line turns it
/// on, so that library callers and unit tests leave no files behind.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The folder holding the cache files, if one can be named.
pub fn dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = var("SCT_CACHE_DIR") {
        return Some(d);
    }
    // The XDG spec: a relative path in the variable is to be ignored.
    if let Some(d) = var("XDG_CACHE_HOME").filter(|d| d.is_absolute()) {
        return Some(d.join("sct"));
    }
    var("HOME").map(|h| h.join(".cache").join("sct"))
}

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of content that cannot change: a git blob, named by the hash of its bytes.
    const FIXED: Stamp = Stamp {
        size: 0,
        mtime: (0, 0),
        ctime: (0, 0),
        ino: 0,
        dev: 0,
    };

    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp {
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            ino: m.ino(),
            dev: m.dev(),
        })
    }

    /// Without change times and inodes, a stamp cannot be trusted: no caching.
    #[cfg(not(unix))]
    pub fn of(_: &Path) -> Option<Stamp> {
        None
    }

    /// Changed strictly before `cutoff` (seconds, nanoseconds), both content and inode.
    fn settled(&self, cutoff: (i64, i64)) -> bool {
        self.mtime < cutoff && self.ctime < cutoff
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    version: String,
    exe: String,
    root: String,
    entries: Vec<IndexEntry>,
}

#[derive(Serialize, Deserialize)]
struct IndexEntry {
    path: String,
    stamp: Stamp,
    len: u64,
    crc: u32,
    /// The key of the privacy scan that found the file clean, if one did.
    clean: Option<u64>,
}

/// One file's parse outcome as stored.
#[derive(Serialize, Deserialize)]
enum Stored<M, R> {
    Meta(M),
    Rec(R),
    Failed(Vec<StoredDiag>),
}

#[derive(Serialize, Deserialize)]
struct StoredDiag {
    warning: bool,
    redact: bool,
    span: Option<(usize, usize)>,
    message: String,
    hint: Option<String>,
}

/// A parse outcome, as `load` hands it over and gets it back.
pub enum Outcome {
    Meta(Box<ReviewFile>),
    Rec(Box<RecFile>),
    Failed(Vec<Diagnostic>),
}

/// A parse outcome held by `load`, to be stored.
pub enum OutcomeRef<'a> {
    Meta(&'a ReviewFile),
    Rec(&'a RecFile),
    Failed(&'a [Diagnostic]),
}

/// What the next cache file holds for one plan file.
pub enum Keep {
    /// An entry of the cache file read, unchanged but perhaps for its scan.
    Old {
        path: String,
        stamp: Stamp,
        range: Range<u64>,
        crc: u32,
        clean: Option<u64>,
        was_clean: Option<u64>,
    },
    /// A file parsed this time: its outcome is encoded when the cache is written.
    New(String, Stamp, Option<u64>),
}

impl Keep {
    /// Whether the scan with this key found the file clean.
    pub fn clean_for(&self, key: u64) -> bool {
        let clean = match self {
            Keep::Old { clean, .. } | Keep::New(_, _, clean) => clean,
        };
        *clean == Some(key)
    }

    /// Records what the scan found this time: `Some(key)` clean, `None` not (or unread).
    pub fn set_clean(&mut self, now: Option<u64>) {
        match self {
            Keep::Old { clean, .. } | Keep::New(_, _, clean) => *clean = now,
        }
    }
}

/// Part of the cache file's entries, read for a batch of plan files: the whole file at
/// once would double what a load holds in memory.
pub struct Window {
    start: u64,
    bytes: Vec<u8>,
}

/// The cache of one plans folder, as read at the start of a load.
pub struct Cache {
    file: PathBuf,
    root: PathBuf,
    root_key: String,
    exe: String,
    /// The cache file read, kept open: entries are read from it batch by batch.
    open: Option<std::fs::File>,
    index: HashMap<String, (Stamp, Range<u64>, u32, Option<u64>)>,
    /// One second before the load began: only files changed before it are stored.
    cutoff: (i64, i64),
}

impl Cache {
    /// The cache for the plans folder `root`, empty if there is none or it does not fit;
    /// None when caching is off or impossible here.
    pub fn open(root: &Path) -> Option<Cache> {
        Cache::open_as(root, "plans")
    }

    /// A cache file of the kind `kind` for the folder `root`.
    fn open_as(root: &Path, kind: &str) -> Option<Cache> {
        if !enabled() || !cfg!(unix) {
            return None;
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let cutoff = (now.as_secs() as i64 - 1, i64::from(now.subsec_nanos()));
        let canonical = std::fs::canonicalize(root).ok()?;
        let root_key = format!("{kind}:{}", canonical.to_str()?);
        let file = dir()?.join(format!(
            "{kind}-{:08x}.bin",
            crc32fast::hash(root_key.as_bytes())
        ));
        let mut cache = Cache {
            file,
            root: root.to_path_buf(),
            root_key,
            exe: exe_identity(),
            open: None,
            index: HashMap::new(),
            cutoff,
        };
        cache.read();
        Some(cache)
    }

    /// Reads the cache file's header; anything amiss leaves the cache empty.
    fn read(&mut self) {
        use std::io::Read;
        let Ok(mut f) = std::fs::File::open(&self.file) else {
            return;
        };
        let Ok(size) = f.metadata().map(|m| m.len()) else {
            return;
        };
        let mut magic = [0u8; 8];
        let mut foot = [0u8; 20];
        if size < 28
            || f.read_exact(&mut magic).is_err()
            || &magic != MAGIC
            || read_at(&f, &mut foot, size - 20).is_err()
            || &foot[12..] != MAGIC
        {
            return;
        }
        let len = u64::from_le_bytes(foot[..8].try_into().expect("8 bytes"));
        let crc = u32::from_le_bytes(foot[8..12].try_into().expect("4 bytes"));
        let Some(header_at) = (size - 20).checked_sub(len).filter(|at| *at >= 8) else {
            return;
        };
        let mut header = vec![0u8; len as usize];
        if read_at(&f, &mut header, header_at).is_err() || crc32fast::hash(&header) != crc {
            return;
        }
        let Ok(h) = rmp_serde::from_slice::<Header>(&header) else {
            return;
        };
        if h.format != FORMAT
            || h.version != env!("CARGO_PKG_VERSION")
            || h.exe != self.exe
            || h.root != self.root_key
        {
            return;
        }
        let mut at: u64 = 8;
        let mut index = HashMap::with_capacity(h.entries.len());
        for e in h.entries {
            let Some(end) = at.checked_add(e.len).filter(|end| *end <= header_at) else {
                return;
            };
            index.insert(e.path, (e.stamp, at..end, e.crc, e.clean));
            at = end;
        }
        self.open = Some(f);
        self.index = index;
    }

    /// The key of a plan file below the plans folder.
    pub fn key_of<'p>(&self, path: &'p Path) -> Option<&'p str> {
        path.strip_prefix(&self.root).ok()?.to_str()
    }

    /// Reads the stored entries of these plan files (those that have one).
    pub fn window<'a>(&self, paths: impl Iterator<Item = &'a Path>) -> Window {
        self.window_keys(paths.filter_map(|p| self.key_of(p)))
    }

    /// Reads the stored entries of these keys (those that have one).
    fn window_keys<'a>(&self, keys: impl Iterator<Item = &'a str>) -> Window {
        let empty = Window {
            start: 0,
            bytes: Vec::new(),
        };
        let Some(f) = &self.open else {
            return empty;
        };
        let ranges = keys.filter_map(|k| Some(&self.index.get(k)?.1));
        let (start, end) = ranges.fold((u64::MAX, 0), |(s, e), r| (s.min(r.start), e.max(r.end)));
        if start >= end {
            return empty;
        }
        let mut bytes = vec![0u8; (end - start) as usize];
        if read_at(f, &mut bytes, start).is_err() {
            return empty;
        }
        Window { start, bytes }
    }

    /// The stored outcome for `path` if its stamp is unchanged, with what keeps it.
    pub fn get(
        &self,
        window: &Window,
        path: &Path,
        stamp: Stamp,
        meta: bool,
    ) -> Option<(Outcome, Keep)> {
        self.get_key(window, self.key_of(path)?, path, stamp, meta)
    }

    /// The stored outcome under `key` if its stamp is unchanged; `path` names the file in
    /// the problems found in it.
    fn get_key(
        &self,
        window: &Window,
        key: &str,
        path: &Path,
        stamp: Stamp,
        meta: bool,
    ) -> Option<(Outcome, Keep)> {
        let (s, range, crc, clean) = self.index.get(key)?;
        if *s != stamp {
            return None;
        }
        let from = usize::try_from(range.start.checked_sub(window.start)?).ok()?;
        let to = usize::try_from(range.end - window.start).ok()?;
        let bytes = window.bytes.get(from..to)?;
        if crc32fast::hash(bytes) != *crc {
            return None;
        }
        let outcome = decode(bytes, path, meta)?;
        Some((
            outcome,
            Keep::Old {
                path: key.to_string(),
                stamp,
                range: range.clone(),
                crc: *crc,
                clean: *clean,
                was_clean: *clean,
            },
        ))
    }

    /// What to keep of a file just parsed: nothing when it changed too recently to trust
    /// its stamp, or when its outcome cannot be stored.
    pub fn keep_new(&self, path: &Path, stamp: Stamp, clean: Option<u64>) -> Option<Keep> {
        if !stamp.settled(self.cutoff) {
            return None;
        }
        let key = self.key_of(path)?;
        Some(Keep::New(key.to_string(), stamp, clean))
    }

    /// Writes the cache file if it would differ from the one read. Best effort.
    pub fn save(&self, keep: Vec<(Keep, OutcomeRef<'_>)>) {
        let unchanged = keep.len() == self.index.len()
            && keep.iter().all(
                |(k, _)| matches!(k, Keep::Old { clean, was_clean, .. } if clean == was_clean),
            );
        if unchanged {
            return;
        }
        if let Some(dir) = self.file.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return;
            }
        }
        // Written as it is encoded: the entries are never all in memory at once.
        let fill = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
            w.write_all(MAGIC)?;
            let mut entries = Vec::with_capacity(keep.len());
            let mut buf = Vec::new();
            for (k, outcome) in keep {
                let (path, stamp, clean) = match k {
                    Keep::New(path, stamp, clean) => match encode(outcome) {
                        Some(b) => {
                            buf = b;
                            (path, stamp, clean)
                        }
                        None => continue,
                    },
                    Keep::Old {
                        path,
                        stamp,
                        range: r,
                        crc,
                        clean,
                        ..
                    } => {
                        // Unchanged entries are copied from the file read, checked again.
                        let f = self.open.as_ref().ok_or(std::io::ErrorKind::NotFound)?;
                        buf.resize((r.end - r.start) as usize, 0);
                        read_at(f, &mut buf, r.start)?;
                        if crc32fast::hash(&buf) != crc {
                            return Err(std::io::ErrorKind::InvalidData.into());
                        }
                        (path, stamp, clean)
                    }
                };
                w.write_all(&buf)?;
                entries.push(IndexEntry {
                    path,
                    stamp,
                    len: buf.len() as u64,
                    crc: crc32fast::hash(&buf),
                    clean,
                });
            }
            let header = Header {
                format: FORMAT,
                version: env!("CARGO_PKG_VERSION").to_string(),
                exe: self.exe.clone(),
                root: self.root_key.clone(),
                entries,
            };
            let h = rmp_serde::to_vec(&header).map_err(std::io::Error::other)?;
            w.write_all(&h)?;
            w.write_all(&(h.len() as u64).to_le_bytes())?;
            w.write_all(&crc32fast::hash(&h).to_le_bytes())?;
            w.write_all(MAGIC)
        };
        let _ = crate::files::write_atomic_from(&self.file, fill, |_| Ok(()));
    }
}

/// Parse outcomes of git blobs (`--at`, `sct log`), by object id: an id is a hash of the
/// blob's bytes, so an entry never goes stale, and entries are only ever added. One cache
/// file per repository, beside the plans' own.
pub struct BlobCache(Cache);

/// The key of a blob read as a review.toml (`meta`) or as a recommendation file.
pub fn blob_key(oid: &str, meta: bool) -> String {
    format!("{oid}{}", if meta { ":review" } else { ":rec" })
}

impl BlobCache {
    pub fn open(repo_root: &Path) -> Option<BlobCache> {
        Cache::open_as(repo_root, "blobs").map(BlobCache)
    }

    /// The stored outcomes of these blobs (oid, read as review.toml, the path to name in
    /// problems), by `blob_key`.
    pub fn get_all(&self, wanted: &[(&str, bool, &Path)]) -> HashMap<String, Outcome> {
        let keys: Vec<String> = wanted.iter().map(|(o, m, _)| blob_key(o, *m)).collect();
        let window = self.0.window_keys(keys.iter().map(String::as_str));
        wanted
            .iter()
            .zip(keys)
            .filter_map(|((_, meta, path), key)| {
                let (outcome, _) = self.0.get_key(&window, &key, path, Stamp::FIXED, *meta)?;
                Some((key, outcome))
            })
            .collect()
    }

    /// Adds these outcomes (by `blob_key`) to the entries already stored. Best effort.
    pub fn add(&self, new: Vec<(String, OutcomeRef<'_>)>) {
        let new: Vec<_> = new
            .into_iter()
            .filter(|(k, _)| !self.0.index.contains_key(k))
            .collect();
        if new.is_empty() {
            return;
        }
        let mut keep: Vec<(Keep, OutcomeRef<'_>)> = self
            .0
            .index
            .iter()
            .map(|(k, (stamp, range, crc, clean))| {
                let old = Keep::Old {
                    path: k.clone(),
                    stamp: *stamp,
                    range: range.clone(),
                    crc: *crc,
                    clean: *clean,
                    was_clean: *clean,
                };
                // Old entries are copied as stored: their outcome is not encoded again.
                (old, OutcomeRef::Failed(&[]))
            })
            .collect();
        keep.sort_by_key(|(k, _)| match k {
            Keep::Old { range, .. } => range.start,
            Keep::New(..) => u64::MAX,
        });
        keep.extend(
            new.into_iter()
                .map(|(k, o)| (Keep::New(k, Stamp::FIXED, None), o)),
        );
        self.0.save(keep);
    }
}

impl Outcome {
    pub fn as_ref(&self) -> OutcomeRef<'_> {
        match self {
            Outcome::Meta(m) => OutcomeRef::Meta(m),
            Outcome::Rec(r) => OutcomeRef::Rec(r),
            Outcome::Failed(d) => OutcomeRef::Failed(d),
        }
    }
}

#[cfg(unix)]
fn read_at(f: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(not(unix))]
fn read_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The running executable, so that a rebuilt sct never reads a cache an older build wrote.
fn exe_identity() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return String::new();
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata(&exe) {
            return format!(
                "{} {} {}.{} {}",
                exe.display(),
                m.size(),
                m.mtime(),
                m.mtime_nsec(),
                m.ino()
            );
        }
    }
    exe.display().to_string()
}

fn encode(outcome: OutcomeRef<'_>) -> Option<Vec<u8>> {
    let stored: Stored<&ReviewFile, &RecFile> = match outcome {
        OutcomeRef::Meta(m) => Stored::Meta(m),
        OutcomeRef::Rec(r) => Stored::Rec(r),
        OutcomeRef::Failed(diags) => Stored::Failed(
            diags
                .iter()
                .map(|d| {
                    let span = match &d.place {
                        Place::File => None,
                        Place::Span(s) => Some((s.start, s.end)),
                        // Parse problems point at spans; anything else is not stored.
                        Place::Path(_) => return None,
                    };
                    Some(StoredDiag {
                        warning: d.severity == Severity::Warning,
                        redact: d.redact,
                        span,
                        message: d.message.clone(),
                        hint: d.hint.clone(),
                    })
                })
                .collect::<Option<_>>()?,
        ),
    };
    // Named fields: the model skips empty optional fields when serialised.
    rmp_serde::to_vec_named(&stored).ok()
}

fn decode(bytes: &[u8], path: &Path, meta: bool) -> Option<Outcome> {
    let stored: Stored<ReviewFile, RecFile> = rmp_serde::from_slice(bytes).ok()?;
    Some(match stored {
        Stored::Meta(m) if meta => Outcome::Meta(Box::new(m)),
        Stored::Rec(r) if !meta => Outcome::Rec(Box::new(r)),
        Stored::Failed(ds) => Outcome::Failed(
            ds.into_iter()
                .map(|d| {
                    let place = d.span.map_or(Place::File, |(a, b)| Place::Span(a..b));
                    let mut out = if d.warning {
                        Diagnostic::warning(path, place, d.message)
                    } else {
                        Diagnostic::error(path, place, d.message)
                    };
                    out.hint = d.hint;
                    out.redact = d.redact;
                    out
                })
                .collect(),
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::read::{parse_str, read_source};

    fn outcome_of(path: &Path) -> Outcome {
        let src = read_source(path).unwrap();
        if path.ends_with("review.toml") {
            match parse_str::<ReviewFile>(path, &src) {
                Ok(m) => Outcome::Meta(Box::new(m)),
                Err(d) => Outcome::Failed(d),
            }
        } else {
            match parse_str::<RecFile>(path, &src) {
                Ok(r) => Outcome::Rec(Box::new(r)),
                Err(d) => Outcome::Failed(d),
            }
        }
    }

    fn shown(o: &Outcome) -> String {
        match o {
            Outcome::Meta(m) => format!("{m:?}"),
            Outcome::Rec(r) => format!("{r:?}"),
            Outcome::Failed(d) => format!("{d:?}"),
        }
    }

    /// Every bundled plan file and every bad fixture comes back from the cache's bytes as
    /// it was parsed.
    #[test]
    fn outcomes_round_trip() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for dir in ["plans", "tests/fixtures"] {
            for e in walkdir::WalkDir::new(root.join(dir)) {
                let e = e.unwrap();
                let p = e.path();
                if p.extension().is_none_or(|x| x != "toml") || read_source(p).is_err() {
                    continue;
                }
                let o = outcome_of(p);
                let r = match &o {
                    Outcome::Meta(m) => OutcomeRef::Meta(m),
                    Outcome::Rec(r) => OutcomeRef::Rec(r),
                    Outcome::Failed(d) => OutcomeRef::Failed(d),
                };
                let bytes = encode(r).expect("storable");
                let back = decode(&bytes, p, p.ends_with("review.toml")).expect("decodes");
                assert_eq!(shown(&o), shown(&back), "{}", p.display());
                n += 1;
            }
        }
        assert!(n > 100, "only {n} files");
    }

    #[test]
    fn only_settled_files_are_kept() {
        let s = |t: i64| Stamp {
            size: 1,
            mtime: (t, 0),
            ctime: (t, 5),
            ino: 1,
            dev: 1,
        };
        assert!(s(99).settled((100, 0)));
        assert!(!s(100).settled((100, 0)));
        assert!(!s(100).settled((100, 5)));
        let mut late_ctime = s(99);
        late_ctime.ctime = (100, 0);
        assert!(!late_ctime.settled((100, 0)));
    }
}
