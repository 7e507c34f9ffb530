//! The privacy gate (issue 14): one guard on every way in and every way out.
//!
//! Ways in (`update`, `import csv`, `new`, names under plans/): an identifier given to sct
//! is refused with a masked message and exit 1, and appears in no file and no commit.
//! Ways out (`show`, `list`, `status`, `report`, `remind`, `log`, `changes`, `export`…): an
//! identifier in the plans appears in no output. Hostile text (terminal escapes, bidi
//! overrides, Markdown links, spreadsheet formulas) is neutralised for each medium; files
//! that are not plans are bounded; `check --history` finds what history still holds.
//!
//! Every run is the real binary, in a sealed git repository of its own.

mod common;
use common::git::GitPlans;
use common::*;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// An NHS number with a valid check digit, an NI number, a date of birth as plans phrase
/// it: the identifiers each way in and out is tried with. The date is an unusual one, so
/// that no other text of the fixtures holds it.
const NHS: &str = "943 476 5919";
const NI: &str = "JG 10 37 59 A";
const DOB_DATE: &str = "17/11/2003";

/// The three identifiers, each in a sentence that would carry it into a plan.
fn sentences() -> [(String, &'static str); 3] {
    [
        (format!("Child's NHS number {NHS} recorded"), NHS),
        (format!("Mother's NI number {NI} given"), NI),
        (format!("Child born on {DOB_DATE} at home"), DOB_DATE),
    ]
}

/// Lower case with everything but letters and digits taken out: "943 476 5919" and
/// "943.476.5919" alike become "9434765919".
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Asserts that no text of `hay` (named `what`) holds `secret`, in any spacing.
#[track_caller]
fn not_in(what: &str, hay: &str, secret: &str) {
    let s = squeeze(secret);
    assert!(
        !hay.to_lowercase().contains(&secret.to_lowercase()) && !squeeze(hay).contains(&s),
        "{secret:?} leaked into {what}:\n{hay}"
    );
}

#[track_caller]
fn not_in_run(what: &str, r: &Run, secret: &str) {
    not_in(&format!("{what}: stdout"), &r.stdout, secret);
    not_in(&format!("{what}: stderr"), &r.stderr, secret);
}

/// Every file below `dir` (git's own folder left out), as text.
fn files_text(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (
                e.path().display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect()
}

/// Every commit of every ref, with its message, author and patch.
fn history_text(g: &GitPlans) -> String {
    g.git(
        TODAY,
        &[
            "log",
            "-p",
            "--all",
            "--format=%H%n%an <%ae>%n%cn <%ce>%n%B",
        ],
    )
}

/// No file of the repository, no commit and no output holds `secret`.
#[track_caller]
fn nowhere(g: &GitPlans, r: &Run, secret: &str) {
    not_in_run("the output", r, secret);
    for (path, text) in files_text(g.path()) {
        not_in(&path, &text, secret);
    }
    not_in("git log -p --all", &history_text(g), secret);
    // Names too: a folder or file named with it.
    for e in walkdir::WalkDir::new(g.path()) {
        let e = e.unwrap();
        not_in("a file name", &e.path().display().to_string(), secret);
    }
}

/// A refusal: exit 1, a privacy message, the repository as it was.
#[track_caller]
fn refused(g: &GitPlans, r: &Run, head: &str, secret: &str) {
    assert_eq!(r.code, 1, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    has(&r.stderr, "personal data");
    assert_eq!(
        g.git(TODAY, &["rev-parse", "HEAD"]),
        head,
        "a commit was made"
    );
    let status = g.git(TODAY, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(status.is_empty(), "files were written:\n{status}");
    nowhere(g, r, secret);
}

fn head(g: &GitPlans) -> String {
    g.git(TODAY, &["rev-parse", "HEAD"])
}

// ---- ways in -------------------------------------------------------------------------

#[test]
fn update_refuses_an_identifier_in_any_field_and_writes_nothing() {
    for (text, secret) in sentences() {
        for (flag, extra) in [
            ("--note", vec![]),
            ("--evidence", vec![]),
            ("--lead", vec![]),
            ("--by", vec!["--note", "Chased by phone."]),
        ] {
            for commit in [false, true] {
                let g = GitPlans::demo();
                let before = head(&g);
                let mut args = vec!["update", "demo-2012/1.1", flag, text.as_str()];
                args.extend(&extra);
                if commit {
                    args.push("--commit");
                }
                let r = g.sct_today(&args);
                refused(&g, &r, &before, secret);
            }
        }
    }
}

#[test]
fn update_refuses_an_identifier_in_the_commit_message() {
    for (text, secret) in sentences() {
        let g = GitPlans::demo();
        let before = head(&g);
        let r = g.sct_today(&[
            "update",
            "demo-2012/1.1",
            "--note",
            "Chased by phone.",
            "--commit",
            "-m",
            &text,
        ]);
        refused(&g, &r, &before, secret);
    }
}

/// The demo plans with an empty review `imp-2012` (its review.toml committed) to import
/// into.
fn with_empty_review() -> GitPlans {
    let g = GitPlans::demo();
    let review = g.read("plans/demo-2012/review.toml");
    g.write("plans/imp-2012/review.toml", &review);
    g.commit_all("2012-01-16", "An empty review to import into");
    g
}

/// A CSV of one recommendation with one action, `text` in the action's cell.
fn plan_csv(text: &str) -> String {
    format!(
        "Agency,Recommendation,Action required,By when,Lead officers\n\
         LSCB,\"1. The LSCB should audit.\",\"{text}\",May 2012,LSCB Chair\n"
    )
}

#[test]
fn import_csv_refuses_an_identifier_and_writes_nothing() {
    for (text, secret) in sentences() {
        let g = with_empty_review();
        let csv_dir = tempfile::tempdir().unwrap();
        let csv = csv_dir.path().join("plan.csv");
        std::fs::write(&csv, plan_csv(&text)).unwrap();
        let before = head(&g);
        let r = g.sct_today(&[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "imp-2012",
        ]);
        refused(&g, &r, &before, secret);
    }
}

#[test]
fn import_csv_dry_run_does_not_show_an_identifier() {
    for (text, secret) in sentences() {
        let g = with_empty_review();
        let csv_dir = tempfile::tempdir().unwrap();
        let csv = csv_dir.path().join("plan.csv");
        std::fs::write(&csv, plan_csv(&text)).unwrap();
        let before = head(&g);
        let r = g.sct_today(&[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "imp-2012",
            "--dry-run",
        ]);
        refused(&g, &r, &before, secret);
    }
}

#[test]
fn new_recommendation_refuses_an_identifier_in_its_text() {
    for (text, secret) in sentences() {
        let g = GitPlans::demo();
        let before = head(&g);
        let r = g.sct_today(&[
            "new",
            "recommendation",
            "demo-2012",
            "--agency",
            "LSCB",
            "--text",
            &text,
        ]);
        refused(&g, &r, &before, secret);
    }
}

#[test]
fn new_review_refuses_an_identifier_in_its_name_or_title() {
    let g = GitPlans::demo();
    let before = head(&g);
    let r = g.sct_today(&[
        "new",
        "review",
        "case-9434765919",
        "--title",
        "Review",
        "--board",
        "LSCB",
    ]);
    refused(&g, &r, &before, "9434765919");
    let r = g.sct_today(&[
        "new",
        "review",
        "case-d",
        "--title",
        &format!("The review of the child {NHS}"),
        "--board",
        "LSCB",
    ]);
    refused(&g, &r, &before, NHS);
}

#[test]
fn identifiers_in_folder_and_file_names_are_findings() {
    for (from, to, secret) in [
        ("plans/demo-2012", "plans/case-9434765919", "9434765919"),
        (
            "plans/demo-2012/02.toml",
            "plans/demo-2012/jg103759a.toml",
            "jg103759a",
        ),
    ] {
        let g = GitPlans::demo();
        g.git(TODAY, &["mv", from, to]);
        g.commit_all("2012-02-01", "Renamed");
        for format in ["table", "json"] {
            let r = g.sct_today(&["--format", format, "check"]);
            assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
            has(&format!("{}{}", r.stdout, r.stderr), "personal data");
            not_in_run("check", &r, secret);
        }
        for args in [vec!["list"], vec!["status"], vec!["report"]] {
            let r = g.sct_today(&args);
            assert_eq!(r.code, 1, "{args:?}: {}\n{}", r.stdout, r.stderr);
            not_in_run(&format!("{args:?}"), &r, secret);
        }
    }
}

// ---- ways out ------------------------------------------------------------------------

/// The demo plans with `text` as the note of demo-2012/1.1, committed by hand (as an
/// editor would), as it would stand after an `sct update` of today's code.
fn with_note(text: &str) -> GitPlans {
    let g = GitPlans::demo();
    let path = "plans/demo-2012/01.toml";
    let plan = g.read(path);
    let plan = plan.replacen(
        "status = \"in-progress\"\n",
        &format!(
            "status = \"in-progress\"\n\n[[actions.notes]]\ndate = 2012-02-01\n\
             text = \"{text}\"\nbody = \"LSCB Business Manager\"\n"
        ),
        1,
    );
    g.write(path, &plan);
    g.commit_all("2012-02-01", "Note on 1.1");
    g
}

#[test]
fn every_read_command_refuses_a_plan_holding_an_identifier() {
    for (text, secret) in sentences() {
        let g = with_note(&text);
        let out = tempfile::tempdir().unwrap();
        let o = |name: &str| out.path().join(name).display().to_string();
        let runs: Vec<Vec<String>> = [
            vec!["show", "demo-2012/1.1"],
            vec!["show", "demo-2012"],
            vec!["--format", "json", "show", "demo-2012/1.1"],
            vec!["list"],
            vec!["--format", "csv", "list"],
            vec!["--format", "markdown", "list"],
            vec!["--format", "json", "list"],
            vec!["status"],
            vec!["status", "--by", "agency"],
            vec!["overdue"],
            vec!["report"],
            vec!["--format", "html", "report"],
            vec!["--format", "csv", "report"],
            vec!["--format", "json", "report"],
            vec!["report", "-o", &o("report.md")],
            vec!["report", "-o", &o("report.html")],
            vec!["remind"],
            vec!["remind", "--out", &o("chasers")],
            vec!["--format", "eml", "remind", "--out", &o("eml")],
            vec!["export", "csv"],
            vec!["export", "csv", "-o", &o("plans.csv")],
            vec!["codeowners"],
        ]
        .iter()
        .map(|a| a.iter().map(|s| s.to_string()).collect())
        .collect();
        for args in runs {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = g.sct_today(&args);
            assert_eq!(
                r.code, 1,
                "{args:?} ran on a plan with {secret:?}:\n{}\n{}",
                r.stdout, r.stderr
            );
            has(&r.stderr, "personal data");
            not_in_run(&format!("{args:?}"), &r, secret);
            for (path, text) in files_text(out.path()) {
                not_in(&path, &text, secret);
            }
        }
    }
}

#[test]
fn log_and_changes_never_show_an_identifier_from_history() {
    for (text, secret) in sentences() {
        // Committed, then taken out again: the working tree is clean, history is not.
        let g = with_note(&text);
        let path = "plans/demo-2012/01.toml";
        let plan = g.read(path).replace(&text, "Chased by phone.");
        g.write(path, &plan);
        g.commit_all("2012-02-02", "Note reworded");
        for args in [
            vec!["log"],
            vec!["log", "demo-2012/1.1"],
            vec!["--format", "json", "log"],
            vec!["changes", "--since", "2012-01-15"],
            vec!["--format", "json", "changes", "--since", "2012-01-15"],
            vec!["changes", "--since", "2012-01-15", "--until", "2012-02-01"],
        ] {
            let r = g.sct_today(&args);
            assert!(r.code <= 1, "{args:?}: {}", r.stderr);
            not_in_run(&format!("{args:?}"), &r, secret);
        }
    }
}

#[test]
fn git_metadata_never_shows_an_identifier() {
    for (text, secret) in sentences() {
        let g = GitPlans::demo();
        let path = "plans/demo-2012/01.toml";
        let plan = g.read(path).replace(
            "status = \"in-progress\"",
            "status = \"complete\"\ncompleted = 2012-02-01",
        );
        g.write(path, &plan);
        g.git("2012-02-01", &["add", "-A"]);
        // An identifier in the commit message and in the author's name.
        g.git(
            "2012-02-01",
            &[
                "commit",
                "-q",
                "-m",
                &text,
                &format!("--author={text} <x@lscb.example>"),
            ],
        );
        for args in [
            vec!["log"],
            vec!["--format", "json", "log"],
            vec!["changes", "--since", "2012-01-15"],
            vec!["--format", "json", "changes", "--since", "2012-01-15"],
            vec!["--at", "HEAD", "status"],
            vec!["--at", "HEAD", "list"],
            vec!["report", "--since", "2012-01-15"],
            vec!["--format", "html", "report", "--since", "2012-01-15"],
        ] {
            let r = g.sct_today(&args);
            assert!(r.code <= 1, "{args:?}: {}", r.stderr);
            not_in_run(&format!("{args:?}"), &r, secret);
        }
    }
}

// ---- the shapes of identifiers -------------------------------------------------------

/// A valid recommendation file with `lines` as comment lines at its end.
fn rec_with_comments(lines: &[String]) -> String {
    let mut s = "number = 1\nagency = \"LSCB\"\ntext = \"Audit.\"\n\n[[actions]]\n\
                 description = \"Audit the assessment tools.\"\nlead = \"LSCB Chair\"\n\
                 due = 2012-09-30\n"
        .to_string();
    for l in lines {
        s.push_str(&format!("# {l}\n"));
    }
    s
}

/// The lines (1-based, of the comment lines alone) `sct check` finds personal data on.
fn lines_found(lines: &[String]) -> Vec<usize> {
    let dir = tree(&[("01.toml", &rec_with_comments(lines))]);
    let r = sct_run(dir.path(), &["--format", "json", "check"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    let mut found: Vec<usize> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["message"].as_str().unwrap().starts_with("personal data"))
        .map(|p| p["line"].as_u64().unwrap() as usize - 8)
        .collect();
    found.dedup();
    found
}

/// Asserts that `sct check` finds personal data on each line, and shows none of it.
#[track_caller]
fn each_found(lines: &[&str], secrets: &[&str]) {
    let lines: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    let found = lines_found(&lines);
    let missed: Vec<&String> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !found.contains(&(i + 1)))
        .map(|(_, l)| l)
        .collect();
    assert!(missed.is_empty(), "not found: {missed:#?}");
    let dir = tree(&[("01.toml", &rec_with_comments(&lines))]);
    let r = sct_run(dir.path(), &["check"]);
    for s in secrets {
        not_in_run("check", &r, s);
    }
}

#[track_caller]
fn none_found(lines: &[&str]) {
    let owned: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    let found = lines_found(&owned);
    let alarms: Vec<&str> = found.iter().map(|i| lines[i - 1]).collect();
    assert!(alarms.is_empty(), "false alarms: {alarms:#?}");
}

/// The NHS check digit, as the tests' own reference.
fn mod11_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    assert_eq!(d.len(), 10, "{digits}");
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(a, w)| a * w).sum();
    match 11 - sum % 11 {
        11 => d[9] == 0,
        10 => false,
        c => d[9] == c,
    }
}

#[test]
fn nhs_numbers_with_any_separator_or_grouping_are_found() {
    assert!(mod11_ok("9434765919") && mod11_ok("4010232137"));
    each_found(
        &[
            "NHS 943.476.5919",
            "NHS 943\u{a0}476\u{a0}5919",
            "NHS 943\t476\t5919",
            "NHS 943/476/5919",
            "NHS 94 34 76 59 19",
            "NHS 9434 765 919",
            "NHS 94347 65919",
            "NHS 943 4765 919",
            "NHS 401 023-2137",
            "NHS 943\u{2009}476\u{2009}5919",
            "nhs no.9434765919.",
        ],
        &["9434765919", "4010232137"],
    );
}

#[test]
fn ni_numbers_with_hyphens_dots_or_other_spacing_are_found() {
    each_found(
        &[
            "NI JG-10-37-59-A",
            "NI JG.10.37.59.A",
            "NI jg 103759 a",
            "NI JG\u{a0}10\u{a0}37\u{a0}59\u{a0}A",
            "NI JG10 37 59A",
            "NI JG-103759-A",
        ],
        &["jg103759a"],
    );
}

#[test]
fn dates_of_birth_in_more_phrasings_and_spaced_dates_are_found() {
    each_found(
        &[
            "birth date 17/11/2003",
            "Birth-date: 17.11.2003",
            "date-of-birth 17-11-2003",
            "Date Of Birth 17 / 11 / 2003",
            "DoB 17 . 11 . 2003",
            "dob: 17 - 11 - 2003",
            "birthdate 2003 - 11 - 17",
            "born on 17 Nov. 2003",
            "born 17-Nov-2003",
            "DOB 17th November, 2003",
            "date of birth Nov 17th 2003",
            "birth date: 17 11 2003",
        ],
        &[
            "17112003",
            "17nov2003",
            "17november2003",
            "nov17th2003",
            "20031117",
        ],
    );
}

#[test]
fn ordinary_dates_phone_numbers_and_cohorts_are_not_found() {
    // Phone-like and reference numbers whose check digit fails, or that are not ten
    // digits standing alone.
    for n in ["0118 496 0123", "9434765918", "0123 456 780"] {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        assert!(digits.len() != 10 || !mod11_ok(&digits), "{n}");
    }
    none_found(&[
        "Tel 0118 496 0123 (office)",
        "Call 0943 476 5919 or 0943.476.5919",
        "Tel 0123 456 780",
        "Ref 943 476 5918",
        "Ref 943.476.5918",
        "case 94-34-76-59-18",
        "Meeting 12.03.12 10.30 at the town hall",
        "Reviewed 12/03/2005 and 14/05/2005",
        "Due 12 03 2013",
        "Actions 1.1 1.2 1.3 2.1 2.2",
        "children born after 1 April 2012",
        "babies born between 1/4/2011 and 31/3/2012",
        "children born 12/03/2005 onwards",
        "born in 2005",
        "Ensure the date of birth is recorded on every referral by 31/03/2013.",
        "birth dates to be checked from 1 April 2013",
        "Birth registration audit due 17/11/2013",
        "Funding for 2012 2013 2014",
        "JG 10 37 59 E is not a suffix",
    ]);
}

// ---- terminal and document injection -------------------------------------------------

/// Text a hostile editor puts in a plan: an OSC window title, a colour, a clear screen,
/// BEL, a C1 CSI, and a right-to-left override.
const HOSTILE: &str =
    "Chased \\u001B]0;pwned\\u0007 \\u001B[31mred\\u001B[2J \\u009B1m C1 \\u202Eevil\\u202C end";

/// The characters that must never reach a terminal from plan text or git.
fn injected(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\r' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || c == '\u{200e}'
                || c == '\u{200f}'
                || c == '\u{61c}'
        })
        .collect()
}

