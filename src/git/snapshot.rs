//! The plans a command reads: the working tree, or (with `--at`) the tree of a commit,
//! read from git's objects without touching the working tree.

use crate::git::repo::{Blob, Commit, Repo};
use crate::guard::privacy::Scanner;
use crate::plan::cache::{blob_key, BlobCache, Outcome};
use crate::plan::diag::{locate_all_masked, Diagnostic, Located};
use crate::plan::load::{
    assemble, assemble_outcomes, load, load_scanning, nested_review_toml, parse_entry,
    review_rules, symlink_error, Entry, Loaded, Scan,
};
use crate::plan::read::{check_size, decode, folder_named_toml, MAX_FILE_BYTES};
use crate::plan::validate::Documents;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub struct Snapshot {
    pub loaded: Loaded,
    /// The commit read, when not the working tree.
    pub commit: Option<Commit>,
    /// Plan files' contents from the commit, by the path shown in messages.
    blobs: HashMap<PathBuf, Blob>,
    /// With the blob cache, the files' contents are read from git only to show a problem:
    /// the repository and each file's blob.
    unread: Option<(Repo, HashMap<PathBuf, String>)>,
    documents: Documents,
}

impl Snapshot {
    /// The plans in `plans`, or as they were at `at` (a date or revision), running `scan`
    /// on the text of each plan file as it is read (once).
    pub fn open(
        plans: &Path,
        at: Option<&str>,
        repo_root: PathBuf,
        scan: Option<Scan>,
    ) -> anyhow::Result<Snapshot> {
        let Some(spec) = at else {
            return Ok(Snapshot {
                loaded: load_scanning(plans, scan)?,
                commit: None,
                blobs: HashMap::new(),
                unread: None,
                documents: Documents::Dir(repo_root),
            });
        };
        let repo = Repo::discover(plans)?;
        let commit = repo.resolve(spec)?;
        Snapshot::at_scanning(&repo, commit, plans, scan)
    }

    /// The plans in the working tree.
    pub fn working(plans: &Path, repo_root: PathBuf) -> anyhow::Result<Snapshot> {
        Ok(Snapshot {
            loaded: load(plans)?,
            commit: None,
            blobs: HashMap::new(),
            unread: None,
            documents: Documents::Dir(repo_root),
        })
    }

    /// The plans as they were in `commit`; messages name them under `plans` as usual.
    pub fn at(repo: &Repo, commit: Commit, plans: &Path) -> anyhow::Result<Snapshot> {
        Snapshot::at_scanning(repo, commit, plans, None)
    }

