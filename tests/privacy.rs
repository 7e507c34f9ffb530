//! The privacy guard: `sct check` reports personal identifiers in plan text with their
//! place, and no output of sct ever repeats one.

mod common;
use common::*;
use std::path::Path;

/// A valid recommendation whose `text` is `text` (triple-quoted), with `extra` lines at
/// the end.
fn rec(text: &str, extra: &str) -> String {
    format!(
        "number = 1\nagency = \"LSCB\"\ntext = \"\"\"{text}\"\"\"\n\n[[actions]]\n\
         description = \"Audit the assessment tools.\"\nlead = \"LSCB Chair\"\n\
         due = 2012-09-30\n{extra}"
    )
}

/// sct in `dir` with `args`, once as a table and once as JSON, with no private list
/// from the test's own environment.
fn both(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> [Run; 2] {
    let go = |format: &str| {
        let mut cmd = sct(dir);
        cmd.env_remove("SCT_FORBID")
            .args(["--format", format])
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(cmd)
    };
    [go("table"), go("json")]
}

/// Neither output holds any of `secrets`, nor their digits run together.
#[track_caller]
fn hidden(r: &Run, secrets: &[&str]) {
    for s in secrets {
        let squeezed: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
        for form in [s.to_string(), squeezed] {
            let low = form.to_lowercase();
            assert!(
                !r.stdout.to_lowercase().contains(&low) && !r.stderr.to_lowercase().contains(&low),
                "{form:?} leaked:\n{}\n{}",
                r.stdout,
                r.stderr
            );
        }
    }
}

fn problems(r: &Run) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    v["problems"].as_array().unwrap().clone()
}

