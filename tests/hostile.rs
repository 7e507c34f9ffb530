//! Hostile input: what people (and accidents) put in a plans repository edited by hand.
//! One test per case, each through the real binary, each asserting that sct says which file
//! (and where in it) and what it expected, exits non-zero for an error, never panics or
//! hangs (every run has a timeout), and leaves every byte of the plans tree as it was.

mod common;
use common::git::GitPlans;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// What a path in the tree is, compared before and after a run. A named pipe is recorded
/// as such and never opened (that would block); a link by its target, never followed.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Dir,
    File(Vec<u8>),
    /// Too large to compare by content (a sparse test file): its size and time.
    Large(u64, std::time::SystemTime),
    Link(std::path::PathBuf),
    Other,
}

/// Every path below `root` with what it holds, links not followed.
fn fingerprint(root: &Path) -> BTreeMap<String, Node> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(root).follow_links(false) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(root).unwrap().display().to_string();
        let ft = e.file_type();
        let node = if ft.is_symlink() {
            Node::Link(std::fs::read_link(e.path()).unwrap())
        } else if ft.is_dir() {
            Node::Dir
        } else if ft.is_file() {
            let meta = e.metadata().unwrap();
            if meta.len() > 64 << 20 {
                Node::Large(meta.len(), meta.modified().unwrap())
            } else {
                Node::File(std::fs::read(e.path()).unwrap())
            }
        } else {
            Node::Other
        };
        out.insert(rel, node);
    }
    out
}

/// Runs sct with `args` in `dir` under a timeout, and asserts what every hostile case
/// shares: no panic, and the plans tree unchanged to the byte.
fn hostile(dir: &Path, args: &[&str]) -> Run {
    let before = fingerprint(dir);
    let mut cmd = sct(dir);
    cmd.args(args).timeout(Duration::from_secs(10));
    let r = run(cmd);
    assert_no_panic(&r);
    let after = fingerprint(dir);
    assert!(before == after, "sct {args:?} changed the tree");
    r
}

/// `sct check` on a hostile tree: it must fail.
fn check_fails(dir: &Path) -> Run {
    let r = hostile(dir, &["check"]);
    assert_eq!(r.code, 1, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    r
}

#[track_caller]
fn assert_no_panic(r: &Run) {
    assert!(
        !r.stderr.contains("panicked") && !r.stdout.contains("panicked"),
        "{}",
        r.stderr
    );
}

fn plans(dir: &Path) -> std::path::PathBuf {
    dir.join("plans/demo")
}

const GOOD: &str = "number = 1\nagency = \"BHFT\"\ntext = \"A recommendation.\"\n\n[[actions]]\ndescription = \"An action.\"\nlead = \"Named Nurse\"\n";

// ---- files that are not plan files ----

#[test]
fn empty_file() {
    let dir = tree(&[("01.toml", "")]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml: error: the file is empty\n");
    has(&r.stderr, "= hint: write the plan into it");
    let r = hostile(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "plans/demo/01.toml: error: the file is empty");
    assert_eq!(r.stdout, "");
}

#[test]
fn file_of_blank_space_is_empty() {
    let dir = tree(&[("01.toml", "\u{feff}\r\n   \n\t\n")]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml: error: the file is empty: it holds only blank space",
    );
}

#[test]
fn empty_review_toml() {
    let dir = tree(&[("01.toml", GOOD)]);
    std::fs::write(plans(dir.path()).join("review.toml"), "").unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/review.toml: error: the file is empty",
    );
}

#[test]
fn binary_garbage() {
    let dir = tree(&[]);
    // Bytes that are not UTF-8 from the third on, with escape sequences and NULs that a
    // terminal must never receive raw.
    let mut bytes = b"\x1b[2J".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 | 0x80));
    bytes.extend(b"\0\x1b]0;owned\x07");
    std::fs::write(plans(dir.path()).join("01.toml"), &bytes).unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml:1:5: error: the file is not valid UTF-8 text",
    );
    has(&r.stderr, "= hint: save it as UTF-8");
    assert!(
        !r.stderr.contains('\x1b'),
        "raw escape shown:\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\0'), "raw NUL shown");
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let dir = tree(&[]);
    let mut bytes = b"number = 1\nagency = \"BHFT\"\ntext = \"caf".to_vec();
    bytes.extend(b"\xe9 au lait\"\n"); // Latin-1 é
    std::fs::write(plans(dir.path()).join("01.toml"), &bytes).unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml:3:12: error: the file is not valid UTF-8 text",
    );
    has(&r.stderr, "3 | text = \"caf\u{fffd} au lait\"");
    has(&r.stderr, "\n  |            ^\n");
    let r = hostile(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/01.toml:3:12: error: the file is not valid UTF-8 text",
    );
}

