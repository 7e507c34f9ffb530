//! `sct demo DIR`: a scratch repository with the bundled plans and a dated history.

mod common;

use common::{has, run, sct, sct_run};
use std::collections::BTreeSet;
use std::path::Path;

/// `sct demo` into a new folder under a temp dir; returns the temp dir and the repo path.
fn demo(env: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = sct(tmp.path());
    cmd.args(["demo", "repo"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    has(
        &out.stdout,
        "created repo: a git repository of the bundled plans",
    );
    let repo = tmp.path().join("repo");
    (tmp, repo)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every file below `dir`, relative, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_demo_ends_in_the_bundled_plans_with_a_clean_work_tree() {
    let (_tmp, repo) = demo(&[]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let got = files(&repo.join("plans"));
    let want = files(&root.join("plans"));
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, w.0);
        assert!(g.1 == w.1, "{} differs from the bundled file", g.0);
    }
    assert_eq!(files(&repo.join("schema")), files(&root.join("schema")));
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
    assert_eq!(git(&repo, &["branch", "--show-current"]).trim(), "main");
}

#[test]
fn the_history_spans_2011_and_2012_with_several_people_and_quarter_tags() {
    let (_tmp, repo) = demo(&[]);
    let dates = git(&repo, &["log", "--format=%ad", "--date=short"]);
    let dates: Vec<&str> = dates.lines().collect();
    assert!(dates.len() > 50, "{} commits", dates.len());
    assert_eq!(dates.last().unwrap(), &"2011-01-10");
    assert!(dates
        .iter()
        .all(|d| d.starts_with("2011-") || d.starts_with("2012-")));
    let tags = git(&repo, &["tag"]);
    has(&tags, "v2012-q1");

    let log = sct_run(&repo, &["log", "--format", "json"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let rows: serde_json::Value = serde_json::from_str(&log.stdout).unwrap();
    let authors: BTreeSet<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["commit"]["author"].as_str())
        .collect();
    for who in [
        "Ruth Bennett",
        "Margaret Dunn",
        "Helen Marsh",
        "Priya Shah",
        "Tom Reid",
        "Sam Clarke",
    ] {
        assert!(authors.contains(who), "{who} not among {authors:?}");
    }
    let kinds: BTreeSet<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["change"]["kind"].as_str())
        .collect();
    for kind in ["due-moved", "evidence-added", "status"] {
        assert!(
            kinds.iter().any(|k| k.starts_with(kind)),
            "no {kind} among {kinds:?}"
        );
    }

    let one = sct_run(&repo, &["log", "wm-2011/21"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    has(&one.stdout, "Helen Marsh");
    has(&one.stdout, "recommendation added");
}

#[test]
fn the_plans_at_the_end_of_march_2012_differ_from_today() {
    let (_tmp, repo) = demo(&[]);
    let mut then = sct(&repo);
    then.env_remove("SCT_TODAY")
        .args(["--at", "2012-03-31", "status"]);
    let then = run(then);
    assert_eq!(then.code, 0, "{}", then.stderr);
    has(&then.stdout, "As at 31 March 2012");
    has(&then.stderr, "sct: the plans as at commit");
    let now = sct_run(&repo, &["status", "--today", "2012-03-31"]);
    assert_eq!(now.code, 0, "{}", now.stderr);
    assert_ne!(then.stdout, now.stdout, "the history changed nothing");

    let changes = sct_run(&repo, &["changes", "--since", "v2012-q1"]);
    assert_eq!(changes.code, 0, "{}", changes.stderr);
    has(&changes.stdout, "completed");
    has(&changes.stdout, "evidence added");
}

#[test]
fn every_quarter_of_the_history_passes_check_and_the_history_audit_passes() {
    let (_tmp, repo) = demo(&[]);
    for tag in [
        "v2011-q1", "v2011-q2", "v2011-q3", "v2011-q4", "v2012-q1", "v2012-q2",
    ] {
        let mut c = sct(&repo);
        c.env_remove("SCT_TODAY").args(["--at", tag, "check"]);
        let out = run(c);
        assert_eq!(out.code, 0, "{tag}: {}{}", out.stdout, out.stderr);
    }
    let audit = sct_run(&repo, &["check", "--history"]);
    assert_eq!(audit.code, 0, "{}{}", audit.stdout, audit.stderr);
    let plain = sct_run(&repo, &["check"]);
    // The history adds no warning of its own: evidence is only ever added, no date moves
    // more than twice, completions are recorded within weeks.
    assert_eq!(audit.stdout, plain.stdout);
}

#[test]
fn the_report_has_a_timeline_and_slipped_actions() {
    let (_tmp, repo) = demo(&[]);
    let out = sct_run(
        &repo,
        &["report", "--review", "wm-2011", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let text = out.stdout.as_str();
    has(text, "\"slipped\"");
    assert!(
        v.to_string().contains("timeline"),
        "no timeline in the report"
    );
}

#[test]
fn the_same_binary_makes_the_same_commits_whatever_the_users_git_config() {
    let (_a, first) = demo(&[]);
    let cfg = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        cfg.path(),
        "[user]\n\tname = Someone Else\n\temail = else@example.org\n[commit]\n\tgpgsign = true\n\
         [init]\n\tdefaultBranch = trunk\n[core]\n\tautocrlf = true\n",
    )
    .unwrap();
    let (_b, second) = demo(&[
        ("GIT_CONFIG_GLOBAL", cfg.path().to_str().unwrap()),
        ("GIT_AUTHOR_NAME", "Not Used"),
        ("GIT_COMMITTER_DATE", "2020-01-01T00:00:00Z"),
    ]);
    let head = |d: &Path| git(d, &["rev-parse", "HEAD"]);
    assert_eq!(head(&first), head(&second));
    assert_eq!(git(&first, &["tag"]), git(&second, &["tag"]));
}

#[test]
fn a_folder_that_exists_and_is_not_empty_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("busy")).unwrap();
    std::fs::write(tmp.path().join("busy/notes.txt"), "mine").unwrap();
    let out = sct_run(tmp.path(), &["demo", "busy"]);
    assert_eq!(out.code, 2);
    has(&out.stderr, "`busy` already exists and is not empty");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("busy/notes.txt")).unwrap(),
        "mine"
    );

    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let out = sct_run(tmp.path(), &["demo", "file"]);
    assert_eq!(out.code, 2);
    has(&out.stderr, "`file` already exists");

    // An empty folder is used.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let out = sct_run(tmp.path(), &["demo", "empty"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(tmp.path().join("empty/plans/wm-2011/review.toml").is_file());
}
