//! The audit trail against real git repositories: update, log, --at, changes, check --history.

mod common;

use common::git::GitPlans;

const REC: &str = "plans/demo-2012/01.toml";

fn ok(r: &common::Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

/// The demo plans with a quarter of progress recorded on action 1.2 through sct itself.
fn with_progress() -> GitPlans {
    let g = GitPlans::demo();
    ok(&g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "complete",
            "--evidence",
            "Audit of assessment documents",
            "--by",
            "Named nurse",
            "--commit",
            "--date",
            "2012-02-01",
        ],
    ));
    ok(&g.sct(
        "2012-03-01",
        &["update", "demo-2012/1.2", "--due", "2012-09", "--commit"],
    ));
    ok(&g.sct(
        "2012-04-01",
        &[
            "update",
            "demo-2012/1.2",
            "--due",
            "2012-12-31",
            "--note",
            "Audit postponed",
            "--by",
            "QA&A Sub Group",
            "--commit",
            "--date",
            "2012-04-01",
        ],
    ));
    g
}

#[test]
fn update_commits_that_file_alone_with_a_message_naming_the_change() {
    let g = GitPlans::demo();
    // Something else staged must stay staged, not ride along.
    g.write(
        "plans/demo-2012/02.toml",
        &g.read("plans/demo-2012/02.toml")
            .replace("newsletter", "newsletter (draft)"),
    );
    g.git("2012-02-01", &["add", "plans/demo-2012/02.toml"]);
    let r = g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "complete",
            "--evidence",
            "Audit report",
            "--commit",
            "--date",
            "2012-02-01",
        ],
    );
    ok(&r);
    assert!(
        r.stdout
            .starts_with("demo-2012/1.1: in-progress → complete; evidence added\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("committed "));
    let show = g.git(
        "2012-02-01",
        &["show", "--stat", "--format=%an <%ae>|%aI|%cI|%s", "HEAD"],
    );
    let mut lines = show.lines();
    assert_eq!(
        lines.next(),
        Some("Ann Officer <ann@lscb.example>|2012-02-01T12:00:00Z|2012-02-01T12:00:00Z|demo-2012/1.1: in-progress → complete; evidence added")
    );
    assert!(show.contains("plans/demo-2012/01.toml"));
    assert!(!show.contains("02.toml"), "{show}");
    let staged = g.git("2012-02-01", &["diff", "--cached", "--name-only"]);
    assert_eq!(staged.trim(), "plans/demo-2012/02.toml");
    // The file keeps its comments and gains the evidence under the right action.
    let text = g.read(REC);
    assert!(text
        .starts_with("#:schema ../../../../../schema/recommendation.schema.json\n# States as at"));
    let evidence = text.find("text = \"Audit report\"").unwrap();
    let second = text
        .find("description = \"Audit the effectiveness")
        .unwrap();
    assert!(evidence < second, "{text}");
    assert!(text.contains("completed = 2012-02-01\n"));
}

#[test]
fn a_custom_message_keeps_the_change_in_the_body() {
    let g = GitPlans::demo();
    ok(&g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.2",
            "--lead",
            "Designated nurse",
            "--commit",
            "-m",
            "QA&A February",
        ],
    ));
    let msg = g.git("2012-02-01", &["log", "-1", "--format=%B"]);
    assert_eq!(
        msg.trim(),
        "QA&A February\n\ndemo-2012/1.2: lead → Designated nurse"
    );
}

