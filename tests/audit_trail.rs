//! The audit trail an inspector can trust (issue 13): history that commit data cannot
//! forge, no lost write, no half-done commit, merges and sign-offs seen, every write held
//! to the rules `sct check` applies. One test (or a few) per numbered finding, each in a
//! sealed repository of its own, driving the real binary.

mod common;

use common::git::{seal, GitPlans};
use common::{has, Run};
use std::process::Command;

const REC: &str = "plans/demo-2012/01.toml";
const REVIEW: &str = "plans/demo-2012/review.toml";

/// sct in `g` with git sealed, the clock at `date`, and `env` applied last.
fn sct_cmd(g: &GitPlans, date: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("sct"));
    cmd.current_dir(g.path())
        .env_remove("SCT_PLANS")
        .env_remove("SCT_FORBID")
        .env_remove("NO_COLOR")
        .env_remove("SCT_NO_CACHE")
        .env("SCT_CACHE_DIR", common::cache_dir())
        .env("COLUMNS", "160")
        .env("SCT_TODAY", date)
        .args(args);
    seal(&mut cmd, date);
    cmd
}

fn output(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn sct_with(g: &GitPlans, date: &str, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut cmd = sct_cmd(g, date, args);
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    output(&mut cmd)
}

/// git in `g` on `date`, as someone other than the sealed identity.
fn git_as(g: &GitPlans, date: &str, who: (&str, &str), committer: (&str, &str), args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.current_dir(g.path()).args(args);
    seal(&mut cmd, date);
    cmd.env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", committer.0)
        .env("GIT_COMMITTER_EMAIL", committer.1);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[track_caller]
fn ok(r: &Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

fn head(g: &GitPlans) -> String {
    g.git("2012-06-30", &["rev-parse", "HEAD"])
        .trim()
        .to_string()
}

/// The review's finalisers: the QA chair alone.
fn with_finalisers(g: &GitPlans, extra: &str) {
    let review = g.read(REVIEW).replace(
        "commenced = 2012-01-15\n",
        &format!("commenced = 2012-01-15\nfinalisers = [\"QA Chair <qa@lscb.example>\"]\n{extra}"),
    );
    g.write(REVIEW, &review);
    g.commit_all("2012-01-20", "Name the finalisers");
}

/// Completes and finalises action 1.1 in the working tree (not committed).
fn finalise_1_1(g: &GitPlans) {
    ok(&g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "complete",
            "--finalise",
            "--by",
            "QA&A Sub Group",
            "--date",
            "2012-02-01",
        ],
    ));
}

/// The `sct log --format json` records for one action.
fn log_json(g: &GitPlans, id: &str) -> Vec<serde_json::Value> {
    let r = g.sct("2012-06-30", &["log", id, "--format", "json"]);
    ok(&r);
    serde_json::from_str::<serde_json::Value>(&r.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn record<'a>(log: &'a [serde_json::Value], kind: &str) -> &'a serde_json::Value {
    log.iter()
        .find(|e| e["change"]["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {log:#?}"))
}

// ---- 1. forgery through separator bytes in commit data ----

#[test]
fn forged_fields_in_a_commit_subject_do_not_change_the_commit_shown() {
    let g = GitPlans::demo();
    with_finalisers(&g, "");
    finalise_1_1(&g);
    let fake = "f".repeat(40);
    let subject = format!(
        "Sign-off\u{1e}{fake}\u{1f}QA Chair\u{1f}qa@lscb.example\u{1f}2012-02-01T12:00:00Z\u{1f}2012-02-01T12:00:00Z\u{1f}G\u{1f}Signed off at QA&A"
    );
    let mallory = ("Mallory", "mallory@evil.example");
    git_as(
        &g,
        "2012-02-01",
        mallory,
        mallory,
        &["commit", "-qam", &subject],
    );
    let real = head(&g);

    let log = log_json(&g, "demo-2012/1.1");
    let e = record(&log, "finalised");
    assert_eq!(e["commit"]["hash"], real.as_str(), "{e:#}");
    assert_eq!(e["commit"]["author"], "Mallory", "{e:#}");
    assert_eq!(e["commit"]["email"], "mallory@evil.example", "{e:#}");
    assert_eq!(e["commit"]["signature"], "none", "{e:#}");

    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, "demo-2012/1.1 was finalised");
    has(&r.stderr, "Mallory");
}

