//! Drives the real binary on small plan trees, with the date, width and colour fixed.
#![allow(dead_code)]

pub mod git;
pub mod office;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const TODAY: &str = "2012-06-30";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `sct` run in `dir`, sealed from the environment that would change its output.
pub fn sct(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sct").unwrap();
    cmd.current_dir(dir)
        .env_remove("SCT_PLANS")
        .env_remove("SCT_TODAY")
        .env_remove("SCT_FORBID")
        .env_remove("NO_COLOR")
        .env_remove("SCT_NO_CACHE")
        // The parse cache is on, as for a user, but kept under target/, not in ~/.cache.
        .env("SCT_CACHE_DIR", cache_dir())
        .env("COLUMNS", "100")
        .env("SCT_TODAY", TODAY);
    cmd
}

/// Where the tests' parse caches live (one file per plans folder).
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("sct-cache")
}

/// A temp folder holding `plans/demo/review.toml` (the base review) plus the given files.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("plans/demo");
    std::fs::create_dir_all(&review).unwrap();
    std::fs::copy(
        fixtures().join("base/review.toml"),
        review.join("review.toml"),
    )
    .unwrap();
    for (name, text) in files {
        let p = review.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// A tree holding the base review and the named bad fixture(s).
pub fn bad(names: &[&str]) -> tempfile::TempDir {
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(fixtures().join("bad").join(n)).unwrap();
            (n.to_string(), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    tree(&refs)
}

/// The demo fixture tree (tests/fixtures/demo).
pub fn demo() -> PathBuf {
    fixtures().join("demo")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub fn sct_run(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = sct(dir);
    cmd.args(args);
    run(cmd)
}

/// Asserts that `out` contains `needle`, showing the whole output when it does not.
#[track_caller]
pub fn has(out: &str, needle: &str) {
    assert!(out.contains(needle), "expected {needle:?} in:\n{out}");
}

/// Copies the folder `from` to `to`, files and folders.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A temp folder holding a copy of the bundled plans (and nothing else).
pub fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    copy_dir(&src, &dir.path().join("plans"));
    dir
}