#[test]
fn update_refuses_and_writes_nothing_when_the_result_would_be_invalid() {
    let g = GitPlans::demo();
    let before = g.read(REC);
    // Evidence dated after today.
    let r = g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--evidence",
            "Later",
            "--date",
            "2098-05-01",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(
        r.stderr.contains("plans/demo-2012/01.toml:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("is in the future"), "{}", r.stderr);
    // Finalising what is not complete.
    let r = g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.2",
            "--finalise",
            "--by",
            "QA&A",
            "--date",
            "2012-02-01",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("only a complete action can be finalised"),
        "{}",
        r.stderr
    );
    // A recommendation is not an action.
    let r = g.sct("2012-02-01", &["update", "demo-2012/1", "--lead", "X"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not an action"), "{}", r.stderr);
    assert_eq!(g.read(REC), before);
    let names: Vec<_> = std::fs::read_dir(g.file("plans/demo-2012"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "no temporary file left: {names:?}");
}

#[test]
fn update_commit_refuses_a_file_with_uncommitted_edits() {
    let g = GitPlans::demo();
    let edited = g.read(REC).replace("LSCB Chair", "LSCB chair");
    g.write(REC, &edited);
    let r = g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "complete",
            "--commit",
            "--date",
            "2012-02-01",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("has changes that are not committed"),
        "{}",
        r.stderr
    );
    assert_eq!(g.read(REC), edited);
}

#[test]
fn log_shows_changes_newest_first_with_slips_and_uncommitted_work() {
    let g = with_progress();
    ok(&g.sct(
        "2012-05-01",
        &[
            "update",
            "demo-2012/1.3",
            "--note",
            "Training plan shared",
            "--date",
            "2012-05-01",
        ],
    ));
    let r = g.sct("2012-05-01", &["log", "demo-2012/1"]);
    ok(&r);
    assert_eq!(
        table_rows(&r.stdout),
        [
            "uncommitted | demo-2012/1.3 | note added: Training plan shared",
            "2012-04-01 | Ann Officer | HASH | demo-2012/1.2 | due date moved 2012-09 → 2012-12-31: SLIPPED 92 days (slip 2 of this action)",
            "2012-04-01 | Ann Officer | HASH | demo-2012/1.2 | note added (QA&A Sub Group): Audit postponed",
            "2012-03-01 | Ann Officer | HASH | demo-2012/1.2 | due date moved 2012-06-30 → 2012-09: SLIPPED 92 days (slip 1 of this action)",
            "2012-02-01 | Ann Officer | HASH | demo-2012/1.1 | status in-progress → complete",
            "2012-02-01 | Ann Officer | HASH | demo-2012/1.1 | completion date none → 2012-02-01",
            "2012-02-01 | Ann Officer | HASH | demo-2012/1.1 | evidence added: Audit of assessment documents",
            "2012-01-15 | Ann Officer | HASH | demo-2012/1 | recommendation added (3 actions)",
        ],
        "{}",
        r.stdout
    );
}

/// The body rows of a table, cells joined by " | ", commit hashes replaced by HASH.
fn table_rows(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with('│'))
        .skip(1)
        .map(|row| {
            row.split(['│', '┆'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| {
                    if c.len() == 7 && c.bytes().all(|b| b.is_ascii_hexdigit()) {
                        "HASH"
                    } else {
                        c
                    }
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[test]
fn log_follows_a_recommendation_through_a_rename() {
    let g = with_progress();
    g.git(
        "2012-04-10",
        &[
            "mv",
            "plans/demo-2012/01.toml",
            "plans/demo-2012/lscb-01.toml",
        ],
    );
    g.commit_all("2012-04-10", "Rename by agency");
    ok(&g.sct(
        "2012-04-20",
        &[
            "update",
            "demo-2012/1.3",
            "--lead",
            "Training lead",
            "--commit",
        ],
    ));
    let r = g.sct("2012-04-20", &["log", "demo-2012/1", "--format", "json"]);
    ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let kinds: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["change"]["kind"].as_str().unwrap(),
                e["file"].as_str().unwrap(),
            )
        })
        .collect();
    // No "removed" and "added" for the move; the history before it is still there.
    assert_eq!(
        kinds.first(),
        Some(&("lead-changed", "plans/demo-2012/lscb-01.toml"))
    );
    assert!(
        kinds.contains(&("evidence-added", "plans/demo-2012/01.toml")),
        "{kinds:?}"
    );
    assert!(
        !kinds
            .iter()
            .any(|(k, _)| k.starts_with("recommendation-removed")),
        "{kinds:?}"
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|(k, _)| *k == "recommendation-added")
            .count(),
        1
    );
    assert_eq!(v[0]["commit"]["author"], "Ann Officer");
    assert_eq!(v[0]["commit"]["signature"], "none");
    assert_eq!(v[0]["uncommitted"], false);
}

#[test]
fn at_reads_the_plans_as_they_were_without_touching_the_working_tree() {
    let g = with_progress();
    let before = g.read(REC);
    let now = g.sct("2012-06-30", &["list", "--format", "json"]);
    let then = g.sct(
        "2012-06-30",
        &["--at", "2012-02-15", "list", "--format", "json"],
    );
    ok(&then);
    assert!(
        then.stderr.contains("sct: the plans as at commit "),
        "{}",
        then.stderr
    );
    let state = |out: &str, id: &str| -> (String, String) {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        let a = v
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["action"] == id)
            .unwrap()
            .clone();
        (
            a["state"].as_str().unwrap().to_string(),
            a["due"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        state(&now.stdout, "demo-2012/1.2"),
        ("pending".into(), "2012-12-31".into())
    );
    // On 15 February the target was still 30 June, and --at's date is the day judged.
    assert_eq!(state(&then.stdout, "demo-2012/1.2").1, "2012-06-30");
    assert_eq!(state(&then.stdout, "demo-2012/1.1").0, "completed");
    // --today overrides the day; a revision works as well as a date.
    let first = g.git("2012-06-30", &["rev-list", "--max-parents=0", "HEAD"]);
    let r = g.sct(
        "2012-06-30",
        &[
            "--at",
            first.trim(),
            "--today",
            "2012-06-30",
            "list",
            "--format",
            "json",
        ],
    );
    ok(&r);
    assert_eq!(state(&r.stdout, "demo-2012/1.1").0, "overdue");
    assert_eq!(g.read(REC), before);
    assert_eq!(g.git("2012-06-30", &["status", "--porcelain"]), "");
}

#[test]
fn at_explains_dates_before_the_history_and_unknown_revisions() {
    let g = GitPlans::demo();
    let r = g.sct("2012-06-30", &["--at", "2011-12-31", "status"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no commit on or before 2011-12-31: the history starts on 2012-01-15"),
        "{}",
        r.stderr
    );
    let r = g.sct("2012-06-30", &["--at", "no-such-tag", "status"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`no-such-tag` is neither a date (YYYY-MM-DD) nor a revision"),
        "{}",
        r.stderr
    );
}

#[test]
fn history_commands_outside_git_or_without_git_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans/demo-2012")).unwrap();
    std::fs::copy(
        common::demo().join("plans/demo-2012/review.toml"),
        dir.path().join("plans/demo-2012/review.toml"),
    )
    .unwrap();
    let mut cmd = common::sct(dir.path());
    cmd.env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .arg("log");
    let r = common::run(cmd);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not inside a git repository"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));

    let g = GitPlans::demo();
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = common::sct(g.path());
    cmd.env("PATH", empty.path())
        .args(["--at", "2012-03-01", "status"]);
    let r = common::run(cmd);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("git is not installed, or not on PATH"),
        "{}",
        r.stderr
    );
}

#[test]
fn changes_between_two_meetings() {
    let g = with_progress();
    let r = g.sct(
        "2012-06-30",
        &[
            "changes",
            "--since",
            "2012-01-31",
            "--until",
            "2012-04-30",
            "--format",
            "json",
        ],
    );
    ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["since"]["day"], "2012-01-31");
    assert_eq!(v["until"]["day"], "2012-04-30");
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x["action"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("completed"), ["demo-2012/1.1"]);
    assert_eq!(ids("evidence_added"), ["demo-2012/1.1"]);
    assert_eq!(ids("slipped"), ["demo-2012/1.2"]);
    assert_eq!(v["slipped"][0]["from"], "2012-06-30");
    assert_eq!(v["slipped"][0]["to"], "2012-12-31");
    assert_eq!(v["slipped"][0]["slips_in_all"], 2);
    // CSC's February action fell overdue between the two meetings.
    assert!(
        ids("newly_overdue").contains(&"demo-2012/rbwm-csc-1.1".to_string()),
        "{}",
        r.stdout
    );
    let t = g.sct(
        "2012-06-30",
        &["changes", "--since", "2012-01-31", "--until", "2012-04-30"],
    );
    ok(&t);
    assert!(t.stdout.contains("due date slipped"), "{}", t.stdout);
    assert!(
        t.stdout
            .contains("2012-06-30 → 2012-12-31 (slipped 2 times in all)"),
        "{}",
        t.stdout
    );
}

#[test]
fn check_history_flags_what_only_the_history_shows() {
    let g = with_progress();
    // A third slip, evidence rewritten, completion undone.
    ok(&g.sct(
        "2012-05-01",
        &["update", "demo-2012/1.2", "--due", "2013-03", "--commit"],
    ));
    let text = g.read(REC).replace(
        "Audit of assessment documents",
        "Audit of some assessment documents",
    );
    g.write(REC, &text);
    g.commit_all("2012-05-02", "Tidy wording");
    ok(&g.sct(
        "2012-05-03",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "in-progress",
            "--commit",
        ],
    ));
    // Completion recorded long after its date, and a sign-off by someone not listed.
    let review = g.read("plans/demo-2012/review.toml").replace(
        "commenced = 2012-01-15\n",
        "commenced = 2012-01-15\nfinalisers = [\"QA Chair <qa@lscb.example>\"]\n",
    );
    g.write("plans/demo-2012/review.toml", &review);
    g.commit_all("2012-05-04", "Name the finalisers");
    ok(&g.sct(
        "2012-06-01",
        &[
            "update",
            "demo-2012/2.1",
            "--status",
            "complete",
            "--commit",
            "--date",
            "2012-06-01",
        ],
    ));
    let t = g.read("plans/demo-2012/02.toml").replacen(
        "completed = 2012-06-01",
        "completed = \"2011-12\"",
        1,
    );
    g.write("plans/demo-2012/02.toml", &t);
    g.commit_all("2012-06-01", "Completion date from the minutes");
    ok(&g.sct(
        "2012-06-02",
        &[
            "update",
            "demo-2012/2.1",
            "--evidence",
            "Newsletter issue 3",
            "--finalise",
            "--by",
            "QA&A",
            "--commit",
            "--date",
            "2012-06-02",
        ],
    ));
    // An evidence document on disk but never committed.
    g.write("evidence/newsletter.pdf", "%PDF");
    ok(&g.sct(
        "2012-06-03",
        &[
            "update",
            "demo-2012/2.1",
            "--evidence",
            "Newsletter",
            "--file",
            "evidence/newsletter.pdf",
            "--date",
            "2012-06-03",
        ],
    ));

    let r = g.sct("2012-06-30", &["check", "--history"]);
    assert_eq!(r.code, 0, "warnings alone pass: {}", r.stderr);
    let e = &r.stderr;
    assert!(e.contains("plans/demo-2012/01.toml:8:1: warning: evidence for demo-2012/1.1 was rewritten in commit "), "{e}");
    assert!(e.contains("(Ann Officer, 2012-05-02) after it had been committed; it read: “Audit of assessment documents”"), "{e}");
    assert!(
        e.contains("warning: demo-2012/1.1 went back from complete to in-progress in commit"),
        "{e}"
    );
    assert!(
        e.contains("warning: the due date of demo-2012/1.2 has slipped 3 times (more than 2): "),
        "{e}"
    );
    assert!(e.contains("warning: the completion of demo-2012/2.1 is dated 2011-12 but was recorded 153 days later"), "{e}");
    assert!(
        e.contains("warning: demo-2012/2.1 was finalised (by “QA&A”) in commit "),
        "{e}"
    );
    assert!(
        e.contains("but Ann Officer <ann@lscb.example> is not among the review's finalisers"),
        "{e}"
    );
    assert!(
        e.contains("warning: evidence file `evidence/newsletter.pdf` exists but is not committed"),
        "{e}"
    );
    let strict = g.sct("2012-06-30", &["check", "--history", "--strict"]);
    assert_eq!(strict.code, 1);
    // Within the limits, nothing is said.
    let loose = g.sct(
        "2012-06-30",
        &[
            "check",
            "--history",
            "--max-slips",
            "3",
            "--late-days",
            "400",
        ],
    );
    assert!(!loose.stderr.contains("has slipped"), "{}", loose.stderr);
    assert!(
        !loose.stderr.contains("recorded 153 days later"),
        "{}",
        loose.stderr
    );
    // Without --history, none of it.
    let plain = g.sct("2012-06-30", &["check"]);
    assert!(!plain.stderr.contains("commit"), "{}", plain.stderr);
}

#[test]
fn log_shows_whether_signed_commits_verify() {
    if std::process::Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_err()
    {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("SKIPPED: ssh-keygen is not installed, so no signed commit can be made");
        }
        return;
    }
    let g = GitPlans::demo();
    let key = g.path().join("../signing-key");
    let key = key.to_str().unwrap().to_string();
    let _ = std::fs::remove_file(&key);
    let out = std::process::Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "ann@lscb.example",
            "-f",
            &key,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(format!("{key}.pub")).unwrap();
    let allowed = g.path().join("../allowed-signers");
    std::fs::write(&allowed, format!("ann@lscb.example {public}")).unwrap();
    g.git("2012-02-01", &["config", "gpg.format", "ssh"]);
    g.git("2012-02-01", &["config", "user.signingkey", &key]);
    g.git(
        "2012-02-01",
        &[
            "config",
            "gpg.ssh.allowedSignersFile",
            allowed.to_str().unwrap(),
        ],
    );
    g.git("2012-02-01", &["config", "commit.gpgsign", "true"]);
    ok(&g.sct(
        "2012-02-01",
        &[
            "update",
            "demo-2012/1.1",
            "--status",
            "complete",
            "--commit",
            "--date",
            "2012-02-01",
        ],
    ));
    let r = g.sct("2012-02-01", &["log", "-n", "2"]);
    ok(&r);
    let rows = table_rows(&r.stdout);
    assert!(rows[0].contains("| signed, verified |"), "{}", r.stdout);
    let r = g.sct("2012-02-01", &["log", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["commit"]["signature"], "good");
    let last = v.as_array().unwrap().last().unwrap();
    assert_eq!(last["commit"]["signature"], "none");
    let _ = std::fs::remove_file(&key);
    let _ = std::fs::remove_file(format!("{key}.pub"));
    let _ = std::fs::remove_file(&allowed);
}

#[test]
fn report_grades_slips_and_tells_what_changed_since_the_last_report() {
    let g = with_progress();
    let r = g.sct(
        "2012-04-30",
        &["report", "--format", "json", "--since", "2012-01-31"],
    );
    ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["since"], "2012-01-31");
    let review = &v["reviews"][0];
    let action = |id: &str| {
        review["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    // Moved twice and not yet due: slipped, not on track.
    assert_eq!(action("demo-2012/1.2")["slips"], 2);
    assert_eq!(action("demo-2012/1.2")["grade"], "slipped");
    assert_eq!(action("demo-2012/2.1")["grade"], "on-track");
    assert_eq!(action("demo-2012/1.1")["grade"], "achieved");
    let since = &review["since"];
    let ids = |k: &str| -> Vec<String> {
        since[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                x["id"]
                    .as_str()
                    .or(x["action"]["id"].as_str())
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(ids("completed"), ["demo-2012/1.1"]);
    assert_eq!(ids("slipped"), ["demo-2012/1.2"]);
    assert_eq!(since["slipped"][0]["was"], "2012-06-30");
    // The timeline: quarter ends within the history, then today.
    let days: Vec<&str> = review["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["date"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2012-03-31", "2012-04-30"]);
    // Without the history: no slipped grade.
    let plain = g.sct(
        "2012-04-30",
        &["report", "--format", "json", "--no-history"],
    );
    let v: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    let a = v["reviews"][0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "demo-2012/1.2")
        .unwrap()
        .clone();
    assert_eq!(a["grade"], "on-track");
    // The HTML draws the timeline.
    let html = g.sct("2012-04-30", &["report", "--format", "html"]);
    ok(&html);
    assert!(
        html.stdout.contains("<polyline"),
        "the timeline chart is drawn"
    );
}

#[test]
fn at_reads_reviews_whose_names_sort_differently_in_git() {
    // git orders "a-b/…" before "a/…" ('-' < '/'); folders sort the other way.
    let g = GitPlans::demo();
    let review = g.read("plans/demo-2012/review.toml");
    let rec = g.read(REC);
    for name in ["demo", "demo-2012-b"] {
        g.write(&format!("plans/{name}/review.toml"), &review);
        g.write(&format!("plans/{name}/01.toml"), &rec);
    }
    g.commit_all("2012-02-01", "More reviews");
    let now = g.sct("2012-06-30", &["status", "--format", "json"]);
    let then = g.sct(
        "2012-06-30",
        &["--at", "HEAD", "status", "--format", "json"],
    );
    ok(&then);
    assert_eq!(now.stdout, then.stdout);
    assert!(then.stdout.contains("\"demo-2012-b\""), "{}", then.stdout);
}

#[test]
fn commits_read_again_come_from_the_blob_cache_with_the_same_answers() {
    let g = with_progress();
    let good = g.read(REC);
    g.write(REC, &good.replacen("lead = ", "lead = = ", 1));
    g.commit_all("2012-05-01", "A broken edit");
    g.write(REC, &good);
    g.commit_all("2012-05-02", "Mended");
    let cases: [&[&str]; 5] = [
        &["--at", "2012-02-15", "list", "--format", "json"],
        &["--at", "2012-04-15", "status"],
        &["--at", "2012-05-01", "status"],
        &["log"],
        &["changes", "--since", "2012-01-15"],
    ];
    for args in cases {
        let fresh = g.sct("2012-06-30", &[&["--no-cache"], args].concat());
        // The first run fills the blob cache; the second is answered from it.
        for _ in 0..2 {
            let r = g.sct("2012-06-30", args);
            assert_eq!(r.code, fresh.code, "{args:?}: {}", r.stderr);
            assert_eq!(r.stdout, fresh.stdout, "{args:?}");
            assert_eq!(r.stderr, fresh.stderr, "{args:?}");
        }
    }
    // A broken file in a commit is still shown at its place, with its line, although its
    // outcome came from the cache and its text was not read to load it.
    let broken = g.sct("2012-06-30", &["--at", "2012-05-01", "status"]);
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    common::has(&broken.stderr, "plans/demo-2012/01.toml:");
    common::has(&broken.stderr, "lead = = ");
}