#[test]
fn forged_fields_in_an_author_name_do_not_change_the_commit_shown() {
    let g = GitPlans::demo();
    with_finalisers(&g, "");
    finalise_1_1(&g);
    let name = "QA Chair\u{1f}qa@lscb.example\u{1f}2012-02-01T12:00:00Z\u{1f}2012-02-01T12:00:00Z\u{1f}G\u{1f}x";
    git_as(
        &g,
        "2012-02-01",
        (name, "mallory@evil.example"),
        ("Mallory", "mallory@evil.example"),
        &["commit", "-qam", "Sign-off"],
    );
    let real = head(&g);
    let log = log_json(&g, "demo-2012/1.1");
    let e = record(&log, "finalised");
    assert_eq!(e["commit"]["hash"], real.as_str(), "{e:#}");
    assert_eq!(e["commit"]["email"], "mallory@evil.example", "{e:#}");
    assert_eq!(e["commit"]["signature"], "none", "{e:#}");
    assert_eq!(e["commit"]["subject"], "Sign-off", "{e:#}");
    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, "demo-2012/1.1 was finalised");
    has(&r.stderr, "mallory@evil.example");
}

#[test]
fn a_separator_in_a_subject_does_not_hide_an_evidence_removal() {
    let g = GitPlans::demo();
    let text = g.read(REC);
    let start = text.find("[[actions.evidence]]").unwrap();
    let end = text.find("[actions.finalised]").unwrap();
    g.write(REC, &format!("{}{}", &text[..start], &text[end..]));
    g.git("2012-03-01", &["commit", "-qam", "Tidy\u{1e}up"]);
    let log = log_json(&g, "demo-2012/1.3");
    let e = record(&log, "evidence-removed");
    assert_eq!(e["commit"]["hash"], head(&g).as_str());
    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, "evidence for demo-2012/1.3 was removed");
}

// ---- 2. lost writes ----

fn note(round: usize, who: char) -> String {
    format!("Concurrent note r{round:03}{who}")
}

#[test]
fn concurrent_committed_updates_are_all_in_head_each_under_its_own_message() {
    const ROUNDS: usize = 50;
    let g = GitPlans::demo();
    let mut results = Vec::new();
    for round in 0..ROUNDS {
        // Even rounds: one action twice; odd rounds: two actions of one file.
        let ids = if round % 2 == 0 {
            ["demo-2012/1.1", "demo-2012/1.1"]
        } else {
            ["demo-2012/1.1", "demo-2012/1.2"]
        };
        let children: Vec<_> = ids
            .iter()
            .zip(['a', 'b'])
            .map(|(id, who)| {
                let text = note(round, who);
                let child = sct_cmd(
                    &g,
                    "2012-02-01",
                    &[
                        "update",
                        id,
                        "--note",
                        &text,
                        "--date",
                        "2012-02-01",
                        "--commit",
                    ],
                )
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
                (id.to_string(), text, child)
            })
            .collect();
        for (id, text, child) in children {
            let out = child.wait_with_output().unwrap();
            results.push((
                id,
                text,
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ));
        }
    }
    let committed = g.git("2012-06-30", &["show", &format!("HEAD:{REC}")]);
    let mut lost = Vec::new();
    for (id, text, code, _) in results.iter().filter(|r| r.2 == 0) {
        let _ = code;
        if !committed.contains(text.as_str()) {
            lost.push(format!("{text} ({id}): exited 0 but is not in HEAD"));
            continue;
        }
        let found = g.git(
            "2012-06-30",
            &["log", "--format=%s", "-S", text, "HEAD", "--", REC],
        );
        let subjects: Vec<&str> = found.lines().collect();
        if subjects.len() != 1 || !subjects[0].starts_with(&format!("{id}: note added")) {
            lost.push(format!(
                "{text} ({id}) came in under {subjects:?}, not its own message"
            ));
        }
    }
    assert!(
        lost.is_empty(),
        "{} of {} successful updates went astray:\n{}",
        lost.len(),
        results.iter().filter(|r| r.2 == 0).count(),
        lost.join("\n")
    );
    assert_eq!(g.git("2012-06-30", &["status", "--porcelain"]), "");
    let failed: Vec<_> = results.iter().filter(|r| r.2 != 0).collect();
    assert!(
        failed.is_empty(),
        "an update waits for another rather than failing: {failed:#?}"
    );
}

