//! `sct report`, `sct remind` and the csv/markdown formats of list, overdue and status:
//! golden files on the bundled plans, hostile text through every format, and the HTML
//! page opened in a real browser.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile() -> PathBuf {
    fixtures().join("hostile")
}

/// Where tests leave files for people to look at (target/test-artifacts).
fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compares `actual` with tests/golden/NAME; SCT_UPDATE_GOLDEN=1 rewrites the file.
#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("SCT_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run SCT_UPDATE_GOLDEN=1 cargo test --test report",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{} differs from the output at line {}:\n  golden: {:?}\n  output: {:?}\n\
         (if the change is intended: SCT_UPDATE_GOLDEN=1 cargo test --test report)",
        path.display(),
        line + 1,
        expected.lines().nth(line),
        actual.lines().nth(line)
    );
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let r = sct_run(dir, args);
    assert_eq!(r.code, 0, "sct {args:?}\n{}", r.stderr);
    r.stdout
}

/// Without the history: the goldens pin the plans, not this repository's commits.
fn report(dir: &Path, format: &str) -> String {
    ok(
        dir,
        &[
            "report",
            "--no-history",
            "--today",
            TODAY,
            "--format",
            format,
        ],
    )
}

fn parse_csv(s: &str) -> Vec<csv::StringRecord> {
    let s = s
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a byte-order mark");
    csv::Reader::from_reader(s.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn csv_header(s: &str) -> Vec<String> {
    let s = s.strip_prefix('\u{feff}').unwrap();
    csv::Reader::from_reader(s.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect()
}

// ---- golden files on the bundled plans ----

#[test]
fn golden_markdown() {
    golden("report.md", &report(&repo(), "markdown"));
}

#[test]
fn golden_html() {
    golden("report.html", &report(&repo(), "html"));
}

#[test]
fn golden_csv() {
    golden("report.csv", &report(&repo(), "csv"));
}

#[test]
fn golden_json() {
    golden("report.json", &report(&repo(), "json"));
}

#[test]
fn markdown_is_the_default() {
    assert_eq!(
        ok(&repo(), &["report", "--no-history", "--today", TODAY]),
        report(&repo(), "markdown")
    );
}

// ---- what the report says ----

#[test]
fn json_report_counts_grades_and_sections() {
    let v: serde_json::Value = serde_json::from_str(&report(&demo(), "json")).unwrap();
    assert_eq!(v["as_at"], "2012-06-30");
    assert_eq!(v["next_quarter"]["to"], "2012-09-30");
    let r = &v["reviews"][0];
    assert_eq!(r["id"], "demo-2012");
    assert_eq!(r["counts"]["total"], 8);
    assert_eq!(r["counts"]["overdue"], 3);
    assert_eq!(
        r["grades"],
        serde_json::json!({"achieved": 1, "on_track": 4, "slipped": 0, "not_achieved": 3})
    );
    let ids = |key: &str| -> Vec<String> {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("overdue"),
        [
            "demo-2012/rbwm-csc-1.1",
            "demo-2012/1.1",
            "demo-2012/rbwm-csc-1.2"
        ],
        "most overdue first"
    );
    assert_eq!(
        ids("due_next_quarter"),
        ["demo-2012/1.2", "demo-2012/2.1", "demo-2012/2.2"],
        "soonest first; the ongoing action has no date"
    );
    assert_eq!(
        ids("awaiting_sign_off"),
        Vec::<String>::new(),
        "1.3 is finalised"
    );
    let agencies: Vec<&str> = r["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(agencies, ["BHFT", "LSCB", "RBWM", "RBWM-CSC"]);
    assert_eq!(r["agencies"][1]["grades"]["not_achieved"], 1);
    let first = &r["overdue"][0];
    assert_eq!(first["days_overdue"], 122);
    assert_eq!(first["grade"], "not-achieved");
    assert_eq!(first["slips"], 0);
    assert!(r.get("since").is_none(), "no since section without --since");
    assert_eq!(r["actions"].as_array().unwrap().len(), 8);
}

#[test]
fn latest_evidence_or_note_is_shown_for_overdue_actions() {
    let v: serde_json::Value = serde_json::from_str(&report(&repo(), "json")).unwrap();
    let wm = v["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "wm-2011")
        .unwrap();
    let a = wm["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "wm-2011/10.1")
        .unwrap();
    assert_eq!(a["lead"], "Health commissioners");
    assert_eq!(a["days_overdue"], 61);
    assert_eq!(a["latest"]["kind"], "evidence");
    assert_eq!(
        a["latest"]["text"],
        "Improvement evident but still not meeting targets. To be reviewed."
    );
}

#[test]
fn review_and_agency_narrow_the_report() {
    let v: serde_json::Value = serde_json::from_str(&ok(
        &repo(),
        &["report", "--format", "json", "--agency", "PCT"],
    ))
    .unwrap();
    let reviews = v["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 1, "bham-case14 has no PCT actions");
    assert_eq!(reviews[0]["id"], "wm-2011");
    assert!(reviews[0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["agency"] == "PCT"));

    let md = ok(
        &demo(),
        &["report", "--review", "demo-2012", "--agency", "RBWM"],
    );
    has(&md, "Review demo-2012, actions of RBWM only.");
    has(&md, "| RBWM-CSC  |");
    assert!(!md.contains("| BHFT"), "{md}");

    let r = sct_run(&demo(), &["report", "--review", "demo-2013"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "there is no review `demo-2013`");
}

#[test]
fn output_file_is_written_whole_and_its_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q2.html");
    let r = sct_run(&demo(), &["report", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "", "the report goes to the file only");
    has(&r.stderr, "Wrote the html report (1 review, 8 actions) to");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html, report(&demo(), "html"));

    let csv_out = dir.path().join("q2.csv");
    let r = sct_run(&demo(), &["report", "--output", csv_out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        parse_csv(&std::fs::read_to_string(&csv_out).unwrap()).len(),
        8
    );

    // An explicit format wins over the extension.
    let r = sct_run(
        &demo(),
        &["report", "--format", "json", "-o", out.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('{'));

    let r = sct_run(
        &demo(),
        &[
            "report",
            "-o",
            dir.path().join("no/such/dir/r.md").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "cannot write the report to");
}

#[test]
fn formats_a_command_does_not_write_are_refused() {
    let r = sct_run(&demo(), &["list", "--format", "html"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "`sct list` does not write --format html");
    has(&r.stderr, "it writes table, json, csv, tsv or markdown");
    let r = sct_run(&demo(), &["report", "--format", "eml"]);
    assert_eq!(r.code, 2);
    let r = sct_run(&demo(), &["check", "--format", "csv"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "it writes table, json, github, gitlab or sarif");
}

// ---- csv and markdown on list, overdue and status ----

#[test]
fn status_markdown_and_csv() {
    let md = ok(
        &demo(),
        &["status", "--format", "markdown", "--by", "agency"],
    );
    insta::assert_snapshot!(md);
    let csv = ok(&demo(), &["status", "--format", "csv"]);
    assert_eq!(
        csv,
        "\u{feff}review,total,completed,overdue,due_soon,pending,ongoing,percent_complete\n\
         demo-2012,8,1,3,2,1,1,12\n"
    );
}

#[test]
fn overdue_markdown() {
    insta::assert_snapshot!(ok(&demo(), &["overdue", "--format", "markdown"]));
}

#[test]
fn list_markdown() {
    insta::assert_snapshot!(ok(&demo(), &["list", "--format", "markdown"]));
}

#[test]
fn list_csv_has_every_field_and_the_state() {
    let s = ok(&demo(), &["list", "--format", "csv"]);
    let header = csv_header(&s);
    for col in [
        "action",
        "description",
        "lead",
        "due",
        "due_text",
        "status",
        "state",
        "days_overdue",
        "evidence",
        "notes",
        "file",
    ] {
        assert!(
            header.iter().any(|h| h == col),
            "{col} missing from {header:?}"
        );
    }
    assert!(
        !header.iter().any(|h| h == "grade"),
        "list has no history to grade by"
    );
    let rows = parse_csv(&s);
    assert_eq!(rows.len(), 8);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let r = &rows[2];
    assert_eq!(&r[col("action")], "demo-2012/1.3");
    assert_eq!(&r[col("state")], "completed");
    assert_eq!(
        &r[col("evidence")],
        "2012-01-20: Email written to training commissioners. (LSCB Business Manager)"
    );
    assert_eq!(&r[col("finalised_by")], "QA&A Sub Group");
    assert_eq!(&r[col("signed_off")], "true");

    let s = ok(&demo(), &["overdue", "--format", "csv", "--agency", "LSCB"]);
    let rows = parse_csv(&s);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][col("days_overdue")], "30");
}

// ---- hostile text through every format ----

const SCRIPT: &str = "<script>alert('xss')</script>";
const FORMULA: &str = "=HYPERLINK(\"http://evil.example/\",\"Named Nurse\")";

#[test]
fn hostile_text_in_html_is_text() {
    let h = report(&hostile(), "html");
    assert!(
        !h.to_lowercase().contains("<script"),
        "a script element got through"
    );
    assert!(!h.contains("<img"), "an img element got through");
    assert!(
        !h.contains("<h1>injected"),
        "markup in evidence got through"
    );
    has(
        &h,
        "&lt;script&gt;alert('xss')&lt;/script&gt; | second cell?",
    );
    has(
        &h,
        "Review &lt;script&gt;alert('title')&lt;/script&gt; &amp; \"friends\"",
    );
    has(&h, "title=\"Agency &lt;img src=x onerror=alert(1)&gt;\"");
    has(
        &h,
        "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;h1&gt;injected&lt;/h1&gt;",
    );
}

#[test]
fn hostile_text_in_markdown_cannot_break_tables_or_open_html() {
    let md = report(&hostile(), "markdown");
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<b>"), "{md}");
    has(&md, "&lt;script>alert('xss')&lt;/script> \\| second cell?");
    has(
        &md,
        "Line one \\| pipe<br>Line two &lt;b>bold&lt;/b> \\\\ backslash",
    );
    // Every row of a table has as many cells as its header: no unescaped pipe got in.
    let cells = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => {
                    n += 1;
                    escaped = false
                }
                _ => escaped = false,
            }
        }
        n
    };
    let mut width = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            width = None;
            continue;
        }
        let n = cells(line);
        assert_eq!(
            *width.get_or_insert(n),
            n,
            "a row with a different cell count: {line}"
        );
    }
}

#[test]
fn hostile_text_in_csv_is_neutralised() {
    let s = report(&hostile(), "csv");
    let header = csv_header(&s);
    let rows = parse_csv(&s);
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        &rows[0][col("lead")],
        format!("'{FORMULA}\nBcc: attacker@evil.example")
    );
    assert_eq!(&rows[0][col("outcome")], "'-2+3");
    assert_eq!(
        &rows[0][col("recommendation_text")],
        "'=HYPERLINK(\"http://evil.example/\",\"Click\")"
    );
    assert_eq!(
        &rows[0][col("description")],
        format!("{SCRIPT} | second cell?")
    );
    assert_eq!(&rows[2][col("description")], "'\tTabbed =1+1");
    assert_eq!(&rows[2][col("grade")], "achieved");
    for r in &rows {
        for c in r {
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a live formula cell: {c:?}"
            );
        }
    }
    // list and overdue use the same writer.
    let s = ok(&hostile(), &["overdue", "--format", "csv"]);
    has(&s, &format!("\"'{}", FORMULA.replace('"', "\"\"")));
}

#[test]
fn hostile_text_in_json_round_trips() {
    let v: serde_json::Value = serde_json::from_str(&report(&hostile(), "json")).unwrap();
    let a = &v["reviews"][0]["actions"][0];
    assert_eq!(a["description"], format!("{SCRIPT} | second cell?"));
    assert_eq!(a["lead"], format!("{FORMULA}\nBcc: attacker@evil.example"));
    assert_eq!(
        v["reviews"][0]["title"],
        "Review <script>alert('title')</script> & \"friends\""
    );
}

#[test]
fn hostile_text_in_list_and_overdue_markdown() {
    let md = ok(&hostile(), &["list", "--format", "markdown"]);
    assert!(!md.contains("<script"), "{md}");
    has(&md, "&lt;script>alert('xss')&lt;/script> \\| second cell?");
}

#[test]
fn hostile_text_in_reminders() {
    let md = ok(&hostile(), &["remind"]);
    assert!(!md.contains("<script"), "{md}");
    has(&md, "&lt;script>alert('xss')&lt;/script> \\| second cell?");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("eml");
    ok(
        &hostile(),
        &["remind", "--format", "eml", "--out", out.to_str().unwrap()],
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "hostile_evil_hyperlink-http-evil-example-named-nurse.eml",
            "hostile_evil_lead-em-officer-em.eml"
        ],
        "file names are slugs: no path or shell characters"
    );
    let eml = std::fs::read_to_string(out.join(&names[0])).unwrap();
    let headers = eml.split("\r\n\r\n").next().unwrap();
    assert!(
        !headers
            .lines()
            .any(|l| l.to_lowercase().starts_with("bcc:")),
        "a newline in a lead injected a header:\n{headers}"
    );
    // Folded to 78 columns; a Message-ID cannot be folded.
    for l in headers.lines().filter(|l| !l.starts_with("Message-ID:")) {
        assert!(l.len() <= 78, "headers are folded: {l:?}");
    }
    assert!(headers.lines().all(|l| l.is_ascii()));
}

// ---- reminders ----

#[test]
fn remind_markdown_one_message_per_agency_and_lead() {
    insta::assert_snapshot!(ok(&demo(), &["remind"]));
}

#[test]
fn remind_within_widens_the_window() {
    let s = ok(&demo(), &["remind", "--within", "29", "--agency", "BHFT"]);
    has(&s, "demo-2012/2.2: due 29 Jul 2012");
    let s = ok(&demo(), &["remind", "--agency", "BHFT"]);
    assert!(!s.contains("demo-2012/2.2"), "{s}");
    let s = ok(&demo(), &["remind", "--today", "2012-01-01"]);
    assert_eq!(
        s,
        "Nothing to chase as at 1 January 2012: no action is overdue or due by 29 January 2012.\n"
    );
}

#[test]
fn remind_eml_files_are_deterministic_rfc5322_drafts() {
    let run = || {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("chasers");
        let stdout = ok(
            &demo(),
            &[
                "remind",
                "--format",
                "eml",
                "--out",
                out.to_str().unwrap(),
                "--from",
                "Demo LSCB Business Unit <lscb@example.org>",
            ],
        );
        let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        (stdout.replace(out.to_str().unwrap(), "OUT"), files)
    };
    let (stdout, files) = run();
    assert_eq!(
        (stdout.clone(), files.clone()),
        run(),
        "the same plans give the same bytes"
    );
    insta::assert_snapshot!("remind_eml_listing", stdout);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "demo-2012_bhft_named-nurse.eml",
            "demo-2012_lscb_lscb-chair.eml",
            "demo-2012_lscb_monitoring-evaluation-sub-committee.eml",
            "demo-2012_rbwm-csc_head-of-service.eml",
            "demo-2012_rbwm_head-of-service-communications.eml"
        ]
    );
    let eml = &files[1].1;
    assert!(eml.lines().all(|l| !l.contains('\n')));
    assert!(eml.contains("\r\n"), "RFC 5322 lines end in CRLF");
    insta::assert_snapshot!("remind_eml_lscb_chair", eml.replace("\r\n", "\n"));
}

