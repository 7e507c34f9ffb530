//! `sct new`, `sct completions`, `sct man` and `sct codeowners`, driven through the binary.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A temp folder holding a copy of the bundled plans (and nothing else).
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let to = dir
            .path()
            .join("plans")
            .join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

/// Every file below `dir` with its content, to show that a refused command wrote nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (e.path().to_path_buf(), bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn new_review_writes_a_commented_template_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let r = sct_run(
        dir.path(),
        &[
            "new",
            "review",
            "demo-2012",
            "--title",
            "Demo review",
            "--board",
            "Demo LSCB",
            "--case",
            "Case D",
            "--commenced",
            "2012-01-15",
            "--agency",
            "BHFT=Berkshire Healthcare NHS Foundation Trust",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "created plans/demo-2012/review.toml");
    has(&r.stdout, "created schema/review.schema.json");
    let text = std::fs::read_to_string(dir.path().join("plans/demo-2012/review.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../schema/review.schema.json\n"),
        "{text}"
    );
    has(&text, "title = \"Demo review\"\n");
    has(&text, "commenced = 2012-01-15\n");
    has(
        &text,
        "BHFT = \"Berkshire Healthcare NHS Foundation Trust\"\n",
    );
    has(&text, "# [owners]");
    // The schema the directive points at is there, and is the generated one.
    let schema = std::fs::read_to_string(dir.path().join("schema/review.schema.json")).unwrap();
    assert_eq!(schema, sct::schema::review());
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The only warning: BHFT is declared and not yet used.
    has(&r.stdout, "ok, 1 warning");
}

#[test]
fn new_review_refuses_to_overwrite() {
    let dir = tree(&[]);
    let before = snapshot(dir.path());
    let r = sct_run(
        dir.path(),
        &["new", "review", "demo", "--title", "T", "--board", "B"],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "plans/demo/review.toml already exists");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn new_review_refuses_a_bad_slug_or_code() {
    let dir = tempfile::tempdir().unwrap();
    let r = sct_run(
        dir.path(),
        &["new", "review", "WM 2011", "--title", "T", "--board", "B"],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "`WM 2011` cannot be a review ID");
    let r = sct_run(
        dir.path(),
        &[
            "new",
            "review",
            "wm",
            "--title",
            "T",
            "--board",
            "B",
            "--agency",
            "W&M=Windsor",
        ],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "`W&M` is not a usable agency code");
    assert_eq!(snapshot(dir.path()).len(), 1, "nothing written");
}

#[test]
fn new_recommendation_takes_the_next_number_in_the_plans_layout() {
    let dir = bundled_copy();
    // wm-2011 is numbered throughout (1–68), one folder per agency.
    let r = sct_run(
        dir.path(),
        &["new", "recommendation", "wm-2011", "--agency", "BHFT"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "created plans/wm-2011/bhft/69.toml: recommendation wm-2011/69 (BHFT, combined section)",
    );
    let text = std::fs::read_to_string(dir.path().join("plans/wm-2011/bhft/69.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../../schema/recommendation.schema.json\n"),
        "{text}"
    );
    has(
        &text,
        "number = 69\nsection = \"combined\"\nagency = \"BHFT\"\n",
    );
    has(&text, "# [[actions]]");

    // bham-case14's IMRs are numbered within each agency, one folder each.
    let r = sct_run(
        dir.path(),
        &[
            "new",
            "recommendation",
            "bham-case14",
            "--agency",
            "WMP",
            "--section",
            "imr",
            "--text",
            "West Midlands Police should review the thing.",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "created plans/bham-case14/imr/wmp/5.toml: recommendation bham-case14/wmp-5",
    );
    let text =
        std::fs::read_to_string(dir.path().join("plans/bham-case14/imr/wmp/5.toml")).unwrap();
    assert!(text.starts_with("#:schema ../../../../schema/recommendation.schema.json\n"));
    has(
        &text,
        "text = \"West Midlands Police should review the thing.\"\n",
    );

    // An overview recommendation goes beside the others, zero-padded as they are.
    let r = sct_run(
        dir.path(),
        &["new", "recommendation", "bham-case14", "--agency", "BSCB"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "created plans/bham-case14/overview/19.toml");

    // Warnings only: the new files have no text or actions yet.
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "141 recommendations");
}

#[test]
fn new_recommendation_refuses_an_existing_number_and_an_undeclared_agency() {
    let dir = bundled_copy();
    let before = snapshot(dir.path());
    let r = sct_run(
        dir.path(),
        &[
            "new",
            "recommendation",
            "wm-2011",
            "--agency",
            "BHFT",
            "--number",
            "21",
        ],
    );
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        "recommendation wm-2011/21 already exists: plans/wm-2011/bhft/21.toml",
    );
    let r = sct_run(
        dir.path(),
        &["new", "recommendation", "wm-2011", "--agency", "BHTF"],
    );
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        "agency `BHTF` is not declared in wm-2011/review.toml",
    );
    has(&r.stderr, "did you mean `BHFT`?");
    let r = sct_run(
        dir.path(),
        &["new", "recommendation", "wm-2012", "--agency", "BHFT"],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "there is no review `wm-2012`");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn new_recommendation_in_a_fresh_review() {
    let dir = tree(&[]);
    let r = sct_run(
        dir.path(),
        &["new", "recommendation", "demo", "--agency", "LSCB"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "created plans/demo/overview/01.toml: recommendation demo/1 (LSCB, overview section)",
    );
    let r = sct_run(
        dir.path(),
        &[
            "new",
            "recommendation",
            "demo",
            "--agency",
            "BHFT",
            "--section",
            "health-overview",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "created plans/demo/health-overview/01.toml: recommendation demo/hov-1",
    );
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = sct_run(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.len() > 1000, "{shell}: {}", r.stdout);
        for sub in ["check", "overdue", "import", "codeowners", "completions"] {
            has(&r.stdout, sub);
        }
    }
    let r = sct_run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn man_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let r = sct_run(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie \\n(.g .ds Aq"), "{}", r.stdout);
    has(&r.stdout, ".TH sct 1");
    has(&r.stdout, ".SH SUBCOMMANDS");
    has(&r.stdout, "codeowners");
    // The examples (after_help) are in the page.
    has(&r.stdout, "sct overdue \\-\\-agency BHFT");

    let r = sct_run(dir.path(), &["man", "--dir", "man1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for page in [
        "sct.1",
        "sct-check.1",
        "sct-import-csv.1",
        "sct-new-recommendation.1",
    ] {
        has(&r.stdout, &format!("wrote man1/{page}"));
        let text = std::fs::read_to_string(dir.path().join("man1").join(page)).unwrap();
        has(&text, ".TH sct");
    }
    // Where groff is installed, the page must format without a warning.
    if let Ok(out) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(dir.path().join("man1/sct.1"))
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    }
}

#[test]
fn every_subcommand_help_carries_examples() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["status", "--help"],
        vec!["overdue", "--help"],
        vec!["list", "--help"],
        vec!["show", "--help"],
        vec!["new", "--help"],
        vec!["new", "review", "--help"],
        vec!["new", "recommendation", "--help"],
        vec!["import", "--help"],
        vec!["import", "csv", "--help"],
        vec!["export", "--help"],
        vec!["export", "csv", "--help"],
        vec!["codeowners", "--help"],
        vec!["completions", "--help"],
        vec!["man", "--help"],
    ] {
        let r = sct_run(dir.path(), &args);
        assert_eq!(r.code, 0, "{args:?}");
        has(&r.stdout, "Examples:\n  sct ");
    }
}