#[test]
fn concurrent_updates_without_commit_lose_nothing() {
    const ROUNDS: usize = 50;
    let g = GitPlans::demo();
    let mut ok_notes = Vec::new();
    let mut failed = Vec::new();
    for round in 0..ROUNDS {
        let children: Vec<_> = [("demo-2012/1.1", 'a'), ("demo-2012/1.2", 'b')]
            .iter()
            .map(|(id, who)| {
                let text = note(round, *who);
                let child = sct_cmd(
                    &g,
                    "2012-02-01",
                    &["update", id, "--note", &text, "--date", "2012-02-01"],
                )
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
                (text, child)
            })
            .collect();
        for (text, child) in children {
            let out = child.wait_with_output().unwrap();
            if out.status.success() {
                ok_notes.push(text);
            } else {
                failed.push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
    }
    let now = g.read(REC);
    let lost: Vec<_> = ok_notes
        .iter()
        .filter(|t| !now.contains(t.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} successful updates are not in the file: {lost:?}",
        lost.len(),
        ok_notes.len()
    );
    assert!(failed.is_empty(), "{failed:#?}");
}

// ---- 3. half-done commits ----

/// An update with --commit meets `obstacle`: it must fail, say `why`, leave the file as it
/// was and nothing staged; once `clear` has run, the same update goes through.
fn refused_then_retried(
    g: &GitPlans,
    env: &[(&str, Option<&str>)],
    why: &[&str],
    clear: impl FnOnce(&GitPlans),
) {
    let before = g.read(REC);
    let head_before = head(g);
    let args = [
        "update",
        "demo-2012/1.1",
        "--note",
        "Chased",
        "--date",
        "2012-02-01",
        "--commit",
    ];
    let r = sct_with(g, "2012-02-01", &args, env);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    for w in why {
        has(&r.stderr, w);
    }
    assert_eq!(g.read(REC), before, "the file is as it was: {}", r.stderr);
    assert_eq!(head(g), head_before);
    clear(g);
    let cached = g.git("2012-02-01", &["diff", "--cached", "--name-only"]);
    assert!(!cached.contains("01.toml"), "nothing left staged: {cached}");
    let r = g.sct("2012-02-01", &args);
    ok(&r);
    assert!(g.read(REC).contains("Chased"));
    let show = g.git("2012-02-01", &["show", &format!("HEAD:{REC}")]);
    assert!(show.contains("Chased"), "committed");
}

#[test]
fn update_commit_with_an_index_lock_present_changes_nothing() {
    let g = GitPlans::demo();
    let lock = g.file(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    refused_then_retried(&g, &[], &["index.lock"], |_| {
        std::fs::remove_file(&lock).unwrap()
    });
}

#[test]
fn update_commit_without_a_git_identity_changes_nothing() {
    let g = GitPlans::demo();
    g.git("2012-01-15", &["config", "user.useConfigOnly", "true"]);
    let no_identity = [
        ("GIT_AUTHOR_NAME", None),
        ("GIT_AUTHOR_EMAIL", None),
        ("GIT_COMMITTER_NAME", None),
        ("GIT_COMMITTER_EMAIL", None),
        ("EMAIL", None),
    ];
    refused_then_retried(&g, &no_identity, &["identity"], |_| {});
}

#[test]
fn update_commit_during_a_merge_changes_nothing() {
    let g = GitPlans::demo();
    let other = "plans/demo-2012/02.toml";
    let text = g.read(other);
    g.git("2012-01-20", &["checkout", "-q", "-b", "side"]);
    g.write(other, &text.replace("Named Nurse", "Named Nurse (side)"));
    g.commit_all("2012-01-20", "Side");
    g.git("2012-01-20", &["checkout", "-q", "main"]);
    g.write(other, &text.replace("Named Nurse", "Named Nurse (main)"));
    g.commit_all("2012-01-21", "Main");
    let mut merge = Command::new("git");
    merge.current_dir(g.path()).args(["merge", "-q", "side"]);
    seal(&mut merge, "2012-01-22");
    assert!(!merge.output().unwrap().status.success(), "a conflict");
    refused_then_retried(&g, &[], &["merge"], |g| {
        g.git("2012-01-22", &["merge", "--abort"]);
    });
}

#[test]
fn update_commit_refused_by_a_hook_puts_the_file_back() {
    let g = GitPlans::demo();
    let hook = g.file(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'pre-commit: refused by policy' >&2\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    refused_then_retried(&g, &[], &["refused by policy"], |_| {
        std::fs::remove_file(&hook).unwrap()
    });
}

// ---- 4. merges ----

#[test]
fn changes_made_in_a_merge_commit_are_in_log_and_check_history() {
    let g = GitPlans::demo();
    with_finalisers(&g, "");
    let other = "plans/demo-2012/02.toml";
    g.git("2012-01-25", &["checkout", "-q", "-b", "side"]);
    g.write(
        other,
        &g.read(other).replace("Named Nurse", "Named Nurse (side)"),
    );
    g.commit_all("2012-01-25", "Side");
    g.git("2012-01-26", &["checkout", "-q", "main"]);
    g.write("notes.txt", "unrelated\n");
    g.commit_all("2012-01-26", "Main");
    let mallory = ("Mallory", "mallory@evil.example");
    git_as(
        &g,
        "2012-02-01",
        mallory,
        mallory,
        &["merge", "-q", "--no-ff", "--no-commit", "side"],
    );
    // The merge itself removes 1.3's evidence and finalises 1.1.
    let text = g.read(REC);
    let start = text.find("[[actions.evidence]]").unwrap();
    let end = text.find("[actions.finalised]").unwrap();
    g.write(REC, &format!("{}{}", &text[..start], &text[end..]));
    finalise_1_1(&g);
    g.git("2012-02-01", &["add", REC]);
    git_as(
        &g,
        "2012-02-01",
        mallory,
        mallory,
        &["commit", "-q", "-m", "Merge side"],
    );
    let merge = head(&g);

    let log = log_json(&g, "demo-2012/1.3");
    assert_eq!(
        record(&log, "evidence-removed")["commit"]["hash"],
        merge.as_str()
    );
    let log = log_json(&g, "demo-2012/1.1");
    assert_eq!(record(&log, "finalised")["commit"]["hash"], merge.as_str());
    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, "evidence for demo-2012/1.3 was removed");
    has(&r.stderr, "demo-2012/1.1 was finalised");
    has(&r.stderr, "Mallory");
}

// ---- 5. sign-off ----

#[test]
fn an_unsigned_sign_off_under_a_typed_identity_is_reported() {
    let g = GitPlans::demo();
    with_finalisers(&g, "");
    finalise_1_1(&g);
    // Anyone can type the QA chair's name and address; the committer is Ann.
    git_as(
        &g,
        "2012-02-01",
        ("QA Chair", "qa@lscb.example"),
        ("Ann Officer", "ann@lscb.example"),
        &["commit", "-qam", "Sign-off"],
    );
    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, "demo-2012/1.1 was finalised");
    has(&r.stderr, "ann@lscb.example");
    has(&r.stderr, "unsigned");
}

#[test]
fn require_signatures_refuses_an_unsigned_sign_off_by_a_finaliser() {
    let g = GitPlans::demo();
    with_finalisers(&g, "require_signatures = true\n");
    let r = g.sct("2012-06-30", &["check"]);
    ok(&r);
    finalise_1_1(&g);
    let qa = ("QA Chair", "qa@lscb.example");
    git_as(&g, "2012-02-01", qa, qa, &["commit", "-qam", "Sign-off"]);
    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, "demo-2012/1.1 was finalised");
    has(&r.stderr, "require_signatures");
}

#[test]
fn require_signatures_accepts_a_good_signature_from_a_listed_identity() {
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("SKIPPED: ssh-keygen is not installed, so no signed commit can be made");
        }
        return;
    }
    let g = GitPlans::demo();
    with_finalisers(&g, "require_signatures = true\n");
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("qa-key");
    let out = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "qa@lscb.example",
            "-f",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = keys.path().join("allowed-signers");
    std::fs::write(&allowed, format!("qa@lscb.example {public}")).unwrap();
    for (k, v) in [
        ("gpg.format", "ssh"),
        ("user.signingkey", key.to_str().unwrap()),
        ("gpg.ssh.allowedSignersFile", allowed.to_str().unwrap()),
    ] {
        g.git("2012-02-01", &["config", k, v]);
    }
    finalise_1_1(&g);
    let qa = ("QA Chair", "qa@lscb.example");
    git_as(
        &g,
        "2012-02-01",
        qa,
        qa,
        &["commit", "-S", "-qam", "Sign-off"],
    );
    let r = g.sct("2012-06-30", &["check", "--history"]);
    assert!(!r.stderr.contains("review.toml"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("demo-2012/1.1 was finalised"),
        "a good signature by a finaliser passes: {}",
        r.stderr
    );
}

