//! Commits: the write gate's one way to record a write (`git commit --only` of the files
//! written, so hooks and signing apply and nothing else staged is taken along).

use super::repo::{literal_path, run, spawn_error, Repo};
use anyhow::{anyhow, Result};
use std::path::Path;
use std::process::Stdio;

impl Repo {
    /// Commits `path` alone (whatever else is staged stays staged), with `message`.
    /// Identity, dates (GIT_AUTHOR_DATE…), hooks and signing are git's own. When the commit
    /// fails, nothing is left staged by sct.
    pub fn commit_file(&self, path: &Path, message: &str) -> Result<String> {
        self.commit_files(&[path], message, None)
    }

    /// Commits `paths` (and nothing else) as one commit with `message`; `author`
    /// (`Name <email>`) as its author when given, the committer being git's own identity.
    pub fn commit_files(
        &self,
        paths: &[&Path],
        message: &str,
        author: Option<&str>,
    ) -> Result<String> {
        // The write gate's privacy check: a commit message is published with the plans.
        crate::guard::privacy::refuse_identifiers(message, "the commit message")?;
        if let Some(a) = author {
            crate::guard::privacy::refuse_identifiers(a, "the commit's author")?;
        }
        let mut specs = Vec::new();
        let mut added = Vec::new();
        for path in paths {
            let spec = literal_path(&self.relative(path)?);
            if !self.tracked(&spec)? {
                run(self
                    .git()
                    .env_remove("GIT_OPTIONAL_LOCKS")
                    .args(["add", "--"])
                    .arg(&spec))?;
                added.push(spec.clone());
            }
            specs.push(spec);
        }
        let mut cmd = self.git();
        cmd.env_remove("GIT_OPTIONAL_LOCKS")
            .args(["commit", "--quiet", "--only", "-m", message]);
        if let Some(a) = author {
            cmd.arg(format!("--author={a}"));
        }
        let committed = run(cmd.arg("--").args(&specs));
        if let Err(e) = committed {
            for spec in &added {
                let _ = run(self
                    .git()
                    .env_remove("GIT_OPTIONAL_LOCKS")
                    .args(["rm", "--cached", "--quiet", "--ignore-unmatch", "--"])
                    .arg(spec));
            }
            return Err(e);
        }
        self.rev_parse("HEAD")?
            .ok_or_else(|| anyhow!("git committed, but HEAD cannot be read"))
    }

    fn tracked(&self, spec: &std::ffi::OsStr) -> Result<bool> {
        Ok(self
            .git()
            .args(["ls-files", "--error-unmatch", "--"])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(spawn_error)?
            .success())
    }
}
