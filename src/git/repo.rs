//! The plans' git repository, through the git command line.
//!
//! Why the git CLI rather than gix: the audit trail must mean what `git log` means to the
//! board's staff, with their own configuration, identities, hooks and signing set-up;
//! `%G?` is git's own signature verification; and one `git log` plus one
//! `git cat-file --batch` process answer a 5,000-commit history well within a second.

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository holding a plans folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The work tree's top folder.
    pub root: PathBuf,
    /// The plans folder relative to `root`, with `/` separators ("" when it is the root).
    pub plans_rel: String,
}

/// A commit, as sct shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub email: String,
    pub date: DateTime<FixedOffset>,
    pub committed: DateTime<FixedOffset>,
    pub subject: String,
    pub signature: Signature,
}

impl Commit {
    pub fn short(&self) -> &str {
        self.hash.get(..7).unwrap_or(&self.hash)
    }
}

/// git's own verdict on a commit's signature (`%G?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    None,
    Good,
    GoodUntrusted,
    Bad,
    Expired,
    Revoked,
    CannotCheck,
}

impl Signature {
    fn from_code(c: &str) -> Signature {
        match c {
            "G" => Signature::Good,
            "U" => Signature::GoodUntrusted,
            "B" => Signature::Bad,
            "X" | "Y" => Signature::Expired,
            "R" => Signature::Revoked,
            "E" => Signature::CannotCheck,
            _ => Signature::None,
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Signature::None => "unsigned",
            Signature::Good => "signed, verified",
            Signature::GoodUntrusted => "signed, verified (key not trusted)",
            Signature::Bad => "BAD SIGNATURE",
            Signature::Expired => "signed, key expired",
            Signature::Revoked => "signed, key revoked",
            Signature::CannotCheck => "signed, cannot be checked here",
        }
    }
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
        let out = run(Command::new("git")
            .arg("-C")
            .arg(&abs)
            .args(["rev-parse", "--show-toplevel"]))
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
        let root = PathBuf::from(String::from_utf8_lossy(&out).trim_end_matches('\n'));
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
        Ok(Repo { root, plans_rel })
    }

    fn git(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("-C").arg(&self.root);
        // Read-only commands must not take the index lock while a user works.
        c.env("GIT_OPTIONAL_LOCKS", "0");
        c
    }

    /// The pathspec of the plans folder.
    fn plans_spec(&self) -> String {
        if self.plans_rel.is_empty() {
            ".".into()
        } else {
            self.plans_rel.clone()
        }
    }

    /// Path relative to the plans folder, from one relative to the repository's top.
    fn strip_plans<'a>(&self, path: &'a str) -> Option<&'a str> {
        if self.plans_rel.is_empty() {
            Some(path)
        } else {
            path.strip_prefix(&self.plans_rel)?.strip_prefix('/')
        }
    }

    /// A date (the last commit on or before that day) or any revision git understands.
    /// One git process either way: `--at` must cost little more than the working tree.
    pub fn resolve(&self, spec: &str) -> Result<Commit> {
        if let Ok(day) = crate::plan::date::parse_day(spec) {
            let found = self.commit_where(Some(&format!("--before={day} 23:59:59")), "HEAD");
            return match found {
                Ok(Some(c)) => Ok(c),
                Ok(None) => {
                    let first = run(self
                        .git()
                        .args(["log", "--reverse", "--format=%cs", "HEAD"]))?;
                    let first = String::from_utf8_lossy(&first);
                    bail!(
                        "no commit on or before {spec}: the history starts on {}",
                        first.lines().next().unwrap_or("?")
                    )
                }
                Err(_) if !self.has_commits()? => bail!("the repository has no commits yet"),
                Err(e) => Err(e),
            };
        }
        match self.commit_where(None, &format!("{spec}^{{commit}}")) {
            Ok(Some(c)) => Ok(c),
            _ => bail!(
                "`{spec}` is neither a date (YYYY-MM-DD) nor a revision of this repository\n  \
                 = hint: give a day such as 2012-03-31, or a commit, tag or branch name"
            ),
        }
    }

    /// The first commit `git log` lists from `rev` (with an option), if any.
    fn commit_where(&self, option: Option<&str>, rev: &str) -> Result<Option<Commit>> {
        let out = run(self
            .git()
            .args(["log", "-1", "-z", FORMAT])
            .args(option)
            .args(["--end-of-options", rev]))?;
        let text = String::from_utf8_lossy(&out);
        let text = text.trim_start_matches(RS).trim_end_matches('\0');
        Ok(if text.is_empty() {
            None
        } else {
            parse_commit(text)
        })
    }

    pub fn has_commits(&self) -> Result<bool> {
        Ok(self
            .git()
            .args(["rev-parse", "--verify", "--quiet", "HEAD"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(spawn_error)?
            .success())
    }

    /// Every file under the plans folder in a commit's tree.
    pub fn plan_files(&self, commit: &str) -> Result<Vec<TreeFile>> {
        let out = run(self
            .git()
            // No `-l`: sizes would make git open every object; they are checked when read.
            .args(["ls-tree", "-r", "-z", "--full-tree", commit, "--"])
            .arg(self.plans_spec()))?;
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
        let out =
            run(self
                .git()
                .args(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit]))?;
        Ok(out
            .split(|b| *b == 0)
            .filter(|r| !r.is_empty())
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect())
    }

    /// The contents of many blobs through one `git cat-file --batch`.
    pub fn blobs<'a>(
        &self,
        oids: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashMap<String, Vec<u8>>> {
        let mut wanted: Vec<&str> = oids.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return Ok(out);
        }
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let mut stdin = child.stdin.take().context("git cat-file: no stdin")?;
        let input: String = wanted.iter().map(|o| format!("{o}\n")).collect();
        // Write from another thread: git answers while we still ask, and pipes are small.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(child.stdout.take().context("git cat-file: no stdout")?);
        let mut header = String::new();
        for oid in &wanted {
            header.clear();
            reader.read_line(&mut header)?;
            let mut f = header.split_whitespace();
            let (_, kind, size) = (f.next(), f.next(), f.next());
            if kind == Some("missing") || size.is_none() {
                bail!("git has no object {oid}");
            }
            let size: usize = size.unwrap_or("0").parse().unwrap_or(0);
            let mut buf = vec![0; size + 1]; // the content and its trailing newline
            reader.read_exact(&mut buf)?;
            buf.pop();
            out.insert((*oid).to_string(), buf);
        }
        drop(reader);
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }

    /// Every commit that changed the plans folder, oldest first, with the blobs of each
    /// changed file before and after (against the first parent; merges are skipped, their
    /// branches' own commits carry the changes).
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        if !self.has_commits()? {
            return Ok(Vec::new());
        }
        let out = run(self
            .git()
            .args([
                "log",
                "--reverse",
                "--topo-order",
                "--no-merges",
                "-z",
                "--raw",
                "--no-renames",
                "--no-abbrev",
                FORMAT,
                "HEAD",
                "--",
            ])
            .arg(self.plans_spec()))?;
        let text = String::from_utf8_lossy(&out);
        let mut entries = Vec::new();
        for chunk in text.split(RS).filter(|c| !c.is_empty()) {
            // The header ends at the first NUL; then ":old new … M\0path\0" pairs.
            let mut parts = chunk.split('\0');
            let Some(commit) = parts.next().and_then(parse_commit) else {
                continue;
            };
            let mut files = Vec::new();
            while let Some(meta) = parts.next() {
                let meta = meta.trim_start_matches('\n');
                if !meta.starts_with(':') {
                    continue;
                }
                let Some(path) = parts.next() else { break };
                let f: Vec<&str> = meta.split_whitespace().collect();
                if f.len() < 5 {
                    continue;
                }
                let Some(rel) = self.strip_plans(path) else {
                    continue;
                };
                let blob = |oid: &str, mode: &str| {
                    (oid != NULL_OID && mode != ":000000" && mode != "000000" && mode != "160000")
                        .then(|| oid.to_string())
                };
                files.push(FileChange {
                    rel: rel.to_string(),
                    old: blob(f[2], f[0]),
                    new: blob(f[3], f[1]),
                });
            }
            entries.push(LogEntry { commit, files });
        }
        Ok(entries)
    }

    /// Every commit reachable from any ref, with its whole message: what `check --history`
    /// scans for personal data.
    pub fn messages(&self) -> Result<Vec<(Commit, String)>> {
        if !self.has_commits()? {
            return Ok(Vec::new());
        }
        let format = format!("{FORMAT}%x00%B");
        let out = run(self.git().args(["log", "--all", &format]))?;
        let text = String::from_utf8_lossy(&out);
        Ok(text
            .split(RS)
            .filter_map(|chunk| {
                let (head, body) = chunk.split_once('\0')?;
                Some((parse_commit(head)?, body.trim().to_string()))
            })
            .collect())
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
            .arg(self.plans_spec()))?;
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
            .arg(path))?;
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

    /// Commits `path` alone (whatever else is staged stays staged), with `message`.
    /// Identity, dates (GIT_AUTHOR_DATE…), hooks and signing are git's own.
    pub fn commit_file(&self, path: &Path, message: &str) -> Result<String> {
        // The write gate's privacy check: a commit message is published with the plans.
        crate::guard::privacy::refuse_identifiers(message, "the commit message")?;
        let rel = self.relative(path)?;
        let tracked = self
            .git()
            .args(["ls-files", "--error-unmatch", "--"])
            .arg(&rel)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(spawn_error)?
            .success();
        if !tracked {
            run(self.git().args(["add", "--"]).arg(&rel))?;
        }
        run(self
            .git()
            .env_remove("GIT_OPTIONAL_LOCKS")
            .args(["commit", "--quiet", "--only", "-m", message, "--"])
            .arg(&rel))?;
        let out = run(self.git().args(["rev-parse", "HEAD"]))?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }
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
    pub files: Vec<(String, String)>,
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
    let data = |out: &mut Vec<u8>, text: &str| {
        out.extend_from_slice(format!("data {}\n", text.len()).as_bytes());
        out.extend_from_slice(text.as_bytes());
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
        data(&mut stream, &c.message);
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

/// Record and unit separators keep subjects with any text apart.
const RS: char = '\u{1e}';
const FORMAT: &str = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%G?%x1f%s";

fn parse_commit(s: &str) -> Option<Commit> {
    let f: Vec<&str> = s.trim_start_matches('\n').splitn(7, '\u{1f}').collect();
    if f.len() < 7 {
        return None;
    }
    Some(Commit {
        hash: f[0].to_string(),
        author: f[1].to_string(),
        email: f[2].to_string(),
        date: DateTime::parse_from_rfc3339(f[3]).ok()?,
        committed: DateTime::parse_from_rfc3339(f[4]).ok()?,
        signature: Signature::from_code(f[5]),
        subject: f[6].trim_end_matches('\n').to_string(),
    })
}

fn spawn_error(e: std::io::Error) -> anyhow::Error {
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
fn run(cmd: &mut Command) -> Result<Vec<u8>> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .map_err(spawn_error)?;
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