    fn at_scanning(
        repo: &Repo,
        commit: Commit,
        plans: &Path,
        scan: Option<Scan>,
    ) -> anyhow::Result<Snapshot> {
        let files = repo.plan_files(&commit.hash)?;
        let mut diags = Vec::new();
        let mut reviews: BTreeMap<String, bool> = BTreeMap::new();
        let mut bad_dirs = HashSet::new();
        let mut work = Vec::new();
        let mut oids = HashMap::new();
        let mut vocabulary = None;
        for f in &files {
            let parts: Vec<&str> = f.rel.split('/').collect();
            if parts.iter().any(|p| p.starts_with('.')) {
                continue;
            }
            let path = plans.join(&f.rel);
            let is_toml = f.rel.ends_with(".toml");
            let [review, inner @ ..] = parts.as_slice() else {
                continue;
            };
            if inner.is_empty() {
                if !f.symlink && f.rel == crate::plan::themes::FILE {
                    vocabulary = Some((path, f.oid.clone()));
                } else if f.symlink || is_toml {
                    diags.push(symlink_or_top(&path, f.symlink, plans));
                }
                continue;
            }
            let has_meta = reviews.entry(review.to_string()).or_insert(false);
            for (k, dir) in inner[..inner.len() - 1].iter().enumerate() {
                if dir.ends_with(".toml") {
                    let p = plans.join(review).join(inner[..=k].join("/"));
                    if bad_dirs.insert(p.clone()) {
                        diags.push(folder_named_toml(&p));
                    }
                }
            }
            if f.symlink {
                if is_toml {
                    diags.push(symlink_error(&path));
                }
                continue;
            }
            if !is_toml {
                continue;
            }
            let entry = if inner == ["review.toml"] {
                *has_meta = true;
                Entry::Meta(path.clone())
            } else if inner.last() == Some(&"review.toml") {
                diags.push(nested_review_toml(&path, &plans.join(review)));
                continue;
            } else {
                Entry::Rec(path.clone())
            };
            oids.insert(path, f.oid.as_str());
            work.push((review.to_string(), entry));
        }
        let mut review_dirs = Vec::new();
        for (id, has_meta) in reviews {
            let dir = plans.join(&id);
            review_rules(&id, &dir, has_meta, &mut diags);
            review_dirs.push((id, dir));
        }
        // Without a scan (which needs the text), parse outcomes come from the blob cache
        // where it has them: a commit's files are then not even read from git.
        if let Some(cache) = scan
            .is_none()
            .then(|| BlobCache::open(&repo.root))
            .flatten()
        {
            let mut loaded = from_blob_cache(repo, &cache, review_dirs, work, &oids, diags)?;
            let mut unread: HashMap<PathBuf, String> =
                oids.into_iter().map(|(p, o)| (p, o.to_string())).collect();
            if let Some((path, oid)) = vocabulary {
                read_vocabulary(repo, &path, &oid, None, &mut loaded)?;
                unread.insert(path, oid);
            }
            return Snapshot::finish_at(repo, commit, loaded, HashMap::new(), Some(unread));
        }
        let mut by_oid = repo.blobs(oids.values().copied(), MAX_FILE_BYTES)?;
        let blobs: HashMap<PathBuf, Blob> = oids
            .into_iter()
            .filter_map(|(p, oid)| Some((p, by_oid.get(oid)?.clone())))
            .collect();
        by_oid.clear();
        let read = |p: &Path| match blobs.get(p) {
            Some(b) => read_blob(p, b),
            None => Err(Diagnostic::error(
                p,
                crate::plan::diag::Place::File,
                "not in the commit",
            )),
        };
        let mut loaded = assemble(review_dirs, work, diags, &read, scan);
        let mut blobs = blobs;
        if let Some((path, oid)) = vocabulary {
            if let Some(bytes) = read_vocabulary(repo, &path, &oid, scan, &mut loaded)? {
                blobs.insert(path, bytes);
            }
        }
        Snapshot::finish_at(repo, commit, loaded, blobs, None)
    }

    /// The commit's plans, loaded: what else a snapshot of a commit holds.
    fn finish_at(
        repo: &Repo,
        commit: Commit,
        loaded: Loaded,
        blobs: HashMap<PathBuf, Blob>,
        unread: Option<HashMap<PathBuf, String>>,
    ) -> anyhow::Result<Snapshot> {
        // Evidence documents are looked for in the same commit, beside plans/.
        let base = match repo.plans_rel.rsplit_once('/') {
            Some((parent, _)) => parent.to_string(),
            None => String::new(),
        };
        // Listing the whole tree costs; only evidence that names a document needs it.
        let names_documents = loaded
            .plans
            .reviews
            .iter()
            .flat_map(|r| &r.recs)
            .flat_map(|r| &r.file.actions)
            .any(|a| a.evidence.iter().any(|e| e.file.is_some()));
        let paths = if names_documents {
            repo.all_paths(&commit.hash)?
        } else {
            HashSet::new()
        };
        Ok(Snapshot {
            loaded,
            commit: Some(commit),
            blobs,
            unread: unread.map(|u| (repo.clone(), u)),
            documents: Documents::Tree { paths, base },
        })
    }

    pub fn documents(&self) -> &Documents {
        &self.documents
    }

    /// Places the problems, reading each file's text from where it was loaded; what looks
    /// like a personal identifier is masked wherever plan text is shown.
    pub fn locate(&self, diags: Vec<Diagnostic>) -> Vec<Located> {
        self.locate_masked(diags, crate::guard::privacy::builtin())
    }

    /// `locate`, masking also what `scanner` finds (the terms of a private list).
    pub fn locate_masked(&self, diags: Vec<Diagnostic>, scanner: &Scanner) -> Vec<Located> {
        if self.commit.is_none() {
            return locate_all_masked(diags, &crate::plan::diag::read_text, scanner);
        }
        // Files answered by the blob cache are read now, those with a problem only.
        let mut fetched = HashMap::new();
        if let Some((repo, oids)) = &self.unread {
            let wanted: HashSet<&str> = diags
                .iter()
                .filter_map(|d| oids.get(&d.file).map(String::as_str))
                .collect();
            let by_oid = repo.blobs(wanted, MAX_FILE_BYTES).unwrap_or_default();
            for d in &diags {
                if let Some(b) = oids.get(&d.file).and_then(|o| by_oid.get(o)) {
                    fetched.insert(d.file.clone(), b.clone());
                }
            }
        }
        let read = |p: &Path| {
            self.blobs
                .get(p)
                .or_else(|| fetched.get(p))
                .and_then(|b| match b {
                    Blob::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
                    Blob::TooLarge(_) => None,
                })
        };
        locate_all_masked(diags, &read, scanner)
    }
}

