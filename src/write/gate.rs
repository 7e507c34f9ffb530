//! The one gate every plan write goes through:
//!
//! lock → (the command reads and edits, under the lock) → the new text is held to every
//! rule `sct check` applies to a file (size, schema, the rules across files with dates
//! against the real clock) → the guard's write (`guard::write_file`: refused if it holds
//! personal data, then atomic) → commit, or the old file put back and the reason said.
//!
//! Before anything is read, a committing write checks that git can commit (identity, no
//! index lock, no merge in progress, a branch checked out); it never stages anything but
//! the file it wrote.

use crate::git::repo::Repo;
use crate::plan::diag::{Diagnostic, Severity};
use crate::plan::load::Plans;
use crate::plan::validate::{validate, Documents};
use crate::write::lock::{self, Lock};
use anyhow::{bail, Result};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How a write is committed.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitOptions {
    /// Commit on a detached HEAD all the same.
    pub detach: bool,
}

/// An open gate: the lock is held while it lives.
pub struct Gate {
    repo: Option<Repo>,
    commit: Option<CommitOptions>,
    /// The real day: what "in the future" means for the dates written.
    today: NaiveDate,
    _lock: Lock,
}

/// A plan file's new text.
pub struct NewText<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Gate {
    /// Takes the writers' lock for `plans` (waiting for another sct to finish); with
    /// `commit`, first makes sure git can commit, so that nothing is written that could
    /// not be committed.
    pub fn open(plans: &Path, commit: Option<CommitOptions>, today: NaiveDate) -> Result<Gate> {
        let repo = match commit {
            Some(_) => Some(Repo::discover(plans)?),
            None => Repo::discover(plans).ok(),
        };
        let lock = match &repo {
            Some(r) => lock::acquire(&r.git_dir.join("sct.lock"), lock::WAIT)?,
            None => lock::acquire_folder(plans, lock::WAIT)?,
        };
        if let (Some(opts), Some(repo)) = (commit, &repo) {
            if let Some(why) = repo.commit_blocker(opts.detach)? {
                bail!("cannot commit, so nothing was written: {why}");
            }
        }
        Ok(Gate {
            repo,
            commit,
            today,
            _lock: lock,
        })
    }

    /// With a commit to make: refuses a file that already has changes not committed, so
    /// that the commit records this write alone.
    pub fn ensure_committed(&self, path: &Path) -> Result<()> {
        let (Some(repo), Some(_)) = (&self.repo, self.commit) else {
            return Ok(());
        };
        if repo.has_commits()? && repo.is_dirty(&repo.relative(path)?)? {
            bail!(
                "{} has changes that are not committed; commit or discard them first, so that \
                 the commit records this update alone\n  = hint: `git diff -- {}` shows them",
                path.display(),
                path.display()
            );
        }
        Ok(())
    }

    /// The errors `sct check` would report in the new texts that the old ones did not
    /// have: size, and the rules across files (`change` puts the new texts' models into
    /// `plans`) with dates against the real clock. The texts must already parse (the
    /// caller reports a text that does not); personal data is the guard's, at the write.
    pub fn refusals(
        &self,
        plans: &mut Plans,
        change: impl FnOnce(&mut Plans),
        texts: &[NewText],
        documents: &Documents,
    ) -> Vec<Diagnostic> {
        let paths: HashSet<&Path> = texts.iter().map(|t| t.path).collect();
        let errors = |plans: &Plans| -> Vec<Diagnostic> {
            validate(plans, Some(self.today), documents)
                .into_iter()
                .filter(|d| d.severity == Severity::Error && paths.contains(d.file.as_path()))
                .collect()
        };
        let known: HashSet<(PathBuf, String)> = errors(plans)
            .into_iter()
            .map(|d| (d.file, d.message))
            .collect();
        change(plans);
        let mut out = Vec::new();
        for t in texts {
            if let Err(d) = crate::plan::read::check_size(t.path, t.text.len() as u64) {
                out.push(d);
            }
        }
        out.extend(
            errors(plans)
                .into_iter()
                .filter(|d| !known.contains(&(d.file.clone(), d.message.clone()))),
        );
        out
    }

