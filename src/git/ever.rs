//! Every ref's history, for `check --history`'s privacy scan: every version of every plan
//! file and every name one ever had, on branches merged or not, and the commit that
//! brought each in. (`Repo::log` follows HEAD's first-parent chain: what the plans' own
//! history is; a leak can be anywhere a clone reaches.)

use super::repo::{is_hash, literal, run, Commit, Repo};
use anyhow::Result;

impl Repo {
    /// Every version of every file under the plans folder in any commit reachable from any
    /// ref (branches never merged and merged ones alike), each blob once, with a path it
    /// had (relative to the plans folder): what `check --history` scans for personal data.
    pub fn plan_blobs_ever(&self) -> Result<Vec<(String, String)>> {
        if !self.has_commits()? {
            return Ok(Vec::new());
        }
        let out = run(self
            .git()
            .args([
                "rev-list",
                "--all",
                "--objects",
                "--filter=object:type=blob",
                "--",
            ])
            .args(self.plans_spec()))?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| {
                let (oid, path) = l.split_once(' ')?;
                let rel = self.strip_plans(path)?;
                is_hash(oid).then(|| (oid.to_string(), rel.to_string()))
            })
            .collect())
    }

    /// Every path under the plans folder that any commit on any ref added or changed,
    /// relative to the plans folder, each once.
    pub fn plan_paths_ever(&self) -> Result<Vec<String>> {
        if !self.has_commits()? {
            return Ok(Vec::new());
        }
        let out = run(self
            .git()
            .args([
                "log",
                "--all",
                "--no-renames",
                "--name-only",
                "-z",
                "--format=",
                "--",
            ])
            .args(self.plans_spec()))?;
        let mut paths: Vec<String> = out
            .split(|b| *b == 0)
            .map(|p| {
                String::from_utf8_lossy(p)
                    .trim_start_matches('\n')
                    .to_string()
            })
            .filter_map(|p| self.strip_plans(&p).map(str::to_string))
            .filter(|p| !p.is_empty())
            .collect();
        paths.sort_unstable();
        paths.dedup();
        Ok(paths)
    }

    /// The first commit (oldest, on any ref) that added `rel` (relative to the plans folder).
    pub fn first_commit_adding(&self, rel: &str) -> Result<Option<Commit>> {
        let path = if self.plans_rel.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.plans_rel)
        };
        let out = run(self
            .git()
            .args([
                "log",
                "--all",
                "--reverse",
                "--no-color",
                "--format=%H",
                "--",
            ])
            .arg(literal(&path)))?;
        let text = String::from_utf8_lossy(&out);
        match text.lines().find(|h| is_hash(h)) {
            Some(h) => Ok(Some(self.commit(h)?)),
            None => Ok(None),
        }
    }

    /// The first commit (oldest, on any ref) that brought the object `oid` in.
    pub fn first_commit_with(&self, oid: &str) -> Result<Option<Commit>> {
        let out = run(self.git().args([
            "log",
            "--all",
            "--reverse",
            "--no-color",
            "--format=%H",
            &format!("--find-object={oid}"),
        ]))?;
        let text = String::from_utf8_lossy(&out);
        match text.lines().find(|h| is_hash(h)) {
            Some(h) => Ok(Some(self.commit(h)?)),
            None => Ok(None),
        }
    }
}
