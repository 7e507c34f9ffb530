//! The plans' git repository, through the git command line: the one place git is run.
//!
//! Reading: nothing that a commit's author, message or any other commit data can shape is
//! parsed out of git's text output. Lists carry only hashes, timestamps and NUL-terminated
//! paths (`-z`); commits are read as raw objects through `git cat-file --batch`, whose
//! answers are length-prefixed, and parsed by `gix-object` into typed commits; a blob's
//! size is asked (`--batch-check`) before the blob is read, so nothing over the plan-file
//! limit is ever read. Signatures are git's own verification (`%G?`), asked by hash.
//!
//! Writing is `git commit`, so that the user's hooks, identity and signing set-up apply.

pub use super::objects::{Blob, Commit, Signature};
use anyhow::{anyhow, bail, Context, Result};
use chrono::TimeZone;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository holding a plans folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The work tree's top folder.
    pub root: PathBuf,
    /// The plans folder relative to `root`, with `/` separators ("" when it is the root).
    pub plans_rel: String,
    /// The work tree's git folder (`.git`, or a linked work tree's own).
    pub git_dir: PathBuf,
}

/// A file in a commit's tree.
#[derive(Debug, Clone)]
pub struct TreeFile {
    /// Relative to the plans folder.
    pub rel: String,
    pub symlink: bool,
    pub oid: String,
}

/// One file changed by a commit: its blob before and after (None: absent).
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Relative to the plans folder.
    pub rel: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LogEntry {
    pub commit: Commit,
    pub files: Vec<FileChange>,
}

/// The days `--at` and `--since` take: git misreads dates outside them.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2099;

const NULL_OID: &str = "0000000000000000000000000000000000000000";