// ---- 6. history reads are held to the size limit ----

#[test]
fn a_plan_file_over_the_limit_in_history_is_refused_not_read() {
    let g = GitPlans::demo();
    let good = g.read(REC);
    let with_evidence = good.replace(
        "[[actions]]\ndescription = \"Audit",
        "[[actions.evidence]]\ndate = 2012-02-01\ntext = \"Big evidence\"\n\n[[actions]]\ndescription = \"Audit",
    );
    assert_ne!(with_evidence, good);
    let padded = format!("{with_evidence}# {}\n", "x".repeat(1024 * 1024));
    g.write(REC, &padded);
    g.commit_all("2012-02-01", "Evidence, and a large comment");
    let big = head(&g);
    g.write(REC, &with_evidence);
    g.commit_all("2012-02-02", "Comment removed");
    let r = g.sct("2012-06-30", &["log", "demo-2012/1.1", "--format", "json"]);
    ok(&r);
    has(&r.stderr, "1 MiB");
    has(&r.stderr, &big[..7]);
    let log: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let e = record(&log, "evidence-added");
    assert_ne!(
        e["commit"]["hash"],
        big.as_str(),
        "the version over the limit is not read"
    );
    let r = g.sct("2012-06-30", &["--at", &big, "status"]);
    has(&r.stderr, "plan files are limited to");
    let r = g.sct("2012-06-30", &["check", "--history"]);
    has(&r.stderr, &format!("in commit {}", &big[..7]));
    has(&r.stderr, "over the 1 MiB limit");
}