    /// Writes `text` to `path` (atomically) and, when the gate commits, commits that file
    /// alone with `message`. When the commit fails, the file is put back as it was (`old`;
    /// None: removed) and the error says so. Returns the commit's hash, if one was made.
    pub fn write(
        &self,
        path: &Path,
        old: Option<&[u8]>,
        text: &str,
        message: &str,
    ) -> Result<Option<String>> {
        crate::guard::write_file(path, text)?;
        let (Some(repo), Some(_)) = (&self.repo, self.commit) else {
            return Ok(None);
        };
        match repo.commit_file(path, message) {
            Ok(hash) => Ok(Some(hash)),
            Err(e) => {
                let put_back = match old {
                    Some(bytes) => crate::files::put_back(path, bytes),
                    None => std::fs::remove_file(path).map_err(Into::into),
                };
                match put_back {
                    Ok(()) => bail!(
                        "the commit failed, so {} was put back as it was and nothing was \
                         recorded: {e:#}",
                        path.display()
                    ),
                    Err(p) => bail!(
                        "the commit failed ({e:#}), and {} could not be put back as it was \
                         ({p:#}): the change is in the working tree, not committed",
                        path.display()
                    ),
                }
            }
        }
    }
}

impl Gate {
    /// Writes edits to several existing plan files as one change: every text is held to
    /// the guard before any is written; each is replaced atomically; if one write or the
    /// commit fails, those written are put back as they were (`old`). With a commit, one
    /// commit of them all, authored by `author` (`Name <email>`) when given.
    pub fn write_all(
        &self,
        files: &[(&Path, &[u8], &str)],
        message: &str,
        author: Option<&str>,
    ) -> Result<Option<String>> {
        for (path, _, text) in files {
            crate::guard::privacy::refuse_identifiers(text, &format!("`{}`", path.display()))?;
        }
        crate::guard::privacy::refuse_identifiers(message, "the commit message")?;
        let put_back = |written: &[(&Path, &[u8], &str)]| -> Vec<String> {
            written
                .iter()
                .filter_map(|(p, old, _)| {
                    crate::files::put_back(p, old)
                        .err()
                        .map(|e| format!("{} ({e:#})", p.display()))
                })
                .collect()
        };
        for (i, (path, _, text)) in files.iter().enumerate() {
            if let Err(e) = crate::guard::write_file(path, text) {
                let left = put_back(&files[..i]);
                if left.is_empty() {
                    bail!("{e:#}; the files written before it were put back: nothing was changed");
                }
                bail!(
                    "{e:#}; and these could not be put back: {}",
                    left.join(", ")
                );
            }
        }
        let (Some(repo), Some(_)) = (&self.repo, self.commit) else {
            return Ok(None);
        };
        let paths: Vec<&Path> = files.iter().map(|f| f.0).collect();
        match repo.commit_files(&paths, message, author) {
            Ok(hash) => Ok(Some(hash)),
            Err(e) => {
                let left = put_back(files);
                if left.is_empty() {
                    bail!("the commit failed, so the files were put back as they were and nothing was recorded: {e:#}");
                }
                bail!(
                    "the commit failed ({e:#}), and these could not be put back: {}",
                    left.join(", ")
                )
            }
        }
    }

    /// Writes new plan files all or nothing: each into a staging folder in `dir` (a
    /// dot-folder the loader does not read, on the same file system), then each moved into
    /// place by a rename. On any failure, what was moved is removed and the staging folder
    /// with it; a staging folder left by a killed sct is reported by `check`.
    pub fn write_new_files(&self, dir: &Path, files: &[(PathBuf, String)]) -> Result<()> {
        let staging = tempfile::Builder::new()
            .prefix(crate::plan::load::STAGING_PREFIX)
            .tempdir_in(dir)
            .map_err(|e| {
                anyhow::anyhow!("cannot create a staging folder in {}: {e}", dir.display())
            })?;
        let staged = |path: &Path| -> Result<PathBuf> {
            let rel = path
                .strip_prefix(dir)
                .map_err(|_| anyhow::anyhow!("{} is outside {}", path.display(), dir.display()))?;
            Ok(staging.path().join(rel))
        };
        for (path, text) in files {
            let to = staged(path)?;
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            crate::guard::write_file(&to, text)?;
        }
        let mut made_dirs: Vec<PathBuf> = Vec::new();
        let mut moved: Vec<&Path> = Vec::new();
        let result = (|| -> Result<()> {
            for (path, _) in files {
                let parent = path.parent().unwrap_or(Path::new("."));
                let mut missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|d| !d.exists())
                    .map(Path::to_path_buf)
                    .collect();
                std::fs::create_dir_all(parent)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
                made_dirs.append(&mut missing);
                if path.exists() {
                    bail!("{} appeared while sct was writing", path.display());
                }
                std::fs::rename(staged(path)?, path)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                moved.push(path);
            }
            Ok(())
        })();
        if let Err(e) = result {
            for p in &moved {
                let _ = std::fs::remove_file(p);
            }
            made_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
            for d in &made_dirs {
                let _ = std::fs::remove_dir(d);
            }
            return Err(e.context("the import was undone: nothing was written"));
        }
        staging.close()?;
        Ok(())
    }
}