#[test]
fn control_characters_in_a_line_are_not_sent_to_the_terminal() {
    let dir = tree(&[("01.toml", "number = 1\n\u{1b}[31mred = 2\n")]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:2:1: error: TOML syntax");
    has(&r.stderr, "2 | \u{fffd}[31mred = 2");
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
}

#[test]
fn control_characters_in_a_file_name_are_not_sent_to_the_terminal() {
    let dir = tree(&[("\u{1b}[2Jx\n.toml", "")]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/\u{fffd}[2Jx\u{fffd}.toml: error: the file is empty",
    );
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
}

#[test]
fn folder_named_like_a_plan_file() {
    let dir = tree(&[("01.toml", GOOD)]);
    std::fs::create_dir_all(plans(dir.path()).join("02.toml/inner")).unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/02.toml: error: this is a folder named like a plan file",
    );
    has(&r.stderr, "= hint: rename the folder");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_not_followed() {
    let dir = tree(&[("01.toml", GOOD)]);
    let p = plans(dir.path());
    std::os::unix::fs::symlink("loop.toml", p.join("loop.toml")).unwrap();
    std::os::unix::fs::symlink("..", p.join("up")).unwrap();
    std::os::unix::fs::symlink("a.toml", p.join("b.toml")).unwrap();
    std::os::unix::fs::symlink("b.toml", p.join("a.toml")).unwrap();
    let r = check_fails(dir.path());
    for name in ["loop.toml", "a.toml", "b.toml", "up"] {
        has(
            &r.stderr,
            &format!(
                "plans/demo/{name}: error: this is a symbolic link; sct does not follow links"
            ),
        );
    }
    has(&r.stderr, "= hint: keep plan files inside the plans folder");
}

#[cfg(unix)]
#[test]
fn symlink_out_of_plans_is_not_followed() {
    let dir = tree(&[("01.toml", GOOD)]);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, "number = 1\nsecret = \"do not show me\"\n").unwrap();
    let p = plans(dir.path());
    std::os::unix::fs::symlink(&secret, p.join("02.toml")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("plans/elsewhere")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.join("imr")).unwrap();
    let r = check_fails(dir.path());
    for name in ["demo/02.toml", "elsewhere", "demo/imr"] {
        has(
            &r.stderr,
            &format!("plans/{name}: error: this is a symbolic link; sct does not follow links"),
        );
    }
    assert!(!r.stderr.contains("do not show me"), "{}", r.stderr);
    assert!(!r.stderr.contains("secret"), "{}", r.stderr);
    let r = hostile(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/02.toml: error: this is a symbolic link",
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn named_pipe_is_refused_without_waiting() {
    let dir = tree(&[("01.toml", GOOD)]);
    mkfifo(&plans(dir.path()).join("x.toml"));
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/x.toml: error: this is not an ordinary file (a named pipe, socket or device)",
    );
    has(
        &r.stderr,
        "= hint: remove it, or replace it with the plan file itself",
    );
    let r = hostile(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/x.toml: error: this is not an ordinary file",
    );
}

#[cfg(unix)]
#[test]
fn named_pipe_as_review_toml_is_refused_without_waiting() {
    let dir = tree(&[("01.toml", GOOD)]);
    let review = plans(dir.path()).join("review.toml");
    std::fs::remove_file(&review).unwrap();
    mkfifo(&review);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/review.toml: error: this is not an ordinary file",
    );
}

// ---- size and depth ----

#[test]
fn deeply_nested_arrays() {
    let depth = 100_000;
    let text = format!(
        "number = 1\nagency = \"BHFT\"\nx = {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = tree(&[("01.toml", &text)]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:3:");
    has(&r.stderr, "error: TOML syntax: cannot recurse further");
    // The line shown is cut, not 200,000 characters.
    assert!(
        r.stderr.len() < 4000,
        "{} bytes of messages",
        r.stderr.len()
    );
}

#[test]
fn deeply_nested_inline_tables() {
    let depth = 100_000;
    let text = format!(
        "number = 1\nagency = \"BHFT\"\nx = {}1{}\n",
        "{a = ".repeat(depth),
        "}".repeat(depth)
    );
    let dir = tree(&[("01.toml", &text)]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:3:");
    has(&r.stderr, "error: TOML syntax: cannot recurse further");
}

#[test]
fn deeply_nested_tables_by_header() {
    // [a.a.a.a…] nests by dotted keys rather than brackets.
    let text = format!(
        "number = 1\nagency = \"BHFT\"\n[{}]\n",
        vec!["a"; 50_000].join(".")
    );
    let dir = tree(&[("01.toml", &text)]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:");
    has(&r.stderr, "error: ");
}

#[test]
fn very_long_string_is_accepted_quickly() {
    let long = "a".repeat(500 * 1024);
    let text = GOOD.replace("An action.", &long);
    let dir = tree(&[("01.toml", &text)]);
    let started = Instant::now();
    let r = hostile(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "1 recommendations, 1 actions checked");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let r = hostile(dir.path(), &["status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn very_long_wrong_key_and_value_are_cut_in_the_message() {
    let key = "k".repeat(500 * 1024);
    let value = "c".repeat(500 * 1024);
    let text = format!("{GOOD}{key} = 1\n");
    let dir = tree(&[
        ("01.toml", &text),
        (
            "02.toml",
            &format!("{GOOD}status = \"{value}\"\n").replace("number = 1", "number = 2"),
        ),
        (
            "03.toml",
            &format!("{GOOD}due = \"{value}\"\n").replace("number = 1", "number = 3"),
        ),
    ]);
    let started = Instant::now();
    let r = check_fails(dir.path());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    has(
        &r.stderr,
        &format!(
            "plans/demo/01.toml:8:1: error: unknown key `{}…`\n",
            &key[..40]
        ),
    );
    has(
        &r.stderr,
        "= hint: the keys allowed here are description, agency",
    );
    has(
        &r.stderr,
        &format!(
            "plans/demo/02.toml:8:10: error: unknown value `{}…`\n",
            &value[..40]
        ),
    );
    has(&r.stderr, "plans/demo/03.toml:8:7: error: `cccc");
    assert!(
        r.stderr.len() < 10_000,
        "{} bytes of messages",
        r.stderr.len()
    );
}

#[test]
fn very_long_line_with_an_error_is_cut_when_shown() {
    let text = format!(
        "number = 1\nagency = \"BHFT\"\ntext = \"{}\n",
        "b".repeat(500 * 1024)
    );
    let dir = tree(&[("01.toml", &text)]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:3:");
    has(&r.stderr, "error: TOML syntax: invalid basic string");
    assert!(
        r.stderr.len() < 4000,
        "{} bytes of messages",
        r.stderr.len()
    );
}

#[test]
fn file_over_the_size_limit() {
    let dir = tree(&[]);
    let text = format!("{GOOD}# {}\n", "x".repeat(1024 * 1024));
    std::fs::write(plans(dir.path()).join("01.toml"), &text).unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        &format!(
            "plans/demo/01.toml: error: the file is {} bytes; plan files are limited to 1048576 bytes (1 MiB)",
            text.len()
        ),
    );
    has(&r.stderr, "= hint: split the recommendation");
}

#[test]
fn huge_sparse_file_is_not_read() {
    // A terabyte that takes no disk: reading it whole would never finish.
    let dir = tree(&[]);
    let f = std::fs::File::create(plans(dir.path()).join("01.toml")).unwrap();
    f.set_len(1 << 40).unwrap();
    drop(f);
    let started = Instant::now();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml: error: the file is 1099511627776 bytes; plan files are limited to 1048576 bytes",
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_file_of_nothing_but_syntax_errors_is_summarised() {
    // One error a line, 400,000 lines: the first 20 are shown, the rest counted.
    let text = "x\n".repeat(400_000);
    let dir = tree(&[("01.toml", &text)]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml:1:2: error: TOML syntax: key with no value, expected `=`",
    );
    has(&r.stderr, "plans/demo/01.toml:20:2: error: TOML syntax");
    assert!(!r.stderr.contains("01.toml:21:"), "{}", r.stderr);
    has(
        &r.stderr,
        "plans/demo/01.toml: error: 399980 more TOML syntax errors not shown",
    );
    has(&r.stdout, "21 errors");
}

#[test]
fn thousands_of_actions_with_warnings_are_located_quickly() {
    let mut text = String::from("number = 1\nagency = \"BHFT\"\ntext = \"R.\"\n");
    for _ in 0..10_000 {
        text.push_str("[[actions]]\ndescription = \"a\"\nstatus = \"complete\"\n");
    }
    let dir = tree(&[("01.toml", &text)]);
    let r = hostile(dir.path(), &["check", "--strict"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/01.toml:30003:1: error: action demo/1.10000 is complete but records no evidence",
    );
    has(&r.stdout, "10000 actions checked");
}

// ---- well-formed TOML, wrong content ----

#[test]
fn wrong_type_is_reported_at_the_value() {
    let dir = bad(&["wrong-type.toml"]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/wrong-type.toml:7:8: error: wrong type: integer `5`, expected a string",
    );
}

#[test]
fn impossible_day_says_how_many_days_the_month_has() {
    let dir = bad(&["impossible-day.toml"]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/impossible-day.toml:8:7: error: `2012-02-30` is not a real date: 2012-02 has 29 days");
}

#[test]
fn impossible_day_in_a_non_leap_year() {
    let dir = tree(&[("01.toml", &format!("{GOOD}due = \"2011-02-29\"\n"))]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml:8:7: error: `2011-02-29` is not a real date: 2011-02 has 28 days",
    );
}

#[test]
fn impossible_toml_date_is_a_syntax_error_at_its_place() {
    // Unquoted, 2011-02-30 is a TOML date, which the TOML parser itself refuses.
    let dir = tree(&[("01.toml", &format!("{GOOD}due = 2011-02-30\n"))]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:8:7: error: TOML syntax:");
}

#[test]
fn impossible_month() {
    let dir = bad(&["impossible-month.toml"]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/impossible-month.toml:8:7: error: `2012-13` is not a real date: month 13 does not exist");
}

#[test]
fn dates_written_the_british_way_are_refused_with_the_form_to_use() {
    let dir = tree(&[("01.toml", &format!("{GOOD}due = \"31.02.09\"\n"))]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml:8:7: error: `31.02.09` is not a date: write a day as 2012-05-31 or a month as \"2012-05\"",
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let dir = bad(&["unknown-key.toml"]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/unknown-key.toml:8:1: error: unknown key `dew`",
    );
    has(&r.stderr, "8 | dew = \"2012-04\"");
    has(&r.stderr, "= hint: did you mean `due`?");
}

#[test]
fn unknown_key_in_review_toml() {
    let dir = tree(&[("01.toml", GOOD)]);
    let review = plans(dir.path()).join("review.toml");
    let text = std::fs::read_to_string(&review).unwrap();
    std::fs::write(&review, format!("titel = \"x\"\n{text}")).unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/review.toml:1:1: error: unknown key `titel`",
    );
    has(&r.stderr, "= hint: did you mean `title`?");
}

#[test]
fn unknown_status_lists_the_vocabulary() {
    let dir = bad(&["unknown-status.toml"]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/unknown-status.toml:8:10: error: unknown value `completed`",
    );
    has(&r.stderr, "did you mean `complete`? the valid values are not-started, in-progress, delayed, ongoing, complete");
}

#[test]
fn duplicate_number_names_both_files() {
    let text = std::fs::read_to_string(fixtures().join("bad/duplicate-number.toml")).unwrap();
    let dir = tree(&[("a/01.toml", &text), ("b/one.toml", &text)]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/b/one.toml:1:1: error: duplicate recommendation `demo/1`: plans/demo/a/01.toml already has number 1 in the overview section");
}

#[test]
fn missing_review_toml() {
    let dir = tree(&[("01.toml", GOOD)]);
    std::fs::remove_file(plans(dir.path()).join("review.toml")).unwrap();
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/review.toml: error: the review folder `demo` has no review.toml",
    );
    has(&r.stderr, "= hint: create it with the review's title");
    let r = hostile(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "has no review.toml");
}

#[test]
fn byte_order_mark_and_crlf_are_accepted_and_places_stay_right() {
    let good = "\u{feff}number = 1\r\nagency = \"BHFT\"\r\ntext = \"A recommendation.\"\r\n\r\n[[actions]]\r\ndescription = \"An action.\"\r\nlead = \"Named Nurse\"\r\n";
    let dir = tree(&[("01.toml", good)]);
    let r = hostile(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("01.toml"), "{}", r.stderr);
    has(&r.stdout, "1 recommendations, 1 actions checked");
    let bad = good.replace("lead = ", "lede = ");
    let dir = tree(&[("01.toml", &bad)]);
    let r = check_fails(dir.path());
    has(
        &r.stderr,
        "plans/demo/01.toml:7:1: error: unknown key `lede`",
    );
    has(&r.stderr, "7 | lede = \"Named Nurse\"\n");
    has(&r.stderr, "did you mean `lead`?");
    // The first line's column counts from after the mark.
    let dir = tree(&[("01.toml", &good.replace("number = 1", "number = []"))]);
    let r = check_fails(dir.path());
    has(&r.stderr, "plans/demo/01.toml:1:10: error: ");
}

// ---- the same bad files read from a commit (--at) ----

/// A sealed repository holding the demo plans and then, in a second commit, `rel` with
/// `bytes`; the working tree is put back to the first commit, so only --at sees them.
fn committed_bad(rel: &str, bytes: &[u8]) -> (GitPlans, String) {
    let g = GitPlans::demo();
    let p = g.file(rel);
    std::fs::write(&p, bytes).unwrap();
    g.commit_all("2012-02-01", "Bad file");
    let rev = g
        .git("2012-02-01", &["rev-parse", "HEAD"])
        .trim()
        .to_string();
    g.git("2012-02-01", &["reset", "-q", "--hard", "HEAD~1"]);
    (g, rev)
}

fn at_check(g: &GitPlans, rev: &str) -> Run {
    let before = fingerprint(g.path());
    let r = g.sct_today(&["--at", rev, "check"]);
    assert_no_panic(&r);
    assert!(before == fingerprint(g.path()), "--at changed the tree");
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    r
}

#[test]
fn empty_file_in_a_commit() {
    let (g, rev) = committed_bad("plans/demo-2012/03.toml", b"");
    let r = at_check(&g, &rev);
    has(
        &r.stderr,
        "plans/demo-2012/03.toml: error: the file is empty\n",
    );
    // The working tree, without the file, is fine.
    assert_eq!(g.sct_today(&["check"]).code, 0);
}

#[test]
fn invalid_utf8_in_a_commit() {
    let (g, rev) = committed_bad(
        "plans/demo-2012/03.toml",
        b"number = 3\nagency = \"\xff\"\n",
    );
    let r = at_check(&g, &rev);
    has(
        &r.stderr,
        "plans/demo-2012/03.toml:2:11: error: the file is not valid UTF-8 text",
    );
}

#[test]
fn file_over_the_size_limit_in_a_commit() {
    let text = format!("# {}\n", "x".repeat(1024 * 1024));
    let (g, rev) = committed_bad("plans/demo-2012/03.toml", text.as_bytes());
    let r = at_check(&g, &rev);
    has(
        &r.stderr,
        &format!(
            "plans/demo-2012/03.toml: error: the file is {} bytes; plan files are limited",
            text.len()
        ),
    );
}

#[test]
fn binary_review_toml_in_a_commit() {
    let (g, rev) = committed_bad(
        "plans/demo-2012/review.toml",
        b"\x00\x01\x02\xff\xfe\x1b[2J",
    );
    let r = at_check(&g, &rev);
    has(
        &r.stderr,
        "plans/demo-2012/review.toml:1:4: error: the file is not valid UTF-8 text",
    );
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
}