/// The privacy findings of a JSON run: (line, column, message).
fn findings(r: &Run) -> Vec<(u64, u64, String)> {
    problems(r)
        .iter()
        .filter(|p| p["message"].as_str().unwrap().starts_with("personal data"))
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_valid_nhs_number_is_an_error_at_its_place() {
    let dir = tree(&[("01.toml", &rec("Child's NHS number 943 476 5919.", ""))]);
    let [table, json] = both(dir.path(), &["check"], &[]);
    assert_eq!(table.code, 1, "{}", table.stderr);
    has(
        &table.stderr,
        "plans/demo/01.toml:3:30: error: personal data: an NHS number (ending …19) in a published plan",
    );
    // The excerpt masks it, keeping the caret under it.
    has(
        &table.stderr,
        "3 | text = \"\"\"Child's NHS number *** *** ****.\"\"\"\n  |                              ^^^^^^^^^^^^\n",
    );
    has(&table.stderr, "= hint: plans are published anonymised");
    has(&table.stdout, "1 error, 3 warnings");
    assert_eq!(json.code, 1);
    assert_eq!(
        findings(&json),
        [(
            3,
            30,
            "personal data: an NHS number (ending …19) in a published plan".to_string()
        )]
    );
    for r in [&table, &json] {
        hidden(r, &["943 476 5919"]);
    }
}

#[test]
fn a_failing_check_digit_is_not_an_nhs_number() {
    let dir = tree(&[(
        "01.toml",
        &rec("Reference 943 476 5918 and 9434765910.", ""),
    )]);
    let [table, json] = both(dir.path(), &["check"], &[]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(!table.stderr.contains("personal data"), "{}", table.stderr);
    assert_eq!(json.code, 0);
    assert!(findings(&json).is_empty());
}

#[test]
fn nhs_numbers_hyphenated_or_unspaced() {
    // Mixed separators in the printed 3-3-4 grouping are a form too (issue 14).
    let extra = "# NHS 401-023-2137\n# nhs=4010232137\n# mixed 401 023-2137 is a form\n";
    let dir = tree(&[("01.toml", &rec("Audit.", extra))]);
    let [table, json] = both(dir.path(), &["check"], &[]);
    assert_eq!(table.code, 1);
    has(
        &table.stderr,
        "plans/demo/01.toml:9:7: error: personal data: an NHS number (ending …37)",
    );
    has(
        &table.stderr,
        "plans/demo/01.toml:10:7: error: personal data: an NHS number (ending …37)",
    );
    has(&table.stderr, "9 | # NHS ************\n");
    has(&table.stderr, "10 | # nhs=**********\n");
    let lines: Vec<u64> = findings(&json).iter().map(|f| f.0).collect();
    assert_eq!(lines, [9, 10, 11]);
    for r in [&table, &json] {
        hidden(r, &["401-023-2137", "401 023 2137", "401 023-2137"]);
    }
}

#[test]
fn national_insurance_numbers_follow_the_prefix_rules() {
    let extra = "# NI AB 12 34 56 C\n# ni: jg103759a\n# GB123456A BG123456A ZZ123456D DA123456A AO123456A AB123456E\n";
    let dir = tree(&[("01.toml", &rec("Audit.", extra))]);
    let [table, json] = both(dir.path(), &["check"], &[]);
    assert_eq!(table.code, 1);
    has(
        &table.stderr,
        "plans/demo/01.toml:9:6: error: personal data: a National Insurance number (ending …6C)",
    );
    has(
        &table.stderr,
        "plans/demo/01.toml:10:7: error: personal data: a National Insurance number (ending …9A)",
    );
    // The invalid prefixes and suffix on line 11 are not numbers.
    let found: Vec<(u64, u64)> = findings(&json).iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(found, [(9, 6), (10, 7)]);
    for r in [&table, &json] {
        hidden(r, &["AB 12 34 56 C", "jg103759a"]);
    }
}

#[test]
fn dates_of_birth_in_the_forms_plans_use() {
    let dates = [
        ("# DOB 12/03/2005", "12/03/2005"),
        ("# D.O.B. 12.03.05", "12.03.05"),
        ("# date of birth: 12 March 2005", "12 March 2005"),
        ("# born on 2005-03-12", "2005-03-12"),
        ("# Born on the 1st of April 2004", "1st of April 2004"),
        ("# dob = \"March 7, 2003\"", "March 7, 2003"),
    ];
    let extra: String = dates.iter().map(|(l, _)| format!("{l}\n")).collect();
    // A date that is not next to a marker is plan business.
    let extra = format!("{extra}# babies born following concealment; reviewed 12/03/2005\n");
    let dir = tree(&[("01.toml", &rec("Audit.", &extra))]);
    let [table, json] = both(dir.path(), &["check"], &[]);
    assert_eq!(table.code, 1);
    let found = findings(&json);
    let lines: Vec<u64> = found.iter().map(|f| f.0).collect();
    assert_eq!(lines, [9, 10, 11, 12, 13, 14], "{found:?}");
    has(
        &table.stderr,
        "plans/demo/01.toml:9:7: error: personal data: a date of birth (after “DOB”)",
    );
    has(
        &table.stderr,
        "plans/demo/01.toml:12:11: error: personal data: a date of birth (after “born”)",
    );
    has(&table.stderr, "11 | # date of birth: ** ***** ****\n");
    let secrets: Vec<&str> = dates.iter().map(|(_, d)| *d).collect();
    for r in [&table, &json] {
        hidden(r, &secrets);
    }
}

#[test]
fn an_identifier_in_a_comment_of_review_toml_is_found() {
    let dir = tree(&[("01.toml", &rec("Audit.", ""))]);
    let review = dir.path().join("plans/demo/review.toml");
    let mut text = std::fs::read_to_string(&review).unwrap();
    text.insert_str(0, "# case of the child, NHS 943 476 5919\n");
    std::fs::write(&review, text).unwrap();
    let [table, json] = both(dir.path(), &["check"], &[]);
    assert_eq!(table.code, 1);
    has(
        &table.stderr,
        "plans/demo/review.toml:1:26: error: personal data: an NHS number",
    );
    has(&table.stderr, "1 | # case of the child, NHS *** *** ****\n");
    assert_eq!(findings(&json).len(), 1);
    for r in [&table, &json] {
        hidden(r, &["943 476 5919"]);
    }
}

fn private_list(dir: &Path) -> String {
    let list = dir.join("private-terms.txt");
    std::fs::write(
        &list,
        "# the family, kept outside the plans repository\n\nJane Smith\n  Riverside School \nKai\n",
    )
    .unwrap();
    list.display().to_string()
}

const NAMED: &str = "Mother (jane\n smith) moved; RIVERSIDE SCHOOL told. Kaiser is a surname here.";

#[test]
fn terms_of_a_private_list_given_with_forbid() {
    let dir = tree(&[("01.toml", &rec(NAMED, "# and Kai.\n"))]);
    let list = private_list(dir.path());
    let [table, json] = both(dir.path(), &["check", "--forbid", &list], &[]);
    assert_eq!(table.code, 1, "{}", table.stderr);
    has(
        &table.stderr,
        "plans/demo/01.toml:3:19: error: personal data: a term from the private list (J…, 2 words, 9 letters)",
    );
    has(
        &table.stderr,
        "plans/demo/01.toml:4:16: error: personal data: a term from the private list (R…, 2 words, 15 letters)",
    );
    has(
        &table.stderr,
        "plans/demo/01.toml:10:7: error: personal data: a term from the private list (K…, 3 letters)",
    );
    // A term across a line break is masked on both lines.
    has(&table.stderr, "3 | text = \"\"\"Mother (****\n");
    has(
        &table.stderr,
        "4 |  *****) moved; ********* ****** told. Kaiser is a surname here.\"\"\"\n",
    );
    has(&table.stderr, "10 | # and ***.\n");
    // Whole words only: "Kaiser" is not "Kai".
    assert_eq!(findings(&json).len(), 3, "{:?}", findings(&json));
    for r in [&table, &json] {
        hidden(r, &["jane", "smith", "riverside"]);
    }
    // Without the list, the names are not known.
    let [plain, _] = both(dir.path(), &["check"], &[]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
}

#[test]
fn terms_of_a_private_list_named_by_sct_forbid() {
    let dir = tree(&[("01.toml", &rec(NAMED, ""))]);
    let list = private_list(dir.path());
    let [table, json] = both(dir.path(), &["check"], &[("SCT_FORBID", &list)]);
    assert_eq!(table.code, 1, "{}", table.stderr);
    has(
        &table.stderr,
        "3:19: error: personal data: a term from the private list (J…",
    );
    assert_eq!(findings(&json).len(), 2);
    for r in [&table, &json] {
        hidden(r, &["jane", "smith", "riverside"]);
    }
}

#[test]
fn a_missing_private_list_is_a_usage_error_naming_it() {
    let dir = tree(&[("01.toml", &rec("Audit.", ""))]);
    let missing = dir.path().join("no-such-list.txt").display().to_string();
    for (args, env) in [
        (vec!["check", "--forbid", missing.as_str()], vec![]),
        (vec!["check"], vec![("SCT_FORBID", missing.as_str())]),
    ] {
        let [table, json] = both(dir.path(), &args, &env);
        for r in [&table, &json] {
            assert_eq!(r.code, 2, "{}", r.stderr);
            has(
                &r.stderr,
                &format!("sct: error: cannot read the private list of forbidden terms `{missing}`"),
            );
        }
    }
}

#[test]
fn the_bundled_plans_have_no_privacy_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let [table, json] = both(root, &["--plans", "plans", "check"], &[]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(!table.stderr.contains("personal data"));
    has(&table.stdout, "2 reviews");
    assert!(findings(&json).is_empty());
}

#[test]
fn another_problem_on_the_line_does_not_show_the_identifier() {
    // An unknown key whose value holds an NHS number, a name and a date of birth.
    let extra = "dew = \"Jane Smith, NHS 943 476 5919, DOB 12/03/2005\"\n";
    let dir = tree(&[("01.toml", &rec("Audit.", extra))]);
    let list = private_list(dir.path());
    let [table, json] = both(dir.path(), &["check", "--forbid", &list], &[]);
    assert_eq!(table.code, 1);
    has(&table.stderr, "error: unknown key `dew`");
    has(
        &table.stderr,
        "9 | dew = \"**** *****, NHS *** *** ****, DOB **********\"\n",
    );
    assert_eq!(findings(&json).len(), 3);
    for r in [&table, &json] {
        hidden(r, &["Jane", "Smith", "943 476 5919", "12/03/2005"]);
    }
}

#[test]
fn read_commands_refusing_broken_plans_do_not_show_identifiers() {
    let extra = "dew = \"Jane Smith, NHS 943 476 5919, DOB 12/03/2005\"\n";
    let dir = tree(&[("01.toml", &rec("Audit.", extra))]);
    let list = private_list(dir.path());
    for cmd in ["status", "list", "overdue"] {
        let r = run({
            let mut c = sct(dir.path());
            c.env("SCT_FORBID", &list).arg(cmd);
            c
        });
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        has(
            &r.stderr,
            "plans/demo/01.toml:9:1: error: unknown key `dew`",
        );
        has(
            &r.stderr,
            "9 | dew = \"**** *****, NHS *** *** ****, DOB **********\"\n",
        );
        hidden(&r, &["Jane", "Smith", "943 476 5919", "12/03/2005"]);
    }
    // Without the list its terms are not known; the built-in patterns still are.
    let r = run({
        let mut c = sct(dir.path());
        c.env_remove("SCT_FORBID").arg("status");
        c
    });
    has(
        &r.stderr,
        "9 | dew = \"Jane Smith, NHS *** *** ****, DOB **********\"\n",
    );
    // A list named but unreadable: no excerpt at all, rather than one that may leak.
    let r = run({
        let mut c = sct(dir.path());
        c.env("SCT_FORBID", dir.path().join("gone.txt"))
            .arg("status");
        c
    });
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(&r.stderr, "cannot read the private list of forbidden terms");
    has(
        &r.stderr,
        "plans/demo/01.toml:9:1: error: unknown key `dew`",
    );
    assert!(!r.stderr.contains("9 | "), "{}", r.stderr);
    hidden(&r, &["Jane", "943 476 5919", "12/03/2005"]);
}

#[test]
fn a_commit_read_with_at_is_scanned_too() {
    let g = common::git::GitPlans::demo();
    let path = "plans/demo-2012/01.toml";
    let clean = g.read(path);
    g.write(path, &format!("{clean}# NHS 943 476 5919\n"));
    g.commit_all("2012-02-01", "Add a note");
    // The working tree is clean again; the commit is not.
    g.write(path, &clean);
    let now = g.sct_today(&["check"]);
    assert_eq!(now.code, 0, "{}", now.stderr);
    let line = clean.lines().count() + 1;
    for format in ["table", "json"] {
        let r = g.sct_today(&["--at", "HEAD", "--format", format, "check"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        if format == "table" {
            has(
                &r.stderr,
                &format!("{path}:{line}:7: error: personal data: an NHS number (ending …19)"),
            );
            has(&r.stderr, &format!("{line} | # NHS *** *** ****\n"));
        } else {
            assert_eq!(findings(&r).len(), 1);
        }
        hidden(&r, &["943 476 5919"]);
    }
}