impl Repo {
    /// The repository holding `plans`, or a clear error when there is none (or no git).
    pub fn discover(plans: &Path) -> Result<Repo> {
        let abs = std::path::absolute(plans).unwrap_or_else(|_| plans.to_path_buf());
        if !abs.is_dir() {
            bail!(
                "cannot read the plans folder `{}`\n  = hint: run sct from your plans repository, \
                 or name the folder with --plans DIR or SCT_PLANS",
                plans.display()
            );
        }
        let out = run(Command::new("git").arg("-C").arg(&abs).args([
            "rev-parse",
            "--show-toplevel",
            "--absolute-git-dir",
        ]))
        .map_err(|e| {
            if e.to_string().contains("not a git repository") {
                anyhow!(
                    "`{}` is not inside a git repository, and this needs the plans' git history\n  \
                     = hint: the plans are meant to be kept in git: `git init`, then commit them",
                    plans.display()
                )
            } else {
                e
            }
        })?;
        let out = String::from_utf8_lossy(&out);
        let mut lines = out.lines();
        let (Some(root), Some(git_dir)) = (lines.next(), lines.next()) else {
            bail!("`{}` is not inside a git work tree", plans.display());
        };
        let root = PathBuf::from(root);
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let canon_plans = abs.canonicalize().unwrap_or(abs);
        let rel = canon_plans
            .strip_prefix(&canon_root)
            .map_err(|_| anyhow!("`{}` is outside its repository", plans.display()))?;
        let plans_rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Repo {
            root,
            plans_rel,
            git_dir: PathBuf::from(git_dir),
        })
    }

    pub(super) fn git(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("-C").arg(&self.root);
        // Read-only commands must not take the index lock while a user works.
        c.env("GIT_OPTIONAL_LOCKS", "0");
        c
    }

    /// The pathspec of the plans folder, taken literally (None: the whole repository).
    pub(super) fn plans_spec(&self) -> Option<String> {
        (!self.plans_rel.is_empty()).then(|| literal(&self.plans_rel))
    }

    /// Path relative to the plans folder, from one relative to the repository's top.
    pub(super) fn strip_plans<'a>(&self, path: &'a str) -> Option<&'a str> {
        if self.plans_rel.is_empty() {
            Some(path)
        } else {
            path.strip_prefix(&self.plans_rel)?.strip_prefix('/')
        }
    }

    /// A date (the last commit on or before that day along the first-parent chain, by
    /// commit date, never one that follows a later commit) or any revision git understands.
    pub fn resolve(&self, spec: &str) -> Result<Commit> {
        if let Ok(day) = crate::plan::date::parse_day(spec) {
            return self.at_day(spec, day);
        }
        let hash = if spec.starts_with('-') {
            None
        } else {
            self.rev_parse(&format!("{spec}^{{commit}}"))?
        };
        match hash {
            Some(h) => self.commit(&h),
            None => bail!(
                "`{spec}` is neither a date (YYYY-MM-DD) nor a revision of this repository\n  \
                 = hint: give a day such as 2012-03-31, or a commit, tag or branch name"
            ),
        }
    }

    fn at_day(&self, spec: &str, day: chrono::NaiveDate) -> Result<Commit> {
        use chrono::Datelike;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
            bail!(
                "{spec} is outside the dates sct reads history at: give a day from {FIRST_YEAR} \
                 to {LAST_YEAR} (git cannot read dates outside them reliably)"
            );
        }
        if !self.has_commits()? {
            bail!("the repository has no commits yet");
        }
        let end = day.and_hms_opt(23, 59, 59).unwrap_or_default();
        let cutoff = chrono::Local
            .from_local_datetime(&end)
            .latest()
            .map_or_else(|| end.and_utc().timestamp(), |t| t.timestamp());
        // Oldest first along the first-parent chain: the answer is the last commit before
        // the first one dated after the day, so a commit dated before its parent never
        // brings in the parent's later change.
        let out = run(self.git().args([
            "rev-list",
            "--first-parent",
            "--reverse",
            "--timestamp",
            "HEAD",
        ]))?;
        let out = String::from_utf8_lossy(&out);
        let mut chain = out.lines().filter_map(|l| {
            let (ts, hash) = l.split_once(' ')?;
            Some((ts.parse::<i64>().ok()?, hash))
        });
        let first = chain.next();
        let mut found = None;
        for (ts, hash) in first.into_iter().chain(chain) {
            if ts > cutoff {
                break;
            }
            found = Some(hash);
        }
        match found {
            Some(h) => self.commit(h),
            None => {
                let start = first
                    .and_then(|(ts, _)| chrono::Local.timestamp_opt(ts, 0).single())
                    .map_or("?".to_string(), |t| t.format("%Y-%m-%d").to_string());
                bail!("no commit on or before {spec}: the history starts on {start}")
            }
        }
    }

    /// The hash a revision names, if any.
    pub(super) fn rev_parse(&self, rev: &str) -> Result<Option<String>> {
        let out = self
            .git()
            .args(["rev-parse", "--verify", "--quiet", "--end-of-options", rev])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(spawn_error)?;
        let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok((out.status.success() && is_hash(&hash)).then_some(hash))
    }

    pub fn has_commits(&self) -> Result<bool> {
        Ok(self.rev_parse("HEAD^{commit}")?.is_some())
    }

    /// Every file under the plans folder in a commit's tree.
    pub fn plan_files(&self, commit: &str) -> Result<Vec<TreeFile>> {
        let out = run(self
            .git()
            // No `-l`: sizes would make git open every object; they are checked when read.
            .args([
                "ls-tree",
                "-r",
                "-z",
                "--full-tree",
                "--end-of-options",
                commit,
                "--",
            ])
            .args(self.plans_spec()))?;
        let mut files = Vec::new();
        for rec in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let rec = String::from_utf8_lossy(rec);
            let Some((meta, path)) = rec.split_once('\t') else {
                continue;
            };
            let mut f = meta.split_whitespace();
            let (Some(mode), Some(kind), Some(oid)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            if kind != "blob" {
                continue;
            }
            let Some(rel) = self.strip_plans(path) else {
                continue;
            };
            files.push(TreeFile {
                rel: rel.to_string(),
                symlink: mode == "120000",
                oid: oid.to_string(),
            });
        }
        Ok(files)
    }

    /// Every path in a commit's whole tree, relative to the repository's top.
    pub fn all_paths(&self, commit: &str) -> Result<std::collections::HashSet<String>> {
        let out = run(self.git().args([
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--full-tree",
            "--end-of-options",
            commit,
        ]))?;
        Ok(out
            .split(|b| *b == 0)
            .filter(|r| !r.is_empty())
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect())
    }

    /// Every commit along HEAD's first-parent chain that changed the plans folder, oldest
    /// first, with the blobs of each changed file before and after. A merge is compared
    /// with its first parent: what it brought in, and any change made in the merge itself,
    /// are its own.
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        if !self.has_commits()? {
            return Ok(Vec::new());
        }
        let out = run(self
            .git()
            .args([
                "log",
                "--first-parent",
                "--diff-merges=first-parent",
                "--reverse",
                "-z",
                "--raw",
                "--no-renames",
                "--no-abbrev",
                "--no-color",
                "--no-show-signature",
                "--format=%H",
                "HEAD",
                "--",
            ])
            .args(self.plans_spec()))?;
        // Tokens between NULs: a commit's hash, then ":modes oids status" and path pairs.
        let mut changes: Vec<(String, Vec<FileChange>)> = Vec::new();
        let mut tokens = out.split(|b| *b == 0);
        while let Some(t) = tokens.next() {
            let t = String::from_utf8_lossy(t);
            let t = t.trim_start_matches('\n');
            if let Some(meta) = t.strip_prefix(':') {
                let Some(path) = tokens.next() else { break };
                let path = String::from_utf8_lossy(path);
                let Some((_, files)) = changes.last_mut() else {
                    continue;
                };
                let f: Vec<&str> = meta.split_whitespace().collect();
                if f.len() < 5 {
                    continue;
                }
                let Some(rel) = self.strip_plans(&path) else {
                    continue;
                };
                let blob = |oid: &str, mode: &str| {
                    (oid != NULL_OID && mode != "000000" && mode != "160000")
                        .then(|| oid.to_string())
                };
                files.push(FileChange {
                    rel: rel.to_string(),
                    old: blob(f[2], f[0]),
                    new: blob(f[3], f[1]),
                });
            } else if is_hash(t) {
                changes.push((t.to_string(), Vec::new()));
            }
        }
        let hashes: Vec<String> = changes.iter().map(|(h, _)| h.clone()).collect();
        let commits = self.commits(&hashes)?;
        Ok(commits
            .into_iter()
            .zip(changes)
            .map(|(commit, (_, files))| LogEntry { commit, files })
            .collect())
    }

    /// Every commit reachable from any ref, with its whole message: what `check --history`
    /// scans for personal data. The messages come from the raw commit objects.
    pub fn messages(&self) -> Result<Vec<(Commit, String)>> {
        if !self.has_commits()? {
            return Ok(Vec::new());
        }
        let out = run(self.git().args(["rev-list", "--all"]))?;
        let hashes: Vec<String> = String::from_utf8_lossy(&out)
            .lines()
            .filter(|h| is_hash(h))
            .map(str::to_string)
            .collect();
        self.commits_with_messages(&hashes)
    }

    /// Plan files that differ from HEAD in the working tree (edited, added or deleted),
    /// relative to the plans folder.
    pub fn uncommitted(&self) -> Result<Vec<String>> {
        let out = run(self
            .git()
            .args([
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--no-renames",
                "--",
            ])
            .args(self.plans_spec()))?;
        Ok(out
            .split(|b| *b == 0)
            .filter(|r| r.len() > 3)
            .filter_map(|r| {
                let path = String::from_utf8_lossy(&r[3..]).into_owned();
                self.strip_plans(&path).map(str::to_string)
            })
            .collect())
    }

    /// Whether `path` (relative to the repository's top) has changes not in HEAD.
    pub fn is_dirty(&self, path: &Path) -> Result<bool> {
        let out = run(self
            .git()
            .args(["status", "--porcelain=v1", "-z", "--"])
            .arg(literal_path(path)))?;
        Ok(!out.is_empty())
    }

    /// The repository-relative form of a path in the work tree.
    pub fn relative(&self, path: &Path) -> Result<PathBuf> {
        let abs = std::path::absolute(path)?;
        let dir = abs.parent().unwrap_or(&abs).canonicalize()?;
        let root = self.root.canonicalize()?;
        let rel = dir
            .strip_prefix(&root)
            .map_err(|_| anyhow!("`{}` is outside the repository", path.display()))?;
        Ok(rel.join(abs.file_name().unwrap_or_default()))
    }

    /// Why a commit cannot be made now, if it cannot: no identity, git's index locked, a
    /// merge (or rebase, cherry-pick, revert) in progress, or HEAD detached (unless
    /// `detach`).
    pub fn commit_blocker(&self, detach: bool) -> Result<Option<String>> {
        let lock = self.git_dir.join("index.lock");
        if lock.exists() {
            return Ok(Some(format!(
                "git's index is locked ({} exists): another git command is running, or one \
                 stopped half-way\n  = hint: when no git command is running, remove it: rm '{}'",
                lock.display(),
                lock.display()
            )));
        }
        for (marker, what, finish) in [
            (
                "MERGE_HEAD",
                "a merge",
                "`git commit` to conclude it, or `git merge --abort`",
            ),
            (
                "CHERRY_PICK_HEAD",
                "a cherry-pick",
                "`git cherry-pick --continue` or `--abort`",
            ),
            (
                "REVERT_HEAD",
                "a revert",
                "`git revert --continue` or `--abort`",
            ),
            (
                "rebase-merge",
                "a rebase",
                "`git rebase --continue` or `--abort`",
            ),
            (
                "rebase-apply",
                "a rebase or `git am`",
                "`--continue` or `--abort`",
            ),
        ] {
            if self.git_dir.join(marker).exists() {
                return Ok(Some(format!(
                    "{what} is in progress in this repository, so sct cannot commit its change \
                     alone\n  = hint: finish it first: {finish}"
                )));
            }
        }
        let on_branch = self
            .git()
            .args(["symbolic-ref", "-q", "HEAD"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(spawn_error)?
            .success();
        if !on_branch && !detach {
            return Ok(Some(
                "HEAD is detached (no branch is checked out): a commit made now would belong \
                 to no branch and could be lost\n  = hint: switch to a branch (`git switch \
                 main`), or give --detach to commit on the detached HEAD all the same"
                    .into(),
            ));
        }
        for who in ["GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"] {
            if let Err(e) = run(self.git().args(["var", who])) {
                return Ok(Some(format!(
                    "git has no identity to commit with: {}\n  = hint: tell git who you are: \
                     git config user.name \"Your Name\" && git config user.email you@example.org",
                    e.to_string()
                        .trim_start_matches("git failed: ")
                        .lines()
                        .next()
                        .unwrap_or("")
                )));
            }
        }
        Ok(None)
    }
}

pub(super) fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Who made a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// A commit to write into a new repository: who, when, why and the files it sets.
#[derive(Debug, Clone)]
pub struct NewCommit {
    pub author: Identity,
    pub committer: Identity,
    /// Seconds since 1970, UTC.
    pub time: i64,
    pub message: String,
    /// Paths from the repository's top, with their whole new contents.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A fresh repository in `dir` (which must be empty or absent) holding `commits` on
/// branch `main`, lightweight `tags` (name, index into `commits`), and a work tree checked
/// out at the last commit.
///
/// Written through one `git fast-import`, sealed from the user's and the system's git
/// configuration, hooks and signing: the same commits give the same hashes on every
/// machine.
pub fn create(dir: &Path, commits: &[NewCommit], tags: &[(String, usize)]) -> Result<Repo> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let sealed = |c: &mut Command| {
        c.current_dir(dir)
            .env(
                "GIT_CONFIG_GLOBAL",
                if cfg!(windows) { "NUL" } else { "/dev/null" },
            )
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_OBJECT_DIRECTORY");
    };
    let git = |args: &[&str]| -> Result<Vec<u8>> {
        let mut c = Command::new("git");
        sealed(&mut c);
        run(c.args(args))
    };
    git(&["init", "--quiet", "--template="])?;
    git(&["symbolic-ref", "HEAD", "refs/heads/main"])?;

    let mut stream = Vec::new();
    let data = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend_from_slice(format!("data {}\n", bytes.len()).as_bytes());
        out.extend_from_slice(bytes);
        out.push(b'\n');
    };
    for (i, c) in commits.iter().enumerate() {
        let who = |p: &Identity| format!("{} <{}> {} +0000", p.name, p.email, c.time);
        stream.extend_from_slice(
            format!(
                "commit refs/heads/main\nmark :{}\nauthor {}\ncommitter {}\n",
                i + 1,
                who(&c.author),
                who(&c.committer)
            )
            .as_bytes(),
        );
        data(&mut stream, c.message.as_bytes());
        for (path, text) in &c.files {
            stream.extend_from_slice(format!("M 100644 inline {path}\n").as_bytes());
            data(&mut stream, text);
        }
        stream.push(b'\n');
    }
    for (name, at) in tags {
        stream
            .extend_from_slice(format!("reset refs/tags/{name}\nfrom :{}\n\n", at + 1).as_bytes());
    }
    stream.extend_from_slice(b"done\n");

    let mut c = Command::new("git");
    sealed(&mut c);
    let mut child = c
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let mut stdin = child.stdin.take().context("git fast-import: no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(&stream));
    let out = child.wait_with_output()?;
    let _ = writer.join();
    if !out.status.success() {
        bail!(
            "git fast-import failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    git(&["reset", "--hard", "--quiet"])?;
    Repo::discover(dir)
}

/// A pathspec that matches `path` itself, whatever characters it holds (`*`, `?`, `[`).
pub(super) fn literal(path: &str) -> String {
    format!(":(literal){path}")
}

pub(super) fn literal_path(path: &Path) -> std::ffi::OsString {
    let mut s = std::ffi::OsString::from(":(literal)");
    s.push(path.as_os_str());
    s
}

pub(super) fn spawn_error(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        anyhow!(
            "git is not installed, or not on PATH; sct reads the plans' history through git\n  \
             = hint: install git (https://git-scm.com) and try again"
        )
    } else {
        anyhow!("cannot run git: {e}")
    }
}

/// Runs git and returns its standard output, or its own message as the error.
pub(super) fn run(cmd: &mut Command) -> Result<Vec<u8>> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .map_err(spawn_error)?;
    finish(out)
}

/// `run`, writing `input` to git's standard input (from another thread: git answers while
/// it is still being asked, and pipes are small).
pub(super) fn run_with_input(cmd: &mut Command, input: Vec<u8>) -> Result<Vec<u8>> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let mut stdin = child.stdin.take().context("git: no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(spawn_error)?;
    let _ = writer.join();
    finish(out)
}

fn finish(out: std::process::Output) -> Result<Vec<u8>> {
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        let msg = msg.trim();
        bail!(
            "git failed: {}",
            if msg.is_empty() { "no message" } else { msg }
        );
    }
    Ok(out.stdout)
}