/// The demo plans with the hostile note on 1.1 and a hostile author name on its commit.
fn hostile_repo() -> GitPlans {
    let g = GitPlans::demo();
    let path = "plans/demo-2012/01.toml";
    let plan = g.read(path).replacen(
        "status = \"in-progress\"\n",
        &format!(
            "status = \"in-progress\"\n\n[[actions.notes]]\ndate = 2012-02-01\n\
             text = \"{HOSTILE}\"\nbody = \"LSCB \\u001B[5mBusiness\\u202E Manager\"\n"
        ),
        1,
    );
    g.write(path, &plan);
    g.git("2012-02-01", &["add", "-A"]);
    g.git(
        "2012-02-01",
        &[
            "commit",
            "-q",
            "-m",
            "Note \x1b]0;title\x07 on 1.1 \u{202e}",
            "--author=Eve \x1b[31mRed\x1b[0m\u{202e} <eve@lscb.example>",
        ],
    );
    g
}

/// Runs sct with `args` in `dir` on a real pseudo-terminal (stdout and stderr a tty),
/// with git sealed, and returns all it wrote to the terminal.
fn on_a_terminal(dir: &Path, args: &[&str]) -> String {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("sct"));
    cmd.args(args);
    cmd.cwd(dir);
    cmd.env_clear();
    for (k, v) in [
        ("PATH", std::env::var("PATH").unwrap_or_default()),
        ("HOME", std::env::temp_dir().display().to_string()),
        ("GIT_CONFIG_GLOBAL", "/dev/null".into()),
        ("GIT_CONFIG_SYSTEM", "/dev/null".into()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("TZ", "UTC".into()),
        ("LC_ALL", "C.UTF-8".into()),
        ("TERM", "xterm-256color".into()),
        ("COLUMNS", "200".into()),
        // sct's own colours off: any escape left is one that came from the plans.
        ("NO_COLOR", "1".into()),
        ("SCT_TODAY", TODAY.into()),
        ("SCT_CACHE_DIR", cache_dir().display().to_string()),
    ] {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        // Linux ends a closed terminal's reads with EIO: that is the end of the output.
        while let Ok(n) = reader.read(&mut chunk) {
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let _ = tx.send(buf);
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let _ = status;
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "sct {args:?} did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(pair.master);
    let out = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn control_sequences_never_reach_a_terminal() {
    let g = hostile_repo();
    for args in [
        vec!["show", "demo-2012/1.1"],
        vec!["list"],
        vec!["overdue"],
        vec!["log"],
        vec!["log", "demo-2012/1.1"],
        vec!["changes", "--since", "2012-01-15"],
        vec!["--at", "HEAD", "status"],
        vec!["report"],
        vec!["remind"],
    ] {
        let screen = on_a_terminal(g.path(), &args);
        // It ran: the text around the escapes is there.
        assert!(
            screen.contains("demo-2012") || screen.contains("Chased"),
            "{args:?}: {screen}"
        );
        let bad = injected(&screen);
        assert!(
            bad.is_empty(),
            "{args:?} sent {bad:?} to the terminal:\n{screen:?}"
        );
        assert!(
            !screen.contains('\u{fffd}'),
            "{args:?}: a C1 byte was cut in half"
        );
    }
    // With colour on, sct's own colour sequences are written; none of the plan's.
    for args in [
        vec!["--color", "always", "show", "demo-2012/1.1"],
        vec!["--color", "always", "list"],
        vec!["--color", "always", "log"],
    ] {
        let screen = on_a_terminal(g.path(), &args);
        assert!(screen.contains("\u{1b}["), "{args:?}: no colour at all");
        for bad in [
            "\u{1b}]",
            "\u{1b}[2J",
            "\u{1b}[5m",
            "\u{7}",
            "\u{9b}",
            "\u{202e}",
        ] {
            assert!(!screen.contains(bad), "{args:?} sent {bad:?}:\n{screen:?}");
        }
    }
    // Shown visibly, not dropped: a reader sees that something was there.
    let screen = on_a_terminal(g.path(), &["show", "demo-2012/1.1"]);
    has(&screen, "pwned");
    has(&screen, "evil");
}

#[test]
fn control_sequences_are_not_written_into_markdown_reports_or_reminders() {
    let g = hostile_repo();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.md");
    let chasers = out.path().join("chasers");
    for args in [
        vec!["report", "-o", report.to_str().unwrap()],
        vec!["remind", "--out", chasers.to_str().unwrap()],
    ] {
        let r = g.sct_today(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    for args in [
        vec!["report"],
        vec!["remind"],
        vec!["--format", "markdown", "list"],
    ] {
        let r = g.sct_today(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(injected(&r.stdout).is_empty(), "{args:?}: {:?}", r.stdout);
    }
    let eml = out.path().join("eml");
    let r = g.sct_today(&["--format", "eml", "remind", "--out", eml.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = files_text(out.path());
    assert!(files.len() >= 4, "{files:?}");
    for (path, text) in files {
        assert!(injected(&text).is_empty(), "{path}: {text:?}");
        // Nor encoded in an e-mail (quoted-printable ESC, BEL, C1 CSI, U+202E).
        for qp in ["=1B", "=07", "=C2=9B", "=E2=80=AE"] {
            assert!(!text.contains(qp), "{path}: {qp} in {text}");
        }
    }
}

#[test]
fn markdown_links_and_images_in_plan_text_are_escaped() {
    let g = with_note("See [the form](javascript:alert(1)) and ![](https://tracker.example/p.gif) <img src=x onerror=alert(1)> | cell");
    // The note is plain text now; an action's description is in every report.
    let out = tempfile::tempdir().unwrap();
    let chasers = out.path().join("chasers");
    let path = "plans/demo-2012/01.toml";
    let plan = g.read(path).replace(
        "Review the assessment documents of all agencies.",
        "Review [the documents](javascript:alert(2)) ![x](https://tracker.example/q.gif)",
    );
    g.write(path, &plan);
    g.commit_all("2012-02-02", "Links");
    let mut texts = Vec::new();
    for args in [
        vec!["report"],
        vec!["remind"],
        vec!["--format", "markdown", "list"],
        vec!["remind", "--out", chasers.to_str().unwrap()],
    ] {
        let r = g.sct_today(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        texts.push((format!("{args:?}"), r.stdout));
    }
    texts.extend(files_text(out.path()));
    for (what, text) in texts {
        for live in [
            "](javascript:",
            "![](https://tracker",
            "![x](https://tracker",
            "<img",
        ] {
            assert!(!text.contains(live), "{what}: {live:?} is live:\n{text}");
        }
    }
}

// ---- spreadsheets --------------------------------------------------------------------

/// Cells a spreadsheet would run as a formula, once spaces, tabs or fullwidth forms are
/// seen through.
fn live_formula(cell: &str) -> bool {
    let first = cell
        .trim_start_matches([' ', '\t', '\r', '\n', '\u{a0}', '\u{3000}'])
        .chars()
        .next();
    matches!(
        first,
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
    ) && !cell.starts_with('\'')
}

fn csv_cells(text: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    rdr.records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect()
}

fn formula_repo() -> GitPlans {
    let g = with_note("  =HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")");
    let path = "plans/demo-2012/01.toml";
    let plan = g
        .read(path)
        .replace("Review the assessment documents of all agencies.", " =1+2")
        .replace("lead = \"LSCB Chair\"", "lead = \"＝SUM(A1:A9)\"")
        .replace(
            "Audit the effectiveness of assessment tools.",
            "\\t@cmd|' /C calc'!A0",
        )
        .replace(
            "Include male carers in all multi-agency training.",
            "   -2+3",
        );
    g.write(path, &plan);
    g.commit_all("2012-02-02", "Formulas");
    g
}

#[test]
fn every_csv_sct_writes_neutralises_formula_cells() {
    let g = formula_repo();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("plans.csv");
    for args in [
        vec!["export", "csv"],
        vec!["export", "csv", "-o", file.to_str().unwrap()],
        vec!["--format", "csv", "report"],
        vec!["--format", "csv", "list"],
        vec!["--format", "csv", "overdue"],
    ] {
        let r = g.sct_today(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let text = if args.contains(&"-o") {
            std::fs::read_to_string(&file).unwrap()
        } else {
            r.stdout
        };
        let live: Vec<String> = csv_cells(&text)
            .into_iter()
            .filter(|c| live_formula(c))
            .collect();
        assert!(live.is_empty(), "{args:?}: live formulas {live:?}");
    }
    // Tab-separated values open in a spreadsheet too.
    for cmd in ["list", "overdue"] {
        let r = g.sct_today(&["--format", "tsv", cmd]);
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        let live: Vec<&str> = r
            .stdout
            .lines()
            .flat_map(|l| l.split('\t'))
            .filter(|c| live_formula(c))
            .collect();
        assert!(live.is_empty(), "{cmd} tsv: live formulas {live:?}");
    }
}

#[test]
fn export_then_import_keeps_text_that_looks_like_a_formula() {
    let g = formula_repo();
    let json = || {
        let r = g.sct_today(&["--format", "json", "list"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            // Import trims the white space around a cell.
            .map(|a| {
                let s = |k: &str| a[k].as_str().unwrap().trim().to_string();
                (s("description"), s("lead"))
            })
            .collect::<Vec<_>>()
    };
    let before = json();
    assert!(before.iter().any(|(d, _)| d == "=1+2"), "{before:?}");
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("plans.csv");
    let r = g.sct_today(&["export", "csv", "-o", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Into the review emptied of its recommendations: the inverse.
    for e in std::fs::read_dir(g.file("plans/demo-2012")).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else if !p.ends_with("review.toml") {
            std::fs::remove_file(p).unwrap();
        }
    }
    let r = g.sct_today(&[
        "import",
        "csv",
        file.to_str().unwrap(),
        "--review",
        "demo-2012",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(), before);
}

// ---- files that are not plans --------------------------------------------------------

fn mkfifo(path: &Path) {
    let st = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(st.success());
}

/// sct with `args` under an address-space limit of 1 GiB (so that a run that would grow
/// without end fails instead of taking the machine), timed.
fn bounded(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Run, Duration) {
    let mut sh = assert_cmd::Command::new("sh");
    sh.current_dir(dir)
        .env_remove("SCT_FORBID")
        .env_remove("SCT_PLANS")
        .env("SCT_CACHE_DIR", cache_dir())
        .env("SCT_TODAY", TODAY)
        .env("COLUMNS", "100")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("sct"))
        .args(args)
        .timeout(Duration::from_secs(120));
    for (k, v) in env {
        sh.env(k, v);
    }
    let started = Instant::now();
    let r = run(sh);
    (r, started.elapsed())
}

#[test]
fn a_private_list_that_is_a_fifo_is_refused_promptly() {
    // status reads the list when the plans have errors, to mask the excerpts.
    let dir = bad(&["unknown-key.toml"]);
    let fifo = dir.path().join("list.fifo");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    for (args, env) in [
        (vec!["check", "--forbid", fifo], vec![]),
        (vec!["check"], vec![("SCT_FORBID", fifo)]),
        (vec!["status"], vec![("SCT_FORBID", fifo)]),
    ] {
        let (r, took) = bounded(dir.path(), &args, &env);
        assert!(took < Duration::from_secs(10), "{args:?} waited {took:?}");
        assert_ne!(r.code, 0, "{args:?}");
        has(&r.stderr, "not an ordinary file");
    }
}

#[test]
fn dev_zero_as_a_list_a_csv_or_a_map_is_refused_promptly() {
    let g = with_empty_review();
    let csv_dir = tempfile::tempdir().unwrap();
    let csv = csv_dir.path().join("plan.csv");
    std::fs::write(&csv, plan_csv("Audit.")).unwrap();
    for (args, env) in [
        (vec!["check", "--forbid", "/dev/zero"], vec![]),
        (vec!["check"], vec![("SCT_FORBID", "/dev/zero")]),
        (
            vec!["import", "csv", "/dev/zero", "--review", "imp-2012"],
            vec![],
        ),
        (
            vec![
                "import",
                "csv",
                csv.to_str().unwrap(),
                "--review",
                "imp-2012",
                "--map",
                "/dev/zero",
            ],
            vec![],
        ),
    ] {
        let (r, took) = bounded(g.path(), &args, &env);
        assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        has(&r.stderr, "/dev/zero");
        has(&r.stderr, "not an ordinary file");
    }
}

#[test]
fn a_csv_or_list_over_the_size_limit_is_refused_before_reading() {
    let g = with_empty_review();
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.csv");
    // Sparse: 4 GiB that take no disk and would take memory to read.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let huge = huge.to_str().unwrap();
    for args in [
        vec!["import", "csv", huge, "--review", "imp-2012"],
        vec!["check", "--forbid", huge],
    ] {
        let (r, took) = bounded(g.path(), &args, &[]);
        assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        has(&r.stderr, "MiB");
    }
}

#[test]
fn a_private_list_of_a_million_terms_is_bounded() {
    let dir = tree(&[]);
    let list = dir.path().join("terms.txt");
    let mut text = String::with_capacity(24 << 20);
    for i in 0..1_000_000u32 {
        text.push_str(&format!("Name{i} Surname{i}\n"));
    }
    text.push_str("Demo Local\n");
    std::fs::write(&list, text).unwrap();
    let (r, took) = bounded(
        dir.path(),
        &["check", "--forbid", list.to_str().unwrap()],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The last term is found (in review.toml's board), masked.
    has(
        &r.stderr,
        "a term from the private list (D…, 2 words, 9 letters)",
    );
    // What is bounded is memory (the 1 GiB limit above; the regular expression of every
    // term took 7 GB); the time, a few seconds, is left to the machine.
    let _ = took;
}

// ---- history -------------------------------------------------------------------------

#[test]
fn check_history_finds_an_identifier_ever_committed() {
    for (text, secret) in sentences() {
        let g = with_note(&text);
        let path = "plans/demo-2012/01.toml";
        let plan = g.read(path).replace(&text, "Chased by phone.");
        g.write(path, &plan);
        g.commit_all("2012-02-02", "Note reworded");
        // And one in a commit message alone.
        g.write(
            "plans/demo-2012/02.toml",
            &format!("{}\n", g.read("plans/demo-2012/02.toml")),
        );
        g.commit_all("2012-02-03", &format!("Tidy; NHS {NHS}"));
        let bad_commit = g.git(TODAY, &["rev-parse", "--short", "HEAD~2"]);
        let msg_commit = g.git(TODAY, &["rev-parse", "--short", "HEAD"]);
        // The working tree is clean.
        let now = g.sct_today(&["check"]);
        assert_eq!(now.code, 0, "{}", now.stderr);
        for format in ["table", "json"] {
            let r = g.sct_today(&["--format", format, "check", "--history"]);
            assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
            let all = format!("{}{}", r.stdout, r.stderr);
            has(&all, "personal data");
            has(&all, path);
            has(&all, bad_commit.trim());
            has(&all, msg_commit.trim());
            not_in_run("check --history", &r, secret);
            not_in_run("check --history", &r, NHS);
            if format == "table" {
                // How to take it out of history.
                has(&all, "git filter-repo");
            }
        }
    }
}

// ---- the one gate, by structure ------------------------------------------------------

/// Every file a command writes goes through `guard::write_file` (or `write_bytes`), which
/// refuses personal data: no module but the guard itself and the parse cache (which holds
/// no text of its own making) may call `files::write_*` directly.
#[test]
fn only_the_guard_writes_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap().display().to_string();
        if !rel.ends_with(".rs")
            || rel == "files.rs"
            || rel.starts_with("guard/")
            || rel == "plan/cache.rs"
        {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        // Unit tests make their fixtures as they like.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (i, line) in code.lines().enumerate() {
            if line.contains("write_atomic") || line.contains("std::fs::write(") {
                offenders.push(format!("src/{rel}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "write through guard::write_file:\n{}",
        offenders.join("\n")
    );
}

/// sct in `g` with a private list named by SCT_FORBID.
fn with_forbid(g: &GitPlans, list: &Path, args: &[&str]) -> Run {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("sct"));
    c.current_dir(g.path())
        .env_remove("SCT_PLANS")
        .env("SCT_FORBID", list)
        .env("SCT_CACHE_DIR", cache_dir())
        .env("SCT_TODAY", TODAY)
        .args(args);
    common::git::seal(&mut c, TODAY);
    let mut cmd = assert_cmd::Command::from_std(c);
    cmd.timeout(Duration::from_secs(60));
    run(cmd)
}

#[test]
fn the_private_list_guards_writes_and_output_too() {
    let g = GitPlans::demo();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("names.txt");
    std::fs::write(&list, "# the family\nJane Smith\n").unwrap();
    let before = head(&g);
    let r = with_forbid(
        &g,
        &list,
        &[
            "update",
            "demo-2012/1.1",
            "--note",
            "Spoke to jane\n smith.",
            "--commit",
        ],
    );
    refused(&g, &r, &before, "jane");
    // A name in git metadata alone is masked wherever it is shown.
    g.git(
        "2012-02-01",
        &["commit", "-q", "--allow-empty", "-m", "Met Jane Smith"],
    );
    for args in [vec!["log"], vec!["--at", "HEAD", "status"]] {
        let r = with_forbid(&g, &list, &args);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        not_in_run(&format!("{args:?}"), &r, "Jane Smith");
    }
    // A list that cannot be read: no write, rather than one unchecked.
    let gone = dir.path().join("gone.txt");
    let r = with_forbid(&g, &gone, &["update", "demo-2012/1.1", "--note", "Chased."]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    has(&r.stderr, "cannot read the private list");
    assert!(g.git(TODAY, &["status", "--porcelain"]).is_empty());
}

#[test]
fn log_and_changes_refuse_plans_holding_an_identifier_as_they_are() {
    for (text, secret) in sentences() {
        let g = with_note(&text);
        for args in [vec!["log"], vec!["changes", "--since", "2012-01-15"]] {
            let r = g.sct_today(&args);
            assert_eq!(r.code, 1, "{args:?}: {}\n{}", r.stdout, r.stderr);
            has(&r.stderr, "personal data");
            not_in_run(&format!("{args:?}"), &r, secret);
        }
    }
}

#[test]
fn check_history_looks_at_every_branch_and_every_name() {
    let g = GitPlans::demo();
    let path = "plans/demo-2012/01.toml";
    let clean = g.read(path);
    // On a branch: a note with an NHS number, taken out again, then merged.
    g.git(TODAY, &["checkout", "-q", "-b", "draft"]);
    g.write(path, &format!("{clean}# NHS {NHS}\n"));
    g.commit_all("2012-02-01", "Draft note");
    let drafted = g.git(TODAY, &["rev-parse", "--short", "HEAD"]);
    g.write(path, &clean);
    g.commit_all("2012-02-02", "Draft note taken out");
    g.git(TODAY, &["checkout", "-q", "main"]);
    g.git(
        "2012-02-03",
        &["merge", "-q", "--no-ff", "-m", "Merge draft", "draft"],
    );
    // On a branch never merged: a file named with an NI number, later renamed.
    g.git(TODAY, &["checkout", "-q", "-b", "names"]);
    g.git(
        TODAY,
        &[
            "mv",
            "plans/demo-2012/02.toml",
            "plans/demo-2012/jg103759a.toml",
        ],
    );
    g.commit_all("2012-02-04", "Named");
    g.git(
        TODAY,
        &[
            "mv",
            "plans/demo-2012/jg103759a.toml",
            "plans/demo-2012/02.toml",
        ],
    );
    g.commit_all("2012-02-05", "Renamed back");
    g.git(TODAY, &["checkout", "-q", "main"]);
    assert_eq!(g.sct_today(&["check"]).code, 0);
    let r = g.sct_today(&["check", "--history"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    has(
        &r.stderr,
        "an NHS number (ending …19) was committed in commit",
    );
    has(&r.stderr, drafted.trim());
    has(
        &r.stderr,
        "plans/demo-2012/*********.toml: error: personal data: a National Insurance number",
    );
    not_in_run("check --history", &r, NHS);
    not_in_run("check --history", &r, "jg103759a");
}