// ---- 7. dates git cannot read, and commit dates out of order ----

#[test]
fn at_and_since_refuse_dates_outside_1970_to_2099() {
    let g = GitPlans::demo();
    for args in [
        &["--at", "1969-12-31", "status"][..],
        &["--at", "2100-01-01", "status"],
        &["changes", "--since", "1960-01-01"],
        &["changes", "--since", "2012-01-15", "--until", "2150-01-01"],
    ] {
        let r = g.sct("2012-06-30", args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        has(&r.stderr, "1970");
        has(&r.stderr, "2099");
    }
}

#[test]
fn at_never_shows_a_change_from_after_the_day_when_commit_dates_go_backwards() {
    let g = GitPlans::demo();
    ok(&g.sct(
        "2012-03-01",
        &["update", "demo-2012/1.2", "--due", "2012-09", "--commit"],
    ));
    // A commit dated before its parent (a wrong clock, or a rebase).
    g.write("notes.txt", "x\n");
    g.commit_all("2012-02-01", "Dated before its parent");
    let r = g.sct(
        "2012-06-30",
        &["--at", "2012-02-15", "list", "--format", "json"],
    );
    ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let a = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "demo-2012/1.2")
        .unwrap();
    assert_eq!(a["due"], "2012-06-30", "the 1 March change is not shown");
}