fn symlink_or_top(path: &Path, symlink: bool, plans: &Path) -> Diagnostic {
    if symlink {
        symlink_error(path)
    } else {
        crate::plan::load::top_level_file(path, plans)
    }
}

/// Loads a commit's plan files from the blob cache, reading from git and parsing only the
/// blobs it does not hold, and adds those to it.
fn from_blob_cache(
    repo: &Repo,
    cache: &BlobCache,
    review_dirs: Vec<(String, PathBuf)>,
    work: Vec<(String, Entry)>,
    oids: &HashMap<PathBuf, &str>,
    diags: Vec<Diagnostic>,
) -> anyhow::Result<Loaded> {
    let oid_of = |e: &Entry| oids.get(e.path()).copied().unwrap_or_default();
    let is_meta = |e: &Entry| matches!(e, Entry::Meta(_));
    let wanted: Vec<(&str, bool, &Path)> = work
        .iter()
        .map(|(_, e)| (oid_of(e), is_meta(e), e.path()))
        .collect();
    let mut hits = cache.get_all(&wanted);
    let (mut done, todo): (Vec<_>, Vec<_>) = work
        .into_iter()
        .map(|(id, e)| {
            let key = blob_key(oid_of(&e), is_meta(&e));
            let hit = hits.remove(&key);
            (id, e, key, hit)
        })
        .partition(|(.., hit)| hit.is_some());
    let by_oid = repo.blobs(todo.iter().map(|(_, e, ..)| oid_of(e)), MAX_FILE_BYTES)?;
    let parsed: Vec<_> = todo
        .into_par_iter()
        .map(|(id, e, key, _)| {
            let outcome = match by_oid.get(oid_of(&e)) {
                Some(b) => parse_entry(&e, read_blob(e.path(), b)),
                None => Outcome::Failed(vec![Diagnostic::error(
                    e.path(),
                    crate::plan::diag::Place::File,
                    "not in the commit",
                )]),
            };
            (id, e, key, Some(outcome))
        })
        .collect();
    // Only what was read from git is kept: an object missing now may be fetched later, and
    // one over the limit was never read (history reports it by its size).
    cache.add(
        parsed
            .iter()
            .filter(|(_, e, ..)| matches!(by_oid.get(oid_of(e)), Some(Blob::Bytes(_))))
            .filter_map(|(.., key, o)| Some((key.clone(), o.as_ref()?.as_ref())))
            .collect(),
    );
    done.extend(parsed);
    let outcomes = done
        .into_iter()
        .filter_map(|(id, e, _, o)| Some((id, e.path().to_path_buf(), o?)))
        .collect();
    Ok(assemble_outcomes(review_dirs, outcomes, diags))
}

/// A plan file's text from its blob: under the size limit (known before it was read),
/// UTF-8, not empty.
fn read_blob(path: &Path, blob: &Blob) -> Result<String, Diagnostic> {
    match blob {
        Blob::Bytes(bytes) => {
            check_size(path, bytes.len() as u64)?;
            decode(path, bytes.clone())
        }
        Blob::TooLarge(len) => check_size(path, *len).map(|_| String::new()),
    }
}

/// The commit's `plans/themes.toml`, read into `loaded`; its blob, to show its problems.
fn read_vocabulary(
    repo: &Repo,
    path: &Path,
    oid: &str,
    scan: Option<Scan>,
    loaded: &mut Loaded,
) -> anyhow::Result<Option<Blob>> {
    let mut by_oid = repo.blobs(std::iter::once(oid), MAX_FILE_BYTES)?;
    let Some(blob) = by_oid.remove(oid) else {
        return Ok(None);
    };
    let (vocab, found) = crate::plan::themes::read(path, &read_blob(path, &blob), scan);
    loaded.plans.themes = vocab;
    loaded.diagnostics.extend(found);
    loaded.files += 1;
    Ok(Some(blob))
}
