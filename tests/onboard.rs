//! `sct new`, `sct completions`, `sct man` and `sct codeowners`, driven through the binary.

mod common;
use common::*;
use std::path::{Path, PathBuf};

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
    assert_eq!(schema, sct::plan::schema::review());
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The only warning: BHFT is declared and not yet used.
    has(&r.stdout, "ok, 1 warning");

    // The commented example [owners] table is valid as it stands.
    let uncommented: String = text
        .lines()
        .skip_while(|l| !l.starts_with("# [owners]"))
        .map(|l| l.strip_prefix("# ").or(l.strip_prefix('#')).unwrap_or(l))
        .map(|l| format!("{l}\n"))
        .collect();
    let head = &text[..text.find("# [owners]").unwrap()];
    std::fs::write(
        dir.path().join("plans/demo-2012/review.toml"),
        format!("{head}{uncommented}"),
    )
    .unwrap();
    check_ok(dir.path());
    let r = sct_run(dir.path(), &["codeowners"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "\n/plans/demo-2012/review.toml @example-board/qa-subgroup\n",
    );
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

const WM_OWNERS: &str = "
# Example owners: these are not real teams.
[owners]
qa = [\"@example-wm-lscb/qa-subgroup\"]

[owners.agencies]
LSCB = [\"@example-wm-lscb/lscb-office\"]
BHFT = [\"@example-wm-lscb/bhft-safeguarding\", \"named.nurse@bhft.example.org\"]
RBWM = [\"@example-wm-lscb/rbwm\"]
";

const BHAM_OWNERS: &str = "
[owners]
qa = [\"@example-bscb/qa-and-a\"]

[owners.agencies]
WMP = [\"@example-bscb/wmp\"]
CSC = [\"@example-bscb/csc\"]
";

fn append(path: &Path, text: &str) {
    let mut t = std::fs::read_to_string(path).unwrap();
    t.push_str(text);
    std::fs::write(path, t).unwrap();
}

#[test]
fn codeowners_gives_each_agency_its_files_and_the_qa_group_review_toml() {
    let dir = bundled_copy();
    append(&dir.path().join("plans/wm-2011/review.toml"), WM_OWNERS);
    append(
        &dir.path().join("plans/bham-case14/review.toml"),
        BHAM_OWNERS,
    );
    check_ok(dir.path());
    let r = sct_run(dir.path(), &["codeowners"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    has(&out, "\"Require review from Code Owners\"");
    // The plans folder and CODEOWNERS itself: every review's QA group.
    has(&out, "\n/plans/ @example-bscb/qa-and-a @example-wm-lscb/qa-subgroup\nCODEOWNERS @example-bscb/qa-and-a @example-wm-lscb/qa-subgroup\n");
    // wm-2011 keeps one folder per agency: a folder line covers files added later.
    has(&out, "\n/plans/wm-2011/ @example-wm-lscb/qa-subgroup\n");
    has(
        &out,
        "\n/plans/wm-2011/bhft/ @example-wm-lscb/bhft-safeguarding named.nurse@bhft.example.org\n",
    );
    has(
        &out,
        "\n/plans/wm-2011/lscb/ @example-wm-lscb/lscb-office\n",
    );
    // RBWM-CSC and RBWM-FSS have no owners of their own: RBWM's people approve them.
    has(&out, "\n/plans/wm-2011/rbwm-csc/ @example-wm-lscb/rbwm\n/plans/wm-2011/rbwm-fss/ @example-wm-lscb/rbwm\n");
    // review.toml comes last in its review: the last matching line wins.
    has(&out, "\n/plans/wm-2011/review.toml @example-wm-lscb/qa-subgroup\n# No owners listed for HWPHT, PC, PCT: the QA group approves their files.\n");
    // bham-case14: the IMRs live in imr/<agency>/; the overview folder mixes agencies,
    // so its files are listed one by one.
    has(&out, "\n/plans/bham-case14/imr/wmp/ @example-bscb/wmp\n");
    has(&out, "\n/plans/bham-case14/imr/csc/ @example-bscb/csc\n");
    has(
        &out,
        "\n/plans/bham-case14/overview/05.toml @example-bscb/csc\n",
    );
    assert!(!out.contains("/plans/bham-case14/overview/ "), "{out}");
    assert!(
        !out.contains("/plans/bham-case14/overview/01.toml"),
        "BSCB has no owners: {out}"
    );
    has(
        &out,
        "\n/plans/bham-case14/review.toml @example-bscb/qa-and-a\n",
    );

    // -o writes it; --check passes while it is current, and fails once it is not.
    let r = sct_run(dir.path(), &["codeowners", "-o", ".github/CODEOWNERS"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "wrote .github/CODEOWNERS");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".github/CODEOWNERS")).unwrap(),
        out
    );
    let r = sct_run(
        dir.path(),
        &["codeowners", "--check", "-o", ".github/CODEOWNERS"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, ".github/CODEOWNERS is up to date");
    append(
        &dir.path().join("plans/bham-case14/review.toml"),
        "SBPCT = [\"@example-bscb/sbpct\"]\n",
    );
    let r = sct_run(
        dir.path(),
        &["codeowners", "--check", "-o", ".github/CODEOWNERS"],
    );
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        ".github/CODEOWNERS is out of date with the [owners] tables",
    );
    let r = sct_run(dir.path(), &["codeowners", "--host", "gitlab"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "\"Code owner approval\"");
    has(
        &r.stdout,
        "\n/plans/bham-case14/imr/sbpct/ @example-bscb/sbpct\n",
    );
}

fn check_ok(dir: &Path) {
    let r = sct_run(dir, &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn owners_tables_are_checked() {
    let dir = tree(&[]);
    let review = dir.path().join("plans/demo/review.toml");
    let r = sct_run(dir.path(), &["codeowners"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "no review.toml has an [owners] table");
    append(
        &review,
        "\n[owners]\nqa = []\n\n[owners.agencies]\nBHTF = [\"@demo/bhft\"]\nLSCB = [\"lscb office\"]\nRBWM = [\"@demo/rbwm/csc\"]\n",
    );
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/review.toml:14:1: error: name the QA group that approves review.toml",
    );
    has(
        &r.stderr,
        "review.toml:17:1: error: agency `BHTF` is not declared in demo/review.toml",
    );
    has(&r.stderr, "= hint: did you mean `BHFT`?");
    has(
        &r.stderr,
        "review.toml:18:9: error: `lscb office` is not a user, team or e-mail address",
    );
    has(&r.stdout, "3 errors");
    // A GitLab subgroup is fine in the table, but not in a file for GitHub.
    let fixed = std::fs::read_to_string(&review)
        .unwrap()
        .replace("qa = []", "qa = [\"@demo/qa\"]")
        .replace("BHTF", "BHFT")
        .replace("lscb office", "lscb@demo.example.org");
    std::fs::write(&review, fixed).unwrap();
    check_ok(dir.path());
    let r = sct_run(dir.path(), &["codeowners"]);
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        "demo/review.toml: `@demo/rbwm/csc` is a GitLab subgroup; GitHub teams are @org/team",
    );
    let r = sct_run(dir.path(), &["codeowners", "--host", "gitlab"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