// ---- 8. writes that check would reject ----

#[test]
fn update_refuses_evidence_that_takes_a_file_over_the_size_limit() {
    let g = GitPlans::demo();
    let text = g.read(REC);
    let room = 1024 * 1024 - text.len() - 100;
    let padded = format!("{text}# {}\n", "x".repeat(room));
    g.write(REC, &padded);
    g.commit_all("2012-01-20", "Near the limit");
    let r = g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--evidence",
            &"Evidence ".repeat(30),
            "--date",
            "2012-02-01",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    has(&r.stderr, "nothing was written");
    has(&r.stderr, "1 MiB");
    assert_eq!(g.read(REC), padded);
}

#[test]
fn import_refuses_a_recommendation_that_would_be_over_the_size_limit() {
    let dir = common::tree(&[]);
    let csv = dir.path().join("in.csv");
    let long = "word ".repeat(230_000);
    std::fs::write(
        &csv,
        format!(
            "RECOMMENDATION,ACTION REQUIRED,BY WHEN,LEAD OFFICERS,STATUS\n\
             1. The LSCB should act.,Do it,May 2012,LSCB Chair,In progress\n\
             2. The LSCB should {long}.,Do it,May 2012,LSCB Chair,In progress\n"
        ),
    )
    .unwrap();
    let r = common::sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "demo",
            "--agency",
            "LSCB",
        ],
    );
    assert_ne!(r.code, 0, "{}", r.stdout);
    has(&r.stderr, "1 MiB");
    has(&r.stderr, "nothing was written");
    let names: Vec<_> = walkdir::WalkDir::new(dir.path().join("plans/demo"))
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(names.len(), 1, "only review.toml: {names:?}");
}

#[test]
fn sct_today_does_not_date_what_update_records() {
    let g = GitPlans::demo();
    // An exported SCT_TODAY (for reading as at a day) must not back-date an update.
    let r = g.sct(
        "2012-06-30",
        &["update", "demo-2012/1.2", "--note", "Chased"],
    );
    ok(&r);
    let text = g.read(REC);
    assert!(
        !text.contains("date = 2012-06-30"),
        "the note is dated the real day, not SCT_TODAY:\n{text}"
    );
    // --date is the way to record another day.
    ok(&g.sct(
        "2012-06-30",
        &[
            "update",
            "demo-2012/1.2",
            "--note",
            "Minuted",
            "--date",
            "2012-05-04",
        ],
    ));
    assert!(g.read(REC).contains("date = 2012-05-04"));
}

