//! Real git repositories in temp folders, sealed from the machine's configuration, with
//! fixed identities and dates.

use super::{copy_dir, demo, run, Run, TODAY};
use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct GitPlans {
    pub dir: tempfile::TempDir,
}

/// The environment that makes git (and sct's calls to git) the same on every machine.
pub fn seal(cmd: &mut std::process::Command, date: &str) {
    let home = std::env::temp_dir();
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .env("GIT_AUTHOR_NAME", "Ann Officer")
        .env("GIT_AUTHOR_EMAIL", "ann@lscb.example")
        .env("GIT_COMMITTER_NAME", "Ann Officer")
        .env("GIT_COMMITTER_EMAIL", "ann@lscb.example")
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"));
}

impl GitPlans {
    /// The demo plans, committed on 2012-01-15 by Ann Officer.
    pub fn demo() -> GitPlans {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&demo().join("plans"), &dir.path().join("plans"));
        let g = GitPlans { dir };
        g.git("2012-01-15", &["init", "-q", "-b", "main"]);
        g.git("2012-01-15", &["add", "."]);
        g.git("2012-01-15", &["commit", "-q", "-m", "Plans as agreed"]);
        g
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.file(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs git on `date`; panics with git's message if it fails.
    pub fn git(&self, date: &str, args: &[&str]) -> String {
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(self.path()).args(args);
        seal(&mut cmd, date);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Commits everything with `message` on `date`.
    pub fn commit_all(&self, date: &str, message: &str) {
        self.git(date, &["add", "-A"]);
        self.git(date, &["commit", "-q", "-m", message]);
    }

    /// sct in this repository, with git sealed and the clock at `date` (the day of any
    /// commit it makes, and its --today).
    pub fn sct(&self, date: &str, args: &[&str]) -> Run {
        let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sct"));
        std_cmd
            .current_dir(self.path())
            .env_remove("SCT_PLANS")
            .env_remove("SCT_FORBID")
            .env_remove("NO_COLOR")
            .env_remove("SCT_NO_CACHE")
            .env("SCT_CACHE_DIR", super::cache_dir())
            .env("COLUMNS", "160")
            .env("SCT_TODAY", date)
            .args(args);
        seal(&mut std_cmd, date);
        let mut cmd = Command::from_std(std_cmd);
        cmd.timeout(std::time::Duration::from_secs(60));
        run(cmd)
    }

    /// sct as at the usual test day.
    pub fn sct_today(&self, args: &[&str]) -> Run {
        self.sct(TODAY, args)
    }
}
