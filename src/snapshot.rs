//! The plans a command reads: the working tree, or (with `--at`) the tree of a commit,
//! read from git's objects without touching the working tree.

use crate::diag::{locate_all_masked, Diagnostic, Located};
use crate::git::{Commit, Repo};
use crate::load::{
    assemble, check_size, decode, folder_named_toml, load, load_scanning, nested_review_toml,
    review_rules, symlink_error, Entry, Loaded, Scan,
};
use crate::privacy::Scanner;
use crate::validate::Documents;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub struct Snapshot {
    pub loaded: Loaded,
    /// The commit read, when not the working tree.
    pub commit: Option<Commit>,
    /// Plan files' contents from the commit, by the path shown in messages.
    blobs: HashMap<PathBuf, Vec<u8>>,
    documents: Documents,
}

impl Snapshot {
    /// The plans named by the global options: `--plans`, and `--at` if given.
    pub fn open(config: &crate::config::Config) -> anyhow::Result<Snapshot> {
        Snapshot::open_scanning(config, None)
    }

    /// `open`, running `scan` on the text of each plan file as it is read (once).
    pub fn open_scanning(
        config: &crate::config::Config,
        scan: Option<Scan>,
    ) -> anyhow::Result<Snapshot> {
        let Some(spec) = &config.at else {
            return Ok(Snapshot {
                loaded: load_scanning(&config.plans, scan)?,
                commit: None,
                blobs: HashMap::new(),
                documents: Documents::Dir(config.repo_root()),
            });
        };
        let repo = Repo::discover(&config.plans)?;
        let commit = repo.resolve(spec)?;
        let _ = config.at_commit.set(commit.clone());
        Snapshot::at_scanning(&repo, commit, &config.plans, scan)
    }

    /// The plans in the working tree.
    pub fn working(plans: &Path, repo_root: PathBuf) -> anyhow::Result<Snapshot> {
        Ok(Snapshot {
            loaded: load(plans)?,
            commit: None,
            blobs: HashMap::new(),
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
                if f.symlink || is_toml {
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
            if let Err(d) = check_size(&path, f.size) {
                diags.push(d);
                continue;
            }
            oids.insert(path, f.oid.as_str());
            work.push((review.to_string(), entry));
        }
        let mut review_dirs = Vec::new();
        for (id, has_meta) in reviews {
            let dir = plans.join(&id);
            review_rules(&id, &dir, has_meta, &mut diags);
            review_dirs.push((id, dir));
        }
        let mut by_oid = repo.blobs(oids.values().copied())?;
        let blobs: HashMap<PathBuf, Vec<u8>> = oids
            .into_iter()
            .map(|(p, oid)| {
                let bytes = by_oid.get(oid).cloned().unwrap_or_default();
                (p, bytes)
            })
            .collect();
        by_oid.clear();
        let read = |p: &Path| match blobs.get(p) {
            Some(b) => decode(p, b.clone()),
            None => Err(Diagnostic::error(
                p,
                crate::diag::Place::File,
                "not in the commit",
            )),
        };
        let loaded = assemble(review_dirs, work, diags, &read, scan);
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
            documents: Documents::Tree { paths, base },
        })
    }

    pub fn documents(&self) -> &Documents {
        &self.documents
    }

    /// Places the problems, reading each file's text from where it was loaded; what looks
    /// like a personal identifier is masked wherever plan text is shown.
    pub fn locate(&self, diags: Vec<Diagnostic>) -> Vec<Located> {
        self.locate_masked(diags, crate::privacy::builtin())
    }

    /// `locate`, masking also what `scanner` finds (the terms of a private list).
    pub fn locate_masked(&self, diags: Vec<Diagnostic>, scanner: &Scanner) -> Vec<Located> {
        if self.commit.is_none() {
            let read = |p: &Path| {
                std::fs::read(p)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            };
            return locate_all_masked(diags, &read, scanner);
        }
        let read = |p: &Path| {
            self.blobs
                .get(p)
                .map(|b| String::from_utf8_lossy(b).into_owned())
        };
        locate_all_masked(diags, &read, scanner)
    }
}

fn symlink_or_top(path: &Path, symlink: bool, plans: &Path) -> Diagnostic {
    if symlink {
        symlink_error(path)
    } else {
        crate::load::top_level_file(path, plans)
    }
}