#[test]
fn a_completion_in_the_future_is_refused_against_the_real_clock() {
    let g = GitPlans::demo();
    let before = g.read(REC);
    let r = g.sct(
        "2098-06-30",
        &["update", "demo-2012/1.1", "--status", "complete"],
    );
    // SCT_TODAY in the future neither dates the completion nor lets it through.
    if r.code == 0 {
        assert!(
            !g.read(REC).contains("completed = 2098-06-30"),
            "{}",
            g.read(REC)
        );
        g.write(REC, &before);
    }
    let r = g.sct(
        "2098-06-30",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "complete",
            "--date",
            "2098-06-30",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    has(&r.stderr, "is in the future");
    has(&r.stderr, "nothing was written");
    assert_eq!(g.read(REC), before);
}

// ---- 9. the smaller ones ----

#[test]
fn update_commit_on_a_detached_head_is_refused_unless_asked_for() {
    let g = GitPlans::demo();
    g.git("2012-02-01", &["checkout", "-q", "--detach"]);
    let before = g.read(REC);
    let args = [
        "update",
        "demo-2012/1.1",
        "--note",
        "Chased",
        "--date",
        "2012-02-01",
        "--commit",
    ];
    let r = g.sct("2012-02-01", &args);
    assert_eq!(r.code, 2, "{}", r.stdout);
    has(&r.stderr, "detached");
    has(&r.stderr, "--detach");
    assert_eq!(g.read(REC), before);
    let r = g.sct("2012-02-01", &[&args[..], &["--detach"]].concat());
    ok(&r);
    assert!(g
        .git("2012-02-01", &["show", &format!("HEAD:{REC}")])
        .contains("Chased"));
}

#[cfg(unix)]
#[test]
fn a_killed_import_leaves_no_partial_review() {
    let dir = common::tree(&[]);
    let csv = dir.path().join("in.csv");
    // The third recommendation is larger than the file-size limit the process is given:
    // the kernel kills it (SIGXFSZ) while it writes that file.
    let long = "word ".repeat(10_000);
    std::fs::write(
        &csv,
        format!(
            "RECOMMENDATION,ACTION REQUIRED,BY WHEN,LEAD OFFICERS,STATUS\n\
             1. The LSCB should act.,Do it,May 2012,LSCB Chair,In progress\n\
             2. The LSCB should act again.,Do it,May 2012,LSCB Chair,In progress\n\
             3. The LSCB should {long}.,Do it,May 2012,LSCB Chair,In progress\n"
        ),
    )
    .unwrap();
    let sct = assert_cmd::cargo::cargo_bin("sct");
    let args = format!(
        "ulimit -f 16; exec '{}' --no-cache import csv '{}' --review demo --agency LSCB",
        sct.display(),
        csv.display()
    );
    let killed = Command::new("bash")
        .arg("-c")
        .arg(&args)
        .current_dir(dir.path())
        .env("SCT_TODAY", common::TODAY)
        .env_remove("SCT_PLANS")
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the import was killed");
    // No recommendation of the import is in the review.
    let r = common::sct_run(dir.path(), &["list", "--format", "json"]);
    assert_eq!(r.stdout.trim(), "[]", "{}", r.stdout);
    // check names what the killed import left, with the command to remove it.
    let r = common::sct_run(dir.path(), &["check"]);
    has(&r.stderr, "rm ");
    // And the import can simply be run again.
    let r = common::sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "demo",
            "--agency",
            "LSCB",
        ],
    );
    ok(&r);
    has(&r.stdout, "imported 3 recommendations");
}

#[test]
fn check_reports_a_temporary_file_left_by_a_killed_write() {
    let g = GitPlans::demo();
    let tmp = "plans/demo-2012/.01.toml.a1B2c3.tmp";
    g.write(tmp, &g.read(REC));
    let r = g.sct("2012-06-30", &["check"]);
    has(&r.stderr, ".01.toml.a1B2c3.tmp");
    has(&r.stderr, "rm ");
}

#[test]
fn update_keeps_crlf_line_endings() {
    let g = GitPlans::demo();
    let crlf = g.read(REC).replace('\n', "\r\n");
    g.write(REC, &crlf);
    g.commit_all("2012-01-20", "CRLF");
    ok(&g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.2",
            "--note",
            "Chased",
            "--evidence",
            "Minutes",
            "--date",
            "2012-02-01",
        ],
    ));
    let text = g.read(REC);
    assert!(text.contains("Chased"));
    let bare = text
        .match_indices('\n')
        .filter(|(i, _)| *i == 0 || text.as_bytes()[i - 1] != b'\r')
        .count();
    assert_eq!(bare, 0, "every line ends in CRLF:\n{text:?}");
}