#[test]
fn remind_usage_errors() {
    let r = sct_run(&demo(), &["remind", "--format", "eml"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "name a folder with --out DIR");
    let r = sct_run(&demo(), &["remind", "--from", "x@example.org"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "add --format eml");
    let dir = tempfile::tempdir().unwrap();
    let r = sct_run(
        &demo(),
        &[
            "remind",
            "--format",
            "eml",
            "--out",
            dir.path().to_str().unwrap(),
            "--from",
            "not an address",
        ],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "`not an address` is not a sender address");
}

#[test]
fn remind_out_writes_markdown_files() {
    let dir = tempfile::tempdir().unwrap();
    let s = ok(&demo(), &["remind", "--out", dir.path().to_str().unwrap()]);
    has(&s, "Wrote 5 messages to");
    let md = std::fs::read_to_string(dir.path().join("demo-2012_lscb_lscb-chair.md")).unwrap();
    assert!(md.starts_with("# demo-2012: 1 action to update (1 overdue) for LSCB Chair, LSCB\n"));
    has(&md, "### demo-2012/1.1: due May 2012, 30 days overdue");
}

// ---- the HTML page in a real browser ----

/// Debian's chromium; SCT_TEST_CHROMIUM names another (or a missing one, to see the skip).
fn browser() -> PathBuf {
    std::env::var_os("SCT_TEST_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn chromium(profile: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(browser())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

/// A copy of the bundled plans with the hostile review beside them.
fn plans_with_hostile() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, under) in [
        (repo().join("plans"), "plans"),
        (hostile().join("plans"), "plans"),
    ] {
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir
                .path()
                .join(under)
                .join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    dir
}

#[test]
#[allow(clippy::print_stdout)] // says where the artifacts are, or that it skipped
fn html_renders_in_headless_chromium() {
    if !browser().exists() {
        println!("SKIPPED: no chromium at {}", browser().display());
        return;
    }
    let plans = plans_with_hostile();
    let page = plans.path().join("report.html");
    ok(
        plans.path(),
        &["report", "--today", TODAY, "-o", page.to_str().unwrap()],
    );
    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().unwrap();

    let out = chromium(profile.path(), &["--dump-dom", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    for title in [
        "Serious Case Review Action Plan in respect of Case 14",
        "Serious case review: combined action plan (monitoring version)",
        "Action plan progress report",
    ] {
        has(&dom, title);
    }
    // The script is text in a cell, not an element: the DOM serialises it escaped.
    has(
        &dom,
        "&lt;script&gt;alert('xss')&lt;/script&gt; | second cell?",
    );
    assert!(
        !dom.to_lowercase().contains("<script"),
        "a script element is in the page"
    );
    assert!(!dom.contains("<img"), "an img element is in the page");
    assert_eq!(
        dom.matches("<svg").count(),
        4,
        "one chart per review, and the themes chart"
    );
    has(&dom, "aria-label=\"Actions per practice theme\"");

    let png = artifacts().join("report.png");
    let _ = std::fs::remove_file(&png);
    let out = chromium(
        profile.path(),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1024,1400",
            &url,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (w, h) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (1024, 1400));
    // A blank page compresses to a few kilobytes; text, tables and charts do not.
    assert!(
        bytes.len() > 40_000,
        "the screenshot looks empty: {} bytes",
        bytes.len()
    );

    let pdf = artifacts().join("report.pdf");
    let _ = std::fs::remove_file(&pdf);
    let out = chromium(
        profile.path(),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &url,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/MediaBox [0 0 594.95996 841.91998]").count();
    assert!(
        pages > 10,
        "the printed report is on A4 pages: {pages} found"
    );
    println!(
        "screenshot and PDF ({pages} A4 pages) in {}",
        artifacts().display()
    );
}