#[test]
fn a_file_name_with_a_star_is_taken_literally() {
    let g = GitPlans::demo();
    let rec = |n: u32| {
        g.read(REC)
            .replace("number = 1\n", &format!("number = {n}\n"))
    };
    g.write("plans/demo-2012/x*.toml", &rec(9));
    g.write("plans/demo-2012/x-other.toml", &rec(10));
    g.commit_all("2012-01-20", "Two more");
    // Another file that `x*` would match, edited and not to be committed.
    let edited = rec(10).replace("LSCB Chair", "LSCB Vice-Chair");
    g.write("plans/demo-2012/x-other.toml", &edited);
    let r = g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/9.1",
            "--note",
            "Chased",
            "--date",
            "2012-02-01",
            "--commit",
        ],
    );
    ok(&r);
    let files = g.git("2012-02-01", &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "plans/demo-2012/x*.toml");
    assert_eq!(g.read("plans/demo-2012/x-other.toml"), edited);
}

#[test]
fn evidence_files_outside_the_repository_are_refused_alike() {
    let g = GitPlans::demo();
    let before = g.read(REC);
    let mut messages = Vec::new();
    for file in [
        "/etc/passwd",
        "/no/such/sct/file",
        "../../outside",
        "plans/../../x",
    ] {
        let r = g.sct(
            "2012-02-01",
            &[
                "update",
                "demo-2012/1.1",
                "--evidence",
                "Report",
                "--file",
                file,
                "--date",
                "2012-02-01",
            ],
        );
        assert_eq!(r.code, 2, "{file}: {}", r.stdout);
        has(&r.stderr, "outside the repository");
        messages.push(r.stderr.replace(file, "FILE"));
    }
    // Whether the path exists is not told.
    assert_eq!(messages[0], messages[1]);
    assert_eq!(g.read(REC), before);
    // And in a file written by hand, check says the same.
    g.write(
        REC,
        &before.replace(
            "by = \"LSCB Business Manager\"",
            "by = \"LSCB Business Manager\"\nfile = \"/etc/passwd\"",
        ),
    );
    let r = g.sct("2012-06-30", &["check"]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "outside the repository");
}

#[test]
fn changes_lists_every_one_of_many_recommendations_added_and_removed() {
    const MANY: usize = 1500;
    let g = GitPlans::demo();
    let base = g.read(REC);
    for n in 0..MANY {
        g.write(
            &format!("plans/demo-2012/many/{:04}.toml", n + 100),
            &base.replace("number = 1\n", &format!("number = {}\n", n + 100)),
        );
    }
    g.commit_all("2012-02-01", "Many");
    for n in 0..MANY / 2 {
        std::fs::remove_file(g.file(&format!("plans/demo-2012/many/{:04}.toml", n + 100))).unwrap();
    }
    g.commit_all("2012-03-01", "Half of them gone");
    let r = g.sct(
        "2012-06-30",
        &[
            "changes",
            "--since",
            "2012-01-31",
            "--until",
            "2012-03-01",
            "--format",
            "json",
        ],
    );
    ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let added: std::collections::BTreeSet<&str> = v["recommendations_added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    let expected: Vec<String> = (MANY / 2..MANY)
        .map(|n| format!("demo-2012/{}", n + 100))
        .collect();
    assert_eq!(added, expected.iter().map(String::as_str).collect());
    let r = g.sct(
        "2012-06-30",
        &[
            "changes",
            "--since",
            "2012-02-01",
            "--until",
            "2012-03-01",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["recommendations_removed"].as_array().unwrap().len(),
        MANY / 2
    );
    assert!(v["recommendations_added"].as_array().unwrap().is_empty());
}

#[test]
fn plan_files_that_would_be_skipped_are_reported() {
    let g = GitPlans::demo();
    let rec = g.read("plans/demo-2012/02.toml");
    for name in ["x.TOML", "03.toml ", ".drafts/04.toml"] {
        g.write(&format!("plans/demo-2012/{name}"), &rec);
    }
    let r = g.sct("2012-06-30", &["check"]);
    has(&r.stderr, "x.TOML");
    has(&r.stderr, "03.toml ");
    has(&r.stderr, ".drafts/04.toml");
}
